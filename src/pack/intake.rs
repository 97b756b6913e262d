//! Report intake: checks an uploaded report PDF before it is stored.
//!
//! [`inspect`] refuses what cannot go into a pack (empty, not a PDF, damaged,
//! password-protected, no pages, too large, a looping page tree) with a message a
//! clerk can act on, and describes what it accepts. A file encrypted with an owner
//! password only (anyone may open it, editing is "restricted") is decrypted, a
//! damaged file that readers repair is rebuilt by scanning it for its objects,
//! and in both cases the clean copy is what should be stored (with the original
//! kept beside it: [`Inspected::intake_note`]).

use std::panic::{catch_unwind, AssertUnwindSafe};

use super::source::{self, LoadFailure};

/// Limits on what [`inspect`] accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes. Default 200 MiB.
    pub max_bytes: u64,
    /// Most pages accepted. Default 2000.
    pub max_pages: u32,
    /// Deepest page tree accepted (levels of `/Pages` nodes). Default 64.
    pub max_depth: u32,
    /// Deepest nesting of arrays and dictionaries accepted anywhere in the file.
    /// Default 100 (real reports stay below 10).
    pub max_nesting: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 200 * 1024 * 1024,
            max_pages: 2000,
            max_depth: 64,
            max_nesting: 100,
        }
    }
}

/// Size and orientation of one page, as the file gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageGeometry {
    /// Width of the visible area (crop box, else media box), in points, before rotation.
    pub width_pt: f32,
    /// Height of the visible area, in points, before rotation.
    pub height_pt: f32,
    /// Clockwise rotation applied by viewers: 0, 90, 180 or 270.
    pub rotate: i32,
}

impl PageGeometry {
    /// True when the page appears wider than tall to the reader.
    pub fn is_landscape(&self) -> bool {
        if self.rotate % 180 == 0 {
            self.width_pt > self.height_pt
        } else {
            self.height_pt > self.width_pt
        }
    }
}

/// An accepted report.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspected {
    /// What to store: the original bytes, or the decrypted file when the original
    /// was encrypted with an empty user password.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub page_count: u32,
    /// Geometry of each page, in order.
    pub pages: Vec<PageGeometry>,
    /// The `/Producer` recorded in the file, if any (for support, never published).
    pub producer: Option<String>,
    /// True when the file was encrypted and `bytes` is the decrypted version.
    pub decrypted: bool,
    /// True when the file was damaged (its cross-reference unusable) and `bytes`
    /// is the copy rebuilt by scanning it for its objects.
    pub repaired: bool,
}

impl Inspected {
    /// What intake did to the file, as the clerk is told, when `bytes` is not
    /// the file as given: "repaired on intake", "decrypted on intake (owner
    /// password only)". Keep the original beside the stored copy when set.
    pub fn intake_note(&self) -> Option<&'static str> {
        match (self.repaired, self.decrypted) {
            (false, false) => None,
            (true, false) => Some("repaired on intake"),
            (false, true) => Some("decrypted on intake (owner password only)"),
            (true, true) => Some("repaired and decrypted on intake (owner password only)"),
        }
    }
}

/// Why a report was refused. The message names the file and says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntakeError {
    /// The file has no content at all.
    #[error("‘{file}’ is empty (0 bytes). Please choose the report file again.")]
    Empty {
        /// The file name as uploaded.
        file: String,
    },
    /// The file is bigger than [`Limits::max_bytes`].
    #[error(
        "‘{file}’ is too large ({} MB; the limit is {} MB). Please reduce its size, \
         for example by saving it again with smaller images.",
        mb(*bytes), mb(*max)
    )]
    TooLarge {
        /// The file name as uploaded.
        file: String,
        /// Size of the file.
        bytes: u64,
        /// The limit.
        max: u64,
    },
    /// The file is not a PDF at all.
    #[error("‘{file}’ is not a PDF: {looks_like}. Please save or export the report as a PDF and add it again.")]
    NotPdf {
        /// The file name as uploaded.
        file: String,
        /// A guess at what the file is.
        looks_like: String,
    },
    /// The file ends part-way through, as after an interrupted download.
    #[error("‘{file}’ is incomplete: the file stops part-way through, perhaps because a download or copy was interrupted. Please get a fresh copy of the report.")]
    Truncated {
        /// The file name as uploaded.
        file: String,
    },
    /// The file is a damaged PDF that cannot be read reliably.
    #[error("‘{file}’ is damaged and cannot be read ({detail}). Please get a fresh copy, or open it and save it as a PDF again.")]
    Corrupt {
        /// The file name as uploaded.
        file: String,
        /// What was wrong, for support staff.
        detail: String,
    },
    /// The file needs a password to open.
    #[error("‘{file}’ is password-protected: it needs a password to open. Please ask the author for a copy without a password.")]
    PasswordProtected {
        /// The file name as uploaded.
        file: String,
    },
    /// The file has no pages.
    #[error("‘{file}’ has no pages. Please check you chose the right file.")]
    NoPages {
        /// The file name as uploaded.
        file: String,
    },
    /// The file has more pages than [`Limits::max_pages`].
    #[error("‘{file}’ has more than {max} pages, which is more than a pack can take. Please split it into smaller reports.")]
    TooManyPages {
        /// The file name as uploaded.
        file: String,
        /// The limit.
        max: u32,
    },
    /// The page tree is nested deeper than [`Limits::max_depth`].
    #[error("‘{file}’ has its pages nested more than {max} levels deep, which suggests the file is damaged. Please open it and save it as a PDF again.")]
    TooDeep {
        /// The file name as uploaded.
        file: String,
        /// The limit.
        max: u32,
    },
    /// Arrays or dictionaries are nested deeper than [`Limits::max_nesting`]: a
    /// hostile or broken file, refused before the PDF reader could overflow its
    /// stack on it.
    #[error("‘{file}’ is damaged: its contents are nested more than {max} levels deep ({where_}), which no real report needs. Please open it and save it as a PDF again.", where_ = nest_place(*offset, *in_object))]
    NestedTooDeep {
        /// The file name as uploaded.
        file: String,
        /// The limit.
        max: u32,
        /// Where the limit was passed: a byte offset in the file, or in the
        /// decompressed object stream `in_object`.
        offset: usize,
        /// The object stream the offset is in, if any.
        in_object: Option<u32>,
    },
    /// The page tree refers back to itself.
    #[error("‘{file}’ is damaged: its list of pages refers back to itself (object {object}). Please open it and save it as a PDF again.")]
    PageTreeLoop {
        /// The file name as uploaded.
        file: String,
        /// The object number where the loop was found.
        object: u32,
    },
}

