//! Meetings: writing a whole meeting, reading it back, listing meetings.

use super::edit::{Conversion, NewOriginal};
use super::{blobs, enum_parse, enum_str, Context, Store, StoreError};
use crate::domain::{
    Action, AgendaItem, Approval, Attendance, Committee, Council, Declaration, Exemption, ItemKind,
    Late, Meeting, MeetingId, MeetingKind, MeetingStatus, Membership, Minutes, OriginalFile,
    Paragraph, Person, Report, Role,
};
use crate::numbering::{first_numbers, NumberingInput};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) const DATETIME: &str = "%Y-%m-%dT%H:%M";

/// One line of the meetings list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingSummary {
    /// Database id.
    pub id: MeetingId,
    /// Committee name.
    pub committee: String,
    /// Meeting date.
    pub date: NaiveDate,
    /// Start time.
    pub time: NaiveTime,
    /// Venue.
    pub venue: String,
    /// Ordinary, extraordinary, annual.
    pub kind: MeetingKind,
    /// Where the meeting is in its cycle.
    pub status: MeetingStatus,
    /// First item number (None when the agenda is empty or the meeting is cancelled).
    pub first_item: Option<u32>,
    /// Last item number (None when the agenda is empty or the meeting is cancelled).
    pub last_item: Option<u32>,
    /// Whether the meeting was cancelled (it takes no numbers).
    pub cancelled: bool,
}

/// A meeting read back from the store, with everything needed to print it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedMeeting {
    /// Database id.
    pub id: MeetingId,
    /// The council.
    pub council: Council,
    /// The committee, with its members as of the meeting's date, in the
    /// papers' order.
    pub committee: Committee,
    /// Every person the meeting mentions (members, attendees, officers), by key order.
    pub people: Vec<Person>,
    /// The meeting. Reports carry their stored file name, hash, pages and size.
    pub meeting: Meeting,
    /// The number of the first item (computed when not fixed).
    pub first_number: u32,
    /// When the agenda was published, if it has been.
    pub published_on: Option<NaiveDate>,
}

impl LoadedMeeting {
    /// The person with `key`.
    pub fn person(&self, key: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.key == key)
    }

    /// The number of the item at `index`.
    pub fn number_of(&self, index: usize) -> u32 {
        self.first_number + index as u32
    }

    /// The number of the item with `key`.
    pub fn number_of_key(&self, key: &str) -> Option<u32> {
        self.meeting.item(key).map(|(i, _)| self.number_of(i))
    }

    /// The last item number, if there are items.
    pub fn last_number(&self) -> Option<u32> {
        (!self.meeting.items.is_empty())
            .then(|| self.first_number + self.meeting.items.len() as u32 - 1)
    }
}

/// Everything needed to write a new meeting.
#[derive(Debug, Clone, Copy)]
pub struct NewMeeting<'a> {
    /// The council (created if the database has none; otherwise the database's is kept).
    pub council: &'a Council,
    /// People the meeting mentions; those whose key is unknown are added,
    /// known ones are left as they are.
    pub people: &'a [Person],
    /// The committee; created if no committee has that name, else kept as stored.
    pub committee: &'a Committee,
    /// The meeting.
    pub meeting: &'a Meeting,
    /// Content of each report, indexed `[item][report]`.
    pub report_data: &'a [Vec<Vec<u8>>],
    /// Each report's file as received when its PDF was made from it, indexed
    /// like `report_data` (missing entries mean none).
    pub originals: &'a [Vec<Option<NewOriginal>>],
    /// Conversions made while reading the meeting, remembered with it.
    pub conversions: &'a [Conversion],
}

pub(crate) fn person_id(tx: &Transaction<'_>, key: &str) -> Result<i64, StoreError> {
    tx.query_row("SELECT id FROM person WHERE key = ?1", [key], |r| r.get(0))
        .optional()
        .context("looking up a person")?
        .ok_or_else(|| StoreError::Invalid(format!("no person with key \"{key}\"")))
}

fn opt_person_id(tx: &Transaction<'_>, key: Option<&String>) -> Result<Option<i64>, StoreError> {
    key.map(|k| person_id(tx, k)).transpose()
}

