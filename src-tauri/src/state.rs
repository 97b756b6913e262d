//! What the app holds while it runs: the open database, how files are
//! picked, what can be undone, and files dropped on the window.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use agendapack::domain::{AgendaItem, MeetingId, Report};
use agendapack::store::{self, Store};
use chrono::NaiveDate;
use tauri::ipc::Channel;

use crate::dto::{CommandError, DroppedFiles, ErrorCode};
use crate::picker::FilePicker;

/// Environment variable that, set to `1`, opens a new database empty: no
/// demo council (a council setting itself up; the end-to-end test of it).
pub const NO_DEMO_ENV: &str = "AGENDAPACK_NO_DEMO";

/// How many deletions can be undone.
const UNDO_DEPTH: usize = 20;

/// The app's state, managed by Tauri and borrowed by commands.
///
/// Opening never fails outright: if the database cannot be opened, the
/// state keeps the reason and every command that needs the database returns
/// it as a [`ErrorCode::DatabaseUnavailable`] error, so the window can
/// explain what went wrong.
#[derive(Debug)]
pub struct AppState {
    /// Where the database is (or would be); `None` when no data directory
    /// could be found.
    path: Option<PathBuf>,
    /// The open store, or why it could not be opened.
    store: Result<Mutex<Store>, CommandError>,
    /// How files are chosen (native dialogs, or a test script).
    picker: FilePicker,
    /// Deletions that can still be undone, newest last.
    undo: Mutex<UndoLog>,
    /// Files dropped on the window, waiting for the UI to say which item
    /// they belong to, and where to tell the UI about new drops.
    drops: Mutex<DropState>,
    /// Where to ask the UI to save before the window closes.
    close: Mutex<CloseWatch>,
    /// A fixed "today" (tests); `None` reads the local clock.
    today: Option<NaiveDate>,
    /// Where conversions work (tests, so they can tell their LibreOffice
    /// processes from anyone else's); `None` is the system's temporary folder.
    convert_dir: Option<PathBuf>,
}

/// Something deleted that can be put back.
#[derive(Debug, Clone)]
pub enum Undo {
    /// An agenda item with its reports, and where it was.
    Item {
        /// The meeting.
        meeting: MeetingId,
        /// Its position (0-based).
        index: usize,
        /// The item as it was, reports' hashes included.
        item: AgendaItem,
    },
    /// A report removed from an item (it goes back at the end of the item's
    /// reports).
    Report {
        /// The meeting.
        meeting: MeetingId,
        /// The item's key.
        key: String,
        /// The report as it was (its content stays in the database).
        report: Report,
    },
    /// A draft meeting deleted (the store keeps it aside until restored).
    Meeting {
        /// Its id, which it has again when restored.
        meeting: MeetingId,
    },
}

#[derive(Debug, Default)]
struct UndoLog {
    next: u64,
    entries: VecDeque<(u64, Undo)>,
}

#[derive(Default)]
struct DropState {
    pending: Vec<PathBuf>,
    channel: Option<Channel<DroppedFiles>>,
}

/// Where to ask the UI to save before the window closes.
#[derive(Default)]
struct CloseWatch(Option<Channel<()>>);

impl std::fmt::Debug for CloseWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CloseWatch")
            .field("watched", &self.0.is_some())
            .finish()
    }
}

impl std::fmt::Debug for DropState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DropState")
            .field("pending", &self.pending)
            .field("watched", &self.channel.is_some())
            .finish()
    }
}

impl AppState {
    /// Opens the database at `path`, creating it if needed, and loads the
    /// demo council into it the first time.
    pub fn open(path: &Path) -> AppState {
        AppState::open_with(path, true)
    }

    /// Opens the database at `path`, creating it if needed; with `demo`,
    /// loads the demo council into it the first time.
    pub fn open_with(path: &Path, demo: bool) -> AppState {
        let store = open_store(path, demo)
            .map(Mutex::new)
            .map_err(|reason| CommandError {
                code: ErrorCode::DatabaseUnavailable,
                message: format!(
                    "AgendaPack could not open its database {}: {reason}",
                    path.display()
                ),
            });
        AppState {
            path: Some(path.to_path_buf()),
            store,
            picker: FilePicker::Dialog,
            undo: Mutex::default(),
            drops: Mutex::default(),
            close: Mutex::default(),
            today: None,
            convert_dir: None,
        }
    }

    /// Uses `picker` to choose files (tests pass a scripted one).
    pub fn with_picker(mut self, picker: FilePicker) -> AppState {
        self.picker = picker;
        self
    }

    /// Fixes "today" (tests); otherwise the local clock is read.
    pub fn with_today(mut self, today: NaiveDate) -> AppState {
        self.today = Some(today);
        self
    }

    /// Runs conversions (their throw-away LibreOffice profiles) inside `dir`
    /// (tests); otherwise in the system's temporary folder.
    pub fn with_convert_dir(mut self, dir: &Path) -> AppState {
        self.convert_dir = Some(dir.to_path_buf());
        self
    }

    /// Opens the database named by `AGENDAPACK_DB`, or the per-user default
    /// (`~/.local/share/agendapack/agendapack.sqlite3` on Linux).
    pub fn from_environment() -> AppState {
        let demo = std::env::var_os(NO_DEMO_ENV).is_none_or(|v| v != "1");
        let state = match store::default_db_path() {
            Ok(path) => AppState::open_with(&path, demo),
            Err(reason) => AppState {
                path: None,
                store: Err(CommandError {
                    code: ErrorCode::DatabaseUnavailable,
                    message: format!(
                        "AgendaPack could not find where to keep its database: {reason}"
                    ),
                }),
                picker: FilePicker::Dialog,
                undo: Mutex::default(),
                drops: Mutex::default(),
                close: Mutex::default(),
                today: None,
                convert_dir: None,
            },
        };
        state.with_picker(FilePicker::from_environment())
    }

