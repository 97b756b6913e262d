//! The app itself: version, database location.

use tauri::{Runtime, State};
use tauri_plugin_opener::OpenerExt;

use crate::dto::{AppInfo, CommandError, ErrorCode};
use crate::AppState;

/// The app's version and where its database is.
#[tauri::command]
pub async fn app_info<R: Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<AppInfo, CommandError> {
    Ok(AppInfo {
        version: app.package_info().version.to_string(),
        database_path: state.database_path().map(|p| p.display().to_string()),
        database_problem: state.problem().map(|e| e.message.clone()),
    })
}

/// Shows the database file in the system's file manager.
#[tauri::command]
pub async fn reveal_database<R: Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), CommandError> {
    let path = state.database_path().ok_or_else(|| CommandError {
        code: ErrorCode::DatabaseUnavailable,
        message: "AgendaPack does not know where its database is".to_string(),
    })?;
    app.opener()
        .reveal_item_in_dir(path)
        .map_err(|e| CommandError {
            code: ErrorCode::System,
            message: format!("could not show {} in the file manager: {e}", path.display()),
        })
}
