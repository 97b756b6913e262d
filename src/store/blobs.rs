//! Content-addressed report files.

use super::edit::{Conversion, NewOriginal};
use super::{Context, Store, StoreError};
use crate::domain::Report;
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

/// Remembers a conversion (an earlier one of the same original is kept).
pub(crate) fn record_conversion(
    tx: &rusqlite::Transaction<'_>,
    conversion: &Conversion,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT OR IGNORE INTO conversion (original_sha256, pdf_sha256, converter) VALUES (?1, ?2, ?3)",
        params![
            conversion.original_sha256,
            conversion.pdf_sha256,
            conversion.converter
        ],
    )
    .context("remembering a conversion")?;
    Ok(())
}

impl Store {
    /// The conversion already made of the file with SHA-256 `original_sha256`,
    /// with the PDF it gave (checked against its hash), if any.
    pub fn cached_conversion(
        &self,
        original_sha256: &str,
    ) -> Result<Option<(Conversion, Vec<u8>)>, StoreError> {
        let found: Option<(String, String)> = self
            .conn()
            .query_row(
                "SELECT pdf_sha256, converter FROM conversion WHERE original_sha256 = ?1",
                [original_sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .context("looking up a conversion")?;
        let Some((pdf_sha256, converter)) = found else {
            return Ok(None);
        };
        let pdf = self.read_blob(&pdf_sha256, "converted report", original_sha256)?;
        Ok(Some((
            Conversion {
                original_sha256: original_sha256.to_string(),
                pdf_sha256,
                converter,
            },
            pdf,
        )))
    }

    /// The stored original of `report` (item `item`), ready to be stored
    /// again (undo, restore), or `None` when the report has none.
    pub fn original_of(
        &self,
        report: &Report,
        item: &str,
    ) -> Result<Option<NewOriginal>, StoreError> {
        report
            .original
            .as_ref()
            .map(|o| {
                Ok(NewOriginal {
                    file_name: o.file_name.clone(),
                    bytes: self.read_blob(&o.sha256, &o.file_name, item)?,
                    note: o.note.clone(),
                })
            })
            .transpose()
    }

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
