//! Conversion benchmark: how long LibreOffice takes to turn each office
//! fixture (tests/fixtures/office/) into a PDF, through `convert::convert`
//! as `agendapack attach` runs it.
//!
//!     cargo bench --bench convert
//!
//! Two ways are timed per document (best and median of RUNS):
//!
//! - cold: a throw-away profile per conversion, as AgendaPack does (the
//!   first start of LibreOffice in a fresh profile writes the profile);
//! - warm: one profile reused between conversions (primed by one run first),
//!   the cost a kept profile would save.
//!
//! Needs soffice on PATH (or $AGENDAPACK_SOFFICE).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::time::{Duration, Instant};

use agendapack::convert::{self, Converter};

const RUNS: usize = 3;

fn main() {
    let converter = Converter::locate(
        std::env::var_os(convert::SOFFICE_ENV).as_deref(),
        std::env::var_os("PATH").as_deref(),
        Duration::from_secs(120),
    );
    if converter.soffice.is_none() {
        eprintln!("convert: no soffice found; install LibreOffice (scripts/setup-debian.sh)");
        std::process::exit(1);
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office");
    let profile = tempfile::tempdir().expect("a profile folder");
    let warm = Converter {
        profile: Some(profile.path().join("profile")),
        ..converter.clone()
    };
    println!(
        "{:<14} {:>8} {:>6}  {:>17}  {:>17}",
        "document", "bytes", "pages", "cold best/median", "warm best/median"
    );
    for name in ["report.docx", "report.odt", "figures.xlsx", "scan.png"] {
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
        let cold: Vec<Duration> = (0..RUNS).map(|_| once(&converter).0).collect();
        let hot: Vec<Duration> = (0..RUNS).map(|_| once(&warm).0).collect();
        println!(
            "{name:<14} {:>8} {pages:>6}  {:>17}  {:>17}",
            bytes.len(),
            figures(&cold),
            figures(&hot),
        );
    }
}

/// "812 / 840 ms".
fn figures(times: &[Duration]) -> String {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    format!("{:.0} / {:.0} ms", ms[0], ms[ms.len() / 2])
}