impl Store {
    /// Writes a whole meeting (committee, people and reports as needed) in
    /// one transaction and returns its id.
    pub fn insert_meeting(&mut self, new: NewMeeting<'_>) -> Result<MeetingId, StoreError> {
        let tx = self
            .conn_mut()
            .transaction()
            .context("starting a transaction")?;
        tx.execute(
            "INSERT OR IGNORE INTO council (id, name) VALUES (1, ?1)",
            [&new.council.name],
        )
        .context("recording the council")?;
        for p in new.people {
            super::council::insert_person(&tx, p, "INSERT OR IGNORE")
                .context("recording a person")?;
        }
        let committee_id = insert_committee(&tx, new.committee)?;
        let m = new.meeting;
        let starts_at = m.starts_at.format(DATETIME).to_string();
        refuse_duplicate(&tx, committee_id, &new.committee.name, m.starts_at)?;
        let minutes = m.minutes.as_ref();
        let approval = minutes.and_then(|mi| mi.approval.as_ref());
        tx.execute(
            "INSERT INTO meeting (committee_id, starts_at, venue, contact_officer, kind, status,
                first_number, has_minutes, closed_at, approved_on, approved_by, signed_sha256, cancelled)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                committee_id,
                starts_at,
                m.venue,
                opt_person_id(&tx, m.contact_officer.as_ref())?,
                enum_str(&m.kind),
                // Written as draft so the lock triggers let the items in; the
                // real status is set last.
                enum_str(&MeetingStatus::Draft),
                m.first_number,
                minutes.is_some(),
                minutes
                    .and_then(|mi| mi.closed_at)
                    .map(|t| t.format("%H:%M").to_string()),
                approval.map(|a| a.approved_on.to_string()),
                approval.map(|a| a.chair.clone()),
                approval.and_then(|a| a.signed_sha256.clone()),
                m.cancelled,
            ],
        )
        .context("recording the meeting")?;
        let meeting_id = tx.last_insert_rowid();
        let mut item_ids = BTreeMap::new();
        for (pos, item) in m.items.iter().enumerate() {
            let id = insert_item(&tx, meeting_id, pos, item)?;
            item_ids.insert(item.key.clone(), id);
            for (rpos, report) in item.reports.iter().enumerate() {
                let data = new
                    .report_data
                    .get(pos)
                    .and_then(|r| r.get(rpos))
                    .ok_or_else(|| {
                        StoreError::Invalid(format!("no content for report \"{}\"", report.file))
                    })?;
                let sha = blobs::put(&tx, data)?;
                let file_name = file_name_of(&report.file);
                let original = new
                    .originals
                    .get(pos)
                    .and_then(|o| o.get(rpos))
                    .and_then(Option::as_ref);
                let original_sha = original.map(|o| blobs::put(&tx, &o.bytes)).transpose()?;
                tx.execute(
                    "INSERT INTO report (item_id, position, title, file_name, sha256, pages, bytes,
                        original_sha256, original_file_name, intake_note)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        id,
                        rpos as i64,
                        report.title,
                        file_name,
                        sha,
                        report.pages,
                        data.len() as i64,
                        original_sha,
                        original.map(|o| file_name_of(&o.file_name)),
                        original.map(|o| &o.note),
                    ],
                )
                .context("recording a report")?;
            }
        }
        for conversion in new.conversions {
            blobs::record_conversion(&tx, conversion)?;
        }
        if let Some(mi) = minutes {
            insert_minutes(&tx, meeting_id, mi, &item_ids)?;
        }
        tx.execute(
            "UPDATE meeting SET status = ?1 WHERE id = ?2",
            params![enum_str(&m.status), meeting_id],
        )
        .context("recording the meeting's status")?;
        tx.commit().context("committing the meeting")?;
        Ok(MeetingId(meeting_id))
    }

    /// Every meeting, soonest first by date, with computed item numbers.
    pub fn meetings(&self) -> Result<Vec<MeetingSummary>, StoreError> {
        let mut out = Vec::new();
        let committees: Vec<(i64, String)> = {
            let mut st = self
                .conn()
                .prepare("SELECT id, name FROM committee ORDER BY name")
                .context("listing committees")?;
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .context("listing committees")?;
            rows.collect::<Result<_, _>>()
                .context("listing committees")?
        };
        for (cid, name) in committees {
            let committee = self.committee_by_id(cid)?;
            let rows = self.numbering_rows(cid)?;
            let firsts = numbered(&committee, &rows);
            for (row, first) in rows.into_iter().zip(firsts) {
                let count = row.input.item_count;
                let first = first.filter(|_| count > 0);
                out.push(MeetingSummary {
                    id: row.id,
                    committee: name.clone(),
                    date: row.starts_at.date(),
                    time: row.starts_at.time(),
                    venue: row.venue,
                    kind: row.input.kind,
                    status: row.status,
                    first_item: first,
                    last_item: first.map(|f| f + count - 1),
                    cancelled: row.cancelled,
                });
            }
        }
        out.sort_by(|a, b| (a.date, a.time, &a.committee).cmp(&(b.date, b.time, &b.committee)));
        Ok(out)
    }

    /// Reads a whole meeting.
    pub fn load_meeting(&self, id: MeetingId) -> Result<LoadedMeeting, StoreError> {
        let conn = self.conn();
        let row = conn
            .query_row(
                "SELECT committee_id, starts_at, venue, (SELECT key FROM person WHERE id = contact_officer),
                        kind, status, first_number, has_minutes, closed_at, approved_on, approved_by, signed_sha256,
                        published_on, cancelled
                 FROM meeting WHERE id = ?1",
                [id.0],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, Option<u32>>(6)?,
                        r.get::<_, bool>(7)?,
                        r.get::<_, Option<String>>(8)?,
                        r.get::<_, Option<String>>(9)?,
                        r.get::<_, Option<String>>(10)?,
                        r.get::<_, Option<String>>(11)?,
                        r.get::<_, Option<String>>(12)?,
                        r.get::<_, bool>(13)?,
                    ))
                },
            )
            .optional()
            .context("reading a meeting")?
            .ok_or(StoreError::NoSuchMeeting(id))?;
        let (
            cid,
            starts_at,
            venue,
            contact,
            kind,
            status,
            first_number,
            has_minutes,
            closed_at,
            approved_on,
            approved_by,
            signed,
            published_on,
            cancelled,
        ) = row;
        let council = Council {
            name: conn
                .query_row("SELECT name FROM council WHERE id = 1", [], |r| r.get(0))
                .optional()
                .context("reading the council")?
                .unwrap_or_default(),
        };
        let starts_at = parse_datetime(&starts_at)?;
        let mut committee = self.committee_by_id(cid)?;
        committee.members = committee.members_on(starts_at.date());
        let items = self.items_of(id)?;
        let minutes = if has_minutes {
            Some(Minutes {
                attendance: self.attendance_of(id)?,
                declarations: self.declarations_of(id)?,
                actions: self.actions_of(id)?,
                closed_at: closed_at.map(|t| parse_time(&t)).transpose()?,
                approval: match (approved_on, approved_by) {
                    (Some(on), Some(chair)) => Some(Approval {
                        approved_on: parse_date(&on)?,
                        chair,
                        signed_sha256: signed,
                    }),
                    _ => None,
                },
            })
        } else {
            None
        };
        let meeting = Meeting {
            starts_at,
            venue,
            contact_officer: contact,
            kind: enum_parse(&kind, "meeting kind")?,
            status: enum_parse(&status, "meeting status")?,
            first_number,
            items,
            minutes,
            cancelled,
        };
        let numbering = self.numbering_rows(cid)?;
        let firsts = numbered(&committee, &numbering);
        let computed_first = numbering
            .iter()
            .zip(firsts)
            .find(|(r, _)| r.id == id)
            .and_then(|(_, f)| f)
            .or(meeting.first_number)
            .unwrap_or(1);
        let people = self.people_for(&committee, &meeting)?;
        Ok(LoadedMeeting {
            id,
            council,
            committee,
            people,
            meeting,
            first_number: computed_first,
            published_on: published_on.map(|d| parse_date(&d)).transpose()?,
        })
    }

    pub(crate) fn committee_by_id(&self, id: i64) -> Result<Committee, StoreError> {
        let conn = self.conn();
        let (mut committee, template) = conn
            .query_row(
                "SELECT name, short_name, executive, year_start_month, year_start_day, quorum, default_venue,
                        (SELECT key FROM person WHERE id = contact_officer), apologies_item, archived, template
                 FROM committee WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        Committee {
                            name: r.get(0)?,
                            short_name: r.get(1)?,
                            executive: r.get(2)?,
                            year_start: (r.get(3)?, r.get(4)?),
                            quorum: r.get(5)?,
                            default_venue: r.get(6)?,
                            contact_officer: r.get(7)?,
                            apologies_item: r.get(8)?,
                            members: vec![],
                            template: None,
                            archived: r.get(9)?,
                        },
                        r.get::<_, Option<String>>(10)?,
                    ))
                },
            )
            .context("reading a committee")?;
        committee.template = template
            .map(|t| {
                serde_json::from_str(&t).map_err(|e| {
                    StoreError::Invalid(format!("template of {}: {e}", committee.name))
                })
            })
            .transpose()?;
        let mut st = conn
            .prepare(
                "SELECT p.key, m.role, m.from_date, m.to_date, p.name FROM membership m
                 JOIN person p ON p.id = m.person_id
                 WHERE m.committee_id = ?1 ORDER BY m.id",
            )
            .context("reading members")?;
        let rows = st
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .context("reading members")?;
        let mut members = Vec::new();
        for row in rows {
            let (person, role, from, to, name) = row.context("reading members")?;
            members.push((
                name,
                Membership {
                    person,
                    role: enum_parse(&role, "role")?,
                    from: from.map(|d| parse_date(&d)).transpose()?,
                    to: to.map(|d| parse_date(&d)).transpose()?,
                },
            ));
        }
        members.sort_by(|(a_name, a), (b_name, b)| papers_order(a_name, a, b_name, b));
        committee.members = members.into_iter().map(|(_, m)| m).collect();
        Ok(committee)
    }

    fn numbering_rows(&self, committee_id: i64) -> Result<Vec<NumberingRow>, StoreError> {
        let mut st = self
            .conn()
            .prepare(
                "SELECT id, starts_at, venue, kind, status, first_number,
                        (SELECT count(*) FROM item WHERE meeting_id = meeting.id), cancelled
                 FROM meeting WHERE committee_id = ?1 ORDER BY starts_at, id",
            )
            .context("reading meetings")?;
        let rows = st
            .query_map([committee_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<u32>>(5)?,
                    r.get::<_, u32>(6)?,
                    r.get::<_, bool>(7)?,
                ))
            })
            .context("reading meetings")?;
        let mut out = Vec::new();
        for row in rows {
            let (id, starts, venue, kind, status, first, count, cancelled) =
                row.context("reading meetings")?;
            let starts_at = parse_datetime(&starts)?;
            out.push(NumberingRow {
                id: MeetingId(id),
                starts_at,
                venue,
                status: enum_parse(&status, "meeting status")?,
                cancelled,
                input: NumberingInput {
                    date: starts_at.date(),
                    kind: enum_parse(&kind, "meeting kind")?,
                    explicit_first: first,
                    item_count: count,
                },
            });
        }
        Ok(out)
    }

    fn items_of(&self, id: MeetingId) -> Result<Vec<AgendaItem>, StoreError> {
        let conn = self.conn();
        let mut st = conn
            .prepare(
                "SELECT id, key, title, private_title, purpose, kind, description, sub_items,
                        exempt_paragraphs, late_reason, counterpart, minute
                 FROM item WHERE meeting_id = ?1 ORDER BY position",
            )
            .context("reading items")?;
        let rows = st.query_map([id.0], item_row).context("reading items")?;
        let mut items = Vec::new();
        for row in rows {
            let (item_id, mut item, kind, sub_items, paragraphs) = row.context("reading items")?;
            item.kind = enum_parse::<ItemKind>(&kind, "item kind")?;
            item.sub_items = serde_json::from_str(&sub_items).map_err(|e| {
                StoreError::Invalid(format!("sub-items of item \"{}\": {e}", item.key))
            })?;
            item.exemption = paragraphs
                .map(|p| {
                    serde_json::from_str::<Vec<Paragraph>>(&p)
                        .map(|paragraphs| Exemption { paragraphs })
                        .map_err(|e| {
                            StoreError::Invalid(format!("paragraphs of item \"{}\": {e}", item.key))
                        })
                })
                .transpose()?;
            item.reports = self.reports_of(item_id)?;
            items.push(item);
        }
        Ok(items)
    }

    fn reports_of(&self, item_id: i64) -> Result<Vec<Report>, StoreError> {
        let mut st = self
            .conn()
            .prepare(
                "SELECT title, file_name, sha256, pages, bytes,
                        original_sha256, original_file_name, intake_note
                 FROM report WHERE item_id = ?1 ORDER BY position",
            )
            .context("reading reports")?;
        let rows = st
            .query_map([item_id], |r| {
                let original_sha256: Option<String> = r.get(5)?;
                Ok(Report {
                    title: r.get(0)?,
                    file: r.get(1)?,
                    sha256: Some(r.get(2)?),
                    pages: r.get(3)?,
                    bytes: Some(r.get::<_, i64>(4)? as u64),
                    original: match original_sha256 {
                        Some(sha256) => Some(OriginalFile {
                            file_name: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                            sha256,
                            note: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                        }),
                        None => None,
                    },
                })
            })
            .context("reading reports")?;
        rows.collect::<Result<_, _>>().context("reading reports")
    }

    fn attendance_of(&self, id: MeetingId) -> Result<Vec<Attendance>, StoreError> {
        let mut st = self
            .conn()
            .prepare(
                "SELECT p.key, a.presence, (SELECT key FROM person WHERE id = a.substitute_for), a.capacity
                 FROM attendance a JOIN person p ON p.id = a.person_id
                 WHERE a.meeting_id = ?1 ORDER BY a.position",
            )
            .context("reading attendance")?;
        let rows = st
            .query_map([id.0], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                ))
            })
            .context("reading attendance")?;
        let mut out = Vec::new();
        for row in rows {
            let (person, presence, substitute_for, capacity) = row.context("reading attendance")?;
            out.push(Attendance {
                person,
                presence: enum_parse(&presence, "presence")?,
                substitute_for,
                capacity,
            });
        }
        Ok(out)
    }

    fn declarations_of(&self, id: MeetingId) -> Result<Vec<Declaration>, StoreError> {
        let mut st = self
            .conn()
            .prepare(
                "SELECT p.key, i.key, d.interest, d.note FROM declaration d
                 JOIN person p ON p.id = d.person_id JOIN item i ON i.id = d.item_id
                 WHERE d.meeting_id = ?1 ORDER BY d.position",
            )
            .context("reading declarations")?;
        let rows = st
            .query_map([id.0], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .context("reading declarations")?;
        let mut out = Vec::new();
        for row in rows {
            let (person, item, interest, note) = row.context("reading declarations")?;
            out.push(Declaration {
                person,
                item,
                interest: enum_parse(&interest, "interest")?,
                note,
            });
        }
        Ok(out)
    }

    fn actions_of(&self, id: MeetingId) -> Result<Vec<Action>, StoreError> {
        let mut st = self
            .conn()
            .prepare(
                "SELECT i.key, a.text, a.owner, a.due, a.status FROM action a JOIN item i ON i.id = a.item_id
                 WHERE a.meeting_id = ?1 ORDER BY a.position",
            )
            .context("reading actions")?;
        let rows = st
            .query_map([id.0], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .context("reading actions")?;
        let mut out = Vec::new();
        for row in rows {
            let (item, text, owner, due, status) = row.context("reading actions")?;
            out.push(Action {
                item,
                text,
                owner,
                due: due.map(|d| parse_date(&d)).transpose()?,
                status: enum_parse(&status, "action status")?,
            });
        }
        Ok(out)
    }

    /// The people a meeting's papers mention, sorted by key.
    fn people_for(
        &self,
        committee: &Committee,
        meeting: &Meeting,
    ) -> Result<Vec<Person>, StoreError> {
        let mut keys: BTreeSet<&str> = committee
            .members
            .iter()
            .map(|m| m.person.as_str())
            .collect();
        keys.extend(committee.contact_officer.as_deref());
        keys.extend(meeting.contact_officer.as_deref());
        if let Some(mi) = &meeting.minutes {
            for a in &mi.attendance {
                keys.insert(&a.person);
                keys.extend(a.substitute_for.as_deref());
            }
            keys.extend(mi.declarations.iter().map(|d| d.person.as_str()));
        }
        let mut st = self
            .conn()
            .prepare(&format!(
                "SELECT {PERSON_COLUMNS} FROM person WHERE key = ?1"
            ))
            .context("reading people")?;
        let mut out = Vec::new();
        for key in keys {
            let row = st.query_row([key], person_row).context("reading people")?;
            out.push(person_from_row(row)?);
        }
        Ok(out)
    }
}

/// The columns [`person_row`] reads, in its order.
pub(crate) const PERSON_COLUMNS: &str =
    "key, kind, name, job_title, service_area, email, phone, political_group, retired_on";

pub(crate) type PersonRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Reads the [`PERSON_COLUMNS`] of a row.
pub(crate) fn person_row(r: &Row<'_>) -> rusqlite::Result<PersonRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
    ))
}

