//! The council's meeting web pages: a static site any web server or CMS can
//! host, in the shape of the modern.gov page the public reads (reference
//! `000_018097fe58f80f01.txt`): committees, each committee's members and
//! meetings by municipal year, and each meeting's "Agenda and minutes" page
//! with its documents as PDFs, its items and, once written, its minutes in
//! HTML. An RSS feed of published meetings and an iCalendar file of
//! upcoming ones go with it.
//!
//! Three layers:
//! - [`build`] reads the store and makes every file of the site in memory:
//!   the PDFs with the existing producers of [`crate::publish`], the pages
//!   with the renderers below;
//! - `html` and `feeds` render meeting data to text, with no I/O;
//! - [`write`] puts a built site into a folder: only changed files are
//!   written, files of meetings no longer public are removed, and a
//!   manifest records what AgendaPack wrote, so nothing else is touched.
//!
//! Architecture invariant: nothing of a private item reaches the site. A
//! private item appears by number, public title, purpose line and the
//! statutory notice only; its reports are never read, its key (which a
//! clerk may have made from the private title) is never used in an anchor
//! or a file name, and its minute is replaced by the notice, as in the
//! public minutes (s100C).

mod feeds;
mod html;
mod write;

pub use write::{write, WriteOutcome, MANIFEST};

use crate::calendar::CalendarSettings;
use crate::domain::{Committee, MeetingStatus, Person};
use crate::publish::{self, PackKind, PublishError};
use crate::store::{LoadedMeeting, Store, StoreError};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Errors building or writing the site.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Producing a meeting's papers failed.
    #[error("producing the {what} of the meeting of {meeting}: {source}")]
    Papers {
        /// Which document.
        what: String,
        /// The meeting, as the papers print its date.
        meeting: String,
        /// What went wrong.
        #[source]
        source: Box<PublishError>,
    },
    /// A file or folder of the site could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file in the folder is in the way and was not written by AgendaPack.
    #[error("{path} is already there and was not written by AgendaPack, so it was left alone and nothing was written; choose an empty folder or move that file")]
    NotOurs {
        /// The file.
        path: PathBuf,
    },
    /// The manifest of an earlier run cannot be read.
    #[error("{path} is not a manifest AgendaPack can read ({reason}); nothing was written")]
    BadManifest {
        /// The manifest file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// What the site is built for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteOptions {
    /// Today: meetings on or after it are "upcoming" (the calendar file).
    /// Passed in, so the same data gives the same site.
    pub today: NaiveDate,
    /// Where the site will be served ("https://democracy.example.gov.uk/"),
    /// for the absolute links RSS and iCalendar readers want; without it
    /// their links are relative to the folder.
    pub base_url: Option<String>,
    /// The council's calendar settings (publication dates of papers).
    pub calendar: CalendarSettings,
}

/// A built site: every file by its path relative to the site folder
/// ("index.html", "scrutiny-board-2/2024-11-28/index.html").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Site {
    /// The files, by relative path with `/` separators.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// A document of a meeting on the site: its label, file name (in the
/// meeting's folder) and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Doc {
    /// "Agenda frontsheet", "Briefing Note".
    pub label: String,
    /// "2024-11-28-agenda-frontsheet.pdf".
    pub file: String,
    /// Size of the file written, in bytes.
    pub bytes: u64,
}

/// A public meeting with the files the site has for it.
#[derive(Debug, Clone)]
pub(crate) struct MeetingEntry {
    /// The meeting.
    pub m: LoadedMeeting,
    /// Its folder under the committee's: "2024-11-28".
    pub dir: String,
    /// The meeting's documents, in the reference page's order.
    pub documents: Vec<Doc>,
    /// The reports of each public item, by item index.
    pub reports: BTreeMap<usize, Vec<Doc>>,
    /// When the papers were published (for the feed).
    pub published: NaiveDate,
}

/// A committee with its public meetings.
#[derive(Debug, Clone)]
pub(crate) struct CommitteeEntry {
    /// The committee.
    pub committee: Committee,
    /// The people its members are.
    pub people: Vec<Person>,
    /// Its folder: "scrutiny-board-2".
    pub dir: String,
    /// Its public meetings, oldest first.
    pub meetings: Vec<MeetingEntry>,
}

impl CommitteeEntry {
    /// The person with `key`.
    pub fn person(&self, key: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.key == key)
    }
}

/// Everything the pages are rendered from.
#[derive(Debug, Clone)]
pub(crate) struct SiteData {
    /// The council's name.
    pub council: String,
    /// Committees by name.
    pub committees: Vec<CommitteeEntry>,
}

