//! A council sets itself up through the window's commands (Tauri IPC with
//! the mock runtime, the real configuration and capability): people,
//! committees, dated memberships, standard items, meeting changes, and
//! meeting files in and out through the (scripted) file dialogs.

use std::path::PathBuf;

use agendapack_desktop::picker::FilePicker;
use agendapack_desktop::{configure, AppState};
use chrono::NaiveDate;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

struct Fixture {
    dir: tempfile::TempDir,
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

/// A database (the demo council with `demo`, else empty), "today" fixed at
/// 1 November 2024, and `picks` as what the file dialogs return.
fn fixture(demo: bool, picks: impl FnOnce(&std::path::Path) -> Vec<PathBuf>) -> Fixture {
    let dir = tempfile::tempdir().expect("a temp dir");
    let state = AppState::open_with(&dir.path().join("agendapack.sqlite3"), demo)
        .with_picker(FilePicker::scripted(picks(dir.path())))
        .with_today(NaiveDate::from_ymd_opt(2024, 11, 1).expect("a date"));
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
        dir,
        _app: app,
        window,
    }
}

impl Fixture {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("a URL"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request)
            .map(|body| body.deserialize::<Value>().expect("JSON response"))
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn refused(&self, cmd: &str, args: Value) -> String {
        let e = self.call(cmd, args).expect_err("a refusal");
        assert_eq!(e["code"], "refused", "{e}");
        e["message"].as_str().expect("a message").to_string()
    }

    /// What the screens show of the council, to compare before and after a
    /// refusal.
    fn council(&self) -> Value {
        json!([
            self.ok("list_people", json!({})),
            self.ok("list_committees", json!({})),
            self.ok("list_meetings", json!({})),
        ])
    }
}

fn councillor(key: &str, name: &str) -> Value {
    json!({ "form": { "key": key, "kind": "councillor", "name": name, "group": "",
        "jobTitle": "", "serviceArea": "", "email": "", "phone": "" } })
}

fn committee_form(name: &str) -> Value {
    json!({ "name": name, "shortName": "Planning", "executive": false, "yearStart": "05-01",
        "quorum": 3, "defaultVenue": "Committee Room 3 - Council House",
        "contactOfficer": "c-sinclair", "apologiesItem": true })
}

fn names(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|v| v[field].as_str().expect("a string").to_string())
        .collect()
}

/// An empty database, a committee of nine with a chair, as the screens do it.
fn planning() -> Fixture {
    let f = fixture(false, |_| vec![]);
    assert_eq!(f.ok("list_committees", json!({})), json!([]));
    f.ok(
        "add_person",
        json!({ "form": { "key": "c-sinclair", "kind": "officer", "name": "Carolyn Sinclair",
            "group": "", "jobTitle": "Governance Services Officer", "serviceArea": "Law and Governance",
            "email": "carolyn.sinclair@example.gov.uk", "phone": "" } }),
    );
    for (key, name) in [
        ("m-ali", "M Ali"),
        ("j-blundell", "J Blundell"),
        ("r-brown", "R Brown"),
        ("g-duggins", "G Duggins"),
        ("l-harvard", "L Harvard"),
        ("k-maton", "K Maton"),
        ("c-miks", "C Miks"),
        ("p-seaman", "P Seaman"),
        ("t-sawdon", "T Sawdon"),
    ] {
        f.ok("add_person", councillor(key, name));
    }
    let c = f.ok(
        "add_committee",
        json!({ "form": committee_form("Planning Committee") }),
    );
    assert_eq!(c["contactOfficer"]["name"], "Carolyn Sinclair");
    assert_eq!(c["yearStart"], "1 May");
    assert_eq!(c["yearStartValue"], "05-01");
    assert_eq!(c["quorum"], 3);
    for (key, role) in [
        ("t-sawdon", "member"),
        ("g-duggins", "chair"),
        ("m-ali", "member"),
        ("j-blundell", "member"),
        ("r-brown", "member"),
        ("l-harvard", "member"),
        ("k-maton", "member"),
        ("c-miks", "member"),
        ("p-seaman", "member"),
    ] {
        f.ok(
            "add_member",
            json!({ "committee": "Planning Committee",
                "form": { "person": key, "role": role, "from": "2024-05-15", "to": "" } }),
        );
    }
    f
}

