//! Meetings.

use tauri::State;

use crate::dto::{CommandError, MeetingSummary};
use crate::AppState;

/// Every meeting, soonest first, with its item numbers.
#[tauri::command]
pub async fn list_meetings(
    state: State<'_, AppState>,
) -> Result<Vec<MeetingSummary>, CommandError> {
    let store = state.store()?;
    Ok(store
        .meetings()?
        .into_iter()
        .map(MeetingSummary::from)
        .collect())
}