/// Makes a [`Person`] of a [`person_row`].
pub(crate) fn person_from_row(p: PersonRow) -> Result<Person, StoreError> {
    Ok(Person {
        key: p.0,
        kind: enum_parse(&p.1, "person kind")?,
        name: p.2,
        job_title: p.3,
        service_area: p.4,
        email: p.5,
        phone: p.6,
        political_group: p.7,
        retired_on: p.8.map(|d| parse_date(&d)).transpose()?,
    })
}

struct NumberingRow {
    id: MeetingId,
    starts_at: NaiveDateTime,
    venue: String,
    status: MeetingStatus,
    cancelled: bool,
    input: NumberingInput,
}

/// First item numbers of a committee's meetings (in date order); a
/// cancelled meeting takes none, and the numbering runs on past it as if it
/// did not exist.
fn numbered(committee: &Committee, rows: &[NumberingRow]) -> Vec<Option<u32>> {
    let held: Vec<NumberingInput> = rows
        .iter()
        .filter(|r| !r.cancelled)
        .map(|r| r.input)
        .collect();
    let mut firsts = first_numbers(committee, &held).into_iter();
    rows.iter()
        .map(|r| if r.cancelled { None } else { firsts.next() })
        .collect()
}

/// The order the papers list a committee: chair, deputy chair, members,
/// substitutes, co-opted members (voting, then non-voting); within a role
/// by surname, then full name, then the start of the membership.
pub(crate) fn papers_order(
    a_name: &str,
    a: &Membership,
    b_name: &str,
    b: &Membership,
) -> std::cmp::Ordering {
    let surname = |n: &str| n.split_whitespace().last().unwrap_or(n).to_lowercase();
    let rank = |r: Role| match r {
        Role::Chair => 0,
        Role::ViceChair => 1,
        Role::Member => 2,
        Role::Substitute => 3,
        Role::CoOptedVoting => 4,
        Role::CoOptedNonVoting => 5,
    };
    let key = |name: &str, m: &Membership| {
        (
            rank(m.role),
            surname(name),
            name.to_lowercase(),
            m.from,
            m.person.clone(),
        )
    };
    key(a_name, a).cmp(&key(b_name, b))
}

