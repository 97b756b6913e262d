//! The domain model: councils, committees, people, meetings, agenda items,
//! reports and minutes.
//!
//! These types are plain data. They are what the store reads and writes and
//! what the JSON interchange format serialises, so every field here is a fact
//! a clerk would recognise on the printed papers. Behaviour lives elsewhere:
//! numbering in [`crate::numbering`], persistence in [`crate::store`].
//!
//! People and items are referred to inside a meeting by a stable *key* (a short
//! slug such as `ce-thomas` or `homes-private`), never by a database id, so a
//! meeting file means the same thing in any database.

mod exemption;
mod format;

pub use exemption::{Exemption, ExemptionError, Paragraph};
pub use format::{long_date, minutes_date, ordinal_day, short_time};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// Database id of a committee.
    CommitteeId
);
id_type!(
    /// Database id of a person (councillor, co-opted member or officer).
    PersonId
);
id_type!(
    /// Database id of a meeting.
    MeetingId
);
id_type!(
    /// Database id of an agenda item.
    ItemId
);
id_type!(
    /// Database id of a report attached to an item.
    ReportId
);

/// The council that owns the committees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Council {
    /// "Coventry City Council".
    pub name: String,
}

/// What a person is, which decides how their name is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PersonKind {
    /// An elected member, printed "Councillor CE Thomas".
    Councillor,
    /// A co-opted member (church, parent governor …), printed by name alone.
    CoOpted,
    /// An employee of the council, listed under their service area.
    Officer,
    /// Anyone else (a witness, a partner organisation's representative).
    Other,
}

impl PersonKind {
    /// The word used in files and the CLI ("co-opted").
    pub fn as_str(self) -> &'static str {
        match self {
            PersonKind::Councillor => "councillor",
            PersonKind::CoOpted => "co-opted",
            PersonKind::Officer => "officer",
            PersonKind::Other => "other",
        }
    }
}

/// A person known to the council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Stable key, unique within the council ("ce-thomas").
    pub key: String,
    /// What the person is.
    pub kind: PersonKind,
    /// The name as printed after any title: "CE Thomas", "Tom Robinson".
    pub name: String,
    /// Job title for officers ("Governance Services Officer").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// Service area for officers ("Law and Governance").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_area: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Telephone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Political group of a councillor ("Labour"), if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub political_group: Option<String>,
    /// The day the person left (retired, stood down, moved on). A retired
    /// person stays in the papers of their time but is offered for nothing new.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired_on: Option<NaiveDate>,
}

impl Person {
    /// A person with a key, a kind and a name, nothing else recorded.
    pub fn new(key: impl Into<String>, kind: PersonKind, name: impl Into<String>) -> Self {
        Person {
            key: key.into(),
            kind,
            name: name.into(),
            job_title: None,
            service_area: None,
            email: None,
            phone: None,
            political_group: None,
            retired_on: None,
        }
    }

    /// The name as the papers print it: "Councillor CE Thomas" for a
    /// councillor, the bare name otherwise.
    pub fn display_name(&self) -> String {
        match self.kind {
            PersonKind::Councillor => format!("Councillor {}", self.name),
            PersonKind::CoOpted | PersonKind::Officer | PersonKind::Other => self.name.clone(),
        }
    }

    /// The surname as used in "Substitute for Councillor Gardiner": the last
    /// word of the name.
    pub fn surname(&self) -> &str {
        self.name.split_whitespace().last().unwrap_or(&self.name)
    }
}

/// A person's role on a committee.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Chair of the committee.
    Chair,
    /// Deputy or vice-chair.
    ViceChair,
    /// An ordinary member.
    Member,
    /// A co-opted member with a vote.
    CoOptedVoting,
    /// A co-opted member without a vote.
    CoOptedNonVoting,
    /// A named substitute who may attend in a member's place.
    Substitute,
}

impl Role {
    /// Whether the role counts towards the committee's membership (and quorum).
    pub fn is_member(self) -> bool {
        match self {
            Role::Chair | Role::ViceChair | Role::Member => true,
            Role::CoOptedVoting | Role::CoOptedNonVoting | Role::Substitute => false,
        }
    }

