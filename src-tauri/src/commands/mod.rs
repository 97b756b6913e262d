//! The commands the UI may call, one module per area. Each is a few lines
//! that delegate to the core and map its result into [`crate::dto`] types.
//!
//! Every command is declared in `build.rs` and granted by
//! `capabilities/main-window.json`; the UI calls them only through
//! `ui/src/lib/api.ts`, typed by the generated bindings.

pub mod app;
pub mod meetings;

/// The name of every command, as the UI invokes it. Kept in step with
/// `build.rs`, the capability file and `generate_handler!` by tests.
pub const NAMES: [&str; 3] = ["app_info", "list_meetings", "reveal_database"];
