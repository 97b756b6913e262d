//! Transport types: what the UI receives from commands.
//!
//! Each type derives [`ts_rs::TS`]; the TypeScript definitions in
//! `ui/src/bindings/` are generated from them and a test fails when the
//! checked-in files are stale. Core types are mapped into these explicitly,
//! so a change in the core is a compile error here rather than a silent
//! change of what the UI sees.

use serde::{Deserialize, Serialize};
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
            status: MeetingStatus::shown(m.status, m.cancelled),
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
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
    /// The meeting was cancelled: kept, numbered no more.
    Cancelled,
}

impl MeetingStatus {
    /// The core's status; `None` for "cancelled", which is not a step of
    /// the cycle but a mark on the meeting (see `cancel_meeting`).
    pub fn to_core(self) -> Option<domain::MeetingStatus> {
        match self {
            MeetingStatus::Draft => Some(domain::MeetingStatus::Draft),
            MeetingStatus::Published => Some(domain::MeetingStatus::Published),
            MeetingStatus::Held => Some(domain::MeetingStatus::Held),
            MeetingStatus::MinutesDrafted => Some(domain::MeetingStatus::MinutesDrafted),
            MeetingStatus::MinutesApproved => Some(domain::MeetingStatus::MinutesApproved),
            MeetingStatus::Signed => Some(domain::MeetingStatus::Signed),
            MeetingStatus::Cancelled => None,
        }
    }

    /// The status shown for a meeting: "cancelled" when it is, else its
    /// place in the cycle.
    pub fn shown(status: domain::MeetingStatus, cancelled: bool) -> MeetingStatus {
        if cancelled {
            MeetingStatus::Cancelled
        } else {
            status.into()
        }
    }
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
    /// The request does not make sense (a date that does not exist, an
    /// unknown item); a fault in the UI rather than the clerk's doing.
    Invalid,
    /// The statutory calendar could not give a date (a year without bank
    /// holiday data).
    Calendar,
    /// Typesetting or assembling papers failed.
    Papers,
    /// A fault in AgendaPack itself.
    Internal,
}

// ---------------------------------------------------------------------------
// Dates and deadlines

/// A date with the words the papers print for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DateText {
    /// ISO 8601, "2024-11-20".
    pub date: String,
    /// "Wednesday, 20th November, 2024".
    pub text: String,
}

impl From<chrono::NaiveDate> for DateText {
    fn from(date: chrono::NaiveDate) -> Self {
        DateText {
            date: date.format("%Y-%m-%d").to_string(),
            text: domain::long_date(date),
        }
    }
}

/// The publication deadline of a draft agenda, for the badge
/// "Publish by Wed 20 Nov — 3 working days left".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Deadline {
    /// The last day the agenda may be published.
    pub date: DateText,
    /// Working days from today to the deadline; negative once missed.
    #[ts(type = "number")]
    pub working_days_left: i64,
    /// Whether the deadline has passed.
    pub missed: bool,
    /// The badge's words.
    pub text: String,
}

// ---------------------------------------------------------------------------
// Home

/// What the Home screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HomeOverview {
    /// Today, as the shell's clock reads it.
    pub today: DateText,
    /// Meetings today or later, soonest first.
    pub upcoming: Vec<UpcomingMeeting>,
    /// Past meetings whose minutes are still to be written or approved.
    pub minutes_to_do: Vec<MinutesToDo>,
    /// Open actions from every meeting.
    pub open_actions: Vec<OpenAction>,
}

/// An upcoming meeting with its publication deadline (while draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpcomingMeeting {
    /// The meeting.
    pub meeting: MeetingSummary,
    /// The deadline; `null` once published.
    pub deadline: Option<Deadline>,
}

/// A past meeting with minutes to write or to have approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MinutesToDo {
    /// The meeting.
    pub meeting: MeetingSummary,
    /// What is next: "Mark as held and write the minutes", "Write the
    /// minutes", "Approve at the next meeting".
    pub next_step: String,
}

/// An action still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenAction {
    /// The meeting it arose at.
    #[ts(type = "number")]
    pub meeting_id: i64,
    /// Committee name.
    pub committee: String,
    /// The meeting's date.
    pub meeting_date: DateText,
    /// The action.
    pub action: ActionLine,
}

// ---------------------------------------------------------------------------
// Committees and people

