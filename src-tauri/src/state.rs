//! What the app holds while it runs: the open database.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use agendapack::store::{self, Store, StoreError};

use crate::dto::{CommandError, ErrorCode};

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
}

impl AppState {
    /// Opens the database at `path`, creating it if needed, and loads the
    /// demo council into it the first time.
    pub fn open(path: &Path) -> AppState {
        let store = open_with_demo(path)
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
        }
    }

    /// Opens the database named by `AGENDAPACK_DB`, or the per-user default
    /// (`~/.local/share/agendapack/agendapack.sqlite3` on Linux).
    pub fn from_environment() -> AppState {
        match store::default_db_path() {
            Ok(path) => AppState::open(&path),
            Err(reason) => AppState {
                path: None,
                store: Err(CommandError {
                    code: ErrorCode::DatabaseUnavailable,
                    message: format!(
                        "AgendaPack could not find where to keep its database: {reason}"
                    ),
                }),
            },
        }
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
    pub(crate) fn store(&self) -> Result<MutexGuard<'_, Store>, CommandError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        store.lock().map_err(|_| CommandError {
            code: ErrorCode::Internal,
            message: "an earlier operation failed part-way; please restart AgendaPack".to_string(),
        })
    }
}

/// Opens the store and loads the demo council the first time. (The core's
/// error is large, hence the box.)
fn open_with_demo(path: &Path) -> Result<Store, Box<agendapack::Error>> {
    let mut store = Store::open(path).map_err(|e| Box::new(agendapack::Error::from(e)))?;
    agendapack::demo::ensure_loaded(&mut store).map_err(Box::new)?;
    Ok(store)
}

impl From<StoreError> for CommandError {
    fn from(error: StoreError) -> Self {
        let code = match &error {
            StoreError::NoSuchMeeting(_) => ErrorCode::NotFound,
            StoreError::NewerDatabase { .. } => ErrorCode::NewerDatabase,
            StoreError::BlobMismatch { .. }
            | StoreError::MissingBlob { .. }
            | StoreError::Invalid(_) => ErrorCode::DamagedData,
            StoreError::DuplicateMeeting { .. } => ErrorCode::Conflict,
            StoreError::Locked { .. } => ErrorCode::Locked,
            StoreError::Refused(_) => ErrorCode::Refused,
            StoreError::Sqlite { .. }
            | StoreError::Open { .. }
            | StoreError::Migrate { .. }
            | StoreError::Io { .. }
            | StoreError::NoDataDir => ErrorCode::Database,
        };
        CommandError {
            code,
            message: error.to_string(),
        }
    }
}
