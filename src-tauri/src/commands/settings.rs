//! Settings: the council's name, the calendar, backup and restore, checking the database.

use agendapack::calendar::CalendarSettings;
use agendapack::settings;
use tauri::{AppHandle, Manager, Runtime, State};

use super::parse_date;
use crate::dto::{
    CalendarDetail, CalendarForm, CommandError, DatabaseCheck, DateText, FileOutcome,
    SettingsDetail,
};
use crate::picker::Pick;
use crate::AppState;

/// The council's name and the calendar settings.
#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<SettingsDetail, CommandError> {
    let store = state.store()?;
    settings_detail(&store)
}

/// Saves the calendar settings.
#[tauri::command]
pub async fn set_calendar(
    state: State<'_, AppState>,
    calendar: CalendarForm,
) -> Result<SettingsDetail, CommandError> {
    let closure_days = calendar
        .closure_days
        .iter()
        .map(|d| parse_date(d, "The closure day"))
        .collect::<Result<_, _>>()?;
    let mut store = state.store()?;
    settings::set_calendar(
        &mut store,
        &CalendarSettings {
            exclude_weekends: calendar.exclude_weekends,
            exclude_bank_holidays: calendar.exclude_bank_holidays,
            closure_days,
        },
    )?;
    settings_detail(&store)
}

/// Renames the council (see [`settings::set_council_name`]).
#[tauri::command]
pub async fn set_council_name(
    state: State<'_, AppState>,
    name: String,
) -> Result<SettingsDetail, CommandError> {
    let mut store = state.store()?;
    settings::set_council_name(&mut store, &name)?;
    settings_detail(&store)
}

/// Asks where to save a backup (the save dialog) and writes it there.
#[tauri::command]
pub async fn backup_database<R: Runtime>(app: AppHandle<R>) -> Result<FileOutcome, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let name = format!("agendapack-backup-{}.sqlite3", state.today());
        let Some(dest) = state
            .picker()
            .pick(&app, Pick::BackupDestination, &name)
            .pop()
        else {
            return Ok(FileOutcome { path: None });
        };
        state.store()?.backup_to(&dest)?;
        Ok(FileOutcome {
            path: Some(dest.display().to_string()),
        })
    })
    .await
    .map_err(|e| CommandError::internal(format!("the backup stopped: {e}")))?
}

/// Asks for a backup (the open dialog) and replaces the database's content
/// with it; the current content is saved beside the database first. The
/// UI asks the clerk to confirm before calling this.
#[tauri::command]
pub async fn restore_database<R: Runtime>(app: AppHandle<R>) -> Result<FileOutcome, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let Some(from) = state.picker().pick(&app, Pick::BackupSource, "").pop() else {
            return Ok(FileOutcome { path: None });
        };
        state.store()?.restore_from(&from)?;
        Ok(FileOutcome {
            path: Some(from.display().to_string()),
        })
    })
    .await
    .map_err(|e| CommandError::internal(format!("the restore stopped: {e}")))?
}

/// Verifies the whole database without changing it.
#[tauri::command]
pub async fn check_database(state: State<'_, AppState>) -> Result<DatabaseCheck, CommandError> {
    let store = state.store()?;
    Ok(DatabaseCheck {
        problems: store
            .fsck()?
            .into_iter()
            .map(|p| format!("{}: {}", p.kind, p.detail))
            .collect(),
    })
}

fn settings_detail(store: &agendapack::store::Store) -> Result<SettingsDetail, CommandError> {
    let calendar = settings::calendar(store)?;
    let council = settings::council_name(store)?;
    Ok(SettingsDetail {
        council,
        calendar: CalendarDetail {
            exclude_weekends: calendar.exclude_weekends,
            exclude_bank_holidays: calendar.exclude_bank_holidays,
            closure_days: calendar
                .closure_days
                .into_iter()
                .map(DateText::from)
                .collect(),
        },
    })
}
