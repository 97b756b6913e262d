//! The `agendapack.meeting/1` interchange format.
//!
//! One JSON file holds a committee with its members, the people it mentions
//! and one meeting with its items, minutes and report references. Optional
//! fields added since the first files keep older files valid: membership
//! dates (`from`, `to`), a person's `political_group` and `retired_on`, the
//! committee's standard items (`template`) and `archived`, and a meeting's
//! `cancelled`. An exported meeting carries the membership as of its date.
//! Report paths
//! are relative to the JSON file. The JSON Schema in `schema/` is generated
//! from these types ([`json_schema`]).
//!
//! Import checks everything before it writes anything: a file with any problem
//! changes nothing, and every problem is reported with its JSON path.
//! Export writes the JSON and a folder of report files beside it; exporting,
//! importing and exporting again gives the same bytes.

use crate::domain::{Committee, Council, Meeting, MeetingId, Person};
use crate::store::{sha256_hex, NewMeeting, Store, StoreError};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// The format tag this build reads and writes.
pub const FORMAT: &str = "agendapack.meeting/1";

/// A meeting file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingFile {
    /// Always "agendapack.meeting/1".
    pub format: String,
    /// The council.
    pub council: Council,
    /// The committee and its members.
    pub committee: Committee,
    /// Everyone the committee and the meeting mention.
    pub people: Vec<Person>,
    /// The meeting.
    pub meeting: Meeting,
}

/// One problem found in a meeting file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the JSON, e.g. `meeting.items[3].reports[0].file`.
    pub json_path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.json_path, self.message)
    }
}

/// Errors reading or writing meeting files.
#[derive(Debug, thiserror::Error)]
pub enum InterchangeError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid JSON or does not have the expected shape.
    #[error("{file}: at {json_path}: {message}")]
    Json {
        /// The meeting file.
        file: PathBuf,
        /// Where in the JSON.
        json_path: String,
        /// What is wrong.
        message: String,
    },
    /// The file is of another format or version.
    #[error("{file}: format is {found:?}, but this AgendaPack reads \"{FORMAT}\"")]
    Format {
        /// The meeting file.
        file: PathBuf,
        /// The format tag found (empty when missing).
        found: String,
    },
    /// The file parsed but its content is inconsistent.
    #[error("{file}: {} problem(s):\n{}", problems.len(), problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The meeting file.
        file: PathBuf,
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// The store refused the meeting.
    #[error("{file}: {error}")]
    Store {
        /// The meeting file.
        file: PathBuf,
        /// The store's error (in the message, not repeated as a source).
        error: Box<StoreError>,
    },
}

/// The JSON Schema of [`MeetingFile`], pretty-printed with a final newline.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(MeetingFile);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// Parses a meeting file's text. `file` names it in errors.
pub fn parse(file: &Path, text: &str) -> Result<MeetingFile, InterchangeError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| InterchangeError::Json {
            file: file.to_path_buf(),
            json_path: format!("line {}, column {}", e.line(), e.column()),
            message: e.to_string(),
        })?;
    let found = value
        .get("format")
        .and_then(|f| f.as_str())
        .unwrap_or_default();
    if found != FORMAT {
        return Err(InterchangeError::Format {
            file: file.to_path_buf(),
            found: found.to_string(),
        });
    }
    serde_path_to_error::deserialize(value).map_err(|e| InterchangeError::Json {
        file: file.to_path_buf(),
        json_path: e.path().to_string(),
        message: e.inner().to_string(),
    })
}

