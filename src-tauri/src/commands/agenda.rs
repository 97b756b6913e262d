//! The agenda: items, their details, order, reports; deletions with undo.

use std::path::{Path, PathBuf};

use agendapack::convert::{self, Format};
use agendapack::cycle;
use agendapack::domain::{AgendaItem, Exemption, ItemKind, Late, MeetingId, Paragraph};
use agendapack::pack::Limits;
use agendapack::store::{NewReport, StoreError};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

use super::meeting;
use super::meetings::detail;
use crate::dto::{
    AttachOutcome, AttachStage, AttachStep, CommandError, DroppedFiles, ItemEdit, MeetingDetail,
    ReportLine, UndoToken,
};
use crate::picker::Pick;
use crate::state::Undo;
use crate::AppState;

/// Adds a public item titled `title` before any private business and "Any
/// Other Business"; returns the meeting with the new item.
#[tauri::command]
pub async fn add_item(
    state: State<'_, AppState>,
    meeting_id: i64,
    title: String,
) -> Result<MeetingDetail, CommandError> {
    let mut store = state.store()?;
    let id = meeting(meeting_id);
    let m = store.load_meeting(id)?;
    let items = &m.meeting.items;
    let key = (1..)
        .map(|n| format!("item-{n}"))
        .find(|k| items.iter().all(|i| &i.key != k))
        .unwrap_or_else(|| "item".into());
    let at = items.iter().position(|i| {
        i.is_private() || matches!(i.kind, ItemKind::AnyOtherBusiness | ItemKind::Exclusion)
    });
    let title = Some(title.trim())
        .filter(|t| !t.is_empty())
        .unwrap_or("New item");
    store.add_item(id, &AgendaItem::new(key, title), at)?;
    detail(&store, meeting_id, state.today())
}

/// Adds the "Exclusion of Press and Public" item before the first private
/// item, with the resolution drafted from the private items.
#[tauri::command]
pub async fn add_exclusion_item(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<MeetingDetail, CommandError> {
    let mut store = state.store()?;
    let id = meeting(meeting_id);
    let m = store.load_meeting(id)?;
    if m.meeting
        .items
        .iter()
        .any(|i| i.kind == ItemKind::Exclusion)
    {
        return Err(CommandError::refused(
            "this agenda already has an “Exclusion of Press and Public” item",
        ));
    }
    let Some(at) = m.meeting.items.iter().position(|i| i.is_private()) else {
        return Err(CommandError::refused(
            "there is no private business to exclude the press and public from",
        ));
    };
    let key = if m.meeting.item("exclusion").is_none() {
        "exclusion".to_string()
    } else {
        format!("exclusion-{}", m.meeting.items.len() + 1)
    };
    let item = AgendaItem {
        kind: ItemKind::Exclusion,
        description: cycle::exclusion_resolution(&m),
        ..AgendaItem::new(key, "Exclusion of Press and Public")
    };
    store.add_item(id, &item, Some(at))?;
    detail(&store, meeting_id, state.today())
}

/// Saves the details panel. An item that becomes private moves to the end
/// of the agenda (private business comes last), so its number may change.
#[tauri::command]
pub async fn update_item(
    state: State<'_, AppState>,
    meeting_id: i64,
    key: String,
    edit: ItemEdit,
) -> Result<MeetingDetail, CommandError> {
    let mut store = state.store()?;
    let id = meeting(meeting_id);
    let m = store.load_meeting(id)?;
    let (index, old) = m
        .meeting
        .item(&key)
        .ok_or_else(|| CommandError::invalid(format!("meeting {id} has no item “{key}”")))?;
    let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let exemption = if edit.private {
        let mut paragraphs = edit
            .paragraphs
            .iter()
            .map(|&n| Paragraph::try_from(n))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| CommandError::invalid(e.to_string()))?;
        paragraphs.sort();
        paragraphs.dedup();
        Some(Exemption { paragraphs })
    } else {
        None
    };
    let title = text(&edit.title).ok_or_else(|| {
        CommandError::refused(format!("item {} needs a title", m.number_of(index)))
    })?;
    let item = AgendaItem {
        title,
        private_title: text(&edit.private_title),
        purpose: text(&edit.purpose),
        description: text(&edit.description),
        sub_items: edit.sub_items.iter().filter_map(|s| text(s)).collect(),
        exemption,
        late: edit.late.then(|| Late {
            reason: edit.late_reason.trim().to_string(),
        }),
        ..old.clone()
    };
    let becomes_private = item.is_private() && !old.is_private();
    store.update_item(id, &key, &item)?;
    let public_after = m.meeting.items[index + 1..].iter().any(|i| !i.is_private());
    if becomes_private && public_after {
        store.move_item(id, &key, m.meeting.items.len())?;
    }
    detail(&store, meeting_id, state.today())
}

