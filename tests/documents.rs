//! Our own pages, read back: the agenda front sheet and the minutes of both
//! reference meetings. Snapshots are rewritten with AGENDAPACK_BLESS=1.

mod common;

use agendapack::domain::MeetingId;
use agendapack::store::Store;
use agendapack::{demo, publish};
use common::pdf;
use std::path::{Path, PathBuf};

const OCT: MeetingId = MeetingId(1);
const NOV: MeetingId = MeetingId(2);

fn store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    demo::load(&mut s).unwrap();
    s
}

fn scratch() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("documents");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let p = scratch().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn agenda(id: MeetingId) -> Vec<u8> {
    publish::agenda_pdf(&store(), id, &Default::default())
        .unwrap()
        .bytes
}

fn minutes(id: MeetingId) -> Vec<u8> {
    publish::minutes_pdf(&store(), id).unwrap().bytes
}

fn well_formed(pdf: &Path) {
    pdf::qpdf_check(pdf);
    pdf::fonts_embedded_subset(pdf);
}

#[test]
fn agenda_of_28_november_2024() {
    let bytes = agenda(NOV);
    assert_eq!(bytes, agenda(NOV), "two runs give identical bytes");
    let path = write("agenda-2024-11-28.pdf", &bytes);
    well_formed(&path);
    let text = pdf::text_layout(&path);
    pdf::compare_or_bless(
        &text,
        &pdf::snapshot_dir("documents").join("agenda-2024-11-28.txt"),
        &scratch(),
    );
    for needle in [
        "Coventry City Council",
        "Education and Children's Services Scrutiny Board (2)",
        "Thursday, 28th November, 2024 at 10.00 am",
        "Diamond Room 2 - Council House",
        "Public Business",
        "49. Declarations of Interests",
        "(a) To agree the minutes of the meeting held on 17th October 2024",
        "Briefing Note of the Director of Children and Education",
        "Private Business",
        "57. Homes for Children in Care - Update Report",
        "paragraphs 1, 3 of Part 1 of Schedule 12A",
        "tom.robinson@coventry.gov.uk",
        "Councillors CE Thomas (Chair)",
    ] {
        assert!(text.contains(needle), "agenda lacks {needle:?}:\n{text}");
    }
    assert!(
        !text.contains("Placement Commissioning"),
        "the public agenda must not show the private title"
    );
    assert_eq!(
        pdf::info(&path, "Title"),
        "Agenda – Education and Children's Services Scrutiny Board (2) – 28 November 2024"
    );
    assert_eq!(pdf::info(&path, "Author"), "Coventry City Council");
    pdf::png_matches(
        &path,
        1,
        &pdf::snapshot_dir("documents").join("agenda-2024-11-28-p1.png"),
        &scratch(),
        0.02,
    );
}

#[test]
fn agenda_of_17_october_2024() {
    let path = write("agenda-2024-10-17.pdf", &agenda(OCT));
    well_formed(&path);
    let text = pdf::text_layout(&path);
    pdf::compare_or_bless(
        &text,
        &pdf::snapshot_dir("documents").join("agenda-2024-10-17.txt"),
        &scratch(),
    );
    assert!(text.contains("Thursday, 17th October, 2024 at 10.00 am"));
    assert!(!text.contains("Private Business"));
}

