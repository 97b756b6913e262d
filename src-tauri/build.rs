//! Tauri build script. Declaring the app's commands in the ACL manifest means
//! each one must be granted by a capability (see `capabilities/`), exactly like
//! plugin commands; an undeclared or ungranted command is refused.

/// Keep in step with `agendapack_desktop::commands::NAMES` (a test checks).
const COMMANDS: &[&str] = &[
    "app_info",
    "list_meetings",
    "reveal_database",
    "home_overview",
    "list_committees",
    "create_meeting",
    "meeting_detail",
    "set_meeting_status",
    "add_item",
    "add_exclusion_item",
    "update_item",
    "move_item",
    "delete_item",
    "undo",
    "add_reports",
    "attach_dropped",
    "watch_drops",
    "watch_close",
    "close_ready",
    "remove_report",
    "check_meeting",
    "list_packs",
    "pack_preview",
    "generate_pack",
    "publish_agenda",
    "publish_site",
    "open_output",
    "reveal_output",
    "set_attendance",
    "add_declaration",
    "set_minute",
    "add_action",
    "set_action_status",
    "set_closed_at",
    "approve_minutes",
    "produce_signed_minutes",
    "get_settings",
    "set_calendar",
    "set_council_name",
    "backup_database",
    "restore_database",
    "check_database",
    "list_people",
    "add_person",
    "edit_person",
    "retire_person",
    "add_committee",
    "edit_committee",
    "archive_committee",
    "add_member",
    "end_member",
    "set_template",
    "reschedule_meeting",
    "cancel_meeting",
    "delete_meeting",
    "import_meeting",
    "export_meeting",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("the Tauri build script failed");
}
