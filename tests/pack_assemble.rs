//! Pack assembly, read back with poppler and qpdf: page counts, stamps (once per
//! page, in order, upright), watermarks, bookmarks, front-sheet links, metadata
//! stripping, determinism.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use agendapack::pack::{
    assemble, inspect, plan_ranges, FrontLink, Limits, PackError, PackInput, PackMeta, PackOutput,
    PageGeometry, Part,
};
use lopdf::{dictionary, Document, Object, Stream, StringFormat};

const WATERMARK: &str = "PRIVATE – NOT FOR PUBLICATION – paragraph(s) 1, 3";

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdfs")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn geometry(bytes: &[u8]) -> Vec<PageGeometry> {
    inspect("x.pdf", bytes, &Limits::default())
        .expect("inspect")
        .pages
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn part(key: &str, item: &str, report: Option<&str>, file: &str) -> Part {
    Part {
        key: key.into(),
        item_bookmark: item.into(),
        report_bookmark: report.map(str::to_string),
        bytes: fixture(file),
        watermark: None,
        stamp: true,
        headings: Vec::new(),
    }
}

fn meta() -> PackMeta {
    PackMeta {
        title: "Education and Children's Services Scrutiny Board (2), 28 November 2024".into(),
        author: "Coventry City Council".into(),
        subject: "Agenda reports pack".into(),
        language: "en-GB".into(),
        created: None,
    }
}

/// A main pack from every kind of producer, with a private part.
fn main_pack_input() -> PackInput {
    let owner_only = inspect(
        "owner_only_aes256.pdf",
        &fixture("owner_only_aes256.pdf"),
        &Limits::default(),
    )
    .expect("decrypt")
    .bytes;
    let mut parts = vec![
        part(
            "r51a",
            "51 Minutes",
            Some("Minutes of 17 October 2024"),
            "gs_report.pdf",
        ),
        part(
            "r52",
            "52 School places",
            Some("Briefing note"),
            "cairo_report.pdf",
        ),
        part(
            "r52-app",
            "52 School places",
            Some("Appendix: signed letter"),
            "scan.pdf",
        ),
        part("r53", "53 SEND transport", None, "objstm.pdf"),
        part(
            "r54",
            "54 Youth services",
            Some("Briefing note"),
            "gs_landscape.pdf",
        ),
        part(
            "r54-plan",
            "54 Youth services",
            Some("Site plan (A3)"),
            "gs_a3.pdf",
        ),
        part(
            "r55",
            "55 Work Programme",
            Some("Work programme"),
            "rotated.pdf",
        ),
        part("r56", "56 Late item", Some("Report"), "incremental.pdf"),
        part(
            "r57",
            "57 Youth services (private)",
            Some("Private report"),
            "inherited.pdf",
        ),
    ];
    parts.push(Part {
        key: "r57-b".into(),
        item_bookmark: "57 Youth services (private)".into(),
        report_bookmark: Some("Private appendix".into()),
        bytes: owner_only,
        watermark: Some(WATERMARK.into()),
        stamp: true,
        headings: Vec::new(),
    });
    parts[8].watermark = Some(WATERMARK.into());
    PackInput {
        front: fixture("front.pdf"),
        front_links: vec![
            FrontLink {
                page: 1,
                rect: [72.0, 600.0, 300.0, 620.0],
                target: "r52".into(),
            },
            FrontLink {
                page: 2,
                rect: [72.0, 500.0, 300.0, 520.0],
                target: "r55".into(),
            },
        ],
        parts,
        first_number: 1,
        meta: meta(),
    }
}