/// Checks a parsed meeting file for consistency; returns every problem.
pub fn validate(f: &MeetingFile) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut p = |json_path: String, message: String| problems.push(Problem { json_path, message });
    let mut people = BTreeSet::new();
    for (i, person) in f.people.iter().enumerate() {
        if person.key.trim().is_empty() {
            p(format!("people[{i}].key"), "is empty".into());
        }
        if !people.insert(person.key.as_str()) {
            p(
                format!("people[{i}].key"),
                format!("\"{}\" is used by another person", person.key),
            );
        }
        if person.name.trim().is_empty() {
            p(format!("people[{i}].name"), "is empty".into());
        }
    }
    let known = |key: &str| people.contains(key);
    if f.committee.name.trim().is_empty() {
        p("committee.name".into(), "is empty".into());
    }
    for (i, m) in f.committee.members.iter().enumerate() {
        if !known(&m.person) {
            p(
                format!("committee.members[{i}].person"),
                format!("no person with key \"{}\" in people", m.person),
            );
        }
        if let (Some(from), Some(to)) = (m.from, m.to) {
            if from > to {
                p(
                    format!("committee.members[{i}].to"),
                    format!("{to} is before the membership starts ({from})"),
                );
            }
        }
    }
    if let Some(template) = &f.committee.template {
        let mut keys = BTreeSet::new();
        for (i, t) in template.iter().enumerate() {
            if t.key.trim().is_empty() {
                p(format!("committee.template[{i}].key"), "is empty".into());
            } else if !keys.insert(t.key.as_str()) {
                p(
                    format!("committee.template[{i}].key"),
                    format!("\"{}\" is used by another standard item", t.key),
                );
            }
            if t.title.trim().is_empty() {
                p(format!("committee.template[{i}].title"), "is empty".into());
            }
        }
    }
    if let Some(k) = &f.committee.contact_officer {
        if !known(k) {
            p(
                "committee.contact_officer".into(),
                format!("no person with key \"{k}\" in people"),
            );
        }
    }
    let m = &f.meeting;
    if let Some(k) = &m.contact_officer {
        if !known(k) {
            p(
                "meeting.contact_officer".into(),
                format!("no person with key \"{k}\" in people"),
            );
        }
    }
    let mut items = BTreeSet::new();
    for (i, item) in m.items.iter().enumerate() {
        if item.key.trim().is_empty() {
            p(format!("meeting.items[{i}].key"), "is empty".into());
        }
        if !items.insert(item.key.as_str()) {
            p(
                format!("meeting.items[{i}].key"),
                format!("\"{}\" is used by another item", item.key),
            );
        }
        if item.title.trim().is_empty() {
            p(format!("meeting.items[{i}].title"), "is empty".into());
        }
    }
    for (i, item) in m.items.iter().enumerate() {
        if let Some(c) = &item.counterpart {
            if !items.contains(c.as_str()) {
                p(
                    format!("meeting.items[{i}].counterpart"),
                    format!("no item with key \"{c}\""),
                );
            }
        }
        for (r, report) in item.reports.iter().enumerate() {
            if report.title.trim().is_empty() {
                p(
                    format!("meeting.items[{i}].reports[{r}].title"),
                    "is empty".into(),
                );
            }
        }
    }
    if let Some(mi) = &m.minutes {
        for (i, a) in mi.attendance.iter().enumerate() {
            if !known(&a.person) {
                p(
                    format!("meeting.minutes.attendance[{i}].person"),
                    format!("no person with key \"{}\" in people", a.person),
                );
            }
            if let Some(s) = &a.substitute_for {
                if !known(s) {
                    p(
                        format!("meeting.minutes.attendance[{i}].substitute_for"),
                        format!("no person with key \"{s}\" in people"),
                    );
                }
            }
        }
        for (i, d) in mi.declarations.iter().enumerate() {
            if !known(&d.person) {
                p(
                    format!("meeting.minutes.declarations[{i}].person"),
                    format!("no person with key \"{}\" in people", d.person),
                );
            }
            if !items.contains(d.item.as_str()) {
                p(
                    format!("meeting.minutes.declarations[{i}].item"),
                    format!("no item with key \"{}\"", d.item),
                );
            }
        }
        for (i, a) in mi.actions.iter().enumerate() {
            if !items.contains(a.item.as_str()) {
                p(
                    format!("meeting.minutes.actions[{i}].item"),
                    format!("no item with key \"{}\"", a.item),
                );
            }
        }
    }
    problems
}

