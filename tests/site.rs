//! `agendapack site DIR`, run for real on the demo council: every link
//! resolves, nothing of a private item is anywhere in the folder (PDFs'
//! decoded text included), the 28 November 2024 page follows the reference
//! page, sizes match the files, a re-run changes nothing, and a meeting no
//! longer public is removed.

mod common;

use agendapack::documents::text::human_size;
use agendapack::typeset::{
    self,
    model::{Block, Document, Heading, Metadata, Paragraph},
};
use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

fn cli(db: &Path) -> Command {
    let mut c = Command::cargo_bin("agendapack").unwrap();
    c.arg("--db").arg(db).env_remove("AGENDAPACK_DB");
    c
}

fn run(db: &Path, args: &[&str]) -> String {
    let out = cli(db)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// What only a private item carries: its key, private title, report text,
/// report metadata, report file name and title, and minute — plus the demo's
/// own private item's distinctive words.
const CANARIES: &[&str] = &[
    "qzxkey",
    "QZXPRIVATETITLE",
    "QZXREPORTTEXT",
    "QZXREPORTMETA",
    "QZXOUTLINE",
    "QZXFILENAME",
    "QZXREPORTTITLE",
    "QZXMINUTE",
    "Kestrel Lodge",
    "Placement Commissioning",
    "commercially confidential",
    "homes-private",
];

fn canary_pdf(dir: &Path) -> PathBuf {
    let mut doc = Document::new(Metadata {
        title: "Valuation QZXREPORTMETA".into(),
        author: "QZXREPORTMETA".into(),
        subject: "QZXREPORTMETA".into(),
        keywords: vec!["QZXREPORTMETA".into()],
        language: "en-GB".into(),
        created: chrono::NaiveDate::from_ymd_opt(2024, 11, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
    });
    doc.blocks = vec![
        Block::Heading(Heading::new(1, "Section QZXOUTLINE")),
        Block::Paragraph(Paragraph::plain("The exempt valuation is QZXREPORTTEXT.")),
    ];
    let path = dir.join("QZXFILENAME.pdf");
    std::fs::write(&path, typeset::render(&doc).unwrap().bytes).unwrap();
    path
}

/// The demo council, with a second private item on 28 November carrying a
/// canary in every private place.
fn demo_with_canaries(dir: &Path) -> PathBuf {
    let db = dir.join("site.sqlite3");
    run(&db, &["demo"]);
    let added = run(
        &db,
        &[
            "add-item",
            "2",
            "--title",
            "Land Transaction",
            "--key",
            "qzxkey-sale",
            "--purpose",
            "Report of the Director of Property Services",
            "--private",
            "3",
        ],
    );
    assert!(added.starts_with("58 "), "{added}");
    run(
        &db,
        &[
            "edit-item",
            "2",
            "58",
            "--private-title",
            "Sale of QZXPRIVATETITLE Depot",
        ],
    );
    let pdf = canary_pdf(dir);
    run(
        &db,
        &[
            "attach",
            "2",
            "58",
            pdf.to_str().unwrap(),
            "--title",
            "QZXREPORTTITLE",
        ],
    );
    run(
        &db,
        &[
            "minute",
            "2",
            "58",
            "--text",
            "The Board agreed the sale for QZXMINUTE.",
        ],
    );
    db
}

fn build_site(db: &Path, out: &Path) -> String {
    run(
        db,
        &["site", out.to_str().unwrap(), "--today", "2024-11-01"],
    )
}

/// Every file under `dir`, relative, with `/`.
fn files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, d: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(
                    p.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn mtimes(dir: &Path) -> BTreeMap<String, SystemTime> {
    files(dir)
        .into_iter()
        .map(|f| {
            let t = std::fs::metadata(dir.join(&f)).unwrap().modified().unwrap();
            (f, t)
        })
        .collect()
}

/// Every value of `attr="…"` in `html`.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(&needle) {
        let start = from + i + needle.len();
        let end = start + html[start..].find('"').unwrap();
        out.push(html[start..end].replace("&amp;", "&"));
        from = end;
    }
    out
}

/// Text of `html` without tags, whitespace collapsed, entities decoded.
fn text_of(html: &str) -> String {
    let mut s = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                s.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => s.push(c),
            _ => {}
        }
    }
    let s = s
        .replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