struct Written {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn write(out: &PackOutput) -> Written {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, &out.bytes).expect("write");
    Written { _dir: dir, path }
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[derive(Debug, Clone)]
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

fn attr(line: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let start = line.find(&key).map(|i| i + key.len()).unwrap_or(0);
    let end = line[start..].find('"').map(|i| i + start).unwrap_or(start);
    line[start..end].parse().unwrap_or(f64::NAN)
}

/// Words of one page with their boxes (pdftotext -bbox -cropbox: relative to the
/// crop box's top left corner as displayed; y grows downwards).
fn words(pdf: &Path, page: u32) -> Vec<Word> {
    let n = page.to_string();
    let out = run(
        "pdftotext",
        &["-bbox", "-cropbox", "-f", &n, "-l", &n, path_str(pdf), "-"],
    );
    out.lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .map(|l| {
            let text = l
                .split('>')
                .nth(1)
                .and_then(|s| s.split('<').next())
                .unwrap_or("")
                .replace("&amp;", "&");
            Word {
                x0: attr(l, "xMin"),
                y0: attr(l, "yMin"),
                x1: attr(l, "xMax"),
                y1: attr(l, "yMax"),
                text,
            }
        })
        .collect()
}

/// The "Page N" stamps on a page: (N, box of "Page" .. N).
fn stamps(words: &[Word]) -> Vec<(u32, [f64; 4])> {
    let mut found = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if w.text != "Page" {
            continue;
        }
        // the number is the nearest word to the right on the same baseline
        let number = words
            .iter()
            .enumerate()
            .filter(|(j, n)| {
                *j != i && (n.y1 - w.y1).abs() < 0.5 && n.x0 > w.x1 && n.x0 - w.x1 < 6.0
            })
            .min_by(|a, b| a.1.x0.total_cmp(&b.1.x0));
        if let Some((_, n)) = number {
            if let Ok(v) = n.text.parse::<u32>() {
                found.push((v, [w.x0, w.y0, n.x1, n.y1]));
            }
        }
    }
    found
}

/// Displayed size of each page of the pack, in order.
fn displayed_sizes(input: &PackInput) -> Vec<(f64, f64)> {
    let mut all = geometry(&input.front);
    for p in &input.parts {
        all.extend(geometry(&p.bytes));
    }
    all.iter()
        .map(|g| {
            let (w, h) = (f64::from(g.width_pt), f64::from(g.height_pt));
            if g.rotate % 180 == 0 {
                (w, h)
            } else {
                (h, w)
            }
        })
        .collect()
}

#[test]
fn main_pack_pages_stamps_and_ranges() {
    let input = main_pack_input();
    let out = assemble(&input).expect("assemble");
    let front_pages = geometry(&input.front).len() as u32;
    let counts: Vec<u32> = input
        .parts
        .iter()
        .map(|p| geometry(&p.bytes).len() as u32)
        .collect();
    assert_eq!(out.page_count, front_pages + counts.iter().sum::<u32>());
    assert_eq!(out.ranges, plan_ranges(front_pages, &counts, 1));
    assert_eq!(out.ranges[0], (3, 5));
    assert_eq!(out.ranges.last().copied(), Some((24, 26)));

    let file = write(&out);
    let info = run("pdfinfo", &[path_str(&file.path)]);
    assert!(
        info.contains(&format!("Pages:           {}", out.page_count)),
        "{info}"
    );

    let sizes = displayed_sizes(&input);
    for page in 1..=out.page_count {
        let words = words(&file.path, page);
        let found = stamps(&words);
        if page <= front_pages {
            assert!(found.is_empty(), "front page {page} stamped: {found:?}");
            continue;
        }
        assert_eq!(found.len(), 1, "page {page}: stamps {found:?}");
        let (n, [x0, y0, x1, y1]) = found[0];
        assert_eq!(n, page, "page {page} is stamped {n}");
        let (w, h) = sizes[(page - 1) as usize];
        // upright: wider than tall; bottom centre, about 10 mm up, as displayed
        assert!(x1 - x0 > 2.0 * (y1 - y0), "page {page}: stamp not upright");
        assert!(
            ((x0 + x1) / 2.0 - w / 2.0).abs() < 3.0,
            "page {page}: not centred"
        );
        assert!(
            h - y1 > 20.0 && h - y1 < 34.0,
            "page {page}: stamp {y0}..{y1} on a page {h} high"
        );
    }
    // each part's range matches the stamps on its first and last page
    for (range, count) in out.ranges.iter().zip(&counts) {
        assert_eq!(range.1 - range.0 + 1, *count);
        assert_eq!(stamps(&words(&file.path, range.0))[0].0, range.0);
        assert_eq!(stamps(&words(&file.path, range.1))[0].0, range.1);
    }
}