/// Reads a meeting file and the reports it names, checks it all, and writes
/// the meeting to the store in one transaction. Nothing is written when any
/// problem is found.
pub fn import(store: &mut Store, file: &Path) -> Result<MeetingId, InterchangeError> {
    let text = std::fs::read_to_string(file).map_err(|source| InterchangeError::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let parsed = parse(file, &text)?;
    let base = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    import_parsed(store, file, parsed, &|rel: &str| {
        let path = base.join(rel);
        std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    })
}

/// Reads a report named in a meeting file: its content, or why not.
pub type ReportReader<'a> = dyn Fn(&str) -> Result<Vec<u8>, String> + 'a;

/// Like [`import`], for a file already parsed; `read` fetches each report
/// by the path the file gives.
pub fn import_parsed(
    store: &mut Store,
    file: &Path,
    mut parsed: MeetingFile,
    read: &ReportReader<'_>,
) -> Result<MeetingId, InterchangeError> {
    let mut problems = validate(&parsed);
    let mut data = Vec::with_capacity(parsed.meeting.items.len());
    for (i, item) in parsed.meeting.items.iter_mut().enumerate() {
        let mut item_data = Vec::new();
        for (r, report) in item.reports.iter_mut().enumerate() {
            let at = format!("meeting.items[{i}].reports[{r}]");
            match read(&report.file) {
                Err(e) => problems.push(Problem {
                    json_path: format!("{at}.file"),
                    message: format!("item \"{}\": {e}", item.key),
                }),
                Ok(bytes) => {
                    let sha = sha256_hex(&bytes);
                    if let Some(expected) = &report.sha256 {
                        if *expected != sha {
                            problems.push(Problem {
                                json_path: format!("{at}.sha256"),
                                message: format!(
                                    "{} has SHA-256 {sha}, the meeting file says {expected}",
                                    report.file
                                ),
                            });
                        }
                    }
                    match crate::pack::inspect(&report.file, &bytes, &Default::default()) {
                        Ok(info) => {
                            report.pages = Some(info.page_count);
                            report.bytes = Some(info.bytes.len() as u64);
                            report.sha256 = Some(sha256_hex(&info.bytes));
                            item_data.push(info.bytes);
                        }
                        Err(e) => problems.push(Problem {
                            json_path: format!("{at}.file"),
                            message: format!("item \"{}\": {e}", item.key),
                        }),
                    }
                }
            }
        }
        data.push(item_data);
    }
    if !problems.is_empty() {
        return Err(InterchangeError::Invalid {
            file: file.to_path_buf(),
            problems,
        });
    }
    store
        .insert_meeting(NewMeeting {
            council: &parsed.council,
            people: &parsed.people,
            committee: &parsed.committee,
            meeting: &parsed.meeting,
            report_data: &data,
        })
        .map_err(|source| InterchangeError::Store {
            file: file.to_path_buf(),
            error: Box::new(source),
        })
}

/// A meeting file with the report files it names (path, content).
pub type FileWithReports = (MeetingFile, Vec<(String, Vec<u8>)>);

/// Builds the meeting file for a stored meeting, naming each report
/// `reports_dir/FILE_NAME` (made unique within the meeting).
pub fn to_file(
    store: &Store,
    id: MeetingId,
    reports_dir: &str,
) -> Result<FileWithReports, StoreError> {
    let loaded = store.load_meeting(id)?;
    let mut meeting = loaded.meeting.clone();
    let mut files = Vec::new();
    let mut used = BTreeMap::<String, u32>::new();
    for (i, item) in meeting.items.iter_mut().enumerate() {
        for report in item.reports.iter_mut() {
            let sha = report.sha256.clone().unwrap_or_default();
            let bytes = store.read_blob(
                &sha,
                &format!("{} ({})", report.title, report.file),
                &item.key,
            )?;
            let mut name = report.file.clone();
            let seen = used.entry(name.clone()).or_insert(0);
            *seen += 1;
            if *seen > 1 {
                name = format!("{}-{}-{}", loaded.number_of(i), *seen, name);
            }
            report.file = format!("{reports_dir}/{name}");
            files.push((report.file.clone(), bytes));
        }
    }
    let file = MeetingFile {
        format: FORMAT.to_string(),
        council: loaded.council.clone(),
        committee: loaded.committee.clone(),
        people: loaded.people.clone(),
        meeting: Meeting {
            first_number: Some(loaded.first_number),
            ..meeting
        },
    };
    Ok((file, files))
}

/// Serialises a meeting file as pretty JSON with a final newline.
pub fn to_json(file: &MeetingFile) -> String {
    let mut s = serde_json::to_string_pretty(file).unwrap_or_default();
    s.push('\n');
    s
}

/// Exports a stored meeting to `out` (JSON) with its reports in a folder
/// `STEM-reports/` beside it. Files are written to temporary names and
/// renamed into place, so a failed export leaves no half-written file.
pub fn export(store: &Store, id: MeetingId, out: &Path) -> Result<(), crate::Error> {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "meeting".into());
    let dir_name = format!("{stem}-reports");
    let (file, reports) = to_file(store, id, &dir_name)?;
    let base = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    for (rel, bytes) in &reports {
        write_atomic(&base.join(rel), bytes)?;
    }
    write_atomic(out, to_json(&file).as_bytes())?;
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), InterchangeError> {
    let io = |source| InterchangeError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}
