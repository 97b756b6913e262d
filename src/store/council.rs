//! A council sets itself up: the people directory, committees with their
//! settings, dated memberships and standard-items template, and changes to
//! a meeting's arrangements (reschedule, cancel, delete a draft and undo).
//!
//! Each write is one transaction; every refusal names the person,
//! committee or meeting and why, and changes nothing.

use super::meetings::{
    insert_item, insert_membership, insert_minutes, parse_date, parse_datetime, person_from_row,
    person_row, refuse_duplicate, DATETIME, PERSON_COLUMNS,
};
use super::{enum_str, Context, Store, StoreError};
use crate::domain::{
    long_date, short_time, Committee, Meeting, MeetingId, MeetingStatus, Membership, Person,
    PersonKind, Role, TemplateItem,
};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What [`Store::people`] lists: a search-as-you-type filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleFilter {
    /// Words typed so far; each must appear (case-insensitive) in the name,
    /// key, job title, service area, e-mail or political group. Empty: all.
    pub text: String,
    /// Only people of this kind.
    pub kind: Option<PersonKind>,
    /// Also list people who have retired.
    pub include_retired: bool,
    /// At most this many (the best matches first).
    pub limit: Option<usize>,
}

/// A change to a meeting's arrangements for [`Store::reschedule_meeting`];
/// what is `None` stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reschedule {
    /// New date.
    pub date: Option<NaiveDate>,
    /// New start time.
    pub time: Option<NaiveTime>,
    /// New venue.
    pub venue: Option<String>,
}

/// What [`Store::reschedule_meeting`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rescheduled {
    /// When the meeting was to start.
    pub was: NaiveDateTime,
    /// When it starts now.
    pub now: NaiveDateTime,
    /// Where it is held now.
    pub venue: String,
    /// Whether the agenda had been published, and so is to be published
    /// again (the meeting is a draft again, its numbers follow).
    pub republish: bool,
}

/// A draft meeting deleted by [`Store::delete_draft_meeting`], kept so
/// that [`Store::restore_meeting`] can put it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeletedMeeting {
    /// The id it had, and has again when restored.
    pub id: MeetingId,
    /// Committee name.
    pub committee: String,
    /// When it was to start.
    pub starts_at: NaiveDateTime,
}

impl Store {
    /// Runs one council-level write (people, committees) as one transaction.
    fn edit_council<T>(
        &mut self,
        what: &str,
        edit: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self
            .conn_mut()
            .transaction()
            .context("starting a transaction")?;
        let value = edit(&tx)?;
        tx.commit().context(what)?;
        Ok(value)
    }

    // ----- People -----

