//! Typesetting engine tests: the PDF is read back with poppler, qpdf and lopdf.
//!
//! Reference outputs live in `tests/snapshots/typeset/`:
//! - `sample.txt`: `pdftotext -layout` of the sample minutes;
//! - `sample-p1.png`: page 1 rendered with `pdftoppm -png -r 40`.
//!
//! After an intended change to the output, regenerate them with
//!
//! ```sh
//! AGENDAPACK_BLESS=1 cargo test --test typeset
//! ```
//!
//! and review the diff (`git diff tests/snapshots/typeset`, open the PNG) before committing.

mod common;

/// Fraction of pixels a page may differ (by more than 10% grey) from its PNG
/// reference. The references are stored in 16 grey levels, which alone
/// accounts for 0.1–0.6% of pixels on these pages (measured); a moved block
/// or a reflowed paragraph changes several percent. Text changes are caught
/// by the text snapshots. Raise it only if a poppler upgrade shifts glyph
/// rasterisation, and say so.
const PNG_TOLERANCE: f64 = 0.0075;

use common::pdf::run;
use std::path::{Path, PathBuf};

use agendapack::typeset::layout::{Item, Role};
use agendapack::typeset::{
    layout, markdown_to_blocks, render, Align, Block, Document, Heading, List, ListKind, Metadata,
    Paragraph, Run, Running, SignatureLine, Table, TypesetError,
};

fn meta() -> Metadata {
    Metadata {
        title: "Minutes – Education and Children’s Services Scrutiny Board (2)".to_string(),
        author: "Coventry City Council".to_string(),
        subject: "Minutes of the meeting held on 17 October 2024".to_string(),
        keywords: vec!["minutes".to_string(), "scrutiny".to_string()],
        language: "en-GB".to_string(),
        created: chrono::NaiveDate::from_ymd_opt(2024, 10, 21)
            .and_then(|d| d.and_hms_opt(9, 30, 0))
            .expect("valid date"),
    }
}

fn para(text: &str) -> Block {
    Block::Paragraph(Paragraph::plain(text))
}

fn bold_para(text: &str) -> Block {
    Block::Paragraph(Paragraph::new(vec![Run::bold(text)]))
}

const NARRATIVE: &[&str] = &[
    "The Scrutiny Board considered a Briefing Note of the Director of Children and Education, together with a presentation at the meeting, which provided an update on the impact of Coventry Family Valued, including the Reunification Project, and outlined proposed next steps.",
    "The Briefing Note indicated that Family Valued was introduced in Coventry Children’s Services on 1 April 2021 as part of the national Strengthening Families, Protecting Children (SFPC) Programme; a 5-year programme funded by the Department for Education (DfE), focussing on safely reducing the number of children entering care, through introducing restorative practices and services. Coventry City Council received grant funding of £4,204,141 over a 2.5-year period (April 2021 – September 2023).",
    "Over the funded period, the programme delivered against a challenging backdrop, with national issues in relation to social work recruitment and retention, rising numbers of children in care nationally, and a placement market which is untenable. Despite these challenges, culture and practice shifted, becoming more relational and restorative, and this was reflected in improved outcomes for children and young people, recognised by Ofsted with a ‘good’ grading in all areas of judgement.",
    "It was envisaged that the posts created through SFPC funding would financially sustain themselves, post funding, due to the projected financial savings which would be made through the safe reduction of children in care. However, while a safe reduction of children in care was achieved year-on-year, over the same period the placements market spiralled, thus the projected savings were not achieved.",
];