    /// The word used in files and the CLI ("vice-chair").
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Chair => "chair",
            Role::ViceChair => "vice-chair",
            Role::Member => "member",
            Role::CoOptedVoting => "co-opted-voting",
            Role::CoOptedNonVoting => "co-opted-non-voting",
            Role::Substitute => "substitute",
        }
    }

    /// Parses [`Role::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [
            Role::Chair,
            Role::ViceChair,
            Role::Member,
            Role::CoOptedVoting,
            Role::CoOptedNonVoting,
            Role::Substitute,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }

    /// As the papers name the role: "Chair", "Deputy Chair", "Member",
    /// "Co-opted Member (voting)" …
    pub fn label(self) -> &'static str {
        match self {
            Role::Chair => "Chair",
            Role::ViceChair => "Deputy Chair",
            Role::Member => "Member",
            Role::CoOptedVoting => "Co-opted Member (voting)",
            Role::CoOptedNonVoting => "Co-opted Member (non-voting)",
            Role::Substitute => "Substitute",
        }
    }

    /// Whether the role is a co-opted one.
    pub fn is_co_opted(self) -> bool {
        match self {
            Role::CoOptedVoting | Role::CoOptedNonVoting => true,
            Role::Chair | Role::ViceChair | Role::Member | Role::Substitute => false,
        }
    }
}

/// One person's place on a committee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// The person's key.
    pub person: String,
    /// Their role.
    pub role: Role,
    /// First day of the membership; open (since ever) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Last day of the membership (inclusive); open (still a member) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

impl Membership {
    /// An undated membership (since ever, still current).
    pub fn new(person: impl Into<String>, role: Role) -> Self {
        Membership {
            person: person.into(),
            role,
            from: None,
            to: None,
        }
    }

    /// Whether the membership holds on `date` (`from` and `to` inclusive).
    pub fn holds_on(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }

    /// Whether this membership and `other` share at least one day.
    pub fn overlaps(&self, other: &Membership) -> bool {
        let starts_before_other_ends = match (self.from, other.to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        };
        let other_starts_before_this_ends = match (other.from, self.to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_this_ends
    }
}

/// One standard item of a committee's template: what every new meeting of
/// the committee starts with. In the sub-items and description,
/// `{previous_meeting}` becomes "the meeting held on 28th November 2024"
/// (the committee's previous meeting) or "the previous meeting".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateItem {
    /// Key of the item in each new meeting ("declarations").
    pub key: String,
    /// Title printed on the agenda.
    pub title: String,
    /// Standard or substantive.
    #[serde(default, skip_serializing_if = "ItemKind::is_substantive")]
    pub kind: ItemKind,
    /// Purpose line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// Agenda text under the title (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Sub-items printed (a), (b) …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_items: Vec<String>,
}

/// A committee, board or panel of the council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Committee {
    /// Full name: "Education and Children's Services Scrutiny Board (2)".
    pub name: String,
    /// Short name for lists: "Scrutiny Board 2".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    /// Whether this is an executive (Cabinet) body, whose private meetings need
    /// 28 clear days' notice.
    #[serde(default)]
    pub executive: bool,
    /// First day of the municipal year as (month, day); item numbers restart
    /// for the first meeting on or after it. Councils hold their annual meeting
    /// in May, so the default is 1 May.
    #[serde(default = "default_year_start")]
    pub year_start: (u32, u32),
    /// Members needed for a quorum, if the constitution sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<u32>,
    /// Usual venue for new meetings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_venue: Option<String>,
    /// Key of the usual contact officer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_officer: Option<String>,
    /// Whether new meetings start with an "Apologies and Substitutions" item.
    #[serde(default)]
    pub apologies_item: bool,
    /// The members and their roles, in the order the papers list them
    /// (chair, deputy chair, members by surname, substitutes, co-opted
    /// members). A meeting read from the store carries the membership
    /// as of its date; [`crate::store::Store::committee`] gives every
    /// membership with its dates.
    pub members: Vec<Membership>,
    /// The standard items new meetings start with; absent means the
    /// default ([`crate::cycle::default_template`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<Vec<TemplateItem>>,
    /// Whether the committee is archived: kept with its meetings, offered
    /// for nothing new.
    #[serde(default, skip_serializing_if = "is_false")]
    pub archived: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn default_year_start() -> (u32, u32) {
    (5, 1)
}

impl Committee {
    /// A committee with a name and the default settings: municipal year
    /// from 1 May, no members, the default template.
    pub fn new(name: impl Into<String>) -> Self {
        Committee {
            name: name.into(),
            short_name: None,
            executive: false,
            year_start: default_year_start(),
            quorum: None,
            default_venue: None,
            contact_officer: None,
            apologies_item: false,
            members: vec![],
            template: None,
            archived: false,
        }
    }

    /// The memberships that hold on `date`, in the papers' order.
    pub fn members_on(&self, date: NaiveDate) -> Vec<Membership> {
        self.members
            .iter()
            .filter(|m| m.holds_on(date))
            .cloned()
            .collect()
    }

