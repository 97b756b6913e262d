//! The `agendapack` binary, run for real in a temporary directory.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn cli(db: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("agendapack").unwrap();
    c.arg("--db").arg(db).env_remove("AGENDAPACK_DB");
    c
}

/// `new-meeting` for the board on Thursday 16 January 2025, after the demo:
/// it must succeed as meeting 3.
fn new_january_meeting(db: &std::path::Path) -> assert_cmd::assert::Assert {
    cli(db)
        .args([
            "new-meeting",
            "--committee",
            "Education and Children's Services Scrutiny Board (2)",
            "--date",
            "2025-01-16",
            "--time",
            "10:00",
        ])
        .assert()
        .success()
        .stdout("3\n")
}

#[test]
fn demo_is_idempotent_and_lists_both_meetings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    cli(&db)
        .arg("demo")
        .assert()
        .success()
        .stdout(predicate::str::contains("2 meeting(s) added"));
    let before = common::fingerprint(&db);
    cli(&db)
        .arg("demo")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "0 meeting(s) added, 2 already present",
        ));
    assert_eq!(common::fingerprint(&db), before);

    let out = cli(&db)
        .args(["meetings", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["date"], "2024-10-17");
    assert_eq!(list[0]["first_item"], 43);
    assert_eq!(list[0]["last_item"], 48);
    assert_eq!(list[1]["date"], "2024-11-28");
    assert_eq!(list[1]["first_item"], 49);
    assert_eq!(list[1]["last_item"], 57);
    assert_eq!(
        list[1]["committee"],
        "Education and Children's Services Scrutiny Board (2)"
    );
    for m in list {
        for key in [
            "id",
            "committee",
            "date",
            "status",
            "first_item",
            "last_item",
        ] {
            assert!(m.get(key).is_some(), "missing {key}");
        }
    }
}

#[test]
fn the_database_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.sqlite3");
    Command::cargo_bin("agendapack")
        .unwrap()
        .env("AGENDAPACK_DB", &db)
        .arg("demo")
        .assert()
        .success();
    assert!(db.exists());
}

#[test]
fn import_prints_the_id_and_show_prints_the_agenda() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("i.sqlite3");
    cli(&db)
        .arg("import")
        .arg(common::fixture("2024-10-17"))
        .assert()
        .success()
        .stdout("1\n");
    cli(&db)
        .arg("import")
        .arg(common::fixture("2024-11-28"))
        .assert()
        .success()
        .stdout("2\n");
    cli(&db)
        .args(["show", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Thursday, 28th November, 2024 at 10.00 am",
        ))
        .stdout(predicate::str::contains(" 49. Declarations of Interests"))
        .stdout(predicate::str::contains("Private Business"))
        .stdout(predicate::str::contains(
            " 57. Homes for Children in Care - Update Report  [private, paragraphs 1, 3]",
        ))
        .stdout(predicate::str::contains(
            "(a) To agree the minutes of the meeting held on 17th October 2024",
        ));
}

#[test]
fn export_writes_json_and_reports_that_import_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.sqlite3");
    cli(&db).arg("demo").assert().success();
    let out = dir.path().join("out/nov.json");
    cli(&db)
        .args(["export", "2", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(out.exists());
    assert!(dir
        .path()
        .join("out/nov-reports/52-holiday-activities-and-food.pdf")
        .exists());
    let db2 = dir.path().join("e2.sqlite3");
    cli(&db2)
        .arg("import")
        .arg(&out)
        .assert()
        .success()
        .stdout("1\n");
}

#[test]
fn errors_name_what_is_wrong_and_exit_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");
    cli(&db)
        .args(["show", "42"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no meeting with id 42"));
    cli(&db)
        .args(["import", "missing.json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("missing.json"));
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"format\": \"agendapack.meeting/1\", \"council\": 3}",
    )
    .unwrap();
    cli(&db)
        .arg("import")
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains("bad.json").and(predicate::str::contains("council")));
    cli(&db)
        .args(["meetings", "--json"])
        .assert()
        .success()
        .stdout("[]\n");
}

#[test]
fn schema_command_prints_the_checked_in_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(&dir.path().join("s.sqlite3"))
        .arg("schema")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let on_disk = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schema/agendapack.meeting-1.schema.json"),
    )
    .unwrap();
    assert_eq!(out, on_disk);
}