/// A committee with its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommitteeDetail {
    /// Full name.
    pub name: String,
    /// Short name, if any.
    pub short_name: Option<String>,
    /// Whether it is an executive body.
    pub executive: bool,
    /// First day of the municipal year: "1 May".
    pub year_start: String,
    /// Members needed for a quorum, if set.
    pub quorum: Option<u32>,
    /// Usual venue for new meetings.
    pub default_venue: Option<String>,
    /// The usual contact officer.
    pub contact_officer: Option<PersonLine>,
    /// Whether new meetings start with "Apologies and Substitutions".
    pub apologies_item: bool,
    /// Members as of today, in the papers' order.
    pub members: Vec<MemberLine>,
    /// The first day of the municipal year as the form edits it: "05-01".
    pub year_start_value: String,
    /// Whether the committee is archived (kept for old papers, offered for
    /// no new meeting).
    pub archived: bool,
    /// Every membership, past, present and future, with its dates.
    pub memberships: Vec<MembershipLine>,
    /// The standard items a new meeting starts with, in order.
    pub template: Vec<TemplateItem>,
}

/// A person as the papers name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonLine {
    /// Stable key.
    pub key: String,
    /// "Councillor CE Thomas", "Tom Robinson".
    pub name: String,
    /// Councillor, co-opted, officer or other.
    pub kind: PersonKind,
    /// Job title (officers).
    pub job_title: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
}

impl From<&domain::Person> for PersonLine {
    fn from(p: &domain::Person) -> Self {
        PersonLine {
            key: p.key.clone(),
            name: p.display_name(),
            kind: p.kind.into(),
            job_title: p.job_title.clone(),
            email: p.email.clone(),
            phone: p.phone.clone(),
        }
    }
}

/// What a person is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum PersonKind {
    /// An elected member.
    Councillor,
    /// A co-opted member.
    CoOpted,
    /// An employee of the council.
    Officer,
    /// Anyone else.
    Other,
}

impl From<PersonKind> for domain::PersonKind {
    fn from(kind: PersonKind) -> Self {
        match kind {
            PersonKind::Councillor => domain::PersonKind::Councillor,
            PersonKind::CoOpted => domain::PersonKind::CoOpted,
            PersonKind::Officer => domain::PersonKind::Officer,
            PersonKind::Other => domain::PersonKind::Other,
        }
    }
}

impl From<domain::PersonKind> for PersonKind {
    fn from(kind: domain::PersonKind) -> Self {
        match kind {
            domain::PersonKind::Councillor => PersonKind::Councillor,
            domain::PersonKind::CoOpted => PersonKind::CoOpted,
            domain::PersonKind::Officer => PersonKind::Officer,
            domain::PersonKind::Other => PersonKind::Other,
        }
    }
}

/// A member of a committee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberLine {
    /// The person's key.
    pub person: String,
    /// As the papers name them.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// "Chair", "Deputy Chair", "Member", "Co-opted (voting)" …
    pub role_label: String,
}

/// A role on a committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Chair.
    Chair,
    /// Deputy chair.
    ViceChair,
    /// Ordinary member.
    Member,
    /// Co-opted, voting.
    CoOptedVoting,
    /// Co-opted, not voting.
    CoOptedNonVoting,
    /// Named substitute.
    Substitute,
}

impl From<Role> for domain::Role {
    fn from(role: Role) -> Self {
        match role {
            Role::Chair => domain::Role::Chair,
            Role::ViceChair => domain::Role::ViceChair,
            Role::Member => domain::Role::Member,
            Role::CoOptedVoting => domain::Role::CoOptedVoting,
            Role::CoOptedNonVoting => domain::Role::CoOptedNonVoting,
            Role::Substitute => domain::Role::Substitute,
        }
    }
}

impl From<domain::Role> for Role {
    fn from(role: domain::Role) -> Self {
        match role {
            domain::Role::Chair => Role::Chair,
            domain::Role::ViceChair => Role::ViceChair,
            domain::Role::Member => Role::Member,
            domain::Role::CoOptedVoting => Role::CoOptedVoting,
            domain::Role::CoOptedNonVoting => Role::CoOptedNonVoting,
            domain::Role::Substitute => Role::Substitute,
        }
    }
}

