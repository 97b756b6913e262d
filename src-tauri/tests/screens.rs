//! The commands behind each screen, through Tauri's IPC with the mock
//! runtime, the real configuration and capability: a few lines each, on a
//! temporary database holding the demo council.
#![allow(clippy::print_stdout)] // a test skipped for want of LibreOffice says so

use std::path::{Path, PathBuf};

use agendapack_desktop::picker::FilePicker;
use agendapack_desktop::{configure, AppState};
use chrono::NaiveDate;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

struct Fixture {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

/// The demo database, "today" fixed at 1 November 2024, and `picks` as
/// what the file dialogs return, one file per dialog.
fn fixture(picks: Vec<PathBuf>) -> Fixture {
    fixture_picking(picks.into_iter().map(|p| vec![p]).collect())
}

/// [`fixture`], with several files chosen in some of the dialogs.
fn fixture_picking(picks: Vec<Vec<PathBuf>>) -> Fixture {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("agendapack.sqlite3");
    // Conversions work in the test's own folder, so the LibreOffice
    // processes a test starts can be told from anyone else's.
    let convert_dir = dir.path().join("convert");
    std::fs::create_dir_all(&convert_dir).expect("a conversion folder");
    let state = AppState::open(&db)
        .with_picker(FilePicker::scripted_picks(picks))
        .with_today(NaiveDate::from_ymd_opt(2024, 11, 1).expect("a date"))
        .with_convert_dir(&convert_dir);
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
    Fixture {
        dir: dir.path().to_path_buf(),
        _dir: dir,
        app,
        window,
    }
}

/// An IPC request from the app's own origin, as the page sends it.
fn request(cmd: &str, args: Value) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("a URL"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

impl Fixture {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(&self.window, request(cmd, args))
            .map(|body| body.deserialize::<Value>().expect("JSON response"))
    }

    /// A command answering with raw bytes (`tauri::ipc::Response`).
    fn bytes(&self, cmd: &str, args: Value) -> Result<Vec<u8>, Value> {
        match get_ipc_response(&self.window, request(cmd, args))? {
            InvokeResponseBody::Raw(bytes) => Ok(bytes),
            InvokeResponseBody::Json(json) => panic!("{cmd} answered JSON, not bytes: {json}"),
        }
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn meeting_on(&self, date: &str) -> i64 {
        let list = self.ok("list_meetings", json!({}));
        list.as_array()
            .expect("an array")
            .iter()
            .find(|m| m["date"] == date)
            .and_then(|m| m["id"].as_i64())
            .unwrap_or_else(|| panic!("a meeting on {date}"))
    }
}

fn item<'a>(detail: &'a Value, key: &str) -> &'a Value {
    detail["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("item {key}"))
}

fn keys(detail: &Value) -> Vec<String> {
    detail["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["key"].as_str().expect("a key").to_string())
        .collect()
}

fn fixture_pdf(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/meetings/reports/2024-11-28")
        .join(name)
}

#[test]
fn meeting_detail_reads_like_the_papers() {
    let f = fixture(vec![]);
    let nov = f.meeting_on("2024-11-28");
    let d = f.ok("meeting_detail", json!({ "meetingId": nov }));
    assert_eq!(d["summary"]["dateText"], "Thursday, 28th November, 2024");
    assert_eq!(d["summary"]["timeText"], "10.00 am");
    assert_eq!(d["items"][0]["number"], 49);
    let private = item(&d, "homes-private");
    assert_eq!(private["number"], 57);
    assert_eq!(private["private"], true);
    assert!(!private["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .is_empty());
    assert!(private["reports"][0]["pages"].is_number());
    assert_eq!(d["paragraphs"].as_array().map(Vec::len), Some(7));
    assert_eq!(
        d["paragraphs"][2]["wording"],
        "Information relating to the financial or business affairs of any particular person (including the authority holding that information)."
    );
    assert_eq!(d["chairName"], "Councillor CE Thomas");
    assert_eq!(d["members"][0]["roleLabel"], "Chair");
    assert_eq!(d["locked"], Value::Null);
    // The October meeting is signed: locked, and says why.
    let oct = f.meeting_on("2024-10-17");
    let d = f.ok("meeting_detail", json!({ "meetingId": oct }));
    assert!(d["locked"].as_str().expect("a reason").contains("locked"));
}

#[test]
fn items_are_added_edited_moved_deleted_and_restored() {
    let f = fixture(vec![]);
    let nov = f.meeting_on("2024-11-28");
    let before = keys(&f.ok("meeting_detail", json!({ "meetingId": nov })));
    let d = f.ok(
        "add_item",
        json!({ "meetingId": nov, "title": "Youth Services" }),
    );
    let after = keys(&d);
    let added: Vec<&String> = after.iter().filter(|k| !before.contains(k)).collect();
    assert_eq!(added.len(), 1);
    let key = added[0].clone();
    // Before Any Other Business and the private item.
    let pos = after.iter().position(|k| *k == key).expect("added");
    assert!(pos < after.iter().position(|k| k == "aob").expect("aob"));

    let edit = json!({
        "title": "Youth Services Review",
        "privateTitle": "",
        "purpose": "Briefing Note of the Director of Children and Education",
        "description": "",
        "subItems": ["", "Options"],
        "private": false,
        "paragraphs": [],
        "late": true,
        "lateReason": "The consultation closes before the next meeting."
    });
    let d = f.ok(
        "update_item",
        json!({ "meetingId": nov, "key": key, "edit": edit }),
    );
    let it = item(&d, &key);
    assert_eq!(it["title"], "Youth Services Review");
    assert_eq!(it["subItems"], json!(["Options"]));
    assert_eq!(it["late"], true);

    // Marking it private with paragraph 3 moves it to the end.
    let mut private = edit.clone();
    private["private"] = json!(true);
    private["paragraphs"] = json!([3]);
    let d = f.ok(
        "update_item",
        json!({ "meetingId": nov, "key": key, "edit": private }),
    );
    assert_eq!(keys(&d).last(), Some(&key));
    assert_eq!(item(&d, &key)["paragraphs"], json!([3]));
    let mut eight = private.clone();
    eight["paragraphs"] = json!([8]);
    let bad = f
        .call(
            "update_item",
            json!({ "meetingId": nov, "key": key, "edit": eight }),
        )
        .expect_err("paragraph 8 is refused");
    assert_eq!(bad["code"], "invalid", "{bad}");

    let d = f.ok(
        "move_item",
        json!({ "meetingId": nov, "key": key, "to": 0 }),
    );
    assert_eq!(keys(&d)[0], key);
    assert_eq!(item(&d, &key)["number"], 49);

    let token = f.ok("delete_item", json!({ "meetingId": nov, "key": "haf" }));
    assert!(token["message"]
        .as_str()
        .expect("a message")
        .contains("Deleted item"));
    let d = f.ok("meeting_detail", json!({ "meetingId": nov }));
    assert!(!keys(&d).contains(&"haf".to_string()));
    let d = f.ok("undo", json!({ "token": token["token"] }));
    let haf = item(&d, "haf");
    assert_eq!(haf["reports"].as_array().map(Vec::len), Some(1));
    let again = f
        .call("undo", json!({ "token": token["token"] }))
        .expect_err("once");
    assert_eq!(again["code"], "refused");
}

#[test]
fn reports_come_from_the_file_picker_and_refusals_store_nothing() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let not_pdf = dir.path().join("minutes.pdf");
    std::fs::write(&not_pdf, "these are not the minutes").expect("write");
    let f = fixture(vec![
        fixture_pdf("52-holiday-activities-and-food.pdf"),
        not_pdf,
    ]);
    let nov = f.meeting_on("2024-11-28");

    let out = f.ok(
        "add_reports",
        json!({ "meetingId": nov, "key": "aob", "onProgress": "__CHANNEL__:31" }),
    );
    assert_eq!(out["refused"], json!([]));
    assert_eq!(
        out["attached"][0]["title"],
        "52 holiday activities and food"
    );
    assert!(out["attached"][0]["pages"].as_u64().expect("pages") > 0);

    let out = f.ok(
        "add_reports",
        json!({ "meetingId": nov, "key": "aob", "onProgress": "__CHANNEL__:32" }),
    );
    assert_eq!(out["attached"], json!([]));
    let reason = out["refused"][0].as_str().expect("a reason");
    assert!(reason.contains("minutes.pdf"), "{reason}");
    assert!(reason.contains("item 56"), "{reason}");
    let d = f.ok("meeting_detail", json!({ "meetingId": nov }));
    assert_eq!(item(&d, "aob")["reports"].as_array().map(Vec::len), Some(1));

    // The picker is empty now: a cancelled dialog attaches nothing.
    let out = f.ok(
        "add_reports",
        json!({ "meetingId": nov, "key": "aob", "onProgress": "__CHANNEL__:33" }),
    );
    assert_eq!(out, json!({ "attached": [], "refused": [] }));

    // Remove with undo.
    let token = f.ok(
        "remove_report",
        json!({ "meetingId": nov, "key": "aob", "index": 0 }),
    );
    let d = f.ok("meeting_detail", json!({ "meetingId": nov }));
    assert_eq!(item(&d, "aob")["reports"], json!([]));
    let d = f.ok("undo", json!({ "token": token["token"] }));
    assert_eq!(item(&d, "aob")["reports"].as_array().map(Vec::len), Some(1));
}

#[test]
fn dropped_files_are_attached_to_the_item_the_ui_names() {
    let f = fixture(vec![]);
    let nov = f.meeting_on("2024-11-28");
    f.app
        .state::<AppState>()
        .files_dropped(vec![fixture_pdf("55-work-programme.pdf")]);
    let out = f.ok(
        "attach_dropped",
        json!({ "meetingId": nov, "key": "aob", "onProgress": "__CHANNEL__:34" }),
    );
    assert_eq!(out["attached"][0]["fileName"], "55-work-programme.pdf");
    // A drop is used once.
    let out = f.ok(
        "attach_dropped",
        json!({ "meetingId": nov, "key": "aob", "onProgress": "__CHANNEL__:35" }),
    );
    assert_eq!(out["attached"], json!([]));
}

fn office(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/office")
        .join(name)
}

/// The processes still running whose command line names `dir` (the
/// LibreOffice of a conversion names its profile, inside the test's folder).
fn survivors(dir: &Path) -> String {
    let out = std::process::Command::new("pgrep")
        .args(["-a", "-f"])
        .arg(dir)
        .output()
        .expect("pgrep runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// `soffice`, unless LibreOffice is not installed (the test then says why
/// it is skipped; scripts/setup-debian.sh installs it).
fn soffice_installed(test: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("soffice").is_file()));
    if !found {
        println!("{test}: skipped, soffice is not installed (run scripts/setup-debian.sh)");
    }
    found
}

/// Issue 12: a Word report and a damaged one picked together, through the
/// command as the window calls it. The Word file is converted by the real
/// LibreOffice while the window's other calls are still answered; the
/// damaged one is refused with its name, the item and the reason, and
/// stores nothing. The report row carries the intake note, the pack the
/// report's text with "Page N", and no LibreOffice process outlives it.
#[test]
fn word_reports_are_converted_through_the_command_while_the_window_is_answered() {
    if !soffice_installed("word_reports_are_converted_through_the_command") {
        return;
    }
    let f = fixture_picking(vec![vec![office("report.docx"), office("corrupt.docx")]]);
    let nov = f.meeting_on("2024-11-28");
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (window, finished) = (f.window.clone(), done.clone());
    let adding = std::thread::spawn(move || {
        let out = get_ipc_response(
            &window,
            request(
                "add_reports",
                json!({ "meetingId": nov, "key": "haf", "onProgress": "__CHANNEL__:41" }),
            ),
        )
        .map(|body| body.deserialize::<Value>().expect("JSON response"));
        finished.store(true, std::sync::atomic::Ordering::SeqCst);
        out
    });
    // While LibreOffice starts and converts (seconds in a fresh profile),
    // the window's other calls are answered at once.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let started = std::time::Instant::now();
    let d = f.ok("meeting_detail", json!({ "meetingId": nov }));
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    assert!(
        !done.load(std::sync::atomic::Ordering::SeqCst),
        "the conversion ended before the window's call could be answered during it"
    );
    assert_eq!(item(&d, "haf")["reports"].as_array().map(Vec::len), Some(1));

    let out = adding
        .join()
        .expect("the command thread")
        .unwrap_or_else(|e| panic!("add_reports failed: {e}"));
    let attached = &out["attached"][0];
    assert_eq!(attached["fileName"], "report.pdf", "{out}");
    assert_eq!(attached["originalFileName"], "report.docx", "{out}");
    assert_eq!(attached["pages"], 3, "{out}");
    let note = attached["intakeNote"].as_str().expect("an intake note");
    assert!(
        note.starts_with("converted from Word by LibreOffice"),
        "{note}"
    );
    let refusal = out["refused"][0].as_str().expect("a refusal");
    for needle in ["corrupt.docx", "item 52", "damaged"] {
        assert!(refusal.contains(needle), "{needle:?} not in {refusal}");
    }
    assert_eq!(out["refused"].as_array().map(Vec::len), Some(1));

    // The report row says what intake did.
    let d = f.ok("meeting_detail", json!({ "meetingId": nov }));
    let reports = item(&d, "haf")["reports"]
        .as_array()
        .expect("reports")
        .clone();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[1]["intakeNote"], note);
    assert_eq!(reports[0]["intakeNote"], Value::Null);

    // The public pack, read back: the report's text, its pages numbered.
    let file = f.ok(
        "generate_pack",
        json!({ "meetingId": nov, "kind": "public", "onProgress": "__CHANNEL__:42" }),
    );
    let pack = PathBuf::from(file["path"].as_str().expect("a path"));
    let text = std::process::Command::new("pdftotext")
        .arg(&pack)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in ["Places taken up by ward", "Positive Youth Foundation"] {
        assert!(words.contains(want), "the pack lacks {want:?}");
    }
    let pages = file["pages"].as_u64().expect("pages");
    assert!(
        words.contains(&format!("Page {pages}")),
        "the last page is not numbered"
    );
    let alive = survivors(&f.dir);
    assert!(alive.is_empty(), "LibreOffice processes survived:\n{alive}");
}

/// Several files at once: each one's start and end are told as they
/// happen, in order, the result of each as it lands; the second attach of
/// the same Word file takes the cached conversion.
#[test]
fn each_file_of_several_is_told_as_it_starts_and_as_it_lands() {
    if !soffice_installed("each_file_of_several_is_told_as_it_starts_and_as_it_lands") {
        return;
    }
    let f = fixture(vec![]);
    let nov = f.meeting_on("2024-11-28");
    let state = f.app.state::<AppState>();
    let paths = [
        office("report.odt"),
        office("empty.docx"),
        fixture_pdf("55-work-programme.pdf"),
    ];
    let mut steps = Vec::new();
    let out = agendapack_desktop::commands::agenda::attach_files(
        &state,
        agendapack::domain::MeetingId(nov),
        "aob",
        &paths,
        &mut |step| steps.push(serde_json::to_value(step).expect("a step as JSON")),
    )
    .expect("attached");
    let seen: Vec<(u64, &str)> = steps
        .iter()
        .map(|s| {
            assert_eq!(s["total"], 3, "{s}");
            (
                s["index"].as_u64().expect("index"),
                s["stage"].as_str().expect("stage"),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (0, "working"),
            (0, "attached"),
            (1, "working"),
            (1, "refused"),
            (2, "working"),
            (2, "attached"),
        ]
    );
    assert!(
        steps[0]["message"]
            .as_str()
            .expect("a message")
            .starts_with("Converting an OpenDocument text to PDF"),
        "{}",
        steps[0]
    );
    assert_eq!(steps[4]["message"], "Checking the file");
    assert_eq!(steps[1]["report"]["fileName"], "report.pdf");
    assert!(steps[1]["message"]
        .as_str()
        .expect("a message")
        .starts_with("Attached: "));
    assert_eq!(steps[3]["fileName"], "empty.docx");
    assert_eq!(steps[3]["message"], json!(out.refused[0]));
    assert_eq!(out.attached.len(), 2);
    let alive = survivors(&f.dir);
    assert!(alive.is_empty(), "LibreOffice processes survived:\n{alive}");
}

#[test]
fn packs_are_written_to_the_meeting_folder_and_listed() {
    let f = fixture(vec![]);
    let nov = f.meeting_on("2024-11-28");
    let file = f.ok(
        "generate_pack",
        json!({ "meetingId": nov, "kind": "public", "onProgress": "__CHANNEL__:7" }),
    );
    let path = PathBuf::from(file["path"].as_str().expect("a path"));
    assert!(path.starts_with(f.dir.join("packs")), "{}", path.display());
    assert_eq!(file["fileName"], "2024-11-28-public-pack.pdf");
    assert_eq!(file["label"], "Public pack");
    let bytes = std::fs::read(&path).expect("the pack");
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(file["bytes"], bytes.len() as u64);
    assert!(file["pages"].as_u64().expect("pages") > 5);
    let list = f.ok("list_packs", json!({ "meetingId": nov }));
    assert_eq!(list["files"][0]["fileName"], "2024-11-28-public-pack.pdf");
    assert_eq!(list["files"][0]["pages"], file["pages"]);
    // Only plain file names of that folder can be opened.
    for name in ["../agendapack.sqlite3", "/etc/passwd", "missing.pdf"] {
        let err = f
            .call("open_output", json!({ "meetingId": nov, "fileName": name }))
            .expect_err(name);
        assert_eq!(err["code"], "invalid", "{name}: {err}");
    }
    // No late items: no supplementary pack, and the reason says so.
    let err = f
        .call(
            "generate_pack",
            json!({ "meetingId": nov, "kind": "supplementary", "onProgress": "__CHANNEL__:8" }),
        )
        .expect_err("nothing late");
    assert_eq!(err["code"], "refused");
    assert!(err["message"]
        .as_str()
        .expect("a message")
        .contains("no late items"));
}

#[test]
fn the_preview_gets_the_bytes_of_a_pack_the_app_made_and_nothing_else() {
    let f = fixture(vec![]);
    let nov = f.meeting_on("2024-11-28");
    // Nothing generated yet: the reason names the pack.
    let err = f
        .bytes(
            "pack_preview",
            json!({ "meetingId": nov, "kind": "public" }),
        )
        .expect_err("nothing generated yet");
    assert_eq!(err["code"], "not-found", "{err}");
    assert!(
        err["message"]
            .as_str()
            .expect("a message")
            .contains("No public pack has been generated or issued"),
        "{err}"
    );
    let file = f.ok(
        "generate_pack",
        json!({ "meetingId": nov, "kind": "public", "onProgress": "__CHANNEL__:9" }),
    );
    let path = PathBuf::from(file["path"].as_str().expect("a path"));
    let on_disk = std::fs::read(&path).expect("the pack");
    let previewed = f
        .bytes(
            "pack_preview",
            json!({ "meetingId": nov, "kind": "public" }),
        )
        .expect("the preview");
    assert_eq!(previewed, on_disk, "the preview is the generated pack");
    // The private pack was not generated: it is not the public one instead.
    let err = f
        .bytes(
            "pack_preview",
            json!({ "meetingId": nov, "kind": "private" }),
        )
        .expect_err("no private pack");
    assert_eq!(err["code"], "not-found", "{err}");
    // Only a meeting and a kind are accepted: a path is not a kind.
    let err = f
        .bytes(
            "pack_preview",
            json!({ "meetingId": nov, "kind": "/etc/passwd" }),
        )
        .expect_err("a path is not a kind");
    assert!(err.to_string().contains("kind"), "{err}");
    // An issued pack is previewed from the database once its file is gone,
    // checked against its hash.
    f.ok(
        "set_meeting_status",
        json!({ "meetingId": nov, "status": "draft" }),
    );
    let published = f.ok("publish_agenda", json!({ "meetingId": nov }));
    let issued = published["issued"]
        .as_array()
        .expect("issued")
        .iter()
        .find(|i| i["kind"] == "private-pack")
        .expect("the private pack is issued")
        .clone();
    let private = PathBuf::from(published["folder"].as_str().expect("a folder"))
        .join(issued["fileName"].as_str().expect("a name"));
    let issued_bytes = std::fs::read(&private).expect("the issued pack");
    std::fs::remove_file(&private).expect("remove the file");
    let previewed = f
        .bytes(
            "pack_preview",
            json!({ "meetingId": nov, "kind": "private" }),
        )
        .expect("the issued pack from the database");
    assert_eq!(previewed, issued_bytes);
    assert_eq!(previewed.len() as u64, issued["bytes"]);
}

#[test]
fn closing_waits_for_the_page_once_it_listens() {
    let f = fixture(vec![]);
    let state = f.app.state::<AppState>();
    // No page listening (it has not loaded): the window closes at once.
    assert!(!state.close_requested());
    f.ok("watch_close", json!({ "onClose": "__CHANNEL__:11" }));
    // Now the close is held and the page is asked to save first.
    assert!(state.close_requested());
    assert!(f.app.get_webview_window("main").is_some());
    // The page has saved: close_ready is accepted (the mock runtime keeps
    // its window registry, so that the window goes is seen only in a real one).
    assert_eq!(f.ok("close_ready", json!({})), Value::Null);
}

#[test]
fn the_council_is_renamed_from_settings() {
    let f = fixture(vec![]);
    let s = f.ok(
        "set_council_name",
        json!({ "name": "  Warwick District Council " }),
    );
    assert_eq!(s["council"], "Warwick District Council");
    assert_eq!(
        f.ok("get_settings", json!({}))["council"],
        "Warwick District Council"
    );
    let err = f
        .call("set_council_name", json!({ "name": "  " }))
        .expect_err("empty");
    assert_eq!(err["code"], "refused");
    assert!(err["message"]
        .as_str()
        .expect("a message")
        .contains("cannot be empty"));
    // The front sheet of the next pack prints the new name.
    let nov = f.meeting_on("2024-11-28");
    let file = f.ok(
        "generate_pack",
        json!({ "meetingId": nov, "kind": "public", "onProgress": "__CHANNEL__:10" }),
    );
    let out = std::process::Command::new("pdftotext")
        .args(["-l", "1", file["path"].as_str().expect("a path"), "-"])
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Warwick District Council"),
        "front sheet:\n{text}"
    );
}

#[test]
fn checks_name_the_items_concerned() {
    let f = fixture(vec![]);
    let nov = f.meeting_on("2024-11-28");
    f.ok(
        "add_item",
        json!({ "meetingId": nov, "title": "Youth Services" }),
    );
    let findings = f.ok("check_meeting", json!({ "meetingId": nov }));
    let missing = findings
        .as_array()
        .expect("findings")
        .iter()
        .find(|x| x["code"] == "missing-report")
        .expect("a missing report");
    assert_eq!(missing["severity"], "warning");
    assert!(missing["item"].is_string());
    assert!(missing["number"].is_number());
}

#[test]
fn the_minutes_cycle_ends_locked() {
    let f = fixture(vec![]);
    let nov = f.meeting_on("2024-11-28");
    let later = f.ok(
        "create_meeting",
        json!({ "form": { "committee": "Education and Children's Services Scrutiny Board (2)", "date": "2025-01-23", "time": "10:00", "venue": "" } }),
    );
    assert_eq!(later["warnings"], json!([]), "{later}");
    let later = later["id"].as_i64().expect("an id");
    let d = f.ok("meeting_detail", json!({ "meetingId": later }));
    assert_eq!(d["summary"]["venue"], "Diamond Room 2 - Council House");
    assert_eq!(d["summary"]["status"], "draft");

    let attendance = json!([
        { "person": "ce-thomas", "presence": "present", "substituteFor": null, "capacity": null },
        { "person": "j-lepoidevin", "presence": "present", "substituteFor": "j-gardiner", "capacity": "" },
        { "person": "j-gardiner", "presence": "apologies", "substituteFor": null, "capacity": null }
    ]);
    let d = f.ok(
        "set_attendance",
        json!({ "meetingId": nov, "attendance": attendance }),
    );
    assert_eq!(d["minutes"]["attendance"][1]["substituteFor"], "j-gardiner");
    assert_eq!(d["minutes"]["attendance"][1]["capacity"], Value::Null);
    f.ok("set_minute", json!({ "meetingId": nov, "key": "haf", "text": "RESOLVED that:\n\n1) the report be noted" }));
    let d = f.ok(
        "add_declaration",
        json!({ "meetingId": nov, "declaration": { "person": "j-birdi", "item": "haf", "interest": "other-registrable", "note": "School governor" } }),
    );
    assert_eq!(d["minutes"]["declarations"][0]["note"], "School governor");
    let d = f.ok(
        "add_action",
        json!({ "meetingId": nov, "action": { "item": "haf", "text": "Circulate the figures", "owner": "Tom Robinson", "due": "2024-12-20" } }),
    );
    let action = d["minutes"]["actions"]
        .as_array()
        .expect("actions")
        .last()
        .cloned()
        .expect("one");
    assert_eq!(action["due"]["text"], "Friday, 20th December, 2024");
    let d = f.ok(
        "set_closed_at",
        json!({ "meetingId": nov, "time": "12:20" }),
    );
    assert_eq!(d["minutes"]["closedAt"], "12:20");
    assert_eq!(
        item(&d, "haf")["minute"],
        "RESOLVED that:\n\n1) the report be noted"
    );
    assert!(d["approvalMeetings"]
        .as_array()
        .expect("later meetings")
        .iter()
        .any(|m| m["id"] == later));

    let err = f
        .call(
            "set_meeting_status",
            json!({ "meetingId": nov, "status": "signed" }),
        )
        .expect_err("signing has its own command");
    assert_eq!(err["code"], "refused");

    let d = f.ok(
        "approve_minutes",
        json!({ "meetingId": nov, "atMeetingId": later, "chair": "Councillor CE Thomas" }),
    );
    assert_eq!(d["summary"]["status"], "minutes-approved");
    assert_eq!(d["minutes"]["approval"]["approvedOn"]["date"], "2025-01-23");
    assert!(d["locked"].is_string());
    let err = f
        .call(
            "set_minute",
            json!({ "meetingId": nov, "key": "haf", "text": "changed" }),
        )
        .expect_err("locked");
    assert_eq!(err["code"], "locked", "{err}");
    // An action's status may still change.
    let index = action["index"].clone();
    let d = f.ok(
        "set_action_status",
        json!({ "meetingId": nov, "index": index, "status": "done" }),
    );
    assert_eq!(
        d["minutes"]["actions"][index.as_u64().expect("n") as usize]["status"],
        "done"
    );

    let signed = f.ok("produce_signed_minutes", json!({ "meetingId": nov }));
    assert_eq!(signed["fileName"], "2024-11-28-signed-minutes.pdf");
    let bytes = std::fs::read(signed["path"].as_str().expect("a path")).expect("the file");
    assert!(bytes.starts_with(b"%PDF-"));
    let d = f.ok("meeting_detail", json!({ "meetingId": nov }));
    assert_eq!(d["summary"]["status"], "signed");
}

#[test]
fn home_shows_deadlines_minutes_to_do_and_open_actions() {
    let f = fixture(vec![]);
    let nov = f.meeting_on("2024-11-28");
    f.ok(
        "set_meeting_status",
        json!({ "meetingId": nov, "status": "draft" }),
    );
    let home = f.ok("home_overview", json!({}));
    assert_eq!(home["today"]["date"], "2024-11-01");
    let upcoming = &home["upcoming"][0];
    assert_eq!(upcoming["meeting"]["id"], nov);
    assert_eq!(
        upcoming["deadline"]["text"],
        "Publish by Wed 20 Nov \u{2014} 13 working days left"
    );
    assert_eq!(upcoming["deadline"]["missed"], false);
    // October is signed: nothing to do; its open actions are listed.
    assert_eq!(home["minutesToDo"], json!([]));
    assert!(home["openActions"].as_array().is_some());
}

#[test]
fn committees_list_members_and_roles() {
    let f = fixture(vec![]);
    let list = f.ok("list_committees", json!({}));
    let c = &list[0];
    assert_eq!(
        c["name"],
        "Education and Children's Services Scrutiny Board (2)"
    );
    assert_eq!(c["yearStart"], "1 May");
    assert_eq!(c["members"][0]["name"], "Councillor CE Thomas");
    assert_eq!(c["members"][0]["role"], "chair");
}

#[test]
fn settings_calendar_backup_and_check() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let backup = dir.path().join("backup.sqlite3");
    let f = fixture(vec![backup.clone()]);
    let s = f.ok(
        "set_calendar",
        json!({ "calendar": { "excludeWeekends": true, "excludeBankHolidays": true, "closureDays": ["2024-12-27"] } }),
    );
    assert_eq!(
        s["calendar"]["closureDays"][0]["text"],
        "Friday, 27th December, 2024"
    );
    assert_eq!(s["council"], "Coventry City Council");
    let bad = f
        .call("set_calendar", json!({ "calendar": { "excludeWeekends": true, "excludeBankHolidays": true, "closureDays": ["27/12/2024"] } }))
        .expect_err("not ISO");
    assert_eq!(bad["code"], "invalid");
    let out = f.ok("backup_database", json!({}));
    assert_eq!(out["path"], backup.display().to_string());
    assert!(backup.is_file());
    let check = f.ok("check_database", json!({}));
    assert_eq!(check["problems"], json!([]));
    // The picker is empty: restore is cancelled and changes nothing.
    assert_eq!(f.ok("restore_database", json!({})), json!({ "path": null }));
}

/// "Publish to folder": the folder chosen in the dialog gets the site; a
/// second run writes nothing; a cancelled dialog writes nothing.
#[test]
fn publish_site_writes_the_pages_to_the_chosen_folder() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let site = dir.path().join("site");
    let f = fixture(vec![site.clone(), site.clone()]);
    let first = f.ok("publish_site", json!({}));
    assert_eq!(first["folder"], site.display().to_string());
    assert!(first["written"].as_u64().unwrap() > 10, "{first}");
    assert!(site.join("index.html").is_file());
    assert!(site
        .join("scrutiny-board-2/2024-11-28/index.html")
        .is_file());
    let second = f.ok("publish_site", json!({}));
    assert_eq!(second["written"], 0, "{second}");
    assert_eq!(second["unchanged"], first["written"], "{second}");
    assert_eq!(
        f.ok("publish_site", json!({})),
        json!({ "folder": null, "written": 0, "unchanged": 0, "removed": 0 })
    );
}

