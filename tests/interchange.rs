//! The agendapack.meeting/1 format: round trips, schema, import errors.

mod common;

use agendapack::interchange::{self, InterchangeError};
use agendapack::store::Store;
use std::path::Path;

fn round_trip(date: &str) {
    let dir = tempfile::tempdir().unwrap();
    // The October meeting comes first so November's numbers are right.
    let mut store = Store::open(&dir.path().join("one.sqlite3")).unwrap();
    if date != "2024-10-17" {
        interchange::import(&mut store, &common::fixture("2024-10-17")).unwrap();
    }
    let id = interchange::import(&mut store, &common::fixture(date)).unwrap();
    let first = dir.path().join("a").join(format!("{date}.json"));
    interchange::export(&store, id, &first).unwrap();

    let mut store2 = Store::open(&dir.path().join("two.sqlite3")).unwrap();
    let id2 = interchange::import(&mut store2, &first).unwrap();
    let second = dir.path().join("b").join(format!("{date}.json"));
    interchange::export(&store2, id2, &second).unwrap();

    let a = std::fs::read(&first).unwrap();
    let b = std::fs::read(&second).unwrap();
    assert_eq!(String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
    // The report files too.
    let reports = |p: &Path| {
        let d = p.parent().unwrap().join(format!("{date}-reports"));
        let mut v: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.file_name(), std::fs::read(e.path()).unwrap())
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(reports(&first), reports(&second));
    // Nothing was lost against the hand-written fixture.
    let original = interchange::parse(
        &common::fixture(date),
        &std::fs::read_to_string(common::fixture(date)).unwrap(),
    )
    .unwrap();
    let exported = interchange::parse(&first, &String::from_utf8(a).unwrap()).unwrap();
    assert_eq!(original.meeting.items.len(), exported.meeting.items.len());
    for (o, e) in original.meeting.items.iter().zip(&exported.meeting.items) {
        assert_eq!(o.title, e.title);
        assert_eq!(o.minute, e.minute, "minute of {}", o.key);
        assert_eq!(o.reports.len(), e.reports.len());
    }
    assert_eq!(original.meeting.minutes, exported.meeting.minutes);
    // Export lists the people the committee and meeting mention, unchanged.
    for person in &exported.people {
        assert!(
            original.people.contains(person),
            "{person:?} changed on the way"
        );
    }
    assert_eq!(original.committee, exported.committee);
}

#[test]
fn round_trip_17_october_2024() {
    round_trip("2024-10-17");
}

#[test]
fn round_trip_28_november_2024() {
    round_trip("2024-11-28");
}

#[test]
fn the_checked_in_schema_is_current() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/agendapack.meeting-1.schema.json");
    let generated = interchange::json_schema();
    if std::env::var_os("AGENDAPACK_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "schema/agendapack.meeting-1.schema.json is stale: run `AGENDAPACK_BLESS=1 cargo test --test interchange`"
    );
}

/// Imports a broken copy of a fixture and checks it is refused with a
/// message containing `expect`, and that the database did not change.
fn refused(date: &str, break_it: impl FnOnce(&Path), expect: &[&str]) -> InterchangeError {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    let mut store = Store::open(&db).unwrap();
    interchange::import(&mut store, &common::fixture("2024-10-17")).unwrap();
    let before = common::fingerprint(&db);
    let file = common::copy_fixture(date, &dir.path().join("copy"));
    break_it(&file);
    let err = interchange::import(&mut store, &file).unwrap_err();
    let msg = err.to_string();
    for e in expect {
        assert!(msg.contains(e), "message {msg:?} should contain {e:?}");
    }
    drop(store);
    assert_eq!(
        common::fingerprint(&db),
        before,
        "a failed import must change nothing"
    );
    err
}

fn edit_json(file: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(file, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

#[test]
fn bad_json_is_refused_with_its_position() {
    let err = refused(
        "2024-11-28",
        |f| {
            let mut t = std::fs::read_to_string(f).unwrap();
            t.truncate(t.len() / 2);
            std::fs::write(f, t).unwrap();
        },
        &["2024-11-28.json", "line"],
    );
    assert!(matches!(err, InterchangeError::Json { .. }));
}

#[test]
fn an_unknown_field_is_refused_with_its_json_path() {
    let err = refused(
        "2024-11-28",
        |f| edit_json(f, |v| v["meeting"]["items"][3]["colour"] = "red".into()),
        &["2024-11-28.json", "meeting.items[3]", "colour"],
    );
    assert!(matches!(err, InterchangeError::Json { .. }));
}

#[test]
fn a_missing_report_file_is_refused_naming_file_and_item() {
    let err = refused(
        "2024-11-28",
        |f| {
            let dir = f.parent().unwrap();
            std::fs::remove_file(
                dir.join("reports/2024-11-28/53-social-worker-recruitment-and-retention.pdf"),
            )
            .unwrap();
        },
        &[
            "meeting.items[4].reports[0].file",
            "social-workers",
            "53-social-worker-recruitment-and-retention.pdf",
        ],
    );
    assert!(matches!(err, InterchangeError::Invalid { .. }));
}

#[test]
fn a_report_that_is_not_a_pdf_is_refused() {
    refused(
        "2024-11-28",
        |f| {
            let dir = f.parent().unwrap();
            std::fs::write(
                dir.join("reports/2024-11-28/52-holiday-activities-and-food.pdf"),
                "Dear all,\n",
            )
            .unwrap();
        },
        &["meeting.items[3].reports[0].file", "haf", "not a PDF"],
    );
}

#[test]
fn a_wrong_format_version_is_refused() {
    let err = refused(
        "2024-11-28",
        |f| edit_json(f, |v| v["format"] = "agendapack.meeting/2".into()),
        &["agendapack.meeting/2", "agendapack.meeting/1"],
    );
    assert!(matches!(err, InterchangeError::Format { .. }));
}

#[test]
fn every_inconsistency_is_listed_at_once() {
    let err = refused(
        "2024-11-28",
        |f| {
            edit_json(f, |v| {
                v["meeting"]["items"][1]["key"] = "declarations".into();
                v["meeting"]["items"][8]["counterpart"] = "nowhere".into();
                v["committee"]["members"][0]["person"] = "nobody".into();
            })
        },
        &[
            "meeting.items[1].key",
            "meeting.items[8].counterpart",
            "committee.members[0].person",
            "nobody",
        ],
    );
    match err {
        InterchangeError::Invalid { problems, .. } => assert!(problems.len() >= 3),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_exemption_paragraph_outside_one_to_seven_is_refused() {
    refused(
        "2024-11-28",
        |f| {
            edit_json(f, |v| {
                v["meeting"]["items"][8]["exemption"]["paragraphs"] = serde_json::json!([1, 9])
            })
        },
        &["meeting.items[8].exemption.paragraphs", "paragraph 9"],
    );
}
