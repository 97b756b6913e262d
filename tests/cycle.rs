//! The meeting cycle: new meetings, cross-references, checks, approval and the lock.

mod common;

use agendapack::checks::{self, Severity};
use agendapack::domain::{
    Action, ActionStatus, Attendance, Declaration, InterestKind, ItemKind, MeetingId, MeetingKind,
    MeetingStatus, Presence,
};
use agendapack::store::{NewReport, Store, StoreError};
use agendapack::{crossref, cycle, demo};
use chrono::{NaiveDate, NaiveTime};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ten() -> NaiveTime {
    NaiveTime::from_hms_opt(10, 0, 0).unwrap()
}

fn demo_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    demo::load(&mut store).unwrap();
    store
}

const OCT: MeetingId = MeetingId(1);
const NOV: MeetingId = MeetingId(2);
const COMMITTEE: &str = "Education and Children's Services Scrutiny Board (2)";

#[test]
fn a_new_meeting_after_28_november_numbers_from_58() {
    let mut store = demo_store();
    let id = cycle::new_meeting(
        &mut store,
        COMMITTEE,
        date(2025, 1, 16).and_time(ten()),
        None,
    )
    .unwrap()
    .id;
    let m = store.load_meeting(id).unwrap();
    assert_eq!(m.first_number, 58);
    assert_eq!(m.meeting.venue, "Diamond Room 2 - Council House");
    let (i, minutes) = m.meeting.item("minutes").unwrap();
    assert_eq!(m.number_of(i), 59);
    assert_eq!(
        minutes.sub_items[0],
        "To agree the minutes of the meeting held on 28th November 2024"
    );
    let kinds: Vec<ItemKind> = m.meeting.items.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ItemKind::Declarations,
            ItemKind::Minutes,
            ItemKind::WorkProgramme,
            ItemKind::AnyOtherBusiness
        ]
    );
}

#[test]
fn a_new_meeting_in_a_new_municipal_year_starts_at_1() {
    let mut store = demo_store();
    let id = cycle::new_meeting(
        &mut store,
        COMMITTEE,
        date(2025, 6, 12).and_time(ten()),
        Some("Committee Room 3"),
    )
    .unwrap()
    .id;
    assert_eq!(store.load_meeting(id).unwrap().first_number, 1);
}

#[test]
fn an_unknown_committee_is_named_in_the_error() {
    let mut store = demo_store();
    let err = cycle::new_meeting(
        &mut store,
        "Planning",
        date(2025, 1, 16).and_time(ten()),
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("\"Planning\""), "{err}");
}

#[test]
fn cross_references_render_with_real_numbers_and_survive_moves() {
    let mut store = demo_store();
    let m = store.load_meeting(NOV).unwrap();
    let numbers = |m: &agendapack::store::LoadedMeeting, key: &str| {
        let (i, item) = m.meeting.item(key).unwrap();
        crossref::render(item.minute.as_deref().unwrap(), m.number_of(i), &|k| {
            m.number_of_key(k)
        })
    };
    assert!(numbers(&m, "exclusion").contains("private report in Minute 57 below headed"));
    assert!(numbers(&m, "homes-private").starts_with("Further to Minute 54 above, the Board"));
    // Move the private item up to follow the exclusion item: the numbers follow.
    store.move_item(NOV, "homes-private", 2).unwrap();
    let m = store.load_meeting(NOV).unwrap();
    assert_eq!(m.number_of_key("homes-private"), Some(51));
    assert_eq!(m.number_of_key("homes-public"), Some(55));
    assert!(numbers(&m, "exclusion").contains("private report in Minute 51 below headed"));
    assert!(numbers(&m, "homes-private").starts_with("Further to Minute 55 below, the Board"));
}