const NOV_PAGE: &str = "scrutiny-board-2/2024-11-28/index.html";

#[test]
fn the_demo_site_links_leaks_reference_page_reruns_and_unpublishing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = demo_with_canaries(tmp.path());
    let out = tmp.path().join("site");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("keep-me.txt"), "the web team's own file").unwrap();
    let said = build_site(&db, &out);
    assert!(said.contains("file(s) written"), "{said}");

    let all = files(&out);
    for want in [
        "index.html",
        "style.css",
        "feed.xml",
        "upcoming.ics",
        "scrutiny-board-2/index.html",
        "scrutiny-board-2/2024-10-17/index.html",
        NOV_PAGE,
        "scrutiny-board-2/2024-11-28/2024-11-28-agenda-frontsheet.pdf",
        "scrutiny-board-2/2024-11-28/2024-11-28-public-pack.pdf",
        "scrutiny-board-2/2024-11-28/2024-11-28-printed-minutes.pdf",
    ] {
        assert!(all.iter().any(|f| f == want), "{want} missing from {all:?}");
    }

    // (1) Every href resolves: relative links to files in the folder, and
    // their anchors to ids on the page.
    let mut checked = 0;
    for f in all.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"),
            "{f}"
        );
        assert!(!html.contains("<script"), "{f} has a script");
        for tag in ["<header", "<nav", "<main", "<footer", "<h1>"] {
            assert!(html.contains(tag), "{f} has no {tag}");
        }
        let here = Path::new(f).parent().unwrap_or(Path::new(""));
        for href in attr_values(&html, "href") {
            if href.starts_with("mailto:") || href.starts_with("https://") {
                continue;
            }
            assert!(!href.starts_with("http:"), "{f}: {href}");
            let (path, anchor) = match href.split_once('#') {
                Some((p, a)) => (p.to_string(), Some(a.to_string())),
                None => (href.clone(), None),
            };
            let target = if path.is_empty() {
                out.join(f)
            } else {
                out.join(here).join(&path)
            };
            let target = std::fs::canonicalize(&target)
                .unwrap_or_else(|_| panic!("{f}: dangling link {href}"));
            assert!(
                target.starts_with(std::fs::canonicalize(&out).unwrap()),
                "{f}: {href} leaves the folder"
            );
            if let Some(a) = anchor {
                let page = std::fs::read_to_string(&target).unwrap();
                assert!(
                    page.contains(&format!("id=\"{a}\"")),
                    "{f}: no anchor #{a} in {}",
                    target.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} links checked");

    // (2) No canary anywhere: file names, text files, PDF bytes and the
    // PDFs' decoded text.
    let scratch = tmp.path().join("qdf");
    std::fs::create_dir_all(&scratch).unwrap();
    let mut hits = Vec::new();
    for f in &all {
        let path = out.join(f);
        let bytes = std::fs::read(&path).unwrap();
        let mut hay: Vec<(String, Vec<u8>)> = vec![
            ("name".into(), f.clone().into_bytes()),
            ("bytes".into(), bytes),
        ];
        if f.ends_with(".pdf") {
            hay.push(("text".into(), common::pdf::text(&path).into_bytes()));
            hay.push(("qdf".into(), common::pdf::raw_qdf(&path, &scratch)));
        }
        for c in CANARIES {
            let utf16: Vec<u8> = c.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
            for (what, h) in &hay {
                let found = |n: &[u8]| h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
                if found(c.as_bytes()) || found(&utf16) {
                    hits.push(format!("{c} in {f} ({what})"));
                }
            }
        }
    }
    assert!(hits.is_empty(), "private canaries found: {hits:#?}");
    // The members' pack of the same meeting has them, so the search can fail.
    let private = tmp.path().join("private.pdf");
    run(
        &db,
        &["pack", "2", "--private", "-o", private.to_str().unwrap()],
    );
    let private_text = common::pdf::text(&private);
    for c in ["QZXREPORTTEXT", "QZXPRIVATETITLE", "Kestrel Lodge"] {
        assert!(private_text.contains(c), "{c} not in the members' pack");
    }

    // (3) The 28 November page follows the reference page.
    let html = std::fs::read_to_string(out.join(NOV_PAGE)).unwrap();
    let text = text_of(&html);
    for want in [
        "Agenda and minutes",
        "Education and Children's Services Scrutiny Board (2) - Thursday, 28th November, 2024 10.00 am",
        "Venue Diamond Room 2 - Council House",
        "Contact Tom Robinson",
        "tom.robinson@coventry.gov.uk",
    ] {
        assert!(text.contains(want), "{want:?} not in {text}");
    }
    assert!(html.contains("<a href=\"mailto:tom.robinson@coventry.gov.uk\">"));
    let reference: [(u32, &str, Option<&str>, &str); 9] = [
        (49, "Declarations of Interests", None, "There were no disclosable pecuniary interests. There were no matters arising."),
        (50, "Exclusion of Press and Public", None, "RESOLVED that the Board agrees to exclude the press and public under Sections 100(A)(4) of the Local Government Act 1972 relating to the private report in Minute 57 below headed"),
        (51, "Minutes", None, "The Minutes of the meeting held on 17 October, 2024 were agreed and signed as a true record."),
        (52, "Coventry Holiday Activities and Food Programme", Some("Briefing Note of the Director of Children and Education"), "receiving healthy and nutritious meals"),
        (53, "Social Worker Recruitment and Retention - Workforce Update", Some("Briefing Note of the Director of Children and Education"), "The Scrutiny Board considered a Briefing Note of the Director of Children and Education on the Social Worker Recruitment and Retention implementation"),
        (54, "Homes for Children in Care - Update Report", Some("Briefing Note of the Director of Children and Education"), "finding homes for children in care"),
        (55, "Work Programme", Some("Briefing Note of the Director of Law and Governance"), "The Board noted the Work Programme."),
        (56, "Any Other Business", None, "There were no items of public business."),
        (57, "Homes for Children in Care - Update Report", Some("Briefing Note of the Director of Children and Education"), "Not for publication by virtue of paragraphs 1, 3 of Part 1 of Schedule 12A of the Local Government Act 1972"),
    ];
    let mut last = 0;
    for (n, title, purpose, minute) in reference {
        let start = html
            .find(&format!("id=\"item-{n}\""))
            .unwrap_or_else(|| panic!("no item {n}"));
        assert!(start > last, "item {n} out of order");
        last = start;
        let end = html[start..]
            .find("<div class=\"item")
            .map(|e| start + e)
            .unwrap_or(html.len());
        let item = text_of(&html[start..end]);
        assert!(item.contains(&format!("{n}. {title}")), "item {n}: {item}");
        if let Some(p) = purpose {
            assert!(item.contains(p), "item {n} purpose: {item}");
        }
        assert!(
            item.contains(&format!("Minutes {minute}")) || item.contains(minute),
            "item {n} minute: {item}"
        );
        assert!(item.contains("Minutes"), "item {n} has its minute: {item}");
    }
    // The bullets of 52 and the cross-reference of 50 as a link.
    assert!(html.contains("<li>receiving healthy and nutritious meals</li>"));
    assert!(html.contains("<a href=\"#item-57\">Minute 57 below</a>"));
    assert!(
        html.contains("<a href=\"#item-54\">Minute 54 above</a>")
            || !html.contains("Minute 54 above")
    );
    // 51's sub-items, as the agenda prints them.
    assert!(text.contains("To agree the minutes of the meeting held on 17th October 2024"));
    // Headings in order: h1, then h2s, then h3/h4 — never a skipped level.
    let mut level = 0;
    for (i, _) in html.match_indices("<h") {
        let Some(d) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        assert!(d <= level + 1, "heading h{d} after h{level}");
        level = d;
    }

    // (4) Every document size shown is the size of the file written.
    let nov_dir = out.join("scrutiny-board-2/2024-11-28");
    let mut sizes = 0;
    for (i, _) in html.match_indices("<a class=\"doc\" href=\"") {
        let rest = &html[i + 21..];
        let file = &rest[..rest.find('"').unwrap()];
        let shown = &rest[rest.find("<span class=\"size\">").unwrap() + 19..];
        let shown = &shown[..shown.find('<').unwrap()];
        let len = std::fs::metadata(nov_dir.join(file)).unwrap().len();
        assert_eq!(shown, format!("PDF {}", human_size(len)), "{file}");
        sizes += 1;
    }
    assert!(sizes >= 8, "documents and reports: {sizes}");
    assert!(text.contains("Agenda frontsheet, Thursday, 28th November, 2024 PDF"));
    assert!(text.contains("Public reports pack"));
    assert!(text.contains("Printed minutes"));

    // (5) The feed and the calendar.
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains("<rss version=\"2.0\">"));
    assert!(feed.contains("<link>scrutiny-board-2/2024-11-28/index.html</link>"));
    let ics = std::fs::read_to_string(out.join("upcoming.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        1,
        "only 28 November is upcoming on 1 November: {ics}"
    );
    assert!(ics.contains("DTSTART:20241128T100000Z\r\n"), "{ics}");
    assert!(ics.lines().all(|l| l.len() <= 75), "{ics}");

    // (6) A re-run writes nothing and keeps every file's modification time.
    let before = mtimes(&out);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let said = build_site(&db, &out);
    assert!(said.contains(": 0 file(s) written"), "{said}");
    assert!(said.contains(" 0 removed"), "{said}");
    assert_eq!(mtimes(&out), before, "a re-run touched files");

    // (7) Un-publishing the meeting removes its files, and only AgendaPack's.
    std::fs::write(nov_dir.join("notes-of-the-web-team.txt"), "ours").unwrap();
    run(&db, &["status", "2", "draft"]);
    let said = build_site(&db, &out);
    assert!(!said.contains(" 0 removed"), "{said}");
    let after = files(&out);
    assert!(
        !after
            .iter()
            .any(|f| f.starts_with("scrutiny-board-2/2024-11-28/")
                && !f.ends_with("notes-of-the-web-team.txt")),
        "{after:?}"
    );
    assert!(after.iter().any(|f| f == "keep-me.txt"), "{after:?}");
    assert!(
        after
            .iter()
            .any(|f| f.ends_with("notes-of-the-web-team.txt")),
        "{after:?}"
    );
    assert!(after
        .iter()
        .any(|f| f == "scrutiny-board-2/2024-10-17/index.html"));
    let committee = std::fs::read_to_string(out.join("scrutiny-board-2/index.html")).unwrap();
    assert!(!committee.contains("2024-11-28"), "{committee}");
    assert!(committee.contains("2024-10-17/index.html"));
    assert!(!std::fs::read_to_string(out.join("feed.xml"))
        .unwrap()
        .contains("2024-11-28"));
}

#[test]
fn the_committee_page_lists_members_with_roles_and_meetings_by_year() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("c.sqlite3");
    run(&db, &["demo"]);
    let out = tmp.path().join("site");
    build_site(&db, &out);
    let html = std::fs::read_to_string(out.join("scrutiny-board-2/index.html")).unwrap();
    let text = text_of(&html);
    for want in [
        "Education and Children's Services Scrutiny Board (2)",
        "Councillor CE Thomas Chair",
        "Councillor J Lepoidevin Substitute",
        "S Hanson Co-opted member (voting)",
        "Municipal year 2024/25",
        "Thursday, 17th October, 2024 10.00 am, Agenda and minutes",
        "Thursday, 28th November, 2024 10.00 am, Agenda and minutes",
    ] {
        assert!(text.contains(want), "{want:?} not in {text}");
    }
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<a href=\"scrutiny-board-2/index.html\">Education and Children&#39;s Services Scrutiny Board (2)</a>"), "{index}");
}

#[test]
fn a_file_in_the_way_is_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("r.sqlite3");
    run(&db, &["demo"]);
    let out = tmp.path().join("site");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("index.html"), "<p>The council's own home page</p>").unwrap();
    cli(&db)
        .args(["site", out.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "index.html is already there and was not written by AgendaPack",
        ));
    assert_eq!(files(&out), vec!["index.html".to_string()]);
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "<p>The council's own home page</p>"
    );
}