#[test]
fn report_content_survives_in_order() {
    let input = main_pack_input();
    let out = assemble(&input).expect("assemble");
    let file = write(&out);
    let page_text = |p: u32| {
        let n = p.to_string();
        run(
            "pdftotext",
            &["-f", &n, "-l", &n, path_str(&file.path), "-"],
        )
    };
    assert!(page_text(1).contains("Agenda front sheet"));
    assert!(page_text(3).contains("Report page 1 of 3"));
    assert!(page_text(5).contains("Report page 3 of 3"));
    assert!(page_text(7).contains("Report page 2 of 2"));
    // incremental update: the final version, not the draft
    let late = page_text(out.ranges[7].0);
    assert!(late.contains("Final version, page 1"), "{late}");
    assert!(!late.contains("Draft"));
    // inherited resources, page order from the page tree (not object numbers)
    let (a, _) = out.ranges[8];
    assert!(page_text(a).contains("Inherited page one"));
    assert!(page_text(a + 1).contains("Inherited page two"));
    assert!(page_text(a + 2).contains("Inherited page three"));
    // decrypted owner-password file
    assert!(page_text(out.ranges[9].1).contains("Report page 3 of 3"));
}

#[test]
fn watermark_is_red_text_at_the_top_of_private_pages_only() {
    let input = main_pack_input();
    let out = assemble(&input).expect("assemble");
    let file = write(&out);
    let sizes = displayed_sizes(&input);
    for page in 1..=out.page_count {
        let n = page.to_string();
        let text = run(
            "pdftotext",
            &["-f", &n, "-l", &n, path_str(&file.path), "-"],
        );
        let private = page >= out.ranges[8].0;
        assert_eq!(text.contains(WATERMARK), private, "page {page}: {text}");
        if private {
            let words = words(&file.path, page);
            let w = words.iter().find(|w| w.text == "PRIVATE").expect("PRIVATE");
            let (pw, _) = sizes[(page - 1) as usize];
            assert!(w.y1 < 45.0, "page {page}: watermark at {}", w.y1);
            assert!(
                w.x1 - w.x0 > 2.0 * (w.y1 - w.y0),
                "page {page}: not upright"
            );
            let last = words.iter().find(|w| w.text == "3").expect("3");
            assert!(
                ((w.x0 + last.x1) / 2.0 - pw / 2.0).abs() < 3.0,
                "page {page}"
            );
        }
    }
    // red: render the top strip of a private page and find red pixels
    let dir = tempfile::tempdir().expect("tempdir");
    let prefix = dir.path().join("p");
    let n = out.ranges[9].0.to_string();
    run(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-f",
            &n,
            "-l",
            &n,
            "-y",
            "0",
            "-H",
            "120",
            "-W",
            "1240",
            path_str(&file.path),
            path_str(&prefix),
        ],
    );
    let ppm = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .find(|e| e.path().extension().is_some_and(|x| x == "ppm"))
        .expect("ppm");
    let data = std::fs::read(ppm.path()).expect("ppm");
    // Skip the PPM header: "P6", width and height, maximum value, each ended by a newline.
    let mut newlines = 0;
    let start = data
        .iter()
        .position(|&b| {
            newlines += usize::from(b == b'\n');
            newlines == 3
        })
        .expect("ppm header")
        + 1;
    let reds = data[start..]
        .chunks(3)
        .filter(|p| {
            p.len() == 3 && p[0] > 150 && p[0] - p[1].min(p[0]) > 80 && p[1].abs_diff(p[2]) < 20
        })
        .count();
    assert!(reds > 50, "only {reds} red pixels");
}

