//! Changes to a meeting itself (reschedule, cancel, delete a draft) and
//! meeting files in and out (import, export), through the native dialogs.

use agendapack::domain as core;
use agendapack::interchange::{self, InterchangeError};
use agendapack::store::Reschedule;
use tauri::{AppHandle, Manager, Runtime, State};

use super::meetings::detail;
use super::{meeting, parse_date, parse_time};
use crate::dto::{
    CommandError, FileOutcome, ImportOutcome, ImportProblem, MeetingDetail, RescheduleForm,
    UndoToken,
};
use crate::picker::Pick;
use crate::{AppState, Undo};

/// Moves a meeting to a new date, time or venue; its deadline and numbers
/// follow. A published agenda is refused unless the clerk confirmed that it
/// is to be published again.
#[tauri::command]
pub async fn reschedule_meeting(
    state: State<'_, AppState>,
    meeting_id: i64,
    form: RescheduleForm,
) -> Result<MeetingDetail, CommandError> {
    let change = Reschedule {
        date: Some(parse_date(&form.date, "The date")?),
        time: Some(parse_time(&form.time, "The time")?),
        venue: Some(form.venue.trim().to_string()).filter(|v| !v.is_empty()),
    };
    let mut store = state.store()?;
    store.reschedule_meeting(meeting(meeting_id), &change, form.confirm_republish)?;
    detail(&store, meeting_id, state.today())
}

/// Cancels a meeting: kept, marked cancelled, numbered no more.
#[tauri::command]
pub async fn cancel_meeting(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<MeetingDetail, CommandError> {
    let mut store = state.store()?;
    store.cancel_meeting(meeting(meeting_id))?;
    detail(&store, meeting_id, state.today())
}

/// Deletes a draft meeting; the token puts it back.
#[tauri::command]
pub async fn delete_meeting(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<UndoToken, CommandError> {
    let mut store = state.store()?;
    let deleted = store.delete_draft_meeting(meeting(meeting_id))?;
    let message = format!(
        "Deleted the draft meeting of {}, {}",
        deleted.committee,
        core::long_date(deleted.starts_at.date())
    );
    let token = state.push_undo(Undo::Meeting {
        meeting: deleted.id,
    });
    Ok(UndoToken { token, message })
}

/// Asks for a meeting file (the file dialog) and imports it with its
/// reports. A refused file writes nothing; its problems are listed by JSON
/// path.
#[tauri::command]
pub async fn import_meeting<R: Runtime>(app: AppHandle<R>) -> Result<ImportOutcome, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let Some(file) = state.picker().pick(&app, Pick::MeetingFile, "").pop() else {
            return Ok(ImportOutcome {
                file_name: None,
                meeting_id: None,
                problems: vec![],
            });
        };
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.display().to_string());
        let mut store = state.store()?;
        let (meeting_id, problems) = match interchange::import(&mut store, &file) {
            Ok(id) => (Some(id.0), vec![]),
            Err(e) => (None, problems(e)),
        };
        Ok(ImportOutcome {
            file_name: Some(file_name),
            meeting_id,
            problems,
        })
    })
    .await
    .map_err(|e| CommandError::internal(format!("the import stopped: {e}")))?
}

/// Why a meeting file was refused, one line per JSON path.
fn problems(error: InterchangeError) -> Vec<ImportProblem> {
    match error {
        InterchangeError::Invalid { problems, .. } => problems
            .into_iter()
            .map(|p| ImportProblem {
                json_path: p.json_path,
                message: p.message,
            })
            .collect(),
        InterchangeError::Json {
            json_path, message, ..
        } => vec![ImportProblem { json_path, message }],
        InterchangeError::Format { found, .. } => vec![ImportProblem {
            json_path: "format".to_string(),
            message: format!(
                "is “{found}”, but this AgendaPack reads “{}”",
                interchange::FORMAT
            ),
        }],
        InterchangeError::Io { source, .. } => vec![ImportProblem {
            json_path: String::new(),
            message: format!("the file could not be read: {source}"),
        }],
        InterchangeError::Store { error, .. } => vec![ImportProblem {
            json_path: String::new(),
            message: error.to_string(),
        }],
    }
}

/// Exports the meeting to a file the clerk chooses, its reports in a folder
/// beside it.
#[tauri::command]
pub async fn export_meeting<R: Runtime>(
    app: AppHandle<R>,
    meeting_id: i64,
) -> Result<FileOutcome, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let store = state.store()?;
        let m = store.load_meeting(meeting(meeting_id))?;
        let name = format!("{}.json", m.meeting.date().format("%Y-%m-%d"));
        drop(store);
        let Some(out) = state
            .picker()
            .pick(&app, Pick::MeetingFileDestination, &name)
            .pop()
        else {
            return Ok(FileOutcome { path: None });
        };
        let store = state.store()?;
        interchange::export(&store, meeting(meeting_id), &out).map_err(|e| {
            CommandError::system(format!("The meeting could not be exported: {e:#}"))
        })?;
        Ok(FileOutcome {
            path: Some(out.display().to_string()),
        })
    })
    .await
    .map_err(|e| CommandError::internal(format!("the export stopped: {e}")))?
}
