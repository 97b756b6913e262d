//! Content-addressed report files.

use super::{Context, Store, StoreError};
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Stores `bytes` under their hash (once; identical files share a row) and
/// returns the hash.
pub(crate) fn put(tx: &rusqlite::Transaction<'_>, bytes: &[u8]) -> Result<String, StoreError> {
    let sha = sha256_hex(bytes);
    tx.execute(
        "INSERT OR IGNORE INTO blob (sha256, size, data) VALUES (?1, ?2, ?3)",
        params![sha, bytes.len() as i64, bytes],
    )
    .context("storing a report file")?;
    Ok(sha)
}

impl Store {
    /// Reads the stored file with hash `sha256`, checking that its content
    /// still has that hash. `report` and `item` name it in the error.
    pub fn read_blob(&self, sha256: &str, report: &str, item: &str) -> Result<Vec<u8>, StoreError> {
        let data: Option<Vec<u8>> = self
            .conn()
            .query_row("SELECT data FROM blob WHERE sha256 = ?1", [sha256], |r| {
                r.get(0)
            })
            .optional()
            .context("reading a report file")?;
        let data = data.ok_or_else(|| StoreError::MissingBlob {
            sha256: sha256.to_string(),
        })?;
        let actual = sha256_hex(&data);
        if actual != sha256 {
            return Err(StoreError::BlobMismatch {
                report: report.to_string(),
                item: item.to_string(),
                expected: sha256.to_string(),
                actual,
            });
        }
        Ok(data)
    }

    /// How many distinct report files are stored.
    pub fn blob_count(&self) -> Result<u64, StoreError> {
        self.conn()
            .query_row("SELECT count(*) FROM blob", [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .context("counting report files")
    }
}