#[test]
fn new_meeting_numbers_on_and_deadline_check_and_approve_work_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cycle.sqlite3");
    cli(&db).arg("demo").assert().success();
    new_january_meeting(&db);
    cli(&db)
        .args(["show", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains(" 58. Declarations of Interests"))
        .stdout(predicate::str::contains(
            "(a) To agree the minutes of the meeting held on 28th November 2024",
        ));
    // Check: warnings only before the deadline; an error after it, non-zero exit.
    cli(&db)
        .args(["check", "3", "--today", "2025-01-02"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "warning: item 60: \"Work Programme\" has no report attached",
        ));
    cli(&db)
        .args(["check", "3", "--today", "2025-01-10", "--json"])
        .assert()
        .failure()
        .stdout(predicate::str::contains("\"code\": \"past-deadline\""));
    // Attach by item number; then approve the November minutes at the January meeting.
    let pdf = common::meetings_dir().join("reports/2024-11-28/51-minutes-2024-10-17.pdf");
    cli(&db)
        .args(["attach", "3", "60"])
        .arg(&pdf)
        .args(["--title", "Work Programme 2024/25"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Attached 51-minutes-2024-10-17.pdf (3 pages) to item 60.",
        ));
    cli(&db)
        .args([
            "approve",
            "2",
            "--at",
            "3",
            "--chair",
            "Councillor CE Thomas",
        ])
        .assert()
        .success();
    cli(&db)
        .args(["minute", "2", "52", "--text", "Rewritten."])
        .assert()
        .failure()
        .stderr(predicate::str::contains("locked"));
    cli(&db)
        .args(["attach", "2", "52"])
        .arg(&pdf)
        .assert()
        .failure()
        .stderr(predicate::str::contains("locked"));
    for args in [
        vec!["edit-item", "2", "52", "--title", "New"],
        vec!["move-item", "2", "52", "--to", "1"],
        vec!["delete-item", "2", "52"],
        vec!["add-item", "2", "--title", "Extra"],
        vec!["status", "2", "held"],
    ] {
        cli(&db)
            .args(&args)
            .assert()
            .failure()
            .stderr(predicate::str::contains("locked"));
    }
}

