//! Write paths for a clerk's edits. Each method is one transaction; a
//! meeting whose minutes are approved refuses them all (the lock triggers).

use super::meetings::{insert_item, item_row_id, meeting_row_id, person_id, refuse_duplicate};
use super::{blobs, enum_str, Context, Store, StoreError};
use crate::domain::{
    Action, ActionStatus, AgendaItem, Attendance, Declaration, MeetingId, MeetingKind,
    MeetingStatus,
};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, OptionalExtension};

/// A report ready to be stored (already inspected by the intake).
#[derive(Debug, Clone)]
pub struct NewReport<'a> {
    /// Title for lists and bookmarks.
    pub title: &'a str,
    /// Original file name.
    pub file_name: &'a str,
    /// The content to store.
    pub bytes: &'a [u8],
    /// Page count.
    pub pages: u32,
}

/// A document issued for a meeting (a pack, the minutes), kept as issued.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issued {
    /// "public-pack", "private-pack", "supplementary-pack", "agenda", "minutes", "signed-minutes".
    pub kind: String,
    /// When.
    pub issued_on: NaiveDate,
    /// File name it was written under.
    pub file_name: String,
    /// SHA-256 of the content.
    pub sha256: String,
    /// Pages.
    pub pages: u32,
    /// Size in bytes.
    pub bytes: u64,
}

impl Store {
    /// Runs one clerk's edit of `meeting` as one transaction: committed (with
    /// `what` in a failure's message) when `edit` succeeds, rolled back
    /// otherwise; a lock refusal names the meeting.
    pub(super) fn edit<T>(
        &mut self,
        meeting: MeetingId,
        what: &str,
        edit: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let done = (|| {
            let tx = self
                .conn_mut()
                .transaction()
                .context("starting a transaction")?;
            let value = edit(&tx)?;
            tx.commit().context(what)?;
            Ok(value)
        })();
        naming_the_meeting(meeting, done)
    }

