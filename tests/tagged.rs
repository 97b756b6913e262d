//! Issue 13: accessible papers. Our own documents (front sheet, minutes,
//! private and signed minutes, notices) and every pack are tagged PDFs, read
//! back with poppler (`pdfinfo`, `pdfinfo -struct-text`) and lopdf
//! (`common::tags::check`: every text in an element or an artifact, every
//! MCID in the parent tree); a tagged LibreOffice report keeps its structure
//! in the pack, an untagged one becomes figures and a warning of the check.

mod common;

use agendapack::convert::{self, Converter};
use agendapack::domain::MeetingId;
use agendapack::pack::{self, Limits, PackInput, PackMeta, Part};
use agendapack::publish::{self, PackKind};
use agendapack::store::{NewReport, Store};
use agendapack::typeset::model::{
    Block, Document, Heading, List, ListKind, Metadata, Paragraph, Run, Running, Table,
};
use agendapack::{checks, demo, typeset};
use common::{pdf, tags};
use std::path::{Path, PathBuf};

const OCT: MeetingId = MeetingId(1);
const NOV: MeetingId = MeetingId(2);

fn scratch() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tagged");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let p = scratch().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn demo_store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    demo::load(&mut s).unwrap();
    s
}

fn roles(r: &tags::Report) -> Vec<&str> {
    r.elems.iter().map(|e| e.role.as_str()).collect()
}

/// The lines of `pdfinfo -struct-text` that hold text (not element names).
fn struct_lines(path: &Path) -> Vec<String> {
    tags::struct_text(path)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `needles` appear in `hay` in this order.
fn in_order(hay: &str, needles: &[&str]) -> Result<(), String> {
    let mut at = 0;
    for n in needles {
        match hay[at..].find(n) {
            Some(i) => at += i + n.len(),
            None => return Err(format!("{n:?} missing or out of order")),
        }
    }
    Ok(())
}

fn created() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2024, 11, 20)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn sample_document() -> Document {
    let mut doc = Document::new(Metadata {
        title: "Tagging sample".into(),
        author: "Democratic Services".into(),
        subject: String::new(),
        keywords: vec![],
        language: "en-GB".into(),
        created: created(),
    });
    doc.footer = Some(Running {
        centre: "Page {page} of {pages}".into(),
        ..Running::default()
    });
    doc.blocks = vec![
        Block::Heading(Heading::new(1, "Scrutiny Board")),
        Block::Paragraph(Paragraph::new(vec![
            Run::text("See the "),
            Run::text("council website").with_link("https://www.coventry.gov.uk/"),
            Run::text(" for the reports."),
        ])),
        Block::Heading(Heading::new(2, "Membership")),
        Block::List(List {
            kind: ListKind::Numbered,
            start: 1,
            items: vec![
                vec![Block::Paragraph(Paragraph::plain("Councillor Ali"))],
                vec![Block::Paragraph(Paragraph::plain("Councillor Jones"))],
            ],
        }),
        Block::Heading(Heading::new(3, "Attendance")),
        Block::Table(Table {
            columns: vec![0.5, 0.5],
            rows: vec![
                vec![vec![Run::text("Name")], vec![Run::text("Present")]],
                vec![vec![Run::text("Councillor Ali")], vec![Run::text("Yes")]],
            ],
            header: true,
            borders: true,
        }),
        Block::Rule,
    ];
    doc
}