/// The browser test (ui/tests/browser) mocks the IPC with these answers, so
/// they must be what the commands return for the demo database ("today"
/// 1 November 2024; the November meeting back in draft for Home's deadline
/// badge). Packs are not here: their sizes follow the pack writer, so the
/// browser test's mock writes its own.
/// Regenerate with `UPDATE_BINDINGS=1 cargo test -p agendapack-desktop --test screens`.
#[test]
fn the_ui_fixtures_match_the_commands() {
    let f = fixture(vec![]);
    let nov = f.meeting_on("2024-11-28");
    let oct = f.meeting_on("2024-10-17");
    let mut fixtures = vec![
        (
            "meeting_detail_nov.json",
            f.ok("meeting_detail", json!({ "meetingId": nov })),
        ),
        (
            "meeting_detail_oct.json",
            f.ok("meeting_detail", json!({ "meetingId": oct })),
        ),
        (
            "check_meeting_nov.json",
            f.ok("check_meeting", json!({ "meetingId": nov })),
        ),
        ("list_committees.json", f.ok("list_committees", json!({}))),
        ("list_people.json", f.ok("list_people", json!({}))),
        ("get_settings.json", f.ok("get_settings", json!({}))),
    ];
    f.ok(
        "set_meeting_status",
        json!({ "meetingId": nov, "status": "draft" }),
    );
    fixtures.push(("home_overview.json", f.ok("home_overview", json!({}))));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/tests/fixtures");
    let mut stale = vec![];
    for (name, value) in fixtures {
        let text = serde_json::to_string_pretty(&value).expect("JSON") + "\n";
        let path = dir.join(name);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &text).expect("write a fixture");
        } else if std::fs::read_to_string(&path).unwrap_or_default() != text {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "ui/tests/fixtures is stale ({stale:?}); run UPDATE_BINDINGS=1 cargo test -p agendapack-desktop --test screens"
    );
}
