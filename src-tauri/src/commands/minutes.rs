//! Minutes: attendance, declarations, per-item minutes, actions, closing
//! time, approval at a later meeting, signed minutes.

use agendapack::domain::{Action, ActionStatus, Attendance, Declaration};
use agendapack::{cycle, publish};
use tauri::{AppHandle, Manager, Runtime, State};

use super::meetings::detail;
use super::packs::write_file;
use super::{meeting, parse_date, parse_time};
use crate::dto::{
    self, ActionForm, AttendanceLine, CommandError, DeclarationLine, MeetingDetail, OutputFile,
};
use crate::AppState;

/// Replaces the attendance record with `attendance`.
#[tauri::command]
pub async fn set_attendance(
    state: State<'_, AppState>,
    meeting_id: i64,
    attendance: Vec<AttendanceLine>,
) -> Result<MeetingDetail, CommandError> {
    let text = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let lines: Vec<Attendance> = attendance
        .into_iter()
        .map(|a| Attendance {
            person: a.person,
            presence: a.presence.into(),
            substitute_for: text(a.substitute_for),
            capacity: text(a.capacity),
        })
        .collect();
    let mut store = state.store()?;
    store.set_attendance(meeting(meeting_id), &lines)?;
    detail(&store, meeting_id, state.today())
}

/// Records a declaration of interest.
#[tauri::command]
pub async fn add_declaration(
    state: State<'_, AppState>,
    meeting_id: i64,
    declaration: DeclarationLine,
) -> Result<MeetingDetail, CommandError> {
    let note = declaration.note.trim().to_string();
    if note.is_empty() {
        return Err(CommandError::refused(
            "say what the interest is before recording the declaration",
        ));
    }
    let mut store = state.store()?;
    store.add_declaration(
        meeting(meeting_id),
        &Declaration {
            person: declaration.person,
            item: declaration.item,
            interest: declaration.interest.into(),
            note,
        },
    )?;
    detail(&store, meeting_id, state.today())
}

/// Saves one item's minute (Markdown); an empty text clears it.
#[tauri::command]
pub async fn set_minute(
    state: State<'_, AppState>,
    meeting_id: i64,
    key: String,
    text: String,
) -> Result<(), CommandError> {
    let text = Some(text.trim()).filter(|t| !t.is_empty());
    let mut store = state.store()?;
    store.set_minute(meeting(meeting_id), &key, text)?;
    Ok(())
}

/// Records a request or action.
#[tauri::command]
pub async fn add_action(
    state: State<'_, AppState>,
    meeting_id: i64,
    action: ActionForm,
) -> Result<MeetingDetail, CommandError> {
    let text = action.text.trim().to_string();
    if text.is_empty() {
        return Err(CommandError::refused("say what is to be done"));
    }
    let due = match action.due.trim() {
        "" => None,
        d => Some(parse_date(d, "The due date")?),
    };
    let mut store = state.store()?;
    store.add_action(
        meeting(meeting_id),
        &Action {
            item: action.item,
            text,
            owner: Some(action.owner.trim().to_string()).filter(|o| !o.is_empty()),
            due,
            status: ActionStatus::Open,
        },
    )?;
    detail(&store, meeting_id, state.today())
}

/// Marks an action open or done (allowed even once the minutes are locked).
#[tauri::command]
pub async fn set_action_status(
    state: State<'_, AppState>,
    meeting_id: i64,
    index: u32,
    status: dto::ActionStatus,
) -> Result<MeetingDetail, CommandError> {
    let status = match status {
        dto::ActionStatus::Open => ActionStatus::Open,
        dto::ActionStatus::Done => ActionStatus::Done,
    };
    let mut store = state.store()?;
    store.set_action_status(meeting(meeting_id), index as usize, status)?;
    detail(&store, meeting_id, state.today())
}

/// Records when the meeting closed ("12:20"); empty clears it.
#[tauri::command]
pub async fn set_closed_at(
    state: State<'_, AppState>,
    meeting_id: i64,
    time: String,
) -> Result<MeetingDetail, CommandError> {
    let at = match time.trim() {
        "" => None,
        t => Some(parse_time(t, "The closing time")?),
    };
    let mut store = state.store()?;
    store.set_closed_at(meeting(meeting_id), at)?;
    detail(&store, meeting_id, state.today())
}

/// Approves the minutes at the later meeting `at_meeting_id`, signed by
/// `chair`; they are locked from then on.
#[tauri::command]
pub async fn approve_minutes(
    state: State<'_, AppState>,
    meeting_id: i64,
    at_meeting_id: i64,
    chair: String,
) -> Result<MeetingDetail, CommandError> {
    let mut store = state.store()?;
    cycle::approve(
        &mut store,
        meeting(meeting_id),
        meeting(at_meeting_id),
        &chair,
    )?;
    detail(&store, meeting_id, state.today())
}

/// Produces the signed minutes (once; later requests give the same file)
/// and writes them to the meeting's output folder.
#[tauri::command]
pub async fn produce_signed_minutes<R: Runtime>(
    app: AppHandle<R>,
    meeting_id: i64,
) -> Result<OutputFile, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let id = meeting(meeting_id);
        let (bytes, date) = {
            let mut store = state.store()?;
            let bytes = publish::signed_minutes(&mut store, id)?;
            (bytes, store.load_meeting(id)?.meeting.date())
        };
        let pages = agendapack::pack::inspect("signed minutes", &bytes, &Default::default())
            .map(|i| i.page_count)
            .unwrap_or(0);
        let file_name = format!("{date}-signed-minutes.pdf");
        let path = write_file(&state.output_folder(id)?, &file_name, &bytes)?;
        Ok(OutputFile {
            label: "Signed minutes".to_string(),
            file_name,
            path: path.display().to_string(),
            pages,
            bytes: bytes.len() as u64,
        })
    })
    .await
    .map_err(|e| CommandError::internal(format!("producing the signed minutes stopped: {e}")))?
}