#[test]
fn a_typeset_document_has_headings_lists_tables_and_links_as_elements() {
    let rendered = typeset::render(&sample_document()).unwrap();
    let path = write("sample.pdf", &rendered.bytes);
    assert!(tags::tagged(&path), "pdfinfo: Tagged: yes");
    pdf::qpdf_check(&path);
    let r = tags::check(&path);
    assert_eq!(
        roles(&r),
        [
            "Document", "H1", "P", "Link", "H2", "L", "LI", "Lbl", "LBody", "P", "LI", "Lbl",
            "LBody", "P", "H3", "Table", "TR", "TH", "TH", "TR", "TD", "TD"
        ]
    );
    // The footer is an artifact; body text is all tagged.
    assert!(r.artifact_texts >= 1 && r.tagged_texts >= 10, "{r:?}");
    let text = tags::struct_text(&path);
    in_order(
        &text,
        &[
            "Scrutiny Board",
            "See the",
            "council website",
            "for the reports.",
            "Membership",
            "1)",
            "Councillor Ali",
            "2)",
            "Councillor Jones",
            "Attendance",
            "Name",
            "Present",
            "Yes",
        ],
    )
    .unwrap_or_else(|e| panic!("{e}:\n{text}"));
    assert!(
        !text.contains("Page 1 of 1"),
        "the footer is an artifact:\n{text}"
    );
    // The link annotation is the Link element's object.
    let json = pdf::run("qpdf", &["--json", path.to_str().unwrap()]);
    assert!(
        json.contains("\"/StructParent\""),
        "annotation has /StructParent"
    );
    assert!(
        json.contains("/OBJR"),
        "Link element refers to its annotation"
    );
    assert_eq!(pdf::info(&path, "Title"), "Tagging sample");
}

#[test]
fn front_sheet_minutes_and_their_editions_are_tagged() {
    let mut store = demo_store();
    let settings = Default::default();
    let mut files = vec![
        (
            "front.pdf",
            publish::agenda_pdf(&store, NOV, &settings).unwrap().bytes,
            vec!["Education and Children", "Agenda"],
        ),
        (
            "minutes.pdf",
            publish::minutes_pdf(&store, OCT).unwrap().bytes,
            vec!["Minutes"],
        ),
        (
            "private-minutes.pdf",
            publish::private_minutes_pdf(&store, NOV).unwrap().bytes,
            vec!["Minutes"],
        ),
    ];
    files.push((
        "signed.pdf",
        publish::signed_minutes(&mut store, OCT).unwrap(),
        vec!["Minutes"],
    ));
    for (name, bytes, headings) in files {
        let path = write(name, &bytes);
        assert!(tags::tagged(&path), "{name}: Tagged: yes");
        pdf::qpdf_check(&path);
        let r = tags::check(&path);
        assert!(r.mcids > 0, "{name}: marked content");
        assert!(
            roles(&r).iter().filter(|r| **r == "P").count() > 3,
            "{name}: {:?}",
            roles(&r)
        );
        let text = tags::struct_text(&path);
        for h in headings {
            assert!(
                text.contains(h),
                "{name}: {h:?} not in the structure:\n{text}"
            );
        }
        assert!(
            !text.contains("Page 1"),
            "{name}: running footer inside the structure"
        );
        assert!(
            !text.contains("NOT FOR PUBLICATION"),
            "{name}: the private marking is an artifact"
        );
        assert!(
            !text.contains("initials"),
            "{name}: the initials box is an artifact"
        );
        assert!(!pdf::info(&path, "Title").is_empty(), "{name}: a title");
    }
}

/// A LibreOffice export of the office fixture, tagged as intake converts it.
fn libreoffice_tagged_report() -> Vec<u8> {
    let converter = Converter::locate(
        std::env::var_os(convert::SOFFICE_ENV).as_deref(),
        std::env::var_os("PATH").as_deref(),
        std::time::Duration::from_secs(120),
    );
    let odt = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office/report.odt"),
    )
    .unwrap();
    let format = convert::detect("report.odt", &odt).expect("an OpenDocument file");
    convert::convert(&converter, "report.odt", &odt, format).expect("LibreOffice converts it")
}