    /// Creates an empty meeting of the committee named `committee` with the
    /// given items, in one transaction.
    pub fn create_meeting(
        &mut self,
        committee: &str,
        starts_at: NaiveDateTime,
        venue: &str,
        kind: MeetingKind,
        items: &[AgendaItem],
    ) -> Result<MeetingId, StoreError> {
        let tx = self
            .conn_mut()
            .transaction()
            .context("starting a transaction")?;
        let (cid, contact): (i64, Option<i64>) = tx
            .query_row(
                "SELECT id, contact_officer FROM committee WHERE name = ?1",
                [committee],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .context("looking up the committee")?
            .ok_or_else(|| StoreError::Refused(format!("no committee named \"{committee}\"")))?;
        refuse_duplicate(&tx, cid, committee, starts_at)?;
        let at = starts_at.format(super::meetings::DATETIME).to_string();
        tx.execute(
            "INSERT INTO meeting (committee_id, starts_at, venue, contact_officer, kind, status)
             VALUES (?1, ?2, ?3, ?4, ?5, 'draft')",
            params![cid, at, venue, contact, enum_str(&kind)],
        )
        .context("creating the meeting")?;
        let id = tx.last_insert_rowid();
        for (pos, item) in items.iter().enumerate() {
            insert_item(&tx, id, pos, item)?;
        }
        tx.commit().context("creating the meeting")?;
        Ok(MeetingId(id))
    }

    /// Adds an item at `at` (0-based; the end when None). Reports in `item`
    /// are ignored: attach them with [`Store::attach_report`].
    pub fn add_item(
        &mut self,
        meeting: MeetingId,
        item: &AgendaItem,
        at: Option<usize>,
    ) -> Result<(), StoreError> {
        self.edit(meeting, "adding an item", |tx| {
            meeting_row_id(tx, meeting)?;
            let count: usize = tx
                .query_row(
                    "SELECT count(*) FROM item WHERE meeting_id = ?1",
                    [meeting.0],
                    |r| r.get::<_, i64>(0),
                )
                .context("counting items")? as usize;
            let at = at.unwrap_or(count).min(count);
            tx.execute(
                "UPDATE item SET position = position + 1 WHERE meeting_id = ?1 AND position >= ?2",
                params![meeting.0, at as i64],
            )
            .context("adding an item")?;
            insert_item(
                tx,
                meeting.0,
                at,
                &AgendaItem {
                    reports: vec![],
                    ..item.clone()
                },
            )
            .map_err(|e| match e {
                StoreError::Sqlite { source, .. } if source.to_string().contains("UNIQUE") => {
                    StoreError::Refused(format!(
                        "the meeting already has an item with key \"{}\"",
                        item.key
                    ))
                }
                other => other,
            })?;
            Ok(())
        })
    }

    /// Replaces an item's text fields (title, private title, purpose, kind,
    /// description, sub-items, exemption, late reason, counterpart, minute).
    /// Its key, position and reports stay.
    pub fn update_item(
        &mut self,
        meeting: MeetingId,
        key: &str,
        item: &AgendaItem,
    ) -> Result<(), StoreError> {
        self.edit(meeting, "changing an item", |tx| {
            let id = item_row_id(tx, meeting, key)?;
            let paragraphs = item
                .exemption
                .as_ref()
                .map(|e| serde_json::to_string(&e.paragraphs).unwrap_or_else(|_| "[]".into()));
            tx.execute(
            "UPDATE item SET title = ?1, private_title = ?2, purpose = ?3, kind = ?4, description = ?5,
                sub_items = ?6, exempt_paragraphs = ?7, late_reason = ?8, counterpart = ?9, minute = ?10
             WHERE id = ?11",
            params![
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
                id
            ],
        )
        .context(&format!("change item \"{key}\""))?;
            Ok(())
        })
    }

    /// Sets (or clears) the minute text of one item.
    pub fn set_minute(
        &mut self,
        meeting: MeetingId,
        key: &str,
        text: Option<&str>,
    ) -> Result<(), StoreError> {
        self.edit(meeting, "writing a minute", |tx| {
            let id = item_row_id(tx, meeting, key)?;
            tx.execute(
                "UPDATE item SET minute = ?1 WHERE id = ?2",
                params![text, id],
            )
            .context(&format!("write the minute of item \"{key}\""))?;
            mark_has_minutes(tx, meeting, "write the minutes")?;
            Ok(())
        })
    }

    /// Moves an item to position `to` (0-based); numbers follow.
    pub fn move_item(
        &mut self,
        meeting: MeetingId,
        key: &str,
        to: usize,
    ) -> Result<(), StoreError> {
        self.edit(meeting, "moving an item", |tx| {
            let id = item_row_id(tx, meeting, key)?;
            let mut ids: Vec<i64> = {
                let mut st = tx
                    .prepare("SELECT id FROM item WHERE meeting_id = ?1 ORDER BY position")
                    .context("reading items")?;
                let rows = st
                    .query_map([meeting.0], |r| r.get(0))
                    .context("reading items")?;
                rows.collect::<Result<_, _>>().context("reading items")?
            };
            ids.retain(|&i| i != id);
            ids.insert(to.min(ids.len()), id);
            for (pos, i) in ids.iter().enumerate() {
                tx.execute(
                    "UPDATE item SET position = ?1 WHERE id = ?2 AND position != ?1",
                    params![pos as i64, i],
                )
                .context(&format!("move item \"{key}\""))?;
            }
            Ok(())
        })
    }

    /// Deletes an item with its reports; returns it (with reports' hashes) so
    /// the caller can offer to undo.
    pub fn delete_item(
        &mut self,
        meeting: MeetingId,
        key: &str,
    ) -> Result<(usize, AgendaItem), StoreError> {
        let done = (|| -> Result<(usize, AgendaItem), StoreError> {
            let loaded = self.load_meeting(meeting)?;
            let (index, item) = loaded
                .meeting
                .item(key)
                .map(|(i, it)| (i, it.clone()))
                .ok_or_else(|| {
                    StoreError::Refused(format!("meeting {meeting} has no item \"{key}\""))
                })?;
            let tx = self
                .conn_mut()
                .transaction()
                .context("starting a transaction")?;
            let id = item_row_id(&tx, meeting, key)?;
            tx.execute("DELETE FROM item WHERE id = ?1", [id])
                .context(&format!("delete item \"{key}\""))?;
            tx.execute(
                "UPDATE item SET position = position - 1 WHERE meeting_id = ?1 AND position > ?2",
                params![meeting.0, index as i64],
            )
            .context("renumbering items")?;
            tx.commit().context("deleting an item")?;
            Ok((index, item))
        })();
        naming_the_meeting(meeting, done)
    }

    /// Puts back an item removed by [`Store::delete_item`], reports included.
    pub fn restore_item(
        &mut self,
        meeting: MeetingId,
        index: usize,
        item: &AgendaItem,
    ) -> Result<(), StoreError> {
        let done = (|| -> Result<(), StoreError> {
            let mut data = Vec::new();
            for r in &item.reports {
                let sha = r.sha256.clone().unwrap_or_default();
                data.push((r, self.read_blob(&sha, &r.title, &item.key)?));
            }
            self.add_item(meeting, item, Some(index))?;
            for (r, bytes) in data {
                self.attach_report(
                    meeting,
                    &item.key,
                    NewReport {
                        title: &r.title,
                        file_name: &r.file,
                        bytes: &bytes,
                        pages: r.pages.unwrap_or(0),
                    },
                )?;
            }
            Ok(())
        })();
        naming_the_meeting(meeting, done)
    }

    /// Attaches a report to an item (after its other reports).
    pub fn attach_report(
        &mut self,
        meeting: MeetingId,
        key: &str,
        report: NewReport<'_>,
    ) -> Result<(), StoreError> {
        self.edit(meeting, "attaching a report", |tx| {
            let id = item_row_id(tx, meeting, key)?;
            let sha = blobs::put(tx, report.bytes)?;
            tx.execute(
            "INSERT INTO report (item_id, position, title, file_name, sha256, pages, bytes)
             VALUES (?1, (SELECT coalesce(max(position) + 1, 0) FROM report WHERE item_id = ?1), ?2, ?3, ?4, ?5, ?6)",
            params![id, report.title, report.file_name, sha, report.pages, report.bytes.len() as i64],
        )
        .context(&format!("attach {} to item \"{key}\"", report.file_name))?;
            Ok(())
        })
    }

    /// Removes the report at `index` (0-based) from an item.
    pub fn remove_report(
        &mut self,
        meeting: MeetingId,
        key: &str,
        index: usize,
    ) -> Result<(), StoreError> {
        self.edit(meeting, "removing a report", |tx| {
            let id = item_row_id(tx, meeting, key)?;
            let n = tx
            .execute(
                "DELETE FROM report WHERE id = (SELECT id FROM report WHERE item_id = ?1 ORDER BY position LIMIT 1 OFFSET ?2)",
                params![id, index as i64],
            )
            .context(&format!("remove a report from item \"{key}\""))?;
            if n == 0 {
                return Err(StoreError::Refused(format!(
                    "item \"{key}\" has no report number {}",
                    index + 1
                )));
            }
            Ok(())
        })
    }

    /// Replaces the attendance record.
    pub fn set_attendance(
        &mut self,
        meeting: MeetingId,
        attendance: &[Attendance],
    ) -> Result<(), StoreError> {
        self.edit(meeting, "recording attendance", |tx| {
            meeting_row_id(tx, meeting)?;
            tx.execute("DELETE FROM attendance WHERE meeting_id = ?1", [meeting.0])
                .context("change the attendance")?;
            for (pos, a) in attendance.iter().enumerate() {
                let sub = a
                    .substitute_for
                    .as_deref()
                    .map(|k| person_id(tx, k))
                    .transpose()?;
                tx.execute(
                "INSERT INTO attendance (meeting_id, person_id, position, presence, substitute_for, capacity)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![meeting.0, person_id(tx, &a.person)?, pos as i64, enum_str(&a.presence), sub, a.capacity],
            )
            .context("change the attendance")?;
            }
            mark_has_minutes(tx, meeting, "change the attendance")?;
            Ok(())
        })
    }

    /// Adds a declaration of interest.
    pub fn add_declaration(
        &mut self,
        meeting: MeetingId,
        d: &Declaration,
    ) -> Result<(), StoreError> {
        self.edit(meeting, "recording a declaration", |tx| {
            let item = item_row_id(tx, meeting, &d.item)?;
            tx.execute(
            "INSERT INTO declaration (meeting_id, position, person_id, item_id, interest, note)
             VALUES (?1, (SELECT coalesce(max(position) + 1, 0) FROM declaration WHERE meeting_id = ?1), ?2, ?3, ?4, ?5)",
            params![meeting.0, person_id(tx, &d.person)?, item, enum_str(&d.interest), d.note],
        )
        .context("record a declaration")?;
            mark_has_minutes(tx, meeting, "record a declaration")?;
            Ok(())
        })
    }

    /// Adds a request or action.
    pub fn add_action(&mut self, meeting: MeetingId, a: &Action) -> Result<(), StoreError> {
        self.edit(meeting, "recording an action", |tx| {
            let item = item_row_id(tx, meeting, &a.item)?;
            tx.execute(
            "INSERT INTO action (meeting_id, position, item_id, text, owner, due, status)
             VALUES (?1, (SELECT coalesce(max(position) + 1, 0) FROM action WHERE meeting_id = ?1), ?2, ?3, ?4, ?5, ?6)",
            params![meeting.0, item, a.text, a.owner, a.due.map(|d| d.to_string()), enum_str(&a.status)],
        )
        .context("record an action")?;
            mark_has_minutes(tx, meeting, "record an action")?;
            Ok(())
        })
    }

    /// Marks the action at `index` (0-based, in the meeting's order) open or done.
    pub fn set_action_status(
        &mut self,
        meeting: MeetingId,
        index: usize,
        status: ActionStatus,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn_mut()
            .transaction()
            .context("starting a transaction")?;
        let n = tx
            .execute(
                "UPDATE action SET status = ?1 WHERE id = (SELECT id FROM action WHERE meeting_id = ?2 ORDER BY position LIMIT 1 OFFSET ?3)",
                params![enum_str(&status), meeting.0, index as i64],
            )
            .context("change an action")?;
        if n == 0 {
            return Err(StoreError::Refused(format!(
                "meeting {meeting} has no action number {}",
                index + 1
            )));
        }
        tx.commit().context("changing an action")
    }

    /// Records when the meeting closed.
    pub fn set_closed_at(
        &mut self,
        meeting: MeetingId,
        at: Option<NaiveTime>,
    ) -> Result<(), StoreError> {
        let done = self.update_meeting(
            meeting,
            "record the closing time",
            "closed_at = ?1, has_minutes = 1",
            at.map(|t| t.format("%H:%M").to_string()),
        );
        naming_the_meeting(meeting, done)
    }

    /// Changes the venue.
    pub fn set_venue(&mut self, meeting: MeetingId, venue: &str) -> Result<(), StoreError> {
        naming_the_meeting(
            meeting,
            self.update_meeting(
                meeting,
                "change the venue",
                "venue = ?1",
                Some(venue.to_string()),
            ),
        )
    }

    /// Moves the meeting's status on (or back, while not locked) between
    /// draft, published, held and minutes drafted. The lifecycle is kept
    /// here, whoever calls: minutes are drafted only once the meeting is
    /// held; approval comes only through [`Store::record_approval`] (at a
    /// later ordinary meeting) and signing only through
    /// [`Store::record_signed_minutes`]; a meeting whose minutes are approved
    /// or signed never moves (refused as [`StoreError::Locked`]).
    pub fn set_status(
        &mut self,
        meeting: MeetingId,
        status: MeetingStatus,
    ) -> Result<(), StoreError> {
        let what = format!("mark the meeting {status}");
        let tx = self
            .conn_mut()
            .transaction()
            .context("starting a transaction")?;
        let current = lifecycle_of(&tx, meeting)?;
        let name = current.describe(meeting);
        let from = current.status;
        match (from, status) {
            (MeetingStatus::MinutesApproved | MeetingStatus::Signed, _) => {
                return Err(StoreError::Locked {
                    context: format!("mark {name} {status} (it is {from})"),
                })
            }
            (_, MeetingStatus::MinutesApproved) => {
                return Err(StoreError::Refused(format!(
                    "cannot mark {name} {status}: it is {from}; minutes are approved only at a later ordinary meeting, through the approval (agendapack approve)"
                )))
            }
            (_, MeetingStatus::Signed) => {
                return Err(StoreError::Refused(format!(
                    "cannot mark {name} {status}: it is {from}; minutes are signed only once approved, by producing the signed minutes (agendapack minutes --signed)"
                )))
            }
            (MeetingStatus::Draft | MeetingStatus::Published, MeetingStatus::MinutesDrafted) => {
                return Err(StoreError::Refused(format!(
                    "cannot mark {name} {status}: it is {from}; a meeting must be held before its minutes are drafted"
                )))
            }
            (
                MeetingStatus::Draft
                | MeetingStatus::Published
                | MeetingStatus::Held
                | MeetingStatus::MinutesDrafted,
                MeetingStatus::Draft
                | MeetingStatus::Published
                | MeetingStatus::Held
                | MeetingStatus::MinutesDrafted,
            ) => {}
        }
        tx.execute(
            "UPDATE meeting SET status = ?1 WHERE id = ?2",
            params![enum_str(&status), meeting.0],
        )
        .context(&what)?;
        tx.commit().context(&what)
    }

    /// Fixes the first item number (at publication, or by hand).
    pub fn set_first_number(
        &mut self,
        meeting: MeetingId,
        first: Option<u32>,
    ) -> Result<(), StoreError> {
        naming_the_meeting(
            meeting,
            self.update_meeting(
                meeting,
                "set the first item number",
                "first_number = ?1",
                first.map(|n| n.to_string()),
            ),
        )
    }

    /// Records the publication date and fixes the numbering.
    pub fn mark_published(
        &mut self,
        meeting: MeetingId,
        on: NaiveDate,
        first_number: u32,
    ) -> Result<(), StoreError> {
        self.publish_agenda(meeting, on, first_number, &[])
    }

    /// Publishes the agenda of `meeting` on `on` (as [`Store::mark_published`])
    /// and keeps the packs issued with it, all in one transaction: a meeting
    /// is never marked published without its packs, nor the reverse.
    pub fn publish_agenda(
        &mut self,
        meeting: MeetingId,
        on: NaiveDate,
        first_number: u32,
        packs: &[(Issued, &[u8])],
    ) -> Result<(), StoreError> {
        self.edit(meeting, "publishing the agenda", |tx| {
            meeting_row_id(tx, meeting)?;
            let cancelled: bool = tx
                .query_row(
                    "SELECT cancelled FROM meeting WHERE id = ?1",
                    [meeting.0],
                    |r| r.get(0),
                )
                .context("looking up the meeting")?;
            if cancelled {
                return Err(StoreError::Refused(format!(
                    "cannot publish the agenda of meeting {meeting}: the meeting is cancelled"
                )));
            }
            tx.execute(
                "UPDATE meeting SET published_on = ?1, first_number = ?2,
                status = CASE WHEN status = 'draft' THEN 'published' ELSE status END
             WHERE id = ?3",
                params![on.to_string(), first_number, meeting.0],
            )
            .context("publish the agenda")?;
            for (issued, bytes) in packs {
                insert_issued(tx, meeting, issued, bytes)?;
            }
            Ok(())
        })
    }

    /// Records approval of the minutes of `meeting` at the later meeting
    /// `at`, on `on`, by `chair`; locks them. The lifecycle is checked here,
    /// whoever calls: the meeting must be held with minutes written and not
    /// yet approved; `at` must be a later meeting of the same committee and
    /// not an extraordinary one (LGA 1972 Sch 12 para 41).
    pub fn record_approval(
        &mut self,
        meeting: MeetingId,
        at: MeetingId,
        on: NaiveDate,
        chair: &str,
    ) -> Result<(), StoreError> {
        self.edit(meeting, "approving the minutes", |tx| {
            let m = lifecycle_of(tx, meeting)?;
            let name = m.describe(meeting);
            let when = crate::domain::long_date(m.starts_at.date());
            match m.status {
                MeetingStatus::MinutesApproved | MeetingStatus::Signed => {
                    return Err(StoreError::Locked {
                        context: format!(
                            "approve the minutes of {name}: they are already approved (it is {})",
                            m.status
                        ),
                    })
                }
                MeetingStatus::Draft | MeetingStatus::Published => {
                    return Err(StoreError::Refused(format!(
                        "cannot approve the minutes of {name}: it is {}, so the meeting has not been held yet and there are no minutes to approve",
                        m.status
                    )))
                }
                MeetingStatus::Held | MeetingStatus::MinutesDrafted => {}
            }
            if !m.has_minutes {
                return Err(StoreError::Refused(format!(
                    "no minutes have been written for the meeting of {when} (meeting {meeting})"
                )));
            }
            if meeting == at {
                return Err(StoreError::Refused(
                    "minutes are approved at a later meeting, not at the same one".into(),
                ));
            }
            let later = lifecycle_of(tx, at)?;
            if later.committee_id != m.committee_id {
                return Err(StoreError::Refused(format!(
                    "meeting {at} is of {}, not of {}: minutes are approved by the same body",
                    later.committee, m.committee
                )));
            }
            if later.starts_at <= m.starts_at {
                return Err(StoreError::Refused(format!(
                    "meeting {at} ({}) is not later than the meeting of {when}",
                    crate::domain::long_date(later.starts_at.date())
                )));
            }
            match later.kind {
                MeetingKind::Extraordinary => {
                    return Err(StoreError::Refused(format!(
                        "meeting {at} is an extraordinary meeting, which is not a suitable meeting to approve minutes (LGA 1972 Sch 12 para 41)"
                    )))
                }
                MeetingKind::Ordinary | MeetingKind::Annual => {}
            }
            let chair = chair.trim();
            if chair.is_empty() {
                return Err(StoreError::Refused(
                    "give the name of the chair who signs".into(),
                ));
            }
            tx.execute(
                "UPDATE meeting SET approved_at_meeting = ?1, approved_on = ?2, approved_by = ?3, has_minutes = 1,
                    status = 'minutes-approved' WHERE id = ?4",
                params![at.0, on.to_string(), chair, meeting.0],
            )
            .context("approve the minutes")?;
            Ok(())
        })
    }

    /// Records the signed minutes' hash and marks the meeting signed; only
    /// approved minutes are signed.
    pub fn record_signature(&mut self, meeting: MeetingId, sha256: &str) -> Result<(), StoreError> {
        let tx = self
            .conn_mut()
            .transaction()
            .context("starting a transaction")?;
        refuse_unless_approved(&tx, meeting)?;
        tx.execute(
            "UPDATE meeting SET status = 'signed', signed_sha256 = ?1 WHERE id = ?2",
            params![sha256, meeting.0],
        )
        .context("record the signed minutes")?;
        tx.commit().context("recording the signed minutes")
    }

    /// Keeps the signed minutes as issued and records their hash, marking the
    /// meeting signed, in one transaction.
    pub fn record_signed_minutes(
        &mut self,
        meeting: MeetingId,
        issued: &Issued,
        bytes: &[u8],
    ) -> Result<(), StoreError> {
        self.keep_issued(meeting, issued, bytes, true)
    }

    /// Keeps a copy of a document as issued.
    pub fn record_issued(
        &mut self,
        meeting: MeetingId,
        issued: &Issued,
        bytes: &[u8],
    ) -> Result<(), StoreError> {
        self.keep_issued(meeting, issued, bytes, false)
    }

    fn keep_issued(
        &mut self,
        meeting: MeetingId,
        issued: &Issued,
        bytes: &[u8],
        signs: bool,
    ) -> Result<(), StoreError> {
        self.edit(meeting, "keeping the issued document", |tx| {
            if signs {
                refuse_unless_approved(tx, meeting)?;
            } else {
                meeting_row_id(tx, meeting)?;
            }
            let sha = insert_issued(tx, meeting, issued, bytes)?;
            if signs {
                tx.execute(
                    "UPDATE meeting SET status = 'signed', signed_sha256 = ?1 WHERE id = ?2",
                    params![sha, meeting.0],
                )
                .context("record the signed minutes")?;
            }
            Ok(())
        })
    }

    /// Documents issued for a meeting, oldest first.
    pub fn issued(&self, meeting: MeetingId) -> Result<Vec<Issued>, StoreError> {
        let mut st = self
            .conn()
            .prepare("SELECT kind, issued_on, file_name, sha256, pages, bytes FROM issued WHERE meeting_id = ?1 ORDER BY id")
            .context("reading issued documents")?;
        let rows = st
            .query_map([meeting.0], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })
            .context("reading issued documents")?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, on, file_name, sha256, pages, bytes) =
                row.context("reading issued documents")?;
            out.push(Issued {
                kind,
                issued_on: on
                    .parse()
                    .map_err(|e| StoreError::Invalid(format!("date \"{on}\": {e}")))?,
                file_name,
                sha256,
                pages,
                bytes: bytes as u64,
            });
        }
        Ok(out)
    }

    /// Meetings whose signed minutes have this hash.
    pub fn meetings_signed_with(&self, sha256: &str) -> Result<Vec<MeetingId>, StoreError> {
        let mut st = self
            .conn()
            .prepare("SELECT id FROM meeting WHERE signed_sha256 = ?1")
            .context("looking up signed minutes")?;
        let rows = st
            .query_map([sha256], |r| r.get::<_, i64>(0))
            .context("looking up signed minutes")?;
        rows.map(|r| r.map(MeetingId))
            .collect::<Result<_, _>>()
            .context("looking up signed minutes")
    }

    /// A council-wide setting (JSON text), if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn()
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .context("reading a setting")
    }

    /// Sets a council-wide setting (JSON text).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .context("changing a setting")?;
        Ok(())
    }

    fn update_meeting(
        &mut self,
        meeting: MeetingId,
        what: &str,
        set: &str,
        value: Option<String>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn_mut()
            .transaction()
            .context("starting a transaction")?;
        meeting_row_id(&tx, meeting)?;
        tx.execute(
            &format!("UPDATE meeting SET {set} WHERE id = ?2"),
            params![value, meeting.0],
        )
        .context(what)?;
        tx.commit().context(what)
    }
}