#[test]
fn a_dangling_reference_fails_the_check() {
    let mut store = demo_store();
    let today = date(2024, 11, 1);
    let settings = Default::default();
    let before = checks::check(&store.load_meeting(NOV).unwrap(), today, &settings);
    assert!(!checks::has_errors(&before), "{before:?}");
    store.delete_item(NOV, "homes-private").unwrap();
    let after = checks::check(&store.load_meeting(NOV).unwrap(), today, &settings);
    let dangling: Vec<_> = after
        .iter()
        .filter(|f| f.code == "dangling-reference")
        .collect();
    assert_eq!(dangling.len(), 1, "{after:?}");
    assert_eq!(dangling[0].item.as_deref(), Some("exclusion"));
    assert_eq!(dangling[0].number, Some(50));
    assert!(checks::has_errors(&after));
}

#[test]
fn checks_find_what_a_clerk_fears() {
    let mut store = demo_store();
    let id = cycle::new_meeting(
        &mut store,
        COMMITTEE,
        date(2025, 1, 16).and_time(ten()),
        None,
    )
    .unwrap()
    .id;
    let mut item = store.load_meeting(id).unwrap().meeting.items[0].clone();
    item.key = "secret".into();
    item.title = "Contract award".into();
    item.kind = ItemKind::Substantive;
    item.exemption = Some(agendapack::domain::Exemption { paragraphs: vec![] });
    item.late = Some(agendapack::domain::Late { reason: " ".into() });
    store.add_item(id, &item, None).unwrap();
    let findings = checks::check(
        &store.load_meeting(id).unwrap(),
        date(2025, 1, 10),
        &Default::default(),
    );
    let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
    for code in [
        "past-deadline",
        "private-without-paragraph",
        "private-before-exclusion",
        "late-without-reason",
        "missing-report",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let private = findings
        .iter()
        .find(|f| f.code == "private-without-paragraph")
        .unwrap();
    assert_eq!(
        (private.item.as_deref(), private.number),
        (Some("secret"), Some(62))
    );
    assert_eq!(findings[0].severity, Severity::Error);
    // Published on time: no deadline error.
    let ok = checks::check(
        &store.load_meeting(id).unwrap(),
        date(2025, 1, 8),
        &Default::default(),
    );
    assert!(!ok.iter().any(|f| f.code == "past-deadline"), "{ok:?}");
}

#[test]
fn below_quorum_is_an_error_after_the_meeting() {
    let mut store = demo_store();
    let few = vec![
        Attendance {
            person: "ce-thomas".into(),
            presence: Presence::Present,
            substitute_for: None,
            capacity: None,
        },
        Attendance {
            person: "s-hanson".into(),
            presence: Presence::Present,
            substitute_for: None,
            capacity: None,
        },
        Attendance {
            person: "j-birdi".into(),
            presence: Presence::Apologies,
            substitute_for: None,
            capacity: None,
        },
    ];
    store.set_attendance(NOV, &few).unwrap();
    let findings = checks::check(
        &store.load_meeting(NOV).unwrap(),
        date(2024, 12, 1),
        &Default::default(),
    );
    let q = findings
        .iter()
        .find(|f| f.code == "below-quorum")
        .expect("quorum finding");
    assert!(
        q.message
            .contains("only 1 members were present; the quorum is 3"),
        "{}",
        q.message
    );
}

#[test]
fn the_exclusion_resolution_is_drafted_from_the_private_items() {
    let store = demo_store();
    let m = store.load_meeting(NOV).unwrap();
    let draft = cycle::exclusion_resolution(&m).unwrap();
    let rendered = crossref::render(&draft, 50, &|k| m.number_of_key(k));
    assert!(
        rendered.contains("Minute 57 below headed ‘Homes for Children in Care - Update Report’"),
        "{rendered}"
    );
    assert!(rendered.contains("paragraph 1: Information relating to any individual; paragraph 3:"));
    assert!(rendered.contains("paragraph 3: Information relating to the financial or business affairs of any particular person (including the authority holding that information)."));
    assert!(rendered.contains("The public interest in maintaining the exemption under Schedule 12A outweighs the public interest in disclosing the information."));
    assert!(
        !rendered.contains("Placement Commissioning"),
        "the private title must not appear"
    );
    let oct = store.load_meeting(OCT).unwrap();
    assert!(cycle::exclusion_resolution(&oct).is_none());
}

/// Issue 14: the draft printed "…any enactment.; paragraph 7" — the
/// statutory wording's own full stop before the semicolon of the list.
#[test]
fn issue_14_exclusion_draft_has_no_double_punctuation() {
    let mut store = demo_store();
    let mut item = store
        .load_meeting(NOV)
        .unwrap()
        .meeting
        .item("homes-private")
        .unwrap()
        .1
        .clone();
    item.exemption = Some(agendapack::domain::Exemption {
        paragraphs: [6, 7, 1]
            .into_iter()
            .map(|p| agendapack::domain::Paragraph::try_from(p).unwrap())
            .collect(),
    });
    store.update_item(NOV, "homes-private", &item).unwrap();
    let m = store.load_meeting(NOV).unwrap();
    let draft = cycle::exclusion_resolution(&m).unwrap();
    for bad in [".;", ";;", "..", ".\u{2019}.", "; ."] {
        assert!(!draft.contains(bad), "{bad:?} in {draft}");
    }
    assert!(
        draft.contains("any enactment; paragraph 7: Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime.\n"),
        "{draft}"
    );
    assert!(draft.contains("paragraph 1: Information relating to any individual; paragraph 6:"));
}

#[test]
fn minutes_are_approved_only_at_a_later_ordinary_meeting() {
    let mut store = demo_store();
    let extra = store
        .create_meeting(
            COMMITTEE,
            date(2024, 12, 5).and_time(ten()),
            "Council Chamber",
            MeetingKind::Extraordinary,
            &[],
        )
        .unwrap();
    let err = cycle::approve(&mut store, NOV, extra, "Councillor CE Thomas")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("extraordinary meeting") && err.contains("not a suitable meeting"),
        "{err}"
    );
    let err = cycle::approve(&mut store, NOV, OCT, "Councillor CE Thomas")
        .unwrap_err()
        .to_string();
    assert!(err.contains("not later"), "{err}");
    let err = cycle::approve(&mut store, OCT, NOV, "Councillor CE Thomas")
        .unwrap_err()
        .to_string();
    assert!(err.contains("already approved"), "{err}");
    let jan = cycle::new_meeting(
        &mut store,
        COMMITTEE,
        date(2025, 1, 16).and_time(ten()),
        None,
    )
    .unwrap()
    .id;
    cycle::approve(&mut store, NOV, jan, "Councillor CE Thomas").unwrap();
    let m = store.load_meeting(NOV).unwrap();
    assert_eq!(m.meeting.status, MeetingStatus::MinutesApproved);
    let approval = m.meeting.minutes.unwrap().approval.unwrap();
    assert_eq!(
        (approval.approved_on, approval.chair.as_str()),
        (date(2025, 1, 16), "Councillor CE Thomas")
    );
}

