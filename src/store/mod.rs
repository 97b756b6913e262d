//! The SQLite store.
//!
//! One file holds the council, its committees and people, every meeting with
//! its items, reports and minutes, and the report files themselves
//! (content-addressed by SHA-256, verified on every read).
//!
//! Architecture invariant: every user action is one transaction. A method of
//! [`Store`] that writes either commits all of its change or none of it.

mod blobs;
mod council;
mod edit;
mod maintenance;
mod meetings;
mod schema;

pub use blobs::sha256_hex;
pub use council::{DeletedMeeting, PeopleFilter, Reschedule, Rescheduled};
pub use edit::{Issued, NewReport};
pub use maintenance::FsckProblem;
pub use meetings::{LoadedMeeting, MeetingSummary, NewMeeting};
pub use schema::LATEST as SCHEMA_VERSION;

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::domain::MeetingId;

/// Environment variable that overrides the default database path.
pub const DB_ENV: &str = "AGENDAPACK_DB";

/// Errors from the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused an operation.
    #[error("database error while {context}: {source}")]
    Sqlite {
        /// What we were doing.
        context: String,
        /// The underlying error.
        #[source]
        source: rusqlite::Error,
    },
    /// The database could not be opened or created.
    #[error("cannot open database {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: rusqlite::Error,
    },
    /// Applying migrations failed.
    #[error("cannot upgrade database {path}: {source}")]
    Migrate {
        /// The database file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: rusqlite_migration::Error,
    },
    /// The database was written by a newer AgendaPack.
    #[error("database {path} has schema version {found}, but this AgendaPack understands up to {supported}; use a newer AgendaPack (the file was not changed)")]
    NewerDatabase {
        /// The database file.
        path: PathBuf,
        /// Version found in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// A file-system operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// No per-user data directory could be found.
    #[error("cannot find a data directory for this user; set {DB_ENV} or pass --db")]
    NoDataDir,
    /// The meeting does not exist.
    #[error("no meeting with id {0}")]
    NoSuchMeeting(MeetingId),
    /// A stored report's content no longer matches its recorded hash.
    #[error("report \"{report}\" (item {item}) is damaged: stored content has SHA-256 {actual}, expected {expected}")]
    BlobMismatch {
        /// Report title and file name.
        report: String,
        /// The item key.
        item: String,
        /// The hash recorded.
        expected: String,
        /// The hash of what is stored.
        actual: String,
    },
    /// A report's content is missing from the store.
    #[error("report content {sha256} is missing from the database")]
    MissingBlob {
        /// The hash recorded.
        sha256: String,
    },
    /// Stored data does not make sense (a bad enum word, a bad date).
    #[error("stored data is invalid: {0}")]
    Invalid(String),
    /// The meeting's minutes are approved: its agenda and minutes cannot change.
    #[error("cannot {context}: the minutes of this meeting have been approved, so its agenda and minutes are locked")]
    Locked {
        /// What was refused.
        context: String,
    },
    /// A change that breaks a rule of the meeting cycle.
    #[error("{0}")]
    Refused(String),
    /// A meeting already exists for that committee at that time.
    #[error("{committee} already has a meeting at {starts_at} (meeting {existing})")]
    DuplicateMeeting {
        /// Committee name.
        committee: String,
        /// Start date-time.
        starts_at: String,
        /// The existing meeting.
        existing: MeetingId,
    },
}

pub(crate) trait Context<T> {
    fn context(self, what: &str) -> Result<T, StoreError>;
}

impl<T> Context<T> for Result<T, rusqlite::Error> {
    fn context(self, what: &str) -> Result<T, StoreError> {
        self.map_err(|source| {
            if source.to_string().contains(schema::LOCKED) {
                StoreError::Locked {
                    context: what.to_string(),
                }
            } else {
                StoreError::Sqlite {
                    context: what.to_string(),
                    source,
                }
            }
        })
    }
}

/// The default database path: `$AGENDAPACK_DB` if set, else
/// `agendapack.sqlite3` in the per-user data directory
/// (`~/.local/share/agendapack/` on Linux).
pub fn default_db_path() -> Result<PathBuf, StoreError> {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dirs = directories::ProjectDirs::from("uk.gov", "AgendaPack", "agendapack")
        .ok_or(StoreError::NoDataDir)?;
    Ok(dirs.data_dir().join("agendapack.sqlite3"))
}