/// The acceptance check of the typesetting issue: minutes 43–48 in order,
/// the chair, the substitute, the RESOLVED points 1) to 6), the closing time.
#[test]
fn minutes_of_17_october_2024() {
    let bytes = minutes(OCT);
    assert_eq!(bytes, minutes(OCT), "two runs give identical bytes");
    let path = write("minutes-2024-10-17.pdf", &bytes);
    well_formed(&path);
    let layout = pdf::text_layout(&path);
    pdf::compare_or_bless(
        &layout,
        &pdf::snapshot_dir("documents").join("minutes-2024-10-17.txt"),
        &scratch(),
    );
    let text = pdf::text(&path);
    let in_order = [
        "Minutes of the Meeting of Education and Children's Services Scrutiny Board (2)",
        "held at 10.00 am on Thursday, 17 October 2024",
        "Councillor CE Thomas (Chair)",
        "Councillor J Lepoidevin (Substitute for Councillor Gardiner)",
        "S Hanson, D Jackson and G Vohra",
        "Councillor P Seaman, Cabinet Member for Children and Young People",
        "Children's Services:",
        "Councillors J Gardiner and A Tucker",
        "Public Business",
        "43. Declarations of Interests",
        "Further to Minute 46 below",
        "44. Minutes",
        "45. Family Valued and Reunification Project",
        "RESOLVED that the Scrutiny Board:", // pdftotext drops the line-final "-"
        "1) Notes the Briefing Note",
        "2) Notes, welcomes and supports",
        "3) Notes the challenges",
        "4) Requests that the following information be circulated",
        "The ethnic profile of children involved in the Reunification Project",
        "5) Requests that sickness levels",
        "6) Requests that the Scrutiny Board's thanks",
        "46. Child Friendly Cov",
        "47. Work Programme",
        "48. Any Other Items of Public Business",
        "(Meeting closed at 12.20pm)",
    ];
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut at = 0;
    for needle in in_order {
        let found = flat[at..].find(needle).unwrap_or_else(|| {
            panic!("{needle:?} missing or out of order after byte {at}:\n{flat}")
        });
        at += found + needle.len();
    }
    assert!(layout.contains("Page 1 of"), "pages are numbered");
    pdf::png_matches(
        &path,
        1,
        &pdf::snapshot_dir("documents").join("minutes-2024-10-17-p1.png"),
        &scratch(),
        0.02,
    );
}

#[test]
fn minutes_of_28_november_2024_resolve_cross_references() {
    let path = write("minutes-2024-11-28.pdf", &minutes(NOV));
    well_formed(&path);
    let text = pdf::text(&path)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    pdf::compare_or_bless(
        &pdf::text_layout(&path),
        &pdf::snapshot_dir("documents").join("minutes-2024-11-28.txt"),
        &scratch(),
    );
    assert!(
        text.contains("relating to the private report in Minute 57 below headed"),
        "{text}"
    );
    assert!(
        text.contains("Further to Minute 54 above, the Board"),
        "{text}"
    );
    assert!(!text.contains("[[item:"), "no raw references");
    assert!(
        !text.contains("Placement Commissioning"),
        "public minutes use public titles"
    );
}

#[test]
fn signed_minutes_have_initials_on_every_page_and_a_signature_block() {
    let mut s = store();
    let bytes = publish::signed_minutes(&mut s, OCT).unwrap();
    let again = publish::signed_minutes(&mut s, OCT).unwrap();
    assert_eq!(bytes, again, "the signed minutes are issued once and kept");
    let path = write("signed-2024-10-17.pdf", &bytes);
    well_formed(&path);
    let n = pdf::pages(&path);
    assert!(n >= 2);
    for page in 1..=n {
        let t = pdf::page_text(&path, page);
        assert!(
            t.contains(&format!("Page {page} of {n}")),
            "page {page} numbered:\n{t}"
        );
        assert!(
            t.contains("Chair's initials"),
            "page {page} has the initials box"
        );
    }
    let last = pdf::page_text(&path, n);
    assert!(last.contains("Councillor CE Thomas"), "{last}");
    assert!(last.contains("28th November 2024"), "{last}");
    let v = publish::verify_signed(&s, &bytes).unwrap();
    assert_eq!(v.chair, "Councillor CE Thomas");
    let mut altered = bytes.clone();
    let mid = altered.len() / 2;
    altered[mid] ^= 0x01;
    let err = publish::verify_signed(&s, &altered)
        .unwrap_err()
        .to_string();
    assert!(err.contains("altered"), "{err}");
}

#[test]
fn minutes_need_approval_before_signing() {
    let mut s = store();
    let err = publish::signed_minutes(&mut s, NOV)
        .unwrap_err()
        .to_string();
    assert!(err.contains("not been approved"), "{err}");
}