/// Moves an item to position `to` (0-based); numbers follow.
#[tauri::command]
pub async fn move_item(
    state: State<'_, AppState>,
    meeting_id: i64,
    key: String,
    to: u32,
) -> Result<MeetingDetail, CommandError> {
    let mut store = state.store()?;
    store.move_item(meeting(meeting_id), &key, to as usize)?;
    detail(&store, meeting_id, state.today())
}

/// Deletes an item with its reports; the token puts it back.
#[tauri::command]
pub async fn delete_item(
    state: State<'_, AppState>,
    meeting_id: i64,
    key: String,
) -> Result<UndoToken, CommandError> {
    let mut store = state.store()?;
    let id = meeting(meeting_id);
    let number = store.load_meeting(id)?.number_of_key(&key);
    let (index, item) = store.delete_item(id, &key)?;
    let message = format!(
        "Deleted item {} “{}”",
        number.map(|n| n.to_string()).unwrap_or_default(),
        item.title
    );
    let token = state.push_undo(Undo::Item {
        meeting: id,
        index,
        item,
    });
    Ok(UndoToken { token, message })
}

/// Removes the report at `index` from an item; the token puts it back (at
/// the end of the item's reports).
#[tauri::command]
pub async fn remove_report(
    state: State<'_, AppState>,
    meeting_id: i64,
    key: String,
    index: u32,
) -> Result<UndoToken, CommandError> {
    let mut store = state.store()?;
    let id = meeting(meeting_id);
    let m = store.load_meeting(id)?;
    let report = m
        .meeting
        .item(&key)
        .and_then(|(_, i)| i.reports.get(index as usize))
        .cloned()
        .ok_or_else(|| {
            CommandError::invalid(format!("item “{key}” has no report number {}", index + 1))
        })?;
    store.remove_report(id, &key, index as usize)?;
    let message = format!("Removed report “{}”", report.title);
    let token = state.push_undo(Undo::Report {
        meeting: id,
        key,
        report,
    });
    Ok(UndoToken { token, message })
}

/// Puts back what the deletion with `token` removed.
#[tauri::command]
pub async fn undo(state: State<'_, AppState>, token: u64) -> Result<MeetingDetail, CommandError> {
    let undo = state
        .take_undo(token)
        .ok_or_else(|| CommandError::refused("that deletion can no longer be undone"))?;
    let mut store = state.store()?;
    let id = match undo {
        Undo::Item {
            meeting,
            index,
            item,
        } => {
            store.restore_item(meeting, index, &item)?;
            meeting
        }
        Undo::Report {
            meeting,
            key,
            report,
        } => {
            let sha = report.sha256.clone().unwrap_or_default();
            let bytes = store.read_blob(&sha, &report.title, &key)?;
            let original = store.original_of(&report, &key)?;
            store.attach_report(
                meeting,
                &key,
                NewReport {
                    title: &report.title,
                    file_name: &report.file,
                    bytes: &bytes,
                    pages: report.pages.unwrap_or(0),
                    original,
                },
            )?;
            meeting
        }
        Undo::Meeting { meeting } => store.restore_meeting(meeting)?,
    };
    detail(&store, id.0, state.today())
}

/// Asks the clerk for reports (the file dialog, several at once) and
/// attaches each to the item, one after another, telling `on_progress` as
/// each file starts and as it lands. Each file is converted (Word and other
/// office files) and checked first; a refused file is not stored and the
/// outcome says why. The work runs off the UI's thread, so the window stays
/// responsive while LibreOffice runs.
#[tauri::command]
pub async fn add_reports<R: Runtime>(
    app: AppHandle<R>,
    meeting_id: i64,
    key: String,
    on_progress: Channel<AttachStep>,
) -> Result<AttachOutcome, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let paths = state.picker().pick(&app, Pick::Reports, "");
        attach_files(&state, meeting(meeting_id), &key, &paths, &mut |step| {
            let _ = on_progress.send(step);
        })
    })
    .await
    .map_err(|e| CommandError::internal(format!("adding reports stopped: {e}")))?
}

/// Attaches the files last dropped on the window to the item, as
/// [`add_reports`] does.
#[tauri::command]
pub async fn attach_dropped<R: Runtime>(
    app: AppHandle<R>,
    meeting_id: i64,
    key: String,
    on_progress: Channel<AttachStep>,
) -> Result<AttachOutcome, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let paths = state.take_dropped();
        attach_files(&state, meeting(meeting_id), &key, &paths, &mut |step| {
            let _ = on_progress.send(step);
        })
    })
    .await
    .map_err(|e| CommandError::internal(format!("adding reports stopped: {e}")))?
}

/// Tells the UI, through `on_drop`, whenever files are dropped on the window.
#[tauri::command]
pub async fn watch_drops(
    state: State<'_, AppState>,
    on_drop: Channel<DroppedFiles>,
) -> Result<(), CommandError> {
    state.watch_drops(on_drop);
    Ok(())
}