/// A council-style document of several pages: minutes with headings,
/// bullets, a bold numbered RESOLVED list, a table, page references, links and
/// a signature block, with "Page N of M" in the footer.
fn sample() -> Document {
    let mut doc = Document::new(meta());
    doc.header = Some(Running {
        left: "Education and Children’s Services Scrutiny Board (2)".to_string(),
        right: "17 October 2024".to_string(),
        ..Running::default()
    });
    doc.footer = Some(Running {
        centre: "Page {page} of {pages}".to_string(),
        initials_box: Some("Chair’s initials".to_string()),
        ..Running::default()
    });
    let b = &mut doc.blocks;
    b.push(Block::Paragraph(
        Paragraph::new(vec![Run::bold("Coventry City Council")])
            .align(Align::Centre)
            .size(14.0),
    ));
    b.push(Block::Heading(Heading {
        level: 1,
        runs: vec![Run::text(
            "Minutes of the Meeting of Education and Children’s Services Scrutiny Board (2) held at 10.00 am on Thursday, 17 October 2024",
        )],
        bookmark: true,
        anchor: None,
    }));
    b.push(Block::Table(Table {
        columns: vec![0.28, 0.72],
        rows: vec![
            vec![vec![Run::text("Attendance")], vec![Run::text("Names")]],
            vec![
                vec![Run::text("Members")],
                vec![Run::text("Councillor CE Thomas (Chair), Councillor J Birdi, Councillor B Christopher, Councillor R Lancaster, Councillor J Lepoidevin (Substitute for Councillor Gardiner), Councillor S Nazir")],
            ],
            vec![vec![Run::text("Co-opted Members")], vec![Run::text("S Hanson, D Jackson and G Vohra")]],
            vec![
                vec![Run::text("Employees")],
                vec![Run::text("Children’s Services: H Bedford, M Clayton, N Stirling; Law and Governance: S Bennett, G Holmes, A Veness")],
            ],
            vec![vec![Run::text("Apologies")], vec![Run::text("Councillors J Gardiner and A Tucker")]],
        ],
        header: true,
        borders: true,
    }));
    b.push(Block::Heading(Heading::new(2, "Public Business")));
    b.push(Block::Heading(
        Heading::new(3, "43. Declarations of Interests").with_anchor("m43"),
    ));
    b.push(para("There were no disclosable pecuniary interests."));
    b.push(Block::Paragraph(Paragraph::new(vec![
        Run::text("Further to Minute 46 (page "),
        Run::page_ref("m46"),
        Run::text("), the Scrutiny Board noted that Mr Vohra is a member of the Safe Spaces Stakeholder Group."),
    ])));
    b.push(Block::Heading(
        Heading::new(3, "44. Minutes").with_anchor("m44"),
    ));
    b.push(para(
        "The Minutes of the meeting held on 11 July 2024 were agreed and signed as a true record.",
    ));
    b.push(Block::Heading(
        Heading::new(3, "45. Family Valued and Reunification Project").with_anchor("m45"),
    ));
    for text in NARRATIVE {
        b.push(Block::Paragraph(
            Paragraph::plain(*text).align(Align::Justify),
        ));
    }
    b.push(para("The Board asked questions, sought assurances and received responses on the following matters:"));
    b.push(Block::List(List {
        kind: ListKind::Bullet,
        start: 1,
        items: [
            "The ethnic profile of children involved in the Reunification Project.",
            "Costs of different levels of intervention per child, if not included in the Peer Challenge report, and how these compare with neighbouring authorities.",
            "The impact on the service of children changing schools following successful school appeals.",
        ]
        .iter()
        .map(|t| vec![para(t)])
        .collect(),
    }));
    b.push(bold_para("RESOLVED that the Scrutiny Board:"));
    b.push(Block::List(List {
        kind: ListKind::Numbered,
        start: 1,
        items: vec![
            vec![bold_para("Notes the Briefing Note in conjunction with the “Coventry Family Valued Impact Report and Next-Steps”.")],
            vec![bold_para("Notes, welcomes and supports the current progress and impact for children, young people and their families.")],
            vec![
                bold_para("Requests that the following information be circulated to the Scrutiny Board:"),
                Block::List(List {
                    kind: ListKind::Lettered,
                    start: 1,
                    items: vec![
                        vec![bold_para("the ethnic profile of children involved in the Reunification Project;")],
                        vec![bold_para("costs of different levels of intervention per child.")],
                    ],
                }),
            ],
            vec![bold_para("Requests that sickness levels of staff be included when the Scrutiny Board considers Social Worker Recruitment and Retention at a future meeting.")],
        ],
    }));
    for text in NARRATIVE.iter().rev() {
        b.push(Block::Paragraph(
            Paragraph::plain(*text).align(Align::Justify),
        ));
    }
    b.push(Block::Heading(
        Heading::new(3, "46. Child Friendly Cov").with_anchor("m46"),
    ));
    b.push(Block::Paragraph(Paragraph::new(vec![
        Run::text("The Scrutiny Board considered a Briefing Note of the Director of Children and Education (see the "),
        Run::text("council website").with_link("https://www.coventry.gov.uk/"),
        Run::text("), with "),
        Run::italic("Child Friendly Cov"),
        Run::text(" pledges that all children and young people in Coventry will:"),
    ])));
    b.push(Block::List(List {
        kind: ListKind::Bullet,
        start: 1,
        items: [
            "Be and feel safe",
            "Be and feel loved",
            "Be and feel healthy",
            "Be and feel valued",
            "Have opportunities",
        ]
        .iter()
        .map(|t| vec![para(t)])
        .collect(),
    }));
    for text in NARRATIVE {
        b.push(Block::Paragraph(
            Paragraph::plain(*text).align(Align::Justify),
        ));
    }
    b.push(Block::Heading(
        Heading::new(3, "47. Any Other Business").with_anchor("m47"),
    ));
    b.push(Block::Paragraph(Paragraph::new(vec![
        Run::text("There were no other items of public business. Minute 43 is on page "),
        Run::page_ref("m43").with_link("#m43"),
        Run::text("; the item 57 report is in the private pack ("),
        Run::text("item 57").with_link("#item-57-report"),
        Run::text(")."),
    ])));
    b.push(Block::Rule);
    b.push(Block::Paragraph(
        Paragraph::plain("(Meeting closed at 12.20 pm)").align(Align::Right),
    ));
    b.push(Block::SignatureBlock(vec![SignatureLine {
        label: "Chair".to_string(),
        name: "Councillor CE Thomas".to_string(),
        date: None,
    }]));
    doc
}

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("typeset");
    std::fs::create_dir_all(&dir).expect("create test output dir");
    dir
}

fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/typeset")
}

fn write_sample(name: &str) -> PathBuf {
    let rendered = render(&sample()).expect("sample renders");
    let path = out_dir().join(name);
    std::fs::write(&path, &rendered.bytes).expect("write pdf");
    path
}

#[test]
fn sample_text_matches_snapshot() {
    let pdf = write_sample("snapshot.pdf");
    let text = run("pdftotext", &["-layout", pdf.to_str().expect("path"), "-"]);
    common::pdf::compare_or_bless(&text, &snapshot_dir().join("sample.txt"), &out_dir());
}

#[test]
fn sample_is_several_pages_with_page_n_of_m_footers() {
    let rendered = render(&sample()).expect("renders");
    assert!(
        rendered.page_count >= 3,
        "only {} pages",
        rendered.page_count
    );
    let pdf = out_dir().join("footer.pdf");
    std::fs::write(&pdf, &rendered.bytes).expect("write");
    let text = run("pdftotext", &[pdf.to_str().expect("path"), "-"]);
    for n in 1..=rendered.page_count {
        let footer = format!("Page {n} of {}", rendered.page_count);
        assert!(text.contains(&footer), "missing {footer:?}");
    }
    assert_eq!(
        text.matches("Chair’s initials").count() as u32,
        rendered.page_count
    );
}

#[test]
fn fonts_are_embedded_subsets() {
    let pdf = write_sample("fonts.pdf");
    let listing = run("pdffonts", &[pdf.to_str().expect("path")]);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(
        rows.len() >= 3,
        "expected regular, bold and italic faces:\n{listing}"
    );
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let name = cols[0];
        let (tag, base) = name
            .split_once('+')
            .unwrap_or_else(|| panic!("no subset tag: {row}"));
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{row}"
        );
        assert!(base.starts_with("LiberationSans"), "{row}");
        // name, type (2 words), encoding, emb, sub, uni, object, id
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "emb/sub/uni: {row}"
        );
    }
}

#[test]
fn qpdf_check_is_clean() {
    common::pdf::qpdf_check(&write_sample("qpdf.pdf"));
}

#[test]
fn same_document_gives_same_bytes() {
    let a = render(&sample()).expect("renders");
    let b = render(&sample()).expect("renders");
    assert!(a.bytes == b.bytes, "two renders differ");
    let mut changed = sample();
    changed.meta.title.push('!');
    let c = render(&changed).expect("renders");
    let id = |bytes: &[u8]| {
        let doc = lopdf::Document::load_mem(bytes).expect("loads");
        format!("{:?}", doc.trailer.get(b"ID").expect("has /ID"))
    };
    assert_ne!(id(&a.bytes), id(&c.bytes), "/ID must follow the content");
}