/// Every write path of the core API refuses to touch a meeting whose minutes
/// are approved, and leaves the database as it was.
#[test]
fn approved_minutes_are_locked_on_every_write_path() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lock.sqlite3");
    let mut store = Store::open(&db).unwrap();
    demo::load(&mut store).unwrap();
    let pdf =
        std::fs::read(common::meetings_dir().join("reports/2024-11-28/55-work-programme.pdf"))
            .unwrap();
    let before = common::fingerprint(&db);
    let snapshot = store.load_meeting(OCT).unwrap();
    let item = snapshot.meeting.items[2].clone();
    let locked = |r: Result<(), StoreError>, what: &str| match r {
        Err(StoreError::Locked { .. }) => {}
        other => panic!("{what}: expected Locked, got {other:?}"),
    };
    locked(
        store.add_item(
            OCT,
            &agendapack::domain::AgendaItem {
                key: "new".into(),
                ..item.clone()
            },
            None,
        ),
        "add_item",
    );
    locked(
        store.update_item(
            OCT,
            &item.key,
            &agendapack::domain::AgendaItem {
                title: "x".into(),
                ..item.clone()
            },
        ),
        "update_item",
    );
    locked(
        store.set_minute(OCT, &item.key, Some("rewritten")),
        "set_minute",
    );
    locked(store.move_item(OCT, &item.key, 0), "move_item");
    locked(store.delete_item(OCT, &item.key).map(|_| ()), "delete_item");
    locked(
        store.attach_report(
            OCT,
            &item.key,
            NewReport {
                title: "t",
                file_name: "f.pdf",
                bytes: &pdf,
                pages: 1,
                original: None,
            },
        ),
        "attach_report",
    );
    locked(store.remove_report(OCT, &item.key, 0), "remove_report");
    locked(store.set_attendance(OCT, &[]), "set_attendance");
    locked(
        store.add_declaration(
            OCT,
            &Declaration {
                person: "ce-thomas".into(),
                item: item.key.clone(),
                interest: InterestKind::OtherRegistrable,
                note: "n".into(),
            },
        ),
        "add_declaration",
    );
    locked(
        store.add_action(
            OCT,
            &Action {
                item: item.key.clone(),
                text: "t".into(),
                owner: None,
                due: None,
                status: ActionStatus::Open,
            },
        ),
        "add_action",
    );
    locked(
        store.set_closed_at(OCT, NaiveTime::from_hms_opt(13, 0, 0)),
        "set_closed_at",
    );
    locked(store.set_venue(OCT, "Elsewhere"), "set_venue");
    locked(store.set_status(OCT, MeetingStatus::Draft), "set_status");
    locked(store.set_first_number(OCT, Some(1)), "set_first_number");
    locked(
        store.mark_published(OCT, date(2024, 10, 9), 43),
        "mark_published",
    );
    locked(
        store.record_approval(OCT, NOV, date(2024, 11, 28), "Someone else"),
        "record_approval",
    );
    // Tracking actions after the meeting is still allowed.
    store.set_action_status(OCT, 3, ActionStatus::Done).unwrap();
    store.set_action_status(OCT, 3, ActionStatus::Open).unwrap();
    drop(store);
    assert_eq!(common::fingerprint(&db), before);
    // Even SQL written behind the store's back is refused by the database.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let err = conn
        .execute("UPDATE item SET minute = 'forged' WHERE meeting_id = 1", [])
        .unwrap_err();
    assert!(err.to_string().contains("AGENDAPACK_LOCKED"), "{err}");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.load_meeting(OCT).unwrap().meeting, snapshot.meeting);
}