    /// People matching `filter`, best matches first: those with a word of
    /// their name starting with a word typed, then by surname and name.
    pub fn people(&self, filter: &PeopleFilter) -> Result<Vec<Person>, StoreError> {
        let mut st = self
            .conn()
            .prepare(&format!("SELECT {PERSON_COLUMNS} FROM person ORDER BY id"))
            .context("listing people")?;
        let rows = st.query_map([], person_row).context("listing people")?;
        let words: Vec<String> = filter
            .text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let mut found = Vec::new();
        for row in rows {
            let p = person_from_row(row.context("listing people")?)?;
            if filter.kind.is_some_and(|k| k != p.kind) {
                continue;
            }
            if p.retired_on.is_some() && !filter.include_retired {
                continue;
            }
            let haystack = [
                Some(p.name.as_str()),
                Some(p.key.as_str()),
                p.job_title.as_deref(),
                p.service_area.as_deref(),
                p.email.as_deref(),
                p.political_group.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
            if !words.iter().all(|w| haystack.contains(w.as_str())) {
                continue;
            }
            let name_words: Vec<String> =
                p.name.split_whitespace().map(str::to_lowercase).collect();
            let prefix = words
                .iter()
                .any(|w| name_words.iter().any(|n| n.starts_with(w.as_str())));
            found.push((
                !prefix,
                p.surname().to_lowercase(),
                p.name.to_lowercase(),
                p,
            ));
        }
        found.sort_by(|a, b| (a.0, &a.1, &a.2, &a.3.key).cmp(&(b.0, &b.1, &b.2, &b.3.key)));
        let mut people: Vec<Person> = found.into_iter().map(|f| f.3).collect();
        if let Some(limit) = filter.limit {
            people.truncate(limit);
        }
        Ok(people)
    }

    /// The person with `key`.
    pub fn person(&self, key: &str) -> Result<Person, StoreError> {
        let row = self
            .conn()
            .query_row(
                &format!("SELECT {PERSON_COLUMNS} FROM person WHERE key = ?1"),
                [key],
                person_row,
            )
            .optional()
            .context("reading a person")?
            .ok_or_else(|| no_such_person(key))?;
        person_from_row(row)
    }

    /// Adds a person to the directory. Refused when the key is taken or
    /// the key or name is empty.
    pub fn add_person(&mut self, person: &Person) -> Result<(), StoreError> {
        let p = tidy_person(person)?;
        self.edit_council("adding a person", |tx| {
            if let Some(existing) = find_person(tx, &p.key)? {
                return Err(StoreError::Refused(format!(
                    "cannot add {} with key \"{}\": the key is already used by {}",
                    p.display_name(),
                    p.key,
                    existing.display_name()
                )));
            }
            insert_person(tx, &p, "INSERT").context(&format!("add {}", p.display_name()))?;
            Ok(())
        })
    }

    /// Changes a person's details (kind, name, job title, service area,
    /// e-mail, phone, political group, retirement) to those of `person`.
    /// The key stays (papers and meeting files name people by it). Old
    /// papers print the new name. Setting `retired_on` retires them as
    /// [`Store::retire_person`] does.
    pub fn update_person(&mut self, key: &str, person: &Person) -> Result<(), StoreError> {
        let p = tidy_person(&Person {
            key: key.to_string(),
            ..person.clone()
        })?;
        self.edit_council("changing a person", |tx| {
            let existing = find_person(tx, key)?.ok_or_else(|| no_such_person(key))?;
            if p.kind == PersonKind::Officer && existing.kind != PersonKind::Officer {
                let on = memberships_of(tx, key)?;
                if let Some((committee, m)) = on.first() {
                    return Err(StoreError::Refused(format!(
                        "cannot make {} an officer: they are {} of {committee} {}; officers are not members of committees",
                        existing.display_name(),
                        m.role.label(),
                        spell(m)
                    )));
                }
            }
            tx.execute(
                "UPDATE person SET kind = ?1, name = ?2, job_title = ?3, service_area = ?4, email = ?5,
                    phone = ?6, political_group = ?7 WHERE key = ?8",
                params![
                    enum_str(&p.kind),
                    p.name,
                    p.job_title,
                    p.service_area,
                    p.email,
                    p.phone,
                    p.political_group,
                    key
                ],
            )
            .context(&format!("change {}", existing.display_name()))?;
            if p.retired_on != existing.retired_on {
                retire_tx(tx, &existing, p.retired_on)?;
            }
            Ok(())
        })
    }

    /// Retires a person on `on` (they left the council, stood down, moved
    /// on): their memberships end that day and they are offered for nothing
    /// new, but stay in every paper of their time. `None` reinstates them
    /// (their memberships stay ended). Refused when a membership of theirs
    /// starts after `on`.
    pub fn retire_person(&mut self, key: &str, on: Option<NaiveDate>) -> Result<(), StoreError> {
        self.edit_council("retiring a person", |tx| {
            let p = find_person(tx, key)?.ok_or_else(|| no_such_person(key))?;
            retire_tx(tx, &p, on)
        })
    }

    /// Where a person is named: memberships, contact officer of a committee
    /// or meeting, attendance, declarations. Plain English, one line each.
    pub fn person_references(&self, key: &str) -> Result<Vec<String>, StoreError> {
        let tx = self.conn().unchecked_transaction().context("reading")?;
        references(&tx, key)
    }

    /// Deletes a person named nowhere (a mistake made when adding them) and
    /// returns them, so the caller can undo with [`Store::add_person`]. A
    /// person named in any membership, committee, meeting or minutes is
    /// refused, naming where: retire them instead.
    pub fn delete_person(&mut self, key: &str) -> Result<Person, StoreError> {
        self.edit_council("deleting a person", |tx| {
            let p = find_person(tx, key)?.ok_or_else(|| no_such_person(key))?;
            let refs = references(tx, key)?;
            if !refs.is_empty() {
                return Err(StoreError::Refused(format!(
                    "cannot delete {} ({key}): they are named in {}; retire them instead, so the papers that name them stay as they are",
                    p.display_name(),
                    refs.join("; ")
                )));
            }
            tx.execute("DELETE FROM person WHERE key = ?1", [key])
                .context(&format!("delete {}", p.display_name()))?;
            Ok(p)
        })
    }

    // ----- Committees -----

    /// The committee named `name` (or with that short name), with every
    /// membership and its dates, in the papers' order.
    pub fn committee(&self, name: &str) -> Result<Committee, StoreError> {
        let tx = self.conn().unchecked_transaction().context("reading")?;
        let (id, _) = committee_row(&tx, name)?;
        drop(tx);
        self.committee_by_id(id)
    }

    /// Every committee, by name, with its members as of `date` (archived
    /// committees included, marked).
    pub fn committees_on(&self, date: NaiveDate) -> Result<Vec<Committee>, StoreError> {
        Ok(self
            .committees()?
            .into_iter()
            .map(|mut c| {
                c.members = c.members_on(date);
                c
            })
            .collect())
    }

    /// Creates a committee with the settings of `c`, its memberships (if
    /// any) and its template (if set). Refused when the name is taken.
    pub fn add_committee(&mut self, c: &Committee) -> Result<(), StoreError> {
        let c = tidy_committee(c)?;
        self.edit_council("adding a committee", |tx| {
            refuse_taken_name(tx, &c, None)?;
            if let Some(t) = &c.template {
                check_template(&c.name, t)?;
            }
            let contact = contact_id(tx, &c)?;
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
                    contact,
                    c.apologies_item,
                    c.archived,
                    c.template.as_deref().map(template_json),
                ],
            )
            .context(&format!("add {}", c.name))?;
            for m in &c.members {
                add_membership_tx(tx, &c.name, m)?;
            }
            Ok(())
        })
    }

    /// Changes the settings of the committee `name` to those of `c`: name,
    /// short name, executive, municipal-year start, quorum, usual venue,
    /// contact officer, apologies item, archived. Its memberships and
    /// template stay as they are (see [`Store::add_membership`],
    /// [`Store::set_template`]); its meetings keep their own venue.
    pub fn update_committee(&mut self, name: &str, c: &Committee) -> Result<(), StoreError> {
        let c = tidy_committee(c)?;
        self.edit_council("changing a committee", |tx| {
            let (id, current) = committee_row(tx, name)?;
            refuse_taken_name(tx, &c, Some(id))?;
            let contact = contact_id(tx, &c)?;
            tx.execute(
                "UPDATE committee SET name = ?1, short_name = ?2, executive = ?3, year_start_month = ?4,
                    year_start_day = ?5, quorum = ?6, default_venue = ?7, contact_officer = ?8,
                    apologies_item = ?9, archived = ?10 WHERE id = ?11",
                params![
                    c.name,
                    c.short_name,
                    c.executive,
                    c.year_start.0,
                    c.year_start.1,
                    c.quorum,
                    c.default_venue,
                    contact,
                    c.apologies_item,
                    c.archived,
                    id
                ],
            )
            .context(&format!("change {current}"))?;
            Ok(())
        })
    }

    /// Archives the committee (kept with its meetings and papers, offered
    /// for no new meeting), or with `false` brings it back.
    pub fn archive_committee(&mut self, name: &str, archived: bool) -> Result<(), StoreError> {
        self.edit_council("archiving a committee", |tx| {
            let (id, current) = committee_row(tx, name)?;
            tx.execute(
                "UPDATE committee SET archived = ?1 WHERE id = ?2",
                params![archived, id],
            )
            .context(&format!("archive {current}"))?;
            Ok(())
        })
    }

    /// The standard items new meetings of the committee start with: its own
    /// template, or the default one.
    pub fn template(&self, committee: &str) -> Result<Vec<TemplateItem>, StoreError> {
        Ok(self
            .committee(committee)?
            .template
            .unwrap_or_else(crate::cycle::default_template))
    }

    /// Replaces the committee's template (`None`: back to the default).
    /// Only meetings created afterwards follow it. Refused when an item has
    /// no key or title, or two items share a key.
    pub fn set_template(
        &mut self,
        committee: &str,
        template: Option<&[TemplateItem]>,
    ) -> Result<(), StoreError> {
        self.edit_council("changing the standard items", |tx| {
            let (id, name) = committee_row(tx, committee)?;
            let template: Option<Vec<TemplateItem>> = template.map(|t| {
                t.iter()
                    .map(|i| TemplateItem {
                        key: i.key.trim().to_string(),
                        title: i.title.trim().to_string(),
                        ..i.clone()
                    })
                    .collect()
            });
            if let Some(t) = &template {
                check_template(&name, t)?;
            }
            tx.execute(
                "UPDATE committee SET template = ?1 WHERE id = ?2",
                params![template.as_deref().map(template_json), id],
            )
            .context(&format!("change the standard items of {name}"))?;
            Ok(())
        })
    }

    /// Adds a membership of the committee. Refused when the person is an
    /// officer or has retired before it ends, when they already hold a
    /// membership of the committee on any of its days, when the committee
    /// would have two chairs on the same day, or when it is archived.
    pub fn add_membership(&mut self, committee: &str, m: &Membership) -> Result<(), StoreError> {
        self.edit_council("adding a member", |tx| add_membership_tx(tx, committee, m))
    }

    /// Ends `person`'s membership of the committee that holds on `on`:
    /// `on` becomes its last day. Returns the membership as it is now.
    pub fn end_membership(
        &mut self,
        committee: &str,
        person: &str,
        on: NaiveDate,
    ) -> Result<Membership, StoreError> {
        self.edit_council("ending a membership", |tx| {
            let (cid, name) = committee_row(tx, committee)?;
            let p = find_person(tx, person)?.ok_or_else(|| no_such_person(person))?;
            let spells = memberships_in(tx, cid, person)?;
            let (row, m) = spells.iter().find(|(_, m)| m.holds_on(on)).ok_or_else(|| {
                let others = spells
                    .iter()
                    .map(|(_, m)| format!("{} {}", m.role.label(), spell(m)))
                    .collect::<Vec<_>>();
                StoreError::Refused(format!(
                    "{} is not a member of {name} on {}{}",
                    p.display_name(),
                    long_date(on),
                    if others.is_empty() {
                        String::new()
                    } else {
                        format!(" (their memberships: {})", others.join("; "))
                    }
                ))
            })?;
            refuse_locked_days(
                tx,
                cid,
                &format!(
                    "end the membership of {} of {name} on {}",
                    p.display_name(),
                    long_date(on)
                ),
                on.succ_opt(),
                m.to,
            )?;
            tx.execute(
                "UPDATE membership SET to_date = ?1 WHERE id = ?2",
                params![on.to_string(), row],
            )
            .context(&format!("end the membership of {}", p.display_name()))?;
            Ok(Membership {
                to: Some(on),
                ..m.clone()
            })
        })
    }

    /// Removes a membership entered by mistake (the one with exactly this
    /// person, role and dates). To record that someone left, end it with
    /// [`Store::end_membership`] instead.
    pub fn remove_membership(&mut self, committee: &str, m: &Membership) -> Result<(), StoreError> {
        self.edit_council("removing a membership", |tx| {
            let (cid, name) = committee_row(tx, committee)?;
            let p = find_person(tx, &m.person)?.ok_or_else(|| no_such_person(&m.person))?;
            let row = memberships_in(tx, cid, &m.person)?
                .into_iter()
                .find(|(_, x)| x == m)
                .map(|(row, _)| row)
                .ok_or_else(|| {
                    StoreError::Refused(format!(
                        "{} has no membership of {name} as {} {}",
                        p.display_name(),
                        m.role.label(),
                        spell(m)
                    ))
                })?;
            refuse_locked_days(
                tx,
                cid,
                &format!("remove the membership of {} of {name}", p.display_name()),
                m.from,
                m.to,
            )?;
            tx.execute("DELETE FROM membership WHERE id = ?1", [row])
                .context(&format!("remove the membership of {}", p.display_name()))?;
            Ok(())
        })
    }

    // ----- Meeting changes -----

    /// Moves a meeting to another date, time or venue; its publication
    /// deadline and item numbers follow. A meeting whose agenda has been
    /// published is refused unless `confirm_republish`: then it becomes a
    /// draft again, to be published anew (the packs issued stay on record).
    /// A meeting already held, cancelled or with approved minutes is refused.
    pub fn reschedule_meeting(
        &mut self,
        meeting: MeetingId,
        change: &Reschedule,
        confirm_republish: bool,
    ) -> Result<Rescheduled, StoreError> {
        self.edit(meeting, "rescheduling the meeting", |tx| {
            let m = arrangements(tx, meeting)?;
            let name = m.describe(meeting);
            m.refuse_unless_to_come(meeting, "reschedule")?;
            if m.cancelled {
                return Err(StoreError::Refused(format!(
                    "cannot reschedule {name}: it is cancelled; reinstate it first"
                )));
            }
            let venue = match change.venue.as_deref().map(str::trim) {
                Some("") => {
                    return Err(StoreError::Refused(format!(
                        "cannot reschedule {name}: the venue cannot be empty"
                    )))
                }
                Some(v) => v.to_string(),
                None => m.venue.clone(),
            };
            let now = NaiveDateTime::new(
                change.date.unwrap_or(m.starts_at.date()),
                change.time.unwrap_or(m.starts_at.time()),
            );
            if now == m.starts_at && venue == m.venue {
                return Err(StoreError::Refused(format!(
                    "cannot reschedule {name}: it is already at {} on {} at {venue}; give a new date, time or venue",
                    short_time(m.starts_at.time()),
                    long_date(m.starts_at.date())
                )));
            }
            let published = m.status == MeetingStatus::Published || m.published_on.is_some();
            if published && !confirm_republish {
                return Err(StoreError::Refused(format!(
                    "cannot reschedule {name}: its agenda was published{}, so moving it means publishing the agenda again; confirm the re-publication to go ahead",
                    m.published_on
                        .map(|d| format!(" on {}", long_date(d)))
                        .unwrap_or_default()
                )));
            }
            if now != m.starts_at {
                refuse_duplicate(tx, m.committee_id, &m.committee, now)?;
            }
            tx.execute(
                "UPDATE meeting SET starts_at = ?1, venue = ?2 WHERE id = ?3",
                params![now.format(DATETIME).to_string(), venue, meeting.0],
            )
            .context(&format!("reschedule {name}"))?;
            if published {
                // The number fixed at publication follows again; one set by
                // hand (an imported meeting) stays.
                tx.execute(
                    "UPDATE meeting SET status = 'draft',
                        first_number = CASE WHEN published_on IS NULL THEN first_number ELSE NULL END,
                        published_on = NULL
                     WHERE id = ?1",
                    [meeting.0],
                )
                .context(&format!("reschedule {name}"))?;
            }
            Ok(Rescheduled {
                was: m.starts_at,
                now,
                venue,
                republish: published,
            })
        })
    }

    /// Cancels a meeting that is still to come: it is kept, marked
    /// cancelled, takes no item numbers (the committee's next meeting
    /// numbers on as if it did not exist) and cannot be published.
    pub fn cancel_meeting(&mut self, meeting: MeetingId) -> Result<(), StoreError> {
        self.edit(meeting, "cancelling the meeting", |tx| {
            let m = arrangements(tx, meeting)?;
            let name = m.describe(meeting);
            m.refuse_unless_to_come(meeting, "cancel")?;
            if m.cancelled {
                return Err(StoreError::Refused(format!("{name} is already cancelled")));
            }
            tx.execute(
                "UPDATE meeting SET cancelled = 1 WHERE id = ?1",
                [meeting.0],
            )
            .context(&format!("cancel {name}"))?;
            Ok(())
        })
    }

    /// Undoes [`Store::cancel_meeting`].
    pub fn reinstate_meeting(&mut self, meeting: MeetingId) -> Result<(), StoreError> {
        self.edit(meeting, "reinstating the meeting", |tx| {
            let m = arrangements(tx, meeting)?;
            let name = m.describe(meeting);
            m.refuse_unless_to_come(meeting, "reinstate")?;
            if !m.cancelled {
                return Err(StoreError::Refused(format!("{name} is not cancelled")));
            }
            tx.execute(
                "UPDATE meeting SET cancelled = 0 WHERE id = ?1",
                [meeting.0],
            )
            .context(&format!("reinstate {name}"))?;
            Ok(())
        })
    }

    /// Deletes a draft meeting (never published, nothing issued, no other
    /// meeting's minutes approved at it). It is kept aside so that
    /// [`Store::restore_meeting`] can put it back, items, reports and all.
    pub fn delete_draft_meeting(
        &mut self,
        meeting: MeetingId,
    ) -> Result<DeletedMeeting, StoreError> {
        let loaded = self.load_meeting(meeting)?;
        self.edit(meeting, "deleting the meeting", |tx| {
            let m = arrangements(tx, meeting)?;
            let name = m.describe(meeting);
            m.refuse_unless_to_come(meeting, "delete")?;
            if m.status != MeetingStatus::Draft || m.published_on.is_some() {
                return Err(StoreError::Refused(format!(
                    "cannot delete {name}: only a draft meeting can be deleted, and its agenda has been published; cancel it instead"
                )));
            }
            let issued: i64 = tx
                .query_row(
                    "SELECT count(*) FROM issued WHERE meeting_id = ?1",
                    [meeting.0],
                    |r| r.get(0),
                )
                .context("looking for issued documents")?;
            if issued > 0 {
                return Err(StoreError::Refused(format!(
                    "cannot delete {name}: {issued} document(s) have been issued for it; cancel it instead"
                )));
            }
            let approving: Option<i64> = tx
                .query_row(
                    "SELECT id FROM meeting WHERE approved_at_meeting = ?1 LIMIT 1",
                    [meeting.0],
                    |r| r.get(0),
                )
                .optional()
                .context("looking for approvals")?;
            if let Some(other) = approving {
                return Err(StoreError::Refused(format!(
                    "cannot delete {name}: the minutes of meeting {other} were approved at it"
                )));
            }
            let json = serde_json::to_string(&loaded.meeting)
                .map_err(|e| StoreError::Invalid(format!("{name}: {e}")))?;
            tx.execute(
                "INSERT OR REPLACE INTO deleted_meeting (id, committee_id, starts_at, meeting)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    meeting.0,
                    m.committee_id,
                    m.starts_at.format(DATETIME).to_string(),
                    json
                ],
            )
            .context(&format!("keep {name} for undo"))?;
            tx.execute("DELETE FROM meeting WHERE id = ?1", [meeting.0])
                .context(&format!("delete {name}"))?;
            Ok(DeletedMeeting {
                id: meeting,
                committee: m.committee.clone(),
                starts_at: m.starts_at,
            })
        })
    }

    /// Draft meetings deleted and not yet restored, latest first.
    pub fn deleted_meetings(&self) -> Result<Vec<DeletedMeeting>, StoreError> {
        let mut st = self
            .conn()
            .prepare(
                "SELECT d.id, c.name, d.starts_at FROM deleted_meeting d
                 JOIN committee c ON c.id = d.committee_id ORDER BY d.rowid DESC",
            )
            .context("listing deleted meetings")?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .context("listing deleted meetings")?;
        let mut out = Vec::new();
        for row in rows {
            let (id, committee, at) = row.context("listing deleted meetings")?;
            out.push(DeletedMeeting {
                id: MeetingId(id),
                committee,
                starts_at: parse_datetime(&at)?,
            });
        }
        Ok(out)
    }

    /// Puts back a meeting deleted by [`Store::delete_draft_meeting`], with
    /// the same id, items, reports and minutes. Refused when the committee
    /// has another meeting at that time now.
    pub fn restore_meeting(&mut self, meeting: MeetingId) -> Result<MeetingId, StoreError> {
        self.edit(meeting, "restoring the meeting", |tx| {
            let row: Option<(i64, String, String)> = tx
                .query_row(
                    "SELECT committee_id, (SELECT name FROM committee WHERE id = committee_id), meeting
                     FROM deleted_meeting WHERE id = ?1",
                    [meeting.0],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()
                .context("looking up the deleted meeting")?;
            let (committee_id, committee, json) = row.ok_or_else(|| {
                StoreError::Refused(format!(
                    "no deleted meeting {meeting} to restore (only a deleted draft can be restored)"
                ))
            })?;
            let m: Meeting = serde_json::from_str(&json)
                .map_err(|e| StoreError::Invalid(format!("deleted meeting {meeting}: {e}")))?;
            refuse_duplicate(tx, committee_id, &committee, m.starts_at)?;
            let taken: bool = tx
                .query_row("SELECT count(*) FROM meeting WHERE id = ?1", [meeting.0], |r| {
                    r.get::<_, i64>(0)
                })
                .context("looking up the meeting")?
                > 0;
            let id = if taken { None } else { Some(meeting.0) };
            let contact = m
                .contact_officer
                .as_deref()
                .map(|k| super::meetings::person_id(tx, k))
                .transpose()?;
            tx.execute(
                "INSERT INTO meeting (id, committee_id, starts_at, venue, contact_officer, kind, status,
                    first_number, has_minutes, closed_at, cancelled)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?8, ?9, ?10)",
                params![
                    id,
                    committee_id,
                    m.starts_at.format(DATETIME).to_string(),
                    m.venue,
                    contact,
                    enum_str(&m.kind),
                    m.first_number,
                    m.minutes.is_some(),
                    m.minutes
                        .as_ref()
                        .and_then(|mi| mi.closed_at)
                        .map(|t| t.format("%H:%M").to_string()),
                    m.cancelled,
                ],
            )
            .context(&format!("restore meeting {meeting}"))?;
            let new_id = tx.last_insert_rowid();
            let mut item_ids = BTreeMap::new();
            for (pos, item) in m.items.iter().enumerate() {
                let item_id = insert_item(tx, new_id, pos, item)?;
                item_ids.insert(item.key.clone(), item_id);
                for (rpos, r) in item.reports.iter().enumerate() {
                    tx.execute(
                        "INSERT INTO report (item_id, position, title, file_name, sha256, pages, bytes)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![
                            item_id,
                            rpos as i64,
                            r.title,
                            r.file,
                            r.sha256,
                            r.pages,
                            r.bytes.map(|b| b as i64).unwrap_or(0)
                        ],
                    )
                    .context(&format!("restore the report \"{}\" of item \"{}\"", r.title, item.key))?;
                }
            }
            if let Some(mi) = &m.minutes {
                insert_minutes(tx, new_id, mi, &item_ids)?;
            }
            tx.execute("DELETE FROM deleted_meeting WHERE id = ?1", [meeting.0])
                .context(&format!("restore meeting {meeting}"))?;
            Ok(MeetingId(new_id))
        })
    }
}

