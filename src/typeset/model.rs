//! The document model: what a council paper says, with no positions yet.
//!
//! A [`Document`] is a list of [`Block`]s (headings, paragraphs, lists, tables, …)
//! made of [`Run`]s of text. It carries everything that must appear in the PDF —
//! metadata, running header and footer — and nothing that depends on the clock,
//! so the same `Document` always typesets to the same bytes.

use chrono::NaiveDateTime;

/// Millimetres to PDF points.
pub const MM: f32 = 72.0 / 25.4;

/// A4 width in points.
pub const A4_WIDTH: f32 = 595.28;
/// A4 height in points.
pub const A4_HEIGHT: f32 = 841.89;

/// A complete document, ready to be laid out and written.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Title, author, language and date written into the PDF.
    pub meta: Metadata,
    /// Page size and margins.
    pub page: PageSetup,
    /// Running header printed on every page, if any.
    pub header: Option<Running>,
    /// Running footer printed on every page, if any.
    pub footer: Option<Running>,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
}

impl Document {
    /// A document with A4 pages, no header or footer and no blocks.
    pub fn new(meta: Metadata) -> Self {
        Self {
            meta,
            page: PageSetup::default(),
            header: None,
            footer: None,
            blocks: Vec::new(),
        }
    }
}

/// Document information written into the PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    /// Document title; viewers show it instead of the file name.
    pub title: String,
    /// Author, usually the council or the clerk.
    pub author: String,
    /// Subject line.
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// BCP 47 language tag of the text, normally `en-GB`.
    pub language: String,
    /// Creation date. Passed in (never read from the clock) so output is deterministic.
    pub created: NaiveDateTime,
}

/// Page size and margins, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Top margin (the header sits inside it).
    pub margin_top: f32,
    /// Bottom margin (the footer sits inside it).
    pub margin_bottom: f32,
    /// Left margin.
    pub margin_left: f32,
    /// Right margin.
    pub margin_right: f32,
}

impl Default for PageSetup {
    /// A4 portrait, 20 mm side margins, 25 mm top and bottom.
    fn default() -> Self {
        Self {
            width: A4_WIDTH,
            height: A4_HEIGHT,
            margin_top: 25.0 * MM,
            margin_bottom: 25.0 * MM,
            margin_left: 20.0 * MM,
            margin_right: 20.0 * MM,
        }
    }
}

/// A running header or footer.
///
/// The three templates may contain `{page}` (this page's number) and `{pages}`
/// (the total), e.g. `"Page {page} of {pages}"`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Running {
    /// Left-aligned text.
    pub left: String,
    /// Centred text.
    pub centre: String,
    /// Right-aligned text.
    pub right: String,
    /// A small ruled box at the bottom right with this label (e.g.
    /// "Chair's initials"), as signed minutes need on every page. Only drawn
    /// when set on the footer.
    pub initials_box: Option<String>,
    /// Leave the first page without this header or footer, as councils print
    /// the opening page of an agenda or of minutes (its title block says it all).
    pub skip_first_page: bool,
}

/// Horizontal alignment of a paragraph's lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Align {
    /// Ragged right.
    #[default]
    Left,
    /// Centred.
    Centre,
    /// Ragged left.
    Right,
    /// Both edges straight (the last line stays ragged).
    Justify,
}

/// A block of the document body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading; it never ends a page.
    Heading(Heading),
    /// A paragraph of text.
    Paragraph(Paragraph),
    /// A bullet, numbered or lettered list.
    List(List),
    /// A table with wrapped cells.
    Table(Table),
    /// A thin horizontal rule across the text area.
    Rule,
    /// Vertical space, in points.
    Spacer(f32),
    /// Signature lines (e.g. "Chair" … "Date").
    SignatureBlock(Vec<SignatureLine>),
    /// Start a new page.
    PageBreak,
    /// Blocks kept on one page when they fit on one.
    KeepTogether(Vec<Block>),
}

/// A heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1 (largest) to 3.
    pub level: u8,
    /// The heading text.
    pub runs: Vec<Run>,
    /// Whether the heading appears in the PDF outline (bookmarks).
    pub bookmark: bool,
    /// Name other blocks use to refer to this heading's page.
    pub anchor: Option<String>,
}