/// An open AgendaPack database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema
    /// up to date. A database from a newer AgendaPack is refused untouched;
    /// an existing database is copied to `FILE.before-vN.bak` before it is
    /// migrated.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Self::prepare(conn, path.to_path_buf(), true)
    }

    /// Opens a private in-memory database (for tests and previews).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: ":memory:".into(),
            source,
        })?;
        Self::prepare(conn, PathBuf::from(":memory:"), false)
    }

    fn prepare(mut conn: Connection, path: PathBuf, on_disk: bool) -> Result<Store, StoreError> {
        conn.busy_timeout(Duration::from_secs(10))
            .context("setting the busy timeout")?;
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .context("reading the schema version")?;
        if found > schema::LATEST {
            return Err(StoreError::NewerDatabase {
                path,
                found,
                supported: schema::LATEST,
            });
        }
        if on_disk {
            conn.pragma_update(None, "journal_mode", "WAL")
                .context("enabling WAL")?;
            conn.pragma_update(None, "synchronous", "FULL")
                .context("setting synchronous")?;
        }
        if on_disk && found > 0 && found < schema::LATEST {
            let backup = backup_path(&path, found);
            conn.backup(rusqlite::MAIN_DB, &backup, None)
                .map_err(|source| StoreError::Open {
                    path: backup.clone(),
                    source,
                })?;
        }
        schema::migrations()
            .to_latest(&mut conn)
            .map_err(|source| StoreError::Migrate {
                path: path.clone(),
                source,
            })?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .context("enabling foreign keys")?;
        Ok(Store { conn, path })
    }

    /// Where the database lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .context("reading the schema version")
    }

    /// Copies the whole database to `dest` with SQLite's online backup API;
    /// safe while other connections write.
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        self.conn
            .backup(rusqlite::MAIN_DB, dest, None)
            .map_err(|source| StoreError::Open {
                path: dest.to_path_buf(),
                source,
            })
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// Creates a database at an older schema version, as an older AgendaPack
/// would have left it. For upgrade tests only.
#[doc(hidden)]
pub fn create_at_version(path: &Path, version: usize) -> Result<(), StoreError> {
    let mut conn = Connection::open(path).map_err(|source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    schema::migrations()
        .to_version(&mut conn, version)
        .map_err(|source| StoreError::Migrate {
            path: path.to_path_buf(),
            source,
        })
}

fn backup_path(path: &Path, version: i64) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".before-v{}.bak", version + 1));
    path.with_file_name(name)
}

/// Encodes a serde unit enum as its string form ("co-opted").
pub(crate) fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Decodes [`enum_str`].
pub(crate) fn enum_parse<T: serde::de::DeserializeOwned>(
    s: &str,
    what: &str,
) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|_| StoreError::Invalid(format!("unknown {what} \"{s}\"")))
}

#[cfg(test)]
mod tests {
    use super::Store;

    fn pragma(store: &Store, name: &str) -> String {
        store
            .conn()
            .query_row(&format!("PRAGMA {name}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .map(|v| match v {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            })
            .unwrap()
    }

    /// The store's own connection is set up as promised: foreign keys
    /// enforced, a busy timeout so the app and the CLI can write in turn,
    /// WAL with full sync on disk.
    #[test]
    fn the_connection_enforces_foreign_keys_waits_when_busy_and_uses_wal() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
        assert_eq!(pragma(&store, "foreign_keys"), "1");
        assert_eq!(pragma(&store, "busy_timeout"), "10000");
        assert_eq!(pragma(&store, "journal_mode"), "wal");
        assert_eq!(pragma(&store, "synchronous"), "2", "FULL");
        // A report of an item and a file that do not exist is refused.
        let err = store
            .conn()
            .execute(
                "INSERT INTO report (item_id, position, title, file_name, sha256, pages, bytes)
                 VALUES (424242, 0, 't', 'f.pdf', 'no-such-blob', 1, 1)",
                [],
            )
            .unwrap_err();
        assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM report", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
        // So is a meeting of a committee that does not exist.
        let err = store
            .conn()
            .execute(
                "INSERT INTO meeting (committee_id, starts_at, venue, kind, status)
                 VALUES (99, '2025-01-16T10:00', 'v', 'ordinary', 'draft')",
                [],
            )
            .unwrap_err();
        assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    }

    #[test]
    fn an_in_memory_store_enforces_foreign_keys_too() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(pragma(&store, "foreign_keys"), "1");
        assert_eq!(pragma(&store, "busy_timeout"), "10000");
    }
}
