//! Typesetting speed: about 200 pages of minutes-like content.
//!
//! Run with `cargo bench --bench typeset` (release mode). Prints the time for
//! layout alone and for the full render (layout + PDF with subset fonts),
//! best of several runs. Goal: full render under 150 ms.
#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use agendapack::typeset::{
    layout, render, Align, Block, Document, Heading, List, ListKind, Metadata, Paragraph, Run,
    Running,
};

const WORDS: &[&str] = &[
    "the",
    "Board",
    "considered",
    "a",
    "Briefing",
    "Note",
    "of",
    "Director",
    "Children",
    "Education",
    "which",
    "provided",
    "an",
    "update",
    "on",
    "impact",
    "Coventry",
    "Family",
    "Valued",
    "including",
    "Reunification",
    "Project",
    "outlined",
    "proposed",
    "next",
    "steps",
    "funding",
    "£4,204,141",
    "period",
    "2021–2023",
    "programme",
    "services",
    "restorative",
    "practice",
    "outcomes",
    "young",
    "people",
    "‘good’",
    "judgement",
    "recruitment",
    "and",
    "retention",
    "placement",
    "market",
    "savings",
    "safe",
    "reduction",
    "care",
    "council",
];

/// A small deterministic generator (no randomness from the system).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(WORDS[self.next(WORDS.len())]);
        }
        s.push('.');
        s
    }
}

fn minutes(items: usize) -> Document {
    let mut rng = Lcg(17);
    let mut doc = Document::new(Metadata {
        title: "Benchmark minutes".to_string(),
        author: "AgendaPack".to_string(),
        subject: String::new(),
        keywords: Vec::new(),
        language: "en-GB".to_string(),
        created: chrono::NaiveDate::from_ymd_opt(2024, 10, 17)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("valid date"),
    });
    doc.footer = Some(Running {
        centre: "Page {page} of {pages}".to_string(),
        initials_box: Some("Chair’s initials".to_string()),
        ..Running::default()
    });
    for n in 0..items {
        doc.blocks.push(Block::Heading(
            Heading::new(3, format!("{}. {}", n + 1, rng.sentence(5))).with_anchor(format!("m{n}")),
        ));
        for _ in 0..3 {
            let words = 40 + rng.next(60);
            doc.blocks.push(Block::Paragraph(
                Paragraph::new(vec![
                    Run::text(rng.sentence(words)),
                    Run::bold(format!(" {}", rng.sentence(4))),
                ])
                .align(Align::Justify),
            ));
        }
        doc.blocks.push(Block::List(List {
            kind: ListKind::Bullet,
            start: 1,
            items: (0..3)
                .map(|_| vec![Block::Paragraph(Paragraph::plain(rng.sentence(15)))])
                .collect(),
        }));
        doc.blocks
            .push(Block::Paragraph(Paragraph::new(vec![Run::bold(
                "RESOLVED that:",
            )])));
        doc.blocks.push(Block::List(List {
            kind: ListKind::Numbered,
            start: 1,
            items: (0..3)
                .map(|_| {
                    vec![Block::Paragraph(Paragraph::new(vec![Run::bold(
                        rng.sentence(20),
                    )]))]
                })
                .collect(),
        }));
    }
    doc
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

fn main() {
    // 260 items come to just over 200 pages (250 gave 196).
    let doc = minutes(260);
    let (t_layout, laid) = best_of(5, || layout(&doc).expect("layout"));
    let (t_render, rendered) = best_of(5, || render(&doc).expect("render"));
    // The benchmark means nothing unless the document really is 200 pages:
    // count them in the layout, in the render and in the PDF read back.
    let in_file = lopdf::Document::load_mem(&rendered.bytes)
        .expect("the rendered PDF reads back")
        .get_pages()
        .len();
    assert!(
        laid.pages.len() >= 200 && rendered.page_count as usize == laid.pages.len(),
        "the benchmark document has {} pages (render says {}), not at least 200",
        laid.pages.len(),
        rendered.page_count
    );
    assert_eq!(in_file, laid.pages.len(), "pages in the PDF file");
    println!(
        "typeset: {} pages, {} bytes; layout {:.1} ms, full render {:.1} ms (best of 5; goal < 150 ms)",
        laid.pages.len(),
        rendered.bytes.len(),
        t_layout.as_secs_f64() * 1000.0,
        t_render.as_secs_f64() * 1000.0,
    );
}
