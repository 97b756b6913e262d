//! Commands through Tauri's IPC with the mock runtime, the real
//! configuration and the real capability file: what the UI gets back, and
//! what it is refused.

use agendapack_desktop::picker::FilePicker;
use agendapack_desktop::{commands, configure, AppState};
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

fn app_with(
    state: AppState,
) -> (
    App<tauri::test::MockRuntime>,
    WebviewWindow<tauri::test::MockRuntime>,
) {
    let app = configure(mock_builder())
        .manage(state)
        .build(tauri::generate_context!())
        .expect("the app builds with the mock runtime");
    let window = match app.get_webview_window("main") {
        Some(w) => w,
        None => WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("a mock main window"),
    };
    (app, window)
}

fn request(cmd: &str, origin: &str) -> InvokeRequest {
    request_with(cmd, origin, serde_json::json!({}))
}

fn request_with(cmd: &str, origin: &str, body: Value) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: origin.parse().expect("a URL"),
        body: InvokeBody::Json(body),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

const LOCAL: &str = "tauri://localhost";

fn invoke(window: &WebviewWindow<tauri::test::MockRuntime>, cmd: &str) -> Result<Value, Value> {
    get_ipc_response(window, request(cmd, LOCAL))
        .map(|body| body.deserialize::<Value>().expect("JSON response"))
}

fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("agendapack.sqlite3");
    (dir, path)
}

#[test]
fn list_meetings_returns_the_demo_meetings() {
    let (_dir, db) = temp_db();
    let (_app, window) = app_with(AppState::open(&db));
    let meetings = invoke(&window, "list_meetings").expect("list_meetings succeeds");
    let meetings = meetings.as_array().expect("an array");
    assert_eq!(meetings.len(), 2, "{meetings:#?}");

    let nov = meetings
        .iter()
        .find(|m| m["date"] == "2024-11-28")
        .expect("the 28 November meeting");
    assert_eq!(
        nov["committee"],
        "Education and Children's Services Scrutiny Board (2)"
    );
    assert_eq!(nov["dateText"], "Thursday, 28th November, 2024");
    assert_eq!(nov["time"], "10:00");
    assert_eq!(nov["timeText"], "10.00 am");
    assert_eq!(nov["venue"], "Diamond Room 2 - Council House");
    assert_eq!(nov["firstItem"], 49);
    assert_eq!(nov["lastItem"], 57);
    assert!(nov["id"].is_i64());
    assert!(nov["status"].is_string());
    assert_eq!(nov["kind"], "ordinary");

    let oct = meetings
        .iter()
        .find(|m| m["date"] == "2024-10-17")
        .expect("the 17 October meeting");
    assert_eq!(oct["firstItem"], 43);
    assert_eq!(oct["lastItem"], 48);
}

#[test]
fn the_demo_is_loaded_once() {
    let (_dir, db) = temp_db();
    drop(AppState::open(&db));
    let (_app, window) = app_with(AppState::open(&db));
    let meetings = invoke(&window, "list_meetings").expect("list_meetings succeeds");
    assert_eq!(meetings.as_array().map(Vec::len), Some(2));
}

#[test]
fn app_info_names_the_database() {
    let (_dir, db) = temp_db();
    let (_app, window) = app_with(AppState::open(&db));
    let info = invoke(&window, "app_info").expect("app_info succeeds");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["databasePath"], db.display().to_string());
    assert_eq!(info["databaseProblem"], Value::Null);
}

#[test]
fn an_unusable_database_is_reported_as_code_and_message() {
    let dir = tempfile::tempdir().expect("a temp dir");
    // A directory where the database file should be: SQLite cannot open it.
    let db = dir.path().join("not-a-file");
    std::fs::create_dir(&db).expect("mkdir");
    let (_app, window) = app_with(AppState::open(&db));

    let err = invoke(&window, "list_meetings").expect_err("list_meetings fails");
    assert_eq!(err["code"], "database-unavailable", "{err}");
    let message = err["message"].as_str().expect("a message");
    assert!(message.contains(&db.display().to_string()), "{message}");

    let info = invoke(&window, "app_info").expect("app_info still works");
    assert!(info["databaseProblem"].is_string(), "{info}");
}