#[test]
fn qpdf_check_fonts_and_catalogue() {
    let out = assemble(&main_pack_input()).expect("assemble");
    let file = write(&out);
    let check = run("qpdf", &["--check", path_str(&file.path)]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let fonts = run("pdffonts", &[path_str(&file.path)]);
    let liberation = fonts
        .lines()
        .find(|l| l.contains("+LiberationSans"))
        .unwrap_or_else(|| panic!("no stamp font: {fonts}"));
    let cols: Vec<&str> = liberation.split_whitespace().collect();
    // name type(2 words) encoding emb sub uni
    assert!(cols.contains(&"yes"), "{liberation}");
    assert!(liberation.contains("CID TrueType"), "{liberation}");
    let emb = cols[cols.len() - 5..cols.len() - 2].join(" ");
    assert_eq!(emb, "yes yes yes", "{liberation}");

    let info = run("pdfinfo", &[path_str(&file.path)]);
    assert!(
        info.contains("Title:           Education and Children's Services"),
        "{info}"
    );
    assert!(info.contains("Producer:        AgendaPack"), "{info}");
    assert!(!info.contains("CreationDate"), "{info}");
    let raw = String::from_utf8_lossy(&out.bytes);
    assert!(raw.contains("/PageMode /UseOutlines"));
    assert!(raw.contains("/Lang (en-GB)"));
    assert!(raw.contains("/DisplayDocTitle true"));
}

fn qpdf_json(path: &Path) -> serde_json::Value {
    let text = run("qpdf", &["--json", path_str(path)]);
    serde_json::from_str(&text).expect("qpdf json")
}

#[test]
fn bookmarks_point_at_the_right_pages() {
    let input = main_pack_input();
    let out = assemble(&input).expect("assemble");
    let file = write(&out);
    let json = qpdf_json(&file.path);
    let outlines = json["outlines"].as_array().expect("outlines");
    let top: Vec<(String, u64)> = outlines
        .iter()
        .map(|o| {
            (
                o["title"].as_str().unwrap_or("").to_string(),
                o["destpageposfrom1"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let r = &out.ranges;
    let expected = vec![
        ("Agenda front sheet".to_string(), 1),
        ("51 Minutes".to_string(), u64::from(r[0].0)),
        ("52 School places".to_string(), u64::from(r[1].0)),
        ("53 SEND transport".to_string(), u64::from(r[3].0)),
        ("54 Youth services".to_string(), u64::from(r[4].0)),
        ("55 Work Programme".to_string(), u64::from(r[6].0)),
        ("56 Late item".to_string(), u64::from(r[7].0)),
        ("57 Youth services (private)".to_string(), u64::from(r[8].0)),
    ];
    assert_eq!(top, expected);
    let kids = |i: usize| -> Vec<(String, u64)> {
        outlines[i]["kids"]
            .as_array()
            .expect("kids")
            .iter()
            .map(|o| {
                (
                    o["title"].as_str().unwrap_or("").to_string(),
                    o["destpageposfrom1"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    };
    assert_eq!(
        kids(2),
        vec![
            ("Briefing note".to_string(), u64::from(r[1].0)),
            ("Appendix: signed letter".to_string(), u64::from(r[2].0)),
        ]
    );
    assert!(kids(3).is_empty(), "no report bookmark for item 53");
    assert_eq!(
        kids(7)[1],
        ("Private appendix".to_string(), u64::from(r[9].0))
    );
    // the outline's page objects are the pack's page objects
    let pages: Vec<String> = json["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .map(|p| p["object"].as_str().unwrap_or("").to_string())
        .collect();
    for o in outlines {
        let dest_obj = o["dest"][0].as_str().unwrap_or("");
        let pos = o["destpageposfrom1"].as_u64().unwrap_or(0) as usize;
        assert_eq!(pages[pos - 1], dest_obj);
    }
}

#[test]
fn front_sheet_links_go_to_the_first_page_of_their_report() {
    let input = main_pack_input();
    let out = assemble(&input).expect("assemble");
    let file = write(&out);
    let json = qpdf_json(&file.path);
    let pages: Vec<String> = json["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .map(|p| p["object"].as_str().unwrap_or("").to_string())
        .collect();
    let objects = &json["qpdf"][1];
    let object = |r: &str| objects[format!("obj:{r}")]["value"].clone();
    for (front_page, target_part) in [(1usize, 1usize), (2, 6)] {
        let page = object(&pages[front_page - 1]);
        let annots = page["/Annots"].as_array().expect("annots");
        assert_eq!(annots.len(), 1);
        let link = object(annots[0].as_str().unwrap_or(""));
        assert_eq!(link["/Subtype"], "/Link");
        let dest = link["/Dest"][0].as_str().unwrap_or("");
        let want = &pages[(out.ranges[target_part].0 - 1) as usize];
        assert_eq!(dest, want, "front page {front_page}");
    }
}

#[test]
fn output_is_deterministic() {
    let input = main_pack_input();
    let a = assemble(&input).expect("assemble");
    let b = assemble(&input).expect("assemble");
    assert!(a.bytes == b.bytes, "same input, different bytes");
    let raw = String::from_utf8_lossy(&a.bytes);
    assert!(raw.contains("/ID [<"));
    // a different input gives a different /ID
    let mut other = input.clone();
    other.meta.title.push_str(" (revised)");
    let c = assemble(&other).expect("assemble");
    let id = |bytes: &[u8]| {
        let s = String::from_utf8_lossy(bytes).into_owned();
        s[s.rfind("/ID [<").unwrap_or(0)..]
            .chars()
            .take(40)
            .collect::<String>()
    };
    assert_ne!(id(&a.bytes), id(&c.bytes));
}

#[test]
fn supplementary_pack_continues_numbering_and_unstamped_parts_still_count() {
    let mut notice = part("n57", "57 Private report", None, "gs_report.pdf");
    notice.stamp = false;
    let input = PackInput {
        front: fixture("front.pdf"),
        front_links: vec![],
        parts: vec![
            notice,
            part("r58", "58 Late report", Some("Report"), "cairo_report.pdf"),
        ],
        first_number: 27,
        meta: meta(),
    };
    let out = assemble(&input).expect("assemble");
    assert_eq!(out.ranges, vec![(29, 31), (32, 33)]);
    assert_eq!(plan_ranges(2, &[3, 2], 27), out.ranges);
    let file = write(&out);
    for page in 1..=5 {
        assert!(stamps(&words(&file.path, page)).is_empty(), "page {page}");
    }
    assert_eq!(stamps(&words(&file.path, 6))[0].0, 32);
    assert_eq!(stamps(&words(&file.path, 7))[0].0, 33);
}

#[test]
fn plan_ranges_examples() {
    assert_eq!(
        plan_ranges(6, &[38, 2, 10], 1),
        vec![(7, 44), (45, 46), (47, 56)]
    );
    assert_eq!(plan_ranges(0, &[1], 5), vec![(5, 5)]);
    assert!(plan_ranges(3, &[], 1).is_empty());
}

#[test]
fn errors_name_the_part_or_link() {
    let mut input = main_pack_input();
    input.front_links.push(FrontLink {
        page: 1,
        rect: [0.0, 0.0, 10.0, 10.0],
        target: "nope".into(),
    });
    let err = assemble(&input).unwrap_err();
    assert!(
        matches!(&err, PackError::LinkTarget { target } if target == "nope"),
        "{err}"
    );

    let mut input = main_pack_input();
    input.front_links[0].page = 9;
    let err = assemble(&input).unwrap_err();
    assert!(
        matches!(
            err,
            PackError::LinkPage {
                page: 9,
                pages: 2,
                ..
            }
        ),
        "{err}"
    );

    let mut input = main_pack_input();
    // Intake now repairs a file cut after its pages (truncated.pdf); a file
    // with no pages left in it cannot be assembled.
    input.parts[3].bytes = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog".to_vec();
    let err = assemble(&input).unwrap_err();
    assert!(
        matches!(&err, PackError::Part { key, .. } if key == "r53"),
        "{err}"
    );
    assert!(err.to_string().contains("r53"));

    let mut input = main_pack_input();
    input.front = fixture("user_password.pdf");
    let err = assemble(&input).unwrap_err();
    assert!(matches!(err, PackError::Front { .. }), "{err}");
}

/// A source carrying a canary in every place metadata can hide: /Info, catalogue
/// XMP, outline, name tree, form, page /Metadata, /PieceInfo, an image's XMP. Its
/// one link uses a named destination.
fn canary_source() -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let xmp = |s: &str| {
        Stream::new(
            dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
            format!("<x:xmpmeta><dc:creator>{s}</dc:creator></x:xmpmeta>").into_bytes(),
        )
    };
    let image_xmp = doc.add_object(xmp("CANARY-IMAGE-XMP"));
    let image = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
            "Metadata" => image_xmp,
        },
        vec![0x80],
    ));
    let mut page_ids = Vec::new();
    for n in 1..=2 {
        let content = doc.add_object(Stream::new(
            dictionary! {},
            format!("BT /F1 14 Tf 72 700 Td (Canary report page {n}) Tj ET q 10 0 0 10 72 600 cm /Im1 Do Q")
                .into_bytes(),
        ));
        let page_xmp = doc.add_object(xmp("CANARY-PAGE-XMP"));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content,
            "Metadata" => page_xmp,
            "PieceInfo" => dictionary! {
                "CANARYApp" => dictionary! { "Private" => Object::string_literal("CANARY-PIECEINFO") },
            },
        });
        page_ids.push(page);
    }
    // a link on page 1 to page 2 through a named destination
    let link = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Link",
        "Rect" => vec![72.into(), 690.into(), 300.into(), 720.into()],
        "Dest" => Object::String(b"CANARY-NAMED-DEST".to_vec(), StringFormat::Literal),
    });
    if let Ok(page) = doc.get_dictionary_mut(page_ids[0]) {
        page.set("Annots", vec![Object::Reference(link)]);
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => page_ids.iter().map(|id| Object::Reference(*id)).collect::<Vec<_>>(),
            "Count" => 2,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font_id },
                "XObject" => dictionary! { "Im1" => image },
            },
        }),
    );
    let outline_item = doc.new_object_id();
    let outlines = doc.add_object(dictionary! {
        "Type" => "Outlines", "First" => outline_item, "Last" => outline_item, "Count" => 1,
    });
    doc.objects.insert(
        outline_item,
        Object::Dictionary(dictionary! {
            "Title" => Object::string_literal("CANARY-OUTLINE"),
            "Parent" => outlines,
            "Dest" => vec![Object::Reference(page_ids[0]), "Fit".into()],
        }),
    );
    let field = doc.add_object(dictionary! {
        "FT" => "Tx", "T" => Object::string_literal("CANARY-FORM-FIELD"),
        "V" => Object::string_literal("CANARY-FORM-VALUE"),
    });
    let catalog_xmp = doc.add_object(xmp("CANARY-CATALOG-XMP"));
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Outlines" => outlines,
        "Metadata" => catalog_xmp,
        "AcroForm" => dictionary! { "Fields" => vec![Object::Reference(field)] },
        "Names" => dictionary! {
            "Dests" => dictionary! {
                "Names" => vec![
                    Object::String(b"CANARY-NAMED-DEST".to_vec(), StringFormat::Literal),
                    vec![Object::Reference(page_ids[1]), "Fit".into()].into(),
                ],
            },
            "JavaScript" => dictionary! {
                "Names" => vec![Object::string_literal("CANARY-JS"), Object::Null],
            },
        },
    });
    let info = doc.add_object(dictionary! {
        "Title" => Object::string_literal("CANARY-INFO-TITLE"),
        "Author" => Object::string_literal("CANARY-INFO-AUTHOR"),
        "Keywords" => Object::string_literal("CANARY-INFO-KEYWORDS"),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save canary");
    out
}

#[test]
fn no_source_metadata_reaches_the_pack() {
    let canary = canary_source();
    let raw_source = String::from_utf8_lossy(&canary).into_owned();
    for needle in [
        "CANARY-INFO-TITLE",
        "CANARY-CATALOG-XMP",
        "CANARY-OUTLINE",
        "CANARY-PIECEINFO",
    ] {
        assert!(raw_source.contains(needle), "fixture lacks {needle}");
    }
    let mut input = main_pack_input();
    input.parts.insert(
        1,
        Part {
            key: "CANARY-FILENAME.pdf".into(),
            item_bookmark: "51 Minutes".into(),
            report_bookmark: None,
            bytes: canary,
            watermark: None,
            stamp: true,
            headings: Vec::new(),
        },
    );
    input.front_links[0].target = "CANARY-FILENAME.pdf".into();
    let out = assemble(&input).expect("assemble");
    let file = write(&out);
    // expand everything: no object streams, streams uncompressed
    let qdf = file.path.with_extension("qdf.pdf");
    run(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            path_str(&file.path),
            path_str(&qdf),
        ],
    );
    let expanded = std::fs::read(&qdf).expect("qdf");
    let expanded = String::from_utf8_lossy(&expanded);
    assert!(
        !expanded.contains("CANARY"),
        "a canary leaked into the pack"
    );
    assert!(!String::from_utf8_lossy(&out.bytes).contains("CANARY"));
    // the gs fixtures' DOCINFO and outline canaries are gone too, and the report
    // text itself did arrive
    let text = run("pdftotext", &[path_str(&file.path), "-"]);
    assert!(text.contains("Canary report page 2"));
    // the named link became an explicit destination to the canary's page 2
    let json = qpdf_json(&file.path);
    let pages: Vec<String> = json["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .map(|p| p["object"].as_str().unwrap_or("").to_string())
        .collect();
    let objects = &json["qpdf"][1];
    let first = (out.ranges[1].0 - 1) as usize;
    let page = &objects[format!("obj:{}", pages[first])]["value"];
    let link_ref = page["/Annots"][0].as_str().expect("link kept");
    let link = &objects[format!("obj:{link_ref}")]["value"];
    assert_eq!(link["/Dest"][0].as_str(), Some(pages[first + 1].as_str()));
    // the source had no /Metadata or /PieceInfo left anywhere in the pack
    for key in ["/Metadata", "/PieceInfo", "/AcroForm", "/Names"] {
        assert!(!expanded.contains(key), "{key} in the pack");
    }
    // The one structure tree is the pack's own (issue 13): the untagged
    // canary's pages are figures in it, and no canary is (checked above).
    assert_eq!(
        expanded.matches("/StructTreeRoot").count(),
        2,
        "catalogue entry and root"
    );
    let _ = BTreeMap::<u8, u8>::new();
}

/// A LibreOffice Writer export (heading, paragraphs, a table, a landscape page
/// between portrait ones) packs like the others: every page stamped upright at the
/// bottom centre as displayed, its text kept, nothing of its metadata, qpdf clean.
#[test]
fn libreoffice_report_is_packed_and_stamped() {
    let report = inspect(
        "libreoffice_report.pdf",
        &fixture("libreoffice_report.pdf"),
        &Limits::default(),
    )
    .expect("LibreOffice export accepted");
    assert_eq!(report.page_count, 3);
    assert!(report
        .producer
        .as_deref()
        .unwrap_or("")
        .contains("LibreOffice"));
    let input = PackInput {
        front: fixture("front.pdf"),
        front_links: vec![],
        parts: vec![Part {
            key: "lo".into(),
            item_bookmark: "52 School places".into(),
            report_bookmark: Some("Estate programme".into()),
            bytes: report.bytes,
            watermark: None,
            stamp: true,
            headings: Vec::new(),
        }],
        first_number: 1,
        meta: meta(),
    };
    let out = assemble(&input).expect("assemble");
    assert_eq!(out.page_count, 5);
    assert_eq!(out.ranges, vec![(3, 5)]);
    let file = write(&out);
    let check = run("qpdf", &["--check", path_str(&file.path)]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let sizes = displayed_sizes(&input);
    assert!(sizes[3].0 > sizes[3].1, "page 4 should stay landscape");
    for page in 3..=5u32 {
        let words = words(&file.path, page);
        let found = stamps(&words);
        assert_eq!(found.len(), 1, "page {page}: {found:?}");
        let (n, [x0, _, x1, y1]) = found[0];
        assert_eq!(n, page);
        let (w, h) = sizes[(page - 1) as usize];
        assert!(((x0 + x1) / 2.0 - w / 2.0).abs() < 3.0, "page {page}");
        assert!(h - y1 > 20.0 && h - y1 < 34.0, "page {page}");
    }
    let text = run(
        "pdftotext",
        &["-f", "3", "-l", "5", path_str(&file.path), "-"],
    );
    for expected in [
        "LibreOffice report",
        "New classrooms",
        "£1,450,000",
        "Report page 2 of 3 (landscape)",
        "That the Board notes the report.",
    ] {
        assert!(text.contains(expected), "missing {expected:?}: {text}");
    }
    let info = run("pdfinfo", &[path_str(&file.path)]);
    assert!(!info.contains("CANARY"), "{info}");
    assert!(!String::from_utf8_lossy(&out.bytes).contains("CANARY"));
}

/// A report's own text (shrunk by the stamp's scaling) stays clear of the band
/// holding the "Page N" stamp, on every stamped page of the main pack, portrait,
/// landscape, A3 and rotated alike. The Ghostscript fixtures put a footer line
/// 30 pt from the bottom edge, right where the stamp goes, to test this.
#[test]
fn report_content_stays_clear_of_the_stamp_band() {
    let input = main_pack_input();
    let out = assemble(&input).expect("assemble");
    let file = write(&out);
    let front_pages = geometry(&input.front).len() as u32;
    let mut footers = 0;
    for page in front_pages + 1..=out.page_count {
        let words = words(&file.path, page);
        let found = stamps(&words);
        assert_eq!(found.len(), 1, "page {page}");
        let (_, [sx0, sy0, sx1, sy1]) = found[0];
        for w in &words {
            let is_stamp =
                w.x0 >= sx0 - 0.5 && w.x1 <= sx1 + 0.5 && w.y0 >= sy0 - 0.5 && w.y1 <= sy1 + 0.5;
            if is_stamp {
                continue;
            }
            if w.text == "Footer" {
                footers += 1;
            }
            assert!(
                w.y1 < sy0 - 2.0,
                "page {page}: {:?} at y {:.1}..{:.1} reaches the stamp band (stamp top {sy0:.1})",
                w.text,
                w.y0,
                w.y1
            );
        }
    }
    assert!(footers >= 10, "only {footers} footer lines checked");
}

/// A page with a word at the very bottom edge, as a full-page scan or a
/// footer printed to the edge has: `(width, height)` of each page.
fn edge_to_edge_source(sizes: &[(i64, i64)]) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut kids = Vec::new();
    for &(w, h) in sizes {
        let content = doc.add_object(Stream::new(
            dictionary! {},
            format!("BT /F1 10 Tf {} 3 Td (Edgeline) Tj ET", w / 2 - 20).into_bytes(),
        ));
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), w.into(), h.into()],
        })));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Count" => kids.len() as i64,
            "Kids" => kids,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

