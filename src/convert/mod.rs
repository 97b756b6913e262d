//! Reports as clerks receive them: Word, OpenDocument, RTF, spreadsheets,
//! presentations and scans become PDFs for the pack, converted by a real
//! LibreOffice (headless).
//!
//! [`prepare`] takes a file as attached and gives what the store keeps: the
//! PDF (through the same intake checks as any PDF, [`crate::pack::inspect`])
//! and, when the PDF was made from it, the original with a note. A
//! conversion is looked up first by the original's SHA-256 in the store, so
//! the same file is never converted twice.
//!
//! Each conversion runs `soffice` with a throw-away profile of its own, in a
//! fresh temporary folder, in its own process group; when it runs past the
//! timeout the whole group is killed. Every refusal names the file and says
//! why (timed out, password-protected, not a document, LibreOffice missing
//! with the command that installs it).

mod detect;
mod soffice;

pub use detect::{detect, Application, Format, NotAccepted};

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::pack::{self, Inspected, IntakeError, Limits};
use crate::store::{sha256_hex, Conversion, NewOriginal, Store, StoreError};

/// Environment variable naming the `soffice` program to use (tests plug in
/// a stand-in); otherwise `soffice` is looked for on `PATH`.
pub const SOFFICE_ENV: &str = "AGENDAPACK_SOFFICE";

/// Environment variable overriding the conversion timeout, in seconds.
pub const TIMEOUT_ENV: &str = "AGENDAPACK_CONVERT_TIMEOUT";

/// The Debian command that installs what conversion needs.
pub const INSTALL_COMMAND: &str = "sudo apt-get install --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui libreoffice-draw-nogui fonts-liberation2";

/// How to convert: which program, how long it may take, where it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converter {
    /// The `soffice` program, or `None` when it was not found.
    pub soffice: Option<PathBuf>,
    /// Longest one conversion may run before it is stopped.
    pub timeout: Duration,
    /// Folder for the throw-away profile and working files (the system's
    /// temporary folder when `None`).
    pub work_dir: Option<PathBuf>,
    /// A LibreOffice profile to reuse instead of a throw-away one per
    /// conversion (faster to start; for benchmarks). The caller must run one
    /// conversion at a time with it. `None`, the default, is safer: nothing
    /// of one conversion can reach the next.
    pub profile: Option<PathBuf>,
}

impl Default for Converter {
    /// No LibreOffice: office files are refused unless already converted.
    fn default() -> Self {
        Converter {
            soffice: None,
            timeout: crate::settings::CONVERSION_TIMEOUT_DEFAULT,
            work_dir: None,
            profile: None,
        }
    }
}

impl Converter {
    /// A converter using `explicit` (the value of [`SOFFICE_ENV`], if any) or
    /// the first `soffice` on `path` (the value of `PATH`).
    pub fn locate(explicit: Option<&OsStr>, path: Option<&OsStr>, timeout: Duration) -> Converter {
        let soffice = match explicit.filter(|p| !p.is_empty()) {
            Some(p) => Some(PathBuf::from(p)),
            None => path.and_then(|path| {
                std::env::split_paths(path)
                    .map(|dir| dir.join("soffice"))
                    .find(|candidate| candidate.is_file())
            }),
        };
        Converter {
            soffice,
            timeout,
            work_dir: None,
            profile: None,
        }
    }
}

/// Why a report file could not be taken. Every message names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    /// The converted PDF (or the PDF attached) failed the intake checks.
    #[error(transparent)]
    Intake(#[from] IntakeError),
    /// The file is of no kind AgendaPack takes.
    #[error("‘{file}’ is not a document AgendaPack can use: it looks like {looks_like}. Reports can be PDF, Word (.docx, .doc), OpenDocument (.odt, .ods, .odp), Rich Text (.rtf), Excel (.xlsx, .xls), PowerPoint (.pptx, .ppt) or a PNG, JPEG or TIFF scan.")]
    NotADocument {
        /// The file name as attached.
        file: String,
        /// What it seems to be.
        looks_like: String,
    },
    /// The document needs a password to open.
    #[error("‘{file}’ is password-protected: it needs a password to open, so it cannot be converted. Please ask the author for a copy without a password.")]
    PasswordProtected {
        /// The file name as attached.
        file: String,
    },
    /// The document is damaged (or, for older formats, may be protected).
    #[error(
        "‘{file}’ is damaged: {detail}. Please get a fresh copy, or open it and save it again."
    )]
    Damaged {
        /// The file name as attached.
        file: String,
        /// What was found.
        detail: String,
    },
    /// LibreOffice is needed and was not found or would not start.
    #[error("‘{file}’ is {kind} and needs LibreOffice to become a PDF, but LibreOffice is not installed ({detail}). Install it with: {INSTALL_COMMAND}")]
    LibreOfficeMissing {
        /// The file name as attached.
        file: String,
        /// "a Word document".
        kind: String,
        /// What was tried.
        detail: String,
    },
    /// The conversion ran past the timeout and was stopped.
    #[error("‘{file}’ could not be converted: LibreOffice was still working after {seconds} seconds and was stopped. Please open the document, save it as a PDF and attach that instead.")]
    TimedOut {
        /// The file name as attached.
        file: String,
        /// The timeout.
        seconds: u64,
    },
    /// LibreOffice ran but made no PDF.
    #[error("‘{file}’ could not be converted to PDF (LibreOffice: {detail}). Please open the document, save it as a PDF and attach that instead.")]
    Failed {
        /// The file name as attached.
        file: String,
        /// What LibreOffice said.
        detail: String,
    },
    /// The conversion's working folder could not be made.
    #[error("‘{file}’ could not be converted: a temporary folder could not be used ({detail})")]
    WorkFolder {
        /// The file name as attached.
        file: String,
        /// The error.
        detail: String,
    },
    /// The store could not be read for a cached conversion.
    #[error("‘{file}’: {detail}")]
    Store {
        /// The file name as attached.
        file: String,
        /// The store's error.
        detail: String,
    },
}