/// Attaches `paths` to item `key` of meeting `id`, one after another; for
/// each file `on_step` hears when it starts ([`AttachStage::Working`]) and
/// how it ended (attached, with its report line, or refused, with the
/// reason). A refusal stores nothing of that file and does not stop the
/// others.
pub fn attach_files(
    state: &AppState,
    id: MeetingId,
    key: &str,
    paths: &[PathBuf],
    on_step: &mut dyn FnMut(AttachStep),
) -> Result<AttachOutcome, CommandError> {
    let mut outcome = AttachOutcome {
        attached: vec![],
        refused: vec![],
    };
    if paths.is_empty() {
        return Ok(outcome);
    }
    let item_name = {
        let store = state.store()?;
        let m = store.load_meeting(id)?;
        let (index, item) = m
            .meeting
            .item(key)
            .ok_or_else(|| CommandError::invalid(format!("meeting {id} has no item “{key}”")))?;
        format!("item {} “{}”", m.number_of(index), item.title)
    };
    let total = paths.len() as u32;
    for (index, path) in paths.iter().enumerate() {
        let file_name = file_name_of(path);
        let step = |stage, message: String, report| AttachStep {
            index: index as u32,
            total,
            file_name: file_name.clone(),
            stage,
            message,
            report,
        };
        let mut started = |doing: String| on_step(step(AttachStage::Working, doing, None));
        match attach_file(state, id, key, path, &mut started) {
            Ok(line) => {
                on_step(step(
                    AttachStage::Attached,
                    attached_message(&line),
                    Some(line.clone()),
                ));
                outcome.attached.push(line);
            }
            Err(reason) => {
                let reason = format!("Not added to {item_name}: {reason}");
                on_step(step(AttachStage::Refused, reason.clone(), None));
                outcome.refused.push(reason);
            }
        }
    }
    Ok(outcome)
}

fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// "Attached: 3 pages, converted from Word by LibreOffice 7.4".
fn attached_message(line: &ReportLine) -> String {
    let pages = match line.pages {
        Some(1) => "1 page".to_string(),
        Some(n) => format!("{n} pages"),
        None => "pages not counted".to_string(),
    };
    match &line.intake_note {
        Some(note) => format!("Attached: {pages}, {note}"),
        None => format!("Attached: {pages}"),
    }
}

/// What the clerk is told while `format` is being taken in.
fn working_message(format: Option<Format>) -> String {
    match format {
        Some(Format::Pdf) | None => "Checking the file".to_string(),
        Some(other) => format!(
            "Converting {} to PDF (this can take a few seconds)",
            other.description()
        ),
    }
}

/// Reads, converts if need be, checks and stores one report, telling
/// `started` what it is doing once the file is read; the error is the
/// clerk-facing reason.
fn attach_file(
    state: &AppState,
    id: MeetingId,
    key: &str,
    path: &Path,
    started: &mut dyn FnMut(String),
) -> Result<ReportLine, String> {
    let file_name = file_name_of(path);
    let limits = Limits::default();
    let size = std::fs::metadata(path)
        .map_err(|e| format!("‘{file_name}’ could not be read ({e})."))?
        .len();
    if size > limits.max_bytes {
        return Err(format!(
            "‘{file_name}’ is {:.1} MB; the largest report accepted is {:.0} MB.",
            size as f64 / 1_048_576.0,
            limits.max_bytes as f64 / 1_048_576.0
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| format!("‘{file_name}’ could not be read ({e})."))?;
    started(working_message(convert::detect(&file_name, &bytes).ok()));
    let converter = state.converter().map_err(|e| e.message)?;
    // The store is held only to look up an earlier conversion and to store
    // the result, never while LibreOffice runs.
    let prepared = convert::prepare_cached(
        &|sha| {
            state
                .store()
                .map_err(|e| StoreError::Refused(e.message))?
                .cached_conversion(sha)
        },
        &converter,
        &file_name,
        &bytes,
        &limits,
    )
    .map_err(|e| e.to_string())?;
    let title = report_title(&file_name);
    let mut store = state.store().map_err(|e| e.message)?;
    prepared
        .attach(&mut store, id, key, &title)
        .map_err(|e| CommandError::from(e).message)?;
    Ok(ReportLine {
        title,
        file_name: prepared.file_name.clone(),
        pages: Some(prepared.pdf.page_count),
        bytes: Some(prepared.pdf.bytes.len() as u64),
        intake_note: prepared.original.as_ref().map(|o| o.note.clone()),
        original_file_name: prepared.original.as_ref().map(|o| o.file_name.clone()),
    })
}

/// A report's title from its file name: "homes-for-children.pdf" →
/// "Homes for children".
pub fn report_title(file_name: &str) -> String {
    let stem = Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words = stem
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Report".to_string(),
    }
}
