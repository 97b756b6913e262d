//! Pack assembly benchmark: a meeting of 40 reports (~500 pages) from three
//! producers, assembled with stamps, bookmarks and a front sheet, against
//! `qpdf --empty --pages` and `pdfunite` on the same files.
//!
//!     cargo bench --bench pack
//!
//! Inputs are generated into a temporary directory at run time (Ghostscript,
//! cairo via rsvg-convert, and lopdf in-process). Two things are timed, each in
//! a child process (this binary with `--assemble DIR` or `--public DIR`) so its
//! peak RSS (VmHWM) is not inflated by input generation:
//!
//! - `pack::assemble` with a stand-in front sheet (front.pdf);
//! - the real public pack, `publish::build_pack(…, PackKind::Public, …)` — what
//!   `agendapack pack MEETING --public` runs — on the demo meeting of 28th
//!   November, 2024 with its reports replaced by the 40 generated ones: reading
//!   the reports from the database (hash-verified), typesetting the front sheet
//!   and exempt-item notices, and assembling.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use agendapack::pack::{assemble, FrontLink, PackInput, PackMeta, Part};
use agendapack::{demo, publish, settings, store};
use lopdf::{dictionary, Document, Object, Stream};

const REPORTS: usize = 40;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--assemble") {
        let dir = PathBuf::from(&args[i + 1]);
        child_assemble(&dir);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--public") {
        let dir = PathBuf::from(&args[i + 1]);
        child_public(&dir);
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let gen_start = Instant::now();
    let files = generate(dir.path());
    // AGENDAPACK_BENCH_KEEP=DIR keeps a copy of the inputs for profiling.
    if let Some(keep) = std::env::var_os("AGENDAPACK_BENCH_KEEP") {
        let keep = PathBuf::from(keep);
        let _ = std::fs::create_dir_all(&keep);
        for f in files.iter().chain([&dir.path().join("front.pdf")]) {
            if let Some(name) = f.file_name() {
                let _ = std::fs::copy(f, keep.join(name));
            }
        }
    }
    let input_bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    let front_len = std::fs::metadata(dir.path().join("front.pdf"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "generated {} reports ({:.1} MB, front sheet {} KB) in {:.1} s",
        files.len(),
        input_bytes as f64 / 1e6,
        front_len / 1024,
        gen_start.elapsed().as_secs_f64()
    );

    // Ours, in a child process: prints "pages ms_best ms_with_write out_bytes vmhwm_kb".
    let [pages, ours, ours_write, out_bytes, hwm_kb] = child(dir.path(), "--assemble");
    // The real public pack: "pages ms_best ms_setup out_bytes vmhwm_kb inputs_bytes".
    let [pub_pages, pub_ms, pub_setup_ms, pub_bytes, pub_hwm_kb, pub_inputs] =
        child(dir.path(), "--public");

    let mut all = vec![dir.path().join("front.pdf")];
    all.extend(files.iter().cloned());
    let qpdf_out = dir.path().join("qpdf.pdf");
    let qpdf = best_of_3(|| {
        let mut cmd = Command::new("qpdf");
        cmd.arg("--empty").arg("--pages");
        cmd.args(&all);
        cmd.arg("--").arg(&qpdf_out);
        let st = cmd.status().expect("qpdf");
        assert!(st.success());
    });
    let unite_out = dir.path().join("unite.pdf");
    let unite = best_of_3(|| {
        let st = Command::new("pdfunite")
            .args(&all)
            .arg(&unite_out)
            .status()
            .expect("pdfunite");
        assert!(st.success());
    });
    let qpdf_ms = qpdf.as_secs_f64() * 1000.0;
    let unite_ms = unite.as_secs_f64() * 1000.0;
    let total_in = (input_bytes + front_len) as f64;
    let rss_budget_kb = (1.5 * total_in + 32.0 * 1024.0 * 1024.0) / 1024.0;
    let mut s = String::new();
    let _ = writeln!(s, "pages                       {pages}");
    let _ = writeln!(
        s,
        "assemble (best of 3)        {ours:.1} ms (with writing the file: {ours_write:.1} ms)"
    );
    let _ = writeln!(
        s,
        "qpdf --empty --pages        {qpdf_ms:.1} ms   ratio ours/qpdf {:.2} (goal <= 0.35)",
        ours / qpdf_ms
    );
    let _ = writeln!(
        s,
        "pdfunite                    {unite_ms:.1} ms   ratio ours/pdfunite {:.2}",
        ours / unite_ms
    );
    let _ = writeln!(
        s,
        "peak RSS (VmHWM)            {:.1} MiB   budget 1.5 x inputs + 32 MiB = {:.1} MiB",
        hwm_kb / 1024.0,
        rss_budget_kb / 1024.0
    );
    let _ = writeln!(
        s,
        "output size                 {:.2} MB = {:.3} x inputs {:.2} MB (goal <= 1.05); qpdf {:.2} MB, pdfunite {:.2} MB",
        out_bytes / 1e6,
        out_bytes / total_in,
        total_in / 1e6,
        size(&qpdf_out) / 1e6,
        size(&unite_out) / 1e6
    );
    let _ = writeln!(
        s,
        "\nreal public pack (publish::build_pack, as `agendapack pack M --public`)"
    );
    let _ = writeln!(
        s,
        "pages                       {pub_pages} (the 40 reports {:.2} MB as stored, plus typeset front sheet and notices; database set-up {pub_setup_ms:.0} ms, not timed)",
        pub_inputs / 1e6
    );
    let ratio = pub_ms / qpdf_ms;
    let _ = writeln!(
        s,
        "build_pack (best of 3)      {pub_ms:.1} ms   ratio ours/qpdf {ratio:.2} (goal <= 0.35: {}); ours/pdfunite {:.2}",
        met(ratio <= 0.35),
        pub_ms / unite_ms
    );
    let pub_budget_kb = (1.5 * pub_inputs + 32.0 * 1024.0 * 1024.0) / 1024.0;
    let _ = writeln!(
        s,
        "peak RSS (VmHWM)            {:.1} MiB   budget 1.5 x inputs + 32 MiB = {:.1} MiB: {}",
        pub_hwm_kb / 1024.0,
        pub_budget_kb / 1024.0,
        met(pub_hwm_kb <= pub_budget_kb)
    );
    let _ = writeln!(
        s,
        "output size                 {:.2} MB = {:.3} x inputs (goal <= 1.05: {})",
        pub_bytes / 1e6,
        pub_bytes / pub_inputs,
        met(pub_bytes / pub_inputs <= 1.05)
    );
    let _ = writeln!(
        s,
        "(assemble alone: ratio {:.2} {}, RSS {}, size {})",
        ours / qpdf_ms,
        met(ours / qpdf_ms <= 0.35),
        met(hwm_kb <= rss_budget_kb),
        met(out_bytes / total_in <= 1.05)
    );
    print!("{s}");
}

