//! Hostile-PDF fuzzing of report intake and pack assembly, in process.
//!
//! Every seed (the test PDFs and the reference reports) is mutated — bit
//! flips, interesting bytes, truncation, deleted and repeated chunks,
//! splices of two files — and fed to `pack::inspect`; whatever it accepts is
//! assembled into a pack. Neither may panic, and each call must finish well
//! within the 10 s a clerk would wait. Inputs that ever failed are kept in
//! `tests/fixtures/fuzz/` and replayed first, for ever.
//!
//! CI runs a short form; a longer run:
//!
//! ```sh
//! AGENDAPACK_FUZZ_ITERS=20000 cargo test --release --test fuzz -- --nocapture
//! ```
//! A failing input is written to `target/tmp/fuzz/crash-*.pdf`: move it to
//! `tests/fixtures/fuzz/` once fixed. Set `AGENDAPACK_FUZZ_KEEP=DIR` to also keep
//! every input that made the PDF parser panic (caught and refused by intake) or
//! took over a second.
#![allow(clippy::print_stdout)] // the harness reports its figures

mod common;

use agendapack::pack::{self, FrontLink, PackInput, PackMeta, Part};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn pick(rng: &mut common::Rng, n: usize) -> usize {
    rng.below(n as u64) as usize
}

const INTERESTING: &[u8] = b"\x00\xff()<>[]/0123456789 \n\rRobjendstreamxref-+.";

fn seeds() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in [
        "pdfs",
        "meetings/reports/2024-10-17",
        "meetings/reports/2024-11-28",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for p in paths {
            if p.extension().is_some_and(|e| e == "pdf" || e == "docx") {
                out.push((
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    assert!(out.len() >= 10, "fuzz seeds missing");
    out
}

fn mutate(rng: &mut common::Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    let rounds = 1 + pick(rng, 4);
    for _ in 0..rounds {
        if v.is_empty() {
            v.extend_from_slice(b"%PDF-1.7\n");
        }
        let len = v.len();
        match pick(rng, 8) {
            0 => {
                let i = pick(rng, len);
                v[i] ^= 1 << pick(rng, 8);
            }
            1 => {
                let i = pick(rng, len);
                v[i] = INTERESTING[pick(rng, INTERESTING.len())];
            }
            2 => v.truncate(pick(rng, len)),
            3 => {
                let a = pick(rng, len);
                let b = (a + pick(rng, 256)).min(len);
                v.drain(a..b);
            }
            4 => {
                let a = pick(rng, len);
                let b = (a + pick(rng, 512)).min(len);
                let chunk = v[a..b].to_vec();
                let at = pick(rng, len);
                v.splice(
                    at..at,
                    chunk.into_iter().cycle().take((b - a) * (1 + pick(rng, 3))),
                );
            }
            5 => {
                // Splice the tail of another file in.
                let cut = pick(rng, len);
                let from = pick(rng, other.len().max(1));
                v.truncate(cut);
                v.extend_from_slice(&other[from.min(other.len())..]);
            }
            7 => {
                // Deep nesting: a run of "[" or "<<" (lopdf recurses on them).
                let at = pick(rng, len);
                let opener: &[u8] = if pick(rng, 2) == 0 { b"[" } else { b"<< /K " };
                let n = 1 + pick(rng, 20_000);
                v.splice(at..at, opener.repeat(n));
            }
            _ => {
                // Rewrite a number somewhere (object numbers, lengths, counts).
                let i = pick(rng, len);
                if let Some(d) = v[i..].iter().position(|c| c.is_ascii_digit()) {
                    let j = i + d;
                    v[j] = b"0123456789"[pick(rng, 10)];
                    if pick(rng, 4) == 0 {
                        v.splice(j..j, b"99999999".iter().copied());
                    }
                }
            }
        }
    }
    v
}

fn front() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdfs/front.pdf"))
        .unwrap()
}

/// Inspects and, when accepted, assembles one input; returns the time taken.
fn exercise(name: &str, bytes: &[u8], front: &[u8]) -> Duration {
    let started = Instant::now();
    if let Ok(info) = pack::inspect(name, bytes, &pack::Limits::default()) {
        let input = PackInput {
            front: front.to_vec(),
            front_links: vec![FrontLink {
                page: 1,
                rect: [50.0, 50.0, 200.0, 70.0],
                target: "r".into(),
            }],
            parts: vec![Part {
                key: "r".into(),
                item_bookmark: "1. Item".into(),
                report_bookmark: Some("Report".into()),
                bytes: info.bytes,
                watermark: Some("PRIVATE – NOT FOR PUBLICATION – paragraph 1".into()),
                stamp: true,
                headings: Vec::new(),
            }],
            first_number: 1,
            meta: PackMeta {
                title: "Fuzz".into(),
                language: "en-GB".into(),
                ..PackMeta::default()
            },
        };
        let _ = pack::assemble(&input);
    }
    started.elapsed()
}

fn scratch() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz");
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn kept_crashing_inputs_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let front = front();
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "pdf") {
            let took = exercise(
                &p.file_name().unwrap().to_string_lossy(),
                &std::fs::read(&p).unwrap(),
                &front,
            );
            assert!(
                took < Duration::from_secs(10),
                "{} took {took:?}",
                p.display()
            );
            n += 1;
        }
    }
    println!("replayed {n} kept inputs");
    assert!(
        n >= 3,
        "the regression corpus tests/fixtures/fuzz/ should not be empty"
    );
}