    /// The first day of the municipal year that contains `date`.
    pub fn municipal_year_start(&self, date: NaiveDate) -> NaiveDate {
        use chrono::Datelike;
        let (m, d) = self.year_start;
        let this_year = NaiveDate::from_ymd_opt(date.year(), m, d)
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(date.year(), 5, 1).unwrap_or(date));
        if date >= this_year {
            this_year
        } else {
            NaiveDate::from_ymd_opt(date.year() - 1, m, d).unwrap_or(this_year)
        }
    }
}

/// What sort of meeting it is; it matters for numbering and for approving
/// minutes (an extraordinary meeting is not a suitable meeting to sign them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingKind {
    /// A scheduled meeting.
    #[default]
    Ordinary,
    /// Called for specific business.
    Extraordinary,
    /// The annual meeting; item numbers restart at 1.
    Annual,
}

/// Where a meeting is in its cycle.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingStatus {
    /// The agenda is being prepared.
    #[default]
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

impl MeetingStatus {
    /// The word used in lists and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingStatus::Draft => "draft",
            MeetingStatus::Published => "published",
            MeetingStatus::Held => "held",
            MeetingStatus::MinutesDrafted => "minutes-drafted",
            MeetingStatus::MinutesApproved => "minutes-approved",
            MeetingStatus::Signed => "signed",
        }
    }

    /// Parses [`MeetingStatus::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [
            MeetingStatus::Draft,
            MeetingStatus::Published,
            MeetingStatus::Held,
            MeetingStatus::MinutesDrafted,
            MeetingStatus::MinutesApproved,
            MeetingStatus::Signed,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }
}

impl fmt::Display for MeetingStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an item is: substantive business or one of the standard items that
/// recur on every agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// Business particular to this meeting.
    #[default]
    Substantive,
    /// Apologies and substitutions.
    Apologies,
    /// Declarations of interests.
    Declarations,
    /// Exclusion of press and public (s100A(4) resolution).
    Exclusion,
    /// Minutes of the previous meeting, with matters arising.
    Minutes,
    /// The committee's work programme.
    WorkProgramme,
    /// Any other business.
    AnyOtherBusiness,
}

impl ItemKind {
    /// Whether the item is substantive business.
    pub fn is_substantive(&self) -> bool {
        matches!(self, ItemKind::Substantive)
    }

    /// The word used in files and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Substantive => "substantive",
            ItemKind::Apologies => "apologies",
            ItemKind::Declarations => "declarations",
            ItemKind::Exclusion => "exclusion",
            ItemKind::Minutes => "minutes",
            ItemKind::WorkProgramme => "work-programme",
            ItemKind::AnyOtherBusiness => "any-other-business",
        }
    }

    /// Parses [`ItemKind::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [
            ItemKind::Substantive,
            ItemKind::Apologies,
            ItemKind::Declarations,
            ItemKind::Exclusion,
            ItemKind::Minutes,
            ItemKind::WorkProgramme,
            ItemKind::AnyOtherBusiness,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// A report (a PDF) attached to an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Title shown in bookmarks and lists ("Briefing Note").
    pub title: String,
    /// Where the file is: in a meeting file, a path relative to the JSON file;
    /// in the store, the original file name.
    pub file: String,
    /// SHA-256 of the content, lower-case hex. Optional in a file being
    /// imported (it is computed); always written on export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Number of pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// Size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
}

/// An item added after the agenda was published, taken as urgent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Late {
    /// The special circumstances that make the item urgent (s100B(4)(b));
    /// they are carried into the minutes.
    pub reason: String,
}

/// An item on the agenda. Its number is its position plus the meeting's first
/// number, so numbers follow when items move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// Stable key within the meeting, used by cross-references ("homes-private").
    pub key: String,
    /// Title printed on the agenda (the public title of a private item).
    pub title: String,
    /// Title printed only in private documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_title: Option<String>,
    /// Purpose line: "Briefing Note of the Director of Children and Education".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// Standard or substantive.
    #[serde(default, skip_serializing_if = "ItemKind::is_substantive")]
    pub kind: ItemKind,
    /// Agenda text under the title (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Sub-items printed (a), (b) …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_items: Vec<String>,
    /// Reports attached, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<Report>,
    /// Set when the item is private business.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption: Option<Exemption>,
    /// Set when the item is late (urgent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late: Option<Late>,
    /// Key of the public item this private item goes with (or the reverse).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterpart: Option<String>,
    /// The minute for this item (Markdown), once written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minute: Option<String>,
}