#[test]
fn special_characters_round_trip() {
    let mut doc = Document::new(meta());
    let special = "£4,204,141 – ‘good’ “Family Valued” café résumé naïve € © ½ • …";
    doc.blocks.push(para(special));
    doc.blocks.push(Block::Paragraph(Paragraph::new(vec![
        Run::bold("Bold £ – é"),
        Run::text(" "),
        Run::italic("italic ‘quoted’"),
        Run::text(" "),
        Run {
            bold: true,
            italic: true,
            ..Run::text("both “é”")
        },
    ])));
    let rendered = render(&doc).expect("renders");
    let pdf = out_dir().join("special.pdf");
    std::fs::write(&pdf, &rendered.bytes).expect("write");
    let text = run("pdftotext", &[pdf.to_str().expect("path"), "-"]);
    assert!(text.contains(special), "{text:?}");
    assert!(
        text.contains("Bold £ – é italic ‘quoted’ both “é”"),
        "{text:?}"
    );
}

#[test]
fn metadata_language_and_outline() {
    let rendered = render(&sample()).expect("renders");
    let pdf = out_dir().join("meta.pdf");
    std::fs::write(&pdf, &rendered.bytes).expect("write");
    let info = run("pdfinfo", &[pdf.to_str().expect("path")]);
    for needle in [
        "Title:           Minutes – Education and Children’s Services Scrutiny Board (2)",
        "Author:          Coventry City Council",
        "Subject:         Minutes of the meeting held on 17 October 2024",
        "Keywords:        minutes,scrutiny",
        "Producer:        AgendaPack",
        "Page size:       595.28 x 841.89 pts (A4)",
    ] {
        assert!(info.contains(needle), "{needle:?} not in\n{info}");
    }

    let doc = lopdf::Document::load_mem(&rendered.bytes).expect("loads");
    let catalog = doc.catalog().expect("catalog");
    let lang = catalog
        .get(b"Lang")
        .and_then(lopdf::Object::as_str)
        .expect("Lang");
    assert_eq!(lang, b"en-GB");
    let prefs = catalog
        .get(b"ViewerPreferences")
        .and_then(lopdf::Object::as_dict)
        .expect("ViewerPreferences");
    assert!(prefs
        .get(b"DisplayDocTitle")
        .and_then(lopdf::Object::as_bool)
        .expect("flag"));

    // Outline: level 1 heading with "Public Business" (level 2) nested under it,
    // and the minutes (level 3) nested under that.
    let outlines = catalog
        .get(b"Outlines")
        .and_then(lopdf::Object::as_reference)
        .and_then(|r| doc.get_dictionary(r))
        .expect("outline root");
    let first = |d: &lopdf::Dictionary| {
        d.get(b"First")
            .and_then(lopdf::Object::as_reference)
            .and_then(|r| doc.get_dictionary(r))
            .expect("First")
    };
    let title = |d: &lopdf::Dictionary| {
        let bytes = d
            .get(b"Title")
            .and_then(lopdf::Object::as_str)
            .expect("Title");
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).expect("utf-16")
    };
    let top = first(outlines);
    assert!(
        title(top).starts_with("Minutes of the Meeting"),
        "{}",
        title(top)
    );
    let level2 = first(top);
    assert_eq!(title(level2), "Public Business");
    let level3 = first(level2);
    assert_eq!(title(level3), "43. Declarations of Interests");
    let mut count = 1;
    let mut cur = level3;
    while let Ok(next) = cur.get(b"Next").and_then(lopdf::Object::as_reference) {
        cur = doc.get_dictionary(next).expect("Next");
        count += 1;
    }
    assert_eq!(count, 5, "five minutes under Public Business");
}