fn retire_tx(tx: &Transaction<'_>, p: &Person, on: Option<NaiveDate>) -> Result<(), StoreError> {
    let key = &p.key;
    if let Some(on) = on {
        for (committee, m) in memberships_of(tx, key)? {
            if m.to.is_none_or(|t| t > on) {
                let (cid, _) = committee_row(tx, &committee)?;
                refuse_locked_days(
                    tx,
                    cid,
                    &format!("retire {} on {}", p.display_name(), long_date(on)),
                    on.succ_opt(),
                    m.to,
                )?;
            }
            if m.from.is_some_and(|f| f > on) {
                return Err(StoreError::Refused(format!(
                    "cannot retire {} on {}: they are to be {} of {committee} {}; remove that membership first",
                    p.display_name(),
                    long_date(on),
                    m.role.label(),
                    spell(&m)
                )));
            }
        }
        tx.execute(
            "UPDATE membership SET to_date = ?1
             WHERE person_id = (SELECT id FROM person WHERE key = ?2)
               AND (to_date IS NULL OR to_date > ?1)",
            params![on.to_string(), key],
        )
        .context(&format!("end the memberships of {}", p.display_name()))?;
    }
    tx.execute(
        "UPDATE person SET retired_on = ?1 WHERE key = ?2",
        params![on.map(|d| d.to_string()), key],
    )
    .context(&format!("retire {}", p.display_name()))?;
    Ok(())
}