impl Role {
    /// The words for the role.
    pub fn label(self) -> &'static str {
        match self {
            Role::Chair => "Chair",
            Role::ViceChair => "Deputy Chair",
            Role::Member => "Member",
            Role::CoOptedVoting => "Co-opted member (voting)",
            Role::CoOptedNonVoting => "Co-opted member (non-voting)",
            Role::Substitute => "Substitute",
        }
    }
}

/// A new meeting, as the Home screen's form gives it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewMeetingForm {
    /// The committee's name.
    pub committee: String,
    /// "2025-01-23".
    pub date: String,
    /// "10:00".
    pub time: String,
    /// The venue; empty for the committee's usual venue.
    pub venue: String,
}

/// A meeting just made from the committee's template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreatedMeeting {
    /// The new meeting's id.
    #[ts(type = "number")]
    pub id: i64,
    /// What went wrong without stopping the meeting being made ("the minutes
    /// of … could not be attached …"), for the clerk to read.
    pub warnings: Vec<String>,
}

// ---------------------------------------------------------------------------
// The meeting screen

/// Everything the meeting screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingDetail {
    /// The header: committee, date, time, venue, status, numbers.
    pub summary: MeetingSummary,
    /// The publication deadline, while the agenda is a draft.
    pub deadline: Option<Deadline>,
    /// When the agenda was published.
    pub published_on: Option<DateText>,
    /// Why nothing can change, when the minutes are approved or signed.
    pub locked: Option<String>,
    /// The agenda, in order.
    pub items: Vec<ItemDetail>,
    /// The seven paragraphs of Schedule 12A Part 1 with their words.
    pub paragraphs: Vec<ParagraphText>,
    /// The committee's members, for the attendance grid.
    pub members: Vec<MemberLine>,
    /// Everyone the meeting may name (members, officers, others).
    pub people: Vec<PersonLine>,
    /// The minutes recorded so far.
    pub minutes: MinutesDetail,
    /// The chair, to prefill "Approve at meeting…".
    pub chair_name: Option<String>,
    /// Later ordinary or annual meetings of the same committee, where the
    /// minutes may be approved.
    pub approval_meetings: Vec<MeetingSummary>,
}

/// A paragraph of Schedule 12A Part 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ParagraphText {
    /// 1 to 7.
    pub number: u8,
    /// The statutory words.
    pub wording: String,
}

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// Business particular to this meeting.
    Substantive,
    /// Apologies and substitutions.
    Apologies,
    /// Declarations of interests.
    Declarations,
    /// Exclusion of press and public.
    Exclusion,
    /// Minutes of the previous meeting.
    Minutes,
    /// Work programme.
    WorkProgramme,
    /// Any other business.
    AnyOtherBusiness,
}

impl From<ItemKind> for domain::ItemKind {
    fn from(kind: ItemKind) -> Self {
        match kind {
            ItemKind::Substantive => domain::ItemKind::Substantive,
            ItemKind::Apologies => domain::ItemKind::Apologies,
            ItemKind::Declarations => domain::ItemKind::Declarations,
            ItemKind::Exclusion => domain::ItemKind::Exclusion,
            ItemKind::Minutes => domain::ItemKind::Minutes,
            ItemKind::WorkProgramme => domain::ItemKind::WorkProgramme,
            ItemKind::AnyOtherBusiness => domain::ItemKind::AnyOtherBusiness,
        }
    }
}

impl From<domain::ItemKind> for ItemKind {
    fn from(kind: domain::ItemKind) -> Self {
        match kind {
            domain::ItemKind::Substantive => ItemKind::Substantive,
            domain::ItemKind::Apologies => ItemKind::Apologies,
            domain::ItemKind::Declarations => ItemKind::Declarations,
            domain::ItemKind::Exclusion => ItemKind::Exclusion,
            domain::ItemKind::Minutes => ItemKind::Minutes,
            domain::ItemKind::WorkProgramme => ItemKind::WorkProgramme,
            domain::ItemKind::AnyOtherBusiness => ItemKind::AnyOtherBusiness,
        }
    }
}

