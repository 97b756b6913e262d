//! The leak guarantee as a property: for generated meetings with random mixes
//! of public and private items whose private titles, minute texts and
//! reports carry canaries, no output meant for publication (public pack,
//! front sheet, public minutes, the supplementary pack) contains any canary,
//! in its text, its structure tree (`pdfinfo -struct-text`, and the raw bytes
//! hold every alt text, title and actual text) or its raw bytes — and the
//! private minutes and the members' pack do carry them (so the check can
//! fail). The canary reports are tagged, with canaries in their structure
//! elements' `/Alt`, `/T` and `/ActualText` (issue 13).
//!
//! `PROPTEST_CASES=64 cargo test --release --test leak_property` runs more cases.

mod common;

use agendapack::domain::{AgendaItem, Exemption, Late, MeetingId, Paragraph};
use agendapack::publish::{self, PackKind};
use agendapack::store::{NewReport, Store};
use agendapack::typeset::model::{Block, Document, Heading, Metadata};
use agendapack::{demo, pack, typeset};
use proptest::prelude::*;
use std::path::PathBuf;

const NOV: MeetingId = MeetingId(2);

#[derive(Debug, Clone)]
struct Spec {
    private: bool,
    late: bool,
    reports: u8,
    paragraphs: Vec<u8>,
    position: usize,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        any::<bool>(),
        prop::bool::weighted(0.25),
        0u8..3,
        prop::collection::btree_set(1u8..=7, 1..3),
        0usize..12,
    )
        .prop_map(|(private, late, reports, paragraphs, position)| Spec {
            private,
            late,
            reports,
            paragraphs: paragraphs.into_iter().collect(),
            position,
        })
}