#[test]
fn every_command_is_granted_to_the_main_window() {
    let (_dir, db) = temp_db();
    // An empty scripted picker: every file dialog is "cancelled".
    let state = AppState::open(&db).with_picker(FilePicker::scripted(vec![]));
    let (_app, window) = app_with(state);
    for name in commands::NAMES {
        if *name == "reveal_database" {
            // Granted, but running it would open a file manager; the ACL is
            // checked by the remote-origin test and the capability file.
            continue;
        }
        // Called without arguments: a command that needs some fails on
        // them, which shows the ACL let it through.
        if let Err(e) = invoke(&window, name) {
            let text = e.to_string();
            assert!(!text.contains("not allowed"), "{name} was refused: {text}");
            assert!(text.contains("missing required key"), "{name}: {text}");
        }
    }
}

#[test]
fn build_script_capability_and_handler_name_the_same_commands() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let build = std::fs::read_to_string(root.join("build.rs")).expect("build.rs");
    let capability: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("capabilities/main-window.json")).expect("capability"),
    )
    .expect("JSON");
    let granted: Vec<String> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| p.as_str().expect("a string").to_string())
        .collect();
    let expected: Vec<String> = commands::NAMES
        .iter()
        .map(|n| format!("allow-{}", n.replace('_', "-")))
        .collect();
    assert_eq!(granted, expected, "capabilities/main-window.json");
    for name in commands::NAMES {
        assert!(
            build.contains(&format!("\"{name}\"")),
            "build.rs lacks {name}"
        );
    }
}

#[test]
fn plugin_commands_are_not_granted_to_the_webview() {
    let (_dir, db) = temp_db();
    let (_app, window) = app_with(AppState::open(&db));
    for cmd in [
        "plugin:dialog|open",
        "plugin:dialog|save",
        "plugin:opener|open_url",
        "plugin:opener|open_path",
        "plugin:opener|reveal_item_in_dir",
    ] {
        let err = invoke(&window, cmd).expect_err(cmd);
        let text = err.to_string();
        assert!(text.contains("not allowed"), "{cmd}: {text}");
    }
}

#[test]
fn unknown_commands_are_refused() {
    let (_dir, db) = temp_db();
    let (_app, window) = app_with(AppState::open(&db));
    let err = invoke(&window, "delete_everything").expect_err("refused");
    assert!(err.to_string().contains("not allowed"), "{err}");
}

#[test]
fn remote_pages_cannot_call_commands() {
    let (_dir, db) = temp_db();
    let (_app, window) = app_with(AppState::open(&db));
    for name in commands::NAMES {
        let response = get_ipc_response(&window, request(name, "https://example.com/"));
        let err = response.expect_err(name);
        assert!(err.to_string().contains("not allowed"), "{name}: {err}");
    }
}

/// The browser test (ui/tests/browser) mocks the IPC with this fixture, so
/// it must be exactly what `list_meetings` returns for the demo database.
/// Regenerate with `UPDATE_BINDINGS=1 cargo test -p agendapack-desktop --test commands`.
#[test]
fn the_ui_fixture_matches_list_meetings() {
    let (_dir, db) = temp_db();
    let (_app, window) = app_with(AppState::open(&db));
    let meetings = invoke(&window, "list_meetings").expect("list_meetings succeeds");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ui/tests/fixtures/list_meetings.json");
    let pretty = serde_json::to_string_pretty(&meetings).expect("JSON") + "\n";
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(fixture.parent().expect("a parent")).expect("mkdir");
        std::fs::write(&fixture, pretty).expect("write the fixture");
        return;
    }
    let found = std::fs::read_to_string(&fixture).unwrap_or_default();
    assert_eq!(
        found, pretty,
        "ui/tests/fixtures/list_meetings.json is stale; run UPDATE_BINDINGS=1 cargo test -p agendapack-desktop --test commands"
    );
}
