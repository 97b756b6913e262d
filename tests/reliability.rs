//! Integrity checks, backups and restores.

mod common;

use agendapack::store::Store;
use agendapack::{demo, publish};
use assert_cmd::Command;
use predicates::prelude::*;

fn cli(db: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("agendapack").unwrap();
    c.arg("--db").arg(db).env_remove("AGENDAPACK_DB");
    c
}

fn demo_db(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("f.sqlite3");
    let mut s = Store::open(&db).unwrap();
    demo::load(&mut s).unwrap();
    publish::signed_minutes(&mut s, agendapack::domain::MeetingId(1)).unwrap();
    db
}

#[test]
fn fsck_passes_a_healthy_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    assert!(Store::open(&db).unwrap().fsck().unwrap().is_empty());
    cli(&db)
        .arg("fsck")
        .assert()
        .success()
        .stdout(predicate::str::contains("no problems found"));
}

#[test]
fn fsck_detects_a_flipped_byte_in_a_stored_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let sha: String = conn
        .query_row(
            "SELECT sha256 FROM report WHERE file_name LIKE '52-%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut data: Vec<u8> = conn
        .query_row("SELECT data FROM blob WHERE sha256 = ?1", [&sha], |r| {
            r.get(0)
        })
        .unwrap();
    data[200] ^= 0x10;
    conn.execute(
        "UPDATE blob SET data = ?1 WHERE sha256 = ?2",
        rusqlite::params![data, sha],
    )
    .unwrap();
    drop(conn);
    let before = std::fs::read(&db).unwrap();
    cli(&db)
        .arg("fsck")
        .assert()
        .failure()
        .stdout(predicate::str::contains(format!(
            "stored file {sha} is damaged"
        )))
        .stdout(predicate::str::contains(
            "52-holiday-activities-and-food.pdf, item haf",
        ))
        .stderr(predicate::str::contains("nothing was repaired"));
    // Reported, not repaired.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let still: Vec<u8> = conn
        .query_row("SELECT data FROM blob WHERE sha256 = ?1", [&sha], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(still, data);
    drop(before);
}

#[test]
fn fsck_detects_a_flipped_byte_in_the_signed_minutes_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    // The recorded hash: flip one hex digit (the lock triggers refuse a
    // normal UPDATE, so go behind them as an attacker with the file would).
    let sha: String = conn
        .query_row("SELECT signed_sha256 FROM meeting WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let flipped = format!(
        "{}{}",
        if sha.starts_with('0') { '1' } else { '0' },
        &sha[1..]
    );
    conn.execute_batch("DROP TRIGGER meeting_locked_update")
        .unwrap();
    conn.execute(
        "UPDATE meeting SET signed_sha256 = ?1 WHERE id = 1",
        [&flipped],
    )
    .unwrap();
    drop(conn);
    let problems = Store::open(&db).unwrap().fsck().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.kind == "signed-minutes" && p.detail.contains("meeting 1")),
        "{problems:?}"
    );

    // And a flipped byte in the kept copy of the signed minutes themselves.
    let dir2 = tempfile::tempdir().unwrap();
    let db2 = demo_db(dir2.path());
    let conn = rusqlite::Connection::open(&db2).unwrap();
    let sha: String = conn
        .query_row("SELECT signed_sha256 FROM meeting WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut data: Vec<u8> = conn
        .query_row("SELECT data FROM blob WHERE sha256 = ?1", [&sha], |r| {
            r.get(0)
        })
        .unwrap();
    let i = data.len() / 2;
    data[i] ^= 0x01;
    conn.execute(
        "UPDATE blob SET data = ?1 WHERE sha256 = ?2",
        rusqlite::params![data, sha],
    )
    .unwrap();
    drop(conn);
    let problems = Store::open(&db2).unwrap().fsck().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.kind == "report" && p.detail.contains("signed-minutes of meeting 1")),
        "{problems:?}"
    );
}

#[test]
fn backup_and_restore_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let copy = dir.path().join("copy.sqlite3");
    cli(&db).arg("backup").arg(&copy).assert().success();
    cli(&db)
        .arg("backup")
        .arg(&copy)
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists"));
    let before = common::fingerprint(&db);
    assert_eq!(common::fingerprint(&copy), before);
    // Change the live database, then restore the backup.
    cli(&db)
        .args(["add-item", "2", "--title", "Added after the backup"])
        .assert()
        .success();
    assert_ne!(common::fingerprint(&db), before);
    cli(&db).arg("restore").arg(&copy).assert().success();
    assert_eq!(common::fingerprint(&db), before);
    assert!(dir.path().join("f.sqlite3.before-restore.bak").exists());
    cli(&db).arg("fsck").assert().success();
    // Something that is not a backup is refused and changes nothing.
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, "not a database").unwrap();
    cli(&db).arg("restore").arg(&junk).assert().failure();
    assert_eq!(common::fingerprint(&db), before);
}

#[test]
fn backup_is_safe_while_another_connection_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let writer_db = db.clone();
    let writer = std::thread::spawn(move || {
        let mut s = Store::open(&writer_db).unwrap();
        for n in 0..30 {
            let item = agendapack::domain::AgendaItem::new(format!("w{n}"), format!("Item {n}"));
            s.add_item(agendapack::domain::MeetingId(2), &item, None)
                .unwrap();
        }
    });
    let copy = dir.path().join("during.sqlite3");
    Store::open(&db).unwrap().backup_to(&copy).unwrap();
    writer.join().unwrap();
    let backup = Store::open(&copy).unwrap();
    assert!(backup.fsck().unwrap().is_empty());
    let n = backup
        .load_meeting(agendapack::domain::MeetingId(2))
        .unwrap()
        .meeting
        .items
        .len();
    assert!((9..=39).contains(&n), "a consistent snapshot: {n} items");
}