type ItemRow = (i64, AgendaItem, String, String, Option<String>);

fn item_row(r: &Row<'_>) -> rusqlite::Result<ItemRow> {
    let late: Option<String> = r.get(9)?;
    Ok((
        r.get(0)?,
        AgendaItem {
            key: r.get(1)?,
            title: r.get(2)?,
            private_title: r.get(3)?,
            purpose: r.get(4)?,
            kind: ItemKind::Substantive,
            description: r.get(6)?,
            sub_items: vec![],
            reports: vec![],
            exemption: None,
            late: late.map(|reason| Late { reason }),
            counterpart: r.get(10)?,
            minute: r.get(11)?,
        },
        r.get(5)?,
        r.get(7)?,
        r.get(8)?,
    ))
}

pub(crate) fn insert_committee(tx: &Transaction<'_>, c: &Committee) -> Result<i64, StoreError> {
    if let Some(id) = tx
        .query_row("SELECT id FROM committee WHERE name = ?1", [&c.name], |r| {
            r.get::<_, i64>(0)
        })
        .optional()
        .context("looking up the committee")?
    {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO committee (name, short_name, executive, year_start_month, year_start_day, quorum,
            default_venue, contact_officer, apologies_item, archived, template)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            c.name,
            c.short_name,
            c.executive,
            c.year_start.0,
            c.year_start.1,
            c.quorum,
            c.default_venue,
            opt_person_id(tx, c.contact_officer.as_ref())?,
            c.apologies_item,
            c.archived,
            c.template
                .as_ref()
                .map(|t| serde_json::to_string(t).unwrap_or_else(|_| "[]".into())),
        ],
    )
    .context("recording the committee")?;
    let id = tx.last_insert_rowid();
    for m in &c.members {
        insert_membership(tx, id, person_id(tx, &m.person)?, m)?;
    }
    Ok(id)
}