/// Content printed to the bottom edge is never hidden by the "Page N" stamp:
/// the content is scaled clear of the stamp band on landscape pages too,
/// where the page is short as the reader sees it (A4 landscape, A5
/// landscape, A4 portrait, A3 portrait).
#[test]
fn content_at_the_bottom_edge_stays_clear_of_the_stamp_on_every_page_shape() {
    let sizes = [(842, 595), (595, 420), (595, 842), (842, 1191)];
    let input = PackInput {
        front: fixture("front.pdf"),
        front_links: vec![],
        parts: vec![Part {
            bytes: edge_to_edge_source(&sizes),
            ..part("edge", "53 Edge", None, "gs_report.pdf")
        }],
        first_number: 1,
        meta: meta(),
    };
    let out = assemble(&input).expect("assemble");
    let file = write(&out);
    let front_pages = geometry(&input.front).len() as u32;
    for (i, (w, h)) in sizes.iter().enumerate() {
        let page = front_pages + 1 + i as u32;
        let words = words(&file.path, page);
        let found = stamps(&words);
        assert_eq!(found.len(), 1, "page {page} ({w} × {h})");
        let (_, [_, stamp_top, _, _]) = found[0];
        let edge: Vec<&Word> = words.iter().filter(|w| w.text == "Edgeline").collect();
        assert_eq!(edge.len(), 1, "page {page} ({w} × {h}): {words:?}");
        assert!(
            edge[0].y1 < stamp_top - 1.0,
            "page {page} ({w} × {h}): the edge line reaches down to {:.1}, the stamp starts at {stamp_top:.1}",
            edge[0].y1
        );
    }
}
