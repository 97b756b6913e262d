//! A council sets itself up (issue 11): people, committees, dated
//! memberships, standard-item templates and meeting changes, through the
//! real `agendapack` binary on an empty database, and through the store.

mod common;

use agendapack::domain::{Membership, Person, PersonKind, Role, TemplateItem};
use agendapack::store::{PeopleFilter, Reschedule, Store, StoreError};
use assert_cmd::Command;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

const PLANNING: &str = "Planning Committee";

fn cli(db: &Path) -> Command {
    let mut c = Command::cargo_bin("agendapack").unwrap();
    c.arg("--db").arg(db).env_remove("AGENDAPACK_DB");
    c
}

/// Runs the CLI and returns its standard output; it must succeed.
fn ok(db: &Path, args: &[&str]) -> String {
    let out = cli(db).args(args).assert().success().get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

/// Runs the CLI, which must fail, and returns its standard error.
fn refused(db: &Path, args: &[&str]) -> String {
    let out = cli(db).args(args).assert().failure().get_output().clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    stderr
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Whitespace (and the no-break spaces that bind names) squeezed to one space.
fn squeeze(s: &str) -> String {
    s.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The front sheet of `meeting` as pdftotext reads it, squeezed.
fn front_sheet(db: &Path, dir: &Path, meeting: &str) -> String {
    let pdf: PathBuf = dir.join(format!("agenda-{meeting}.pdf"));
    cli(db)
        .args(["agenda", meeting, "-o"])
        .arg(&pdf)
        .assert()
        .success();
    squeeze(&common::pdf::text(&pdf))
}

/// Nine councillors, added in no particular order, and an officer.
const COUNCILLORS: [(&str, &str, &str); 9] = [
    ("r-young", "R Young", "Labour"),
    ("p-ahmed", "P Ahmed", "Conservative"),
    ("k-morris", "K Morris", "Labour"),
    ("d-evans", "D Evans", "Liberal Democrat"),
    ("s-clarke", "S Clarke", "Green"),
    ("j-owen", "J Owen", "Labour"),
    ("m-baker", "M Baker", "Conservative"),
    ("t-hughes", "T Hughes", "Labour"),
    ("l-fisher", "L Fisher", "Independent"),
];

/// An empty database with the people, Planning Committee, and its nine
/// members with K Morris in the chair; returns the database path.
fn planning(dir: &Path) -> PathBuf {
    let db = dir.join("council.sqlite3");
    for (key, name, group) in COUNCILLORS {
        ok(
            &db,
            &[
                "person",
                "add",
                key,
                "--kind",
                "councillor",
                "--name",
                name,
                "--group",
                group,
            ],
        );
    }
    ok(
        &db,
        &[
            "person",
            "add",
            "h-grant",
            "--kind",
            "officer",
            "--name",
            "Hannah Grant",
            "--job-title",
            "Democratic Services Officer",
            "--service-area",
            "Law and Governance",
            "--email",
            "hannah.grant@example.gov.uk",
        ],
    );
    ok(
        &db,
        &[
            "committee",
            "add",
            PLANNING,
            "--short",
            "Planning",
            "--year-start",
            "05-01",
            "--quorum",
            "3",
            "--venue",
            "Committee Room 1 - Council House",
            "--contact",
            "h-grant",
            "--apologies-item",
        ],
    );
    for (key, _, _) in COUNCILLORS {
        let role = if key == "k-morris" { "chair" } else { "member" };
        ok(&db, &["member", "add", PLANNING, key, "--role", role]);
    }
    db
}

/// The acceptance point: on an empty database the CLI alone sets up a
/// committee with nine members and a chair, creates a meeting from its
/// template, and the front sheet's membership line names the chair first,
/// then the members by surname, as the reference papers do.
#[test]
fn on_an_empty_database_the_cli_sets_up_a_committee_and_its_front_sheet_lists_the_chair_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = planning(dir.path());
    let committees: serde_json::Value =
        serde_json::from_str(&ok(&db, &["committees", "--json"])).unwrap();
    let c = &committees[0];
    assert_eq!(c["name"], PLANNING);
    assert_eq!(c["members"].as_array().unwrap().len(), 9, "{c}");
    assert_eq!(c["members"][0]["person"], "k-morris");
    assert_eq!(c["members"][0]["role"], "chair");
    assert_eq!(c["members"][0]["name"], "Councillor K Morris");
    assert_eq!(c["year_start"], "05-01");
    assert_eq!(c["contact_officer"], "h-grant");
    let people: serde_json::Value = serde_json::from_str(&ok(&db, &["people", "--json"])).unwrap();
    assert_eq!(people.as_array().unwrap().len(), 10);
    // Search as you type: "mo" finds Morris by name first.
    let found = ok(&db, &["people", "--search", "mo"]);
    assert!(found.starts_with("k-morris"), "{found}");
    // No council yet, no demo: the meeting is still made from the template.
    assert_eq!(
        ok(
            &db,
            &[
                "new-meeting",
                "--committee",
                "Planning",
                "--date",
                "2025-06-12",
                "--time",
                "18:30"
            ]
        ),
        "1\n"
    );
    let show = ok(&db, &["show", "1"]);
    for line in [
        "1. Apologies and Substitutions",
        "2. Declarations of Interests",
        "3. Minutes",
        "(a) To agree the minutes of the previous meeting",
        "5. Any Other Business",
    ] {
        assert!(show.contains(line), "{line:?} missing from:\n{show}");
    }
    ok(
        &db,
        &["settings", "--council", "Borsetshire County Council"],
    );
    let text = front_sheet(&db, dir.path(), "1");
    assert!(
        text.contains(
            "Membership: Councillors K Morris (Chair), P Ahmed, M Baker, S Clarke, D Evans, \
             L Fisher, T Hughes, J Owen and R Young"
        ),
        "members by surname after the chair: {text}"
    );
    assert!(text.contains("Borsetshire County Council"), "{text}");
    assert!(text.contains("Committee Room 1 - Council House"), "{text}");
    assert!(text.contains("Hannah Grant"), "{text}");
}

/// Memberships are dated: a meeting before the change of chair keeps the
/// old chair on its papers, one after it shows the new.
#[test]
fn a_meeting_before_a_change_of_chair_shows_the_old_chair_and_one_after_the_new() {
    let dir = tempfile::tempdir().unwrap();
    let db = planning(dir.path());
    ok(
        &db,
        &[
            "new-meeting",
            "--committee",
            PLANNING,
            "--date",
            "2025-03-13",
            "--time",
            "18:30",
        ],
    );
    // The new municipal year: Morris steps down as chair, Young takes over.
    ok(
        &db,
        &["member", "end", PLANNING, "k-morris", "--on", "2025-05-14"],
    );
    ok(
        &db,
        &[
            "member",
            "add",
            PLANNING,
            "k-morris",
            "--role",
            "member",
            "--from",
            "2025-05-15",
        ],
    );
    ok(
        &db,
        &["member", "end", PLANNING, "r-young", "--on", "2025-05-14"],
    );
    ok(
        &db,
        &[
            "member",
            "add",
            PLANNING,
            "r-young",
            "--role",
            "chair",
            "--from",
            "2025-05-15",
        ],
    );
    ok(
        &db,
        &[
            "new-meeting",
            "--committee",
            PLANNING,
            "--date",
            "2025-06-12",
            "--time",
            "18:30",
        ],
    );
    let march = front_sheet(&db, dir.path(), "1");
    let june = front_sheet(&db, dir.path(), "2");
    assert!(
        march.contains("Membership: Councillors K Morris (Chair), P Ahmed,"),
        "{march}"
    );
    assert!(march.contains("J Owen and R Young"), "{march}");
    assert!(
        june.contains("Membership: Councillors R Young (Chair), P Ahmed,"),
        "{june}"
    );
    assert!(june.contains("K Morris and J Owen"), "{june}");
    // The committee list as of a day shows who held which role then.
    let april: serde_json::Value =
        serde_json::from_str(&ok(&db, &["committees", "--on", "2025-04-01", "--json"])).unwrap();
    assert_eq!(april[0]["members"][0]["person"], "k-morris");
    let july: serde_json::Value =
        serde_json::from_str(&ok(&db, &["committees", "--on", "2025-07-01", "--json"])).unwrap();
    assert_eq!(july[0]["members"][0]["person"], "r-young");
    assert_eq!(july[0]["members"][0]["from"], "2025-05-15");
    assert_eq!(july[0]["members"].as_array().unwrap().len(), 9);
}

fn findings(db: &Path, meeting: &str, today: &str) -> Vec<String> {
    let out = cli(db)
        .args(["check", meeting, "--json", "--today", today])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

/// Rescheduling a draft moves its publication deadline; a published
/// meeting is refused, unchanged, until the re-publication is confirmed.
#[test]
fn rescheduling_a_draft_moves_its_deadline_and_a_published_meeting_needs_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let db = planning(dir.path());
    ok(
        &db,
        &[
            "new-meeting",
            "--committee",
            PLANNING,
            "--date",
            "2025-06-12",
            "--time",
            "18:30",
        ],
    );
    // Thursday 12 June 2025: published by Wednesday 4 June.
    assert!(findings(&db, "1", "2025-06-05").contains(&"past-deadline".to_string()));
    let moved = ok(&db, &["reschedule", "1", "--date", "2025-06-26"]);
    let deadline = ok(&db, &["deadline", "2025-06-26"]);
    assert!(
        deadline.contains("Wednesday, 18th June, 2025"),
        "{deadline}"
    );
    assert!(
        moved.contains("Thursday, 26th June, 2025")
            && moved.contains("6.30 pm")
            && moved.contains("must be published by Wednesday, 18th June, 2025"),
        "{moved}"
    );
    assert!(!findings(&db, "1", "2025-06-05").contains(&"past-deadline".to_string()));
    assert!(findings(&db, "1", "2025-06-19").contains(&"past-deadline".to_string()));
    // Time and venue too.
    ok(
        &db,
        &[
            "reschedule",
            "1",
            "--time",
            "10:00",
            "--venue",
            "Diamond Room 2 - Council House",
        ],
    );
    let list: serde_json::Value = serde_json::from_str(&ok(&db, &["meetings", "--json"])).unwrap();
    assert_eq!(list[0]["date"], "2025-06-26");
    assert_eq!(list[0]["time"], "10:00:00");
    assert_eq!(list[0]["venue"], "Diamond Room 2 - Council House");
    // Published: refused without --republish, naming the meeting, nothing changed.
    let packs = dir.path().join("packs");
    cli(&db)
        .args(["publish", "1", "-o"])
        .arg(&packs)
        .assert()
        .success();
    let before = common::fingerprint(&db);
    let err = refused(&db, &["reschedule", "1", "--date", "2025-07-10"]);
    assert!(
        err.contains("meeting 1 of Planning Committee (Thursday, 26th June, 2025)")
            && err.contains("published")
            && err.contains("re-publication"),
        "{err}"
    );
    assert_eq!(common::fingerprint(&db), before);
    let moved = ok(
        &db,
        &["reschedule", "1", "--date", "2025-07-10", "--republish"],
    );
    assert!(moved.contains("publish its agenda again"), "{moved}");
    let list: serde_json::Value = serde_json::from_str(&ok(&db, &["meetings", "--json"])).unwrap();
    assert_eq!(list[0]["status"], "draft");
    assert_eq!(list[0]["date"], "2025-07-10");
}

fn numbers(db: &Path) -> Vec<(i64, Option<i64>, Option<i64>, bool)> {
    let list: serde_json::Value = serde_json::from_str(&ok(db, &["meetings", "--json"])).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_i64().unwrap(),
                m["first_item"].as_i64(),
                m["last_item"].as_i64(),
                m["cancelled"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// A cancelled meeting is kept but takes no numbers: the next meeting
/// numbers on as if it did not exist, and its minutes item agrees the
/// minutes of the last meeting that was not cancelled.
#[test]
fn a_cancelled_meeting_takes_no_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = planning(dir.path());
    for d in ["2025-06-12", "2025-07-10", "2025-09-11"] {
        ok(
            &db,
            &[
                "new-meeting",
                "--committee",
                PLANNING,
                "--date",
                d,
                "--time",
                "18:30",
            ],
        );
    }
    assert_eq!(
        numbers(&db),
        vec![
            (1, Some(1), Some(5), false),
            (2, Some(6), Some(10), false),
            (3, Some(11), Some(15), false)
        ]
    );
    let said = ok(&db, &["cancel", "2"]);
    assert!(said.contains("cancelled"), "{said}");
    assert_eq!(
        numbers(&db),
        vec![
            (1, Some(1), Some(5), false),
            (2, None, None, true),
            (3, Some(6), Some(10), false)
        ]
    );
    assert!(ok(&db, &["show", "3"]).contains(" 6. Apologies and Substitutions"));
    // A cancelled meeting cannot be published, and refuses naming it.
    let before = common::fingerprint(&db);
    let packs = dir.path().join("packs");
    let err = refused(&db, &["publish", "2", "-o", packs.to_str().unwrap()]);
    assert!(
        err.contains("meeting 2") && err.contains("cancelled"),
        "{err}"
    );
    let err = refused(&db, &["cancel", "2"]);
    assert!(
        err.contains("meeting 2 of Planning Committee") && err.contains("already cancelled"),
        "{err}"
    );
    assert_eq!(common::fingerprint(&db), before);
    // A meeting made after cancelled ones agrees the minutes of the last
    // meeting that was not cancelled (12 June).
    ok(&db, &["cancel", "3"]);
    ok(
        &db,
        &[
            "new-meeting",
            "--committee",
            PLANNING,
            "--date",
            "2025-10-09",
            "--time",
            "18:30",
        ],
    );
    let show = ok(&db, &["show", "4"]);
    assert!(
        show.contains("To agree the minutes of the meeting held on 12th June 2025"),
        "{show}"
    );
    assert!(show.contains(" 6. Apologies and Substitutions"), "{show}");
    // Undo the cancellation: numbers run through it again.
    ok(&db, &["cancel", "2", "--undo"]);
    assert_eq!(numbers(&db)[1], (2, Some(6), Some(10), false));
    assert_eq!(numbers(&db)[3], (4, Some(11), Some(15), false));
}

/// The standard items are the committee's own: editing them changes the
/// meetings made afterwards, not those made before.
#[test]
fn a_committees_template_shapes_only_the_meetings_made_after_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = planning(dir.path());
    let default: Vec<TemplateItem> =
        serde_json::from_str(&ok(&db, &["template", PLANNING])).unwrap();
    assert_eq!(default, agendapack::cycle::default_template());
    ok(
        &db,
        &[
            "new-meeting",
            "--committee",
            PLANNING,
            "--date",
            "2025-06-12",
            "--time",
            "18:30",
        ],
    );
    let before = ok(&db, &["show", "1"]);
    let file = dir.path().join("template.json");
    std::fs::write(
        &file,
        r#"[
  {"key": "declarations", "title": "Declarations of Interest", "kind": "declarations"},
  {"key": "minutes", "title": "Minutes", "kind": "minutes",
   "sub_items": ["To approve the minutes of {previous_meeting}"]},
  {"key": "applications", "title": "Planning Applications",
   "purpose": "Report of the Head of Planning",
   "sub_items": ["Major applications", "Minor applications"]},
  {"key": "appeals", "title": "Appeal Decisions", "description": "For information."}
]"#,
    )
    .unwrap();
    let printed = ok(
        &db,
        &["template", PLANNING, "--set", file.to_str().unwrap()],
    );
    assert!(printed.contains("\"Planning Applications\""), "{printed}");
    ok(
        &db,
        &[
            "new-meeting",
            "--committee",
            PLANNING,
            "--date",
            "2025-07-10",
            "--time",
            "18:30",
        ],
    );
    assert_eq!(
        ok(&db, &["show", "1"]),
        before,
        "the earlier meeting is unchanged"
    );
    let after = ok(&db, &["show", "2"]);
    for line in [
        "6. Apologies and Substitutions",
        "7. Declarations of Interest",
        "(a) To approve the minutes of the meeting held on 12th June 2025",
        "10. Appeal Decisions",
        "Report of the Head of Planning",
        "(b) Minor applications",
    ] {
        assert!(after.contains(line), "{line:?} missing from:\n{after}");
    }
    assert!(!after.contains("Any Other Business"), "{after}");
    // A template with two items of the same key is refused, naming it.
    std::fs::write(
        &file,
        r#"[{"key": "a", "title": "One"}, {"key": "a", "title": "Two"}]"#,
    )
    .unwrap();
    let fp = common::fingerprint(&db);
    let err = refused(
        &db,
        &["template", PLANNING, "--set", file.to_str().unwrap()],
    );
    assert!(
        err.contains("Planning Committee") && err.contains("\"a\""),
        "{err}"
    );
    std::fs::write(&file, r#"[{"key": "a", "titel": "One"}]"#).unwrap();
    let err = refused(
        &db,
        &["template", PLANNING, "--set", file.to_str().unwrap()],
    );
    assert!(err.contains("[0]") && err.contains("titel"), "{err}");
    assert_eq!(common::fingerprint(&db), fp);
    // Back to the default.
    let printed = ok(&db, &["template", PLANNING, "--default"]);
    let back: Vec<TemplateItem> = serde_json::from_str(&printed).unwrap();
    assert_eq!(back, agendapack::cycle::default_template());
}

/// A draft meeting can be deleted and restored with its items and reports.
#[test]
fn a_deleted_draft_comes_back_with_its_items_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let db = planning(dir.path());
    ok(
        &db,
        &[
            "new-meeting",
            "--committee",
            PLANNING,
            "--date",
            "2025-06-12",
            "--time",
            "18:30",
        ],
    );
    let pdf = common::meetings_dir().join("reports/2024-11-28/55-work-programme.pdf");
    cli(&db)
        .args(["attach", "1", "work-programme"])
        .arg(&pdf)
        .assert()
        .success();
    ok(
        &db,
        &[
            "add-item",
            "1",
            "--title",
            "Land at Station Road",
            "--at",
            "4",
        ],
    );
    let before = ok(&db, &["show", "1"]);
    let said = ok(&db, &["delete-meeting", "1"]);
    assert!(said.contains("restore-meeting 1"), "{said}");
    assert!(ok(&db, &["meetings"]).contains("No meetings yet"));
    assert_eq!(ok(&db, &["restore-meeting", "1"]), "1\n");
    assert_eq!(ok(&db, &["show", "1"]), before);
    let pack = dir.path().join("pack.pdf");
    cli(&db)
        .args(["pack", "1", "--public", "-o"])
        .arg(&pack)
        .assert()
        .success();
    assert!(common::pdf::pages(&pack) > 1, "the report came back too");
    // Once published, a meeting is cancelled, not deleted.
    cli(&db)
        .args(["publish", "1", "-o"])
        .arg(dir.path().join("packs"))
        .assert()
        .success();
    let fp = common::fingerprint(&db);
    let err = refused(&db, &["delete-meeting", "1"]);
    assert!(
        err.contains("meeting 1 of Planning Committee") && err.contains("cancel it instead"),
        "{err}"
    );
    let err = refused(&db, &["restore-meeting", "7"]);
    assert!(err.contains("no deleted meeting 7"), "{err}");
    assert_eq!(common::fingerprint(&db), fp);
}

/// Every refusal names the committee, person or meeting, exits non-zero
/// and leaves the database exactly as it was.
#[test]
fn every_council_set_up_refusal_names_what_it_refuses_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = planning(dir.path());
    ok(
        &db,
        &[
            "new-meeting",
            "--committee",
            PLANNING,
            "--date",
            "2025-06-12",
            "--time",
            "18:30",
        ],
    );
    ok(
        &db,
        &[
            "new-meeting",
            "--committee",
            PLANNING,
            "--date",
            "2025-07-10",
            "--time",
            "18:30",
        ],
    );
    cli(&db)
        .args(["publish", "1", "-o"])
        .arg(dir.path().join("packs"))
        .assert()
        .success();
    ok(&db, &["attendance", "1", "--present", "k-morris,p-ahmed"]);
    ok(&db, &["committee", "add", "Licensing Committee"]);
    ok(
        &db,
        &["committee", "edit", "Licensing Committee", "--archive"],
    );
    let bad_template = dir.path().join("bad.json");
    std::fs::write(&bad_template, r#"[{"key": "", "title": "Nameless"}]"#).unwrap();
    let bad_template = bad_template.to_str().unwrap();
    let before = common::fingerprint(&db);
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec![
                "person",
                "add",
                "k-morris",
                "--kind",
                "councillor",
                "--name",
                "K Morrison",
            ],
            vec!["k-morris", "already used by Councillor K Morris"],
        ),
        (
            vec!["person", "add", "x", "--kind", "wizard", "--name", "X"],
            vec!["\"wizard\" is not a kind of person"],
        ),
        (
            vec!["person", "add", "no-name", "--kind", "officer"],
            vec!["no-name", "--name"],
        ),
        (
            vec!["person", "add", "a b", "--kind", "officer", "--name", "A B"],
            vec!["\"a b\"", "without spaces"],
        ),
        (
            vec!["person", "edit", "nobody", "--name", "N"],
            vec!["no person with key \"nobody\""],
        ),
        (
            vec!["person", "edit", "k-morris", "--kind", "officer"],
            vec![
                "Councillor K Morris",
                "Planning Committee",
                "officers are not members",
            ],
        ),
        (
            vec!["person", "delete", "k-morris"],
            vec![
                "Councillor K Morris",
                "Planning Committee (Chair",
                "attendance of meeting 1 of Planning Committee",
                "retire them instead",
            ],
        ),
        (
            vec!["person", "delete", "h-grant"],
            vec!["Hannah Grant", "Planning Committee (its contact officer)"],
        ),
        (
            vec!["member", "add", PLANNING, "h-grant", "--role", "member"],
            vec!["Hannah Grant", "Planning Committee", "officer"],
        ),
        (
            vec![
                "member",
                "add",
                PLANNING,
                "p-ahmed",
                "--role",
                "chair",
                "--from",
                "2025-09-01",
            ],
            vec!["Councillor P Ahmed", "Planning Committee", "already Member"],
        ),
        (
            vec!["member", "add", "Planning", "p-ahmed", "--role", "overlord"],
            vec!["\"overlord\" is not a role"],
        ),
        (
            vec![
                "member",
                "add",
                "Planing Committee",
                "p-ahmed",
                "--role",
                "member",
            ],
            vec![
                "no committee named \"Planing Committee\"",
                "\"Planning Committee\"",
            ],
        ),
        (
            vec![
                "member",
                "add",
                "Licensing Committee",
                "p-ahmed",
                "--role",
                "member",
            ],
            vec!["Councillor P Ahmed", "Licensing Committee", "archived"],
        ),
        (
            vec![
                "member",
                "add",
                PLANNING,
                "k-morris",
                "--role",
                "member",
                "--from",
                "2026-01-01",
                "--to",
                "2025-01-01",
            ],
            vec!["Councillor K Morris", "end", "before it starts"],
        ),
        (
            vec![
                "member",
                "end",
                "Licensing Committee",
                "p-ahmed",
                "--on",
                "2025-06-01",
            ],
            vec!["Councillor P Ahmed is not a member of Licensing Committee"],
        ),
        (
            vec!["committee", "add", PLANNING],
            vec!["a committee named \"Planning Committee\" already exists"],
        ),
        (
            vec!["committee", "add", "Audit Committee", "--short", "Planning"],
            vec!["\"Planning\" is already the short name of Planning Committee"],
        ),
        (
            vec!["committee", "add", "Audit Committee", "--contact", "nobody"],
            vec![
                "Audit Committee",
                "\"nobody\"",
                "not in the people directory",
            ],
        ),
        (
            vec!["committee", "add", "Audit Committee", "--quorum", "0"],
            vec!["Audit Committee", "quorum"],
        ),
        (
            vec![
                "committee",
                "add",
                "Audit Committee",
                "--year-start",
                "02-30",
            ],
            vec!["\"02-30\" is not a day of the year"],
        ),
        (
            vec!["committee", "edit", "Scrutiny", "--quorum", "4"],
            vec!["no committee named \"Scrutiny\""],
        ),
        (
            vec!["template", PLANNING, "--set", bad_template],
            vec!["Planning Committee", "\"Nameless\"", "key"],
        ),
        (
            vec!["reschedule", "1", "--date", "2025-06-19"],
            vec![
                "meeting 1 of Planning Committee (Thursday, 12th June, 2025)",
                "re-publication",
            ],
        ),
        (
            vec!["reschedule", "2", "--date", "2025-06-12", "--time", "18:30"],
            vec!["Planning Committee already has a meeting at 2025-06-12 18:30 (meeting 1)"],
        ),
        (
            vec!["reschedule", "2", "--venue", " "],
            vec!["meeting 2 of Planning Committee", "venue"],
        ),
        (
            vec!["reschedule", "2"],
            vec![
                "meeting 2 of Planning Committee",
                "give a new date, time or venue",
            ],
        ),
        (
            vec!["reschedule", "9", "--date", "2025-06-19"],
            vec!["no meeting with id 9"],
        ),
        (
            vec!["cancel", "2", "--undo"],
            vec!["meeting 2 of Planning Committee", "is not cancelled"],
        ),
        (
            vec!["delete-meeting", "1"],
            vec!["meeting 1 of Planning Committee", "cancel it instead"],
        ),
        (vec!["restore-meeting", "2"], vec!["no deleted meeting 2"]),
        (
            vec![
                "new-meeting",
                "--committee",
                "Licensing Committee",
                "--date",
                "2025-06-12",
                "--time",
                "10:00",
                "--venue",
                "Room 2",
            ],
            vec!["Licensing Committee is archived"],
        ),
    ];
    for (args, says) in &cases {
        let err = refused(&db, args);
        for s in says {
            assert!(err.contains(s), "{args:?}: stderr should say {s:?}: {err}");
        }
        assert_eq!(
            common::fingerprint(&db),
            before,
            "{args:?} changed the database"
        );
    }
    // A held meeting cannot be moved or cancelled.
    ok(&db, &["status", "1", "held"]);
    let before = common::fingerprint(&db);
    for args in [
        vec!["reschedule", "1", "--date", "2025-06-19", "--republish"],
        vec!["cancel", "1"],
    ] {
        let err = refused(&db, &args);
        assert!(
            err.contains("meeting 1 of Planning Committee") && err.contains("has been held"),
            "{args:?}: {err}"
        );
        assert_eq!(common::fingerprint(&db), before, "{args:?}");
    }
}