/// A report ready for the store: the PDF the packs use and, when it was made
/// from the attached file, that file.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The file name to store the PDF under ("cabinet-report.pdf").
    pub file_name: String,
    /// The PDF, inspected.
    pub pdf: Inspected,
    /// The attached file, when the PDF was made from it.
    pub original: Option<NewOriginal>,
    /// The conversion to remember, when one was made now (not found cached).
    pub conversion: Option<Conversion>,
    /// What the attached file was.
    pub format: Format,
}

/// Converts `bytes` (of `format`, named `file_name`) to PDF with LibreOffice.
/// Does not consult any cache; see [`prepare`].
pub fn convert(
    converter: &Converter,
    file_name: &str,
    bytes: &[u8],
    format: Format,
) -> Result<Vec<u8>, ConvertError> {
    let missing = |detail: String| ConvertError::LibreOfficeMissing {
        file: file_name.to_string(),
        kind: format.description().to_string(),
        detail,
    };
    let Some(soffice) = &converter.soffice else {
        return Err(missing("no soffice program was found".into()));
    };
    let work_folder = |e: std::io::Error| ConvertError::WorkFolder {
        file: file_name.to_string(),
        detail: e.to_string(),
    };
    let work = match &converter.work_dir {
        Some(dir) => tempfile::Builder::new()
            .prefix("agendapack-convert-")
            .tempdir_in(dir),
        None => tempfile::Builder::new()
            .prefix("agendapack-convert-")
            .tempdir(),
    }
    .map_err(work_folder)?;
    // A plain name of our own: the clerk's file name may hold anything.
    let input = work.path().join(format!("report.{}", format.extension()));
    std::fs::write(&input, bytes).map_err(work_folder)?;
    let profile = converter
        .profile
        .clone()
        .unwrap_or_else(|| work.path().join("profile"));
    let result = soffice::run(
        soffice,
        converter.timeout,
        work.path(),
        &profile,
        &input,
        format,
    );
    // The folder (profile included) goes whatever happened.
    let _ = work.close();
    result.map_err(|failure| match failure {
        soffice::RunFailure::Missing(detail) => missing(detail),
        soffice::RunFailure::TimedOut => ConvertError::TimedOut {
            file: file_name.to_string(),
            seconds: converter.timeout.as_secs(),
        },
        soffice::RunFailure::NotLoaded => ConvertError::Damaged {
            file: file_name.to_string(),
            detail: "LibreOffice could not open it (it may be damaged, or protected by a password)"
                .into(),
        },
        soffice::RunFailure::NoOutput(detail) => ConvertError::Failed {
            file: file_name.to_string(),
            detail,
        },
        soffice::RunFailure::Io(detail) => ConvertError::WorkFolder {
            file: file_name.to_string(),
            detail,
        },
    })
}

/// The name the converted PDF is stored under: "report.docx" → "report.pdf".
pub fn pdf_name(file_name: &str) -> String {
    match Path::new(file_name).file_stem() {
        Some(stem) if !stem.is_empty() => format!("{}.pdf", stem.to_string_lossy()),
        _ => "report.pdf".into(),
    }
}