impl Heading {
    /// A bookmarked heading of `level` with plain text.
    pub fn new(level: u8, text: impl Into<String>) -> Self {
        Self {
            level,
            runs: vec![Run::text(text)],
            bookmark: true,
            anchor: None,
        }
    }

    /// Sets the anchor.
    pub fn with_anchor(mut self, anchor: impl Into<String>) -> Self {
        self.anchor = Some(anchor.into());
        self
    }
}

/// A paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// The text.
    pub runs: Vec<Run>,
    /// Line alignment.
    pub align: Align,
    /// Extra left indent, in points.
    pub indent: f32,
    /// Space above, in points (dropped at the top of a page).
    pub space_before: f32,
    /// Space below, in points.
    pub space_after: f32,
    /// Keep the last line on the same page as the next block.
    pub keep_with_next: bool,
    /// Font size in points (body text is 11).
    pub size: f32,
    /// Name other blocks use to refer to this paragraph's page.
    pub anchor: Option<String>,
    /// An outline (bookmark) entry at this paragraph: level (1–3, nested
    /// under the nearest earlier entry of a lower level) and title.
    pub outline: Option<(u8, String)>,
}

impl Paragraph {
    /// Body text size in points.
    pub const BODY_SIZE: f32 = 11.0;

    /// A left-aligned body paragraph.
    pub fn new(runs: Vec<Run>) -> Self {
        Self {
            runs,
            align: Align::Left,
            indent: 0.0,
            space_before: 0.0,
            space_after: 6.0,
            keep_with_next: false,
            size: Self::BODY_SIZE,
            anchor: None,
            outline: None,
        }
    }

    /// A paragraph of plain text.
    pub fn plain(text: impl Into<String>) -> Self {
        Self::new(vec![Run::text(text)])
    }

    /// Sets the alignment.
    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }

    /// Sets the font size.
    pub fn size(mut self, size: f32) -> Self {
        self.size = size;
        self
    }

    /// Adds an outline (bookmark) entry of `level` with `title` at this paragraph.
    pub fn with_outline(mut self, level: u8, title: impl Into<String>) -> Self {
        self.outline = Some((level, title.into()));
        self
    }
}

/// What marks the items of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// "•", at every level, as the printed minutes mark their bullets.
    Bullet,
    /// "1)", "2)", …
    Numbered,
    /// "(a)", "(b)", …
    Lettered,
}

/// A list; items may contain further lists, two levels deep.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// Marker style.
    pub kind: ListKind,
    /// Number of the first item (1 for "1)" or "(a)").
    pub start: u32,
    /// Each item is a list of blocks; the marker goes beside the first line.
    pub items: Vec<Vec<Block>>,
}

/// A table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column widths as fractions of the text width (normalised if they do not sum to 1).
    pub columns: Vec<f32>,
    /// Rows of cells; each cell is a list of runs and wraps within its column.
    pub rows: Vec<Vec<Vec<Run>>>,
    /// Whether the first row is a bold header row (repeated after a page break).
    pub header: bool,
    /// Whether to draw cell borders.
    pub borders: bool,
}

/// One signature line of a [`Block::SignatureBlock`].
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureLine {
    /// What the signature is for, e.g. "Chair".
    pub label: String,
    /// Name printed under the line.
    pub name: String,
    /// Date printed on the date line, if known; otherwise left blank to fill in.
    pub date: Option<String>,
}

/// A run of text with one style.
///
/// `text` may contain `\n` for a hard line break.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    /// The text. Ignored when `page_ref` is set.
    pub text: String,
    /// Bold face.
    pub bold: bool,
    /// Italic face.
    pub italic: bool,
    /// Link target: `#anchor` for a place in this document (or one a later stage
    /// resolves), anything else is a URI.
    pub link: Option<String>,
    /// If set, the run shows the page number of this anchor (resolved in a second pass).
    pub page_ref: Option<String>,
}

impl Run {
    /// Plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// Bold text.
    pub fn bold(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            bold: true,
            ..Self::default()
        }
    }

    /// Italic text.
    pub fn italic(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            italic: true,
            ..Self::default()
        }
    }

    /// The page number on which `anchor` lands.
    pub fn page_ref(anchor: impl Into<String>) -> Self {
        Self {
            page_ref: Some(anchor.into()),
            ..Self::default()
        }
    }

    /// Makes the run a link.
    pub fn with_link(mut self, target: impl Into<String>) -> Self {
        self.link = Some(target.into());
        self
    }
}