/// Writes one membership of committee `committee_id`.
pub(crate) fn insert_membership(
    tx: &Transaction<'_>,
    committee_id: i64,
    person_id: i64,
    m: &Membership,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO membership (committee_id, person_id, role, from_date, to_date)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            committee_id,
            person_id,
            enum_str(&m.role),
            m.from.map(|d| d.to_string()),
            m.to.map(|d| d.to_string())
        ],
    )
    .context("recording a member")?;
    Ok(())
}

pub(crate) fn insert_item(
    tx: &Transaction<'_>,
    meeting_id: i64,
    pos: usize,
    item: &AgendaItem,
) -> Result<i64, StoreError> {
    let paragraphs = item
        .exemption
        .as_ref()
        .map(|e| serde_json::to_string(&e.paragraphs).unwrap_or_else(|_| "[]".into()));
    tx.execute(
        "INSERT INTO item (meeting_id, position, key, title, private_title, purpose, kind, description,
            sub_items, exempt_paragraphs, late_reason, counterpart, minute)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            meeting_id,
            pos as i64,
            item.key,
            item.title,
            item.private_title,
            item.purpose,
            enum_str(&item.kind),
            item.description,
            serde_json::to_string(&item.sub_items).unwrap_or_else(|_| "[]".into()),
            paragraphs,
            item.late.as_ref().map(|l| l.reason.clone()),
            item.counterpart,
            item.minute,
        ],
    )
    .context("recording an item")?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn insert_minutes(
    tx: &Transaction<'_>,
    meeting_id: i64,
    mi: &Minutes,
    item_ids: &BTreeMap<String, i64>,
) -> Result<(), StoreError> {
    let item_id = |key: &str| {
        item_ids.get(key).copied().ok_or_else(|| {
            StoreError::Invalid(format!("no item with key \"{key}\" in this meeting"))
        })
    };
    for (pos, a) in mi.attendance.iter().enumerate() {
        tx.execute(
            "INSERT INTO attendance (meeting_id, person_id, position, presence, substitute_for, capacity)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                meeting_id,
                person_id(tx, &a.person)?,
                pos as i64,
                enum_str(&a.presence),
                opt_person_id(tx, a.substitute_for.as_ref())?,
                a.capacity
            ],
        )
        .context("recording attendance")?;
    }
    for (pos, d) in mi.declarations.iter().enumerate() {
        tx.execute(
            "INSERT INTO declaration (meeting_id, position, person_id, item_id, interest, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                meeting_id,
                pos as i64,
                person_id(tx, &d.person)?,
                item_id(&d.item)?,
                enum_str(&d.interest),
                d.note
            ],
        )
        .context("recording a declaration")?;
    }
    for (pos, a) in mi.actions.iter().enumerate() {
        tx.execute(
            "INSERT INTO action (meeting_id, position, item_id, text, owner, due, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                meeting_id,
                pos as i64,
                item_id(&a.item)?,
                a.text,
                a.owner,
                a.due.map(|d| d.to_string()),
                enum_str(&a.status)
            ],
        )
        .context("recording an action")?;
    }
    Ok(())
}