impl AgendaItem {
    /// A substantive public item with just a key and a title.
    pub fn new(key: impl Into<String>, title: impl Into<String>) -> Self {
        AgendaItem {
            key: key.into(),
            title: title.into(),
            private_title: None,
            purpose: None,
            kind: ItemKind::Substantive,
            description: None,
            sub_items: vec![],
            reports: vec![],
            exemption: None,
            late: None,
            counterpart: None,
            minute: None,
        }
    }

    /// Whether the item is private (exempt) business.
    pub fn is_private(&self) -> bool {
        self.exemption.is_some()
    }

    /// The part of the agenda the item belongs to: "Public Business" or
    /// "Private Business".
    pub fn business(&self) -> &'static str {
        if self.is_private() {
            "Private Business"
        } else {
            "Public Business"
        }
    }

    /// The title to print: the private title in papers for members
    /// (`private` true) when there is one, else the public title.
    pub fn shown_title(&self, private: bool) -> &str {
        match (&self.private_title, private) {
            (Some(pt), true) => pt,
            (Some(_), false) | (None, _) => &self.title,
        }
    }
}

/// Whether someone was there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Presence {
    /// Present.
    Present,
    /// Sent apologies.
    Apologies,
    /// Absent without apologies.
    Absent,
}

/// One line of the attendance record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    /// The person's key.
    pub person: String,
    /// Present, apologies or absent.
    pub presence: Presence,
    /// Key of the member this person substituted for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute_for: Option<String>,
    /// Capacity for other members: "Cabinet Member for Children and Young People".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<String>,
}

/// The kind of interest declared (Localism Act 2011 and the members' code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum InterestKind {
    /// Disclosable pecuniary interest.
    DisclosablePecuniary,
    /// Other registrable interest.
    OtherRegistrable,
    /// Non-registrable interest.
    NonRegistrable,
}

/// A declaration of interest made at the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    /// Who declared.
    pub person: String,
    /// The item concerned (key).
    pub item: String,
    /// Which kind of interest.
    pub interest: InterestKind,
    /// What the interest is.
    pub note: String,
}

/// State of a request or action arising from the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    /// Still to do.
    Open,
    /// Done.
    Done,
}

/// A request for information or an action recorded in the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// The item it arose under (key).
    pub item: String,
    /// What is to be done.
    pub text: String,
    /// Who is to do it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Open or done.
    pub status: ActionStatus,
}

/// Approval and signature of the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// Date of the meeting at which the minutes were approved.
    pub approved_on: NaiveDate,
    /// Name of the chair who signed.
    pub chair: String,
    /// SHA-256 of the signed minutes PDF, once produced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_sha256: Option<String>,
}

/// The minutes of a meeting, apart from the per-item minute text which lives
/// on each [`AgendaItem`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Minutes {
    /// Who was there, who sent apologies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendance: Vec<Attendance>,
    /// Declarations of interest.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub declarations: Vec<Declaration>,
    /// Requests and actions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// When the meeting closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<NaiveTime>,
    /// Approval, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
}

/// A meeting of a committee, with its agenda and minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// Start, as local time in Europe/London.
    pub starts_at: NaiveDateTime,
    /// Where it is held: "Diamond Room 2 - Council House".
    pub venue: String,
    /// Key of the contact officer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_officer: Option<String>,
    /// Ordinary, extraordinary or annual.
    #[serde(default)]
    pub kind: MeetingKind,
    /// Where the meeting is in its cycle.
    #[serde(default)]
    pub status: MeetingStatus,
    /// The number of the first item, when set by hand (importing mid-year) or
    /// fixed at publication; otherwise it follows from the previous meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_number: Option<u32>,
    /// The agenda, in order.
    pub items: Vec<AgendaItem>,
    /// The minutes, once the meeting is held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<Minutes>,
    /// Whether the meeting was cancelled: it is kept, takes no item numbers
    /// and is not published.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cancelled: bool,
}

impl Meeting {
    /// The meeting date.
    pub fn date(&self) -> NaiveDate {
        self.starts_at.date()
    }

    /// "ordinary", "extraordinary" or "annual".
    pub fn kind_word(&self) -> &'static str {
        match self.kind {
            MeetingKind::Ordinary => "ordinary",
            MeetingKind::Extraordinary => "extraordinary",
            MeetingKind::Annual => "annual",
        }
    }

    /// The item with `key`, with its index.
    pub fn item(&self, key: &str) -> Option<(usize, &AgendaItem)> {
        self.items.iter().enumerate().find(|(_, i)| i.key == key)
    }
}