#[test]
fn page_references_and_links_resolve() {
    let rendered = render(&sample()).expect("renders");
    let laid = layout(&sample()).expect("lays out");
    assert_eq!(laid.anchors, rendered.anchors);
    let m46 = rendered.anchors["m46"];
    let m43 = rendered.anchors["m43"];
    assert!(m46 > m43, "m46 on {m46}, m43 on {m43}");
    let text_of = |page: usize| -> String {
        laid.pages[page]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("")
    };
    let all: String = (0..laid.pages.len())
        .map(text_of)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        all.contains(&format!("(page {m46})")),
        "resolved reference missing"
    );
    assert!(
        all.contains(&format!("page {m43};")),
        "resolved reference missing"
    );

    let uri = rendered
        .links
        .iter()
        .find(|l| l.target == "https://www.coventry.gov.uk/")
        .expect("URI link reported");
    assert_eq!(uri.internal_page, None);
    let internal = rendered
        .links
        .iter()
        .find(|l| l.target == "#m43")
        .expect("anchor link");
    assert_eq!(internal.internal_page, Some(m43));
    let external = rendered
        .links
        .iter()
        .find(|l| l.target == "#item-57-report")
        .expect("unresolved anchor link still reported");
    assert_eq!(external.internal_page, None);
    let [x0, y0, x1, y1] = external.rect;
    assert!(x1 > x0 + 10.0 && y1 > y0 + 5.0, "{:?}", external.rect);

    // The PDF carries annotations for the URI and the internal link only.
    let doc = lopdf::Document::load_mem(&rendered.bytes).expect("loads");
    let mut uris = 0;
    let mut gotos = 0;
    for (_, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).expect("page");
        let Ok(annots) = page.get(b"Annots").and_then(lopdf::Object::as_array) else {
            continue;
        };
        for annot in annots {
            // printpdf writes annotations as direct objects.
            let annot = match annot {
                lopdf::Object::Reference(r) => doc.get_dictionary(*r).expect("annotation"),
                other => other.as_dict().expect("annotation dictionary"),
            };
            let action = annot
                .get(b"A")
                .and_then(lopdf::Object::as_dict)
                .expect("action");
            match action
                .get(b"S")
                .and_then(lopdf::Object::as_name)
                .expect("S")
            {
                b"URI" => uris += 1,
                b"GoTo" => gotos += 1,
                other => panic!("unexpected action {other:?}"),
            }
        }
    }
    assert_eq!((uris, gotos), (1, 1));
}

#[test]
fn unknown_page_reference_is_an_error() {
    let mut doc = Document::new(meta());
    doc.blocks
        .push(Block::Paragraph(Paragraph::new(vec![Run::page_ref(
            "nowhere",
        )])));
    match layout(&doc) {
        Err(TypesetError::UnknownAnchor { anchor }) => assert_eq!(anchor, "nowhere"),
        other => panic!("expected UnknownAnchor, got {other:?}"),
    }
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let mut doc = Document::new(meta());
    doc.blocks.push(Block::Heading(Heading::new(7, "Too deep")));
    assert!(matches!(
        layout(&doc),
        Err(TypesetError::InvalidHeadingLevel { level: 7, .. })
    ));

    let mut doc = Document::new(meta());
    doc.blocks.push(Block::Table(Table {
        columns: vec![],
        rows: vec![],
        header: false,
        borders: false,
    }));
    assert!(matches!(
        layout(&doc),
        Err(TypesetError::InvalidTable { .. })
    ));

    let mut doc = Document::new(meta());
    doc.blocks
        .push(Block::Paragraph(Paragraph::plain("x").size(f32::NAN)));
    assert!(matches!(
        layout(&doc),
        Err(TypesetError::InvalidDimension { .. })
    ));

    // Characters the font lacks and control characters do not break anything.
    let mut doc = Document::new(meta());
    doc.blocks
        .push(para("emoji 🙂 and CJK 会议 and a\u{7}bell"));
    let rendered = render(&doc).expect("renders");
    assert_eq!(rendered.page_count, 1);
}

/// Long generated minutes, to exercise pagination rules.
fn long_document() -> Document {
    let mut doc = sample();
    for n in 48..70 {
        doc.blocks
            .push(Block::Heading(Heading::new(3, format!("{n}. Item {n}"))));
        for (i, text) in NARRATIVE.iter().enumerate() {
            if (n + i) % 3 == 0 {
                continue;
            }
            doc.blocks.push(Block::Paragraph(
                Paragraph::plain(*text).align(Align::Justify),
            ));
        }
        doc.blocks.push(Block::List(List {
            kind: ListKind::Numbered,
            start: 1,
            items: (0..(n % 4 + 1))
                .map(|i| vec![bold_para(NARRATIVE[i % 4])])
                .collect(),
        }));
    }
    doc
}