fn met(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT met"
    }
}

/// Runs this binary with `flag DIR` and parses the numbers it prints.
fn child<const N: usize>(dir: &Path, flag: &str) -> [f64; N] {
    let exe = std::env::current_exe().expect("exe");
    let out = Command::new(&exe)
        .arg(flag)
        .arg(dir)
        .output()
        .expect("child");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        eprintln!("{report}{}", String::from_utf8_lossy(&out.stderr));
        std::process::exit(1);
    }
    let nums: Vec<f64> = report
        .split_whitespace()
        .filter_map(|s| s.parse().ok())
        .collect();
    nums.try_into()
        .unwrap_or_else(|_| panic!("child {flag} said {report}"))
}

fn report_paths(dir: &Path) -> Vec<PathBuf> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("report-"))
        })
        .collect();
    names.sort();
    names
}

fn vm_hwm_kb() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("0")
        .to_string()
}

/// Runs in the child: loads the demo into a fresh database, replaces the reports
/// of the 28th November meeting by the generated ones (spread over its public
/// items, as a clerk would attach them), then builds the public pack three times.
fn child_public(dir: &Path) {
    let setup = Instant::now();
    let db = dir.join("bench.sqlite3");
    let _ = std::fs::remove_file(&db);
    let mut st = store::Store::open(&db).expect("open store");
    demo::load(&mut st).expect("demo");
    let meeting = st
        .meetings()
        .expect("meetings")
        .into_iter()
        .find(|m| m.date.to_string() == "2024-11-28")
        .expect("demo meeting of 28 November 2024")
        .id;
    let loaded = st.load_meeting(meeting).expect("load");
    let mut public_keys = Vec::new();
    for item in &loaded.meeting.items {
        for _ in 0..item.reports.len() {
            st.remove_report(meeting, &item.key, 0)
                .expect("remove report");
        }
        if !item.is_private() {
            public_keys.push(item.key.clone());
        }
    }
    assert!(!public_keys.is_empty());
    let mut inputs = 0u64;
    for (i, path) in report_paths(dir).iter().enumerate() {
        let bytes = std::fs::read(path).expect("read report");
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let info = agendapack::pack::inspect(&name, &bytes, &agendapack::pack::Limits::default())
            .expect("generated report accepted");
        inputs += info.bytes.len() as u64;
        st.attach_report(
            meeting,
            &public_keys[i % public_keys.len()],
            store::NewReport {
                title: &format!("Report {i}"),
                file_name: &name,
                bytes: &info.bytes,
                pages: info.page_count,
                original: None,
            },
        )
        .expect("attach");
    }
    let calendar = settings::calendar(&st).expect("settings");
    let setup_ms = setup.elapsed().as_secs_f64() * 1000.0;
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..3 {
        drop(last.take());
        let t = Instant::now();
        let built = publish::build_pack(&st, meeting, publish::PackKind::Public, &calendar)
            .expect("public pack");
        best = best.min(t.elapsed());
        last = Some(built);
    }
    let Some(built) = last else { return };
    std::fs::write(dir.join("public.pdf"), &built.bytes).expect("write");
    println!(
        "{} {:.3} {:.3} {} {} {}",
        built.page_count,
        best.as_secs_f64() * 1000.0,
        setup_ms,
        built.bytes.len(),
        vm_hwm_kb(),
        inputs
    );
}