/// One agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemDetail {
    /// Stable key within the meeting.
    pub key: String,
    /// Item (minute) number.
    pub number: u32,
    /// The (public) title.
    pub title: String,
    /// Title for private documents.
    pub private_title: Option<String>,
    /// Purpose line.
    pub purpose: Option<String>,
    /// Standard or substantive.
    pub kind: ItemKind,
    /// Agenda text (Markdown).
    pub description: Option<String>,
    /// Sub-items (a), (b) …
    pub sub_items: Vec<String>,
    /// Reports attached, in order.
    pub reports: Vec<ReportLine>,
    /// Whether the item is private business.
    pub private: bool,
    /// Schedule 12A paragraphs relied on (private items).
    pub paragraphs: Vec<u8>,
    /// Whether the item is late (urgent).
    pub late: bool,
    /// The special circumstances (late items).
    pub late_reason: Option<String>,
    /// The minute (Markdown), once written.
    pub minute: Option<String>,
}

/// A report attached to an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportLine {
    /// Title for lists and bookmarks.
    pub title: String,
    /// The original file name.
    pub file_name: String,
    /// Pages.
    pub pages: Option<u32>,
    /// Size in bytes.
    #[ts(type = "number | null")]
    pub bytes: Option<u64>,
    /// What intake did to the file as attached, which is kept beside the
    /// PDF: "converted from Word by LibreOffice 7.4", "repaired on intake",
    /// "decrypted on intake (owner password only)"; `None` when the PDF is
    /// the attached file itself.
    pub intake_note: Option<String>,
    /// The attached file's name, when it is kept beside the PDF.
    pub original_file_name: Option<String>,
}

impl From<&domain::Report> for ReportLine {
    fn from(r: &domain::Report) -> Self {
        ReportLine {
            title: r.title.clone(),
            file_name: r.file.clone(),
            pages: r.pages,
            bytes: r.bytes,
            intake_note: r.original.as_ref().map(|o| o.note.clone()),
            original_file_name: r.original.as_ref().map(|o| o.file_name.clone()),
        }
    }
}

/// The editable fields of an item, as the details panel sends them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemEdit {
    /// The (public) title.
    pub title: String,
    /// Title for private documents; empty for none.
    pub private_title: String,
    /// Purpose line; empty for none.
    pub purpose: String,
    /// Agenda text (Markdown); empty for none.
    pub description: String,
    /// Sub-items; blank lines are dropped.
    pub sub_items: Vec<String>,
    /// Whether the item is private business.
    pub private: bool,
    /// Schedule 12A paragraphs (1–7) when private.
    pub paragraphs: Vec<u8>,
    /// Whether the item is late (urgent).
    pub late: bool,
    /// The special circumstances, when late.
    pub late_reason: String,
}

/// A deletion that can be undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UndoToken {
    /// Pass to `undo`.
    #[ts(type = "number")]
    pub token: u64,
    /// What was deleted, for the toast: "Deleted item 52 “…”".
    pub message: String,
}

/// What happened to the files offered as reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachOutcome {
    /// Reports attached.
    pub attached: Vec<ReportLine>,
    /// Why each refused file was refused (file, item and reason); nothing
    /// of a refused file is stored.
    pub refused: Vec<String>,
}

/// Where one file is while reports are attached. Sent as each file starts
/// and as it ends, one file after another, so the UI can show each result
/// as it lands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachStep {
    /// The file's place among those being attached (0-based).
    pub index: u32,
    /// How many files are being attached.
    pub total: u32,
    /// The file's name.
    pub file_name: String,
    /// What is happening to it.
    pub stage: AttachStage,
    /// For the clerk: what is being done ("Converting a Word document to
    /// PDF"), or, once refused, why (file, item and reason).
    pub message: String,
    /// The report as attached, at [`AttachStage::Attached`].
    pub report: Option<ReportLine>,
}

/// The stages of one file's intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum AttachStage {
    /// Being read, converted and checked.
    Working,
    /// Stored on the item.
    Attached,
    /// Not stored; the message says why.
    Refused,
}

/// Files dropped on the window, waiting to be attached to an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DroppedFiles {
    /// Their file names.
    pub names: Vec<String>,
}

// ---------------------------------------------------------------------------
// Checks

/// One finding of the pre-flight check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code ("missing-report").
    pub code: String,
    /// The item concerned, if any.
    pub item: Option<String>,
    /// Its number.
    pub number: Option<u32>,
    /// What is wrong.
    pub message: String,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Must be fixed before publishing.
    Error,
    /// Worth a look.
    Warning,
}

