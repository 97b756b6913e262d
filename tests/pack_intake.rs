//! Report intake: real producers' files are accepted and described; hostile and
//! broken files are refused quickly with the right reason.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use agendapack::pack::{inspect, Inspected, IntakeError, Limits};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdfs")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Inspects a fixture with default limits, asserting it takes under 10 s.
fn inspect_fixture(name: &str) -> Result<Inspected, IntakeError> {
    inspect_with(name, &Limits::default())
}

fn inspect_with(name: &str, limits: &Limits) -> Result<Inspected, IntakeError> {
    let bytes = fixture(name);
    let start = Instant::now();
    let result = inspect(name, &bytes, limits);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{name} took {:?}",
        start.elapsed()
    );
    result
}

fn accepted(name: &str) -> Inspected {
    inspect_fixture(name).unwrap_or_else(|e| panic!("{name} refused: {e}"))
}

#[test]
fn ghostscript_report_is_accepted_as_is() {
    let bytes = fixture("gs_report.pdf");
    let got = accepted("gs_report.pdf");
    assert_eq!(got.page_count, 3);
    assert_eq!(got.pages.len(), 3);
    assert!(!got.decrypted);
    assert_eq!(got.bytes, bytes, "an unencrypted file is stored unchanged");
    assert!(got
        .producer
        .as_deref()
        .unwrap_or("")
        .contains("Ghostscript"));
    let p = got.pages[0];
    assert!((p.width_pt - 595.0).abs() < 1.0 && (p.height_pt - 842.0).abs() < 1.0);
    assert_eq!(p.rotate, 0);
    assert!(!p.is_landscape());
}

#[test]
fn producers_and_sizes() {
    let cairo = accepted("cairo_report.pdf");
    assert_eq!(cairo.page_count, 2);
    assert!(cairo.producer.as_deref().unwrap_or("").contains("cairo"));
    assert!((cairo.pages[0].width_pt - 595.3).abs() < 1.0);

    let scan = accepted("scan.pdf");
    assert_eq!(scan.page_count, 1);

    let objstm = accepted("objstm.pdf");
    assert_eq!(objstm.page_count, 3);

    let a3 = accepted("gs_a3.pdf");
    assert!((a3.pages[0].height_pt - 1191.0).abs() < 1.0);

    let landscape = accepted("gs_landscape.pdf");
    assert!(landscape.pages.iter().all(|p| p.is_landscape()));

    // LibreOffice Writer: A4 portrait, landscape, portrait.
    let lo = accepted("libreoffice_report.pdf");
    assert_eq!(lo.page_count, 3);
    assert!(lo.producer.as_deref().unwrap_or("").contains("LibreOffice"));
    let shape: Vec<bool> = lo.pages.iter().map(|p| p.is_landscape()).collect();
    assert_eq!(shape, vec![false, true, false]);
    assert!((lo.pages[1].width_pt - 841.9).abs() < 1.0);
    assert_eq!(lo.bytes, fixture("libreoffice_report.pdf"));
}

#[test]
fn rotated_pages_report_their_rotation() {
    let got = accepted("rotated.pdf");
    let rotations: Vec<i32> = got.pages.iter().map(|p| p.rotate).collect();
    assert_eq!(rotations, vec![90, 180, 270, 0]);
    assert!(got.pages[0].is_landscape());
    assert!(!got.pages[1].is_landscape());
}

#[test]
fn inherited_attributes_are_resolved_in_page_tree_order() {
    let got = accepted("inherited.pdf");
    assert_eq!(got.page_count, 3);
    // page 1: parent's MediaBox [100 50 695 892] and /Rotate 90
    assert_eq!(got.pages[0].rotate, 90);
    assert_eq!(
        (got.pages[0].width_pt, got.pages[0].height_pt),
        (595.0, 842.0)
    );
    // page 2: own /Rotate 0, CropBox [110 60 685 882] from its parent
    assert_eq!(got.pages[1].rotate, 0);
    assert_eq!(
        (got.pages[1].width_pt, got.pages[1].height_pt),
        (575.0, 822.0)
    );
    // page 3: /Rotate 270 from the nearer parent
    assert_eq!(got.pages[2].rotate, 270);
}