fn canary_pdf(tag: &str) -> Vec<u8> {
    let mut doc = Document::new(Metadata {
        title: format!("Title {tag}T"),
        author: format!("Author {tag}A"),
        subject: format!("Subject {tag}S"),
        keywords: vec![format!("{tag}K")],
        language: "en-GB".into(),
        created: chrono::NaiveDate::from_ymd_opt(2024, 11, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
    });
    doc.blocks = vec![
        Block::Heading(Heading::new(1, format!("Outline {tag}O"))),
        Block::Paragraph(agendapack::typeset::model::Paragraph::plain(format!(
            "Exempt figures {tag}X and more."
        ))),
    ];
    with_structure_canaries(typeset::render(&doc).unwrap().bytes, tag)
}

/// Puts canaries in the `/Alt` (L), `/T` (E) and `/ActualText` (U) of the
/// report's paragraph elements, as a Word export's alt texts would be.
fn with_structure_canaries(bytes: Vec<u8>, tag: &str) -> Vec<u8> {
    use lopdf::Object;
    let mut doc = lopdf::Document::load_mem(&bytes).unwrap();
    let mut marked = 0;
    for obj in doc.objects.values_mut() {
        let Ok(d) = obj.as_dict_mut() else { continue };
        let is_p = matches!(d.get(b"Type").and_then(Object::as_name), Ok(b"StructElem"))
            && matches!(d.get(b"S").and_then(Object::as_name), Ok(b"P"));
        if is_p {
            d.set("Alt", Object::string_literal(format!("Alt {tag}L")));
            d.set("T", Object::string_literal(format!("Title {tag}E")));
            d.set(
                "ActualText",
                Object::string_literal(format!("Actual {tag}U")),
            );
            marked += 1;
        }
    }
    assert!(marked > 0, "the canary report is tagged");
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn scratch() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("leak");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn leaks(bytes: &[u8], name: &str, canaries: &[String]) -> Vec<String> {
    let path = scratch().join(name);
    std::fs::write(&path, bytes).unwrap();
    let text = common::pdf::text(&path) + &common::tags::struct_text(&path);
    let raw = common::pdf::raw_qdf(&path, &scratch());
    let mut found = Vec::new();
    for c in canaries {
        let utf16: Vec<u8> = c.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let in_bytes = |hay: &[u8], n: &[u8]| hay.windows(n.len()).any(|w| w == n);
        if text.contains(c.as_str())
            || in_bytes(&raw, c.as_bytes())
            || in_bytes(&raw, &utf16)
            || in_bytes(bytes, c.as_bytes())
        {
            found.push(c.clone());
        }
    }
    found
}

/// The canaries the text of `bytes` does not show (lines joined, so a
/// title wrapped over two lines still counts).
fn missing(bytes: &[u8], name: &str, canaries: &[String]) -> Vec<String> {
    let path = scratch().join(name);
    std::fs::write(&path, bytes).unwrap();
    let flat = common::pdf::text(&path)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    canaries
        .iter()
        .filter(|c| !flat.contains(c.as_str()))
        .cloned()
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn public_outputs_never_contain_private_canaries(specs in prop::collection::vec(spec(), 1..5)) {
        let mut store = Store::open_in_memory().unwrap();
        demo::load(&mut store).unwrap();
        // The demo's own private report is also exempt: its distinctive names are canaries too.
        // Its private minute's wording is a canary as well.
        let mut canaries: Vec<String> = vec![
            "Kestrel Lodge".into(),
            "Placement Commissioning".into(),
            "commercially confidential".into(),
        ];
        // What of a private item only the private minutes may show.
        let mut minute_canaries: Vec<String> = vec![
            "Placement Commissioning".into(),
            "commercially confidential".into(),
        ];
        for (n, s) in specs.iter().enumerate() {
            let tag = format!("QZX{n}Q");
            let key = format!("gen-{n}");
            let item = AgendaItem {
                private_title: s.private.then(|| format!("Private title {tag}P")),
                exemption: s.private.then(|| Exemption {
                    paragraphs: s.paragraphs.iter().map(|&p| Paragraph::try_from(p).unwrap()).collect(),
                }),
                late: s.late.then(|| Late { reason: "The report arrived after publication.".into() }),
                minute: Some(if s.private {
                    format!("Further to [[item:{key}]], the Board noted the exempt sum {tag}M.")
                } else {
                    "The Board noted the report.".into()
                }),
                ..AgendaItem::new(key.clone(), format!("Generated item {n}"))
            };
            let at = s.position.min(store.load_meeting(NOV).unwrap().meeting.items.len());
            store.add_item(NOV, &item, Some(at)).unwrap();
            for r in 0..s.reports {
                let rtag = format!("{tag}{r}");
                let bytes = canary_pdf(&rtag);
                let file = format!("{rtag}F.pdf");
                let info = pack::inspect(&file, &bytes, &pack::Limits::default()).unwrap();
                store
                    .attach_report(NOV, &key, NewReport { title: &format!("Report {rtag}R"), file_name: &file, bytes: &info.bytes, pages: info.page_count, original: None })
                    .unwrap();
                if s.private {
                    for suffix in ["T", "A", "S", "K", "O", "X", "F", "R", "L", "E", "U"] {
                        canaries.push(format!("{rtag}{suffix}"));
                    }
                }
            }
            if s.private {
                for suffix in ["P", "M"] {
                    canaries.push(format!("{tag}{suffix}"));
                    minute_canaries.push(format!("{tag}{suffix}"));
                }
            }
        }
        let settings = Default::default();
        let public = publish::build_pack(&store, NOV, PackKind::Public, &settings).unwrap();
        prop_assert_eq!(leaks(&public.bytes, "public.pdf", &canaries), Vec::<String>::new());
        prop_assert!(common::tags::tagged(&scratch().join("public.pdf")), "the public pack is tagged");
        let agenda = publish::agenda_pdf(&store, NOV, &settings).unwrap();
        prop_assert_eq!(leaks(&agenda.bytes, "agenda.pdf", &canaries), Vec::<String>::new());
        let minutes = publish::minutes_pdf(&store, NOV).unwrap();
        prop_assert_eq!(leaks(&minutes.bytes, "minutes.pdf", &canaries), Vec::<String>::new());
        if specs.iter().any(|s| s.late) {
            let supp = publish::build_pack(&store, NOV, PackKind::Supplementary, &settings).unwrap();
            prop_assert_eq!(leaks(&supp.bytes, "supplementary.pdf", &canaries), Vec::<String>::new());
        }
        // The private minutes are the full record: every private title and
        // minute text is there, in the text read back.
        let private_minutes = publish::private_minutes_pdf(&store, NOV).unwrap();
        prop_assert_eq!(
            missing(&private_minutes.bytes, "private-minutes.pdf", &minute_canaries),
            Vec::<String>::new()
        );
        let marking = vec!["PRIVATE \u{2013} NOT FOR PUBLICATION".to_string()];
        let unmarked = missing(&private_minutes.bytes, "private-minutes.pdf", &marking);
        prop_assert!(unmarked.is_empty(), "the private minutes are not marked");
        // The members' pack has every private canary of the report text: the check can fail.
        if specs.iter().any(|s| s.private && s.reports > 0) {
            let private = publish::build_pack(&store, NOV, PackKind::Private, &settings).unwrap();
            let carried = leaks(&private.bytes, "private.pdf", &canaries);
            prop_assert!(!carried.is_empty());
            // The private reports' structure trees are carried into the
            // members' pack: their alt texts are there (so the public check
            // of structure can fail).
            prop_assert!(carried.iter().any(|c| c.ends_with('L')), "{:?}", carried);
            let path = scratch().join("private.pdf");
            prop_assert!(common::tags::tagged(&path));
            common::tags::check(&path);
        }
    }
}