#[test]
fn a_committee_of_nine_with_a_chair_is_set_up_and_its_meeting_lists_them() {
    let f = planning();
    let c = &f.ok("list_committees", json!({}))[0];
    assert_eq!(c["name"], "Planning Committee");
    // Today's members in the papers' order: the chair, then by surname.
    assert_eq!(
        names(&c["members"], "name"),
        [
            "Councillor G Duggins",
            "Councillor M Ali",
            "Councillor J Blundell",
            "Councillor R Brown",
            "Councillor L Harvard",
            "Councillor K Maton",
            "Councillor C Miks",
            "Councillor T Sawdon",
            "Councillor P Seaman",
        ]
    );
    assert_eq!(c["members"][0]["roleLabel"], "Chair");
    assert_eq!(
        c["memberships"][0]["from"]["text"],
        "Wednesday, 15th May, 2024"
    );
    assert_eq!(c["memberships"][0]["current"], true);
    // The default standard items, with Apologies.
    let template = names(&c["template"], "kind");
    assert!(
        template.contains(&"declarations".to_string()),
        "{template:?}"
    );

    let created = f.ok(
        "create_meeting",
        json!({ "form": { "committee": "Planning Committee", "date": "2024-12-12", "time": "18:00", "venue": "" } }),
    );
    let d = f.ok("meeting_detail", json!({ "meetingId": created["id"] }));
    assert_eq!(d["summary"]["venue"], "Committee Room 3 - Council House");
    assert_eq!(d["members"][0]["name"], "Councillor G Duggins");
    assert_eq!(d["members"][0]["role"], "chair");
    assert_eq!(d["members"].as_array().map(Vec::len), Some(9));
    assert_eq!(d["chairName"], "Councillor G Duggins");
}

#[test]
fn memberships_are_dated_and_the_template_changes_only_new_meetings() {
    let f = planning();
    let before = f.ok(
        "create_meeting",
        json!({ "form": { "committee": "Planning Committee", "date": "2025-04-10", "time": "18:00", "venue": "" } }),
    )["id"]
        .clone();
    // A new municipal year: Duggins steps down as Chair, Brown takes it.
    f.ok(
        "end_member",
        json!({ "committee": "Planning Committee", "person": "g-duggins", "on": "2025-05-14" }),
    );
    f.ok(
        "end_member",
        json!({ "committee": "Planning Committee", "person": "r-brown", "on": "2025-05-14" }),
    );
    let c = f.ok(
        "add_member",
        json!({ "committee": "Planning Committee",
            "form": { "person": "r-brown", "role": "chair", "from": "2025-05-15", "to": "" } }),
    );
    let brown: Vec<&Value> = c["memberships"]
        .as_array()
        .expect("memberships")
        .iter()
        .filter(|m| m["person"] == "r-brown")
        .collect();
    assert_eq!(brown.len(), 2);
    // Items: Petitions after Declarations, Apologies removed.
    let mut items: Vec<Value> = c["template"]
        .as_array()
        .expect("template")
        .iter()
        .filter(|i| i["kind"] != "apologies")
        .cloned()
        .collect();
    items.insert(
        1,
        json!({ "key": "petitions", "title": "Petitions", "purpose": "", "kind": "substantive",
            "description": "To receive petitions.", "subItems": [] }),
    );
    let c = f.ok(
        "set_template",
        json!({ "committee": "Planning Committee", "items": items }),
    );
    assert_eq!(c["template"][1]["title"], "Petitions");
    let after = f.ok(
        "create_meeting",
        json!({ "form": { "committee": "Planning Committee", "date": "2025-06-12", "time": "18:00", "venue": "" } }),
    )["id"]
        .clone();
    let old = f.ok("meeting_detail", json!({ "meetingId": before }));
    let new = f.ok("meeting_detail", json!({ "meetingId": after }));
    assert_eq!(old["chairName"], "Councillor G Duggins");
    assert_eq!(new["chairName"], "Councillor R Brown");
    let titles = |d: &Value| names(&d["items"], "title");
    assert!(!titles(&old).contains(&"Petitions".to_string()));
    assert!(titles(&new).contains(&"Petitions".to_string()));
    assert_eq!(titles(&new)[2], "Petitions", "{:?}", titles(&new));
}