fn file_name_of(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

pub(crate) fn parse_datetime(s: &str) -> Result<NaiveDateTime, StoreError> {
    NaiveDateTime::parse_from_str(s, DATETIME)
        .map_err(|e| StoreError::Invalid(format!("date-time \"{s}\": {e}")))
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, StoreError> {
    s.parse()
        .map_err(|e| StoreError::Invalid(format!("date \"{s}\": {e}")))
}

fn parse_time(s: &str) -> Result<NaiveTime, StoreError> {
    NaiveTime::parse_from_str(s, "%H:%M")
        .map_err(|e| StoreError::Invalid(format!("time \"{s}\": {e}")))
}

impl Store {
    /// The meeting of `committee` starting at `starts_at`, if there is one.
    pub fn find_meeting(
        &self,
        committee: &str,
        starts_at: NaiveDateTime,
    ) -> Result<Option<MeetingId>, StoreError> {
        self.conn()
            .query_row(
                "SELECT m.id FROM meeting m JOIN committee c ON c.id = m.committee_id
                 WHERE c.name = ?1 AND m.starts_at = ?2",
                params![committee, starts_at.format(DATETIME).to_string()],
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map(|o| o.map(MeetingId))
            .context("looking up a meeting")
    }
}

/// Checks the meeting exists.
pub(crate) fn meeting_row_id(tx: &Transaction<'_>, meeting: MeetingId) -> Result<i64, StoreError> {
    tx.query_row("SELECT id FROM meeting WHERE id = ?1", [meeting.0], |r| {
        r.get(0)
    })
    .optional()
    .context("looking up the meeting")?
    .ok_or(StoreError::NoSuchMeeting(meeting))
}

/// The row id of the item with `key` in `meeting`.
pub(crate) fn item_row_id(
    tx: &Transaction<'_>,
    meeting: MeetingId,
    key: &str,
) -> Result<i64, StoreError> {
    meeting_row_id(tx, meeting)?;
    tx.query_row(
        "SELECT id FROM item WHERE meeting_id = ?1 AND key = ?2",
        params![meeting.0, key],
        |r| r.get(0),
    )
    .optional()
    .context("looking up an item")?
    .ok_or_else(|| StoreError::Refused(format!("meeting {meeting} has no item \"{key}\"")))
}

impl Store {
    /// Every committee, by name, with every membership and its dates.
    pub fn committees(&self) -> Result<Vec<Committee>, StoreError> {
        let ids: Vec<i64> = {
            let mut st = self
                .conn()
                .prepare("SELECT id FROM committee ORDER BY name")
                .context("listing committees")?;
            let rows = st
                .query_map([], |r| r.get(0))
                .context("listing committees")?;
            rows.collect::<Result<_, _>>()
                .context("listing committees")?
        };
        ids.into_iter().map(|id| self.committee_by_id(id)).collect()
    }

    /// Whether a committee with this name exists.
    pub fn has_committee(&self, name: &str) -> Result<bool, StoreError> {
        self.conn()
            .query_row(
                "SELECT count(*) FROM committee WHERE name = ?1",
                [name],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .context("looking up a committee")
    }
}

/// Refuses a second meeting of the same committee at the same time.
pub(crate) fn refuse_duplicate(
    tx: &Transaction<'_>,
    committee_id: i64,
    committee: &str,
    starts_at: NaiveDateTime,
) -> Result<(), StoreError> {
    let existing = tx
        .query_row(
            "SELECT id, status IN ('minutes-approved', 'signed') FROM meeting WHERE committee_id = ?1 AND starts_at = ?2",
            params![committee_id, starts_at.format(DATETIME).to_string()],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)),
        )
        .optional()
        .context("checking for the same meeting")?;
    match existing {
        // A second copy of a meeting whose minutes are approved is refused as the lock.
        Some((existing, true)) => Err(StoreError::Locked {
            context: format!(
                "add a second copy of meeting {existing} ({committee}, {})",
                starts_at.format("%Y-%m-%d %H:%M")
            ),
        }),
        Some((existing, false)) => Err(StoreError::DuplicateMeeting {
            committee: committee.to_string(),
            starts_at: starts_at.format("%Y-%m-%d %H:%M").to_string(),
            existing: MeetingId(existing),
        }),
        None => Ok(()),
    }
}