/// Takes a file as attached: a PDF goes through intake as it is; any other
/// accepted format is converted (or its earlier conversion is taken from
/// `store`) and the PDF goes through the same intake. Changes nothing in
/// the store: the caller stores [`Prepared`] in one transaction.
pub fn prepare(
    store: &Store,
    converter: &Converter,
    file_name: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Prepared, ConvertError> {
    prepare_cached(
        &|sha| store.cached_conversion(sha),
        converter,
        file_name,
        bytes,
        limits,
    )
}

/// Looks up an earlier conversion by the original's SHA-256
/// ([`Store::cached_conversion`]).
pub type ConversionCache<'a> =
    dyn Fn(&str) -> Result<Option<(Conversion, Vec<u8>)>, StoreError> + 'a;

/// Like [`prepare`], with the cache as a function, so a caller can look it
/// up without holding the store while LibreOffice runs.
pub fn prepare_cached(
    cache: &ConversionCache<'_>,
    converter: &Converter,
    file_name: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Prepared, ConvertError> {
    let named_pdf = file_name.to_ascii_lowercase().ends_with(".pdf");
    let format = match detect(file_name, bytes) {
        // A file named as a PDF that is none: the PDF intake says what it is.
        Err(NotAccepted::Other(_)) if named_pdf => Ok(Format::Pdf),
        other => other,
    }
    .map_err(|why| match why {
        NotAccepted::Empty => ConvertError::Intake(IntakeError::Empty {
            file: file_name.to_string(),
        }),
        NotAccepted::PasswordProtected => ConvertError::PasswordProtected {
            file: file_name.to_string(),
        },
        NotAccepted::Truncated => ConvertError::Damaged {
            file: file_name.to_string(),
            detail: "the file stops part-way through, perhaps because a download or copy was interrupted".into(),
        },
        NotAccepted::Other(looks_like) => ConvertError::NotADocument {
            file: file_name.to_string(),
            looks_like: looks_like.to_string(),
        },
    })?;
    if format == Format::Pdf {
        let pdf = pack::inspect(file_name, bytes, limits)?;
        // A damaged or owner-encrypted PDF is stored as intake rewrote it,
        // with the file as given kept beside it.
        let original = pdf.intake_note().map(|note| NewOriginal {
            file_name: file_name.to_string(),
            bytes: bytes.to_vec(),
            note: note.to_string(),
        });
        return Ok(Prepared {
            file_name: file_name.to_string(),
            pdf,
            original,
            conversion: None,
            format,
        });
    }
    if bytes.len() as u64 > limits.max_bytes {
        return Err(IntakeError::TooLarge {
            file: file_name.to_string(),
            bytes: bytes.len() as u64,
            max: limits.max_bytes,
        }
        .into());
    }
    let original_sha256 = sha256_hex(bytes);
    let cached = cache(&original_sha256).map_err(|e: StoreError| ConvertError::Store {
        file: file_name.to_string(),
        detail: e.to_string(),
    })?;
    let (converter_name, pdf_bytes, fresh) = match cached {
        Some((conversion, pdf)) => (conversion.converter, pdf, false),
        None => {
            let pdf = convert(converter, file_name, bytes, format)?;
            (String::new(), pdf, true)
        }
    };
    let pdf_file = pdf_name(file_name);
    let pdf = pack::inspect(&pdf_file, &pdf_bytes, limits)?;
    let converter_name = if fresh {
        pdf.producer
            .clone()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| "LibreOffice".into())
    } else {
        converter_name
    };
    let conversion = fresh.then(|| Conversion {
        original_sha256,
        pdf_sha256: sha256_hex(&pdf.bytes),
        converter: converter_name.clone(),
    });
    Ok(Prepared {
        file_name: pdf_file,
        original: Some(NewOriginal {
            file_name: file_name.to_string(),
            bytes: bytes.to_vec(),
            note: format!("{} by {converter_name}", format.converted_from()),
        }),
        pdf,
        conversion,
        format,
    })
}

impl Prepared {
    /// Stores the report on item `key` of `meeting` in one transaction (the
    /// conversion remembered with it).
    pub fn attach(
        &self,
        store: &mut Store,
        meeting: crate::domain::MeetingId,
        key: &str,
        title: &str,
    ) -> Result<(), StoreError> {
        let report = crate::store::NewReport {
            title,
            file_name: &self.file_name,
            bytes: &self.pdf.bytes,
            pages: self.pdf.page_count,
            original: self.original.clone(),
        };
        match &self.original {
            Some(original) if self.format != Format::Pdf => {
                let converter = self
                    .conversion
                    .as_ref()
                    .map(|c| c.converter.clone())
                    .unwrap_or_else(|| converter_of_note(&original.note));
                store.attach_converted_report(meeting, key, report, &converter)
            }
            _ => store.attach_report(meeting, key, report),
        }
    }
}

/// "converted from Word by LibreOffice 7.4" → "LibreOffice 7.4".
fn converter_of_note(note: &str) -> String {
    note.rsplit_once(" by ")
        .map(|(_, c)| c.to_string())
        .unwrap_or_else(|| "LibreOffice".into())
}