#[test]
fn refusals_name_who_and_why_and_change_nothing() {
    let f = planning();
    let before = f.council();
    let m = f.refused(
        "add_member",
        json!({ "committee": "Planning Committee",
            "form": { "person": "c-sinclair", "role": "member", "from": "", "to": "" } }),
    );
    assert!(m.contains("Carolyn Sinclair"), "{m}");
    let m = f.refused(
        "add_member",
        json!({ "committee": "Planning Committee",
            "form": { "person": "m-ali", "role": "chair", "from": "2024-06-01", "to": "" } }),
    );
    assert!(m.contains("Planning Committee"), "{m}");
    let m = f.refused("add_person", councillor("m-ali", "M Ali"));
    assert!(m.contains("m-ali"), "{m}");
    let m = f.refused(
        "add_committee",
        json!({ "form": committee_form("Planning Committee") }),
    );
    assert!(m.contains("Planning Committee"), "{m}");
    let bad = f
        .call(
            "add_member",
            json!({ "committee": "Planning Committee",
                "form": { "person": "m-ali", "role": "member", "from": "15/05/2024", "to": "" } }),
        )
        .expect_err("a bad date");
    assert_eq!(bad["code"], "invalid");
    assert_eq!(f.council(), before, "nothing changed");
}

#[test]
fn people_are_edited_and_retired_but_kept() {
    let f = planning();
    let list = f.ok(
        "edit_person",
        json!({ "key": "m-ali", "form": { "key": "m-ali", "kind": "councillor", "name": "M  Ali",
            "group": " Labour ", "jobTitle": "ignored?", "serviceArea": "", "email": "m.ali@example.gov.uk", "phone": "" } }),
    );
    let ali = list
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["key"] == "m-ali")
        .expect("M Ali")
        .clone();
    assert_eq!(ali["name"], "M Ali");
    assert_eq!(ali["displayName"], "Councillor M Ali");
    assert_eq!(ali["group"], "Labour");
    let list = f.ok("retire_person", json!({ "key": "t-sawdon" }));
    let sawdon = list
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["key"] == "t-sawdon")
        .expect("kept after retiring")
        .clone();
    assert_eq!(sawdon["retiredOn"]["text"], "Friday, 1st November, 2024");
    let c = &f.ok("list_committees", json!({}))[0];
    let t = c["memberships"]
        .as_array()
        .expect("memberships")
        .iter()
        .find(|m| m["person"] == "t-sawdon")
        .expect("the membership is kept")
        .clone();
    assert_eq!(t["to"]["date"], "2024-11-01");
    let c = f.ok(
        "archive_committee",
        json!({ "committee": "Planning Committee" }),
    );
    assert_eq!(c["archived"], true);
    let m = f.refused(
        "create_meeting",
        json!({ "form": { "committee": "Planning Committee", "date": "2025-01-16", "time": "18:00", "venue": "" } }),
    );
    assert!(m.contains("Planning Committee"), "{m}");
}