#[test]
fn mutated_pdfs_never_panic_or_hang() {
    let iters: usize = std::env::var("AGENDAPACK_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let seed: u64 = std::env::var("AGENDAPACK_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0xF022_1234);
    // AGENDAPACK_FUZZ_SECS=600 runs for that long instead (iterations unbounded).
    let secs: Option<u64> = std::env::var("AGENDAPACK_FUZZ_SECS")
        .ok()
        .and_then(|v| v.parse().ok());
    let iters = if secs.is_some() { usize::MAX } else { iters };
    let keep = std::env::var_os("AGENDAPACK_FUZZ_KEEP").map(PathBuf::from);
    if let Some(k) = &keep {
        std::fs::create_dir_all(k).unwrap();
    }
    let seeds = seeds();
    let front = front();
    let mut rng = common::Rng(seed);
    // Count panics inside the parser that intake caught and turned into errors.
    static CAUGHT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    std::panic::set_hook(Box::new(|_| {
        CAUGHT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }));
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    let mut accepted = 0usize;
    let mut done = 0usize;
    let mut kept = 0usize;
    for i in 0..iters {
        if secs.is_some_and(|s| started.elapsed() >= Duration::from_secs(s)) {
            break;
        }
        done += 1;
        let caught_before = CAUGHT.load(std::sync::atomic::Ordering::Relaxed);
        let (name, base) = &seeds[pick(&mut rng, seeds.len())];
        let other = &seeds[pick(&mut rng, seeds.len())].1;
        let input = mutate(&mut rng, base, other);
        let path = scratch().join(format!("crash-{seed:x}-{i}.pdf"));
        // Written first, so a crash that takes the process down leaves the input behind.
        std::fs::write(&path, &input).unwrap();
        let took = exercise(name, &input, &front);
        if pack::inspect(name, &input, &pack::Limits::default()).is_ok() {
            accepted += 1;
        }
        assert!(
            took < Duration::from_secs(10),
            "input {} took {took:?}",
            path.display()
        );
        slowest = slowest.max(took);
        let caught = CAUGHT.load(std::sync::atomic::Ordering::Relaxed) > caught_before;
        if let Some(k) = &keep {
            if caught || took > Duration::from_secs(1) {
                let why = if caught { "caught" } else { "slow" };
                std::fs::copy(&path, k.join(format!("{why}-{seed:x}-{i}.pdf"))).unwrap();
                kept += 1;
            }
        }
        std::fs::remove_file(&path).unwrap();
    }
    let iters = done;
    let _ = std::panic::take_hook();
    println!(
        "fuzz: {iters} inputs from {} seeds in {:.1}s, {accepted} accepted and assembled, slowest {:?}, \
         0 panics escaped ({} inside the PDF parser caught and refused as damaged files; {kept} inputs kept)",
        seeds.len(),
        started.elapsed().as_secs_f64(),
        slowest,
        CAUGHT.load(std::sync::atomic::Ordering::Relaxed)
    );
}