/// Whether a meeting's papers are public: its agenda has been published.
pub fn is_public(status: MeetingStatus) -> bool {
    match status {
        MeetingStatus::Draft => false,
        MeetingStatus::Published
        | MeetingStatus::Held
        | MeetingStatus::MinutesDrafted
        | MeetingStatus::MinutesApproved
        | MeetingStatus::Signed => true,
    }
}

/// A file-name-safe slug: "Scrutiny Board (2)" → "scrutiny-board-2".
pub(crate) fn slug(text: &str) -> String {
    let mut s = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-');
    let s: String = s.chars().take(60).collect();
    if s.is_empty() {
        "document".into()
    } else {
        s.trim_end_matches('-').to_string()
    }
}

/// Builds the whole site from the store, in memory.
pub fn build(store: &Store, opts: &SiteOptions) -> Result<Site, SiteError> {
    let data = collect(store, opts)?;
    let mut site = Site::default();
    for (path, bytes) in data.files {
        site.files.insert(path, bytes);
    }
    let data = data.data;
    site.files
        .insert("style.css".into(), html::STYLESHEET.as_bytes().to_vec());
    site.files
        .insert("index.html".into(), html::index_page(&data).into_bytes());
    for c in &data.committees {
        site.files.insert(
            format!("{}/index.html", c.dir),
            html::committee_page(&data, c).into_bytes(),
        );
        for e in &c.meetings {
            site.files.insert(
                format!("{}/{}/index.html", c.dir, e.dir),
                html::meeting_page(&data, c, e).into_bytes(),
            );
        }
    }
    site.files.insert(
        "feed.xml".into(),
        feeds::rss(&data, opts.base_url.as_deref()).into_bytes(),
    );
    site.files.insert(
        "upcoming.ics".into(),
        feeds::icalendar(&data, opts.today, opts.base_url.as_deref()).into_bytes(),
    );
    Ok(site)
}

struct Collected {
    data: SiteData,
    files: BTreeMap<String, Vec<u8>>,
}

/// Reads the committees and their public meetings and produces each
/// meeting's PDFs.
fn collect(store: &Store, opts: &SiteOptions) -> Result<Collected, SiteError> {
    let summaries = store.meetings()?;
    let mut council = String::new();
    let mut committees: BTreeMap<String, CommitteeEntry> = BTreeMap::new();
    let mut files = BTreeMap::new();
    let mut used_dirs: Vec<String> = Vec::new();
    for s in &summaries {
        let m = store.load_meeting(s.id)?;
        if council.is_empty() {
            council = m.council.name.clone();
        }
        let entry = committees
            .entry(m.committee.name.clone())
            .or_insert_with(|| {
                let base = slug(
                    m.committee
                        .short_name
                        .as_deref()
                        .unwrap_or(&m.committee.name),
                );
                let mut dir = base.clone();
                let mut n = 2;
                while used_dirs.contains(&dir) {
                    dir = format!("{base}-{n}");
                    n += 1;
                }
                used_dirs.push(dir.clone());
                CommitteeEntry {
                    committee: m.committee.clone(),
                    people: Vec::new(),
                    dir,
                    meetings: Vec::new(),
                }
            });
        // The latest meeting's record of the committee and its people wins.
        entry.committee = m.committee.clone();
        for p in &m.people {
            match entry.people.iter_mut().find(|q| q.key == p.key) {
                Some(q) => *q = p.clone(),
                None => entry.people.push(p.clone()),
            }
        }
        if !is_public(m.meeting.status) {
            continue;
        }
        let date = m.meeting.date();
        let same_day = summaries
            .iter()
            .filter(|o| o.committee == s.committee && o.date == date && is_public(o.status))
            .count();
        let dir = if same_day > 1 {
            format!("{date}-{}", m.meeting.starts_at.format("%H%M"))
        } else {
            date.to_string()
        };
        let (meeting_files, documents, reports, published) = papers(store, &m, opts)?;
        for (name, bytes) in meeting_files {
            files.insert(format!("{}/{dir}/{name}", entry.dir), bytes);
        }
        entry.meetings.push(MeetingEntry {
            m,
            dir,
            documents,
            reports,
            published,
        });
    }
    Ok(Collected {
        data: SiteData {
            council,
            committees: committees.into_values().collect(),
        },
        files,
    })
}

type Papers = (
    Vec<(String, Vec<u8>)>,
    Vec<Doc>,
    BTreeMap<usize, Vec<Doc>>,
    NaiveDate,
);