fn nest_place(offset: usize, in_object: Option<u32>) -> String {
    match in_object {
        Some(n) => format!("at byte {offset} of object stream {n}"),
        None => format!("at byte {offset}"),
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

impl IntakeError {
    /// The file name the error is about.
    pub fn file(&self) -> &str {
        match self {
            IntakeError::Empty { file }
            | IntakeError::TooLarge { file, .. }
            | IntakeError::NotPdf { file, .. }
            | IntakeError::Truncated { file }
            | IntakeError::Corrupt { file, .. }
            | IntakeError::PasswordProtected { file }
            | IntakeError::NoPages { file }
            | IntakeError::TooManyPages { file, .. }
            | IntakeError::TooDeep { file, .. }
            | IntakeError::NestedTooDeep { file, .. }
            | IntakeError::PageTreeLoop { file, .. } => file,
        }
    }

    pub(crate) fn from_failure(file: &str, failure: LoadFailure) -> Self {
        let file = file.to_string();
        match failure {
            LoadFailure::Empty => IntakeError::Empty { file },
            LoadFailure::TooLarge { bytes, max } => IntakeError::TooLarge { file, bytes, max },
            LoadFailure::NotPdf { looks_like } => IntakeError::NotPdf {
                file,
                looks_like: looks_like.to_string(),
            },
            LoadFailure::Truncated => IntakeError::Truncated { file },
            LoadFailure::Corrupt { detail } => IntakeError::Corrupt { file, detail },
            LoadFailure::PasswordProtected => IntakeError::PasswordProtected { file },
            LoadFailure::NoPages => IntakeError::NoPages { file },
            LoadFailure::TooManyPages { max } => IntakeError::TooManyPages { file, max },
            LoadFailure::TooDeep { max } => IntakeError::TooDeep { file, max },
            LoadFailure::NestedTooDeep {
                max,
                offset,
                in_object,
            } => IntakeError::NestedTooDeep {
                file,
                max,
                offset,
                in_object,
            },
            LoadFailure::PageTreeLoop { object } => IntakeError::PageTreeLoop { file, object },
        }
    }
}

/// Checks a report PDF and describes it, or says why it cannot be used.
///
/// `file_name` is only used in messages. Never panics; work is bounded by
/// [`Limits`].
pub fn inspect(file_name: &str, bytes: &[u8], limits: &Limits) -> Result<Inspected, IntakeError> {
    let fail = |f| IntakeError::from_failure(file_name, f);
    let mut source = source::load_checked(bytes, limits).map_err(fail)?;
    let pages: Vec<PageGeometry> = source
        .pages
        .iter()
        .map(|p| {
            let b = p.visible_box();
            PageGeometry {
                width_pt: b[2] - b[0],
                height_pt: b[3] - b[1],
                rotate: p.rotate,
            }
        })
        .collect();
    let producer = source::producer(&source.doc);
    let stored = if source.decrypted || source.repaired {
        clean_bytes(&mut source.doc).map_err(|detail| fail(LoadFailure::Corrupt { detail }))?
    } else {
        bytes.to_vec()
    };
    Ok(Inspected {
        bytes: stored,
        page_count: pages.len() as u32,
        pages,
        producer,
        decrypted: source.decrypted,
        repaired: source.repaired,
    })
}

/// Writes the (already decrypted, or rebuilt) document out cleanly: without
/// encryption, with a fresh cross-reference table, every object written
/// directly (object and cross-reference streams, whose contents are already
/// among the objects, are dropped).
fn clean_bytes(doc: &mut lopdf::Document) -> Result<Vec<u8>, String> {
    // Keep only the trailer entries a plain file needs; an xref-stream trailer
    // carries /W, /Index, /Filter etc. that must not be copied.
    let mut trailer = lopdf::Dictionary::new();
    for key in [&b"Root"[..], b"Info", b"ID"] {
        if let Ok(v) = doc.trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    doc.trailer = trailer;
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    doc.max_id = doc.objects.keys().map(|id| id.0).max().unwrap_or(0);
    doc.objects.retain(|_, obj| {
        !matches!(obj, lopdf::Object::Stream(s) if s.dict.has_type(b"ObjStm") || s.dict.has_type(b"XRef"))
    });
    // Decryption changes stream lengths (AES adds an IV and padding).
    for obj in doc.objects.values_mut() {
        if let lopdf::Object::Stream(s) = obj {
            let len = s.content.len() as i64;
            s.dict.set("Length", len);
        }
    }
    let mut out = Vec::new();
    let saved = catch_unwind(AssertUnwindSafe(|| doc.save_to(&mut out)));
    match saved {
        Ok(Ok(())) => Ok(out),
        Ok(Err(e)) => Err(format!("the decrypted copy could not be written: {e}")),
        Err(_) => Err("the decrypted copy could not be written".into()),
    }
}
