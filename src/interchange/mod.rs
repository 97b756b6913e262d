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

use crate::convert::{self, Converter, Format};
use crate::domain::{Committee, Council, Meeting, MeetingId, OriginalFile, Person, Report};
use crate::pack::{self, Limits};
use crate::store::{sha256_hex, Conversion, NewMeeting, NewOriginal, Store, StoreError};
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
/// Reports that are not PDFs are refused: see [`import_with`].
pub fn import(store: &mut Store, file: &Path) -> Result<MeetingId, InterchangeError> {
    import_with(store, file, &Converter::default())
}

/// Like [`import`]; a report given as a Word (or other office) file is
/// converted with `converter`, unless the store already holds its
/// conversion or the meeting file names the PDF made from it.
pub fn import_with(
    store: &mut Store,
    file: &Path,
    converter: &Converter,
) -> Result<MeetingId, InterchangeError> {
    let text = std::fs::read_to_string(file).map_err(|source| InterchangeError::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let parsed = parse(file, &text)?;
    let base = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    import_parsed_with(
        store,
        file,
        parsed,
        &|rel: &str| {
            let path = base.join(rel);
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
        },
        converter,
    )
}

/// Reads a report named in a meeting file: its content, or why not.
pub type ReportReader<'a> = dyn Fn(&str) -> Result<Vec<u8>, String> + 'a;

/// Like [`import`], for a file already parsed; `read` fetches each report
/// by the path the file gives.
pub fn import_parsed(
    store: &mut Store,
    file: &Path,
    parsed: MeetingFile,
    read: &ReportReader<'_>,
) -> Result<MeetingId, InterchangeError> {
    import_parsed_with(store, file, parsed, read, &Converter::default())
}

/// What one report of a meeting file gives the store.
struct ReportData {
    pdf: Vec<u8>,
    original: Option<NewOriginal>,
    conversion: Option<Conversion>,
}

/// Like [`import_with`], for a file already parsed.
pub fn import_parsed_with(
    store: &mut Store,
    file: &Path,
    mut parsed: MeetingFile,
    read: &ReportReader<'_>,
    converter: &Converter,
) -> Result<MeetingId, InterchangeError> {
    let mut problems = validate(&parsed);
    let mut data = Vec::with_capacity(parsed.meeting.items.len());
    let mut originals = Vec::with_capacity(parsed.meeting.items.len());
    let mut conversions = Vec::new();
    for (i, item) in parsed.meeting.items.iter_mut().enumerate() {
        let mut item_data = Vec::new();
        let mut item_originals = Vec::new();
        for (r, report) in item.reports.iter_mut().enumerate() {
            let at = format!("meeting.items[{i}].reports[{r}]");
            match read_report(store, converter, &item.key, &at, report, read) {
                Ok(got) => {
                    item_data.push(got.pdf);
                    item_originals.push(got.original);
                    conversions.extend(got.conversion);
                }
                Err(problem) => problems.push(problem),
            }
        }
        data.push(item_data);
        originals.push(item_originals);
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
            originals: &originals,
            conversions: &conversions,
        })
        .map_err(|source| InterchangeError::Store {
            file: file.to_path_buf(),
            error: Box::new(source),
        })
}