#[test]
fn deadline_command_gives_the_statutory_dates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    cli(&db)
        .args(["deadline", "2024-11-28"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "published by Wednesday, 20th November, 2024",
        ));
    let out = cli(&db)
        .args(["deadline", "2025-04-24", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["publish_by"], "2025-04-14");
    let out = cli(&db)
        .args(["deadline", "2025-01-06", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["publish_by"], "2024-12-24");
    // A closure day from the settings moves the deadline back.
    cli(&db)
        .args(["settings", "--closure-day", "2024-11-20"])
        .assert()
        .success();
    let out = cli(&db)
        .args(["deadline", "2024-11-28", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["publish_by"], "2024-11-19");
}

#[test]
fn papers_come_out_as_pdfs_and_signed_minutes_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    cli(&db).arg("demo").assert().success();
    let out = |n: &str| dir.path().join(n);
    cli(&db)
        .args(["agenda", "2", "-o"])
        .arg(out("agenda.pdf"))
        .assert()
        .success();
    cli(&db)
        .args(["minutes", "1", "-o"])
        .arg(out("minutes.pdf"))
        .assert()
        .success();
    cli(&db)
        .args(["pack", "2", "--public", "-o"])
        .arg(out("public.pdf"))
        .assert()
        .success()
        .stdout(predicate::str::contains("numbered 1–"));
    cli(&db)
        .args(["pack", "2", "--private", "-o"])
        .arg(out("private.pdf"))
        .assert()
        .success();
    cli(&db)
        .args(["pack", "2", "-o"])
        .arg(out("none.pdf"))
        .assert()
        .failure();
    cli(&db)
        .args(["minutes", "1", "--signed", "-o"])
        .arg(out("signed.pdf"))
        .assert()
        .success();
    for f in [
        "agenda.pdf",
        "minutes.pdf",
        "public.pdf",
        "private.pdf",
        "signed.pdf",
    ] {
        common::pdf::qpdf_check(&out(f));
    }
    cli(&db)
        .arg("verify")
        .arg(out("signed.pdf"))
        .assert()
        .success()
        .stdout(predicate::str::contains("signed by Councillor CE Thomas"));
    let mut bytes = std::fs::read(out("signed.pdf")).unwrap();
    let i = bytes.len() / 3;
    bytes[i] = bytes[i].wrapping_add(1);
    std::fs::write(out("tampered.pdf"), bytes).unwrap();
    cli(&db)
        .arg("verify")
        .arg(out("tampered.pdf"))
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "tampered.pdf is not valid signed minutes",
        ))
        .stderr(predicate::str::contains("altered"));
    cli(&db)
        .arg("verify")
        .arg(out("minutes.pdf"))
        .assert()
        .failure();
    // Unsigned minutes cannot be signed.
    cli(&db)
        .args(["minutes", "2", "--signed", "-o"])
        .arg(out("x.pdf"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("not been approved"));
    assert!(!out("x.pdf").exists());
}

#[test]
fn attaching_a_bad_file_names_file_item_and_reason_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    cli(&db).arg("demo").assert().success();
    let before = common::fingerprint(&db);
    let bad = dir.path().join("notes.pdf");
    std::fs::write(&bad, "Dear colleagues, the report will follow.").unwrap();
    cli(&db)
        .args(["attach", "2", "53"])
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains("notes.pdf"))
        .stderr(predicate::str::contains("item 53"))
        .stderr(predicate::str::contains("not a PDF"));
    let empty = dir.path().join("empty.pdf");
    std::fs::write(&empty, "").unwrap();
    cli(&db)
        .args(["attach", "2", "53"])
        .arg(&empty)
        .assert()
        .failure()
        .stderr(predicate::str::contains("empty"));
    cli(&db)
        .args(["attach", "2", "99"])
        .arg(&empty)
        .assert()
        .failure()
        .stderr(predicate::str::contains("no item 99"));
    assert_eq!(common::fingerprint(&db), before);
}