#[test]
fn nothing_leaves_the_text_area() {
    for doc in [sample(), long_document()] {
        let laid = layout(&doc).expect("lays out");
        let a = laid.text_area;
        for (p, page) in laid.pages.iter().enumerate() {
            for item in &page.items {
                match item {
                    Item::Text(t) => {
                        assert!(
                            t.x >= a.left - 0.01,
                            "page {}: {t:?} starts left of the margin",
                            p + 1
                        );
                        assert!(
                            t.x + t.width <= a.right + 0.01,
                            "page {}: {t:?} overflows",
                            p + 1
                        );
                        assert!(
                            t.y <= a.top && t.y >= a.bottom,
                            "page {}: {t:?} outside vertically",
                            p + 1
                        );
                    }
                    Item::Line { from, to, .. } => {
                        for (x, y) in [from, to] {
                            assert!(*x >= a.left - 0.01 && *x <= a.right + 0.01, "{item:?}");
                            assert!(*y <= a.top && *y >= a.bottom, "{item:?}");
                        }
                    }
                    Item::Rect { x, y, w, h, .. } => {
                        assert!(*x >= a.left - 0.01 && x + w <= a.right + 0.01, "{item:?}");
                        assert!(*y >= a.bottom - 0.01 && y + h <= a.top + 0.01, "{item:?}");
                    }
                }
            }
            for b in &page.boxes {
                assert!(
                    b.bottom >= a.bottom - 0.01,
                    "page {}: box {b:?} below the margin",
                    p + 1
                );
            }
        }
    }
}

#[test]
fn headings_never_end_a_page_and_no_widows_or_orphans() {
    for doc in [sample(), long_document()] {
        let laid = layout(&doc).expect("lays out");
        assert!(laid.pages.len() >= 3);
        let last_page = laid.pages.len() - 1;
        for (p, page) in laid.pages.iter().enumerate() {
            let (Some(first), Some(last)) = (page.boxes.first(), page.boxes.last()) else {
                panic!("page {} is empty", p + 1)
            };
            if p != last_page {
                assert_ne!(
                    last.role,
                    Role::Heading,
                    "page {} ends with a heading",
                    p + 1
                );
                if let Role::ParagraphLine { index, count, .. } = last.role {
                    assert!(
                        !(index == 0 && count > 1),
                        "orphan at the foot of page {}",
                        p + 1
                    );
                }
            }
            if let Role::ParagraphLine { index, count, .. } = first.role {
                assert!(
                    !(count > 1 && index + 1 == count),
                    "widow at the top of page {}",
                    p + 1
                );
                assert!(
                    index != 1 || count < 4,
                    "page {} starts after a lone first line",
                    p + 1
                );
            }
        }
    }
}

#[test]
fn markdown_renders_lists_and_emphasis() {
    let mut doc = Document::new(meta());
    doc.blocks = markdown_to_blocks(
        "## Resolutions\n\n**RESOLVED** that the Board:\n\n1. notes the report;\n2. requests:\n   1. the ethnic profile;\n   2. the costs.\n\n- a bullet with *italic* text\n",
    );
    let rendered = render(&doc).expect("renders");
    let pdf = out_dir().join("markdown.pdf");
    std::fs::write(&pdf, &rendered.bytes).expect("write");
    let text = run("pdftotext", &["-layout", pdf.to_str().expect("path"), "-"]);
    for needle in [
        "Resolutions",
        "RESOLVED that the Board:",
        "1)",
        "notes the report;",
        "2)",
        "(a)",
        "(b)",
        "the costs.",
        "•",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
}

#[test]
fn page_one_looks_like_the_reference_png() {
    let pdf = write_sample("png.pdf");
    common::pdf::png_matches(
        &pdf,
        1,
        &snapshot_dir().join("sample-p1.png"),
        &out_dir(),
        PNG_TOLERANCE,
    );
}