impl From<agendapack::checks::Finding> for Finding {
    fn from(f: agendapack::checks::Finding) -> Self {
        Finding {
            severity: match f.severity {
                agendapack::checks::Severity::Error => Severity::Error,
                agendapack::checks::Severity::Warning => Severity::Warning,
            },
            code: f.code.to_string(),
            item: f.item,
            number: f.number,
            message: f.message,
        }
    }
}

// ---------------------------------------------------------------------------
// Packs

/// Which pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum PackKind {
    /// For publication: private reports replaced by notices.
    Public,
    /// For members: everything, private pages marked.
    Private,
    /// Late items only.
    Supplementary,
}

/// Progress of a long job, sent as it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// The stage now running: "Reading reports", "Assembling", "Writing".
    pub stage: String,
    /// Stages finished.
    pub done: u32,
    /// Stages in all.
    pub total: u32,
}

/// A file written to the meeting's output folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutputFile {
    /// "Public pack", "Private pack", "Supplementary pack", "Signed minutes" …
    pub label: String,
    /// The file name.
    pub file_name: String,
    /// The full path.
    pub path: String,
    /// Pages.
    pub pages: u32,
    /// Size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
}

/// The meeting's output folder and what has been issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PacksOverview {
    /// Where files are written.
    pub folder: String,
    /// Files in the folder, newest first.
    pub files: Vec<OutputFile>,
    /// Documents issued (kept in the database as issued).
    pub issued: Vec<IssuedLine>,
}

/// A document issued for the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IssuedLine {
    /// "public-pack", "private-pack", "signed-minutes" …
    pub kind: String,
    /// When.
    pub issued_on: DateText,
    /// The file name it was issued under.
    pub file_name: String,
    /// Pages.
    pub pages: u32,
    /// Size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
}

impl From<store::Issued> for IssuedLine {
    fn from(i: store::Issued) -> Self {
        IssuedLine {
            kind: i.kind,
            issued_on: i.issued_on.into(),
            file_name: i.file_name,
            pages: i.pages,
            bytes: i.bytes,
        }
    }
}

// ---------------------------------------------------------------------------
// Minutes

/// The minutes recorded so far (the per-item minutes are on the items).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MinutesDetail {
    /// Attendance, in the order recorded.
    pub attendance: Vec<AttendanceLine>,
    /// Declarations of interest.
    pub declarations: Vec<DeclarationLine>,
    /// Requests and actions.
    pub actions: Vec<ActionLine>,
    /// Closing time, "12:20".
    pub closed_at: Option<String>,
    /// Approval, once given.
    pub approval: Option<ApprovalLine>,
}

/// Whether someone was there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Presence {
    /// Present.
    Present,
    /// Sent apologies.
    Apologies,
    /// Absent without apologies.
    Absent,
}

impl From<domain::Presence> for Presence {
    fn from(p: domain::Presence) -> Self {
        match p {
            domain::Presence::Present => Presence::Present,
            domain::Presence::Apologies => Presence::Apologies,
            domain::Presence::Absent => Presence::Absent,
        }
    }
}

impl From<Presence> for domain::Presence {
    fn from(p: Presence) -> Self {
        match p {
            Presence::Present => domain::Presence::Present,
            Presence::Apologies => domain::Presence::Apologies,
            Presence::Absent => domain::Presence::Absent,
        }
    }
}

/// One line of the attendance record (also what the grid sends back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceLine {
    /// The person's key.
    pub person: String,
    /// Present, apologies or absent.
    pub presence: Presence,
    /// Key of the member this person substituted for.
    pub substitute_for: Option<String>,
    /// Capacity for other attendees ("Cabinet Member for …").
    pub capacity: Option<String>,
}

/// The kind of interest declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum InterestKind {
    /// Disclosable pecuniary interest.
    DisclosablePecuniary,
    /// Other registrable interest.
    OtherRegistrable,
    /// Non-registrable interest.
    NonRegistrable,
}

impl From<domain::InterestKind> for InterestKind {
    fn from(k: domain::InterestKind) -> Self {
        match k {
            domain::InterestKind::DisclosablePecuniary => InterestKind::DisclosablePecuniary,
            domain::InterestKind::OtherRegistrable => InterestKind::OtherRegistrable,
            domain::InterestKind::NonRegistrable => InterestKind::NonRegistrable,
        }
    }
}

