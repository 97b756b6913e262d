//! Reading PDFs back with the tools a person would use: pdftotext, pdfinfo,
//! pdffonts, qpdf, pdftoppm and ImageMagick's compare.
//!
//! Reference outputs (text snapshots, PNGs) live in `tests/snapshots/` and are
//! rewritten when the tests run with `AGENDAPACK_BLESS=1`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs a tool and returns its standard output; panics with its output if it fails.
pub fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} could not run: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `pdftotext -layout` of the whole file.
pub fn text_layout(pdf: &Path) -> String {
    run("pdftotext", &["-layout", s(pdf), "-"])
}

/// `pdftotext` (reading order) of the whole file.
pub fn text(pdf: &Path) -> String {
    run("pdftotext", &[s(pdf), "-"])
}

/// `pdftotext` of one page (1-based).
pub fn page_text(pdf: &Path, page: u32) -> String {
    let p = page.to_string();
    run("pdftotext", &["-f", &p, "-l", &p, "-layout", s(pdf), "-"])
}

/// A field of `pdfinfo` ("Pages", "Title").
pub fn info(pdf: &Path, field: &str) -> String {
    run("pdfinfo", &[s(pdf)])
        .lines()
        .find_map(|l| {
            l.strip_prefix(&format!("{field}:"))
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default()
}

/// Page count from `pdfinfo`.
pub fn pages(pdf: &Path) -> u32 {
    info(pdf, "Pages").parse().expect("page count")
}

/// Panics unless `qpdf --check` finds no problem.
pub fn qpdf_check(pdf: &Path) {
    let out = Command::new("qpdf")
        .args(["--check", s(pdf)])
        .output()
        .expect("qpdf runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success()
            && text.contains("No syntax or stream encoding errors found")
            && !text.contains("WARNING")
            && stderr.is_empty(),
        "qpdf --check {}: {text}{stderr}",
        pdf.display(),
    );
}

/// Panics unless every font `pdffonts` lists is embedded and subset.
pub fn fonts_embedded_subset(pdf: &Path) {
    let out = run("pdffonts", &[s(pdf)]);
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts in {}", pdf.display());
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(n >= 7, "odd pdffonts row {row:?}");
        // name type... emb sub uni object ID
        let (emb, sub) = (cols[n - 5], cols[n - 4]);
        assert_eq!(
            (emb, sub),
            ("yes", "yes"),
            "font not embedded+subset in {}: {row}",
            pdf.display()
        );
        assert!(
            cols[0].contains('+'),
            "subset font names carry a tag: {row}"
        );
    }
}

/// The file uncompressed with `qpdf --qdf --object-streams=disable`: every
/// byte a leak could hide in, in the clear.
pub fn raw_qdf(pdf: &Path, out_dir: &Path) -> Vec<u8> {
    let out = out_dir.join(format!(
        "{}.qdf",
        pdf.file_name().and_then(|n| n.to_str()).unwrap_or("x")
    ));
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable", s(pdf), s(&out)])
        .status()
        .expect("qpdf runs");
    assert!(
        status.code() == Some(0) || status.code() == Some(3),
        "qpdf --qdf failed on {}",
        pdf.display()
    );
    std::fs::read(&out).expect("qdf output")
}

/// Whether the environment asks for reference outputs to be rewritten.
pub fn blessing() -> bool {
    std::env::var("AGENDAPACK_BLESS").is_ok_and(|v| v == "1")
}

/// The reference snapshot folder for a suite.
pub fn snapshot_dir(suite: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(suite)
}

/// Compares `actual` with the snapshot file (or rewrites it when blessing).
pub fn compare_or_bless(actual: &str, snapshot: &Path, scratch: &Path) {
    if blessing() {
        std::fs::create_dir_all(snapshot.parent().expect("parent")).expect("mkdir");
        std::fs::write(snapshot, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(snapshot).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with AGENDAPACK_BLESS=1 to create it",
            snapshot.display()
        )
    });
    if expected != actual {
        let actual_path = scratch.join(snapshot.file_name().expect("file name"));
        std::fs::write(&actual_path, actual).expect("write actual");
        panic!(
            "{} differs from the new output, written to {}; diff them, and run with AGENDAPACK_BLESS=1 if the change is intended",
            snapshot.display(),
            actual_path.display()
        );
    }
}