fn size(p: &Path) -> f64 {
    std::fs::metadata(p).map(|m| m.len() as f64).unwrap_or(0.0)
}

fn best_of_3(mut f: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Runs in the child: reads the inputs, assembles three times, reports.
fn child_assemble(dir: &Path) {
    let names = report_paths(dir);
    let parts: Vec<Part> = names
        .iter()
        .enumerate()
        .map(|(i, p)| Part {
            key: format!("r{i}"),
            item_bookmark: format!("{} Item {}", 49 + i / 2, i / 2),
            report_bookmark: Some(format!("Report {i}")),
            bytes: std::fs::read(p).expect("read"),
            watermark: None,
            stamp: true,
        })
        .collect();
    let input = PackInput {
        front: std::fs::read(dir.join("front.pdf")).expect("front"),
        front_links: (0..parts.len())
            .map(|i| FrontLink {
                page: 1 + (i as u32 / 20),
                rect: [
                    72.0,
                    700.0 - 30.0 * (i % 20) as f32,
                    500.0,
                    720.0 - 30.0 * (i % 20) as f32,
                ],
                target: format!("r{i}"),
            })
            .collect(),
        parts,
        first_number: 1,
        meta: PackMeta {
            title: "Benchmark pack".into(),
            author: "AgendaPack".into(),
            subject: "Bench".into(),
            language: "en-GB".into(),
            created: None,
        },
    };
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..3 {
        drop(out.take());
        let t = Instant::now();
        let o = assemble(&input).expect("assemble");
        best = best.min(t.elapsed());
        out = Some(o);
    }
    let Some(out) = out else { return };
    // Assembly plus writing the file, as the external tools do (best of 3).
    let mut with_write = Duration::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let o = assemble(&input).expect("assemble");
        std::fs::write(dir.join("ours.pdf"), &o.bytes).expect("write");
        with_write = with_write.min(t.elapsed());
    }
    let hwm = vm_hwm_kb();
    println!(
        "{} {:.3} {:.3} {} {}",
        out.page_count,
        best.as_secs_f64() * 1000.0,
        with_write.as_secs_f64() * 1000.0,
        out.bytes.len(),
        hwm
    );
}

/// Page counts for the 40 reports: 1..=25, summing to about 500.
fn page_counts() -> Vec<u32> {
    let mut seed: u32 = 12345;
    (0..REPORTS)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            1 + (seed >> 16) % 24
        })
        .collect()
}

