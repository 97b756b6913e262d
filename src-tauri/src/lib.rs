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
mod state;

pub use state::AppState;

/// Registers the plugins and commands on `builder`. Shared by [`run`] and the
/// tests (which pass `tauri::test::mock_builder()`); the caller adds the
/// [`AppState`] with `.manage(..)`.
pub fn configure<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::reveal_database,
            commands::meetings::list_meetings,
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
