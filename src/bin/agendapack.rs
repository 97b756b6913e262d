//! `agendapack`: the command-line face of the AgendaPack core.
//!
//! Glue only: parse arguments, call the core, print. Every error is printed
//! with its context and the process exits non-zero.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use agendapack::checks::{self, Severity};
use agendapack::domain::{
    Action as AgendaAction, ActionStatus, AgendaItem, Attendance, Committee, Declaration,
    Exemption, InterestKind, Late, MeetingId, MeetingStatus, Membership, Paragraph, Person,
    PersonKind, Presence, Role, TemplateItem,
};
use agendapack::store::{self, LoadedMeeting, PeopleFilter, Reschedule, Store};
use agendapack::{
    calendar, convert, cycle, demo, documents, interchange, pack, publish, settings, site,
};
use anyhow::{anyhow, bail, Context, Result};
use chrono::{NaiveDate, NaiveTime};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Committee agendas, packs and minutes for council democratic services.
#[derive(Debug, Parser)]
#[command(name = "agendapack", version, about)]
struct Cli {
    /// Database file (default: $AGENDAPACK_DB, else the per-user data file
    /// the desktop app uses).
    #[arg(long, global = true, value_name = "FILE")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load the demo council with the two reference meetings (idempotent).
    Demo,
    /// Import a meeting file (agendapack.meeting/1); prints the new meeting id.
    Import {
        /// The JSON file; report paths in it are relative to it.
        file: PathBuf,
    },
    /// Export a meeting as JSON, with its reports in FILE-reports/ beside it.
    Export {
        /// Meeting id.
        meeting: i64,
        /// Output file (default: standard output, without the reports).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List meetings.
    Meetings {
        /// Print JSON (id, committee, date, time, venue, kind, status, first_item, last_item).
        #[arg(long)]
        json: bool,
    },
    /// Show a meeting's agenda as text.
    Show {
        /// Meeting id.
        meeting: i64,
    },
    /// Print the JSON Schema of the meeting file format.
    Schema,
    /// Create a meeting from the committee's standard items; prints its id.
    NewMeeting {
        /// Committee name (or short name).
        #[arg(long)]
        committee: String,
        /// Date, YYYY-MM-DD.
        #[arg(long)]
        date: NaiveDate,
        /// Start time, HH:MM (24-hour).
        #[arg(long, value_parser = parse_time)]
        time: NaiveTime,
        /// Venue (default: the committee's usual venue).
        #[arg(long)]
        venue: Option<String>,
    },
    /// The last day the agenda for a meeting on DATE may be published.
    Deadline {
        /// Meeting date, YYYY-MM-DD.
        date: NaiveDate,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Pre-flight check of a meeting's papers; exits non-zero on errors.
    Check {
        /// Meeting id.
        meeting: i64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Check as of this date (default: today).
        #[arg(long)]
        today: Option<NaiveDate>,
    },
    /// Requests and actions arising from meetings.
    Actions {
        /// Only those still open.
        #[arg(long)]
        open: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Record approval of a meeting's minutes at a later meeting; locks them.
    Approve {
        /// The meeting whose minutes are approved.
        meeting: i64,
        /// The later meeting at which they were approved.
        #[arg(long = "at")]
        at: i64,
        /// The chair who signs them.
        #[arg(long)]
        chair: String,
    },
    /// Add an item to a meeting's agenda.
    AddItem {
        /// Meeting id.
        meeting: i64,
        /// Title.
        #[arg(long)]
        title: String,
        /// Key used by cross-references (default: made from the title).
        #[arg(long)]
        key: Option<String>,
        /// Purpose line ("Briefing Note of the Director of …").
        #[arg(long)]
        purpose: Option<String>,
        /// Make it private, naming Schedule 12A paragraphs: "1,3".
        #[arg(long, value_name = "PARAGRAPHS")]
        private: Option<String>,
        /// Mark it late, with the reason for urgency.
        #[arg(long, value_name = "REASON")]
        late: Option<String>,
        /// Position (1 = first; default: last).
        #[arg(long)]
        at: Option<usize>,
    },
    /// Change an item (ITEM is its number or key).
    EditItem {
        /// Meeting id.
        meeting: i64,
        /// Item number or key.
        item: String,
        /// New title.
        #[arg(long)]
        title: Option<String>,
        /// New purpose line.
        #[arg(long)]
        purpose: Option<String>,
        /// Title shown only in private papers.
        #[arg(long)]
        private_title: Option<String>,
        /// Make it private, naming Schedule 12A paragraphs: "1,3".
        #[arg(long, value_name = "PARAGRAPHS")]
        private: Option<String>,
        /// Make it public business again.
        #[arg(long, conflicts_with = "private")]
        public: bool,
        /// Mark it late, with the reason for urgency.
        #[arg(long, value_name = "REASON")]
        late: Option<String>,
    },
    /// Move an item to another position; numbers follow.
    MoveItem {
        /// Meeting id.
        meeting: i64,
        /// Item number or key.
        item: String,
        /// New position (1 = first).
        #[arg(long)]
        to: usize,
    },
    /// Delete an item and its reports.
    DeleteItem {
        /// Meeting id.
        meeting: i64,
        /// Item number or key.
        item: String,
    },
    /// Write the minute of an item (Markdown) from --text or a file.
    Minute {
        /// Meeting id.
        meeting: i64,
        /// Item number or key.
        item: String,
        /// The text.
        #[arg(long, conflicts_with = "file")]
        text: Option<String>,
        /// A Markdown file with the text.
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Set a meeting's status: draft, published, held, minutes-drafted.
    Status {
        /// Meeting id.
        meeting: i64,
        /// The new status.
        status: String,
    },
    /// Attach a report PDF to an item (ITEM_NUMBER is its number or key).
    Attach {
        /// Meeting id.
        meeting: i64,
        /// Item number or key.
        item: String,
        /// The report: a PDF, or a Word, OpenDocument, RTF, Excel or
        /// PowerPoint file or a PNG/JPEG/TIFF scan (converted to PDF by
        /// LibreOffice; the original is kept).
        file: PathBuf,
        /// Title (default: "Report").
        #[arg(long)]
        title: Option<String>,
        /// Longest a conversion may take, in seconds (default: the council's
        /// setting, 120 unless changed; or $AGENDAPACK_CONVERT_TIMEOUT).
        #[arg(long, value_name = "SECONDS")]
        timeout: Option<u64>,
    },
    /// Typeset the agenda front sheet alone as a PDF.
    Agenda {
        /// Meeting id.
        meeting: i64,
        /// Output PDF.
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// Typeset the minutes as a PDF: the public minutes (private items by
    /// public title and notice only); --private for the members' full
    /// minutes; --signed for the signed minutes.
    Minutes {
        /// Meeting id.
        meeting: i64,
        /// Output PDF.
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
        /// The signed minutes (after approval): initials box on every page,
        /// the chair's signature block; the file's SHA-256 is recorded. They
        /// are the complete legal record, so private items appear in full.
        #[arg(long)]
        signed: bool,
        /// The private minutes for members: private titles and the minutes of
        /// private items, marked PRIVATE – NOT FOR PUBLICATION.
        #[arg(long, conflicts_with = "signed")]
        private: bool,
    },
    /// Check that a file is signed minutes recorded here, unaltered.
    Verify {
        /// The PDF.
        file: PathBuf,
    },
    /// Build an agenda pack: the front sheet and the reports, every page numbered.
    Pack {
        /// Meeting id.
        meeting: i64,
        #[command(flatten)]
        which: PackChoice,
        /// Output PDF.
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// Publish the agenda: fix the numbers, build the public and private packs
    /// and keep them as issued (written to DIR).
    Publish {
        /// Meeting id.
        meeting: i64,
        /// Folder for the packs.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// Issue the supplementary pack of the late items instead (after the
        /// agenda was published), dated today and numbered on from the
        /// public pack as issued.
        #[arg(long)]
        supplementary: bool,
        /// Take this date (YYYY-MM-DD) as today (default: today).
        #[arg(long)]
        today: Option<NaiveDate>,
    },
    /// Write the council's meeting web pages into DIR: committees, meetings
    /// ("Agenda and minutes"), their PDFs, an RSS feed and an iCalendar file.
    /// Only changed files are written; files of meetings no longer public are
    /// removed; nothing AgendaPack did not write is touched.
    Site {
        /// The folder (created if needed).
        dir: PathBuf,
        /// Where the site is served ("https://democracy.example.gov.uk/"), for
        /// absolute links in the RSS feed and the calendar.
        #[arg(long)]
        base_url: Option<String>,
        /// Take this date (YYYY-MM-DD) as today for "upcoming" meetings
        /// (default: today).
        #[arg(long)]
        today: Option<NaiveDate>,
    },
    /// Draft the exclusion of press and public from the private items; with
    /// --write, store it as the Exclusion item's minute for editing.
    Exclusion {
        /// Meeting id.
        meeting: i64,
        /// Store the draft as the minute of the Exclusion item.
        #[arg(long)]
        write: bool,
    },
    /// Record who attended: people by key, comma-separated.
    Attendance {
        /// Meeting id.
        meeting: i64,
        /// Present.
        #[arg(long, value_delimiter = ',')]
        present: Vec<String>,
        /// Sent apologies.
        #[arg(long, value_delimiter = ',')]
        apologies: Vec<String>,
        /// Absent.
        #[arg(long, value_delimiter = ',')]
        absent: Vec<String>,
        /// Substitutions as SUBSTITUTE=MEMBER, e.g. j-lepoidevin=j-gardiner.
        #[arg(long = "substitute", value_name = "SUB=MEMBER")]
        substitutes: Vec<String>,
    },
    /// Record a declaration of interest.
    Declare {
        /// Meeting id.
        meeting: i64,
        /// Item number or key.
        item: String,
        /// Who declared (person key).
        #[arg(long)]
        person: String,
        /// disclosable-pecuniary, other-registrable or non-registrable.
        #[arg(long)]
        interest: String,
        /// What the interest is.
        #[arg(long)]
        note: String,
    },
    /// Record a request or action arising from an item.
    Action {
        /// Meeting id.
        meeting: i64,
        /// Item number or key.
        item: String,
        /// What is to be done.
        #[arg(long)]
        text: String,
        /// Who is to do it.
        #[arg(long)]
        owner: Option<String>,
        /// When it is due (YYYY-MM-DD).
        #[arg(long)]
        due: Option<NaiveDate>,
    },
    /// Mark action N (as numbered by `actions`) of a meeting done, or open again.
    ActionDone {
        /// Meeting id.
        meeting: i64,
        /// The action's number within the meeting.
        number: usize,
        /// Open it again instead.
        #[arg(long)]
        reopen: bool,
    },
    /// Record when the meeting closed (HH:MM).
    Closed {
        /// Meeting id.
        meeting: i64,
        /// Closing time.
        #[arg(value_parser = parse_time)]
        time: NaiveTime,
    },
    /// Verify the whole database: integrity, foreign keys, every stored report
    /// against its hash, signed minutes against their recorded hash.
    Fsck {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Copy the database to FILE (safe while the app is running).
    Backup {
        /// Where to write the copy.
        file: PathBuf,
    },
    /// Replace the database with a backup (the current one is kept as
    /// DB.before-restore.bak).
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// The people directory: add or change a councillor, co-opted member,
    /// officer or other person.
    Person {
        #[command(subcommand)]
        action: PersonCommand,
    },
    /// List the people directory (current people; --all for the retired too).
    People {
        /// Only those matching these words (name, key, job title, service area, e-mail, group).
        #[arg(long)]
        search: Option<String>,
        /// Only this kind: councillor, co-opted, officer, other.
        #[arg(long)]
        kind: Option<String>,
        /// Include people who have retired.
        #[arg(long)]
        all: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Create or change a committee.
    Committee {
        #[command(subcommand)]
        action: CommitteeCommand,
    },
    /// List committees with their members and roles as of today (or --on DATE).
    Committees {
        /// The day whose membership to show (default: today).
        #[arg(long)]
        on: Option<NaiveDate>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Memberships of a committee, with dates.
    Member {
        #[command(subcommand)]
        action: MemberCommand,
    },
    /// Print a committee's standard items (the template new meetings start
    /// with) as JSON, or replace them from a JSON file.
    Template {
        /// Committee name (or short name).
        committee: String,
        /// Replace the standard items with those in FILE.json (a list of
        /// {key, title, kind, purpose, description, sub_items}).
        #[arg(long, value_name = "FILE.json", conflicts_with = "default")]
        set: Option<PathBuf>,
        /// Go back to the default standard items.
        #[arg(long)]
        default: bool,
    },
    /// Move a meeting to another date, time or venue; its deadline and item
    /// numbers follow. A published meeting needs --republish.
    Reschedule {
        /// Meeting id.
        meeting: i64,
        /// New date, YYYY-MM-DD.
        #[arg(long)]
        date: Option<NaiveDate>,
        /// New start time, HH:MM (24-hour).
        #[arg(long, value_parser = parse_time)]
        time: Option<NaiveTime>,
        /// New venue.
        #[arg(long)]
        venue: Option<String>,
        /// Confirm that the agenda, already published, will be published again.
        #[arg(long)]
        republish: bool,
    },
    /// Cancel a meeting: it is kept, marked cancelled, and takes no item numbers.
    Cancel {
        /// Meeting id.
        meeting: i64,
        /// Undo: the meeting is to take place after all.
        #[arg(long)]
        undo: bool,
    },
    /// Delete a draft meeting (undo with restore-meeting).
    DeleteMeeting {
        /// Meeting id.
        meeting: i64,
    },
    /// Put back a draft meeting deleted with delete-meeting.
    RestoreMeeting {
        /// The id the meeting had.
        meeting: i64,
    },
    /// Council settings: the council's name, closure days and which days count.
    Settings {
        /// The council's name as the papers print it.
        #[arg(long)]
        council: Option<String>,
        /// Add a council closure day (YYYY-MM-DD); repeatable.
        #[arg(long = "closure-day")]
        closure_days: Vec<NaiveDate>,
        /// Remove a closure day; repeatable.
        #[arg(long = "remove-closure-day")]
        remove_closure_days: Vec<NaiveDate>,
        /// Count Saturdays and Sundays as clear days (true/false).
        #[arg(long)]
        count_weekends: Option<bool>,
        /// Count bank holidays as clear days (true/false).
        #[arg(long)]
        count_bank_holidays: Option<bool>,
        /// Longest a report's conversion to PDF may take, in seconds (default 120).
        #[arg(long, value_name = "SECONDS")]
        conversion_timeout: Option<u64>,
    },
}

#[derive(Debug, clap::Args)]
#[group(required = true, multiple = false)]
struct PackChoice {
    /// The public pack: private reports replaced by "not for publication" notices.
    #[arg(long)]
    public: bool,
    /// The members' private pack: everything, private pages marked.
    #[arg(long)]
    private: bool,
    /// The supplementary pack: late items, numbered on from the main pack.
    #[arg(long)]
    supplementary: bool,
}

#[derive(Debug, Subcommand)]
enum PersonCommand {
    /// Add a person to the directory.
    Add {
        /// Key naming the person in files and commands ("a-smith").
        key: String,
        #[command(flatten)]
        details: PersonArgs,
    },
    /// Change a person's details, retire or reinstate them.
    Edit {
        /// The person's key.
        key: String,
        #[command(flatten)]
        details: PersonArgs,
        /// Retire the person (today, or --on DATE): their memberships end that day.
        #[arg(long, conflicts_with = "reinstate")]
        retire: bool,
        /// The day they retire (with --retire).
        #[arg(long, requires = "retire")]
        on: Option<NaiveDate>,
        /// Undo a retirement.
        #[arg(long)]
        reinstate: bool,
    },
    /// Delete a person named nowhere (a mistake); otherwise refused, saying where they are named.
    Delete {
        /// The person's key.
        key: String,
    },
}

#[derive(Debug, clap::Args)]
struct PersonArgs {
    /// councillor, co-opted, officer or other (required for add).
    #[arg(long)]
    kind: Option<String>,
    /// The name as printed after any title ("A Smith").
    #[arg(long)]
    name: Option<String>,
    /// E-mail address.
    #[arg(long)]
    email: Option<String>,
    /// Telephone number.
    #[arg(long)]
    phone: Option<String>,
    /// Job title (officers).
    #[arg(long)]
    job_title: Option<String>,
    /// Service area (officers).
    #[arg(long)]
    service_area: Option<String>,
    /// Political group (councillors).
    #[arg(long)]
    group: Option<String>,
}

#[derive(Debug, Subcommand)]
enum CommitteeCommand {
    /// Create a committee.
    Add {
        /// Full name ("Planning Committee").
        name: String,
        #[command(flatten)]
        settings: CommitteeArgs,
    },
    /// Change a committee's settings, rename or archive it.
    Edit {
        /// Name (or short name) of the committee.
        name: String,
        #[command(flatten)]
        settings: CommitteeArgs,
        /// New full name.
        #[arg(long)]
        rename: Option<String>,
        /// Archive it (kept with its meetings, offered for no new meeting).
        #[arg(long, conflicts_with = "unarchive")]
        archive: bool,
        /// Bring it back from the archive.
        #[arg(long)]
        unarchive: bool,
    },
}

#[derive(Debug, clap::Args)]
struct CommitteeArgs {
    /// Short name for lists.
    #[arg(long)]
    short: Option<String>,
    /// An executive (Cabinet) body; `--executive false` to undo.
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    executive: Option<bool>,
    /// First day of the municipal year, MM-DD (default 05-01).
    #[arg(long, value_parser = parse_month_day, value_name = "MM-DD")]
    year_start: Option<(u32, u32)>,
    /// Members needed for a quorum.
    #[arg(long)]
    quorum: Option<u32>,
    /// Usual venue for new meetings.
    #[arg(long)]
    venue: Option<String>,
    /// Key of the usual contact officer.
    #[arg(long, value_name = "KEY")]
    contact: Option<String>,
    /// New meetings start with "Apologies and Substitutions"; `--apologies-item false` to undo.
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    apologies_item: Option<bool>,
}

#[derive(Debug, Subcommand)]
enum MemberCommand {
    /// Add a membership: ROLE from a date (default: always) to a date (default: no end).
    Add {
        /// Committee name (or short name).
        committee: String,
        /// The person's key.
        person: String,
        /// chair, vice-chair, member, substitute, co-opted-voting or co-opted-non-voting.
        #[arg(long)]
        role: String,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        to: Option<NaiveDate>,
    },
    /// End the person's membership that holds on DATE; DATE is its last day.
    End {
        /// Committee name (or short name).
        committee: String,
        /// The person's key.
        person: String,
        /// The last day of the membership.
        #[arg(long)]
        on: NaiveDate,
    },
}

fn parse_month_day(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("\"{s}\" is not a day of the year like 05-01 (1 May)");
    let (m, d) = s.split_once('-').ok_or_else(bad)?;
    let (m, d): (u32, u32) = (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    NaiveDate::from_ymd_opt(2001, m, d).ok_or_else(bad)?;
    Ok((m, d))
}

fn person_kind(s: &str) -> Result<PersonKind> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).map_err(|_| {
        anyhow!("\"{s}\" is not a kind of person: give councillor, co-opted, officer or other")
    })
}

fn role(s: &str) -> Result<Role> {
    Role::parse(s).ok_or_else(|| {
        anyhow!("\"{s}\" is not a role: give chair, vice-chair, member, substitute, co-opted-voting or co-opted-non-voting")
    })
}

/// Applies the options given to a person's details.
fn apply_person(p: &mut Person, d: PersonArgs) -> Result<()> {
    if let Some(k) = d.kind {
        p.kind = person_kind(&k)?;
    }
    if let Some(n) = d.name {
        p.name = n;
    }
    let set = |field: &mut Option<String>, v: Option<String>| {
        if let Some(v) = v {
            *field = Some(v).filter(|v| !v.trim().is_empty());
        }
    };
    set(&mut p.email, d.email);
    set(&mut p.phone, d.phone);
    set(&mut p.job_title, d.job_title);
    set(&mut p.service_area, d.service_area);
    set(&mut p.political_group, d.group);
    Ok(())
}

/// Applies the options given to a committee's settings.
fn apply_committee(c: &mut Committee, a: CommitteeArgs) {
    if let Some(s) = a.short {
        c.short_name = Some(s);
    }
    if let Some(e) = a.executive {
        c.executive = e;
    }
    if let Some(y) = a.year_start {
        c.year_start = y;
    }
    if let Some(q) = a.quorum {
        c.quorum = Some(q);
    }
    if let Some(v) = a.venue {
        c.default_venue = Some(v);
    }
    if let Some(k) = a.contact {
        c.contact_officer = Some(k);
    }
    if let Some(a) = a.apologies_item {
        c.apologies_item = a;
    }
}

/// "Councillor A Smith (a-smith)".
fn named(store: &Store, key: &str) -> String {
    store
        .person(key)
        .map(|p| format!("{} ({key})", p.display_name()))
        .unwrap_or_else(|_| key.to_string())
}

fn dates(m: &Membership) -> String {
    match (m.from, m.to) {
        (None, None) => String::new(),
        (Some(f), None) => format!(" from {f}"),
        (None, Some(t)) => format!(" until {t}"),
        (Some(f), Some(t)) => format!(" from {f} to {t}"),
    }
}

fn parse_time(s: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(s, "%H:%M")
        .map_err(|_| format!("\"{s}\" is not a time like 10:00 or 14:30"))
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Resolves ITEM (a number as printed, or a key) to the item's key.
fn item_key(m: &LoadedMeeting, item: &str) -> Result<String> {
    if let Ok(n) = item.parse::<u32>() {
        let index = n.checked_sub(m.first_number).map(|i| i as usize);
        return index
            .and_then(|i| m.meeting.items.get(i))
            .map(|it| it.key.clone())
            .ok_or_else(|| {
                anyhow!(
                    "meeting {} has no item {n} (its items are numbered {})",
                    m.id,
                    range(m)
                )
            });
    }
    m.meeting
        .item(item)
        .map(|(_, it)| it.key.clone())
        .ok_or_else(|| anyhow!("meeting {} has no item with key \"{item}\"", m.id))
}

fn range(m: &LoadedMeeting) -> String {
    match m.last_number() {
        Some(last) => format!("{}–{last}", m.first_number),
        None => "— it has none yet".to_string(),
    }
}

fn paragraphs(list: &str) -> Result<Exemption> {
    let mut paragraphs = Vec::new();
    for p in list
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let n: u8 = p
            .parse()
            .map_err(|_| anyhow!("\"{p}\" is not a paragraph number (1 to 7)"))?;
        paragraphs.push(Paragraph::try_from(n)?);
    }
    if paragraphs.is_empty() {
        bail!("name at least one paragraph of Schedule 12A (1 to 7), e.g. --private 1,3");
    }
    paragraphs.sort();
    paragraphs.dedup();
    Ok(Exemption { paragraphs })
}

fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.len() >= 40 {
            break;
        }
    }
    s.trim_end_matches('-').to_string()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("agendapack: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The report converter: `soffice` from $AGENDAPACK_SOFFICE or PATH; the
/// timeout from `--timeout`, $AGENDAPACK_CONVERT_TIMEOUT or the council's setting.
fn converter(store: &Store, timeout: Option<u64>) -> Result<convert::Converter> {
    let from_env = match std::env::var(convert::TIMEOUT_ENV) {
        Ok(v) if !v.trim().is_empty() => Some(v.trim().parse::<u64>().with_context(|| {
            format!(
                "{} must be a whole number of seconds, not \"{v}\"",
                convert::TIMEOUT_ENV
            )
        })?),
        _ => None,
    };
    let timeout = match timeout.or(from_env) {
        Some(0) => bail!("the conversion timeout must be at least 1 second"),
        Some(seconds) => std::time::Duration::from_secs(seconds),
        None => settings::conversion_timeout(store)?,
    };
    Ok(convert::Converter::locate(
        std::env::var_os(convert::SOFFICE_ENV).as_deref(),
        std::env::var_os("PATH").as_deref(),
        timeout,
    ))
}

fn open(db: Option<&Path>) -> Result<Store> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => store::default_db_path()?,
    };
    Ok(Store::open(&path)?)
}

fn run(cli: Cli) -> Result<()> {
    let db = cli.db.as_deref();
    match cli.command {
        Command::Demo => {
            let mut store = open(db)?;
            let outcome = demo::load(&mut store)?;
            println!(
                "Demo loaded into {}: {} meeting(s) added, {} already present.",
                store.path().display(),
                outcome.added,
                outcome.already_present
            );
        }
        Command::Import { file } => {
            let mut store = open(db)?;
            let converter = converter(&store, None)?;
            let id = interchange::import_with(&mut store, &file, &converter)?;
            println!("{id}");
        }
        Command::Export { meeting, output } => {
            let store = open(db)?;
            let id = MeetingId(meeting);
            match output {
                Some(out) => interchange::export(&store, id, &out)
                    .with_context(|| format!("exporting meeting {meeting} to {}", out.display()))?,
                None => {
                    let (file, _) = interchange::to_file(&store, id, "reports")?;
                    print!("{}", interchange::to_json(&file));
                }
            }
        }
        Command::Meetings { json } => {
            let store = open(db)?;
            let meetings = store.meetings()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&meetings)?);
            } else if meetings.is_empty() {
                println!("No meetings yet. Try `agendapack demo`.");
            } else {
                for m in meetings {
                    let items = match (m.first_item, m.last_item) {
                        (Some(a), Some(b)) => format!("items {a}–{b}"),
                        _ => "no items".to_string(),
                    };
                    println!(
                        "{:>4}  {}  {}  {:<16} {:<12} {}",
                        m.id,
                        m.date,
                        m.time.format("%H:%M"),
                        m.status.as_str(),
                        items,
                        m.committee
                    );
                }
            }
        }
        Command::Show { meeting } => {
            let store = open(db)?;
            let loaded = store.load_meeting(MeetingId(meeting))?;
            print!("{}", documents::text::agenda(&loaded));
        }
        Command::Schema => print!("{}", interchange::json_schema()),
        Command::NewMeeting {
            committee,
            date,
            time,
            venue,
        } => {
            let mut store = open(db)?;
            let created = cycle::new_meeting(
                &mut store,
                &committee,
                date.and_time(time),
                venue.as_deref(),
            )?;
            for w in &created.warnings {
                eprintln!("warning: {w}");
            }
            println!("{}", created.id);
        }
        Command::Deadline { date, json } => {
            let calendar_settings = match db {
                Some(p) => settings::calendar(&Store::open(p)?)?,
                None => calendar::CalendarSettings::default(),
            };
            let deadline = calendar::publication_deadline(date, &calendar_settings)?;
            if json {
                let v = serde_json::json!({
                    "meeting": date.to_string(),
                    "publish_by": deadline.to_string(),
                    "publish_by_text": agendapack::domain::long_date(deadline),
                    "clear_days": calendar::clear_days_between(deadline, date, &calendar_settings)?,
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!(
                    "A meeting on {} must have its agenda published by {}.",
                    agendapack::domain::long_date(date),
                    agendapack::domain::long_date(deadline)
                );
            }
        }
        Command::Check {
            meeting,
            json,
            today: as_of,
        } => {
            let store = open(db)?;
            let loaded = store.load_meeting(MeetingId(meeting))?;
            let findings = checks::preflight(
                &store,
                &loaded,
                as_of.unwrap_or_else(today),
                &settings::calendar(&store)?,
            );
            if json {
                println!("{}", serde_json::to_string_pretty(&findings)?);
            } else if findings.is_empty() {
                println!("No problems found.");
            } else {
                for f in &findings {
                    let level = match f.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    };
                    match f.number {
                        Some(n) => println!("{level}: item {n}: {}", f.message),
                        None => println!("{level}: {}", f.message),
                    }
                }
            }
            if checks::has_errors(&findings) {
                return Err(anyhow!("meeting {meeting} has errors to put right"));
            }
        }
        Command::Actions {
            open: only_open,
            json,
        } => {
            let store = open(db)?;
            let mut rows = Vec::new();
            for summary in store.meetings()? {
                let m = store.load_meeting(summary.id)?;
                let Some(minutes) = &m.meeting.minutes else {
                    continue;
                };
                for (index, a) in minutes.actions.iter().enumerate() {
                    if only_open && a.status != ActionStatus::Open {
                        continue;
                    }
                    rows.push(serde_json::json!({
                        "meeting": m.id,
                        "committee": m.committee.name,
                        "meeting_date": m.meeting.date().to_string(),
                        "index": index + 1,
                        "item": m.number_of_key(&a.item),
                        "text": a.text,
                        "owner": a.owner,
                        "due": a.due.map(|d| d.to_string()),
                        "status": a.status,
                    }));
                }
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else if rows.is_empty() {
                println!("No actions.");
            } else {
                for r in rows {
                    println!(
                        "{} minute {}  [{}]  {}{}{}",
                        r["meeting_date"].as_str().unwrap_or_default(),
                        r["item"],
                        r["status"].as_str().unwrap_or_default(),
                        r["text"].as_str().unwrap_or_default(),
                        r["owner"]
                            .as_str()
                            .map(|o| format!(" — {o}"))
                            .unwrap_or_default(),
                        r["due"]
                            .as_str()
                            .map(|d| format!(" (due {d})"))
                            .unwrap_or_default(),
                    );
                }
            }
        }
        Command::Approve { meeting, at, chair } => {
            let mut store = open(db)?;
            cycle::approve(&mut store, MeetingId(meeting), MeetingId(at), &chair)?;
            println!("The minutes of meeting {meeting} are approved and locked.");
        }
        Command::AddItem {
            meeting,
            title,
            key,
            purpose,
            private,
            late,
            at,
        } => {
            let mut store = open(db)?;
            let id = MeetingId(meeting);
            let loaded = store.load_meeting(id)?;
            let mut key = key.unwrap_or_else(|| slug(&title));
            if key.is_empty() {
                key = "item".into();
            }
            let base = key.clone();
            let mut n = 2;
            while loaded.meeting.item(&key).is_some() {
                key = format!("{base}-{n}");
                n += 1;
            }
            let item = AgendaItem {
                purpose,
                exemption: private.as_deref().map(paragraphs).transpose()?,
                late: late.map(|reason| Late { reason }),
                ..AgendaItem::new(key.clone(), title)
            };
            store.add_item(id, &item, at.map(|a| a.saturating_sub(1)))?;
            let after = store.load_meeting(id)?;
            println!("{} {key}", after.number_of_key(&key).unwrap_or_default());
        }
        Command::EditItem {
            meeting,
            item,
            title,
            purpose,
            private_title,
            private,
            public,
            late,
        } => {
            let mut store = open(db)?;
            let id = MeetingId(meeting);
            let loaded = store.load_meeting(id)?;
            let key = item_key(&loaded, &item)?;
            let mut it = loaded
                .meeting
                .item(&key)
                .map(|(_, i)| i.clone())
                .context("item vanished")?;
            if let Some(t) = title {
                it.title = t;
            }
            if let Some(p) = purpose {
                it.purpose = Some(p).filter(|p| !p.is_empty());
            }
            if let Some(p) = private_title {
                it.private_title = Some(p).filter(|p| !p.is_empty());
            }
            if let Some(p) = private {
                it.exemption = Some(paragraphs(&p)?);
            }
            if public {
                it.exemption = None;
            }
            if let Some(reason) = late {
                it.late = Some(Late { reason });
            }
            store.update_item(id, &key, &it)?;
        }
        Command::MoveItem { meeting, item, to } => {
            let mut store = open(db)?;
            let id = MeetingId(meeting);
            let key = item_key(&store.load_meeting(id)?, &item)?;
            store.move_item(id, &key, to.saturating_sub(1))?;
        }
        Command::DeleteItem { meeting, item } => {
            let mut store = open(db)?;
            let id = MeetingId(meeting);
            let key = item_key(&store.load_meeting(id)?, &item)?;
            store.delete_item(id, &key)?;
        }
        Command::Minute {
            meeting,
            item,
            text,
            file,
        } => {
            let mut store = open(db)?;
            let id = MeetingId(meeting);
            let key = item_key(&store.load_meeting(id)?, &item)?;
            let text = match (text, file) {
                (Some(t), _) => t,
                (None, Some(f)) => std::fs::read_to_string(&f)
                    .with_context(|| format!("reading {}", f.display()))?,
                (None, None) => bail!("give the minute with --text or --file"),
            };
            store.set_minute(id, &key, Some(&text))?;
        }
        Command::Status { meeting, status } => {
            let mut store = open(db)?;
            let st = MeetingStatus::parse(&status).ok_or_else(|| {
                anyhow!("\"{status}\" is not a status (draft, published, held, minutes-drafted); approval and signing have their own commands")
            })?;
            match st {
                MeetingStatus::MinutesApproved | MeetingStatus::Signed => {
                    bail!("use `agendapack approve` and `agendapack minutes --signed` to approve and sign minutes")
                }
                MeetingStatus::Draft
                | MeetingStatus::Published
                | MeetingStatus::Held
                | MeetingStatus::MinutesDrafted => {}
            }
            store.set_status(MeetingId(meeting), st)?;
        }
        Command::Attach {
            meeting,
            item,
            file,
            title,
            timeout,
        } => {
            let mut store = open(db)?;
            let id = MeetingId(meeting);
            let loaded = store.load_meeting(id)?;
            let key = item_key(&loaded, &item)?;
            let number = loaded.number_of_key(&key).unwrap_or_default();
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let converter = converter(&store, timeout)?;
            let prepared =
                convert::prepare(&store, &converter, &name, &bytes, &pack::Limits::default())
                    .with_context(|| {
                        format!("cannot attach {} to item {number}", file.display())
                    })?;
            prepared.attach(&mut store, id, &key, title.as_deref().unwrap_or("Report"))?;
            let n = prepared.pdf.page_count;
            let pages = format!("{n} page{}", if n == 1 { "" } else { "s" });
            match &prepared.original {
                None => println!("Attached {name} ({pages}) to item {number}."),
                Some(original) => {
                    let again = if prepared.conversion.is_none() {
                        " (converted before: not converted again)"
                    } else {
                        ""
                    };
                    println!(
                        "Attached {name} to item {number} as {} ({pages}), {}{again}.",
                        prepared.file_name, original.note
                    );
                }
            }
        }
        Command::Agenda { meeting, output } => {
            let store = open(db)?;
            let rendered =
                publish::agenda_pdf(&store, MeetingId(meeting), &settings::calendar(&store)?)?;
            interchange::write_atomic(&output, &rendered.bytes)?;
            println!(
                "Wrote {} ({} pages).",
                output.display(),
                rendered.page_count
            );
        }
        Command::Minutes {
            meeting,
            output,
            signed,
            private,
        } => {
            let id = MeetingId(meeting);
            let (bytes, pages) = if signed {
                let mut store = open(db)?;
                let bytes = publish::signed_minutes(&mut store, id)?;
                (bytes, None)
            } else {
                let store = open(db)?;
                let r = if private {
                    publish::private_minutes_pdf(&store, id)?
                } else {
                    publish::minutes_pdf(&store, id)?
                };
                (r.bytes, Some(r.page_count))
            };
            interchange::write_atomic(&output, &bytes)?;
            match pages {
                Some(p) => println!("Wrote {} ({p} pages).", output.display()),
                None => println!(
                    "Wrote {} (SHA-256 {}).",
                    output.display(),
                    store::sha256_hex(&bytes)
                ),
            }
        }
        Command::Verify { file } => {
            let store = open(db)?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let v = publish::verify_signed(&store, &bytes)
                .with_context(|| format!("{} is not valid signed minutes", file.display()))?;
            println!(
                "{}: the signed minutes of {}, {}, signed by {} on {} (SHA-256 {}).",
                file.display(),
                v.committee,
                agendapack::domain::long_date(v.date),
                v.chair,
                agendapack::domain::long_date(v.signed_on),
                v.sha256
            );
        }
        Command::Pack {
            meeting,
            which,
            output,
        } => {
            let store = open(db)?;
            let kind = if which.public {
                publish::PackKind::Public
            } else if which.private {
                publish::PackKind::Private
            } else {
                publish::PackKind::Supplementary
            };
            let built = publish::build_pack_on(
                &store,
                MeetingId(meeting),
                kind,
                today(),
                &settings::calendar(&store)?,
            )?;
            interchange::write_atomic(&output, &built.bytes)?;
            println!(
                "Wrote {} ({} pages, numbered {}–{}, {}).",
                output.display(),
                built.page_count,
                built.numbers.0,
                built.numbers.1,
                documents::text::human_size(built.bytes.len() as u64)
            );
        }
        Command::Publish {
            meeting,
            output,
            supplementary,
            today: as_of,
        } => {
            let mut store = open(db)?;
            let s = settings::calendar(&store)?;
            let id = MeetingId(meeting);
            let on = as_of.unwrap_or_else(today);
            if supplementary {
                let built = publish::publish_supplementary(&mut store, id, on, &s)?;
                let date = store.load_meeting(id)?.meeting.date();
                let path = output.join(publish::PackKind::Supplementary.file_name(date));
                interchange::write_atomic(&path, &built.bytes)?;
                println!(
                    "Wrote {} ({} pages, numbered {}–{}).",
                    path.display(),
                    built.page_count,
                    built.numbers.0,
                    built.numbers.1
                );
                return Ok(());
            }
            let (public, private) = publish::publish(&mut store, id, on, &s)?;
            let date = store.load_meeting(id)?.meeting.date();
            for (kind, pack) in [
                (publish::PackKind::Public, &public),
                (publish::PackKind::Private, &private),
            ] {
                let path = output.join(kind.file_name(date));
                interchange::write_atomic(&path, &pack.bytes)?;
                println!("Wrote {} ({} pages).", path.display(), pack.page_count);
            }
        }
        Command::Site {
            dir,
            base_url,
            today: as_of,
        } => {
            let store = open(db)?;
            let opts = site::SiteOptions {
                today: as_of.unwrap_or_else(today),
                base_url,
                calendar: settings::calendar(&store)?,
            };
            let built = site::build(&store, &opts)?;
            let outcome = site::write(&built, &dir)?;
            println!(
                "Wrote the site to {}: {} file(s) written, {} unchanged, {} removed.",
                dir.display(),
                outcome.written.len(),
                outcome.unchanged,
                outcome.removed.len()
            );
        }
        Command::Exclusion { meeting, write } => {
            let id = MeetingId(meeting);
            let mut store = open(db)?;
            let loaded = store.load_meeting(id)?;
            let draft = cycle::exclusion_resolution(&loaded)
                .ok_or_else(|| anyhow!("meeting {meeting} has no private items, so there is nothing to exclude the press and public for"))?;
            let (index, exclusion) = loaded
                .meeting
                .items
                .iter()
                .enumerate()
                .find(|(_, i)| i.kind == agendapack::domain::ItemKind::Exclusion)
                .ok_or_else(|| anyhow!("meeting {meeting} has no \"Exclusion of Press and Public\" item: add one before the private items"))?;
            // Stored first, so a refused write prints nothing but the reason.
            if write {
                store.set_minute(id, &exclusion.key, Some(&draft))?;
            }
            println!(
                "{}",
                agendapack::crossref::render(&draft, loaded.number_of(index), &|k| loaded
                    .number_of_key(k))
            );
        }
        Command::Attendance {
            meeting,
            present,
            apologies,
            absent,
            substitutes,
        } => {
            let mut store = open(db)?;
            let mut subs = std::collections::BTreeMap::new();
            for s in &substitutes {
                let (sub, member) = s
                    .split_once('=')
                    .ok_or_else(|| anyhow!("\"{s}\": give substitutions as SUBSTITUTE=MEMBER, e.g. j-lepoidevin=j-gardiner"))?;
                subs.insert(sub.trim().to_string(), member.trim().to_string());
            }
            let mut list = Vec::new();
            for (keys, presence) in [
                (&present, Presence::Present),
                (&apologies, Presence::Apologies),
                (&absent, Presence::Absent),
            ] {
                for k in keys.iter().filter(|k| !k.is_empty()) {
                    list.push(Attendance {
                        person: k.clone(),
                        presence,
                        substitute_for: subs.get(k).cloned(),
                        capacity: None,
                    });
                }
            }
            store.set_attendance(MeetingId(meeting), &list)?;
            println!("Recorded {} attendance line(s).", list.len());
        }
        Command::Declare {
            meeting,
            item,
            person,
            interest,
            note,
        } => {
            let mut store = open(db)?;
            let id = MeetingId(meeting);
            let key = item_key(&store.load_meeting(id)?, &item)?;
            let interest = match interest.as_str() {
                "disclosable-pecuniary" => InterestKind::DisclosablePecuniary,
                "other-registrable" => InterestKind::OtherRegistrable,
                "non-registrable" => InterestKind::NonRegistrable,
                other => bail!("\"{other}\" is not a kind of interest: disclosable-pecuniary, other-registrable or non-registrable"),
            };
            store.add_declaration(
                id,
                &Declaration {
                    person,
                    item: key,
                    interest,
                    note,
                },
            )?;
        }
        Command::Action {
            meeting,
            item,
            text,
            owner,
            due,
        } => {
            let mut store = open(db)?;
            let id = MeetingId(meeting);
            let key = item_key(&store.load_meeting(id)?, &item)?;
            store.add_action(
                id,
                &AgendaAction {
                    item: key,
                    text,
                    owner,
                    due,
                    status: ActionStatus::Open,
                },
            )?;
        }
        Command::ActionDone {
            meeting,
            number,
            reopen,
        } => {
            let mut store = open(db)?;
            let status = if reopen {
                ActionStatus::Open
            } else {
                ActionStatus::Done
            };
            store.set_action_status(MeetingId(meeting), number.saturating_sub(1), status)?;
        }
        Command::Closed { meeting, time } => {
            let mut store = open(db)?;
            store.set_closed_at(MeetingId(meeting), Some(time))?;
        }
        Command::Fsck { json } => {
            let store = open(db)?;
            let problems = store.fsck()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&problems)?);
            } else if problems.is_empty() {
                println!("{}: no problems found.", store.path().display());
            } else {
                for p in &problems {
                    println!("{}: {}", p.kind, p.detail);
                }
            }
            if !problems.is_empty() {
                bail!(
                    "{} problem(s) found in {}; nothing was repaired",
                    problems.len(),
                    store.path().display()
                );
            }
        }
        Command::Backup { file } => {
            let store = open(db)?;
            if file.exists() {
                bail!("{} already exists; choose a new file name", file.display());
            }
            store.backup_to(&file)?;
            println!(
                "Backed up {} to {}.",
                store.path().display(),
                file.display()
            );
        }
        Command::Restore { file } => {
            let mut store = open(db)?;
            store.restore_from(&file)?;
            println!(
                "Restored {} from {}.",
                store.path().display(),
                file.display()
            );
        }
        Command::Person { action } => {
            let mut store = open(db)?;
            person_command(&mut store, action)?;
        }
        Command::People {
            search,
            kind,
            all,
            json,
        } => {
            let store = open(db)?;
            let people = store.people(&PeopleFilter {
                text: search.unwrap_or_default(),
                kind: kind.as_deref().map(person_kind).transpose()?,
                include_retired: all,
                limit: None,
            })?;
            if json {
                println!("{}", serde_json::to_string_pretty(&people)?);
            } else if people.is_empty() {
                println!("No people found. Add one with `agendapack person add`.");
            } else {
                for p in people {
                    let mut extra: Vec<String> = vec![p.kind.as_str().to_string()];
                    extra.extend(p.political_group.clone());
                    extra.extend(p.job_title.clone());
                    extra.extend(p.service_area.clone());
                    extra.extend(p.email.clone());
                    if let Some(r) = p.retired_on {
                        extra.push(format!("retired {r}"));
                    }
                    println!("{:<20} {}  ({})", p.key, p.display_name(), extra.join(", "));
                }
            }
        }
        Command::Committee { action } => {
            let mut store = open(db)?;
            committee_command(&mut store, action)?;
        }
        Command::Committees { on, json } => {
            let store = open(db)?;
            let on = on.unwrap_or_else(today);
            let committees = store.committees_on(on)?;
            if json {
                let list: Vec<serde_json::Value> = committees
                    .iter()
                    .map(|c| {
                        let members: Vec<serde_json::Value> = c
                            .members
                            .iter()
                            .map(|m| {
                                let p = store.person(&m.person).ok();
                                serde_json::json!({
                                    "person": m.person,
                                    "name": p.map(|p| p.display_name()),
                                    "role": m.role.as_str(),
                                    "from": m.from,
                                    "to": m.to,
                                })
                            })
                            .collect();
                        serde_json::json!({
                            "name": c.name,
                            "short_name": c.short_name,
                            "executive": c.executive,
                            "year_start": format!("{:02}-{:02}", c.year_start.0, c.year_start.1),
                            "quorum": c.quorum,
                            "default_venue": c.default_venue,
                            "contact_officer": c.contact_officer,
                            "apologies_item": c.apologies_item,
                            "archived": c.archived,
                            "on": on,
                            "members": members,
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else if committees.is_empty() {
                println!("No committees yet. Add one with `agendapack committee add NAME`.");
            } else {
                for c in committees {
                    let mut about = Vec::new();
                    if let Some(s) = &c.short_name {
                        about.push(format!("short name {s}"));
                    }
                    if c.executive {
                        about.push("executive".to_string());
                    }
                    if let Some(v) = &c.default_venue {
                        about.push(format!("usual venue {v}"));
                    }
                    if let Some(q) = c.quorum {
                        about.push(format!("quorum {q}"));
                    }
                    if let Some(k) = &c.contact_officer {
                        about.push(format!("contact {}", named(&store, k)));
                    }
                    if c.archived {
                        about.push("archived".to_string());
                    }
                    println!(
                        "{}{}",
                        c.name,
                        if about.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", about.join("; "))
                        }
                    );
                    if c.members.is_empty() {
                        println!("  no members on {on}");
                    }
                    for m in &c.members {
                        println!(
                            "  {:<30} {}{}",
                            m.role.label(),
                            named(&store, &m.person),
                            dates(m)
                        );
                    }
                }
            }
        }
        Command::Member { action } => {
            let mut store = open(db)?;
            match action {
                MemberCommand::Add {
                    committee,
                    person,
                    role: r,
                    from,
                    to,
                } => {
                    let m = Membership {
                        person: person.clone(),
                        role: role(&r)?,
                        from,
                        to,
                    };
                    store.add_membership(&committee, &m)?;
                    println!(
                        "{} is {} of {}{}.",
                        named(&store, &person),
                        m.role.label(),
                        store.committee(&committee)?.name,
                        dates(&m)
                    );
                }
                MemberCommand::End {
                    committee,
                    person,
                    on,
                } => {
                    let m = store.end_membership(&committee, &person, on)?;
                    println!(
                        "{} was {} of {}{}.",
                        named(&store, &person),
                        m.role.label(),
                        store.committee(&committee)?.name,
                        dates(&m)
                    );
                }
            }
        }
        Command::Template {
            committee,
            set,
            default,
        } => {
            let mut store = open(db)?;
            if let Some(file) = set {
                let text = std::fs::read_to_string(&file)
                    .with_context(|| format!("reading {}", file.display()))?;
                let value: serde_json::Value = serde_json::from_str(&text)
                    .with_context(|| format!("{} is not JSON", file.display()))?;
                let items: Vec<TemplateItem> = serde_path_to_error::deserialize(value)
                    .map_err(|e| anyhow!("{}: at {}: {}", file.display(), e.path(), e.inner()))?;
                store.set_template(&committee, Some(&items))?;
            } else if default {
                store.set_template(&committee, None)?;
            }
            let template = store.template(&committee)?;
            println!("{}", serde_json::to_string_pretty(&template)?);
        }
        Command::Reschedule {
            meeting,
            date,
            time,
            venue,
            republish,
        } => {
            let mut store = open(db)?;
            let done = store.reschedule_meeting(
                MeetingId(meeting),
                &Reschedule { date, time, venue },
                republish,
            )?;
            let deadline =
                calendar::publication_deadline(done.now.date(), &settings::calendar(&store)?)?;
            println!(
                "Meeting {meeting} is now on {} at {}, {}; the agenda must be published by {}.",
                agendapack::domain::long_date(done.now.date()),
                agendapack::domain::short_time(done.now.time()),
                done.venue,
                agendapack::domain::long_date(deadline)
            );
            if done.republish {
                println!(
                    "It is a draft again: publish its agenda again (agendapack publish {meeting})."
                );
            }
        }
        Command::Cancel { meeting, undo } => {
            let mut store = open(db)?;
            if undo {
                store.reinstate_meeting(MeetingId(meeting))?;
                println!("Meeting {meeting} is no longer cancelled.");
            } else {
                store.cancel_meeting(MeetingId(meeting))?;
                println!("Meeting {meeting} is cancelled; it takes no item numbers (undo: agendapack cancel {meeting} --undo).");
            }
        }
        Command::DeleteMeeting { meeting } => {
            let mut store = open(db)?;
            let gone = store.delete_draft_meeting(MeetingId(meeting))?;
            println!(
                "Deleted meeting {} of {} ({} {}); undo: agendapack restore-meeting {}",
                gone.id,
                gone.committee,
                gone.starts_at.date(),
                gone.starts_at.time().format("%H:%M"),
                gone.id
            );
        }
        Command::RestoreMeeting { meeting } => {
            let mut store = open(db)?;
            let id = store.restore_meeting(MeetingId(meeting))?;
            println!("{id}");
        }
        Command::Settings {
            council,
            closure_days,
            remove_closure_days,
            count_weekends,
            count_bank_holidays,
            conversion_timeout,
        } => {
            let mut store = open(db)?;
            if let Some(name) = council {
                let name = settings::set_council_name(&mut store, &name)?;
                eprintln!("The council is now \"{name}\".");
            }
            if let Some(seconds) = conversion_timeout {
                settings::set_conversion_timeout(
                    &mut store,
                    std::time::Duration::from_secs(seconds),
                )?;
            }
            let mut s = settings::calendar(&store)?;
            s.closure_days.extend(closure_days);
            for d in remove_closure_days {
                s.closure_days.remove(&d);
            }
            if let Some(w) = count_weekends {
                s.exclude_weekends = !w;
            }
            if let Some(b) = count_bank_holidays {
                s.exclude_bank_holidays = !b;
            }
            settings::set_calendar(&mut store, &s)?;
            println!("{}", serde_json::to_string_pretty(&s)?);
            if conversion_timeout.is_some() {
                println!(
                    "A report's conversion to PDF may take up to {} seconds.",
                    settings::conversion_timeout(&store)?.as_secs()
                );
            }
        }
    }
    Ok(())
}

fn person_command(store: &mut Store, action: PersonCommand) -> Result<()> {
    match action {
        PersonCommand::Add { key, details } => {
            let kind = details
                .kind
                .as_deref()
                .ok_or_else(|| anyhow!("give the kind of person {key} is: --kind councillor, co-opted, officer or other"))?;
            let name = details.name.clone().ok_or_else(|| {
                anyhow!("give the name of {key} as the papers print it: --name \"A Smith\"")
            })?;
            let mut p = Person::new(key.clone(), person_kind(kind)?, name);
            apply_person(&mut p, details)?;
            store.add_person(&p)?;
            println!("Added {}.", named(store, &key));
        }
        PersonCommand::Edit {
            key,
            details,
            retire,
            on,
            reinstate,
        } => {
            let mut p = store.person(&key)?;
            let changes = details.kind.is_some()
                || details.name.is_some()
                || details.email.is_some()
                || details.phone.is_some()
                || details.job_title.is_some()
                || details.service_area.is_some()
                || details.group.is_some();
            if !changes && !retire && !reinstate {
                bail!("nothing to change for {}: give --name, --kind, --email, --phone, --job-title, --service-area, --group, --retire or --reinstate", named(store, &key));
            }
            apply_person(&mut p, details)?;
            if retire {
                p.retired_on = Some(on.unwrap_or_else(today));
            } else if reinstate {
                p.retired_on = None;
            }
            store.update_person(&key, &p)?;
            match p.retired_on {
                Some(day) if retire => println!("{} retired on {day}.", named(store, &key)),
                _ if reinstate => println!("{} is no longer retired.", named(store, &key)),
                _ => println!("Changed {}.", named(store, &key)),
            }
        }
        PersonCommand::Delete { key } => {
            let p = store.delete_person(&key)?;
            println!("Deleted {} ({key}).", p.display_name());
        }
    }
    Ok(())
}

fn committee_command(store: &mut Store, action: CommitteeCommand) -> Result<()> {
    match action {
        CommitteeCommand::Add { name, settings } => {
            let mut c = Committee::new(name);
            apply_committee(&mut c, settings);
            store.add_committee(&c)?;
            println!("Added {}.", c.name.trim());
        }
        CommitteeCommand::Edit {
            name,
            settings,
            rename,
            archive,
            unarchive,
        } => {
            let mut c = store.committee(&name)?;
            let current = c.name.clone();
            apply_committee(&mut c, settings);
            if let Some(new) = rename {
                c.name = new;
            }
            if archive || unarchive {
                c.archived = archive;
            }
            store.update_committee(&current, &c)?;
            println!(
                "{} {}.",
                if archive {
                    "Archived"
                } else if unarchive {
                    "Brought back"
                } else {
                    "Changed"
                },
                c.name.trim()
            );
        }
    }
    Ok(())
}
