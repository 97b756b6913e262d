//! The store: opening, migrations, numbering across meetings, stored reports.

mod common;

use agendapack::domain::MeetingId;
use agendapack::interchange;
use agendapack::store::{Store, StoreError, SCHEMA_VERSION};

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
    interchange::import(&mut store, &common::fixture("2024-11-28")).unwrap();
    let n = store.blob_count().unwrap();
    // Importing the same meeting again is refused, and stores nothing new.
    let again = interchange::import(&mut store, &common::fixture("2024-11-28"));
    assert!(again.is_err());
    assert_eq!(store.blob_count().unwrap(), n);
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
