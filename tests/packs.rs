//! Agenda packs of real meetings, read back: page counts, stamps, contents
//! ranges, bookmarks, and the guarantee that nothing private leaks.

mod common;

use agendapack::domain::{AgendaItem, Exemption, MeetingId, Paragraph};
use agendapack::publish::{self, PackKind};
use agendapack::store::{NewReport, Store};
use agendapack::typeset::model::{Block, Document, Heading, Metadata};
use agendapack::{demo, pack, typeset};
use common::pdf;
use std::path::PathBuf;

const NOV: MeetingId = MeetingId(2);

fn scratch() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("packs");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn demo_store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    demo::load(&mut s).unwrap();
    s
}

fn build(store: &Store, kind: PackKind, name: &str) -> (publish::BuiltPack, PathBuf) {
    let built = publish::build_pack(store, NOV, kind, &Default::default()).unwrap();
    let path = scratch().join(name);
    std::fs::write(&path, &built.bytes).unwrap();
    (built, path)
}

/// Report pages by item key, in agenda order, as the store has them.
fn report_pages(store: &Store, public: bool) -> Vec<(String, u32)> {
    let m = store.load_meeting(NOV).unwrap();
    m.meeting
        .items
        .iter()
        .filter_map(|i| {
            let pages: u32 = if public && i.is_private() {
                1
            } else {
                i.reports.iter().map(|r| r.pages.unwrap()).sum()
            };
            (pages > 0).then(|| (i.key.clone(), pages))
        })
        .collect()
}

#[test]
fn public_pack_pages_stamps_and_contents_ranges_agree() {
    let store = demo_store();
    let (built, path) = build(&store, PackKind::Public, "public.pdf");
    pdf::qpdf_check(&path);
    let parts = report_pages(&store, true);
    let total: u32 = parts.iter().map(|(_, p)| p).sum();
    assert_eq!(
        pdf::pages(&path),
        built.front_pages + total,
        "front sheet + reports + notices"
    );
    assert_eq!(built.page_count, pdf::pages(&path));

    // Every page after the front sheet says "Page N" exactly once, N in order.
    for n in built.front_pages + 1..=built.page_count {
        let t = pdf::page_text(&path, n);
        let stamp = format!("Page {n}");
        let count = t.matches(&stamp).filter(|_| true).count();
        let exact = t
            .match_indices(&stamp)
            .filter(|(i, _)| !t[i + stamp.len()..].starts_with(|c: char| c.is_ascii_digit()))
            .count();
        assert_eq!(exact, 1, "page {n}: {count} stamps in\n{t}");
    }

    // The front sheet's "(Pages X - Y)" are the stamped numbers of each item's pages.
    let front: String = (1..=built.front_pages)
        .map(|p| pdf::page_text(&path, p))
        .collect();
    let mut next = built.front_pages + 1;
    let m = store.load_meeting(NOV).unwrap();
    for (key, pages) in &parts {
        let (from, to) = (next, next + pages - 1);
        assert_eq!(built.item_pages[key], (from, to), "{key}");
        let want = if from == to {
            format!("(Page {from})")
        } else {
            format!("(Pages {from} - {to})")
        };
        let n = m.number_of_key(key).unwrap();
        let line = front
            .lines()
            .find(|l| l.contains(&format!("{n}. ")))
            .unwrap_or_default();
        assert!(
            line.contains(&want),
            "item {n} should show {want}: {line:?}"
        );
        // The first page of the range really is that item's first page.
        assert!(pdf::page_text(&path, from).contains(&format!("Page {from}")));
        next = to + 1;
    }
    assert_eq!(next - 1, built.page_count);
}

