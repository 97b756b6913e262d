//! The generated intake corpus (issue 17): damaged and encrypted copies of the
//! test PDFs, made at test time (damage by byte surgery here, encryption by
//! qpdf), each checked against the reference readers.
//!
//! For every file: intake accepts it exactly when `qpdf --check` (exit 0, or 3
//! for warnings) or poppler (`pdfinfo`; `pdftoppm` and `pdftotext` open the
//! same files, the same loader) opens it, with no exception; an accepted file's pages all
//! render in a pack (pdftoppm) with "Page N" on each (pdftotext); a refusal
//! names the file and the reason; nothing takes 10 s. Through the real CLI, a
//! refusal leaves the database exactly as it was, and a repaired or decrypted
//! report says so in `agendapack show`.
//!
//! `AGENDAPACK_CORPUS_KEEP=DIR` keeps the generated files.
#![allow(clippy::print_stdout)] // the corpus reports its counts

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use agendapack::pack::{self, Inspected, IntakeError, Limits, PackInput, PackMeta, Part};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdfs")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One generated file.
struct Case {
    name: String,
    bytes: Vec<u8>,
    /// True for the user-password files: they must be refused as password-protected.
    needs_password: bool,
    /// The healthy file it was made from: an accepted copy must show its text.
    base: Option<&'static str>,
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn find_first(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The offset `startxref` gives.
fn startxref(b: &[u8]) -> usize {
    let at = find_last(b, b"startxref").expect("startxref") + 9;
    let digits: String = b[at..]
        .iter()
        .skip_while(|c| c.is_ascii_whitespace())
        .take_while(|c| c.is_ascii_digit())
        .map(|&c| c as char)
        .collect();
    digits.parse().expect("startxref value")
}

/// Replaces the number right after `key` (from `from`) by `value`, padded or cut
/// to the same width so no other offset moves.
fn set_number_after(b: &mut [u8], key: &[u8], from: usize, value: i64) -> bool {
    let Some(k) = find_first(b, key, from) else {
        return false;
    };
    let mut s = k + key.len();
    while b.get(s).is_some_and(|c| c.is_ascii_whitespace()) {
        s += 1;
    }
    let mut e = s;
    while b.get(e).is_some_and(|c| c.is_ascii_digit()) {
        e += 1;
    }
    if e == s {
        return false;
    }
    let width = e - s;
    let mut text = value.to_string().into_bytes();
    text.truncate(width);
    while text.len() < width {
        text.insert(0, b'0');
    }
    b[s..e].copy_from_slice(&text);
    true
}

fn remove_all(b: &[u8], needle: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(needle) {
            i += needle.len();
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// The damage kinds of the issue, applied to one healthy file.
fn damaged(base: &str, b: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let stem = base.trim_end_matches(".pdf");
    let mut add = |kind: &str, bytes: Vec<u8>| out.push((format!("{stem}-{kind}.pdf"), bytes));
    let xref = startxref(b);
    let classic = b[xref..].starts_with(b"xref");

    // Offsets all wrong: junk inserted after the header line.
    let header_end = b.iter().position(|&c| c == b'\n').expect("header line") + 1;
    let mut shifted = b[..header_end].to_vec();
    shifted.extend_from_slice(&b"% inserted by a mail gateway\n".repeat(3));
    shifted.extend_from_slice(&b[header_end..]);
    add("offsets-shifted", shifted);

    // startxref pointing into the middle of an object.
    let mut wrong = b.to_vec();
    let at = find_last(&wrong, b"startxref").expect("startxref");
    set_number_after(&mut wrong, b"startxref", at, (xref / 2) as i64);
    add("startxref-wrong", wrong);

    // No cross-reference at all: everything from the xref on is gone.
    add("xref-missing", b[..xref].to_vec());

    if classic {
        // Cross-reference table cut in half (the trailer kept).
        let trailer = find_first(b, b"trailer", xref).expect("trailer");
        let mut cut = b[..xref + (trailer - xref) / 2].to_vec();
        cut.extend_from_slice(b"\n");
        cut.extend_from_slice(&b[trailer..]);
        add("xref-truncated", cut);
        // Trailer dictionary deleted (startxref kept).
        let sx = find_last(b, b"startxref").expect("startxref");
        let mut no_trailer = b[..trailer].to_vec();
        no_trailer.extend_from_slice(&b[sx..]);
        add("trailer-deleted", no_trailer);
    } else {
        // Cross-reference stream's data overwritten.
        let mut broken = b.to_vec();
        if let Some(s) = find_first(b, b"stream", xref) {
            let end = find_first(b, b"endstream", s).unwrap_or(b.len());
            for c in &mut broken[s + 8..end.saturating_sub(2)] {
                *c = b'0';
            }
        }
        add("xref-stream-garbled", broken);
    }

    // Wrong /Length on the first stream with a direct length, shorter and longer.
    let direct = (0..b.len()).find(|&i| {
        b[i..].starts_with(b"/Length ") && {
            let rest = &b[i + 8..];
            let n = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            n > 0 && !rest[n..].starts_with(b" 0 R") && !rest[n..].starts_with(b" 0 R")
        }
    });
    if let Some(at) = direct {
        for (kind, delta) in [("length-short", -7i64), ("length-long", 9)] {
            let mut copy = b.to_vec();
            let len: i64 = String::from_utf8_lossy(
                &b[at + 8..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .copied()
                    .collect::<Vec<u8>>(),
            )
            .parse()
            .expect("length");
            set_number_after(&mut copy, b"/Length", at, (len + delta).max(1));
            add(kind, copy);
        }
    }

    // Every endobj removed (which also moves every later offset).
    add("endobj-removed", remove_all(b, b"endobj"));
    // The first endstream removed, offsets moved.
    if let Some(es) = find_first(b, b"endstream", 0) {
        let mut copy = b[..es].to_vec();
        copy.extend_from_slice(&b[es + 9..]);
        add("endstream-removed", copy);
    }

    // One-byte and other truncations at several points.
    let len = b.len();
    let sx = find_last(b, b"startxref").expect("startxref");
    for (kind, cut) in [
        ("cut-last-byte", len - 1),
        ("cut-in-eof", len - 4),
        ("cut-before-startxref", sx),
        ("cut-in-xref", xref + (sx - xref) / 2),
        ("cut-three-quarters", len * 3 / 4),
        ("cut-half", len / 2),
    ] {
        add(kind, b[..cut].to_vec());
    }
    out
}

/// An incremental update whose /Prev points to the wrong place, and one
/// whose newest trailer is lost (the first revision's trailer survives,
/// which is what readers rebuild from: the "missing trailer" they repair).
fn broken_prev() -> Vec<(String, Vec<u8>)> {
    let b = fixture("incremental.pdf");
    let at = find_last(&b, b"/Prev").expect("/Prev");
    let mut out = Vec::new();
    for (kind, value) in [("prev-into-object", 20i64), ("prev-past-end", 99_999)] {
        let mut copy = b.clone();
        set_number_after(&mut copy, b"/Prev", at, value);
        out.push((format!("incremental-{kind}.pdf"), copy));
    }
    let trailer = find_last(&b, b"trailer").expect("trailer");
    let sx = find_last(&b, b"startxref").expect("startxref");
    assert!(
        find_first(&b, b"trailer", 0).is_some_and(|t| t < trailer),
        "incremental.pdf has a trailer per revision"
    );
    let mut lost = b[..trailer].to_vec();
    lost.extend_from_slice(&b[sx..]);
    out.push(("incremental-last-trailer-deleted.pdf".into(), lost));
    out
}

/// Runs qpdf to encrypt `input` into `dir/name`; the bytes written.
fn qpdf_encrypt(dir: &Path, input: &Path, name: &str, args: &[&str]) -> Vec<u8> {
    let out_path = dir.join(name);
    let out = Command::new("qpdf")
        .args(args)
        .arg(input)
        .arg(&out_path)
        .output()
        .expect("qpdf runs");
    assert!(
        out.status.success(),
        "qpdf {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&out_path).expect("qpdf output")
}

/// Every standard security handler revision, owner-only and with a user password.
fn encrypted(dir: &Path) -> Vec<Case> {
    let gs = dir.join("gs_report.pdf");
    std::fs::write(&gs, fixture("gs_report.pdf")).expect("write");
    let objstm = dir.join("objstm.pdf");
    std::fs::write(&objstm, fixture("objstm.pdf")).expect("write");
    let variants: [(&str, &[&str]); 9] = [
        ("r2-rc4-40", &["40", "--"]),
        ("r3-rc4-128", &["128", "--use-aes=n", "--"]),
        ("r4-rc4-128", &["128", "--use-aes=n", "--force-V4", "--"]),
        ("r4-aes-128", &["128", "--use-aes=y", "--"]),
        (
            "r4-aes-128-clear-metadata",
            &["128", "--use-aes=y", "--cleartext-metadata", "--"],
        ),
        ("r5-aes-256", &["256", "--force-R5", "--"]),
        ("r6-aes-256", &["256", "--"]),
        (
            "r6-aes-256-clear-metadata",
            &["256", "--cleartext-metadata", "--"],
        ),
        ("r6-aes-256-objstm", &["256", "--"]),
    ];
    let mut out = Vec::new();
    for (user, label) in [("", "owner-only"), ("user", "user-password")] {
        for (kind, tail) in variants {
            let input = if kind.ends_with("objstm") {
                &objstm
            } else {
                &gs
            };
            let mut args = vec!["--allow-weak-crypto", "--encrypt", user, "owner"];
            args.extend_from_slice(tail);
            let name = format!("{label}-{kind}.pdf");
            let bytes = qpdf_encrypt(dir, input, &name, &args);
            out.push(Case {
                name,
                bytes,
                needs_password: !user.is_empty(),
                base: Some(if kind.ends_with("objstm") {
                    "objstm.pdf"
                } else {
                    "gs_report.pdf"
                }),
            });
        }
    }
    // Encrypted and damaged: repair and decryption together.
    for kind in ["r3-rc4-128", "r4-aes-128", "r6-aes-256"] {
        let name = format!("owner-only-{kind}.pdf");
        let base = out
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.bytes.clone())
            .expect("encrypted base");
        for (damage, bytes) in damaged(&name, &base) {
            if [
                "offsets-shifted",
                "xref-missing",
                "cut-last-byte",
                "endobj-removed",
            ]
            .iter()
            .any(|d| damage.contains(d))
            {
                out.push(Case {
                    name: damage,
                    bytes,
                    needs_password: false,
                    base: Some("gs_report.pdf"),
                });
            }
        }
    }
    out
}

fn corpus(dir: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    for base in [
        "gs_report.pdf",
        "objstm.pdf",
        "cairo_report.pdf",
        "libreoffice_report.pdf",
        "scan.pdf",
    ] {
        for (name, bytes) in damaged(base, &fixture(base)) {
            cases.push(Case {
                name,
                bytes,
                needs_password: false,
                base: Some(base),
            });
        }
    }
    for (name, bytes) in broken_prev() {
        cases.push(Case {
            name,
            bytes,
            needs_password: false,
            base: Some("incremental.pdf"),
        });
    }
    cases.extend(encrypted(dir));
    if let Ok(keep) = std::env::var("AGENDAPACK_CORPUS_KEEP") {
        std::fs::create_dir_all(&keep).expect("keep dir");
        for c in &cases {
            std::fs::write(Path::new(&keep).join(&c.name), &c.bytes).expect("keep");
        }
    }
    cases
}

/// What the reference readers make of a file: qpdf's exit code and poppler's
/// page count (None when pdfinfo refuses it).
struct Readers {
    qpdf: Option<i32>,
    poppler_pages: Option<u32>,
}

impl Readers {
    fn open(&self) -> bool {
        matches!(self.qpdf, Some(0) | Some(3)) || self.poppler_pages.is_some()
    }
}

fn readers(path: &Path) -> Readers {
    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .expect("qpdf runs")
        .status
        .code();
    let info = Command::new("pdfinfo").arg(path).output().expect("pdfinfo");
    let poppler_pages = info
        .status
        .success()
        .then(|| {
            String::from_utf8_lossy(&info.stdout)
                .lines()
                .find_map(|l| {
                    l.strip_prefix("Pages:")
                        .map(|v| v.trim().parse().unwrap_or(0))
                })
                .unwrap_or(0)
        })
        .filter(|p| *p > 0);
    Readers {
        qpdf,
        poppler_pages,
    }
}

/// Assembles the front sheet and `got` into a pack and checks that every page
/// renders and carries its "Page N" stamp. Returns a problem, if any.
fn pack_renders(name: &str, got: &Inspected, base: Option<&str>, dir: &Path) -> Result<(), String> {
    let front = fixture("front.pdf");
    let out = pack::assemble(&PackInput {
        front,
        front_links: vec![],
        parts: vec![Part {
            key: "report".into(),
            item_bookmark: "1. Report".into(),
            report_bookmark: None,
            bytes: got.bytes.clone(),
            watermark: None,
            stamp: true,
            headings: Vec::new(),
        }],
        first_number: 1,
        meta: PackMeta {
            title: "Corpus".into(),
            language: "en-GB".into(),
            ..Default::default()
        },
    })
    .map_err(|e| format!("not assembled: {e}"))?;
    let path = dir.join(format!("pack-{name}"));
    std::fs::write(&path, &out.bytes).expect("write pack");
    let total = 2 + got.page_count;
    let pages = common::pdf::pages(&path);
    if pages != total {
        return Err(format!("pack has {pages} pages, expected {total}"));
    }
    let prefix = dir.join(format!("png-{name}"));
    let render = Command::new("pdftoppm")
        .args(["-png", "-r", "20"])
        .arg(&path)
        .arg(&prefix)
        .output()
        .expect("pdftoppm");
    if !render.status.success() {
        return Err(format!(
            "pdftoppm failed: {}",
            String::from_utf8_lossy(&render.stderr)
        ));
    }
    let rendered = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("png-{name}"))
        })
        .count() as u32;
    if rendered != total {
        return Err(format!("{rendered} of {total} pages rendered"));
    }
    let base_path = base.map(|b| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/pdfs")
            .join(b)
    });
    for page in 3..=total {
        let text = common::pdf::page_text(&path, page);
        if !text.contains(&format!("Page {page}")) {
            return Err(format!("page {page} has no \"Page {page}\" stamp: {text}"));
        }
        // Every line of the healthy file's page is on the pack's page.
        if let Some(base) = &base_path {
            let expected = common::pdf::page_text(base, page - 2);
            for line in expected.lines().map(str::trim).filter(|l| !l.is_empty()) {
                if !text.contains(line) {
                    return Err(format!("page {page} lacks {line:?} of its source: {text}"));
                }
            }
        }
    }
    Ok(())
}

/// The reason words each refusal must contain (one of them).
const REASONS: &[&str] = &[
    "password-protected",
    "damaged",
    "incomplete",
    "has no pages",
    "not a PDF",
];

#[test]
fn generated_corpus_is_accepted_exactly_when_a_reader_opens_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = corpus(dir.path());
    assert!(cases.len() >= 80, "corpus too small: {}", cases.len());
    let mut problems = Vec::new();
    let (mut accepted, mut refused, mut refused_but_open, mut accepted_unopenable) = (0, 0, 0, 0);
    for case in &cases {
        let path = dir.path().join(&case.name);
        std::fs::write(&path, &case.bytes).expect("write case");
        let readers = readers(&path);
        let started = Instant::now();
        let result = pack::inspect(&case.name, &case.bytes, &Limits::default());
        let took = started.elapsed();
        if took > Duration::from_secs(10) {
            problems.push(format!("{}: took {took:?}", case.name));
        }
        let verdict = match &result {
            Ok(got) => {
                accepted += 1;
                if !readers.open() {
                    accepted_unopenable += 1;
                }
                format!(
                    "accepted, {} pages{}",
                    got.page_count,
                    got.intake_note()
                        .map(|n| format!(", {n}"))
                        .unwrap_or_default()
                )
            }
            Err(e) => {
                refused += 1;
                if readers.open() {
                    refused_but_open += 1;
                }
                format!("refused: {e}")
            }
        };
        println!(
            "{:<52} qpdf {:?} poppler {:?}: {verdict}",
            case.name, readers.qpdf, readers.poppler_pages
        );
        match (&result, readers.open()) {
            (Ok(got), true) => {
                if let Some(p) = readers.poppler_pages {
                    if p != got.page_count {
                        problems.push(format!(
                            "{}: {} pages, poppler counts {p}",
                            case.name, got.page_count
                        ));
                    }
                }
                if let Err(e) = pack_renders(&case.name, got, case.base, dir.path()) {
                    problems.push(format!("{}: {e}", case.name));
                }
            }
            (Ok(_), false) => problems.push(format!(
                "{}: accepted, but neither qpdf nor poppler opens it",
                case.name
            )),
            (Err(e), true) => {
                problems.push(format!("{}: refused but a reader opens it: {e}", case.name))
            }
            (Err(e), false) => {
                let msg = e.to_string();
                if !msg.contains(&case.name) || !REASONS.iter().any(|r| msg.contains(r)) {
                    problems.push(format!(
                        "{}: refusal lacks file or reason: {msg}",
                        case.name
                    ));
                }
            }
        }
        if case.needs_password && !matches!(result, Err(IntakeError::PasswordProtected { .. })) {
            problems.push(format!("{}: not refused as password-protected", case.name));
        }
    }
    println!(
        "corpus: {} files, {accepted} accepted, {refused} refused, {refused_but_open} refused but a reader opens them, {accepted_unopenable} accepted that no reader opens",
        cases.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The equivalence, strictly: accepted exactly when a reader opens it.
    assert_eq!((refused_but_open, accepted_unopenable), (0, 0));
    assert_eq!(accepted + refused, cases.len());
}

/// Through the real binary: every refusal names the file, the item and the
/// reason and leaves the database exactly as it was; a repaired or decrypted
/// report is stored clean, its original kept beside it, and `show` says so.
#[test]
fn the_cli_refuses_cleanly_and_notes_what_it_repaired() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("corpus.sqlite3");
    let cli = || {
        let mut c = assert_cmd::Command::cargo_bin("agendapack").expect("binary");
        c.arg("--db").arg(&db).env_remove("AGENDAPACK_DB");
        c.timeout(Duration::from_secs(10));
        c
    };
    cli().arg("demo").assert().success();
    let cases = corpus(dir.path());
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    for case in &cases {
        let expected = pack::inspect(&case.name, &case.bytes, &Limits::default());
        let path = dir.path().join(&case.name);
        std::fs::write(&path, &case.bytes).expect("write case");
        let before = common::fingerprint(&db);
        let started = Instant::now();
        let out = cli()
            .args(["attach", "2", "53"])
            .arg(&path)
            .output()
            .expect("run agendapack");
        if started.elapsed() > Duration::from_secs(10) {
            problems.push(format!("{}: took {:?}", case.name, started.elapsed()));
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        match expected {
            Err(e) => {
                if out.status.code() != Some(1) {
                    problems.push(format!("{}: exit {:?}", case.name, out.status));
                }
                for needle in [case.name.as_str(), "item 53"] {
                    if !stderr.contains(needle) {
                        problems.push(format!("{}: no {needle:?} in {stderr}", case.name));
                    }
                }
                if !stderr.contains(&e.to_string()) {
                    problems.push(format!("{}: reason missing from {stderr}", case.name));
                }
                if common::fingerprint(&db) != before {
                    problems.push(format!("{}: refused, but the database changed", case.name));
                }
            }
            Ok(got) => {
                if !out.status.success() {
                    problems.push(format!("{}: not attached: {stderr}", case.name));
                    continue;
                }
                if let Some(note) = got.intake_note() {
                    if !stdout.contains(note) {
                        problems.push(format!("{}: {note:?} not printed: {stdout}", case.name));
                    }
                    notes.push((
                        case.name.clone(),
                        note,
                        case.bytes.clone(),
                        got.bytes.clone(),
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        notes.iter().any(|n| n.1 == "repaired on intake")
            && notes
                .iter()
                .any(|n| n.1 == "decrypted on intake (owner password only)"),
        "the corpus should hold repaired and decrypted files"
    );
    // `show` prints each note with the original's name after the report's line.
    let shown = cli().args(["show", "2"]).output().expect("show");
    let shown = String::from_utf8_lossy(&shown.stdout).into_owned();
    let conn = rusqlite::Connection::open(&db).expect("open db");
    for (name, note, original, stored) in &notes {
        let line = format!("({note}; original kept: {name})");
        if !shown.contains(&line) {
            problems.push(format!("show lacks {line:?}"));
        }
        // The stored PDF is the clean copy; the original is kept byte for byte.
        let row: (String, String, String, String) = conn
            .query_row(
                "SELECT r.sha256, r.original_sha256, r.original_file_name, r.intake_note
                 FROM report r WHERE r.original_file_name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap_or_else(|e| panic!("{name}: no report row with its original: {e}"));
        assert_eq!(row.0, agendapack::store::sha256_hex(stored), "{name}");
        assert_eq!(row.1, agendapack::store::sha256_hex(original), "{name}");
        assert_eq!((row.2.as_str(), row.3.as_str()), (name.as_str(), *note));
        let kept: Vec<u8> = conn
            .query_row("SELECT data FROM blob WHERE sha256 = ?1", [&row.1], |r| {
                r.get(0)
            })
            .expect("original blob");
        assert_eq!(&kept, original, "{name}: original not kept as given");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A scanned page whose JPEG data is corrupt (the file's structure is sound):
/// intake accepts it as it is, and the pack carries the image stream byte for
/// byte, so the pack is no worse than the source. Neither intake nor assembly
/// decodes images.
#[test]
fn corrupt_jpeg_data_passes_through_unchanged() {
    let mut bytes = fixture("scan.pdf");
    let start = find_first(&bytes, b"\xff\xd8\xff", 0).expect("JPEG start");
    let end = find_first(&bytes, b"endstream", start).expect("JPEG end");
    // Garble the entropy-coded data in the middle, and cut the end-of-image marker.
    for i in (start + (end - start) / 3..start + (end - start) * 2 / 3).step_by(5) {
        bytes[i] ^= 0x5A;
    }
    bytes[end - 3] = 0;
    bytes[end - 2] = 0;
    let jpeg = bytes[start..end - 1].to_vec();
    let got = pack::inspect("scan-corrupt.pdf", &bytes, &Limits::default()).expect("accepted");
    assert!(!got.repaired && !got.decrypted);
    assert_eq!(got.bytes, bytes, "stored as given");
    let dir = tempfile::tempdir().expect("tempdir");
    pack_renders("scan-corrupt.pdf", &got, None, dir.path()).expect("pack renders");
    let packed = std::fs::read(dir.path().join("pack-scan-corrupt.pdf")).expect("pack");
    let doc = lopdf::Document::load_mem(&packed).expect("pack parses");
    let images: Vec<Vec<u8>> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|v| v.as_name())
                .is_ok_and(|n| n == b"Image")
        })
        .map(|s| s.content.clone())
        .collect();
    assert!(
        images.contains(&jpeg),
        "the corrupt JPEG is not in the pack unchanged ({} images)",
        images.len()
    );
}

/// Issue 17: a meeting file whose report is a damaged PDF is imported as
/// attach takes it: the repaired copy is what the packs use, the file as
/// given is kept beside it byte for byte with the note, the hash the meeting
/// file gives is checked against the file as given, and an export and
/// re-import keep both.
#[test]
fn a_meeting_file_import_keeps_the_original_beside_a_repaired_copy() {
    use agendapack::interchange;
    use agendapack::store::{sha256_hex, Store};
    let dir = tempfile::tempdir().expect("tempdir");
    let file = common::copy_fixture("2024-11-28", &dir.path().join("in"));
    // Offsets all wrong, as a mail gateway that adds lines leaves a file.
    let healthy = fixture("gs_report.pdf");
    let header = healthy.iter().position(|&c| c == b'\n').expect("header") + 1;
    let damaged = [
        &healthy[..header],
        &b"% inserted by a mail gateway\n".repeat(3)[..],
        &healthy[header..],
    ]
    .concat();
    let inspected = pack::inspect("shifted.pdf", &damaged, &Limits::default()).expect("repaired");
    assert_eq!(inspected.intake_note(), Some("repaired on intake"));
    let report = file
        .parent()
        .expect("folder")
        .join("reports/2024-11-28/52-holiday-activities-and-food.pdf");
    std::fs::write(&report, &damaged).expect("write the damaged report");
    let set_sha = |sha: &str| {
        let mut json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("JSON");
        let items = json["meeting"]["items"].as_array_mut().expect("items");
        let haf = items.iter_mut().find(|i| i["key"] == "haf").expect("haf");
        haf["reports"][0]["sha256"] = serde_json::Value::String(sha.to_string());
        std::fs::write(&file, serde_json::to_string_pretty(&json).expect("JSON")).expect("write");
    };
    // A hash that is not of the file as given is refused, naming the path.
    let mut store = Store::open(&dir.path().join("a.sqlite3")).expect("store");
    interchange::import(&mut store, &common::fixture("2024-10-17")).expect("October");
    set_sha(&sha256_hex(&inspected.bytes));
    let err = interchange::import(&mut store, &file).expect_err("hash of the repaired copy");
    assert!(err.to_string().contains("sha256"), "{err}");
    set_sha(&sha256_hex(&damaged));

    let check = |store: &Store, id| {
        let m = store.load_meeting(id).expect("load");
        let (_, haf) = m.meeting.item("haf").expect("haf");
        let r = &haf.reports[0];
        let original = r.original.as_ref().expect("the original kept");
        assert_eq!(original.note, "repaired on intake");
        // (An export names the original apart from the PDF of the same name.)
        assert!(
            original
                .file_name
                .ends_with("52-holiday-activities-and-food.pdf"),
            "{}",
            original.file_name
        );
        assert_eq!(original.sha256, sha256_hex(&damaged));
        assert_eq!(
            r.sha256.as_deref(),
            Some(sha256_hex(&inspected.bytes).as_str())
        );
        assert_eq!(r.pages, Some(inspected.page_count));
        let kept = store
            .read_blob(&original.sha256, &r.title, "haf")
            .expect("original blob");
        assert_eq!(kept, damaged, "the original is kept as given");
        let stored = store
            .read_blob(r.sha256.as_deref().expect("sha"), &r.title, "haf")
            .expect("PDF blob");
        assert_eq!(stored, inspected.bytes, "the packs use the repaired copy");
    };
    let id = interchange::import(&mut store, &file).expect("imported");
    check(&store, id);

    let out = dir.path().join("out/2024-11-28.json");
    interchange::export(&store, id, &out).expect("export");
    let mut again = Store::open(&dir.path().join("b.sqlite3")).expect("store");
    interchange::import(&mut again, &common::fixture("2024-10-17")).expect("October");
    let id = interchange::import(&mut again, &out).expect("re-imported");
    check(&again, id);
}
