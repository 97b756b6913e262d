//! Report intake: real producers' files are accepted and described; hostile and
//! broken files are refused quickly with the right reason.

use std::path::PathBuf;
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

#[test]
fn truncated_file_is_refused() {
    let err = inspect_fixture("truncated.pdf").unwrap_err();
    assert!(matches!(err, IntakeError::Truncated { .. }), "{err}");
    assert!(err.to_string().contains("truncated.pdf"));
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
