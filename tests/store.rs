//! The store: opening, migrations, numbering across meetings, stored reports.

mod common;

use agendapack::domain::MeetingId;
use agendapack::interchange;
use agendapack::store::{NewReport, Store, StoreError, SCHEMA_VERSION};
use std::path::Path;

#[test]
fn a_new_database_is_at_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a.sqlite3")).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let mode: String = rusqlite::Connection::open(dir.path().join("a.sqlite3"))
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_database_from_a_newer_agendapack_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Err(StoreError::NewerDatabase {
            found, supported, ..
        }) => {
            assert_eq!(found, 999);
            assert_eq!(supported, SCHEMA_VERSION);
        }
        other => panic!("expected NewerDatabase, got {other:?}"),
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file must not change"
    );
    let msg = Store::open(&path).unwrap_err().to_string();
    assert!(
        msg.contains("newer.sqlite3") && msg.contains("999"),
        "{msg}"
    );
}

#[test]
fn numbers_run_on_from_the_previous_meeting() {
    let mut store = Store::open_in_memory().unwrap();
    let oct = interchange::import(&mut store, &common::fixture("2024-10-17")).unwrap();
    let nov = interchange::import(&mut store, &common::fixture("2024-11-28")).unwrap();
    let list = store.meetings().unwrap();
    let find = |id: MeetingId| list.iter().find(|m| m.id == id).unwrap();
    assert_eq!(
        (find(oct).first_item, find(oct).last_item),
        (Some(43), Some(48))
    );
    assert_eq!(
        (find(nov).first_item, find(nov).last_item),
        (Some(49), Some(57))
    );
    let loaded = store.load_meeting(nov).unwrap();
    assert_eq!(loaded.number_of_key("homes-private"), Some(57));
    assert_eq!(loaded.number_of_key("exclusion"), Some(50));
}

#[test]
fn a_damaged_report_is_detected_on_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let id = interchange::import(&mut store, &common::fixture("2024-11-28")).unwrap();
    let loaded = store.load_meeting(id).unwrap();
    let (_, item) = loaded.meeting.item("haf").unwrap();
    let sha = item.reports[0].sha256.clone().unwrap();
    // Flip one byte of the stored file behind the store's back.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE blob SET data = CAST(substr(data, 1, 100) || 'X' || substr(data, 102) AS BLOB) WHERE sha256 = ?1",
            [&sha],
        )
        .unwrap();
    let err = store.read_blob(&sha, "Briefing Note", "haf").unwrap_err();
    assert!(matches!(err, StoreError::BlobMismatch { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("Briefing Note") && msg.contains("haf") && msg.contains(&sha),
        "{msg}"
    );
    // Export refuses rather than writing a damaged copy.
    let out = dir.path().join("out/m.json");
    assert!(interchange::export(&store, id, &out).is_err());
    assert!(!out.exists());
}

#[test]
fn identical_reports_are_stored_once() {
    let mut store = Store::open_in_memory().unwrap();
    let nov = interchange::import(&mut store, &common::fixture("2024-11-28")).unwrap();
    let n = store.blob_count().unwrap();
    // A file the store has never seen, attached to two items: one blob more, two reports.
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdfs/gs_report.pdf"),
    )
    .unwrap();
    let sha = agendapack::store::sha256_hex(&bytes);
    let known: Vec<String> = store
        .load_meeting(nov)
        .unwrap()
        .meeting
        .items
        .iter()
        .flat_map(|i| i.reports.iter().filter_map(|r| r.sha256.clone()))
        .collect();
    assert!(
        !known.contains(&sha),
        "the test needs a file new to the store"
    );
    for key in ["haf", "work-programme"] {
        store
            .attach_report(
                nov,
                key,
                NewReport {
                    title: "Same report",
                    file_name: "same.pdf",
                    bytes: &bytes,
                    pages: 1,
                    original: None,
                },
            )
            .unwrap();
    }
    assert_eq!(store.blob_count().unwrap(), n + 1, "stored once");
    let m = store.load_meeting(nov).unwrap();
    for key in ["haf", "work-programme"] {
        let (_, item) = m.meeting.item(key).unwrap();
        let r = item.reports.last().unwrap();
        assert_eq!(r.sha256.as_deref(), Some(sha.as_str()), "{key}");
        assert_eq!(store.read_blob(&sha, &r.title, key).unwrap(), bytes);
    }
}

/// The "database unchanged" fingerprint sees a changed value even when no
/// row count changes: a rewritten minute, one flipped byte of a stored file.
#[test]
fn the_fingerprint_sees_changed_content_not_only_row_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let nov = interchange::import(&mut store, &common::fixture("2024-11-28")).unwrap();
    drop(store);
    let before = common::fingerprint(&path);
    assert_eq!(common::fingerprint(&path), before, "stable");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE item SET title = title || '.' WHERE meeting_id = ?1 AND key = 'haf'",
        [nov.0],
    )
    .unwrap();
    let edited = common::fingerprint(&path);
    assert_ne!(edited, before, "an edited title");
    let changed: Vec<_> = edited.iter().filter(|e| !before.contains(e)).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].0.starts_with("item sha256:"), "{changed:?}");
    conn.execute(
        "UPDATE blob SET data = CAST(substr(data, 1, 100) || 'X' || substr(data, 102) AS BLOB)
         WHERE rowid = (SELECT min(rowid) FROM blob)",
        [],
    )
    .unwrap();
    let flipped = common::fingerprint(&path);
    assert_ne!(flipped, edited, "one changed byte of a report");
    assert_eq!(
        flipped.iter().map(|e| e.1).collect::<Vec<_>>(),
        before.iter().map(|e| e.1).collect::<Vec<_>>(),
        "row counts alone would not have seen it"
    );
}

#[test]
fn the_demo_comes_only_to_a_new_database() {
    let mut store = Store::open_in_memory().unwrap();
    agendapack::demo::ensure_loaded(&mut store).unwrap();
    assert_eq!(store.meetings().unwrap().len(), 2);
    agendapack::demo::ensure_loaded(&mut store).unwrap();
    assert_eq!(store.meetings().unwrap().len(), 2);

    // A database in use is left as the clerk has it.
    let mut used = Store::open_in_memory().unwrap();
    interchange::import(&mut used, &common::fixture("2024-11-28")).unwrap();
    agendapack::demo::ensure_loaded(&mut used).unwrap();
    assert_eq!(used.meetings().unwrap().len(), 1);
}
