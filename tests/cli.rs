//! The `agendapack` binary, run for real in a temporary directory.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn cli(db: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("agendapack").unwrap();
    c.arg("--db").arg(db).env_remove("AGENDAPACK_DB");
    c
}

#[test]
fn demo_is_idempotent_and_lists_both_meetings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    cli(&db).arg("demo").assert().success().stdout(predicate::str::contains("2 meeting(s) added"));
    let before = common::fingerprint(&db);
    cli(&db).arg("demo").assert().success().stdout(predicate::str::contains("0 meeting(s) added, 2 already present"));
    assert_eq!(common::fingerprint(&db), before);

    let out = cli(&db).args(["meetings", "--json"]).assert().success().get_output().stdout.clone();
    let list: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["date"], "2024-10-17");
    assert_eq!(list[0]["first_item"], 43);
    assert_eq!(list[0]["last_item"], 48);
    assert_eq!(list[1]["date"], "2024-11-28");
    assert_eq!(list[1]["first_item"], 49);
    assert_eq!(list[1]["last_item"], 57);
    assert_eq!(list[1]["committee"], "Education and Children's Services Scrutiny Board (2)");
    for m in list {
        for key in ["id", "committee", "date", "status", "first_item", "last_item"] {
            assert!(m.get(key).is_some(), "missing {key}");
        }
    }
}

#[test]
fn the_database_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.sqlite3");
    Command::cargo_bin("agendapack").unwrap().env("AGENDAPACK_DB", &db).arg("demo").assert().success();
    assert!(db.exists());
}

#[test]
fn import_prints_the_id_and_show_prints_the_agenda() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("i.sqlite3");
    cli(&db).arg("import").arg(common::fixture("2024-10-17")).assert().success().stdout("1\n");
    cli(&db).arg("import").arg(common::fixture("2024-11-28")).assert().success().stdout("2\n");
    cli(&db)
        .args(["show", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Thursday, 28th November, 2024 at 10.00 am"))
        .stdout(predicate::str::contains(" 49. Declarations of Interests"))
        .stdout(predicate::str::contains("Private Business"))
        .stdout(predicate::str::contains(" 57. Homes for Children in Care - Update Report  [private, paragraphs 1, 3]"))
        .stdout(predicate::str::contains("(a) To agree the minutes of the meeting held on 17th October 2024"));
}

#[test]
fn export_writes_json_and_reports_that_import_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.sqlite3");
    cli(&db).arg("demo").assert().success();
    let out = dir.path().join("out/nov.json");
    cli(&db).args(["export", "2", "-o"]).arg(&out).assert().success();
    assert!(out.exists());
    assert!(dir.path().join("out/nov-reports/52-holiday-activities-and-food.pdf").exists());
    let db2 = dir.path().join("e2.sqlite3");
    cli(&db2).arg("import").arg(&out).assert().success().stdout("1\n");
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
    std::fs::write(&bad, "{\"format\": \"agendapack.meeting/1\", \"council\": 3}").unwrap();
    cli(&db)
        .arg("import")
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains("bad.json").and(predicate::str::contains("council")));
    cli(&db).args(["meetings", "--json"]).assert().success().stdout("[]\n");
}

#[test]
fn schema_command_prints_the_checked_in_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(&dir.path().join("s.sqlite3")).arg("schema").assert().success().get_output().stdout.clone();
    let on_disk = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/agendapack.meeting-1.schema.json")).unwrap();
    assert_eq!(out, on_disk);
}