#[test]
fn a_pack_keeps_a_tagged_libreoffice_report_and_makes_figures_of_an_untagged_one() {
    let lo = libreoffice_tagged_report();
    let lo_path = write("lo-report.pdf", &lo);
    assert!(tags::tagged(&lo_path), "LibreOffice exported it tagged");
    let lo_text = tags::struct_text(&lo_path);
    let lo_pages = pdf::pages(&lo_path);

    let front = typeset::render(&sample_document()).unwrap();
    let untagged = std::fs::read(
        common::meetings_dir().join("reports/2024-11-28/52-holiday-activities-and-food.pdf"),
    )
    .unwrap();
    let inspected = pack::inspect("untagged.pdf", &untagged, &Limits::default()).unwrap();
    let part = |key: &str, item: &str, report: Option<&str>, bytes: Vec<u8>| Part {
        key: key.into(),
        item_bookmark: item.into(),
        report_bookmark: report.map(str::to_string),
        bytes,
        watermark: None,
        stamp: true,
        headings: vec![],
    };
    let input = PackInput {
        front: front.bytes,
        front_links: vec![],
        parts: vec![
            part(
                "lo",
                "52 School places",
                Some("Estate programme"),
                lo.clone(),
            ),
            part("gs", "53 Holiday activities", None, inspected.bytes.clone()),
            part("lo2", "54 School places again", None, lo),
        ],
        first_number: 1,
        meta: PackMeta {
            title: "Pack".into(),
            language: "en-GB".into(),
            ..PackMeta::default()
        },
    };
    let out = pack::assemble(&input).unwrap();
    let path = write("tagged-pack.pdf", &out.bytes);
    assert!(tags::tagged(&path), "the pack is tagged");
    pdf::qpdf_check(&path);
    let r = tags::check(&path);
    let rs = roles(&r);
    assert_eq!(rs[0], "Document");
    assert_eq!(
        r.elems
            .iter()
            .filter(|e| e.role == "Figure"
                && e.alt
                    .as_deref()
                    .is_some_and(|a| a.contains("a report that is not tagged")))
            .count(),
        1,
        "one figure for the untagged report"
    );
    let sects: Vec<_> = r
        .elems
        .iter()
        .filter(|e| e.role == "Sect")
        .filter_map(|e| e.title.clone())
        .collect();
    assert_eq!(
        sects,
        [
            "52 School places",
            "Estate programme",
            "53 Holiday activities",
            "54 School places again"
        ]
    );

    let text = tags::struct_text(&path);
    // The front sheet's headings, then the report's headings and paragraphs
    // in the order LibreOffice gave them, and the same again for the second copy.
    let lo_lines: Vec<&str> = lo_text
        .lines()
        .map(str::trim)
        .filter(|l| {
            l.len() > 12 && !l.starts_with('/') && !l.contains("(block)") && !l.contains("(inline)")
        })
        .collect();
    assert!(
        lo_lines.len() >= 3,
        "LibreOffice's structure text:\n{lo_text}"
    );
    let mut expected = vec!["Scrutiny Board", "Membership", "Attendance"];
    expected.extend(lo_lines.iter().copied());
    expected.extend(lo_lines.iter().copied());
    in_order(&text, &expected).unwrap_or_else(|e| panic!("{e}:\n{text}"));
    for n in 1..=out.page_count {
        assert!(
            !struct_lines(&path)
                .iter()
                .any(|l| l.contains(&format!("Page {n}"))),
            "Page {n} inside the structure"
        );
    }
    assert!(lo_pages > 0);
}

#[test]
fn public_private_and_supplementary_packs_are_tagged() {
    let mut store = demo_store();
    let settings = Default::default();
    for (kind, name) in [
        (PackKind::Public, "public.pdf"),
        (PackKind::Private, "private.pdf"),
    ] {
        let built = publish::build_pack(&store, NOV, kind, &settings).unwrap();
        let path = write(name, &built.bytes);
        assert!(tags::tagged(&path), "{name}: Tagged: yes");
        let r = tags::check(&path);
        assert!(r.mcids > 0);
        let text = tags::struct_text(&path);
        assert!(
            text.contains("Education and Children"),
            "{name}: front sheet heading:\n{text}"
        );
        assert!(
            !text.contains("Page 3"),
            "{name}: a stamp inside the structure"
        );
    }
    // A late item makes a supplementary pack.
    let late = agendapack::domain::AgendaItem {
        late: Some(agendapack::domain::Late {
            reason: "the letter arrived after publication".into(),
        }),
        ..agendapack::domain::AgendaItem::new("ofsted", "Ofsted Focused Visit Letter")
    };
    store.add_item(NOV, &late, Some(7)).unwrap();
    let report = typeset::render(&sample_document()).unwrap();
    store
        .attach_report(
            NOV,
            "ofsted",
            NewReport {
                title: "Letter",
                file_name: "ofsted.pdf",
                bytes: &report.bytes,
                pages: report.page_count,
                original: None,
            },
        )
        .unwrap();
    let built = publish::build_pack(&store, NOV, PackKind::Supplementary, &settings).unwrap();
    let path = write("supplementary.pdf", &built.bytes);
    assert!(tags::tagged(&path), "supplementary: Tagged: yes");
    tags::check(&path);
    let text = tags::struct_text(&path);
    in_order(
        &text,
        &[
            "Supplementary",
            "Ofsted Focused Visit Letter",
            "Scrutiny Board",
            "Councillor Jones",
        ],
    )
    .unwrap_or_else(|e| panic!("{e}:\n{text}"));
}

