//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The fixtures folder of the reference meetings.
pub fn meetings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/meetings")
}

/// The fixture file for the meeting on `date` ("2024-10-17").
pub fn fixture(date: &str) -> PathBuf {
    meetings_dir().join(format!("{date}.json"))
}

/// A fingerprint of everything in the database: per table, its row count
/// and the SHA-256 of every row's content in rowid order (report files
/// included, as the `blob` table's data), plus the schema itself (tables,
/// indexes, triggers, views) and `user_version`. Two databases with equal
/// fingerprints hold the same data, byte for byte.
///
/// Each entry is ("TABLE sha256:HEX", row count), so a failing comparison
/// names the table that changed.
pub fn fingerprint(db: &Path) -> Vec<(String, i64)> {
    use rusqlite::types::ValueRef;
    use sha2::{Digest, Sha256};
    let conn = rusqlite::Connection::open(db).expect("open db");
    let tables: Vec<String> = {
        let mut st = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let hash_rows = |sql: &str| -> (String, i64) {
        let mut st = conn.prepare(sql).unwrap();
        let columns = st.column_count();
        let mut rows = st.query([]).unwrap();
        let mut h = Sha256::new();
        let mut n = 0i64;
        while let Some(row) = rows.next().unwrap() {
            n += 1;
            h.update(b"R");
            for i in 0..columns {
                match row.get_ref(i).unwrap() {
                    ValueRef::Null => h.update(b"N"),
                    ValueRef::Integer(v) => {
                        h.update(b"I");
                        h.update(v.to_le_bytes());
                    }
                    ValueRef::Real(v) => {
                        h.update(b"F");
                        h.update(v.to_bits().to_le_bytes());
                    }
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        h.update(b"B");
                        h.update((t.len() as u64).to_le_bytes());
                        h.update(t);
                    }
                }
            }
        }
        (hex::encode(h.finalize()), n)
    };
    let mut out: Vec<(String, i64)> = tables
        .into_iter()
        .map(|t| {
            let (hash, n) = hash_rows(&format!("SELECT rowid, * FROM \"{t}\" ORDER BY rowid"));
            (format!("{t} sha256:{hash}"), n)
        })
        .collect();
    let (schema, n) =
        hash_rows("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    out.push((format!("(schema v{version}) sha256:{schema}"), n));
    out
}

/// Copies the fixture for `date` and all reports into `dir`, returning the
/// copied JSON path, so a test can break it without touching the original.
pub fn copy_fixture(date: &str, dir: &Path) -> PathBuf {
    copy_dir(&meetings_dir(), dir);
    dir.join(format!("{date}.json"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub mod pdf;
pub mod tags;

/// A small deterministic generator (xorshift), so a failing run can be replayed.
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}