#[test]
fn incremental_update_is_read_as_updated() {
    let got = accepted("incremental.pdf");
    assert_eq!(got.page_count, 2);
}

#[test]
fn owner_password_only_files_are_decrypted() {
    for name in ["owner_only_aes256.pdf", "owner_only_rc4.pdf"] {
        let got = accepted(name);
        assert!(got.decrypted, "{name}");
        assert_eq!(got.page_count, 3, "{name}");
        // The stored copy opens without encryption and has the same pages.
        let again = inspect("again.pdf", &got.bytes, &Limits::default())
            .unwrap_or_else(|e| panic!("{name} decrypted copy refused: {e}"));
        assert!(!again.decrypted, "{name}");
        assert_eq!(again.page_count, 3);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("dec.pdf");
        std::fs::write(&path, &got.bytes).expect("write");
        let out = std::process::Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .expect("qpdf");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{name}: {stdout}");
        assert!(stdout.contains("File is not encrypted"), "{name}: {stdout}");
        let text = std::process::Command::new("pdftotext")
            .args([path.to_str().unwrap_or_default(), "-"])
            .output()
            .expect("pdftotext");
        assert!(String::from_utf8_lossy(&text.stdout).contains("Report page 2 of 3"));
    }
}

#[test]
fn user_password_is_refused() {
    let err = inspect_fixture("user_password.pdf").unwrap_err();
    assert!(
        matches!(err, IntakeError::PasswordProtected { .. }),
        "{err}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("user_password.pdf") && msg.contains("password"),
        "{msg}"
    );
}

#[test]
fn empty_file_is_refused() {
    let err = inspect_fixture("empty.pdf").unwrap_err();
    assert!(matches!(err, IntakeError::Empty { .. }), "{err}");
    assert!(err.to_string().contains("empty.pdf"));
}

#[test]
fn non_pdfs_are_refused_with_a_guess() {
    let err = inspect_fixture("not_a_pdf.docx").unwrap_err();
    assert!(matches!(err, IntakeError::NotPdf { .. }), "{err}");
    assert!(err.to_string().contains("Word"), "{err}");
    let err = inspect_fixture("text_named.pdf").unwrap_err();
    assert!(matches!(err, IntakeError::NotPdf { .. }), "{err}");
    assert!(err.to_string().contains("plain text"), "{err}");
}

/// A file cut short is refused when the cut took something its pages use (here
/// the second half of a cairo file: fonts and a page's content).
#[test]
fn truncated_file_is_refused() {
    let whole = fixture("cairo_report.pdf");
    let err = inspect(
        "truncated.pdf",
        &whole[..whole.len() / 2],
        &Limits::default(),
    )
    .unwrap_err();
    assert!(matches!(err, IntakeError::Truncated { .. }), "{err}");
    assert!(err.to_string().contains("truncated.pdf"));
}

/// `truncated.pdf` is the first half of a Ghostscript file: its pages' objects
/// are all there, but the cross-reference and the trailer are gone, and
/// neither qpdf nor poppler opens it (they rebuild only from a trailer), so
/// intake refuses it too, as incomplete (issue 17: refuse only what the
/// reference readers cannot open either, and nothing they open).
#[test]
fn a_file_cut_before_its_trailer_is_refused_as_the_readers_refuse_it() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdfs/truncated.pdf");
    let qpdf = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf runs");
    let poppler = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo runs");
    assert!(!matches!(qpdf.status.code(), Some(0) | Some(3)));
    assert!(!poppler.status.success());
    let err = inspect_fixture("truncated.pdf").unwrap_err();
    assert!(matches!(err, IntakeError::Truncated { .. }), "{err}");
    assert!(err.to_string().contains("truncated.pdf"), "{err}");
}