#[test]
fn the_check_warns_of_untagged_reports_and_scans_and_not_of_tagged_ones() {
    let mut store = demo_store();
    let m = store.load_meeting(NOV).unwrap();
    let findings = checks::accessibility(&store, &m);
    let untagged: Vec<_> = findings
        .iter()
        .filter(|f| f.code == "untagged-report")
        .collect();
    let reports: usize = m.meeting.items.iter().map(|i| i.reports.len()).sum();
    assert_eq!(
        untagged.len(),
        reports,
        "every demo report is untagged: {findings:#?}"
    );
    assert!(
        untagged[0]
            .message
            .contains("is not tagged: not accessible"),
        "{}",
        untagged[0].message
    );
    assert!(untagged
        .iter()
        .all(|f| f.item.is_some() && f.number.is_some()));

    // A tagged report with a title: no finding. A scan: two.
    let tagged = typeset::render(&sample_document()).unwrap();
    let scan =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdfs/scan.pdf"))
            .unwrap();
    let scan = pack::inspect("scan.pdf", &scan, &Limits::default()).unwrap();
    for (key, file, bytes, pages) in [
        (
            "tagged",
            "tagged.pdf",
            tagged.bytes.clone(),
            tagged.page_count,
        ),
        ("scanned", "scan.pdf", scan.bytes.clone(), scan.page_count),
    ] {
        store
            .add_item(NOV, &agendapack::domain::AgendaItem::new(key, key), None)
            .unwrap();
        store
            .attach_report(
                NOV,
                key,
                NewReport {
                    title: key,
                    file_name: file,
                    bytes: &bytes,
                    pages,
                    original: None,
                },
            )
            .unwrap();
    }
    let m = store.load_meeting(NOV).unwrap();
    let findings = checks::accessibility(&store, &m);
    let of = |key: &str| {
        findings
            .iter()
            .filter(|f| f.item.as_deref() == Some(key))
            .map(|f| f.code)
            .collect::<Vec<_>>()
    };
    assert_eq!(of("tagged"), Vec::<&str>::new());
    let scanned = of("scanned");
    assert!(
        scanned.contains(&"untagged-report") && scanned.contains(&"scanned-pages"),
        "{scanned:?}"
    );
    // The pre-flight check carries them, warnings after errors.
    let all = checks::preflight(
        &store,
        &m,
        chrono::NaiveDate::from_ymd_opt(2024, 11, 1).unwrap(),
        &Default::default(),
    );
    assert!(all.iter().any(|f| f.code == "scanned-pages"));
    assert!(all.windows(2).all(|w| w[0].severity <= w[1].severity));
}

/// `agendapack check` prints the accessibility warnings with the item's number.
#[test]
fn agendapack_check_names_the_untagged_reports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a11y.sqlite3");
    let cli = || {
        let mut c = assert_cmd::Command::cargo_bin("agendapack").unwrap();
        c.arg("--db").arg(&db).env_remove("AGENDAPACK_DB");
        c
    };
    cli().arg("demo").assert().success();
    let out = cli()
        .args(["check", "2", "--today", "2024-11-01"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("warning: item 52: report \"")
            && text.contains("is not tagged: not accessible"),
        "{text}"
    );
}