#[test]
fn minutes_are_written_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite3");
    cli(&db).arg("demo").assert().success();
    cli(&db)
        .args([
            "attendance",
            "2",
            "--present",
            "ce-thomas,j-birdi,j-lepoidevin,s-hanson",
            "--apologies",
            "j-gardiner",
        ])
        .args(["--substitute", "j-lepoidevin=j-gardiner"])
        .assert()
        .success()
        .stdout("Recorded 5 attendance line(s).\n");
    cli(&db)
        .args([
            "declare",
            "2",
            "52",
            "--person",
            "j-birdi",
            "--interest",
            "other-registrable",
            "--note",
            "Trustee of a holiday club",
        ])
        .assert()
        .success();
    cli(&db)
        .args([
            "declare",
            "2",
            "52",
            "--person",
            "j-birdi",
            "--interest",
            "bribery",
            "--note",
            "x",
        ])
        .assert()
        .failure();
    cli(&db)
        .args([
            "action",
            "2",
            "53",
            "--text",
            "Circulate sickness figures",
            "--owner",
            "Director of Children and Education",
            "--due",
            "2025-01-10",
        ])
        .assert()
        .success();
    cli(&db).args(["closed", "2", "12:05"]).assert().success();
    cli(&db)
        .args(["actions", "--open"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Circulate sickness figures — Director of Children and Education (due 2025-01-10)",
        ));
    let out = dir.path().join("minutes.pdf");
    cli(&db)
        .args(["minutes", "2", "-o"])
        .arg(&out)
        .assert()
        .success();
    let text = common::pdf::text(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Councillor J Birdi declared an other registrable interest in the matter referred to in Minute 52: Trustee of a holiday club."), "{text}");
    assert!(
        text.contains("Councillor J Lepoidevin (Substitute for Councillor Gardiner)"),
        "{text}"
    );
    assert!(text.contains("(Meeting closed at 12.05pm)"), "{text}");
    // Action numbers count within the meeting; mark the first done.
    cli(&db).args(["action-done", "2", "1"]).assert().success();
    cli(&db)
        .args(["actions", "--open", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Circulate sickness").not());
}

#[test]
fn the_exclusion_resolution_is_drafted_and_can_be_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");
    cli(&db).arg("demo").assert().success();
    cli(&db)
        .args(["exclusion", "2", "--write"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Minute 57 below headed ‘Homes for Children in Care - Update Report’",
        ))
        .stdout(predicate::str::contains(
            "paragraph 3: Information relating to the financial or business affairs",
        ));
    let out = cli(&db)
        .args(["export", "2"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let minute = v["meeting"]["items"][1]["minute"].as_str().unwrap();
    assert!(
        minute.contains("[[item:homes-private]]"),
        "stored with the live reference: {minute}"
    );
    cli(&db)
        .args(["exclusion", "1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no private items"));
}

/// Every write subcommand of `agendapack --help` refuses a meeting whose
/// minutes are approved, says why, and leaves the database as it was
/// (content fingerprint, not only row counts). Only an action's status may
/// still change.
#[test]
fn every_cli_write_path_refuses_locked_minutes_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("locked.sqlite3");
    cli(&db).arg("demo").assert().success();
    new_january_meeting(&db);
    cli(&db)
        .args([
            "approve",
            "2",
            "--at",
            "3",
            "--chair",
            "Councillor CE Thomas",
        ])
        .assert()
        .success();
    let pdf = common::meetings_dir().join("reports/2024-11-28/55-work-programme.pdf");
    let pdf = pdf.to_str().unwrap();
    let minute_file = dir.path().join("minute.md");
    std::fs::write(&minute_file, "RESOLVED that the report be noted.").unwrap();
    let minute_file = minute_file.to_str().unwrap();
    let packs = dir.path().join("packs");
    let packs = packs.to_str().unwrap();
    let nov_json = common::fixture("2024-11-28");
    let nov_json = nov_json.to_str().unwrap();
    let before = common::fingerprint(&db);
    // (arguments, what stderr must say)
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["minute", "2", "52", "--text", "Rewritten."], "locked"),
        (vec!["minute", "2", "haf", "--file", minute_file], "locked"),
        (vec!["attach", "2", "52", pdf], "locked"),
        (vec!["attach", "2", "52", pdf, "--title", "Extra"], "locked"),
        (vec!["edit-item", "2", "52", "--title", "New"], "locked"),
        (vec!["edit-item", "2", "52", "--purpose", "New"], "locked"),
        (
            vec!["edit-item", "2", "52", "--private-title", "Secret"],
            "locked",
        ),
        (vec!["edit-item", "2", "52", "--private", "1"], "locked"),
        (vec!["edit-item", "2", "57", "--public"], "locked"),
        (vec!["edit-item", "2", "52", "--late", "Urgent"], "locked"),
        (vec!["move-item", "2", "52", "--to", "1"], "locked"),
        (vec!["delete-item", "2", "52"], "locked"),
        (vec!["add-item", "2", "--title", "Extra"], "locked"),
        (
            vec![
                "add-item", "2", "--title", "Late", "--late", "Urgent", "--at", "1",
            ],
            "locked",
        ),
        (vec!["status", "2", "draft"], "locked"),
        (vec!["status", "2", "published"], "locked"),
        (vec!["status", "2", "held"], "locked"),
        (vec!["status", "2", "minutes-drafted"], "locked"),
        (vec!["status", "2", "minutes-approved"], "approve"),
        (vec!["status", "2", "signed"], "minutes --signed"),
        (vec!["attendance", "2", "--present", "ce-thomas"], "locked"),
        (
            vec![
                "attendance",
                "2",
                "--present",
                "ce-thomas,j-lepoidevin",
                "--apologies",
                "j-gardiner",
                "--substitute",
                "j-lepoidevin=j-gardiner",
            ],
            "locked",
        ),
        (
            vec![
                "declare",
                "2",
                "52",
                "--person",
                "ce-thomas",
                "--interest",
                "other-registrable",
                "--note",
                "School governor",
            ],
            "locked",
        ),
        (vec!["action", "2", "52", "--text", "Circulate"], "locked"),
        (
            vec![
                "action",
                "2",
                "52",
                "--text",
                "Circulate",
                "--owner",
                "Tom Robinson",
                "--due",
                "2025-01-31",
            ],
            "locked",
        ),
        (vec!["closed", "2", "13:00"], "locked"),
        (vec!["exclusion", "2", "--write"], "locked"),
        (vec!["reschedule", "2", "--date", "2024-12-05"], "locked"),
        (
            vec![
                "reschedule",
                "2",
                "--time",
                "14:00",
                "--venue",
                "Room 3",
                "--republish",
            ],
            "locked",
        ),
        (vec!["cancel", "2"], "locked"),
        (vec!["cancel", "2", "--undo"], "locked"),
        (vec!["delete-meeting", "2"], "locked"),
        (
            vec![
                "member",
                "add",
                "Education and Children's Services Scrutiny Board (2)",
                "p-seaman",
                "--role",
                "member",
                "--from",
                "2024-11-01",
                "--to",
                "2024-12-31",
            ],
            "locked",
        ),
        (
            vec![
                "member",
                "end",
                "Scrutiny Board (2)",
                "ce-thomas",
                "--on",
                "2024-11-01",
            ],
            "locked",
        ),
        (
            vec![
                "person",
                "edit",
                "j-birdi",
                "--retire",
                "--on",
                "2024-11-01",
            ],
            "locked",
        ),
        (vec!["publish", "2", "-o", packs], "cannot be published"),
        (vec!["import", nov_json], "locked"),
        (
            vec!["approve", "2", "--at", "3", "--chair", "Someone Else"],
            "already approved",
        ),
        // The meeting of 17 October came locked with the demo.
        (vec!["minute", "1", "45", "--text", "Forged."], "locked"),
        (vec!["closed", "1", "13:00"], "locked"),
    ];
    for (args, says) in &cases {
        let out = cli(&db).args(args).assert().failure().get_output().clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(says),
            "{args:?}: stderr should say {says:?}: {stderr}"
        );
        if *says == "locked" {
            assert!(
                stderr.contains("approved"),
                "{args:?}: the message should say the minutes are approved: {stderr}"
            );
            // A membership change names the approved meeting it would alter.
            let meeting = format!(
                "meeting {}",
                match args[0] {
                    "import" | "member" | "person" => "2",
                    _ => args[1],
                }
            );
            assert!(
                stderr.contains(&meeting),
                "{args:?}: the message should name {meeting}: {stderr}"
            );
        }
        assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
        if args[0] == "exclusion" {
            assert!(
                out.stdout.is_empty(),
                "a refused --write prints no draft as if stored"
            );
        }
        assert_eq!(
            common::fingerprint(&db),
            before,
            "{args:?} changed the database"
        );
    }
    assert!(
        !std::path::Path::new(packs).exists() || std::fs::read_dir(packs).unwrap().next().is_none(),
        "a refused publish writes no pack"
    );
    // Tracking the actions of locked minutes is still allowed (October's fourth action).
    cli(&db).args(["action-done", "1", "4"]).assert().success();
    assert_ne!(common::fingerprint(&db), before);
}