/// Renders page `page` at 40 dpi in grey and compares it with the reference
/// PNG, allowing up to `tolerance` (a fraction) of pixels to differ by more
/// than 10%. Blessing rewrites the reference (16 grey levels keep it small).
pub fn png_matches(pdf: &Path, page: u32, reference: &Path, scratch: &Path, tolerance: f64) {
    let stem = reference
        .file_stem()
        .and_then(|n| n.to_str())
        .expect("name");
    let prefix = scratch.join(format!("{stem}-actual"));
    let p = page.to_string();
    run(
        "pdftoppm",
        &[
            "-png",
            "-gray",
            "-r",
            "40",
            "-f",
            &p,
            "-l",
            &p,
            "-singlefile",
            s(pdf),
            s(&prefix),
        ],
    );
    let actual = scratch.join(format!("{stem}-actual.png"));
    if blessing() {
        std::fs::create_dir_all(reference.parent().expect("parent")).expect("mkdir");
        run(
            "convert",
            &[s(&actual), "-colors", "16", "-strip", s(reference)],
        );
        return;
    }
    assert!(
        reference.exists(),
        "{} missing; run with AGENDAPACK_BLESS=1",
        reference.display()
    );
    let out = Command::new("compare")
        .args(["-metric", "AE", "-fuzz", "10%"])
        .arg(&actual)
        .arg(reference)
        .arg("null:")
        .output()
        .expect("ImageMagick compare runs");
    let metric = String::from_utf8_lossy(&out.stderr);
    let differing: f64 = metric
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("compare said {metric:?} (images of different sizes?)"));
    let size = run("identify", &["-format", "%w %h", s(&actual)]);
    let dims: Vec<f64> = size
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    let total = dims.iter().product::<f64>().max(1.0);
    assert!(
        differing / total <= tolerance,
        "page {page} of {} differs from {} in {differing} of {total} pixels; look at {} and bless if intended",
        pdf.display(),
        reference.display(),
        actual.display()
    );
}

/// `pdftotext` of one page (1-based) in reading order, without layout.
pub fn page_text_raw(pdf: &Path, page: u32) -> String {
    let p = page.to_string();
    run("pdftotext", &["-f", &p, "-l", &p, s(pdf), "-"])
}

/// The outline (bookmarks) of a PDF as (level, title, page), depth first,
/// read back with qpdf.
pub fn outline(pdf: &Path) -> Vec<(u32, String, u64)> {
    let json: serde_json::Value =
        serde_json::from_str(&run("qpdf", &["--json", "--json-key=outlines", s(pdf)]))
            .expect("qpdf JSON");
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

/// Width and height of page `page` (1-based) in points, from `pdfinfo`.
pub fn page_size(pdf: &Path, page: u32) -> (f64, f64) {
    let p = page.to_string();
    let out = run("pdfinfo", &["-f", &p, "-l", &p, s(pdf)]);
    let line = out
        .lines()
        .find(|l| l.starts_with("Page") && l.contains("size:"))
        .unwrap_or_else(|| panic!("no page size for page {page}: {out}"));
    let dims: Vec<f64> = line
        .split("size:")
        .nth(1)
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (dims[0], dims[1])
}

/// How many images `pdfimages -list` finds on page `page` (1-based).
pub fn images_on_page(pdf: &Path, page: u32) -> usize {
    let p = page.to_string();
    run("pdfimages", &["-f", &p, "-l", &p, "-list", s(pdf)])
        .lines()
        .skip(2)
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .count()
}
