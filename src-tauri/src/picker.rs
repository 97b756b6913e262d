//! How files enter the app from the clerk's disk: the native file dialogs,
//! or, for end-to-end tests only, a scripted list of paths.
//!
//! The webview never names a path to read or write. It asks the shell to
//! "add a report" or "back up"; the shell asks the clerk through a native
//! dialog (this module) or takes the files the clerk dropped on the window
//! (see [`crate::state::DroppedFiles`]).

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Mutex;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// Environment variable naming the files that the scripted picker returns,
/// one pick each, separated by `:` (`/abs/a.pdf:/abs/b.pdf`); files joined by
/// `|` are picked together (`/abs/a.pdf|/abs/b.docx`: several files chosen in
/// one dialog). Read once at start-up. For end-to-end tests only: native dialogs cannot be driven by
/// WebDriver.
pub const TEST_PICK_FILES_ENV: &str = "AGENDAPACK_TEST_PICK_FILES";

/// What a pick is for; decides the dialog's title, filter and mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// One or more reports to attach (PDFs, office documents, scans).
    Reports,
    /// Where to write a backup of the database.
    BackupDestination,
    /// A backup to restore from.
    BackupSource,
    /// A meeting file (`agendapack.meeting/1`) to import.
    MeetingFile,
    /// Where to export a meeting file (its reports go beside it).
    MeetingFileDestination,
    /// The folder the council's meeting web pages are published to.
    SiteFolder,
}

/// Chooses files: through the native dialogs, or from a scripted list.
#[derive(Debug)]
pub enum FilePicker {
    /// The dialog plugin's native dialogs.
    Dialog,
    /// The files of each pick, in order; a pick after the last one is a
    /// cancelled dialog.
    Scripted(Mutex<VecDeque<Vec<PathBuf>>>),
}

/// What the report dialog offers: every format `agendapack::convert`
/// accepts, in both cases (GTK filters match case-sensitively).
const REPORT_EXTENSIONS: &[&str] = &[
    "pdf", "PDF", "docx", "DOCX", "doc", "DOC", "odt", "ODT", "rtf", "RTF", "xlsx", "XLSX", "xls",
    "XLS", "ods", "ODS", "pptx", "PPTX", "ppt", "PPT", "odp", "ODP", "png", "PNG", "jpg", "JPG",
    "jpeg", "JPEG", "tif", "TIF", "tiff", "TIFF",
];

impl FilePicker {
    /// The scripted picker when [`TEST_PICK_FILES_ENV`] is set, else the
    /// native dialogs.
    pub fn from_environment() -> FilePicker {
        match std::env::var_os(TEST_PICK_FILES_ENV) {
            Some(list) if !list.is_empty() => FilePicker::scripted_picks(
                std::env::split_paths(&list)
                    .map(|entry| {
                        entry
                            .to_string_lossy()
                            .split('|')
                            .map(PathBuf::from)
                            .collect()
                    })
                    .collect(),
            ),
            _ => FilePicker::Dialog,
        }
    }

    /// A picker that returns `paths`, one per pick.
    pub fn scripted(paths: Vec<PathBuf>) -> FilePicker {
        FilePicker::scripted_picks(paths.into_iter().map(|p| vec![p]).collect())
    }

    /// A picker that returns the files of `picks`, one group per pick (a
    /// group of several: files chosen together in one dialog).
    pub fn scripted_picks(picks: Vec<Vec<PathBuf>>) -> FilePicker {
        FilePicker::Scripted(Mutex::new(picks.into()))
    }

    /// Asks for files. Blocks until the clerk answers: call it off the main
    /// thread (from `spawn_blocking`). An empty list means "cancelled".
    /// `suggested_name` is the file name offered by a save dialog.
    pub fn pick<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        what: Pick,
        suggested_name: &str,
    ) -> Vec<PathBuf> {
        match self {
            FilePicker::Scripted(queue) => queue
                .lock()
                .ok()
                .and_then(|mut q| q.pop_front())
                .unwrap_or_default(),
            FilePicker::Dialog => {
                let dialog = app.dialog().file();
                match what {
                    Pick::Reports => dialog
                        .set_title("Add reports")
                        .add_filter(
                            "Reports (PDF, Word, OpenDocument, RTF, Excel, PowerPoint, scans)",
                            REPORT_EXTENSIONS,
                        )
                        .blocking_pick_files()
                        .unwrap_or_default()
                        .into_iter()
                        .filter_map(|p| p.into_path().ok())
                        .collect(),
                    Pick::BackupDestination => dialog
                        .set_title("Back up the database")
                        .set_file_name(suggested_name)
                        .add_filter("AgendaPack database", &["sqlite3"])
                        .blocking_save_file()
                        .and_then(|p| p.into_path().ok())
                        .into_iter()
                        .collect(),
                    Pick::BackupSource => dialog
                        .set_title("Restore from a backup")
                        .add_filter("AgendaPack database", &["sqlite3", "bak"])
                        .blocking_pick_file()
                        .and_then(|p| p.into_path().ok())
                        .into_iter()
                        .collect(),
                    Pick::MeetingFile => dialog
                        .set_title("Import a meeting file")
                        .add_filter("AgendaPack meeting file", &["json"])
                        .blocking_pick_file()
                        .and_then(|p| p.into_path().ok())
                        .into_iter()
                        .collect(),
                    Pick::MeetingFileDestination => dialog
                        .set_title("Export the meeting")
                        .set_file_name(suggested_name)
                        .add_filter("AgendaPack meeting file", &["json"])
                        .blocking_save_file()
                        .and_then(|p| p.into_path().ok())
                        .into_iter()
                        .collect(),
                    Pick::SiteFolder => dialog
                        .set_title("Publish the meeting pages to a folder")
                        .blocking_pick_folder()
                        .and_then(|p| p.into_path().ok())
                        .into_iter()
                        .collect(),
                }
            }
        }
    }
}