/// A file cut just before its `startxref` keeps its trailer, which readers
/// rebuild from: it is rebuilt from its objects, every page intact, and the
/// clerk is told it was repaired.
#[test]
fn a_file_cut_after_its_trailer_is_repaired() {
    let whole = fixture("gs_report.pdf");
    let cut = whole
        .windows(9)
        .rposition(|w| w == b"startxref")
        .expect("startxref");
    let got = inspect("cut.pdf", &whole[..cut], &Limits::default()).expect("repaired");
    assert!(got.repaired && !got.decrypted);
    assert_eq!(got.intake_note(), Some("repaired on intake"));
    let again = inspect("again.pdf", &got.bytes, &Limits::default()).expect("stored copy reads");
    assert!(!again.repaired, "the stored copy is whole");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("repaired.pdf");
    std::fs::write(&path, &got.bytes).expect("write");
    common::pdf::qpdf_check(&path);
    let source = dir.path().join("source.pdf");
    std::fs::write(&source, &whole).expect("write");
    assert_eq!(got.page_count, common::pdf::pages(&source));
    assert_eq!(common::pdf::text(&path), common::pdf::text(&source));
}

#[test]
fn bit_flipped_file_is_refused() {
    let err = inspect_fixture("bit_flipped.pdf").unwrap_err();
    assert!(
        matches!(
            err,
            IntakeError::Corrupt { .. } | IntakeError::Truncated { .. }
        ),
        "{err}"
    );
}

#[test]
fn page_tree_loops_are_refused() {
    for name in ["page_tree_loop.pdf", "page_tree_cycle.pdf"] {
        let err = inspect_fixture(name).unwrap_err();
        assert!(
            matches!(err, IntakeError::PageTreeLoop { .. }),
            "{name}: {err}"
        );
        assert!(err.to_string().contains(name));
    }
}

#[test]
fn file_without_pages_is_refused() {
    let err = inspect_fixture("no_pages.pdf").unwrap_err();
    assert!(matches!(err, IntakeError::NoPages { .. }), "{err}");
}

#[test]
fn limits_are_enforced() {
    let tight = Limits {
        max_bytes: 1000,
        ..Limits::default()
    };
    let err = inspect_with("gs_report.pdf", &tight).unwrap_err();
    assert!(matches!(err, IntakeError::TooLarge { .. }), "{err}");

    let few = Limits {
        max_pages: 2,
        ..Limits::default()
    };
    let err = inspect_with("gs_report.pdf", &few).unwrap_err();
    assert!(
        matches!(err, IntakeError::TooManyPages { max: 2, .. }),
        "{err}"
    );

    let shallow = Limits {
        max_depth: 1,
        ..Limits::default()
    };
    let err = inspect_with("inherited.pdf", &shallow).unwrap_err();
    assert!(matches!(err, IntakeError::TooDeep { max: 1, .. }), "{err}");
}

/// Every fixture, and many mutilated copies of real files, give an answer (never
/// a panic or a hang).
#[test]
fn mutilated_files_never_panic_or_hang() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdfs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".sh"))
        .collect();
    names.sort();
    let start = Instant::now();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for name in &names {
        let bytes = fixture(name);
        let _ = inspect(name, &bytes, &Limits::default());
        if bytes.len() < 100 {
            continue;
        }
        for _ in 0..40 {
            let mut copy = bytes.clone();
            for _ in 0..8 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let at = (seed % copy.len() as u64) as usize;
                copy[at] = (seed >> 32) as u8;
            }
            let _ = inspect(name, &copy, &Limits::default());
        }
        for cut in [10, 100, copy_len(&bytes) / 3, copy_len(&bytes) - 10] {
            let _ = inspect(name, &bytes[..cut.min(bytes.len())], &Limits::default());
        }
    }
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
}

fn copy_len(bytes: &[u8]) -> usize {
    bytes.len()
}