#[test]
fn a_meeting_is_rescheduled_cancelled_deleted_and_restored() {
    let f = planning();
    let new = |date: &str| {
        f.ok(
            "create_meeting",
            json!({ "form": { "committee": "Planning Committee", "date": date, "time": "18:00", "venue": "" } }),
        )["id"]
            .as_i64()
            .expect("an id")
    };
    let first = new("2024-12-12");
    let second = new("2025-01-16");
    let d = f.ok("meeting_detail", json!({ "meetingId": first }));
    let deadline = d["deadline"]["date"]["date"].clone();
    let d = f.ok(
        "reschedule_meeting",
        json!({ "meetingId": first, "form": { "date": "2024-12-19", "time": "18:30",
            "venue": "Diamond Room 1", "confirmRepublish": false } }),
    );
    assert_eq!(d["summary"]["dateText"], "Thursday, 19th December, 2024");
    assert_eq!(d["summary"]["timeText"], "6.30 pm");
    assert_eq!(d["summary"]["venue"], "Diamond Room 1");
    assert_ne!(
        d["deadline"]["date"]["date"], deadline,
        "the deadline follows"
    );
    // Cancelled: kept, marked, takes no numbers; the next one numbers on.
    let second_first =
        f.ok("meeting_detail", json!({ "meetingId": second }))["summary"]["firstItem"].clone();
    let d = f.ok("cancel_meeting", json!({ "meetingId": first }));
    assert_eq!(d["summary"]["status"], "cancelled");
    assert_eq!(d["summary"]["firstItem"], Value::Null);
    let s = f.ok("meeting_detail", json!({ "meetingId": second }));
    assert_eq!(s["summary"]["firstItem"], 1);
    assert_ne!(s["summary"]["firstItem"], second_first);
    let status = f
        .call(
            "set_meeting_status",
            json!({ "meetingId": second, "status": "cancelled" }),
        )
        .expect_err("not a step of the cycle");
    assert_eq!(status["code"], "refused");
    // Deleted, then put back with Undo.
    let token = f.ok("delete_meeting", json!({ "meetingId": second }));
    assert!(token["message"]
        .as_str()
        .expect("a message")
        .contains("Planning Committee, Thursday, 16th January, 2025"));
    assert!(f
        .call("meeting_detail", json!({ "meetingId": second }))
        .is_err());
    let back = f.ok("undo", json!({ "token": token["token"] }));
    assert_eq!(back["summary"]["id"], second);
    assert_eq!(back["summary"]["dateText"], "Thursday, 16th January, 2025");
}

#[test]
fn meeting_files_go_out_and_come_in_through_the_dialogs() {
    let f = fixture(true, |dir| {
        let bad = dir.join("bad.json");
        let mut file: Value = serde_json::from_str(
            &std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../tests/fixtures/meetings/2024-11-28.json"),
            )
            .expect("the reference meeting"),
        )
        .expect("JSON");
        file["meeting"]["items"][3]["title"] = json!("");
        std::fs::write(&bad, serde_json::to_string(&file).expect("JSON")).expect("write");
        vec![
            dir.join("out").join("nov.json"),
            bad,
            dir.join("out").join("nov.json"),
        ]
    });
    std::fs::create_dir_all(f.dir.path().join("out")).expect("a folder");
    let nov = f
        .ok("list_meetings", json!({}))
        .as_array()
        .expect("meetings")
        .iter()
        .find(|m| m["date"] == "2024-11-28")
        .and_then(|m| m["id"].as_i64())
        .expect("the November meeting");
    let out = f.ok("export_meeting", json!({ "meetingId": nov }));
    let path = PathBuf::from(out["path"].as_str().expect("a path"));
    let text = std::fs::read_to_string(&path).expect("the exported file");
    assert!(text.contains("\"agendapack.meeting/1\""));
    assert!(f.dir.path().join("out/nov-reports").is_dir());
    let before = f.council();
    // A file with a problem: listed by JSON path, nothing written.
    let refused = f.ok("import_meeting", json!({}));
    assert_eq!(refused["fileName"], "bad.json");
    assert_eq!(refused["meetingId"], Value::Null);
    let paths = names(&refused["problems"], "jsonPath");
    assert!(
        paths.iter().any(|p| p.starts_with("meeting.items[3]")),
        "{refused}"
    );
    // The meeting already in the database: refused, saying why.
    let again = f.ok("import_meeting", json!({}));
    assert_eq!(again["meetingId"], Value::Null);
    assert!(!again["problems"].as_array().expect("problems").is_empty());
    assert_eq!(f.council(), before, "nothing half-written");
    // No more picks: a cancelled dialog.
    assert_eq!(
        f.ok("import_meeting", json!({})),
        json!({ "fileName": null, "meetingId": null, "problems": [] })
    );
}
