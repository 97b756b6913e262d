//! The pre-flight check of a meeting.

use agendapack::{checks, settings};
use tauri::State;

use super::meeting;
use crate::dto::{CommandError, Finding};
use crate::AppState;

/// The errors and warnings for a meeting, errors first.
#[tauri::command]
pub async fn check_meeting(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Vec<Finding>, CommandError> {
    let store = state.store()?;
    let m = store.load_meeting(meeting(meeting_id))?;
    let calendar = settings::calendar(&store)?;
    Ok(checks::preflight(&store, &m, state.today(), &calendar)
        .into_iter()
        .map(Finding::from)
        .collect())
}
