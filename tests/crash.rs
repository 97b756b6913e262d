//! Crash safety: real CLI writes killed with SIGKILL at random moments.
//!
//! After every kill the database must pass `PRAGMA integrity_check`, every
//! write the CLI acknowledged (exit 0 before the kill) must be there, and no
//! write may be half there. The short form runs in CI; the long form:
//!
//! ```sh
//! AGENDAPACK_CRASH_KILLS=200 cargo test --release --test crash -- --nocapture
//! ```
//!
//! It reports, per kind of write, how many were acknowledged and killed, and
//! fails unless every kind was acknowledged at least once.
#![allow(clippy::print_stdout)] // the harness reports its figures

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
enum Write {
    AddItem { key: String },
    EditTitle { title: String },
    Attach { key: String },
    Minute { text: String },
    Import { date: String },
    Approve,
}

impl Write {
    /// The kind of write, for the per-kind tally.
    fn kind(&self) -> &'static str {
        match self {
            Write::AddItem { .. } => "add-item",
            Write::EditTitle { .. } => "edit",
            Write::Attach { .. } => "attach",
            Write::Minute { .. } => "minute",
            Write::Import { .. } => "import",
            Write::Approve => "approve",
        }
    }
}

/// Every kind of write the harness makes; each must be acknowledged at least
/// once, or the harness proved nothing about it.
const KINDS: [&str; 6] = ["import", "attach", "edit", "add-item", "minute", "approve"];

/// The binary under test; `AGENDAPACK_CRASH_BIN` points a long run at a
/// copy that a concurrent `cargo build` cannot replace mid-run.
fn bin() -> PathBuf {
    std::env::var_os("AGENDAPACK_CRASH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_agendapack")))
}

fn cli(db: &Path) -> Command {
    let mut c = Command::new(bin());
    c.arg("--db")
        .arg(db)
        .env_remove("AGENDAPACK_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn command_for(w: &Write, db: &Path, fixtures: &Path) -> Command {
    let mut c = cli(db);
    match w {
        Write::AddItem { key } => {
            c.args([
                "add-item",
                "3",
                "--title",
                &format!("Crash test item {key}"),
                "--key",
                key,
            ]);
        }
        Write::EditTitle { title } => {
            c.args(["edit-item", "3", "declarations", "--title", title]);
        }
        Write::Attach { key } => {
            c.args(["attach", "3", "work-programme"])
                .arg(
                    fixtures
                        .join("reports/2024-11-28/53-social-worker-recruitment-and-retention.pdf"),
                )
                .args(["--title", key]);
        }
        Write::Minute { text } => {
            c.args(["minute", "3", "aob", "--text", text]);
        }
        Write::Import { date } => {
            c.arg("import")
                .arg(fixtures.join(format!("crash-{date}.json")));
        }
        Write::Approve => {
            c.args([
                "approve",
                "2",
                "--at",
                "3",
                "--chair",
                "Councillor CE Thomas",
            ]);
        }
    }
    c
}

/// A copy of the 28 November fixture moved to another date, so each import is a new meeting.
fn import_fixture(dir: &Path, date: &str) {
    let text = std::fs::read_to_string(common::fixture("2024-11-28")).unwrap();
    let text = text.replace("2024-11-28T10:00:00", &format!("{date}T14:00:00"));
    std::fs::write(dir.join(format!("crash-{date}.json")), text).unwrap();
}

struct State {
    conn: rusqlite::Connection,
}

impl State {
    fn open(db: &Path) -> State {
        State {
            conn: rusqlite::Connection::open(db).unwrap(),
        }
    }
    fn count(&self, sql: &str, p: &str) -> i64 {
        self.conn.query_row(sql, [p], |r| r.get(0)).unwrap()
    }
    /// Whether the write is fully there; panics if it is partly there.
    fn present(&self, w: &Write) -> bool {
        match w {
            Write::AddItem { key } => self.count("SELECT count(*) FROM item WHERE meeting_id = 3 AND key = ?1", key) == 1,
            Write::EditTitle { title } => {
                self.count("SELECT count(*) FROM item WHERE meeting_id = 3 AND key = 'declarations' AND title = ?1", title) == 1
            }
            Write::Attach { key } => {
                let n = self.count(
                    "SELECT count(*) FROM report r JOIN item i ON i.id = r.item_id JOIN blob b ON b.sha256 = r.sha256
                     WHERE i.meeting_id = 3 AND r.title = ?1",
                    key,
                );
                assert!(n <= 1, "attached twice");
                n == 1
            }
            Write::Minute { text } => self.count("SELECT count(*) FROM item WHERE meeting_id = 3 AND key = 'aob' AND minute = ?1", text) == 1,
            Write::Import { date } => {
                let at = format!("{date}T14:00");
                let meetings = self.count("SELECT count(*) FROM meeting WHERE starts_at = ?1", &at);
                if meetings == 0 {
                    return false;
                }
                let items = self.count("SELECT count(*) FROM item i JOIN meeting m ON m.id = i.meeting_id WHERE m.starts_at = ?1", &at);
                let reports = self.count(
                    "SELECT count(*) FROM report r JOIN item i ON i.id = r.item_id JOIN meeting m ON m.id = i.meeting_id WHERE m.starts_at = ?1",
                    &at,
                );
                let status = self.count("SELECT count(*) FROM meeting WHERE starts_at = ?1 AND status = 'minutes-drafted'", &at);
                assert_eq!((items, reports, status), (9, 6, 1), "import of {date} is half there");
                true
            }
            Write::Approve => {
                let approved = self.count(
                    "SELECT count(*) FROM meeting WHERE id = 2 AND status = ?1 AND approved_by IS NOT NULL AND approved_at_meeting = 3",
                    "minutes-approved",
                );
                let half = self.count("SELECT count(*) FROM meeting WHERE id = 2 AND status != ?1 AND approved_by IS NOT NULL", "minutes-approved");
                assert_eq!(half, 0, "approval half recorded");
                approved == 1
            }
        }
    }
    fn integrity(&self) {
        let ok: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        let fk: i64 = self
            .conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk, 0, "foreign keys broken");
    }
}