#[test]
fn public_pack_has_a_notice_for_the_private_item_and_bookmarks() {
    let store = demo_store();
    let (built, path) = build(&store, PackKind::Public, "public-notice.pdf");
    let (from, _) = built.item_pages["homes-private"];
    let notice = pdf::page_text(&path, from);
    let flat = notice.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("57. Homes for Children in Care - Update Report"),
        "{flat}"
    );
    assert!(
        flat.contains("Not for publication by virtue of paragraphs 1, 3 of Part 1 of Schedule 12A of the Local Government Act 1972"),
        "{flat}"
    );
    let title = pdf::info(&path, "Title");
    assert_eq!(
        title,
        "Agenda – Education and Children's Services Scrutiny Board (2) – 28 November 2024"
    );
    // Bookmarks: qpdf names each outline item's destination page.
    let json = pdf::run(
        "qpdf",
        &["--json", "--json-key=outlines", path.to_str().unwrap()],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let outlines = v["outlines"].as_array().unwrap();
    let titles: Vec<&str> = outlines
        .iter()
        .map(|o| o["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"52. Coventry Holiday Activities and Food Programme"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"57. Homes for Children in Care - Update Report"),
        "{titles:?}"
    );
    let haf = outlines
        .iter()
        .find(|o| o["title"] == "52. Coventry Holiday Activities and Food Programme")
        .unwrap();
    // qpdf's destpageposfrom1 is the 1-based page the bookmark opens.
    assert_eq!(
        haf["destpageposfrom1"].as_u64().unwrap() as u32,
        built.item_pages["haf"].0
    );
}

#[test]
fn private_pack_carries_the_private_report_marked_on_every_page() {
    let store = demo_store();
    let (built, path) = build(&store, PackKind::Private, "private.pdf");
    pdf::qpdf_check(&path);
    let (from, to) = built.item_pages["homes-private"];
    assert_eq!(to - from + 1, 2, "the private report has two pages");
    for p in from..=to {
        let t = pdf::page_text_raw(&path, p);
        assert!(
            t.contains("PRIVATE – NOT FOR PUBLICATION – paragraphs 1, 3"),
            "page {p}:\n{t}"
        );
    }
    let text = pdf::text(&path);
    assert!(
        text.contains("Kestrel Lodge"),
        "the private report's text is in the members' pack"
    );
    assert!(
        text.contains("Placement Commissioning and Costs"),
        "the private title is shown to members"
    );
    assert!(pdf::info(&path, "Title").starts_with("Agenda (Private)"));
}

#[test]
fn the_same_meeting_gives_the_same_pack() {
    let store = demo_store();
    let a = publish::build_pack(&store, NOV, PackKind::Public, &Default::default()).unwrap();
    let b = publish::build_pack(&store, NOV, PackKind::Public, &Default::default()).unwrap();
    assert_eq!(a.bytes, b.bytes);
}

const CANARIES: [&str; 7] = [
    "CANARYTEXT",
    "CANARYTITLE",
    "CANARYSUBJECT",
    "CANARYKEYWORD",
    "CANARYOUTLINE",
    "CANARYFILENAME",
    "CANARYPRIVATETITLE",
];

/// A private report with a distinct canary in each place a leak could hide.
fn canary_report() -> Vec<u8> {
    let mut doc = Document::new(Metadata {
        title: "Exempt report CANARYTITLE".into(),
        author: "Author".into(),
        subject: "About CANARYSUBJECT".into(),
        keywords: vec!["CANARYKEYWORD".into()],
        language: "en-GB".into(),
        created: chrono::NaiveDate::from_ymd_opt(2024, 11, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
    });
    doc.blocks = vec![
        Block::Heading(Heading::new(1, "Section CANARYOUTLINE")),
        Block::Paragraph(agendapack::typeset::model::Paragraph::plain(
            "The confidential figure is CANARYTEXT.",
        )),
    ];
    typeset::render(&doc).unwrap().bytes
}

fn utf16be(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn no_byte_of_a_private_report_reaches_the_public_pack() {
    let mut store = demo_store();
    let bytes = canary_report();
    let info = pack::inspect("CANARYFILENAME.pdf", &bytes, &pack::Limits::default()).unwrap();
    let item = AgendaItem {
        private_title: Some("Sale of land CANARYPRIVATETITLE".into()),
        purpose: Some("Report of the Director of Property".into()),
        exemption: Some(Exemption {
            paragraphs: vec![Paragraph::try_from(3).unwrap()],
        }),
        ..AgendaItem::new("canary", "Commercial matter")
    };
    store.add_item(NOV, &item, None).unwrap();
    store
        .attach_report(
            NOV,
            "canary",
            NewReport {
                title: "Valuation CANARYOUTLINE",
                file_name: "CANARYFILENAME.pdf",
                bytes: &info.bytes,
                pages: info.page_count,
                original: None,
            },
        )
        .unwrap();

    let (_, public) = build(&store, PackKind::Public, "canary-public.pdf");
    let text = pdf::text(&public);
    let raw = pdf::raw_qdf(&public, &scratch());
    let original = std::fs::read(&public).unwrap();
    for c in CANARIES {
        assert!(!text.contains(c), "{c} in the public pack's text");
        for hay in [&raw, &original] {
            assert!(
                !contains(hay, c.as_bytes()),
                "{c} in the public pack's bytes"
            );
            assert!(
                !contains(hay, &utf16be(c)),
                "{c} (UTF-16) in the public pack's bytes"
            );
        }
    }
    // The front sheet and minutes for publication are clean too.
    let agenda = publish::agenda_pdf(&store, NOV, &Default::default())
        .unwrap()
        .bytes;
    let minutes = publish::minutes_pdf(&store, NOV).unwrap().bytes;
    for (name, bytes) in [("agenda", agenda), ("minutes", minutes)] {
        let p = scratch().join(format!("canary-{name}.pdf"));
        std::fs::write(&p, &bytes).unwrap();
        let t = pdf::text(&p);
        let raw = pdf::raw_qdf(&p, &scratch());
        for c in CANARIES {
            assert!(
                !t.contains(c) && !contains(&raw, c.as_bytes()) && !contains(&raw, &utf16be(c)),
                "{c} in the {name}"
            );
        }
    }

    // The members' pack does carry the report (so the test can fail).
    let (_, private) = build(&store, PackKind::Private, "canary-private.pdf");
    let t = pdf::text(&private);
    assert!(t.contains("CANARYTEXT") && t.contains("CANARYPRIVATETITLE"));
}

#[test]
fn supplementary_pack_carries_late_items_numbered_on_from_the_main_pack() {
    let mut store = demo_store();
    let main = publish::build_pack(&store, NOV, PackKind::Public, &Default::default()).unwrap();
    let late = AgendaItem {
        purpose: Some("Briefing Note of the Director of Children and Education".into()),
        late: Some(agendapack::domain::Late {
            reason: "the Ofsted letter arrived after the agenda was published and the Board must respond before its next meeting".into(),
        }),
        ..AgendaItem::new("ofsted", "Ofsted Focused Visit Letter")
    };
    store.add_item(NOV, &late, Some(7)).unwrap();
    let pdf = std::fs::read(
        common::meetings_dir()
            .join("reports/2024-11-28/53-social-worker-recruitment-and-retention.pdf"),
    )
    .unwrap();
    store
        .attach_report(
            NOV,
            "ofsted",
            NewReport {
                title: "Letter",
                file_name: "ofsted.pdf",
                bytes: &pdf,
                pages: 1,
                original: None,
            },
        )
        .unwrap();
    let (built, path) = build(&store, PackKind::Supplementary, "supplementary.pdf");
    pdf::qpdf_check(&path);
    assert_eq!(
        built.numbers.0,
        main.page_count + 1,
        "numbered on from the main pack"
    );
    let front = pdf::page_text(&path, 1);
    assert!(front.contains("Supplementary Agenda"), "{front}");
    assert!(
        front.contains("56.  Ofsted Focused Visit Letter")
            || front.contains("56. Ofsted Focused Visit Letter"),
        "{front}"
    );
    let flat = front.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Reason for urgency: the Ofsted letter arrived"),
        "{flat}"
    );
    assert!(
        !flat.contains("Coventry Holiday Activities"),
        "only late items: {flat}"
    );
    // The report's page carries the continued number.
    let (from, to) = built.item_pages["ofsted"];
    assert_eq!(
        (from, to),
        (
            built.numbers.0 + built.front_pages,
            built.numbers.0 + built.front_pages
        )
    );
    let last = pdf::page_text(&path, pdf::pages(&path));
    assert!(last.contains(&format!("Page {from}")), "{last}");
}

/// A one-page report whose text is found nowhere else.
fn late_report() -> Vec<u8> {
    let mut doc = Document::new(Metadata {
        title: "Ofsted letter".into(),
        author: "Ofsted".into(),
        subject: String::new(),
        keywords: vec![],
        language: "en-GB".into(),
        created: chrono::NaiveDate::from_ymd_opt(2024, 11, 22)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
    });
    doc.blocks = vec![Block::Paragraph(
        agendapack::typeset::model::Paragraph::plain("The letter LATELETTERTEXT follows."),
    )];
    typeset::render(&doc).unwrap().bytes
}

/// The "Page N" stamps of each page of a pack, read back page by page
/// (`pdftotext -f N -l N`): `None` for a page without one.
fn stamps(path: &std::path::Path) -> Vec<Option<u32>> {
    (1..=pdf::pages(path))
        .map(|p| {
            let t = pdf::page_text(path, p);
            let found: Vec<u32> = t
                .match_indices("Page ")
                // "(Page 12)" on a front sheet is a contents entry, not a stamp.
                .filter(|(i, _)| !t[..*i].ends_with('('))
                .filter_map(|(i, _)| {
                    let digits: String = t[i + 5..]
                        .chars()
                        .take_while(|c| c.is_ascii_digit())
                        .collect();
                    digits.parse().ok()
                })
                .collect();
            assert!(
                found.len() <= 1,
                "page {p} of {}: {found:?}",
                path.display()
            );
            found.first().copied()
        })
        .collect()
}

/// Issue 14: a meeting of nine items published, then a late item: the late
/// report is in exactly one pack, the supplementary pack numbers on from the
/// last page of the public pack as issued, no page number names two pages,
/// and the supplementary front sheet gives its own publication date.
#[test]
fn issue_14_one_set_of_page_numbers_across_main_and_supplementary_packs() {
    let mut store = demo_store();
    assert_eq!(store.load_meeting(NOV).unwrap().meeting.items.len(), 9);
    let settings = Default::default();
    // The agenda goes out on Wednesday 20 November.
    store
        .set_status(NOV, agendapack::domain::MeetingStatus::Published)
        .unwrap();
    let published = chrono::NaiveDate::from_ymd_opt(2024, 11, 20).unwrap();
    let (issued_public, _) = publish::publish(&mut store, NOV, published, &settings).unwrap();
    let issued_path = scratch().join("issue14-public-issued.pdf");
    std::fs::write(&issued_path, &issued_public.bytes).unwrap();

    // The late item arrives after publication.
    let late = AgendaItem {
        purpose: Some("Briefing Note of the Director of Children and Education".into()),
        late: Some(agendapack::domain::Late {
            reason: "the letter arrived after the agenda was published".into(),
        }),
        ..AgendaItem::new("ofsted", "Ofsted Focused Visit Letter")
    };
    store.add_item(NOV, &late, Some(7)).unwrap();
    let bytes = late_report();
    let info = pack::inspect("ofsted.pdf", &bytes, &pack::Limits::default()).unwrap();
    store
        .attach_report(
            NOV,
            "ofsted",
            NewReport {
                title: "Letter",
                file_name: "ofsted.pdf",
                bytes: &info.bytes,
                pages: info.page_count,
                original: None,
            },
        )
        .unwrap();
    let supp_day = chrono::NaiveDate::from_ymd_opt(2024, 11, 25).unwrap();
    let supp = publish::publish_supplementary(&mut store, NOV, supp_day, &settings).unwrap();
    let supp_path = scratch().join("issue14-supplementary.pdf");
    std::fs::write(&supp_path, &supp.bytes).unwrap();
    pdf::qpdf_check(&supp_path);
    // The public pack produced again now is the issued one's length, without the late item.
    let (again, again_path) = build(&store, PackKind::Public, "issue14-public-again.pdf");
    assert_eq!(again.page_count, issued_public.page_count);
    assert!(!again.item_pages.contains_key("ofsted"));

    // The late report's text: in the supplementary pack only.
    for (path, want) in [
        (&issued_path, false),
        (&again_path, false),
        (&supp_path, true),
    ] {
        assert_eq!(
            pdf::text(path).contains("LATELETTERTEXT"),
            want,
            "{}",
            path.display()
        );
    }
    // Numbers on from the last page of the main pack as issued.
    let issued = store.issued(NOV).unwrap();
    let main = issued.iter().find(|i| i.kind == "public-pack").unwrap();
    assert_eq!(supp.numbers.0, main.pages + 1);
    assert!(issued
        .iter()
        .any(|i| i.kind == "supplementary-pack" && i.issued_on == supp_day));

    // Read back page by page: page p of the main pack says "Page p" (the
    // front sheet's first page aside); page p of the supplementary pack says
    // "Page {main + p}"; no number is on two pages.
    let main_stamps = stamps(&issued_path);
    let supp_stamps = stamps(&supp_path);
    let mut seen = std::collections::BTreeMap::new();
    for (p, s) in main_stamps.iter().enumerate() {
        if let Some(n) = s {
            assert_eq!(*n, p as u32 + 1, "main pack page {}", p + 1);
            assert!(seen.insert(*n, format!("main page {}", p + 1)).is_none());
        }
    }
    for (p, s) in supp_stamps.iter().enumerate() {
        if let Some(n) = s {
            assert_eq!(
                *n,
                main.pages + p as u32 + 1,
                "supplementary page {}",
                p + 1
            );
            if let Some(other) = seen.insert(*n, format!("supplementary page {}", p + 1)) {
                panic!(
                    "Page {n} names two pages: {other} and supplementary page {}",
                    p + 1
                );
            }
        }
    }
    let late_page = supp.item_pages["ofsted"].0;
    assert_eq!(supp_stamps.last().copied().flatten(), Some(late_page));
    assert!(late_page > main.pages);

    // The supplementary front sheet: its own date, not the agenda's.
    let front = pdf::page_text(&supp_path, 1);
    let flat = front.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Published on Monday, 25th November, 2024"),
        "{flat}"
    );
    assert!(!flat.contains("20th November"), "{flat}");
    assert!(flat.contains(&format!("(Page {late_page})")), "{flat}");
    // Built again later, it keeps the date it was issued on.
    let later = publish::build_pack_on(
        &store,
        NOV,
        PackKind::Supplementary,
        chrono::NaiveDate::from_ymd_opt(2024, 11, 27).unwrap(),
        &settings,
    )
    .unwrap();
    assert_eq!(later.bytes, supp.bytes);
}
