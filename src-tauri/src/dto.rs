//! Transport types: what the UI receives from commands.
//!
//! Each type derives [`ts_rs::TS`]; the TypeScript definitions in
//! `ui/src/bindings/` are generated from them and a test fails when the
//! checked-in files are stale. Core types are mapped into these explicitly,
//! so a change in the core is a compile error here rather than a silent
//! change of what the UI sees.

use serde::Serialize;
use ts_rs::TS;

use agendapack::domain;
use agendapack::store;

/// Facts about the running app, shown in Settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// The app's version, e.g. "0.1.0".
    pub version: String,
    /// Where the database is, if known.
    pub database_path: Option<String>,
    /// Why the database could not be opened, if it could not.
    pub database_problem: Option<String>,
}

/// One line of the meetings list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingSummary {
    /// The meeting's id.
    #[ts(type = "number")]
    pub id: i64,
    /// Committee name.
    pub committee: String,
    /// ISO 8601 date, "2024-11-28".
    pub date: String,
    /// The date as the agenda prints it: "Thursday, 28th November, 2024".
    pub date_text: String,
    /// 24-hour start time, "10:00".
    pub time: String,
    /// The time as the agenda prints it: "10.00 am".
    pub time_text: String,
    /// Where the meeting is held.
    pub venue: String,
    /// Ordinary, extraordinary or annual.
    pub kind: MeetingKind,
    /// Where the meeting is in its cycle.
    pub status: MeetingStatus,
    /// First item (minute) number; `null` while the agenda is empty.
    pub first_item: Option<u32>,
    /// Last item (minute) number; `null` while the agenda is empty.
    pub last_item: Option<u32>,
}

impl From<store::MeetingSummary> for MeetingSummary {
    fn from(m: store::MeetingSummary) -> Self {
        MeetingSummary {
            id: m.id.0,
            committee: m.committee,
            date: m.date.format("%Y-%m-%d").to_string(),
            date_text: domain::long_date(m.date),
            time: m.time.format("%H:%M").to_string(),
            time_text: domain::short_time(m.time),
            venue: m.venue,
            kind: m.kind.into(),
            status: m.status.into(),
            first_item: m.first_item,
            last_item: m.last_item,
        }
    }
}

/// The kind of meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingKind {
    /// A scheduled meeting.
    Ordinary,
    /// Called for specific business.
    Extraordinary,
    /// The annual meeting; item numbers restart at 1.
    Annual,
}

impl From<domain::MeetingKind> for MeetingKind {
    fn from(kind: domain::MeetingKind) -> Self {
        match kind {
            domain::MeetingKind::Ordinary => MeetingKind::Ordinary,
            domain::MeetingKind::Extraordinary => MeetingKind::Extraordinary,
            domain::MeetingKind::Annual => MeetingKind::Annual,
        }
    }
}

/// Where a meeting is in its cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingStatus {
    /// The agenda is being prepared.
    Draft,
    /// The agenda and packs have been published.
    Published,
    /// The meeting has taken place.
    Held,
    /// Minutes are written and circulated in draft.
    MinutesDrafted,
    /// The minutes were approved at a later meeting.
    MinutesApproved,
    /// The chair has signed the minutes; nothing may change.
    Signed,
}

impl From<domain::MeetingStatus> for MeetingStatus {
    fn from(status: domain::MeetingStatus) -> Self {
        match status {
            domain::MeetingStatus::Draft => MeetingStatus::Draft,
            domain::MeetingStatus::Published => MeetingStatus::Published,
            domain::MeetingStatus::Held => MeetingStatus::Held,
            domain::MeetingStatus::MinutesDrafted => MeetingStatus::MinutesDrafted,
            domain::MeetingStatus::MinutesApproved => MeetingStatus::MinutesApproved,
            domain::MeetingStatus::Signed => MeetingStatus::Signed,
        }
    }
}

/// Every error a command returns: a stable code the UI can branch on and a
/// sentence for the clerk, in British English, naming the file or meeting
/// concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    /// What kind of failure this is.
    pub code: ErrorCode,
    /// What went wrong, for the clerk.
    pub message: String,
}

/// The kinds of failure a command reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// The database could not be opened at start-up; nothing that needs it
    /// will work until the problem is fixed and the app restarted.
    DatabaseUnavailable,
    /// The database was written by a newer AgendaPack.
    NewerDatabase,
    /// The database refused an operation.
    Database,
    /// Stored data is damaged (a report whose content no longer matches).
    DamagedData,
    /// The meeting (or other record) asked for does not exist.
    NotFound,
    /// The change clashes with an existing record.
    Conflict,
    /// The meeting's minutes are approved, so it can no longer change.
    Locked,
    /// The change breaks a rule of the meeting cycle.
    Refused,
    /// The operating system refused (for example, opening the file manager).
    System,
    /// A fault in AgendaPack itself.
    Internal,
}