fn findings(db: &std::path::Path, meeting: &str, today: &str) -> Vec<serde_json::Value> {
    let out = cli(db)
        .args(["check", meeting, "--today", today, "--json"])
        .output()
        .unwrap();
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap_or_else(|e| {
            panic!(
                "check --json: {e}: {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
        .as_array()
        .unwrap()
        .clone()
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An executive body meeting in private gives 28 clear days' notice
/// (SI 2012/2089 reg 5): for a meeting on Thursday 28 November 2024 the
/// notice is due by Wednesday 30 October; a warning from the day after, for
/// executive committees only.
#[test]
fn check_warns_an_executive_with_private_business_inside_28_clear_days() {
    let dir = tempfile::tempdir().unwrap();
    let json = common::copy_fixture("2024-11-28", &dir.path().join("fixtures"));
    let text = std::fs::read_to_string(&json)
        .unwrap()
        .replace(
            "Education and Children's Services Scrutiny Board (2)",
            "Cabinet",
        )
        .replace(
            "\"short_name\": \"Scrutiny Board (2)\"",
            "\"short_name\": \"Cabinet\"",
        )
        .replace("\"executive\": false", "\"executive\": true")
        .replace("\"status\": \"minutes-drafted\"", "\"status\": \"draft\"");
    let cabinet = dir.path().join("fixtures/cabinet.json");
    std::fs::write(&cabinet, text).unwrap();
    let db = dir.path().join("exec.sqlite3");
    cli(&db)
        .arg("import")
        .arg(&cabinet)
        .assert()
        .success()
        .stdout("1\n");
    let notice = |today: &str| {
        findings(&db, "1", today)
            .into_iter()
            .filter(|f| f["code"] == "executive-private-notice")
            .collect::<Vec<_>>()
    };
    assert!(notice("2024-10-29").is_empty());
    assert!(
        notice("2024-10-30").is_empty(),
        "28 clear days exactly is in time"
    );
    let late = notice("2024-10-31");
    assert_eq!(late.len(), 1, "{late:?}");
    assert_eq!(late[0]["severity"], "warning");
    assert_eq!(late[0]["item"], "homes-private");
    assert_eq!(
        late[0]["number"], 9,
        "the Cabinet's first meeting numbers from 1"
    );
    let msg = late[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("28 clear days") && msg.contains("(by Wednesday, 30th October, 2024)"),
        "{msg}"
    );
    // The same meeting of a non-executive body has no such warning.
    let scrutiny = dir.path().join("scrutiny.sqlite3");
    cli(&scrutiny).arg("demo").assert().success();
    cli(&scrutiny)
        .args(["status", "2", "draft"])
        .assert()
        .success();
    assert!(!findings(&scrutiny, "2", "2024-10-31")
        .iter()
        .any(|f| f["code"] == "executive-private-notice"));
}

/// Deleting one half of a public/private pair leaves the other linked to
/// nothing: `check` names it, and fails.
#[test]
fn check_fails_on_a_dangling_counterpart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pair.sqlite3");
    cli(&db).arg("demo").assert().success();
    assert!(!findings(&db, "2", "2024-11-01")
        .iter()
        .any(|f| f["code"] == "dangling-counterpart"));
    cli(&db).args(["delete-item", "2", "57"]).assert().success();
    let found: Vec<_> = findings(&db, "2", "2024-11-01")
        .into_iter()
        .filter(|f| f["code"] == "dangling-counterpart")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["severity"], "error");
    assert_eq!(found[0]["item"], "homes-public");
    assert_eq!(found[0]["number"], 54);
    let msg = found[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("Homes for Children in Care - Update Report")
            && msg.contains("\"homes-private\""),
        "{msg}"
    );
    cli(&db)
        .args(["check", "2", "--today", "2024-11-01"])
        .assert()
        .failure()
        .stdout(predicate::str::contains("homes-private"));
}

/// `new-meeting` attaches the previous meeting's minutes to the Minutes item:
/// a real PDF, its pages counted, reading as the minutes of 28 November 2024.
#[test]
fn new_meeting_attaches_the_previous_meetings_minutes_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("prev.sqlite3");
    cli(&db).arg("demo").assert().success();
    new_january_meeting(&db).stderr(predicate::str::contains("warning").not());
    let json = dir.path().join("out/jan.json");
    cli(&db)
        .args(["export", "3", "-o"])
        .arg(&json)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let minutes = v["meeting"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "minutes")
        .expect("a Minutes item");
    let reports = minutes["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1, "{minutes}");
    assert_eq!(reports[0]["title"], "Minutes of 28 November 2024");
    let pdf = json
        .parent()
        .unwrap()
        .join(reports[0]["file"].as_str().unwrap());
    common::pdf::qpdf_check(&pdf);
    let pages = common::pdf::pages(&pdf);
    assert!(pages > 0);
    assert_eq!(reports[0]["pages"], pages, "recorded page count");
    let text = squeeze(&common::pdf::text(&pdf));
    for expected in [
        "Minutes of the Meeting of Education and Children's Services Scrutiny Board (2)",
        "Thursday, 28 November 2024",
        "49. Declarations of Interests",
        "Holiday Activities and Food",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    assert!(
        !text.contains("Placement Commissioning"),
        "the attached minutes are the public minutes"
    );
}

/// `actions --open --json`: the open actions only, each with its meeting,
/// item number, owner and status; done ones drop out and come back when
/// reopened.
#[test]
fn open_actions_as_json_leave_out_the_done_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("actions.sqlite3");
    cli(&db).arg("demo").assert().success();
    let list = |open: bool| -> Vec<serde_json::Value> {
        let mut c = cli(&db);
        c.args(["actions", "--json"]);
        if open {
            c.arg("--open");
        }
        let out = c.assert().success().get_output().stdout.clone();
        serde_json::from_slice::<serde_json::Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    let all = list(false);
    assert_eq!(all.len(), 7);
    let done: Vec<&str> = all
        .iter()
        .filter(|a| a["status"] == "done")
        .map(|a| a["text"].as_str().unwrap())
        .collect();
    assert_eq!(done.len(), 3);
    let open = list(true);
    assert_eq!(open.len(), 4);
    for a in &open {
        assert_eq!(a["status"], "open", "{a}");
        assert_eq!(a["meeting"], 1);
        assert_eq!(a["meeting_date"], "2024-10-17");
        assert_eq!(
            a["committee"],
            "Education and Children's Services Scrutiny Board (2)"
        );
        assert_eq!(a["item"], 46);
        assert!(a["owner"].is_string() && a["text"].is_string(), "{a}");
        assert!(!done.contains(&a["text"].as_str().unwrap()), "{a}");
    }
    let badges = open
        .iter()
        .find(|a| a["text"] == "That all Members be offered Child Friendly Cov badges and stickers")
        .expect("the badges action");
    assert_eq!(badges["owner"], "Director of Children and Education");
    let n = badges["index"].as_u64().unwrap().to_string();
    cli(&db).args(["action-done", "1", &n]).assert().success();
    let open = list(true);
    assert_eq!(open.len(), 3);
    assert!(!open.iter().any(|a| a["index"] == badges["index"]));
    cli(&db)
        .args(["action-done", "1", &n, "--reopen"])
        .assert()
        .success();
    assert_eq!(list(true).len(), 4);
}

/// `publish` keeps the packs as issued: a change to the agenda afterwards
/// leaves the issued pack as it was, byte for byte, and still retrievable.
#[test]
fn published_packs_are_kept_as_issued() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pub.sqlite3");
    cli(&db).arg("demo").assert().success();
    cli(&db).args(["status", "2", "draft"]).assert().success();
    let out = dir.path().join("packs");
    cli(&db)
        .args(["publish", "2", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("2024-11-28-public-pack.pdf"));
    let written = std::fs::read(out.join("2024-11-28-public-pack.pdf")).unwrap();
    cli(&db)
        .args([
            "edit-item",
            "2",
            "52",
            "--title",
            "Renamed Holiday Programme",
        ])
        .assert()
        .success();
    let fresh = dir.path().join("fresh.pdf");
    cli(&db)
        .args(["pack", "2", "--public", "-o"])
        .arg(&fresh)
        .assert()
        .success();
    assert!(squeeze(&common::pdf::text(&fresh)).contains("Renamed Holiday Programme"));

    let store = agendapack::store::Store::open(&db).unwrap();
    let issued = store.issued(agendapack::domain::MeetingId(2)).unwrap();
    let public = issued
        .iter()
        .find(|i| i.kind == "public-pack")
        .expect("the public pack kept");
    assert!(issued.iter().any(|i| i.kind == "private-pack"));
    let kept = store
        .read_blob(&public.sha256, "public pack", "meeting 2")
        .unwrap();
    assert_eq!(kept, written, "the issued pack is the one written");
    assert_eq!(public.sha256, agendapack::store::sha256_hex(&written));
    let kept_pdf = dir.path().join("kept.pdf");
    std::fs::write(&kept_pdf, &kept).unwrap();
    assert_eq!(common::pdf::pages(&kept_pdf), public.pages);
    let text = squeeze(&common::pdf::text(&kept_pdf));
    assert!(text.contains("Holiday Activities and Food"), "{text}");
    assert!(!text.contains("Renamed Holiday Programme"));
}

/// `publish` is one action: when a pack cannot be built (here the private
/// report's stored bytes no longer match their hash) the meeting is not
/// marked published and nothing is kept — the database is exactly as it was.
#[test]
fn a_publish_that_fails_leaves_the_meeting_unpublished_and_the_database_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pub.sqlite3");
    cli(&db).arg("demo").assert().success();
    cli(&db).args(["status", "2", "draft"]).assert().success();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let changed = conn
            .execute(
                "UPDATE blob SET data = CAST(substr(data, 1, 100) || 'X' || substr(data, 102) AS BLOB)
                 WHERE sha256 IN (SELECT r.sha256 FROM report r JOIN item i ON r.item_id = i.id
                                  WHERE i.meeting_id = 2 AND i.exempt_paragraphs IS NOT NULL)",
                [],
            )
            .unwrap();
        assert_eq!(changed, 1, "the private item's one report");
    }
    let before = common::fingerprint(&db);
    let out = dir.path().join("packs");
    cli(&db)
        .args(["publish", "2", "-o"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("(item homes-private) is damaged"));
    assert_eq!(
        common::fingerprint(&db),
        before,
        "a failed publish writes nothing"
    );
    let store = agendapack::store::Store::open(&db).unwrap();
    let m = store
        .load_meeting(agendapack::domain::MeetingId(2))
        .unwrap();
    assert_eq!(m.meeting.status, agendapack::domain::MeetingStatus::Draft);
    assert_eq!(m.published_on, None);
    assert!(store.issued(m.id).unwrap().is_empty());
}

/// A late item carries the chair's reason for urgency into the minutes
/// (s100B(4)(b)).
#[test]
fn a_late_items_urgency_reason_is_in_the_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("late.sqlite3");
    cli(&db).arg("demo").assert().success();
    let reason = "The grant deadline of 1st December falls before the next meeting";
    cli(&db)
        .args([
            "add-item",
            "2",
            "--title",
            "Urgent Grant Bid",
            "--late",
            reason,
        ])
        .assert()
        .success();
    cli(&db)
        .args([
            "minute",
            "2",
            "urgent-grant-bid",
            "--text",
            "RESOLVED that the bid be submitted.",
        ])
        .assert()
        .success();
    let pdf = dir.path().join("minutes.pdf");
    cli(&db)
        .args(["minutes", "2", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    let text = squeeze(&common::pdf::text(&pdf));
    let at = text
        .find("Urgent Grant Bid")
        .expect("the late item's minute");
    let after = &text[at..];
    assert!(after.contains("matter of urgency"), "{after}");
    assert!(after.contains(reason), "{after}");
    assert!(
        after.contains("RESOLVED that the bid be submitted."),
        "{after}"
    );
}