/// Reads one report of a meeting file (at JSON path `at`) and fills in its
/// hash, pages and size. A PDF is taken as it is; an office file named as
/// the report, or an original whose PDF is missing, is converted (or its
/// conversion taken from the store).
fn read_report(
    store: &Store,
    converter: &Converter,
    item: &str,
    at: &str,
    report: &mut Report,
    read: &ReportReader<'_>,
) -> Result<ReportData, Problem> {
    let problem = |field: &str, message: String| Problem {
        json_path: format!("{at}.{field}"),
        message: format!("item \"{item}\": {message}"),
    };
    let limits = Limits::default();
    // The original as received, when the file names one.
    let original = match &report.original {
        None => None,
        Some(o) => {
            let bytes = read(&o.file_name).map_err(|e| problem("original.file_name", e))?;
            let sha = sha256_hex(&bytes);
            if sha != o.sha256 {
                return Err(problem(
                    "original.sha256",
                    format!(
                        "{} has SHA-256 {sha}, the meeting file says {}",
                        o.file_name, o.sha256
                    ),
                ));
            }
            Some((o.clone(), bytes))
        }
    };
    let pdf = read(&report.file);
    let (pdf, original, conversion) = match (pdf, original) {
        // The PDF and the original it was made from, as exported.
        (Ok(bytes), Some((o, original_bytes))) => {
            let info = pack::inspect(&report.file, &bytes, &limits)
                .map_err(|e| problem("file", e.to_string()))?;
            check_sha(report, &info.bytes).map_err(|m| problem("sha256", m))?;
            let conversion = Conversion {
                original_sha256: o.sha256.clone(),
                pdf_sha256: sha256_hex(&info.bytes),
                converter: o
                    .note
                    .rsplit_once(" by ")
                    .map(|(_, c)| c.to_string())
                    .unwrap_or_else(|| "LibreOffice".into()),
            };
            let original = NewOriginal {
                file_name: o.file_name.clone(),
                bytes: original_bytes,
                note: o.note.clone(),
            };
            (info, Some(original), Some(conversion))
        }
        // The original alone: convert it again (unless already converted).
        (Err(_), Some((o, original_bytes))) => {
            let prepared =
                convert::prepare(store, converter, &o.file_name, &original_bytes, &limits)
                    .map_err(|e| problem("original.file_name", e.to_string()))?;
            report.file = sibling(&report.file, &prepared.file_name);
            let mut original = prepared.original.unwrap_or(NewOriginal {
                file_name: o.file_name.clone(),
                bytes: original_bytes,
                note: o.note.clone(),
            });
            original.file_name = o.file_name.clone();
            (prepared.pdf, Some(original), prepared.conversion)
        }
        (Err(e), None) => return Err(problem("file", e)),
        // A PDF, or an office file named as the report itself.
        (Ok(bytes), None) => {
            let prepared = convert::prepare(store, converter, &report.file, &bytes, &limits)
                .map_err(|e| problem("file", e.to_string()))?;
            if prepared.format == Format::Pdf {
                // The hash is of the file as given; a damaged or encrypted
                // one is stored clean with it kept beside, as attach does.
                check_sha(report, &bytes).map_err(|m| problem("sha256", m))?;
            } else {
                report.file = sibling(&report.file, &prepared.file_name);
            }
            (prepared.pdf, prepared.original, prepared.conversion)
        }
    };
    report.pages = Some(pdf.page_count);
    report.bytes = Some(pdf.bytes.len() as u64);
    report.sha256 = Some(sha256_hex(&pdf.bytes));
    report.original = original.as_ref().map(|o| OriginalFile {
        file_name: o.file_name.clone(),
        sha256: sha256_hex(&o.bytes),
        note: o.note.clone(),
    });
    Ok(ReportData {
        pdf: pdf.bytes,
        original,
        conversion,
    })
}

/// Checks the hash a meeting file gives for a report against its bytes.
fn check_sha(report: &Report, bytes: &[u8]) -> Result<(), String> {
    let sha = sha256_hex(bytes);
    match &report.sha256 {
        Some(expected) if *expected != sha => Err(format!(
            "{} has SHA-256 {sha}, the meeting file says {expected}",
            report.file
        )),
        _ => Ok(()),
    }
}

/// `name` in the folder of `path`: ("r/a.docx", "a.pdf") → "r/a.pdf".
fn sibling(path: &str, name: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{name}"),
        None => name.to_string(),
    }
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
            if let Some(original) = report.original.as_mut() {
                let bytes = store.read_blob(
                    &original.sha256,
                    &format!("{} ({})", report.title, original.file_name),
                    &item.key,
                )?;
                let mut name = original.file_name.clone();
                let seen = used.entry(name.clone()).or_insert(0);
                *seen += 1;
                if *seen > 1 {
                    name = format!("{}-{}-{}", loaded.number_of(i), *seen, name);
                }
                original.file_name = format!("{reports_dir}/{name}");
                files.push((original.file_name.clone(), bytes));
            }
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
