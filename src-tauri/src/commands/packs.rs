//! Packs: generate, publish, list, preview, open, show in folder.
//!
//! Files go to the meeting's output folder
//! (`<database folder>/packs/meeting-<id>/<date>-<kind>.pdf`). The UI names
//! a file only by its file name within that folder; the shell refuses
//! anything else, so the webview cannot open arbitrary paths.

use std::path::{Path, PathBuf};

use agendapack::domain::MeetingId;
use agendapack::pack::{self, Limits};
use agendapack::publish::{self, PackKind};
use agendapack::settings;
use tauri::ipc::{Channel, Response};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use super::meeting;
use crate::dto::{
    self, CommandError, IssuedLine, OutputFile, PacksOverview, Progress, SiteOutcome,
};
use crate::picker::Pick;
use crate::AppState;
use agendapack::site;

/// The output folder, what is in it, and what has been issued.
#[tauri::command]
pub async fn list_packs(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<PacksOverview, CommandError> {
    overview(&state, meeting(meeting_id))
}

/// Builds a pack off the main thread, reporting each stage through
/// `on_progress`, and writes it to the meeting's output folder.
#[tauri::command]
pub async fn generate_pack<R: Runtime>(
    app: AppHandle<R>,
    meeting_id: i64,
    kind: dto::PackKind,
    on_progress: Channel<Progress>,
) -> Result<OutputFile, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let report = |done: u32, stage: &str| {
            // A closed window cannot be told; the pack is still written.
            let _ = on_progress.send(Progress {
                stage: stage.to_string(),
                done,
                total: 4,
            });
        };
        let id = meeting(meeting_id);
        let kind = core_kind(kind);
        report(0, "Reading the meeting and its reports");
        let (built, date) = {
            let store = state.store()?;
            let calendar = settings::calendar(&store)?;
            let date = store.load_meeting(id)?.meeting.date();
            report(1, "Typesetting the front sheet and assembling the pack");
            (
                publish::build_pack_on(&store, id, kind, state.today(), &calendar)?,
                date,
            )
        };
        report(2, "Writing the file");
        let folder = state.output_folder(id)?;
        let file_name = kind.file_name(date);
        let path = write_file(&folder, &file_name, &built.bytes)?;
        report(4, "Done");
        Ok(OutputFile {
            label: label(&file_name).to_string(),
            file_name,
            path: path.display().to_string(),
            pages: built.page_count,
            bytes: built.bytes.len() as u64,
        })
    })
    .await
    .map_err(|e| CommandError::internal(format!("generating the pack stopped: {e}")))?
}

/// Publishes the agenda today: fixes the numbering, builds the public and
/// private packs, keeps them as issued and writes them to the output folder.
#[tauri::command]
pub async fn publish_agenda<R: Runtime>(
    app: AppHandle<R>,
    meeting_id: i64,
) -> Result<PacksOverview, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let id = meeting(meeting_id);
        let folder = state.output_folder(id)?;
        {
            let mut store = state.store()?;
            let calendar = settings::calendar(&store)?;
            let date = store.load_meeting(id)?.meeting.date();
            let (public, private) = publish::publish(&mut store, id, state.today(), &calendar)?;
            for (kind, built) in [(PackKind::Public, public), (PackKind::Private, private)] {
                write_file(&folder, &kind.file_name(date), &built.bytes)?;
            }
        }
        overview(&state, id)
    })
    .await
    .map_err(|e| CommandError::internal(format!("publishing stopped: {e}")))?
}

/// Publishes the council's meeting web pages (`agendapack site`) to a
/// folder the clerk chooses in the native dialog: only changed files are
/// written, files of meetings no longer public are removed.
#[tauri::command]
pub async fn publish_site<R: Runtime>(app: AppHandle<R>) -> Result<SiteOutcome, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let Some(folder) = state.picker().pick(&app, Pick::SiteFolder, "").pop() else {
            return Ok(SiteOutcome {
                folder: None,
                written: 0,
                unchanged: 0,
                removed: 0,
            });
        };
        let built = {
            let store = state.store()?;
            let opts = site::SiteOptions {
                today: state.today(),
                base_url: None,
                calendar: settings::calendar(&store)?,
            };
            site::build(&store, &opts)?
        };
        let outcome = site::write(&built, &folder)?;
        Ok(SiteOutcome {
            folder: Some(folder.display().to_string()),
            written: outcome.written.len() as u32,
            unchanged: outcome.unchanged as u32,
            removed: outcome.removed.len() as u32,
        })
    })
    .await
    .map_err(|e| CommandError::internal(format!("publishing the pages stopped: {e}")))?
}

/// The bytes of a pack the app made for the meeting, for the in-app
/// preview: the pack of that kind last generated or published into the
/// meeting's output folder, or else the last one kept as issued in the
/// database (verified against its SHA-256). The page names only the meeting
/// and the kind, never a path. Sent as raw bytes (an `ArrayBuffer` in the
/// page), not JSON.
#[tauri::command]
pub async fn pack_preview<R: Runtime>(
    app: AppHandle<R>,
    meeting_id: i64,
    kind: dto::PackKind,
) -> Result<Response, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let id = meeting(meeting_id);
        let kind = core_kind(kind);
        preview_bytes(&state, id, kind).map(Response::new)
    })
    .await
    .map_err(|e| CommandError::internal(format!("reading the pack stopped: {e}")))?
}

