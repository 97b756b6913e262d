//! AgendaPack desktop shell: the Tauri window around the `agendapack` core.
//!
//! This crate is glue. It opens the clerk's database at start-up
//! ([`AppState`]), exposes a few commands to the web UI ([`commands`]) and
//! converts core types into transport types the UI understands ([`dto`]).
//! Commands are a few lines each and delegate to the core: no SQL and no PDF
//! code lives here.
//!
//! API boundary: everything the UI receives is a type in [`dto`], and the
//! TypeScript definitions in `ui/src/bindings/` are generated from those types
//! (`UPDATE_BINDINGS=1 cargo test -p agendapack-desktop --test bindings`).
//! Every error reaches the UI as a [`dto::CommandError`] `{ code, message }`.
//!
//! Architecture invariant: this is the only crate in the workspace that
//! imports `tauri`.
#![forbid(unsafe_code)]

pub mod commands;
pub mod dto;
mod error;
pub mod picker;
mod state;

pub use state::{AppState, Undo};

use tauri::Manager;

/// How long a closing window waits for the UI to save its last changes.
pub const CLOSE_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

/// Registers the plugins and commands on `builder`. Shared by [`run`] and the
/// tests (which pass `tauri::test::mock_builder()`); the caller adds the
/// [`AppState`] with `.manage(..)`.
pub fn configure<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .on_window_event(|window, event| match event {
            // Files dropped on the window are kept by the shell; the UI is
            // told their names and says which item they belong to.
            tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
                if let Some(state) = window.try_state::<AppState>() {
                    state.files_dropped(paths.clone());
                }
            }
            // Closing: the UI saves what the clerk typed last (autosave
            // waits 0.7 s after typing stops), then calls `close_ready`,
            // which destroys the window. A page that does not answer in
            // CLOSE_GRACE does not keep the window open.
            tauri::WindowEvent::CloseRequested { api, .. } => {
                let asked = window
                    .try_state::<AppState>()
                    .is_some_and(|state| state.close_requested());
                if asked {
                    api.prevent_close();
                    let window = window.clone();
                    std::thread::spawn(move || {
                        std::thread::sleep(CLOSE_GRACE);
                        let _ = window.destroy();
                    });
                }
            }
            _ => {}
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::meetings::list_meetings,
            commands::app::reveal_database,
            commands::meetings::home_overview,
            commands::council::list_committees,
            commands::meetings::create_meeting,
            commands::meetings::meeting_detail,
            commands::meetings::set_meeting_status,
            commands::agenda::add_item,
            commands::agenda::add_exclusion_item,
            commands::agenda::update_item,
            commands::agenda::move_item,
            commands::agenda::delete_item,
            commands::agenda::undo,
            commands::agenda::add_reports,
            commands::agenda::attach_dropped,
            commands::agenda::watch_drops,
            commands::app::watch_close,
            commands::app::close_ready,
            commands::agenda::remove_report,
            commands::checks::check_meeting,
            commands::packs::list_packs,
            commands::packs::pack_preview,
            commands::packs::generate_pack,
            commands::packs::publish_agenda,
            commands::packs::publish_site,
            commands::packs::open_output,
            commands::packs::reveal_output,
            commands::minutes::set_attendance,
            commands::minutes::add_declaration,
            commands::minutes::set_minute,
            commands::minutes::add_action,
            commands::minutes::set_action_status,
            commands::minutes::set_closed_at,
            commands::minutes::approve_minutes,
            commands::minutes::produce_signed_minutes,
            commands::settings::get_settings,
            commands::settings::set_calendar,
            commands::settings::set_council_name,
            commands::settings::backup_database,
            commands::settings::restore_database,
            commands::settings::check_database,
            commands::council::list_people,
            commands::council::add_person,
            commands::council::edit_person,
            commands::council::retire_person,
            commands::council::add_committee,
            commands::council::edit_committee,
            commands::council::archive_committee,
            commands::council::add_member,
            commands::council::end_member,
            commands::council::set_template,
            commands::changes::reschedule_meeting,
            commands::changes::cancel_meeting,
            commands::changes::delete_meeting,
            commands::changes::import_meeting,
            commands::changes::export_meeting,
        ])
}

/// Runs the desktop app: opens the database named by `AGENDAPACK_DB` or the
/// per-user default (loading the demo council on first run) and shows the
/// main window. A database that cannot be opened does not stop the window
/// from opening: the UI reports the problem instead.
pub fn run() {
    let state = AppState::from_environment();
    let result = configure(tauri::Builder::default())
        .manage(state)
        .run(tauri::generate_context!());
    if let Err(error) = result {
        // Nothing else can report this: the window never opened.
        #[allow(clippy::print_stderr)]
        {
            eprintln!("AgendaPack could not start: {error:#}");
        }
        std::process::exit(1);
    }
}