#[test]
fn deleting_an_item_can_be_undone() {
    let mut store = demo_store();
    let before = store.load_meeting(NOV).unwrap();
    let (index, item) = store.delete_item(NOV, "haf").unwrap();
    assert_eq!(
        store
            .load_meeting(NOV)
            .unwrap()
            .number_of_key("social-workers"),
        Some(52)
    );
    store.restore_item(NOV, index, &item).unwrap();
    let after = store.load_meeting(NOV).unwrap();
    assert_eq!(after.meeting, before.meeting);
}

#[test]
fn an_older_database_is_backed_up_before_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    agendapack::store::create_at_version(&path, 1).unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO council (id, name) VALUES (1, 'Old Council')",
            [],
        )
        .unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        agendapack::store::SCHEMA_VERSION
    );
    let backup = dir.path().join("old.sqlite3.before-v2.bak");
    assert!(backup.exists(), "backup missing");
    let conn = rusqlite::Connection::open(&backup).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM council", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Old Council");
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1, "the backup is the database as it was");
}

/// The lifecycle is kept by the core itself, not only by the CLI and the
/// shell: draft → published → held → minutes drafted → approved (only by the
/// approval, at a later ordinary meeting) → signed.
#[test]
fn the_store_keeps_the_lifecycle_whoever_calls_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("life.sqlite3");
    let mut store = Store::open(&db).unwrap();
    demo::load(&mut store).unwrap();
    let jan = cycle::new_meeting(
        &mut store,
        COMMITTEE,
        date(2025, 1, 16).and_time(ten()),
        None,
    )
    .unwrap()
    .id;
    let extra = store
        .create_meeting(
            COMMITTEE,
            date(2024, 12, 5).and_time(ten()),
            "Council Chamber",
            MeetingKind::Extraordinary,
            &[],
        )
        .unwrap();
    let before = common::fingerprint(&db);
    let refused = |r: Result<(), StoreError>, what: &str| -> String {
        match r {
            Err(StoreError::Refused(msg)) => msg,
            other => panic!("{what}: expected Refused, got {other:?}"),
        }
    };
    // NOV's minutes are drafted: nobody may mark them approved or signed directly.
    for target in [MeetingStatus::MinutesApproved, MeetingStatus::Signed] {
        let msg = refused(store.set_status(NOV, target), target.as_str());
        assert!(
            msg.contains("meeting 2 (Thursday, 28th November, 2024)")
                && msg.contains(&format!(
                    "mark meeting 2 (Thursday, 28th November, 2024) {target}"
                ))
                && msg.contains("it is minutes-drafted"),
            "{msg}"
        );
    }
    let issued = agendapack::store::Issued {
        kind: "signed-minutes".into(),
        issued_on: date(2024, 12, 1),
        file_name: "forged.pdf".into(),
        sha256: String::new(),
        pages: 1,
        bytes: 5,
    };
    let msg = refused(
        store.record_signed_minutes(NOV, &issued, b"%PDF-"),
        "record_signed_minutes",
    );
    assert!(
        msg.contains("meeting 2") && msg.contains("minutes-drafted") && msg.contains("approved"),
        "{msg}"
    );
    refused(store.record_signature(NOV, "00"), "record_signature");
    // Minutes are drafted only once the meeting is held.
    let msg = refused(
        store.set_status(jan, MeetingStatus::MinutesDrafted),
        "draft to minutes-drafted",
    );
    assert!(
        msg.contains("Thursday, 16th January, 2025")
            && msg.contains("it is draft")
            && msg.contains("held"),
        "{msg}"
    );
    // The approval path itself is checked in the store, not only in `cycle::approve`.
    let msg = refused(
        store.record_approval(jan, NOV, date(2025, 1, 16), "Councillor CE Thomas"),
        "approve a draft meeting",
    );
    assert!(msg.contains("not been held"), "{msg}");
    let msg = refused(
        store.record_approval(NOV, extra, date(2024, 12, 5), "Councillor CE Thomas"),
        "approve at an extraordinary meeting",
    );
    assert!(
        msg.contains("extraordinary meeting") && msg.contains("not a suitable meeting"),
        "{msg}"
    );
    let msg = refused(
        store.record_approval(NOV, OCT, date(2024, 10, 17), "Councillor CE Thomas"),
        "approve at an earlier meeting",
    );
    assert!(msg.contains("not later"), "{msg}");
    let msg = refused(
        store.record_approval(NOV, jan, date(2025, 1, 16), "  "),
        "approve without a chair",
    );
    assert!(msg.contains("chair"), "{msg}");
    drop(store);
    assert_eq!(common::fingerprint(&db), before, "refusals change nothing");

    // The legal path, forward and (while unlocked) back.
    let mut store = Store::open(&db).unwrap();
    for st in [
        MeetingStatus::Published,
        MeetingStatus::Held,
        MeetingStatus::MinutesDrafted,
        MeetingStatus::Held,
        MeetingStatus::Draft,
        MeetingStatus::Held,
    ] {
        store.set_status(jan, st).unwrap();
        assert_eq!(store.load_meeting(jan).unwrap().meeting.status, st);
    }
    cycle::approve(&mut store, NOV, jan, "Councillor CE Thomas").unwrap();
    assert_eq!(
        store.load_meeting(NOV).unwrap().meeting.status,
        MeetingStatus::MinutesApproved
    );
    // Once approved it does not move, except to signed by the signed minutes.
    match store.set_status(NOV, MeetingStatus::MinutesDrafted) {
        Err(StoreError::Locked { context }) => assert!(
            context.contains("meeting 2") && context.contains("minutes-approved"),
            "{context}"
        ),
        other => panic!("expected Locked, got {other:?}"),
    }
    assert!(
        matches!(
            store.set_status(NOV, MeetingStatus::Signed),
            Err(StoreError::Locked { .. })
        ),
        "signed by status"
    );
    agendapack::publish::signed_minutes(&mut store, NOV).unwrap();
    assert_eq!(
        store.load_meeting(NOV).unwrap().meeting.status,
        MeetingStatus::Signed
    );
}