/// Notes that the meeting now has minutes (once anything of them is written).
fn mark_has_minutes(
    tx: &rusqlite::Transaction<'_>,
    meeting: MeetingId,
    what: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE meeting SET has_minutes = 1 WHERE id = ?1 AND has_minutes = 0",
        [meeting.0],
    )
    .context(what)?;
    Ok(())
}

/// Where a meeting stands in its lifecycle, read inside a transaction.
struct Lifecycle {
    status: MeetingStatus,
    kind: MeetingKind,
    committee_id: i64,
    committee: String,
    starts_at: NaiveDateTime,
    has_minutes: bool,
    signed_sha256: Option<String>,
}

impl Lifecycle {
    /// "meeting 2 (Thursday, 28th November, 2024)".
    fn describe(&self, id: MeetingId) -> String {
        format!(
            "meeting {id} ({})",
            crate::domain::long_date(self.starts_at.date())
        )
    }
}

fn lifecycle_of(
    tx: &rusqlite::Transaction<'_>,
    meeting: MeetingId,
) -> Result<Lifecycle, StoreError> {
    type Row = (String, String, i64, String, String, bool, Option<String>);
    let row: Option<Row> = tx
        .query_row(
            "SELECT m.status, m.kind, m.committee_id, c.name, m.starts_at,
                    m.has_minutes OR EXISTS (SELECT 1 FROM item WHERE meeting_id = m.id AND minute IS NOT NULL),
                    m.signed_sha256
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
    let (status, kind, committee_id, committee, starts_at, has_minutes, signed_sha256) =
        row.ok_or(StoreError::NoSuchMeeting(meeting))?;
    Ok(Lifecycle {
        status: super::enum_parse(&status, "meeting status")?,
        kind: super::enum_parse(&kind, "meeting kind")?,
        committee_id,
        committee,
        starts_at: NaiveDateTime::parse_from_str(&starts_at, super::meetings::DATETIME)
            .map_err(|e| StoreError::Invalid(format!("meeting time \"{starts_at}\": {e}")))?,
        has_minutes,
        signed_sha256,
    })
}

/// Signing is for approved minutes only.
fn refuse_unless_approved(
    tx: &rusqlite::Transaction<'_>,
    meeting: MeetingId,
) -> Result<(), StoreError> {
    let m = lifecycle_of(tx, meeting)?;
    match m.status {
        MeetingStatus::MinutesApproved => Ok(()),
        // Signed on paper (or imported as signed) with no hash recorded yet.
        MeetingStatus::Signed if m.signed_sha256.is_none() => Ok(()),
        MeetingStatus::Signed => Err(StoreError::Locked {
            context: format!(
                "sign the minutes of {}: they are already signed",
                m.describe(meeting)
            ),
        }),
        MeetingStatus::Draft
        | MeetingStatus::Published
        | MeetingStatus::Held
        | MeetingStatus::MinutesDrafted => Err(StoreError::Refused(format!(
            "cannot mark {} signed: it is {}; minutes are signed only after they are approved at a later ordinary meeting (agendapack approve)",
            m.describe(meeting),
            m.status
        ))),
    }
}

/// A lock refusal says which meeting it is ("… (meeting 2)").
/// Stores `bytes` and records them as `issued` for `meeting`; returns
/// their SHA-256.
fn insert_issued(
    tx: &rusqlite::Transaction<'_>,
    meeting: MeetingId,
    issued: &Issued,
    bytes: &[u8],
) -> Result<String, StoreError> {
    let sha = blobs::put(tx, bytes)?;
    tx.execute(
        "INSERT INTO issued (meeting_id, kind, issued_on, file_name, sha256, pages, bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            meeting.0,
            issued.kind,
            issued.issued_on.to_string(),
            issued.file_name,
            sha,
            issued.pages,
            bytes.len() as i64
        ],
    )
    .context("keep the issued document")?;
    Ok(sha)
}

fn naming_the_meeting<T>(meeting: MeetingId, r: Result<T, StoreError>) -> Result<T, StoreError> {
    r.map_err(|e| match e {
        StoreError::Locked { context } if !context.contains("meeting ") => StoreError::Locked {
            context: format!("{context} (meeting {meeting})"),
        },
        other => other,
    })
}