/// Retiring someone ends their memberships that day; they stay in the
/// papers of their time, leave the people list, and come back with --all.
#[test]
fn a_retired_councillor_stays_in_old_papers_but_leaves_the_committee() {
    let dir = tempfile::tempdir().unwrap();
    let db = planning(dir.path());
    ok(
        &db,
        &[
            "new-meeting",
            "--committee",
            PLANNING,
            "--date",
            "2025-06-12",
            "--time",
            "18:30",
        ],
    );
    ok(
        &db,
        &[
            "person",
            "edit",
            "p-ahmed",
            "--retire",
            "--on",
            "2025-06-30",
        ],
    );
    ok(
        &db,
        &[
            "new-meeting",
            "--committee",
            PLANNING,
            "--date",
            "2025-07-10",
            "--time",
            "18:30",
        ],
    );
    assert!(front_sheet(&db, dir.path(), "1").contains("K Morris (Chair), P Ahmed, M Baker"));
    let july = front_sheet(&db, dir.path(), "2");
    assert!(july.contains("K Morris (Chair), M Baker"), "{july}");
    assert!(!july.contains("Ahmed"), "{july}");
    assert!(!ok(&db, &["people"]).contains("p-ahmed"));
    assert!(ok(&db, &["people", "--all"]).contains("retired 2025-06-30"));
    let err = refused(
        &db,
        &["member", "add", PLANNING, "p-ahmed", "--role", "member"],
    );
    assert!(
        err.contains("Councillor P Ahmed") && err.contains("retired on Monday, 30th June, 2025"),
        "{err}"
    );
    // Someone named nowhere can be deleted (a mistake made adding them).
    ok(
        &db,
        &[
            "person", "add", "typo", "--kind", "other", "--name", "Mistake",
        ],
    );
    assert!(ok(&db, &["person", "delete", "typo"]).contains("Deleted Mistake"));
}