impl From<InterestKind> for domain::InterestKind {
    fn from(k: InterestKind) -> Self {
        match k {
            InterestKind::DisclosablePecuniary => domain::InterestKind::DisclosablePecuniary,
            InterestKind::OtherRegistrable => domain::InterestKind::OtherRegistrable,
            InterestKind::NonRegistrable => domain::InterestKind::NonRegistrable,
        }
    }
}

/// A declaration of interest (also what the form sends).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeclarationLine {
    /// Who declared (key).
    pub person: String,
    /// The item concerned (key).
    pub item: String,
    /// Which kind of interest.
    pub interest: InterestKind,
    /// What the interest is.
    pub note: String,
}

/// Open or done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    /// Still to do.
    Open,
    /// Done.
    Done,
}

/// A request or action recorded in the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionLine {
    /// Its place in the meeting's list (for `set_action_status`).
    pub index: u32,
    /// The item it arose under (key).
    pub item: String,
    /// That item's number.
    pub item_number: Option<u32>,
    /// What is to be done.
    pub text: String,
    /// Who is to do it.
    pub owner: Option<String>,
    /// When it is due.
    pub due: Option<DateText>,
    /// Open or done.
    pub status: ActionStatus,
}

/// A new action, as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionForm {
    /// The item it arises under (key).
    pub item: String,
    /// What is to be done.
    pub text: String,
    /// Who is to do it; empty for nobody named.
    pub owner: String,
    /// "2025-02-01", or empty.
    pub due: String,
}

/// Approval of the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalLine {
    /// The meeting at which they were approved.
    pub approved_on: DateText,
    /// The chair who signs.
    pub chair: String,
    /// Whether the signed minutes have been produced.
    pub signed: bool,
}

// ---------------------------------------------------------------------------
// Settings

/// What the Settings screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsDetail {
    /// The council's name, once a meeting names it.
    pub council: Option<String>,
    /// Which days count as clear days.
    pub calendar: CalendarDetail,
}

/// The calendar settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDetail {
    /// Leave weekends out of clear days.
    pub exclude_weekends: bool,
    /// Leave England and Wales bank holidays out of clear days.
    pub exclude_bank_holidays: bool,
    /// The council's closure days, in date order.
    pub closure_days: Vec<DateText>,
}

/// The calendar settings as the form sends them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarForm {
    /// Leave weekends out of clear days.
    pub exclude_weekends: bool,
    /// Leave England and Wales bank holidays out of clear days.
    pub exclude_bank_holidays: bool,
    /// Closure days, "2024-12-27".
    pub closure_days: Vec<String>,
}

/// What "Check database" found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseCheck {
    /// Problems found; none means healthy.
    pub problems: Vec<String>,
}

/// What "Publish to folder" did, or `folder: null` when the clerk cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SiteOutcome {
    /// The folder the pages were written to; `null` when cancelled.
    pub folder: Option<String>,
    /// Files written (new or changed).
    pub written: u32,
    /// Files left as they were.
    pub unchanged: u32,
    /// Files removed (of meetings no longer public).
    pub removed: u32,
}

/// Where a backup was written, or `null` when the clerk cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileOutcome {
    /// The file written or read; `null` when cancelled.
    pub path: Option<String>,
}

// ---------------------------------------------------------------------------
// Council set-up: people, committees, memberships, templates

/// A person in the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonDetail {
    /// Stable key ("ce-thomas").
    pub key: String,
    /// Councillor, co-opted, officer or other.
    pub kind: PersonKind,
    /// The name as typed: "CE Thomas".
    pub name: String,
    /// The name as the papers print it: "Councillor CE Thomas".
    pub display_name: String,
    /// Political group (councillors), if recorded.
    pub group: Option<String>,
    /// Job title (officers).
    pub job_title: Option<String>,
    /// Service area (officers).
    pub service_area: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// When the person left, once retired (they stay in old papers).
    pub retired_on: Option<DateText>,
}