/// Refuses a change to the membership of a committee on the days from
/// `from` to `to` (inclusive, open when None) when a meeting in them has
/// approved minutes: those minutes list the membership as it was.
fn refuse_locked_days(
    tx: &Transaction<'_>,
    committee_id: i64,
    what: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(), StoreError> {
    let locked: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, starts_at FROM meeting
             WHERE committee_id = ?1 AND status IN ('minutes-approved', 'signed')
               AND (?2 IS NULL OR substr(starts_at, 1, 10) >= ?2)
               AND (?3 IS NULL OR substr(starts_at, 1, 10) <= ?3)
             ORDER BY starts_at LIMIT 1",
            params![
                committee_id,
                from.map(|d| d.to_string()),
                to.map(|d| d.to_string())
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .context("looking for approved minutes")?;
    match locked {
        Some((id, at)) => Err(StoreError::Locked {
            context: format!(
                "{what}: meeting {id} ({}) falls within those dates and its papers list the membership as it was; date the change after that meeting",
                parse_datetime(&at).map(|t| long_date(t.date())).unwrap_or(at)
            ),
        }),
        None => Ok(()),
    }
}

fn no_such_person(key: &str) -> StoreError {
    StoreError::Refused(format!("no person with key \"{key}\""))
}

fn find_person(tx: &Transaction<'_>, key: &str) -> Result<Option<Person>, StoreError> {
    tx.query_row(
        &format!("SELECT {PERSON_COLUMNS} FROM person WHERE key = ?1"),
        [key],
        person_row,
    )
    .optional()
    .context("looking up a person")?
    .map(person_from_row)
    .transpose()
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A person's details trimmed, empty optional fields dropped, key and name
/// checked.
fn tidy_person(p: &Person) -> Result<Person, StoreError> {
    let key = p.key.trim().to_string();
    let name = p.name.trim().to_string();
    if key.is_empty() || key.chars().any(char::is_whitespace) {
        return Err(StoreError::Refused(format!(
            "the key \"{key}\" for {} must be one word without spaces, e.g. \"a-smith\"",
            if name.is_empty() {
                "a person"
            } else {
                name.as_str()
            }
        )));
    }
    if name.is_empty() || name.contains('\n') {
        return Err(StoreError::Refused(format!(
            "the person with key \"{key}\" needs a name on one line, as the papers print it (\"A Smith\")"
        )));
    }
    Ok(Person {
        key,
        kind: p.kind,
        name,
        job_title: trimmed(&p.job_title),
        service_area: trimmed(&p.service_area),
        email: trimmed(&p.email),
        phone: trimmed(&p.phone),
        political_group: trimmed(&p.political_group),
        retired_on: p.retired_on,
    })
}

/// A person's memberships of every committee: (committee name, membership).
fn memberships_of(
    tx: &Transaction<'_>,
    key: &str,
) -> Result<Vec<(String, Membership)>, StoreError> {
    let mut st = tx
        .prepare(
            "SELECT c.name, m.role, m.from_date, m.to_date FROM membership m
             JOIN committee c ON c.id = m.committee_id JOIN person p ON p.id = m.person_id
             WHERE p.key = ?1 ORDER BY c.name, m.from_date, m.id",
        )
        .context("reading memberships")?;
    let rows = st
        .query_map([key], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .context("reading memberships")?;
    let mut out = Vec::new();
    for row in rows {
        let (committee, role, from, to) = row.context("reading memberships")?;
        out.push((committee, membership(key, &role, from, to)?));
    }
    Ok(out)
}

/// A person's memberships of one committee: (row id, membership).
fn memberships_in(
    tx: &Transaction<'_>,
    committee_id: i64,
    key: &str,
) -> Result<Vec<(i64, Membership)>, StoreError> {
    let mut st = tx
        .prepare(
            "SELECT m.id, m.role, m.from_date, m.to_date FROM membership m
             JOIN person p ON p.id = m.person_id
             WHERE m.committee_id = ?1 AND p.key = ?2 ORDER BY m.from_date, m.id",
        )
        .context("reading memberships")?;
    let rows = st
        .query_map(params![committee_id, key], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .context("reading memberships")?;
    let mut out = Vec::new();
    for row in rows {
        let (id, role, from, to) = row.context("reading memberships")?;
        out.push((id, membership(key, &role, from, to)?));
    }
    Ok(out)
}

fn membership(
    key: &str,
    role: &str,
    from: Option<String>,
    to: Option<String>,
) -> Result<Membership, StoreError> {
    Ok(Membership {
        person: key.to_string(),
        role: super::enum_parse(role, "role")?,
        from: from.map(|d| parse_date(&d)).transpose()?,
        to: to.map(|d| parse_date(&d)).transpose()?,
    })
}

/// "from Thursday, 1st May, 2025 to …", "with no end date" …
pub(crate) fn spell(m: &Membership) -> String {
    match (m.from, m.to) {
        (None, None) => "with no end date".to_string(),
        (Some(f), None) => format!("from {} with no end date", long_date(f)),
        (None, Some(t)) => format!("until {}", long_date(t)),
        (Some(f), Some(t)) => format!("from {} to {}", long_date(f), long_date(t)),
    }
}

/// Where a person is named, one plain-English line each.
fn references(tx: &Transaction<'_>, key: &str) -> Result<Vec<String>, StoreError> {
    let mut out: Vec<String> = memberships_of(tx, key)?
        .into_iter()
        .map(|(c, m)| format!("the membership of {c} ({}, {})", m.role.label(), spell(&m)))
        .collect();
    let mut lines = |sql: &str, what: &dyn Fn(String) -> String| -> Result<(), StoreError> {
        let mut st = tx
            .prepare(sql)
            .context("looking up where a person is named")?;
        let rows = st
            .query_map([key], |r| r.get::<_, String>(0))
            .context("looking up where a person is named")?;
        let mut seen = BTreeSet::new();
        for row in rows {
            let line = what(row.context("looking up where a person is named")?);
            if seen.insert(line.clone()) {
                out.push(line);
            }
        }
        Ok(())
    };
    lines(
        "SELECT c.name FROM committee c JOIN person p ON p.id = c.contact_officer WHERE p.key = ?1 ORDER BY c.name",
        &|c| format!("{c} (its contact officer)"),
    )?;
    let meeting =
        "'meeting ' || m.id || ' of ' || c.name || ' (' || substr(m.starts_at, 1, 10) || ')'";
    lines(
        &format!(
            "SELECT {meeting} FROM meeting m JOIN committee c ON c.id = m.committee_id
             JOIN person p ON p.id = m.contact_officer WHERE p.key = ?1 ORDER BY m.starts_at"
        ),
        &|m| format!("{m} (its contact officer)"),
    )?;
    lines(
        &format!(
            "SELECT {meeting} FROM attendance a JOIN meeting m ON m.id = a.meeting_id
             JOIN committee c ON c.id = m.committee_id
             JOIN person p ON p.id = a.person_id OR p.id = a.substitute_for
             WHERE p.key = ?1 ORDER BY m.starts_at"
        ),
        &|m| format!("the attendance of {m}"),
    )?;
    lines(
        &format!(
            "SELECT {meeting} FROM declaration d JOIN meeting m ON m.id = d.meeting_id
             JOIN committee c ON c.id = m.committee_id
             JOIN person p ON p.id = d.person_id WHERE p.key = ?1 ORDER BY m.starts_at"
        ),
        &|m| format!("a declaration of interest at {m}"),
    )?;
    Ok(out)
}

/// The committee named `name` or with that short name: (row id, name).
fn committee_row(tx: &Transaction<'_>, name: &str) -> Result<(i64, String), StoreError> {
    let found: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, name FROM committee WHERE name = ?1
             UNION ALL SELECT id, name FROM committee WHERE short_name = ?1 AND name != ?1 LIMIT 1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .context("looking up the committee")?;
    if let Some(found) = found {
        return Ok(found);
    }
    let mut st = tx
        .prepare("SELECT name FROM committee ORDER BY name")
        .context("listing committees")?;
    let known: Vec<String> = st
        .query_map([], |r| r.get::<_, String>(0))
        .context("listing committees")?
        .collect::<Result<_, _>>()
        .context("listing committees")?;
    Err(StoreError::Refused(if known.is_empty() {
        format!("no committee named \"{name}\" (there are no committees yet)")
    } else {
        format!(
            "no committee named \"{name}\" (known: {})",
            known
                .iter()
                .map(|k| format!("\"{k}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }))
}

/// A committee's settings trimmed and checked.
fn tidy_committee(c: &Committee) -> Result<Committee, StoreError> {
    let name = c.name.trim().to_string();
    if name.is_empty() || name.contains('\n') {
        return Err(StoreError::Refused(
            "a committee needs a name on one line (\"Planning Committee\")".into(),
        ));
    }
    let (month, day) = c.year_start;
    if NaiveDate::from_ymd_opt(2001, month, day).is_none() {
        return Err(StoreError::Refused(format!(
            "{name}: the municipal year cannot start on day {day} of month {month}; give a date such as 05-01 (1 May)"
        )));
    }
    if c.quorum == Some(0) {
        return Err(StoreError::Refused(format!(
            "{name}: a quorum must be at least 1 member"
        )));
    }
    Ok(Committee {
        name,
        short_name: trimmed(&c.short_name),
        default_venue: trimmed(&c.default_venue),
        contact_officer: trimmed(&c.contact_officer),
        ..c.clone()
    })
}

/// Refuses a name or short name that another committee already goes by.
fn refuse_taken_name(
    tx: &Transaction<'_>,
    c: &Committee,
    except: Option<i64>,
) -> Result<(), StoreError> {
    let mut names = vec![c.name.clone()];
    names.extend(c.short_name.clone());
    for n in names {
        let other: Option<String> = tx
            .query_row(
                "SELECT name FROM committee WHERE (name = ?1 OR short_name = ?1) AND id IS NOT ?2 LIMIT 1",
                params![n, except],
                |r| r.get(0),
            )
            .optional()
            .context("looking up committees")?;
        if let Some(other) = other {
            return Err(StoreError::Refused(if other == n {
                format!("a committee named \"{n}\" already exists")
            } else {
                format!("\"{n}\" is already the short name of {other}")
            }));
        }
    }
    Ok(())
}

/// The row id of the committee's contact officer, checked.
fn contact_id(tx: &Transaction<'_>, c: &Committee) -> Result<Option<i64>, StoreError> {
    let Some(key) = &c.contact_officer else {
        return Ok(None);
    };
    let p = find_person(tx, key)?.ok_or_else(|| {
        StoreError::Refused(format!(
            "{}: the contact officer \"{key}\" is not in the people directory; add them first",
            c.name
        ))
    })?;
    if let Some(on) = p.retired_on {
        return Err(StoreError::Refused(format!(
            "{}: {} retired on {} and cannot be its contact officer",
            c.name,
            p.display_name(),
            long_date(on)
        )));
    }
    super::meetings::person_id(tx, key).map(Some)
}

fn template_json(t: &[TemplateItem]) -> String {
    serde_json::to_string(t).unwrap_or_else(|_| "[]".into())
}

fn check_template(committee: &str, t: &[TemplateItem]) -> Result<(), StoreError> {
    let mut keys = BTreeSet::new();
    for (i, item) in t.iter().enumerate() {
        let n = i + 1;
        if item.key.is_empty() || item.key.chars().any(char::is_whitespace) {
            return Err(StoreError::Refused(format!(
                "the standard items of {committee}: item {n} (\"{}\") needs a key of one word without spaces",
                item.title
            )));
        }
        if item.title.is_empty() {
            return Err(StoreError::Refused(format!(
                "the standard items of {committee}: item {n} (\"{}\") needs a title",
                item.key
            )));
        }
        if !keys.insert(item.key.as_str()) {
            return Err(StoreError::Refused(format!(
                "the standard items of {committee}: the key \"{}\" is used by two items",
                item.key
            )));
        }
    }
    Ok(())
}

fn add_membership_tx(
    tx: &Transaction<'_>,
    committee: &str,
    m: &Membership,
) -> Result<(), StoreError> {
    let (cid, name) = committee_row(tx, committee)?;
    let archived: bool = tx
        .query_row("SELECT archived FROM committee WHERE id = ?1", [cid], |r| {
            r.get(0)
        })
        .context("looking up the committee")?;
    let p = find_person(tx, &m.person)?.ok_or_else(|| no_such_person(&m.person))?;
    let who = p.display_name();
    let role = m.role.label();
    if archived {
        return Err(StoreError::Refused(format!(
            "cannot add {who} to {name}: the committee is archived"
        )));
    }
    if let (Some(f), Some(t)) = (m.from, m.to) {
        if f > t {
            return Err(StoreError::Refused(format!(
                "cannot add {who} to {name}: the membership would end ({}) before it starts ({})",
                long_date(t),
                long_date(f)
            )));
        }
    }
    if p.kind == PersonKind::Officer {
        return Err(StoreError::Refused(format!(
            "cannot add {who} to {name} as {role}: {} is an officer, and officers are not members of committees",
            p.name
        )));
    }
    if let Some(r) = p.retired_on {
        if m.to.is_none_or(|t| t > r) {
            return Err(StoreError::Refused(format!(
                "cannot add {who} to {name} as {role} {}: they retired on {}",
                spell(m),
                long_date(r)
            )));
        }
    }
    for (_, other) in memberships_in(tx, cid, &m.person)? {
        if other.overlaps(m) {
            return Err(StoreError::Refused(format!(
                "cannot add {who} to {name} as {role} {}: they are already {} {}; end that membership first",
                spell(m),
                other.role.label(),
                spell(&other)
            )));
        }
    }
    if m.role == Role::Chair {
        let chairs = chairs_of(tx, cid)?;
        if let Some(other) = chairs.iter().find(|c| c.overlaps(m)) {
            let other_name = find_person(tx, &other.person)?
                .map(|o| o.display_name())
                .unwrap_or_else(|| other.person.clone());
            return Err(StoreError::Refused(format!(
                "cannot make {who} Chair of {name} {}: {other_name} is Chair {}; end that membership first",
                spell(m),
                spell(other)
            )));
        }
    }
    refuse_locked_days(
        tx,
        cid,
        &format!("add {who} to {name} as {role} {}", spell(m)),
        m.from,
        m.to,
    )?;
    insert_membership(tx, cid, super::meetings::person_id(tx, &m.person)?, m)
}

/// The chairs of a committee, all dates.
fn chairs_of(tx: &Transaction<'_>, committee_id: i64) -> Result<Vec<Membership>, StoreError> {
    let mut st = tx
        .prepare(
            "SELECT p.key, m.role, m.from_date, m.to_date FROM membership m
             JOIN person p ON p.id = m.person_id WHERE m.committee_id = ?1 AND m.role = 'chair'",
        )
        .context("reading the chairs")?;
    let rows = st
        .query_map([committee_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .context("reading the chairs")?;
    let mut out = Vec::new();
    for row in rows {
        let (key, role, from, to) = row.context("reading the chairs")?;
        out.push(membership(&key, &role, from, to)?);
    }
    Ok(out)
}

/// A meeting's arrangements, read inside a transaction.
struct Arrangements {
    committee_id: i64,
    committee: String,
    starts_at: NaiveDateTime,
    venue: String,
    status: MeetingStatus,
    published_on: Option<NaiveDate>,
    cancelled: bool,
}

impl Arrangements {
    /// "meeting 3 of Planning Committee (Thursday, 16th January, 2025)".
    fn describe(&self, id: MeetingId) -> String {
        format!(
            "meeting {id} of {} ({})",
            self.committee,
            long_date(self.starts_at.date())
        )
    }

    /// Refuses a change to a meeting that has been held (as the lock when
    /// its minutes are approved).
    fn refuse_unless_to_come(&self, id: MeetingId, verb: &str) -> Result<(), StoreError> {
        let name = self.describe(id);
        match self.status {
            MeetingStatus::MinutesApproved | MeetingStatus::Signed => Err(StoreError::Locked {
                context: format!("{verb} {name} (it is {})", self.status),
            }),
            MeetingStatus::Held | MeetingStatus::MinutesDrafted => {
                Err(StoreError::Refused(format!(
                    "cannot {verb} {name}: it has been held (it is {})",
                    self.status
                )))
            }
            MeetingStatus::Draft | MeetingStatus::Published => Ok(()),
        }
    }
}

fn arrangements(tx: &Transaction<'_>, meeting: MeetingId) -> Result<Arrangements, StoreError> {
    type Row = (i64, String, String, String, String, Option<String>, bool);
    let row: Option<Row> = tx
        .query_row(
            "SELECT m.committee_id, c.name, m.starts_at, m.venue, m.status, m.published_on, m.cancelled
             FROM meeting m JOIN committee c ON c.id = m.committee_id WHERE m.id = ?1",
            [meeting.0],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .optional()
        .context("looking up the meeting")?;
    let (committee_id, committee, starts_at, venue, status, published_on, cancelled) =
        row.ok_or(StoreError::NoSuchMeeting(meeting))?;
    Ok(Arrangements {
        committee_id,
        committee,
        starts_at: parse_datetime(&starts_at)?,
        venue,
        status: super::enum_parse(&status, "meeting status")?,
        published_on: published_on.map(|d| parse_date(&d)).transpose()?,
        cancelled,
    })
}

/// Writes one person's row; `verb` is "INSERT" or "INSERT OR IGNORE" (an
/// import keeps a person already in the directory as they are).
pub(super) fn insert_person(
    tx: &Transaction<'_>,
    p: &Person,
    verb: &str,
) -> rusqlite::Result<usize> {
    tx.execute(
        &format!(
            "{verb} INTO person (key, kind, name, job_title, service_area, email, phone,
                political_group, retired_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        ),
        params![
            p.key,
            enum_str(&p.kind),
            p.name,
            p.job_title,
            p.service_area,
            p.email,
            p.phone,
            p.political_group,
            p.retired_on.map(|d| d.to_string())
        ],
    )
}