// ----- The store directly -----

fn store_with_planning() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    for (key, name, group) in COUNCILLORS {
        store
            .add_person(&Person {
                political_group: Some(group.to_string()),
                ..Person::new(key, PersonKind::Councillor, name)
            })
            .unwrap();
    }
    let mut c = agendapack::domain::Committee::new(PLANNING);
    c.default_venue = Some("Committee Room 1".into());
    c.members = COUNCILLORS
        .iter()
        .map(|(k, _, _)| {
            Membership::new(
                *k,
                if *k == "k-morris" {
                    Role::Chair
                } else {
                    Role::Member
                },
            )
        })
        .collect();
    store.add_committee(&c).unwrap();
    store
}

#[test]
fn people_search_finds_as_you_type_best_first() {
    let store = store_with_planning();
    let keys = |text: &str| {
        store
            .people(&PeopleFilter {
                text: text.into(),
                ..Default::default()
            })
            .unwrap()
            .into_iter()
            .map(|p| p.key)
            .collect::<Vec<_>>()
    };
    assert_eq!(keys("hu"), vec!["t-hughes"]);
    // "labour" is a group: all four, by surname.
    assert_eq!(
        keys("labour"),
        vec!["t-hughes", "k-morris", "j-owen", "r-young"]
    );
    assert_eq!(
        keys("labour o"),
        vec!["j-owen", "t-hughes", "k-morris", "r-young"]
    );
    assert_eq!(keys("").len(), 9);
    let first_two = store
        .people(&PeopleFilter {
            limit: Some(2),
            kind: Some(PersonKind::Councillor),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(first_two.len(), 2);
    assert_eq!(first_two[0].key, "p-ahmed");
}

#[test]
fn the_papers_order_is_chair_then_members_by_surname_whatever_the_order_added() {
    let store = store_with_planning();
    let c = store.committee("Planning Committee").unwrap();
    let order: Vec<&str> = c.members.iter().map(|m| m.person.as_str()).collect();
    assert_eq!(
        order,
        vec![
            "k-morris", "p-ahmed", "m-baker", "s-clarke", "d-evans", "l-fisher", "t-hughes",
            "j-owen", "r-young"
        ]
    );
}

#[test]
fn two_chairs_on_the_same_day_are_refused_but_one_after_another_is_fine() {
    let mut store = store_with_planning();
    let mut chair = Membership::new("p-ahmed", Role::Chair);
    chair.from = Some(date("2025-05-15"));
    store
        .end_membership(PLANNING, "p-ahmed", date("2025-05-14"))
        .unwrap();
    let err = store.add_membership(PLANNING, &chair).unwrap_err();
    assert!(
        matches!(&err, StoreError::Refused(m) if m.contains("Councillor K Morris is Chair with no end date")),
        "{err}"
    );
    store
        .end_membership(PLANNING, "k-morris", date("2025-05-14"))
        .unwrap();
    store.add_membership(PLANNING, &chair).unwrap();
    let c = store.committee(PLANNING).unwrap();
    assert_eq!(c.members_on(date("2025-05-14"))[0].person, "k-morris");
    assert_eq!(c.members_on(date("2025-05-15"))[0].person, "p-ahmed");
    assert_eq!(c.members_on(date("2025-05-15")).len(), 8);
}

#[test]
fn rescheduling_and_deleting_through_the_store() {
    let mut store = store_with_planning();
    let at = date("2025-06-12").and_hms_opt(18, 30, 0).unwrap();
    let id = agendapack::cycle::new_meeting(&mut store, PLANNING, at, None)
        .unwrap()
        .id;
    let done = store
        .reschedule_meeting(
            id,
            &Reschedule {
                date: Some(date("2025-06-19")),
                ..Default::default()
            },
            false,
        )
        .unwrap();
    assert_eq!(done.was, at);
    assert_eq!(done.now.date(), date("2025-06-19"));
    assert!(!done.republish);
    let loaded = store.load_meeting(id).unwrap();
    assert_eq!(loaded.meeting.date(), date("2025-06-19"));
    let gone = store.delete_draft_meeting(id).unwrap();
    assert_eq!(gone.committee, PLANNING);
    assert_eq!(store.deleted_meetings().unwrap(), vec![gone]);
    assert!(store.load_meeting(id).is_err());
    assert_eq!(store.restore_meeting(id).unwrap(), id);
    assert_eq!(store.load_meeting(id).unwrap(), loaded);
    assert!(store.deleted_meetings().unwrap().is_empty());
}

/// A database from before dated memberships keeps its members (undated)
/// when it is upgraded.
#[test]
fn an_older_database_keeps_its_memberships_when_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    agendapack::store::create_at_version(&path, 2).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "INSERT INTO person (id, key, kind, name) VALUES (1, 'a-chair', 'councillor', 'A Chair'),
                 (2, 'b-member', 'councillor', 'B Member');
             INSERT INTO committee (id, name) VALUES (1, 'Old Committee');
             INSERT INTO membership (committee_id, person_id, position, role)
                 VALUES (1, 2, 1, 'member'), (1, 1, 0, 'chair');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        agendapack::store::SCHEMA_VERSION
    );
    let c = store.committee("Old Committee").unwrap();
    assert_eq!(
        c.members,
        vec![
            Membership::new("a-chair", Role::Chair),
            Membership::new("b-member", Role::Member)
        ]
    );
    assert_eq!(c.template, None);
    assert!(!c.archived);
}