/// A person as the add and edit forms send them (empty text = not set).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonForm {
    /// Stable key; empty when adding makes one from the name.
    pub key: String,
    /// Councillor, co-opted, officer or other.
    pub kind: PersonKind,
    /// The name as printed after any title: "CE Thomas".
    pub name: String,
    /// Political group (councillors).
    pub group: String,
    /// Job title (officers).
    pub job_title: String,
    /// Service area (officers).
    pub service_area: String,
    /// E-mail address.
    pub email: String,
    /// Telephone number.
    pub phone: String,
}

/// A committee's settings as the form sends them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommitteeForm {
    /// Full name.
    pub name: String,
    /// Short name; empty for none.
    pub short_name: String,
    /// Whether it is an executive body.
    pub executive: bool,
    /// First day of the municipal year, "05-01" (month-day).
    pub year_start: String,
    /// Members needed for a quorum; `null` for none.
    pub quorum: Option<u32>,
    /// Usual venue; empty for none.
    pub default_venue: String,
    /// The contact officer's key; empty for none.
    pub contact_officer: String,
    /// Whether new meetings start with "Apologies and Substitutions".
    pub apologies_item: bool,
}

/// A dated membership of a committee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MembershipLine {
    /// The person's key.
    pub person: String,
    /// As the papers name them.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// "Chair", "Deputy Chair", "Member" …
    pub role_label: String,
    /// First day; `null` for "since before records began".
    pub from: Option<DateText>,
    /// Last day; `null` while it runs.
    pub to: Option<DateText>,
    /// Whether it holds today.
    pub current: bool,
}

/// A new membership as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MembershipForm {
    /// The person's key.
    pub person: String,
    /// Their role.
    pub role: Role,
    /// First day, "2025-05-15"; empty for today.
    pub from: String,
    /// Last day; empty while it runs.
    pub to: String,
}

/// One standard item of a committee's template (shown and sent back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateItem {
    /// Key of the item in each new meeting ("declarations"); unique within
    /// the template.
    pub key: String,
    /// The title.
    pub title: String,
    /// Purpose line; empty for none.
    pub purpose: String,
    /// What the item is.
    pub kind: ItemKind,
    /// Agenda text (Markdown); empty for none.
    pub description: String,
    /// Sub-items (a), (b) …
    pub sub_items: Vec<String>,
}

/// A meeting's new date, time and venue.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RescheduleForm {
    /// "2025-01-23".
    pub date: String,
    /// "10:00".
    pub time: String,
    /// The venue; empty keeps the current one.
    pub venue: String,
    /// The clerk confirmed that a published agenda is to be published
    /// again with the new details.
    pub confirm_republish: bool,
}

/// One problem found in a meeting file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportProblem {
    /// Where in the JSON: "meeting.items[3].reports[0].file"; empty for the
    /// file as a whole.
    pub json_path: String,
    /// What is wrong.
    pub message: String,
}

/// What importing a meeting file did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    /// The file's name; `null` when the clerk cancelled the dialog.
    pub file_name: Option<String>,
    /// The meeting imported; `null` when cancelled or refused.
    #[ts(type = "number | null")]
    pub meeting_id: Option<i64>,
    /// Why the file was refused (nothing of it was written).
    pub problems: Vec<ImportProblem>,
}

impl From<&domain::Person> for PersonDetail {
    fn from(p: &domain::Person) -> Self {
        PersonDetail {
            key: p.key.clone(),
            kind: p.kind.into(),
            name: p.name.clone(),
            display_name: p.display_name(),
            group: p.political_group.clone(),
            job_title: p.job_title.clone(),
            service_area: p.service_area.clone(),
            email: p.email.clone(),
            phone: p.phone.clone(),
            retired_on: p.retired_on.map(DateText::from),
        }
    }
}

impl From<domain::TemplateItem> for TemplateItem {
    fn from(t: domain::TemplateItem) -> Self {
        TemplateItem {
            key: t.key,
            title: t.title,
            purpose: t.purpose.unwrap_or_default(),
            kind: t.kind.into(),
            description: t.description.unwrap_or_default(),
            sub_items: t.sub_items,
        }
    }
}

impl From<TemplateItem> for domain::TemplateItem {
    fn from(t: TemplateItem) -> Self {
        let text = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        domain::TemplateItem {
            key: t.key.trim().to_string(),
            title: t.title.trim().to_string(),
            kind: t.kind.into(),
            purpose: text(t.purpose),
            description: text(t.description),
            sub_items: t
                .sub_items
                .into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        }
    }
}