    /// Today's date: the local clock's, unless fixed for a test.
    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// How files are chosen.
    pub fn picker(&self) -> &FilePicker {
        &self.picker
    }

    /// The folder where the packs and minutes of `meeting` are written:
    /// `<database folder>/packs/meeting-<id>/`.
    pub fn output_folder(&self, meeting: MeetingId) -> Result<PathBuf, CommandError> {
        let db = self.database_path().ok_or_else(|| CommandError {
            code: ErrorCode::DatabaseUnavailable,
            message: "AgendaPack does not know where its database is".to_string(),
        })?;
        let dir = db.parent().unwrap_or_else(|| Path::new("."));
        Ok(dir.join("packs").join(format!("meeting-{}", meeting.0)))
    }

    /// Keeps `undo` and returns its token.
    pub(crate) fn push_undo(&self, undo: Undo) -> u64 {
        let mut log = self.undo.lock().unwrap_or_else(|e| e.into_inner());
        log.next += 1;
        let token = log.next;
        log.entries.push_back((token, undo));
        while log.entries.len() > UNDO_DEPTH {
            log.entries.pop_front();
        }
        token
    }

    /// Takes the deletion with `token`, if it can still be undone.
    pub(crate) fn take_undo(&self, token: u64) -> Option<Undo> {
        let mut log = self.undo.lock().unwrap_or_else(|e| e.into_inner());
        let at = log.entries.iter().position(|(t, _)| *t == token)?;
        log.entries.remove(at).map(|(_, u)| u)
    }

    /// Remembers files dropped on the window and tells the UI their names.
    pub fn files_dropped(&self, paths: Vec<PathBuf>) {
        let mut drops = self.drops.lock().unwrap_or_else(|e| e.into_inner());
        let names = paths
            .iter()
            .map(|p| {
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| p.display().to_string())
            })
            .collect();
        drops.pending = paths;
        if let Some(channel) = &drops.channel {
            // The window may have gone; nothing to tell then.
            let _ = channel.send(DroppedFiles { names });
        }
    }

    /// Where to tell the UI about dropped files (replaces any earlier one).
    pub(crate) fn watch_drops(&self, channel: Channel<DroppedFiles>) {
        let mut drops = self.drops.lock().unwrap_or_else(|e| e.into_inner());
        drops.channel = Some(channel);
    }

    /// Where to ask the UI to save its pending changes when the clerk
    /// closes the window (replaces any earlier one).
    pub(crate) fn watch_close(&self, channel: Channel<()>) {
        self.close.lock().unwrap_or_else(|e| e.into_inner()).0 = Some(channel);
    }

    /// Asks the UI to save before the window closes. `true` if it was
    /// asked (the close is then held until it answers, or a timeout);
    /// `false` if no page is listening, and the window closes at once.
    pub fn close_requested(&self) -> bool {
        let close = self.close.lock().unwrap_or_else(|e| e.into_inner());
        close.0.as_ref().is_some_and(|c| c.send(()).is_ok())
    }

    /// Takes the files dropped last (each drop is used once).
    pub(crate) fn take_dropped(&self) -> Vec<PathBuf> {
        let mut drops = self.drops.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut drops.pending)
    }

    /// Where the database is, if known.
    pub fn database_path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Why the database could not be opened, if it could not.
    pub fn problem(&self) -> Option<&CommandError> {
        self.store.as_ref().err()
    }

    /// Locks the store for one command.
    /// How reports that are not PDFs are converted: `soffice` from
    /// $AGENDAPACK_SOFFICE or PATH, the council's timeout (or
    /// $AGENDAPACK_CONVERT_TIMEOUT, in seconds).
    pub(crate) fn converter(&self) -> Result<agendapack::convert::Converter, CommandError> {
        use agendapack::convert::{Converter, SOFFICE_ENV, TIMEOUT_ENV};
        let from_env = std::env::var(TIMEOUT_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|s| *s > 0)
            .map(std::time::Duration::from_secs);
        let timeout = match from_env {
            Some(t) => t,
            None => agendapack::settings::conversion_timeout(&*self.store()?)?,
        };
        Ok(Converter {
            work_dir: self.convert_dir.clone(),
            ..Converter::locate(
                std::env::var_os(SOFFICE_ENV).as_deref(),
                std::env::var_os("PATH").as_deref(),
                timeout,
            )
        })
    }

    pub(crate) fn store(&self) -> Result<MutexGuard<'_, Store>, CommandError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        store.lock().map_err(|_| CommandError {
            code: ErrorCode::Internal,
            message: "an earlier operation failed part-way; please restart AgendaPack".to_string(),
        })
    }
}

/// Opens the store and, with `demo`, loads the demo council the first
/// time. (The core's error is large, hence the box.)
fn open_store(path: &Path, demo: bool) -> Result<Store, Box<agendapack::Error>> {
    let mut store = Store::open(path).map_err(|e| Box::new(agendapack::Error::from(e)))?;
    if demo {
        agendapack::demo::ensure_loaded(&mut store).map_err(Box::new)?;
    }
    Ok(store)
}