fn preview_bytes(state: &AppState, id: MeetingId, kind: PackKind) -> Result<Vec<u8>, CommandError> {
    let (date, issued) = {
        let store = state.store()?;
        let date = store.load_meeting(id)?.meeting.date();
        let issued = store
            .issued(id)?
            .into_iter()
            .rfind(|i| i.kind == kind.issued_kind());
        (date, issued)
    };
    let folder = state.output_folder(id)?;
    let file_name = kind.file_name(date);
    let path = folder.join(&file_name);
    if path.is_file() {
        let bytes = std::fs::read(&path)
            .map_err(|e| CommandError::system(format!("could not read {}: {e}", path.display())))?;
        if !bytes.starts_with(b"%PDF-") {
            return Err(CommandError::invalid(format!(
                "{} is not a PDF file",
                path.display()
            )));
        }
        return Ok(bytes);
    }
    match issued {
        Some(i) => {
            let store = state.store()?;
            Ok(store.read_blob(&i.sha256, &i.file_name, kind.issued_kind())?)
        }
        None => Err(CommandError {
            code: dto::ErrorCode::NotFound,
            message: format!(
                "No {} has been generated or issued for this meeting yet",
                label(&file_name).to_lowercase()
            ),
        }),
    }
}

fn core_kind(kind: dto::PackKind) -> PackKind {
    match kind {
        dto::PackKind::Public => PackKind::Public,
        dto::PackKind::Private => PackKind::Private,
        dto::PackKind::Supplementary => PackKind::Supplementary,
    }
}

/// Opens a file of the meeting's output folder in the default PDF viewer.
#[tauri::command]
pub async fn open_output<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    meeting_id: i64,
    file_name: String,
) -> Result<(), CommandError> {
    let path = output_path(&state, meeting(meeting_id), &file_name)?;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| CommandError::system(format!("could not open {}: {e}", path.display())))
}

/// Shows a file of the meeting's output folder in the file manager.
#[tauri::command]
pub async fn reveal_output<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    meeting_id: i64,
    file_name: String,
) -> Result<(), CommandError> {
    let path = output_path(&state, meeting(meeting_id), &file_name)?;
    app.opener().reveal_item_in_dir(&path).map_err(|e| {
        CommandError::system(format!(
            "could not show {} in the file manager: {e}",
            path.display()
        ))
    })
}

/// The path of `file_name` in the meeting's output folder, refusing any
/// name that is not a plain file name of a file there.
fn output_path(state: &AppState, id: MeetingId, file_name: &str) -> Result<PathBuf, CommandError> {
    let folder = state.output_folder(id)?;
    let plain = Path::new(file_name)
        .file_name()
        .is_some_and(|n| n == std::ffi::OsStr::new(file_name));
    let path = folder.join(file_name);
    if !plain || !path.is_file() {
        return Err(CommandError::invalid(format!(
            "“{file_name}” is not a file in {}",
            folder.display()
        )));
    }
    Ok(path)
}

/// Writes `bytes` to `folder/file_name` (through a temporary file, so a
/// half-written pack never has the final name).
pub(crate) fn write_file(
    folder: &Path,
    file_name: &str,
    bytes: &[u8],
) -> Result<PathBuf, CommandError> {
    let fail = |e: std::io::Error, p: &Path| {
        CommandError::system(format!("could not write {}: {e}", p.display()))
    };
    std::fs::create_dir_all(folder).map_err(|e| fail(e, folder))?;
    let path = folder.join(file_name);
    let partial = folder.join(format!(".{file_name}.partial"));
    std::fs::write(&partial, bytes).map_err(|e| fail(e, &partial))?;
    std::fs::rename(&partial, &path).map_err(|e| fail(e, &path))?;
    Ok(path)
}

/// What a file in the output folder is, from its name.
fn label(file_name: &str) -> &'static str {
    let stem = file_name.trim_end_matches(".pdf");
    if stem.ends_with("public-pack") {
        "Public pack"
    } else if stem.ends_with("private-pack") {
        "Private pack"
    } else if stem.ends_with("supplementary-pack") {
        "Supplementary pack"
    } else if stem.ends_with("signed-minutes") {
        "Signed minutes"
    } else if stem.ends_with("minutes") {
        "Minutes"
    } else {
        "Document"
    }
}

pub(crate) fn overview(state: &AppState, id: MeetingId) -> Result<PacksOverview, CommandError> {
    let folder = state.output_folder(id)?;
    let issued = {
        let store = state.store()?;
        store.issued(id)?
    };
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&folder) {
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !name.ends_with(".pdf") {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            let pages = std::fs::read(&path)
                .ok()
                .and_then(|b| pack::inspect(&name, &b, &Limits::default()).ok())
                .map(|i| i.page_count)
                .unwrap_or(0);
            files.push((
                meta.modified().ok(),
                OutputFile {
                    label: label(&name).to_string(),
                    file_name: name,
                    path: path.display().to_string(),
                    pages,
                    bytes: meta.len(),
                },
            ));
        }
    }
    files.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.file_name.cmp(&b.1.file_name)));
    Ok(PacksOverview {
        folder: folder.display().to_string(),
        files: files.into_iter().map(|(_, f)| f).collect(),
        issued: issued.into_iter().map(IssuedLine::from).collect(),
    })
}
