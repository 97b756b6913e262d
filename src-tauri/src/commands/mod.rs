//! The commands the UI may call, one module per area. Each is a few lines
//! that delegate to the core and map its result into [`crate::dto`] types.
//!
//! Every command is declared in `build.rs` and granted by
//! `capabilities/main-window.json`; the UI calls them only through
//! `ui/src/lib/api.ts`, typed by the generated bindings.

pub mod agenda;
pub mod app;
pub mod changes;
pub mod checks;
pub mod council;
pub mod meetings;
pub mod minutes;
pub mod packs;
pub mod settings;

use agendapack::calendar::{self, CalendarSettings};
use agendapack::domain::{MeetingId, MeetingStatus};
use chrono::{NaiveDate, NaiveTime};

use crate::dto::{CommandError, Deadline};

/// The name of every command, as the UI invokes it. Kept in step with
/// `build.rs`, the capability file and `generate_handler!` by tests.
pub const NAMES: &[&str] = &[
    "app_info",
    "list_meetings",
    "reveal_database",
    "home_overview",
    "list_committees",
    "create_meeting",
    "meeting_detail",
    "set_meeting_status",
    "add_item",
    "add_exclusion_item",
    "update_item",
    "move_item",
    "delete_item",
    "undo",
    "add_reports",
    "attach_dropped",
    "watch_drops",
    "watch_close",
    "close_ready",
    "remove_report",
    "check_meeting",
    "list_packs",
    "pack_preview",
    "generate_pack",
    "publish_agenda",
    "publish_site",
    "open_output",
    "reveal_output",
    "set_attendance",
    "add_declaration",
    "set_minute",
    "add_action",
    "set_action_status",
    "set_closed_at",
    "approve_minutes",
    "produce_signed_minutes",
    "get_settings",
    "set_calendar",
    "set_council_name",
    "backup_database",
    "restore_database",
    "check_database",
    "list_people",
    "add_person",
    "edit_person",
    "retire_person",
    "add_committee",
    "edit_committee",
    "archive_committee",
    "add_member",
    "end_member",
    "set_template",
    "reschedule_meeting",
    "cancel_meeting",
    "delete_meeting",
    "import_meeting",
    "export_meeting",
];

pub(crate) fn meeting(id: i64) -> MeetingId {
    MeetingId(id)
}

/// Parses "2024-11-28".
pub(crate) fn parse_date(text: &str, what: &str) -> Result<NaiveDate, CommandError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| CommandError::invalid(format!("{what} “{text}” is not a date (YYYY-MM-DD)")))
}

/// Parses "10:00".
pub(crate) fn parse_time(text: &str, what: &str) -> Result<NaiveTime, CommandError> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| CommandError::invalid(format!("{what} “{text}” is not a time (HH:MM)")))
}

/// The publication deadline badge of a draft agenda; `None` once published.
pub(crate) fn deadline(
    meeting_date: NaiveDate,
    status: MeetingStatus,
    today: NaiveDate,
    settings: &CalendarSettings,
) -> Result<Option<Deadline>, CommandError> {
    match status {
        MeetingStatus::Draft => {}
        MeetingStatus::Published
        | MeetingStatus::Held
        | MeetingStatus::MinutesDrafted
        | MeetingStatus::MinutesApproved
        | MeetingStatus::Signed => return Ok(None),
    }
    let date = calendar::publication_deadline(meeting_date, settings)?;
    let left = calendar::working_days_until(today, date, settings)?;
    let by = format!("Publish by {}", date.format("%a %-d %b"));
    let text = match left {
        n if n < 0 => {
            let n = -n;
            let days = if n == 1 {
                "working day"
            } else {
                "working days"
            };
            format!("{by} \u{2014} missed by {n} {days}")
        }
        0 => format!("{by} \u{2014} due today"),
        1 => format!("{by} \u{2014} 1 working day left"),
        n => format!("{by} \u{2014} {n} working days left"),
    };
    Ok(Some(Deadline {
        date: date.into(),
        working_days_left: left,
        missed: left < 0,
        text,
    }))
}