/// The meeting file carries what the set-up adds (membership dates,
/// political groups, the template) as optional fields: a file with them
/// imports and exports again unchanged; a file without them (the reference
/// fixtures) still imports; bad dates are refused with their JSON path.
#[test]
fn meeting_files_carry_membership_dates_groups_and_the_template() {
    use agendapack::interchange;
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_planning();
    store
        .end_membership(PLANNING, "k-morris", date("2025-05-14"))
        .unwrap();
    store
        .set_template(
            PLANNING,
            Some(&[TemplateItem {
                key: "applications".into(),
                title: "Planning Applications".into(),
                kind: Default::default(),
                purpose: None,
                description: None,
                sub_items: vec!["Following {previous_meeting}".into()],
            }]),
        )
        .unwrap();
    let at = date("2025-03-13").and_hms_opt(18, 30, 0).unwrap();
    let id = agendapack::cycle::new_meeting(&mut store, PLANNING, at, None)
        .unwrap()
        .id;
    let out = dir.path().join("a/march.json");
    interchange::export(&store, id, &out).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["committee"]["members"][0]["person"], "k-morris");
    assert_eq!(v["committee"]["members"][0]["to"], "2025-05-14");
    assert_eq!(v["committee"]["template"][0]["key"], "applications");
    let ahmed = v["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "p-ahmed")
        .unwrap();
    assert_eq!(ahmed["political_group"], "Conservative");
    // Into an empty database and out again: the same bytes.
    let mut other = Store::open_in_memory().unwrap();
    let id2 = interchange::import(&mut other, &out).unwrap();
    let again = dir.path().join("b/march.json");
    interchange::export(&other, id2, &again).unwrap();
    assert_eq!(std::fs::read_to_string(&again).unwrap(), text);
    let c = other.committee(PLANNING).unwrap();
    assert_eq!(c.members[0].to, Some(date("2025-05-14")));
    assert_eq!(c.template.unwrap()[0].title, "Planning Applications");
    // The reference fixtures, without any of it, still import.
    let mut old = Store::open_in_memory().unwrap();
    interchange::import(&mut old, &common::fixture("2024-10-17")).unwrap();
    // A membership that ends before it starts is refused at its JSON path.
    let mut v = v;
    v["committee"]["members"][0]["from"] = "2025-06-01".into();
    let bad = dir.path().join("a/bad.json");
    std::fs::write(&bad, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let mut empty = Store::open_in_memory().unwrap();
    let err = interchange::import(&mut empty, &bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("committee.members[0].to"), "{err}");
    assert!(empty.committees().unwrap().is_empty());
}
