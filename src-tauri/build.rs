//! Tauri build script. Declaring the app's commands in the ACL manifest means
//! each one must be granted by a capability (see `capabilities/`), exactly like
//! plugin commands; an undeclared or ungranted command is refused.

/// Keep in step with `agendapack_desktop::commands::NAMES` (a test checks).
const COMMANDS: &[&str] = &["app_info", "list_meetings", "reveal_database"];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("the Tauri build script failed");
}
