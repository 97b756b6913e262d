//! Checking, backing up and restoring the database.

use super::{sha256_hex, Context, Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::Path;

/// One problem `fsck` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FsckProblem {
    /// What kind of problem ("integrity", "foreign-key", "report", "signed-minutes").
    pub kind: &'static str,
    /// What is wrong, naming the thing concerned.
    pub detail: String,
}

impl Store {
    /// Verifies the whole database without changing it: SQLite's own
    /// integrity check, foreign keys, every stored file against its hash,
    /// and every signed minutes record against its recorded hash. Returns the
    /// problems found (none means healthy); nothing is repaired.
    pub fn fsck(&self) -> Result<Vec<FsckProblem>, StoreError> {
        let conn = self.conn();
        let mut out = Vec::new();
        let mut st = conn
            .prepare("PRAGMA integrity_check")
            .context("checking integrity")?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .context("checking integrity")?;
        for row in rows {
            let msg = row.context("checking integrity")?;
            if msg != "ok" {
                out.push(FsckProblem {
                    kind: "integrity",
                    detail: msg,
                });
            }
        }
        let mut st = conn
            .prepare("PRAGMA foreign_key_check")
            .context("checking foreign keys")?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .context("checking foreign keys")?;
        for row in rows {
            let (table, rowid, parent) = row.context("checking foreign keys")?;
            out.push(FsckProblem {
                kind: "foreign-key",
                detail: format!(
                    "{table} row {} refers to a missing {parent}",
                    rowid.unwrap_or_default()
                ),
            });
        }
        // Every stored file against its hash, named by the reports that use it.
        let mut st = conn
            .prepare(
                "SELECT b.sha256, b.data, b.size,
                        (SELECT group_concat('\"' || r.title || '\" (' || r.file_name || ', item ' || i.key || ', meeting ' || i.meeting_id || ')', '; ')
                           FROM report r JOIN item i ON i.id = r.item_id WHERE r.sha256 = b.sha256),
                        (SELECT group_concat(s.kind || ' of meeting ' || s.meeting_id, '; ') FROM issued s WHERE s.sha256 = b.sha256)
                 FROM blob b ORDER BY b.sha256",
            )
            .context("reading stored files")?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Vec<u8>>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })
            .context("reading stored files")?;
        for row in rows {
            let (sha, data, size, reports, issued) = row.context("reading stored files")?;
            let actual = sha256_hex(&data);
            if actual != sha || data.len() as i64 != size {
                let users = [reports, issued]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("; ");
                out.push(FsckProblem {
                    kind: "report",
                    detail: format!(
                        "stored file {sha} is damaged (content now hashes to {actual}, {} bytes, recorded {size}); used by {}",
                        data.len(),
                        if users.is_empty() { "nothing".to_string() } else { users }
                    ),
                });
            }
        }
        // Signed minutes: the recorded hash must match the issued copy.
        let mut st = conn
            .prepare(
                "SELECT m.id, m.signed_sha256,
                        (SELECT s.sha256 FROM issued s WHERE s.meeting_id = m.id AND s.kind = 'signed-minutes' ORDER BY s.id LIMIT 1)
                 FROM meeting m WHERE m.status = 'signed' ORDER BY m.id",
            )
            .context("reading signed minutes")?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })
            .context("reading signed minutes")?;
        for row in rows {
            let (id, recorded, issued) = row.context("reading signed minutes")?;
            match (recorded, issued) {
                (Some(r), Some(i)) if r == i => {}
                (Some(r), Some(i)) => out.push(FsckProblem {
                    kind: "signed-minutes",
                    detail: format!("meeting {id}: the signed minutes' recorded hash {r} does not match the issued copy {i}"),
                }),
                (Some(r), None) => out.push(FsckProblem {
                    kind: "signed-minutes",
                    detail: format!("meeting {id}: signed minutes with hash {r} are recorded but no issued copy is kept"),
                }),
                (None, _) => {}
            }
        }
        Ok(out)
    }

    /// Replaces this database's content with the backup at `from`, after
    /// checking that the backup is a sound AgendaPack database no newer than
    /// this build. The current content is first saved beside the database as
    /// `FILE.before-restore.bak`.
    pub fn restore_from(&mut self, from: &Path) -> Result<(), StoreError> {
        let check = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(
            |source| StoreError::Open {
                path: from.to_path_buf(),
                source,
            },
        )?;
        let version: i64 = check
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|source| StoreError::Open {
                path: from.to_path_buf(),
                source,
            })?;
        if version > super::schema::LATEST {
            return Err(StoreError::NewerDatabase {
                path: from.to_path_buf(),
                found: version,
                supported: super::schema::LATEST,
            });
        }
        let has_meetings: i64 = check
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meeting'",
                [],
                |r| r.get(0),
            )
            .map_err(|source| StoreError::Open {
                path: from.to_path_buf(),
                source,
            })?;
        if version < 1 || has_meetings == 0 {
            return Err(StoreError::Refused(format!(
                "{} is not an AgendaPack database",
                from.display()
            )));
        }
        let ok: String = check
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|source| StoreError::Open {
                path: from.to_path_buf(),
                source,
            })?;
        if ok != "ok" {
            return Err(StoreError::Refused(format!(
                "{} is damaged ({ok}); it was not restored",
                from.display()
            )));
        }
        drop(check);
        if self.path().as_os_str() != ":memory:" {
            let mut name = self
                .path()
                .file_name()
                .map(|n| n.to_os_string())
                .unwrap_or_default();
            name.push(".before-restore.bak");
            self.backup_to(&self.path().with_file_name(name))?;
        }
        self.conn_mut()
            .restore(
                rusqlite::MAIN_DB,
                from,
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(|source| StoreError::Open {
                path: from.to_path_buf(),
                source,
            })?;
        // Bring a restored older backup up to date.
        super::schema::migrations()
            .to_latest(self.conn_mut())
            .map_err(|source| StoreError::Migrate {
                path: from.to_path_buf(),
                source,
            })?;
        Ok(())
    }
}
