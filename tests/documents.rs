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

/// Fraction of pixels a page may differ (by more than 10% grey) from its PNG
/// reference. The references are stored in 16 grey levels, which alone
/// accounts for 0.1–0.6% of pixels on these pages (measured); a moved block
/// or a reflowed paragraph changes several percent. Text changes are caught
/// by the text snapshots. Raise it only if a poppler upgrade shifts glyph
/// rasterisation, and say so.
const PNG_TOLERANCE: f64 = 0.0075;

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
        PNG_TOLERANCE,
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
        PNG_TOLERANCE,
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
    // That one is the private item's minute: only the private minutes have
    // it (public_minutes_leave_out_exempt_parts_and_private_minutes_keep_them).
    assert!(
        !text.contains("Further to Minute 54 above, the Board"),
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

/// Same meeting, same bytes: all four documents, built twice in one process
/// and written by two separate runs of the binary (each with its own demo
/// database), are identical to the byte.
#[test]
fn every_document_is_deterministic_in_process_and_across_cli_runs() {
    let mut in_process = Vec::new();
    for (id, name) in [(OCT, "2024-10-17"), (NOV, "2024-11-28")] {
        for (kind, build) in [
            ("agenda", agenda as fn(MeetingId) -> Vec<u8>),
            ("minutes", minutes as fn(MeetingId) -> Vec<u8>),
        ] {
            let first = build(id);
            assert_eq!(first, build(id), "{kind} of {name}: two builds differ");
            in_process.push((format!("{kind}-{name}"), id, kind, first));
        }
    }
    let cli_run = |run: u32| {
        let dir = scratch().join(format!("cli-run-{run}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("demo.sqlite3");
        let bin = env!("CARGO_BIN_EXE_agendapack");
        let go = |args: &[&str]| {
            let out = std::process::Command::new(bin)
                .arg("--db")
                .arg(&db)
                .args(args)
                .env_remove("AGENDAPACK_DB")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "agendapack {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        go(&["demo"]);
        let mut files = Vec::new();
        for (label, id, kind, _) in &in_process {
            let file = dir.join(format!("{label}.pdf"));
            go(&[kind, &id.0.to_string(), "-o", file.to_str().unwrap()]);
            files.push(std::fs::read(&file).unwrap());
        }
        files
    };
    let (one, two) = (cli_run(1), cli_run(2));
    for (((label, _, _, lib), a), b) in in_process.iter().zip(&one).zip(&two) {
        assert_eq!(a, b, "{label}: two CLI runs differ");
        assert_eq!(a, lib, "{label}: the CLI and the library differ");
    }
}

/// The outline (bookmarks) of a PDF as (level, title, page), depth first.
fn outline(path: &Path) -> Vec<(u32, String, u64)> {
    let json: serde_json::Value = serde_json::from_str(&pdf::run(
        "qpdf",
        &["--json", "--json-key=outlines", path.to_str().unwrap()],
    ))
    .unwrap();
    fn walk(level: u32, items: &serde_json::Value, out: &mut Vec<(u32, String, u64)>) {
        for o in items.as_array().into_iter().flatten() {
            out.push((
                level,
                o["title"].as_str().unwrap_or_default().to_string(),
                o["destpageposfrom1"].as_u64().unwrap_or(0),
            ));
            walk(level + 1, &o["kids"], out);
        }
    }
    let mut out = Vec::new();
    walk(1, &json["outlines"], &mut out);
    out
}

/// The catalog of the real papers: /Lang en-GB, DisplayDocTitle, and on the
/// agenda a bookmark per item (number and title) under "Public Business" /
/// "Private Business", pointing at the page the item is on.
#[test]
fn real_papers_have_language_title_display_and_item_bookmarks() {
    let s = store();
    for (id, name) in [(OCT, "2024-10-17"), (NOV, "2024-11-28")] {
        let m = s.load_meeting(id).unwrap();
        let a = write(&format!("outline-agenda-{name}.pdf"), &agenda(id));
        let mi = write(&format!("outline-minutes-{name}.pdf"), &minutes(id));
        for path in [&a, &mi] {
            let raw = String::from_utf8_lossy(&pdf::raw_qdf(path, &scratch())).into_owned();
            assert!(
                raw.contains("/Lang (en-GB)"),
                "{}: no /Lang",
                path.display()
            );
            assert!(
                raw.contains("/DisplayDocTitle true"),
                "{}: no DisplayDocTitle",
                path.display()
            );
        }
        let mut expected = Vec::new();
        let mut section = "";
        for (i, item) in m.meeting.items.iter().enumerate() {
            if item.business() != section {
                section = item.business();
                expected.push((1, section.to_string()));
            }
            expected.push((2, format!("{}. {}", m.number_of(i), item.title)));
        }
        let got = outline(&a);
        assert_eq!(
            got.iter()
                .map(|(l, t, _)| (*l, t.clone()))
                .collect::<Vec<_>>(),
            expected,
            "agenda of {name}"
        );
        for (_, title, page) in &got {
            let text = pdf::page_text(&a, *page as u32)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                text.contains(title.as_str()),
                "{title:?} is not on page {page}"
            );
        }
        // The minutes have one bookmark per minute.
        let minute_marks: Vec<String> = outline(&mi).into_iter().map(|(_, t, _)| t).collect();
        for (i, item) in m.meeting.items.iter().enumerate() {
            let want = format!("{}. {}", m.number_of(i), item.title);
            assert!(
                minute_marks.contains(&want),
                "minutes of {name} lack bookmark {want:?}"
            );
        }
    }
    let nov = outline(&scratch().join("outline-agenda-2024-11-28.pdf"));
    assert_eq!(nov[1], (2, "49. Declarations of Interests".into(), 1));
    assert!(nov.contains(&(1, "Private Business".into(), 1)));
    assert_eq!(
        nov.last().unwrap().1,
        "57. Homes for Children in Care - Update Report",
        "the public agenda bookmarks the public title"
    );
}

/// s100C: the public minutes show a private item by its public title and the
/// statutory notice only; the private minutes carry the full record, marked.
#[test]
fn public_minutes_leave_out_exempt_parts_and_private_minutes_keep_them() {
    let s = store();
    let public = write("minutes-public-2024-11-28.pdf", &minutes(NOV));
    let text = pdf::text(&public)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("57. Homes for Children in Care - Update Report Not for publication by virtue of paragraphs 1, 3 of Part 1 of Schedule 12A of the Local Government Act 1972"),
        "{text}"
    );
    for secret in [
        "commercially confidential",
        "Placement Commissioning",
        "PRIVATE",
    ] {
        assert!(!text.contains(secret), "public minutes show {secret:?}");
    }
    // The public business is all still there.
    assert!(text.contains("Further to Minute 54 above") || text.contains("52. Coventry Holiday"));

    let bytes = publish::private_minutes_pdf(&s, NOV).unwrap().bytes;
    assert_eq!(bytes, publish::private_minutes_pdf(&s, NOV).unwrap().bytes);
    let private = write("minutes-private-2024-11-28.pdf", &bytes);
    well_formed(&private);
    let text = pdf::text(&private)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("57. Homes for Children in Care – Placement Commissioning and Costs"),
        "{text}"
    );
    assert!(
        text.contains("personal and commercially confidential matters"),
        "{text}"
    );
    assert!(
        text.contains("Further to Minute 54 above, the Board received"),
        "{text}"
    );
    let n = pdf::pages(&private);
    for page in 1..=n {
        assert!(
            pdf::page_text(&private, page).contains("PRIVATE – NOT FOR PUBLICATION"),
            "private minutes page {page} is not marked"
        );
    }
    assert_eq!(
        pdf::info(&private, "Title"),
        "Minutes (Private) – Education and Children's Services Scrutiny Board (2) – 28 November 2024"
    );
}

/// The CLI writes the private minutes with --private.
#[test]
fn cli_writes_private_minutes() {
    let dir = scratch().join("cli-private");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("demo.sqlite3");
    let bin = env!("CARGO_BIN_EXE_agendapack");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("AGENDAPACK_DB")
            .output()
            .unwrap()
    };
    assert!(run(&["demo"]).status.success());
    let file = dir.join("private.pdf");
    let out = run(&["minutes", "2", "--private", "-o", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdf::text(&file);
    assert!(text.contains("PRIVATE – NOT FOR PUBLICATION"), "{text}");
    assert!(text.contains("commercially confidential"), "{text}");
    let both = run(&[
        "minutes",
        "2",
        "--private",
        "--signed",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(
        !both.status.success(),
        "--private and --signed are one or the other"
    );
}

/// Page 1 of the agenda and of the minutes has no running header or footer
/// (the reference minutes have none); later pages do.
#[test]
fn first_pages_have_no_running_header() {
    let a = write("header-agenda-2024-11-28.pdf", &agenda(NOV));
    let p1 = pdf::page_text(&a, 1);
    assert!(!p1.contains("Scrutiny Board (2) – Thursday"), "{p1}");
    assert!(!p1.contains("Page 1"), "{p1}");
    let mi = write("header-minutes-2024-10-17.pdf", &minutes(OCT));
    let p1 = pdf::page_text(&mi, 1);
    assert!(
        !p1.contains("Scrutiny Board (2) – Thursday, 17 October 2024"),
        "{p1}"
    );
    // The footer stays: the minutes' leaves are numbered (and, signed, initialled).
    assert!(p1.contains("Page 1 of"), "{p1}");
    let p2 = pdf::page_text(&mi, 2);
    assert!(
        p2.contains("Scrutiny Board (2) – Thursday, 17 October 2024"),
        "{p2}"
    );
    assert!(
        p2.contains(&format!("Page 2 of {}", pdf::pages(&mi))),
        "{p2}"
    );
}

/// The typography points found against the real papers.
#[test]
fn typography_follows_the_reference_papers() {
    let s = store();
    for (id, name) in [(OCT, "2024-10-17"), (NOV, "2024-11-28")] {
        let m = s.load_meeting(id).unwrap();
        for (kind, bytes) in [("agenda", agenda(id)), ("minutes", minutes(id))] {
            let path = write(&format!("typo-{kind}-{name}.pdf"), &bytes);
            let layout = pdf::text_layout(&path);
            // (a) "(2)" never starts a line of its own.
            assert!(
                !layout.lines().any(|l| l.trim_start().starts_with("(2)")),
                "{kind} of {name}: \"(2)\" broken from its word:\n{layout}"
            );
            // (b) every name present is on one line: initials stay with surnames.
            let lines: Vec<String> = layout
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            let flat = lines.join(" ");
            for p in &m.people {
                if flat.contains(&p.name) {
                    assert!(
                        lines.iter().any(|l| l.contains(&p.name)),
                        "{kind} of {name}: {:?} split across lines:\n{layout}",
                        p.name
                    );
                }
            }
        }
    }
    let nov = write("typo-agenda-nov.pdf", &agenda(NOV));
    let text = pdf::text(&nov)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // (c) the statutory form.
    assert!(!text.contains("Listed as private business"), "{text}");
    assert!(text.contains(
        "Not for publication by virtue of paragraphs 1, 3 of Part 1 of Schedule 12A of the Local Government Act 1972"
    ));
    // (d) one date style on the agenda.
    assert!(
        text.contains("Published on Wednesday, 20th November, 2024"),
        "{text}"
    );
    assert!(!text.contains("20 November 2024"), "{text}");
    // (e) one page, no invented boilerplate.
    assert_eq!(
        pdf::pages(&nov),
        1,
        "the November front sheet fits one page"
    );
    assert!(!text.contains("hearing loop"), "{text}");
    // (g) second-level points of a RESOLVED list are bulleted, as printed.
    let oct = write("typo-minutes-oct.pdf", &minutes(OCT));
    let layout = pdf::text_layout(&oct)
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        layout.contains("• The ethnic profile of children involved in the Reunification Project"),
        "{layout}"
    );
    assert!(!layout.contains("– The ethnic profile"), "{layout}");
}

/// The November front sheet is one page in every edition, page ranges and
/// the private marking included (it used to spill the membership onto a
/// page of its own).
#[test]
fn front_sheets_of_the_packs_fit_one_page() {
    let s = store();
    for kind in [publish::PackKind::Public, publish::PackKind::Private] {
        let pack = publish::build_pack(&s, NOV, kind, &Default::default()).unwrap();
        assert_eq!(pack.front_pages, 1, "{kind:?} pack front sheet");
        let path = write(&format!("front-{kind:?}.pdf"), &pack.bytes);
        let p1 = pdf::page_text(&path, 1);
        assert!(p1.contains("Membership:"), "{kind:?}: {p1}");
        assert_eq!(
            p1.contains("PRIVATE – NOT FOR PUBLICATION"),
            kind == publish::PackKind::Private,
            "{kind:?}: {p1}"
        );
    }
}