/// A one-page PDF whose page dictionary carries `extra`, with `trailer_extra` in
/// the trailer and `content` as the page's content stream.
fn one_page_pdf(extra: &[u8], trailer_extra: &[u8], content: &[u8]) -> Vec<u8> {
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(content);
    stream.extend_from_slice(b"\nendstream");
    let mut page = b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R ".to_vec();
    page.extend_from_slice(extra);
    page.extend_from_slice(b" >>");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>".to_vec(),
        page,
        stream,
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R ", objects.len() + 1).as_bytes(),
    );
    out.extend_from_slice(trailer_extra);
    out.extend_from_slice(format!(" >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    out
}

fn nested(open: &[u8], close: &[u8], depth: usize) -> Vec<u8> {
    let mut v = open.repeat(depth);
    v.extend_from_slice(&close.repeat(depth));
    v
}

/// Nesting bombs: without the pre-scan lopdf recurses once per level and the
/// stack overflow aborts the whole process (the test binary dies, it does not fail).
#[test]
fn nesting_bombs_are_refused_before_parsing() {
    let deep_array = [&b"/Junk "[..], &nested(b"[", b"]", 100_000)].concat();
    let deep_dict = [&b"/Junk "[..], &nested(b"<< /A ", b">> ", 100_000)].concat();
    let unclosed = [&b"/Junk "[..], &b"[".repeat(100_000)].concat();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "array_in_page.pdf",
            one_page_pdf(&deep_array, b"", b"BT ET"),
        ),
        ("dict_in_page.pdf", one_page_pdf(&deep_dict, b"", b"BT ET")),
        (
            "unclosed_in_page.pdf",
            one_page_pdf(&unclosed, b"", b"BT ET"),
        ),
        ("in_trailer.pdf", one_page_pdf(b"", &deep_array, b"BT ET")),
        ("nesting_objstm.pdf", fixture("nesting_objstm.pdf")),
        ("nesting_page.pdf", fixture("nesting_page.pdf")),
    ];
    for (name, bytes) in cases {
        let start = Instant::now();
        let err = inspect(name, &bytes, &Limits::default()).unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(10), "{name}");
        assert!(
            matches!(err, IntakeError::NestedTooDeep { max: 100, .. }),
            "{name}: {err}"
        );
        let msg = err.to_string();
        assert!(
            msg.contains(name) && msg.contains("nested more than 100 levels"),
            "{msg}"
        );
    }
    // The object-stream bomb is found inside the decompressed stream.
    let err = inspect_fixture("nesting_objstm.pdf").unwrap_err();
    assert!(
        matches!(
            err,
            IntakeError::NestedTooDeep {
                in_object: Some(6),
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn ordinary_nesting_is_accepted_and_the_limit_is_exact() {
    // 20 levels in the page dictionary: fine.
    let extra = [&b"/Junk "[..], &nested(b"[", b"]", 20)].concat();
    let ok = inspect(
        "ok.pdf",
        &one_page_pdf(&extra, b"", b"BT ET"),
        &Limits::default(),
    );
    assert_eq!(ok.map(|i| i.page_count), Ok(1));
    // The page dictionary itself is one level, so 20 arrays inside it make 21.
    let limits = Limits {
        max_nesting: 20,
        ..Limits::default()
    };
    let err = inspect("deep.pdf", &one_page_pdf(&extra, b"", b"BT ET"), &limits).unwrap_err();
    assert!(
        matches!(err, IntakeError::NestedTooDeep { max: 20, .. }),
        "{err}"
    );
    let limits = Limits {
        max_nesting: 21,
        ..Limits::default()
    };
    assert!(inspect("ok.pdf", &one_page_pdf(&extra, b"", b"BT ET"), &limits).is_ok());
}

/// A content stream is never parsed by intake or assembly, so brackets in it are
/// only data: the file is accepted and packs without trouble.
#[test]
fn deep_brackets_in_a_content_stream_are_only_data() {
    let content = nested(b"[", b"]", 100_000);
    let bytes = one_page_pdf(b"", b"", &content);
    let got = inspect("content.pdf", &bytes, &Limits::default()).expect("accepted");
    assert_eq!(got.page_count, 1);
    let front = fixture("front.pdf");
    let out = agendapack::pack::assemble(&agendapack::pack::PackInput {
        front,
        front_links: vec![],
        parts: vec![agendapack::pack::Part {
            key: "r".into(),
            item_bookmark: "1. Item".into(),
            report_bookmark: None,
            bytes: got.bytes,
            watermark: None,
            stamp: true,
            headings: Vec::new(),
        }],
        first_number: 1,
        meta: agendapack::pack::PackMeta {
            title: "T".into(),
            language: "en-GB".into(),
            ..Default::default()
        },
    })
    .expect("assembled");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, &out.bytes).expect("write");
    let info = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo");
    assert!(String::from_utf8_lossy(&info.stdout).contains("Pages:           3"));
}

/// Hostile files attached through the real `agendapack` binary: each is refused
/// within 10 s (no abort, no hang) with a message naming the file, the item and
/// the reason, and the database is left exactly as it was.
#[test]
fn hostile_files_attached_through_the_cli_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("hostile.sqlite3");
    let cli = || {
        let mut c = assert_cmd::Command::cargo_bin("agendapack").expect("binary");
        c.arg("--db").arg(&db).env_remove("AGENDAPACK_DB");
        c.timeout(Duration::from_secs(10));
        c
    };
    cli().arg("demo").assert().success();
    let before = common::fingerprint(&db);
    let deep = [&b"/Junk "[..], &b"[".repeat(100_000)].concat();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.pdf",
            fixture("cairo_report.pdf")[..fixture("cairo_report.pdf").len() / 2].to_vec(),
            "incomplete",
        ),
        ("bit_flipped.pdf", fixture("bit_flipped.pdf"), "damaged"),
        (
            "user_password.pdf",
            fixture("user_password.pdf"),
            "password-protected",
        ),
        (
            "page_tree_loop.pdf",
            fixture("page_tree_loop.pdf"),
            "refers back to itself",
        ),
        (
            "nesting_page.pdf",
            fixture("nesting_page.pdf"),
            "nested more than 100 levels",
        ),
        (
            "nesting_objstm.pdf",
            fixture("nesting_objstm.pdf"),
            "nested more than 100 levels",
        ),
        (
            "bomb_100k.pdf",
            one_page_pdf(&deep, b"", b"BT ET"),
            "nested more than 100 levels",
        ),
    ];
    for (name, bytes, reason) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        let started = Instant::now();
        let out = cli()
            .args(["attach", "2", "53"])
            .arg(&path)
            .output()
            .expect("run agendapack");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{name}: took {:?}",
            started.elapsed()
        );
        // A signal (abort, stack overflow) leaves no exit code at all.
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: {:?} {stderr}",
            out.status
        );
        for needle in [name, "item 53", reason] {
            assert!(stderr.contains(needle), "{name}: no {needle:?} in {stderr}");
        }
        assert_eq!(
            common::fingerprint(&db),
            before,
            "{name} changed the database"
        );
    }
}

/// Found by the fuzzer: a 7 KB file whose cross-reference stream says
/// `/DecodeParms << /Columns 999999992 /Predictor 12 >>` made lopdf allocate and
/// zero two 1 GB rows (1.9 GB peak, 3 s). Refused before parsing, quickly.
#[test]
fn impossible_predictor_columns_are_refused_before_allocating() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz/memory-xref-columns-999999992.pdf");
    let bytes = std::fs::read(&path).expect("fuzz input");
    let start = Instant::now();
    let err = inspect("columns.pdf", &bytes, &Limits::default()).unwrap_err();
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "{:?}",
        start.elapsed()
    );
    assert!(matches!(err, IntakeError::Corrupt { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("columns.pdf") && msg.contains("/Columns value 999999992"),
        "{msg}"
    );
}
