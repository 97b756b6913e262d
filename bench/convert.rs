//! Conversion benchmark: how long LibreOffice takes to turn each office
//! fixture (tests/fixtures/office/) into a PDF, through `convert::convert`
//! as `agendapack attach` runs it.
//!
//!     cargo bench --bench convert
//!
//! Two ways are timed per document (best and median of 3 runs):
//!
//! - cold: a throw-away profile per conversion, as AgendaPack does (the
//!   first start of LibreOffice in a fresh profile writes the profile);
//! - warm: one profile reused between conversions (primed by one run first),
//!   the cost a kept profile would save.
//!
//! Needs soffice on PATH (or $AGENDAPACK_SOFFICE).
//!
//! Run without `--bench` (as `cargo test --bench convert` does, and CI
//! does) it is a smoke run: the Word report only, once cold and once warm,
//! a few seconds in all, checking that the conversions work and that no
//! LibreOffice process of its own is left behind.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::time::{Duration, Instant};

use agendapack::convert::{self, Converter};

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (runs, documents): (usize, &[&str]) = if full {
        (
            3,
            &["report.docx", "report.odt", "figures.xlsx", "scan.png"],
        )
    } else {
        (1, &["report.docx"])
    };
    // Conversions work in a folder of this run's own, so its LibreOffice
    // processes can be told from anyone else's afterwards.
    let work = tempfile::tempdir().expect("a work folder");
    let converter = Converter::locate(
        std::env::var_os(convert::SOFFICE_ENV).as_deref(),
        std::env::var_os("PATH").as_deref(),
        Duration::from_secs(120),
    );
    if converter.soffice.is_none() {
        eprintln!("convert: no soffice found; install LibreOffice (scripts/setup-debian.sh)");
        std::process::exit(1);
    }
    let converter = Converter {
        work_dir: Some(work.path().to_path_buf()),
        ..converter
    };
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office");
    let warm = Converter {
        profile: Some(work.path().join("kept-profile")),
        ..converter.clone()
    };
    println!(
        "{:<14} {:>8} {:>6}  {:>17}  {:>17}",
        "document", "bytes", "pages", "cold best/median", "warm best/median"
    );
    for &name in documents {
        let bytes = std::fs::read(fixtures.join(name)).expect("fixture");
        let format = convert::detect(name, &bytes).expect("an accepted format");
        let once = |c: &Converter| {
            let started = Instant::now();
            let pdf = convert::convert(c, name, &bytes, format).expect("converts");
            (started.elapsed(), pdf)
        };
        // Prime the warm profile (and the page cache) once.
        let (_, pdf) = once(&warm);
        let pages = agendapack::pack::inspect(name, &pdf, &Default::default())
            .expect("a valid PDF")
            .page_count;
        let cold: Vec<Duration> = (0..runs).map(|_| once(&converter).0).collect();
        let hot: Vec<Duration> = (0..runs).map(|_| once(&warm).0).collect();
        println!(
            "{name:<14} {:>8} {pages:>6}  {:>17}  {:>17}",
            bytes.len(),
            figures(&cold),
            figures(&hot),
        );
    }
    let survivors = std::process::Command::new("pgrep")
        .args(["-a", "-f"])
        .arg(work.path())
        .output()
        .expect("pgrep runs");
    let survivors = String::from_utf8_lossy(&survivors.stdout);
    if !survivors.trim().is_empty() {
        eprintln!("convert: LibreOffice processes survived:\n{survivors}");
        std::process::exit(1);
    }
    if !full {
        println!("convert: smoke run (cargo bench --bench convert for the figures)");
    }
}

/// "812 / 840 ms".
fn figures(times: &[Duration]) -> String {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    format!("{:.0} / {:.0} ms", ms[0], ms[ms.len() / 2])
}