#[test]
fn killed_writes_never_lose_acknowledged_work_or_leave_half_a_write() {
    let kills: usize = std::env::var("AGENDAPACK_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let seed: u64 = std::env::var("AGENDAPACK_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_a9e7);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.sqlite3");
    let fixtures: PathBuf = dir.path().join("fixtures");
    common::copy_fixture("2024-11-28", &fixtures);
    assert!(cli(&db).arg("demo").status().unwrap().success());
    assert!(cli(&db)
        .args([
            "new-meeting",
            "--committee",
            "Education and Children's Services Scrutiny Board (2)",
            "--date",
            "2025-01-16",
            "--time",
            "10:00"
        ])
        .status()
        .unwrap()
        .success());

    let mut rng = common::Rng(seed);
    let mut acknowledged: Vec<Write> = Vec::new();
    let mut titles: Vec<Write> = Vec::new();
    let mut minutes: Vec<Write> = Vec::new();
    let mut acks = 0;
    let (mut title_acked, mut minute_acked) = (false, false);
    let mut killed = 0;
    let mut runs = 0;
    // Per kind: (acknowledged, killed).
    let mut tally: std::collections::BTreeMap<&str, (usize, usize)> =
        KINDS.iter().map(|k| (*k, (0, 0))).collect();
    let all_acked = |t: &std::collections::BTreeMap<&str, (usize, usize)>| {
        t.values().all(|(acked, _)| *acked > 0)
    };
    // Run on past the kills until every kind has been acknowledged once, up to a cap.
    let max_runs = kills * 20 + 200;
    let started = Instant::now();
    while (killed < kills || !all_acked(&tally)) && runs < max_runs {
        runs += 1;
        let w = match rng.below(6) {
            5 => Write::Approve,
            0 => Write::AddItem {
                key: format!("crash-{runs}"),
            },
            1 => Write::EditTitle {
                title: format!("Declarations of Interests ({runs})"),
            },
            2 => Write::Attach {
                key: format!("Report {runs}"),
            },
            3 => Write::Minute {
                text: format!("Minute written in run {runs}."),
            },
            _ => {
                let day = 1 + (runs % 28);
                let date = format!("2026-{:02}-{day:02}", 1 + (runs / 28) % 12);
                import_fixture(&fixtures, &date);
                Write::Import { date }
            }
        };
        let mut child = command_for(&w, &db, &fixtures).spawn().unwrap();
        // Kill somewhere in the process's life: most runs take 5-40 ms.
        let wait = Duration::from_micros(rng.below(30_000));
        std::thread::sleep(wait);
        let finished = child.try_wait().unwrap();
        let ok = match finished {
            Some(status) => status.success(),
            None => {
                child.kill().unwrap(); // SIGKILL
                let _ = child.wait();
                killed += 1;
                tally.get_mut(w.kind()).expect("a known kind").1 += 1;
                false
            }
        };
        if ok {
            tally.get_mut(w.kind()).expect("a known kind").0 += 1;
        }
        let state = State::open(&db);
        state.integrity();
        let here = state.present(&w);
        if ok {
            assert!(here, "acknowledged {w:?} is missing");
        }
        // Titles and minutes are overwritten by later writes: the value must
        // be the last acknowledged one or one attempted since.
        match (&w, ok) {
            (Write::EditTitle { .. }, true) => {
                titles = vec![w.clone()];
                title_acked = true;
            }
            (Write::EditTitle { .. }, false) => titles.push(w.clone()),
            (Write::Minute { .. }, true) => {
                minutes = vec![w.clone()];
                minute_acked = true;
            }
            (Write::Minute { .. }, false) => minutes.push(w.clone()),
            (
                Write::AddItem { .. }
                | Write::Attach { .. }
                | Write::Import { .. }
                | Write::Approve,
                true,
            ) => acknowledged.push(w.clone()),
            (
                Write::AddItem { .. }
                | Write::Attach { .. }
                | Write::Import { .. }
                | Write::Approve,
                false,
            ) => {}
        }
        for a in &acknowledged {
            assert!(
                state.present(a),
                "acknowledged {a:?} was lost after run {runs}"
            );
        }
        for (what, history, acked) in [
            ("title", &titles, title_acked),
            ("minute", &minutes, minute_acked),
        ] {
            if acked {
                assert!(
                    history.iter().any(|w| state.present(w)),
                    "the {what} is none of {history:?} after run {runs}"
                );
            }
        }
        if ok {
            acks += 1;
        }
    }
    println!(
        "crash harness: {runs} runs, {killed} SIGKILLs, {acks} acknowledged writes, 0 lost, 0 integrity failures, {:.1}s",
        started.elapsed().as_secs_f64()
    );
    for (kind, (acked, killed)) in &tally {
        println!("  {kind}: {acked} acknowledged, {killed} killed");
    }
    assert!(
        killed >= kills,
        "only {killed} of {kills} kills in {runs} runs"
    );
    for (kind, (acked, _)) in &tally {
        assert!(
            *acked > 0,
            "no {kind} write was acknowledged in {runs} runs: the harness proved nothing about it ({tally:?})"
        );
    }
}
