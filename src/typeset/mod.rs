//! Typesetting of our own pages (agenda front sheets, minutes, notices) as PDF.
//!
//! Layers, each usable alone:
//! - [`model`]: the document model — blocks, runs, lists, tables, header and footer;
//! - [`markdown`]: CommonMark text → blocks;
//! - [`layout`]: line breaking with the real font metrics, pagination with
//!   widow/orphan and keep-with-next rules, page references → [`LaidOut`];
//! - `writer`: laid-out pages → PDF bytes (printpdf, then lopdf for the rest).
//!
//! The fonts (Liberation Sans, four faces) are compiled in; no system font is
//! ever read. The same [`Document`] always gives the same bytes.
//!
//! ```
//! use agendapack::typeset::{render, Block, Document, Heading, Metadata, Paragraph};
//!
//! let created = chrono::NaiveDate::from_ymd_opt(2024, 11, 20)
//!     .unwrap()
//!     .and_hms_opt(9, 0, 0)
//!     .unwrap();
//! let mut doc = Document::new(Metadata {
//!     title: "Notice of meeting".into(),
//!     author: "Democratic Services".into(),
//!     subject: String::new(),
//!     keywords: vec![],
//!     language: "en-GB".into(),
//!     created,
//! });
//! doc.blocks.push(Block::Heading(Heading::new(1, "Scrutiny Board (2)")));
//! doc.blocks.push(Block::Paragraph(Paragraph::plain("Thursday, 28 November 2024 at 10.00 am")));
//! let rendered = render(&doc).unwrap();
//! assert_eq!(rendered.page_count, 1);
//! assert!(rendered.bytes.starts_with(b"%PDF-"));
//! ```

use std::collections::BTreeMap;

pub mod fonts;
pub mod layout;
pub mod markdown;
pub mod model;
mod writer;

pub use fonts::{FontStyle, BODY_FONT, BOLD_FONT, BOLD_ITALIC_FONT, ITALIC_FONT};
pub use layout::LaidOut;
pub use markdown::markdown_to_blocks;
pub use model::{
    Align, Block, Document, Heading, List, ListKind, Metadata, PageSetup, Paragraph, Run, Running,
    SignatureLine, Table,
};

/// What went wrong while typesetting.
#[derive(Debug, thiserror::Error)]
pub enum TypesetError {
    /// An embedded font could not be read (a broken build, not bad input).
    #[error("font {face} could not be read: {reason}")]
    Font {
        /// Face name, e.g. `LiberationSans-Bold`.
        face: &'static str,
        /// What the parser said.
        reason: String,
    },
    /// A heading level outside 1–3.
    #[error("heading level {level} is not 1, 2 or 3 (heading {text:?})")]
    InvalidHeadingLevel {
        /// The level given.
        level: u8,
        /// The heading's text.
        text: String,
    },
    /// A size, margin or space that is negative, not finite or too small.
    #[error("{what} is out of range: {value}")]
    InvalidDimension {
        /// Which dimension.
        what: &'static str,
        /// The value given.
        value: f32,
    },
    /// A table whose columns or rows do not make sense.
    #[error("table cannot be laid out: {reason}")]
    InvalidTable {
        /// What is wrong with it.
        reason: String,
    },
    /// A page reference to an anchor that no heading or paragraph carries.
    #[error("page reference to unknown anchor {anchor:?}")]
    UnknownAnchor {
        /// The anchor referred to.
        anchor: String,
    },
    /// Layout failed for an internal reason.
    #[error("layout failed: {reason}")]
    Layout {
        /// Details.
        reason: String,
    },
    /// Writing or finishing the PDF failed.
    #[error("PDF could not be written: {reason}")]
    Pdf {
        /// Details.
        reason: String,
    },
}

/// A typeset document.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub page_count: u32,
    /// Anchor → 1-based page number.
    pub anchors: BTreeMap<String, u32>,
    /// Every link area, including those whose `#anchor` target is not in this
    /// document (no annotation is written for those; pack assembly may point
    /// them at a page of another PDF).
    pub links: Vec<LinkRect>,
}

/// Where a link is.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRect {
    /// 1-based page.
    pub page: u32,
    /// `[x0, y0, x1, y1]` in PDF user space (points, origin bottom-left).
    pub rect: [f32; 4],
    /// The run's link target (`#anchor` or a URI).
    pub target: String,
    /// The page of the anchor when the target is an anchor of this document
    /// (the PDF already links there).
    pub internal_page: Option<u32>,
}

/// Lays out `doc` without writing a PDF.
pub fn layout(doc: &Document) -> Result<LaidOut, TypesetError> {
    Typesetter::new()?.layout(doc)
}

/// Typesets `doc` as a PDF.
pub fn render(doc: &Document) -> Result<Rendered, TypesetError> {
    Typesetter::new()?.render(doc)
}

/// The typesetter with its font metrics prepared once (a few milliseconds),
/// for callers that typeset several documents in one go, as a pack does.
pub struct Typesetter {
    fonts: fonts::FontSet,
}

impl Typesetter {
    /// Prepares the compiled-in fonts' metrics.
    pub fn new() -> Result<Self, TypesetError> {
        Ok(Self {
            fonts: fonts::FontSet::new()?,
        })
    }

    /// Lays out `doc` without writing a PDF.
    pub fn layout(&self, doc: &Document) -> Result<LaidOut, TypesetError> {
        layout::layout_document(&self.fonts, doc)
    }

    /// Typesets `doc` as a PDF.
    pub fn render(&self, doc: &Document) -> Result<Rendered, TypesetError> {
        let laid = layout::layout_document(&self.fonts, doc)?;
        let bytes = writer::write_pdf(&self.fonts, &laid, &doc.meta)?;
        let links = laid
            .pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                let anchors = &laid.anchors;
                p.links.iter().map(move |l| LinkRect {
                    page: i as u32 + 1,
                    rect: l.rect,
                    target: l.target.clone(),
                    internal_page: l
                        .target
                        .strip_prefix('#')
                        .and_then(|a| anchors.get(a).copied()),
                })
            })
            .collect();
        Ok(Rendered {
            bytes,
            page_count: laid.pages.len() as u32,
            anchors: laid.anchors,
            links,
        })
    }
}

impl std::fmt::Debug for Typesetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typesetter").finish_non_exhaustive()
    }
}
