//! The app itself: version, database location, closing the window.

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

/// Where to ask the UI to save its pending changes before the window
/// closes (see `configure`: the close is held until `close_ready`).
#[tauri::command]
pub async fn watch_close(
    state: State<'_, AppState>,
    on_close: tauri::ipc::Channel<()>,
) -> Result<(), CommandError> {
    state.watch_close(on_close);
    Ok(())
}

/// The UI has saved everything: the window closes now.
#[tauri::command]
pub async fn close_ready<R: Runtime>(window: tauri::Window<R>) -> Result<(), CommandError> {
    window
        .destroy()
        .map_err(|e| CommandError::system(format!("the window could not close: {e}")))
}
