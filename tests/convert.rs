//! Reports as clerks receive them (Word, OpenDocument, Excel, scans), attached
//! through the real CLI and converted by a real LibreOffice; refusals of
//! damaged, protected, empty and hanging files; the conversion cache; export
//! and import with the originals. Needs `soffice` (scripts/setup-debian.sh).

mod common;

use assert_cmd::Command;
use common::pdf;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn office(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/office")
        .join(name)
}

/// A test's own folder: its database, its outputs, and the temporary folder
/// its conversions run in (so the LibreOffice processes it starts can be
/// told from anyone else's by their profile path).
struct Bench {
    dir: tempfile::TempDir,
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tmp")).unwrap();
        Bench { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn db(&self) -> PathBuf {
        self.path("convert.sqlite3")
    }

    fn cli(&self) -> Command {
        self.cli_on(&self.db())
    }

    fn cli_on(&self, db: &Path) -> Command {
        let mut c = Command::cargo_bin("agendapack").unwrap();
        c.arg("--db")
            .arg(db)
            .env_remove("AGENDAPACK_DB")
            .env_remove("AGENDAPACK_SOFFICE")
            .env_remove("AGENDAPACK_CONVERT_TIMEOUT")
            .env("TMPDIR", self.path("tmp"));
        c
    }

    /// The demo, a January meeting (3) and a public item "haf" on it.
    fn meeting(&self) {
        self.cli().arg("demo").assert().success();
        self.cli()
            .args([
                "new-meeting",
                "--committee",
                "Education and Children's Services Scrutiny Board (2)",
                "--date",
                "2025-01-16",
                "--time",
                "10:00",
            ])
            .assert()
            .success()
            .stdout("3\n");
        self.cli()
            .args([
                "add-item",
                "3",
                "--title",
                "Holiday Activities and Food Programme",
                "--key",
                "haf",
            ])
            .assert()
            .success();
    }

    fn attach(&self, file: &Path, title: &str) -> String {
        let out = self
            .cli()
            .args(["attach", "3", "haf"])
            .arg(file)
            .args(["--title", title])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    }

    /// The processes alive whose command line names this test's folder:
    /// LibreOffice's `oosplash` and `soffice.bin` name their profile, which
    /// is inside it.
    fn survivors(&self) -> String {
        let out = std::process::Command::new("pgrep")
            .args(["-a", "-f"])
            .arg(self.dir.path())
            .output()
            .expect("pgrep");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Fails if any process started by this test is still alive.
    fn assert_no_survivors(&self) {
        let alive = self.survivors();
        assert!(
            alive.is_empty(),
            "processes of this test survived:\n{alive}"
        );
    }
}

fn item_number(b: &Bench) -> String {
    let shown = String::from_utf8(
        b.cli()
            .args(["show", "3"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    let line = shown
        .lines()
        .find(|l| l.contains("Holiday Activities and Food Programme"))
        .expect("the item is on the agenda");
    line.trim().split('.').next().unwrap().to_string()
}

#[test]
fn word_opendocument_excel_and_a_scan_become_numbered_pages_of_the_public_pack() {
    let b = Bench::new();
    b.meeting();
    let number = item_number(&b);
    let said = b.attach(&office("report.docx"), "Briefing Note");
    assert!(
        said.contains(&format!(
            "Attached report.docx to item {number} as report.pdf (3 pages), converted from Word by LibreOffice"
        )),
        "{said}"
    );
    let said = b.attach(&office("report.odt"), "Briefing Note (OpenDocument)");
    assert!(
        said.contains("converted from OpenDocument text by LibreOffice"),
        "{said}"
    );
    let said = b.attach(&office("figures.xlsx"), "Budget");
    assert!(
        said.contains("converted from Excel by LibreOffice"),
        "{said}"
    );
    let said = b.attach(&office("scan.png"), "Signed letter");
    assert!(
        said.contains("as scan.pdf (1 page), converted from a PNG image"),
        "{said}"
    );

    // `show` keeps the original beside each PDF.
    b.cli()
        .args(["show", "3"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Report: Briefing Note — report.pdf (3 pages",
        ))
        .stdout(predicates::str::contains(
            "(converted from Word by LibreOffice 7",
        ))
        .stdout(predicates::str::contains("original kept: report.docx)"));

    let pack = b.path("public.pdf");
    b.cli()
        .args(["pack", "3", "--public", "-o"])
        .arg(&pack)
        .assert()
        .success();
    pdf::qpdf_check(&pack);
    let pages = pdf::pages(&pack);
    // "Page N" on every page after the front sheet (which has its own
    // footer), numbered from the front sheet.
    let outline = pdf::outline(&pack);
    assert_eq!(outline[0].1, "Agenda front sheet");
    let first_report_page = outline[1].2 as u32;
    assert!(first_report_page > 1);
    for page in first_report_page..=pages {
        let text = pdf::page_text(&pack, page);
        assert!(
            text.contains(&format!("Page {page}")),
            "page {page} lacks its number:\n{text}"
        );
    }
    // Words in reading order, whatever the line breaks in table cells.
    let text = pdf::text(&pack)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for want in [
        // Headings, a table's cells, footnotes of the Word report.
        "Places taken up by ward",
        "Foleshill",
        "1,115",
        "Eligibility as set by the Department for Education grant conditions for 2024.",
        "Registers returned by providers by 6th September, 2024.",
        "Positive Youth Foundation",
        "Recommendations",
        // The spreadsheet.
        "Summer food hampers",
        "46980",
        "60650",
    ] {
        assert!(text.contains(want), "the pack lacks {want:?}");
    }

    // Bookmarks: the item, each report under it, the Word report's headings
    // under the report.
    let at = |title: &str, from: usize| {
        outline[from..]
            .iter()
            .position(|(_, t, _)| t == title)
            .map(|i| i + from)
            .unwrap_or_else(|| panic!("no bookmark {title:?} in {outline:#?}"))
    };
    let item = at(
        &format!("{number}. Holiday Activities and Food Programme"),
        0,
    );
    let report = at("Briefing Note", item);
    let heading = at("Holiday Activities and Food Programme", report);
    let sub = at("Places taken up by ward", heading);
    let appendix = at("Appendix A: Providers by week", sub);
    assert_eq!(outline[item].0, 1);
    assert_eq!(outline[report].0, 2);
    assert_eq!(outline[heading].0, 3);
    assert_eq!(outline[sub].0, 4);
    assert_eq!(outline[appendix].0, 3);
    assert_eq!(outline[report].2, outline[heading].2);
    // The landscape appendix is on the report's second page, landscape in
    // the pack; the pages either side stay portrait.
    let landscape = outline[appendix].2 as u32;
    assert_eq!(landscape, outline[report].2 as u32 + 1);
    let (w, h) = pdf::page_size(&pack, landscape);
    assert!(w > h && (w - 841.9).abs() < 1.0, "{w} x {h}");
    let (w, h) = pdf::page_size(&pack, landscape - 1);
    assert!(w < h, "{w} x {h}");
    assert!(pdf::page_text(&pack, landscape).contains("Week 5"));
    // The image survives (the chart on the report's first page), and the scan.
    assert!(pdf::images_on_page(&pack, landscape - 1) >= 1);
    let scan = outline[at("Signed letter", item)].2 as u32;
    assert!(pdf::images_on_page(&pack, scan) >= 1);
    b.assert_no_survivors();
}

#[test]
fn a_file_converted_once_is_never_converted_again() {
    let b = Bench::new();
    b.meeting();
    b.attach(&office("report.docx"), "Briefing Note");
    // With no LibreOffice at all, the same file attaches again from the cache.
    let out = b
        .cli()
        .env("AGENDAPACK_SOFFICE", b.path("no-such-soffice"))
        .args(["attach", "3", "haf"])
        .arg(office("report.docx"))
        .args(["--title", "Briefing Note again"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let said = String::from_utf8(out).unwrap();
    assert!(said.contains("not converted again"), "{said}");
    let conn = rusqlite::Connection::open(b.db()).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM conversion"), 1);
    assert_eq!(
        count("SELECT count(DISTINCT sha256) FROM report WHERE original_sha256 IS NOT NULL"),
        1,
        "both reports share the one PDF"
    );
    // Building packs reads the stored PDF: no LibreOffice needed.
    b.cli()
        .env("AGENDAPACK_SOFFICE", b.path("no-such-soffice"))
        .args(["pack", "3", "--public", "-o"])
        .arg(b.path("p.pdf"))
        .assert()
        .success();
    b.assert_no_survivors();
}

/// The survivor check sees a process that names the test's folder, as a
/// LibreOffice left running would, and stops seeing it once it is gone: the
/// check every conversion test ends with can fail.
#[test]
fn the_survivor_check_sees_a_process_left_running() {
    let b = Bench::new();
    assert_eq!(b.survivors(), "");
    use std::os::unix::process::CommandExt;
    // The shell's $0 names the folder, as soffice.bin's profile argument does.
    let mut child = std::process::Command::new("sh")
        .args(["-c", "sleep 30; :"])
        .arg(b.path("soffice.bin"))
        .process_group(0)
        .spawn()
        .expect("sh runs");
    let deadline = Instant::now() + Duration::from_secs(5);
    while b.survivors().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let seen = b.survivors();
    // The shell and its sleep, as the converter kills LibreOffice's group.
    std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status()
        .expect("kill runs");
    child.wait().expect("reaped");
    assert!(seen.contains(&child.id().to_string()), "{seen:?}");
    b.assert_no_survivors();
}

/// Attaching `file` is refused with a message naming the file, the item and
/// `reason`, within `within`, and the database is unchanged.
fn refused(b: &Bench, file: &Path, env: &[(&str, &str)], reason: &str, within: Duration) {
    let before = common::fingerprint(&b.db());
    let number = item_number(b);
    let mut cmd = b.cli();
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let out = cmd
        .args(["attach", "3", "haf"])
        .arg(file)
        .assert()
        .failure()
        .get_output()
        .clone();
    let took = started.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(err.contains(&format!("‘{name}’")), "{err}");
    assert!(err.contains(&format!("to item {number}")), "{err}");
    assert!(err.contains(reason), "expected {reason:?} in: {err}");
    assert!(took < within, "took {took:?}: {err}");
    assert_eq!(common::fingerprint(&b.db()), before, "{name}");
}

#[test]
fn corrupt_damaged_protected_and_empty_documents_are_refused_and_change_nothing() {
    let b = Bench::new();
    b.meeting();
    let quick = Duration::from_secs(60);
    refused(
        &b,
        &office("corrupt.docx"),
        &[],
        "is damaged: the file stops part-way through",
        quick,
    );
    refused(
        &b,
        &office("damaged.docx"),
        &[],
        "is damaged: LibreOffice could not open it",
        quick,
    );
    refused(
        &b,
        &office("password.docx"),
        &[],
        "is password-protected: it needs a password to open",
        quick,
    );
    refused(&b, &office("empty.docx"), &[], "is empty (0 bytes)", quick);
    // Not a document at all.
    let text = b.path("notes.docx");
    std::fs::write(&text, "Notes for the chair, not a real document.").unwrap();
    refused(&b, &text, &[], "it looks like a plain text file", quick);
    b.assert_no_survivors();
}

#[test]
fn missing_libreoffice_is_refused_with_the_command_that_installs_it() {
    let b = Bench::new();
    b.meeting();
    let missing = b.path("no-such-soffice");
    refused(
        &b,
        &office("report.odt"),
        &[("AGENDAPACK_SOFFICE", missing.to_str().unwrap())],
        "needs LibreOffice to become a PDF, but LibreOffice is not installed",
        Duration::from_secs(30),
    );
    refused(
        &b,
        &office("report.odt"),
        &[("AGENDAPACK_SOFFICE", missing.to_str().unwrap())],
        "sudo apt-get install --no-install-recommends libreoffice-writer-nogui",
        Duration::from_secs(30),
    );
}

/// Whether process `pid` is gone (or a zombie waiting to be reaped).
fn dead(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .map(|(_, rest)| rest.trim_start().starts_with('Z'))
            .unwrap_or(true),
    }
}

#[test]
fn a_hanging_converter_is_stopped_at_the_timeout_with_all_its_processes() {
    let b = Bench::new();
    b.meeting();
    // A stand-in for soffice that never finishes, with a child of its own
    // (as oosplash has soffice.bin); it writes both pids down.
    let pids = b.path("stand-in.pids");
    let stand_in = b.path("soffice-that-hangs");
    std::fs::write(
        &stand_in,
        format!(
            "#!/bin/sh\necho $$ > '{p}'\nsleep 300 &\necho $! >> '{p}'\nwait\n",
            p = pids.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&stand_in, std::fs::Permissions::from_mode(0o755)).unwrap();
    refused(
        &b,
        &office("report.docx"),
        &[
            ("AGENDAPACK_SOFFICE", stand_in.to_str().unwrap()),
            ("AGENDAPACK_CONVERT_TIMEOUT", "2"),
        ],
        "LibreOffice was still working after 2 seconds and was stopped",
        Duration::from_secs(15),
    );
    let written = std::fs::read_to_string(&pids).expect("the stand-in ran");
    let pids: Vec<u32> = written
        .split_whitespace()
        .map(|p| p.parse().unwrap())
        .collect();
    assert_eq!(pids.len(), 2, "{written}");
    // Give the kernel a moment to deliver SIGKILL to the group.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !pids.iter().all(|p| dead(*p)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    for pid in pids {
        assert!(dead(pid), "process {pid} of the stand-in survived");
    }
    b.assert_no_survivors();
    // The council's setting is the default; --timeout overrides it too.
    let before = common::fingerprint(&b.db());
    let started = Instant::now();
    b.cli()
        .env("AGENDAPACK_SOFFICE", &stand_in)
        .args(["attach", "3", "haf", "--timeout", "1"])
        .arg(office("report.docx"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("after 1 seconds"));
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(common::fingerprint(&b.db()), before);
}

#[test]
fn export_writes_the_originals_and_import_converts_only_when_it_must() {
    let b = Bench::new();
    b.meeting();
    b.attach(&office("report.docx"), "Briefing Note");
    let out = b.path("export/jan.json");
    b.cli()
        .args(["export", "3", "-o"])
        .arg(&out)
        .assert()
        .success();
    let reports = b.path("export/jan-reports");
    let docx = std::fs::read(reports.join("report.docx")).expect("the original is exported");
    assert_eq!(docx, std::fs::read(office("report.docx")).unwrap());
    assert!(reports.join("report.pdf").exists());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let item = json["meeting"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "haf")
        .unwrap();
    let original = &item["reports"][0]["original"];
    assert_eq!(original["file_name"], "jan-reports/report.docx");
    assert!(original["note"]
        .as_str()
        .unwrap()
        .starts_with("converted from Word by LibreOffice"));

    // Import elsewhere, without LibreOffice: the exported PDF is used.
    let other = b.path("other.sqlite3");
    b.cli_on(&other)
        .env("AGENDAPACK_SOFFICE", b.path("no-such-soffice"))
        .arg("import")
        .arg(&out)
        .assert()
        .success();
    // Exporting again gives the same files.
    let again = b.path("again/jan.json");
    b.cli_on(&other)
        .args(["export", "1", "-o"])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&again).unwrap(),
        std::fs::read_to_string(&out).unwrap()
    );

    // Without the PDF, import converts the original again.
    std::fs::remove_file(reports.join("report.pdf")).unwrap();
    let third = b.path("third.sqlite3");
    b.cli_on(&third)
        .env("AGENDAPACK_SOFFICE", b.path("no-such-soffice"))
        .arg("import")
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicates::str::contains("needs LibreOffice"));
    b.cli_on(&third).arg("import").arg(&out).assert().success();
    b.cli_on(&third)
        .args(["show", "1"])
        .assert()
        .success()
        .stdout(predicates::str::contains("original kept: report.docx)"));

    // A hand-written meeting file may name the Word file as the report.
    let mut hand = json.clone();
    let items = hand["meeting"]["items"].as_array_mut().unwrap();
    let item = items.iter_mut().find(|i| i["key"] == "haf").unwrap();
    item["reports"] =
        serde_json::json!([{ "title": "Briefing Note", "file": "jan-reports/report.docx" }]);
    let hand_file = b.path("export/hand.json");
    std::fs::write(&hand_file, serde_json::to_string_pretty(&hand).unwrap()).unwrap();
    let fourth = b.path("fourth.sqlite3");
    b.cli_on(&fourth)
        .arg("import")
        .arg(&hand_file)
        .assert()
        .success();
    b.cli_on(&fourth)
        .args(["show", "1"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Report: Briefing Note — report.pdf (3 pages",
        ))
        .stdout(predicates::str::contains("original kept: report.docx)"));
    b.assert_no_survivors();
}