/// The PDFs of one public meeting: the agenda front sheet, the public
/// reports pack, the supplementary pack (late items), the printed (public)
/// minutes and each public item's reports. A pack issued through AgendaPack
/// is published as issued; otherwise it is built now.
fn papers(store: &Store, m: &LoadedMeeting, opts: &SiteOptions) -> Result<Papers, SiteError> {
    let date = m.meeting.date();
    let when = crate::domain::long_date(date);
    let fail = |what: &str| {
        let when = when.clone();
        let what = what.to_string();
        move |source: PublishError| SiteError::Papers {
            what,
            meeting: when,
            source: Box::new(source),
        }
    };
    let issued = store.issued(m.id)?;
    let issued_bytes = |kind: PackKind| -> Result<Option<Vec<u8>>, SiteError> {
        match issued.iter().rev().find(|i| i.kind == kind.issued_kind()) {
            Some(i) => Ok(Some(store.read_blob(
                &i.sha256,
                &i.file_name,
                kind.issued_kind(),
            )?)),
            None => Ok(None),
        }
    };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut docs = Vec::new();
    let mut add =
        |files: &mut Vec<(String, Vec<u8>)>, label: &str, file: String, bytes: Vec<u8>| {
            docs.push(Doc {
                label: label.to_string(),
                file: file.clone(),
                bytes: bytes.len() as u64,
            });
            files.push((file, bytes));
        };

    let front =
        publish::agenda_pdf(store, m.id, &opts.calendar).map_err(fail("agenda front sheet"))?;
    add(
        &mut files,
        "Agenda frontsheet",
        format!("{date}-agenda-frontsheet.pdf"),
        front.bytes,
    );
    let public = match issued_bytes(PackKind::Public)? {
        Some(b) => b,
        None => {
            publish::build_pack(store, m.id, PackKind::Public, &opts.calendar)
                .map_err(fail("public reports pack"))?
                .bytes
        }
    };
    add(
        &mut files,
        "Public reports pack",
        PackKind::Public.file_name(date),
        public,
    );
    if m.meeting.items.iter().any(|i| i.late.is_some()) {
        let supp = match issued_bytes(PackKind::Supplementary)? {
            Some(b) => b,
            None => {
                publish::build_pack(store, m.id, PackKind::Supplementary, &opts.calendar)
                    .map_err(fail("supplementary pack"))?
                    .bytes
            }
        };
        add(
            &mut files,
            "Supplementary pack",
            PackKind::Supplementary.file_name(date),
            supp,
        );
    }
    let has_minutes =
        m.meeting.minutes.is_some() || m.meeting.items.iter().any(|i| i.minute.is_some());
    let held = match m.meeting.status {
        MeetingStatus::Draft | MeetingStatus::Published => false,
        MeetingStatus::Held
        | MeetingStatus::MinutesDrafted
        | MeetingStatus::MinutesApproved
        | MeetingStatus::Signed => true,
    };
    if held && has_minutes {
        let minutes = publish::minutes_pdf(store, m.id).map_err(fail("printed minutes"))?;
        add(
            &mut files,
            "Printed minutes",
            format!("{date}-printed-minutes.pdf"),
            minutes.bytes,
        );
    }

    // Each public item's reports, named by item number and report title
    // (never by the file name the clerk attached). A private item's are
    // never read.
    let mut reports: BTreeMap<usize, Vec<Doc>> = BTreeMap::new();
    for (i, item) in m.meeting.items.iter().enumerate() {
        if item.is_private() {
            continue;
        }
        let n = m.number_of(i);
        for (k, r) in item.reports.iter().enumerate() {
            let bytes = store.read_blob(
                r.sha256.as_deref().unwrap_or_default(),
                &format!("{} ({})", r.title, r.file),
                &item.key,
            )?;
            let suffix = if item.reports.len() > 1 {
                format!("-{}", k + 1)
            } else {
                String::new()
            };
            let file = format!("item-{n}{suffix}-{}.pdf", slug(&r.title));
            reports.entry(i).or_default().push(Doc {
                label: r.title.clone(),
                file: file.clone(),
                bytes: bytes.len() as u64,
            });
            files.push((file, bytes));
        }
    }
    let published =
        publish::publication_date(m, &opts.calendar).map_err(fail("publication date"))?;
    Ok((files, docs, reports, published))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain() {
        assert_eq!(slug("Scrutiny Board (2)"), "scrutiny-board-2");
        assert_eq!(slug("  Cabinet  "), "cabinet");
        assert_eq!(slug("((("), "document");
    }
}