/// Generates front.pdf and report-NN.pdf; returns the report paths.
fn generate(dir: &Path) -> Vec<PathBuf> {
    std::fs::write(
        dir.join("front.pdf"),
        lopdf_report("Agenda front sheet", 2, false),
    )
    .expect("front");
    let counts = page_counts();
    let mut files = Vec::new();
    for (i, &n) in counts.iter().enumerate() {
        let path = dir.join(format!("report-{i:02}.pdf"));
        let title = format!("Report {i} to the Scrutiny Board");
        match i % 3 {
            0 => ghostscript(dir, &path, &title, n),
            1 => cairo(dir, &path, &title, n),
            _ => std::fs::write(&path, lopdf_report(&title, n, true)).expect("write"),
        }
        files.push(path);
    }
    files
}

const LOREM: &str = "The Board is recommended to note the position on school places and to \
identify any further recommendations for the Cabinet Member, having regard to the \
financial implications set out in section 5 of this briefing note.";

fn ghostscript(dir: &Path, out: &Path, title: &str, pages: u32) {
    let mut ps = String::from("%!PS-Adobe-3.0\n<< /PageSize [595 842] >> setpagedevice\n");
    for p in 1..=pages {
        let _ = writeln!(
            ps,
            "/Helvetica-Bold findfont 16 scalefont setfont 72 780 moveto ({title}) show"
        );
        ps.push_str("/Helvetica findfont 9 scalefont setfont\n");
        for line in 0..60 {
            let _ = writeln!(
                ps,
                "72 {} moveto ({} {line}.{p}) show",
                750 - line * 11,
                &LOREM[(line * 7) % 60..(line * 7) % 60 + 80]
            );
        }
        ps.push_str("showpage\n");
    }
    let src = dir.join("in.ps");
    std::fs::write(&src, ps).expect("ps");
    let st = Command::new("ps2pdf")
        .arg(&src)
        .arg(out)
        .status()
        .expect("ps2pdf");
    assert!(st.success());
}

fn cairo(dir: &Path, out: &Path, title: &str, pages: u32) {
    let mut svgs = Vec::new();
    for p in 1..=pages {
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"210mm\" height=\"297mm\" viewBox=\"0 0 595 842\">\
             <text x=\"72\" y=\"70\" font-family=\"DejaVu Sans\" font-size=\"16\">{title} – page {p}</text>"
        );
        for line in 0..50 {
            let _ = write!(
                svg,
                "<text x=\"72\" y=\"{}\" font-family=\"DejaVu Sans\" font-size=\"9\">{}</text>",
                100 + line * 13,
                &LOREM[(line * 5) % 60..(line * 5) % 60 + 80]
            );
        }
        svg.push_str(
            "<rect x=\"400\" y=\"760\" width=\"120\" height=\"40\" fill=\"#3366cc\"/></svg>",
        );
        let path = dir.join(format!("p{p}.svg"));
        std::fs::write(&path, svg).expect("svg");
        svgs.push(path);
    }
    let st = Command::new("rsvg-convert")
        .args(["-f", "pdf", "-o"])
        .arg(out)
        .args(&svgs)
        .status()
        .expect("rsvg-convert");
    assert!(st.success());
}

/// A report made in-process with lopdf: text plus, optionally, a small grey
/// "scanned" image per page.
fn lopdf_report(title: &str, pages: u32, images: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let mut kids = Vec::new();
    let mut seed: u32 = pages.wrapping_mul(7919);
    for p in 1..=pages {
        let mut content =
            format!("BT /F1 16 Tf 72 780 Td ({title}) Tj ET\nBT /F1 9 Tf 11 TL 72 750 Td\n");
        for line in 0..60 {
            let _ = writeln!(
                content,
                "({} {line}.{p}) '",
                &LOREM[(line * 3) % 60..(line * 3) % 60 + 80]
            );
        }
        content.push_str("ET\n");
        let mut resources = dictionary! { "Font" => dictionary! { "F1" => font } };
        if images {
            let data: Vec<u8> = (0..160 * 120)
                .map(|_| {
                    seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    200 + (seed >> 28) as u8
                })
                .collect();
            let mut image = Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Image", "Width" => 160, "Height" => 120,
                    "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
                },
                data,
            );
            let _ = image.compress();
            let im = doc.add_object(image);
            resources.set("XObject", dictionary! { "Im1" => im });
            content.push_str("q 160 0 0 120 380 60 cm /Im1 Do Q\n");
        }
        let mut stream = Stream::new(dictionary! {}, content.into_bytes());
        let _ = stream.compress();
        let c = doc.add_object(stream);
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => c, "Resources" => resources,
        });
        kids.push(Object::Reference(page));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => pages as i64,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}
