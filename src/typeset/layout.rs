//! Layout: blocks → lines → pages of positioned text runs.
//!
//! The result ([`LaidOut`]) is independent of the PDF writer, so line breaking,
//! pagination and page references can be tested without producing a PDF.
//!
//! How it works:
//! 1. every block becomes a list of vertical boxes (`VBox`): one per line of a
//!    paragraph or heading, one per table row, signature line or rule. Each box
//!    knows whether it must stay on the same page as the next one
//!    (`keep_with_next`): headings always do; the first line of a paragraph keeps
//!    with the second (no orphan) and the last-but-one with the last (no widow).
//! 2. the paginator fills pages; when a box does not fit, the unbreakable chain
//!    of boxes at the bottom of the page moves to the next page with it (unless
//!    the chain fills the whole page, in which case the rule gives way).
//! 3. page references are typeset with a placeholder first, then again with the
//!    pages found, until the anchors' pages no longer move.
//!
//! Coordinates in the output are PDF user space: points, origin bottom-left.

use std::collections::BTreeMap;

use super::fonts::{FontSet, FontStyle};
use super::model::{
    Align, Block, Document, Heading, List, ListKind, Paragraph, Running, SignatureLine, Table,
};
use super::TypesetError;

/// Line height as a multiple of the font size.
const LEADING: f32 = 1.25;
/// Hanging indent of list items, in points.
const LIST_INDENT: f32 = 22.0;
/// Size of table text.
const TABLE_SIZE: f32 = 10.0;
/// Padding inside table cells.
const CELL_PAD_X: f32 = 4.0;
/// Vertical padding inside table cells.
const CELL_PAD_Y: f32 = 3.0;
/// Size of running header and footer text.
const RUNNING_SIZE: f32 = 9.0;
/// Tolerance for "fits", in points.
const EPS: f32 = 0.01;
/// How many times page references are re-typeset at most.
const MAX_PASSES: usize = 4;

/// A laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct LaidOut {
    /// Page width in points.
    pub page_width: f32,
    /// Page height in points.
    pub page_height: f32,
    /// The area body text must stay inside.
    pub text_area: TextArea,
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// Anchor → 1-based page number.
    pub anchors: BTreeMap<String, u32>,
    /// Outline (bookmark) entries in document order.
    pub outline: Vec<OutlineEntry>,
    /// The structure elements of the tagged PDF; element 0 is the `Document`.
    /// Text runs and links name their element by index ([`TextRun::node`]).
    pub structure: Vec<StructNode>,
}

/// One structure element (PDF tag) of the laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    /// The standard structure type: `Document`, `H1`–`H3`, `P`, `L`, `LI`,
    /// `Lbl`, `LBody`, `Table`, `TR`, `TH`, `TD` or `Link`.
    pub role: &'static str,
    /// The element it belongs to (`None` for the `Document`).
    pub parent: Option<u32>,
    /// Its child elements in reading order, except `Link`s, which the writer
    /// places among their parent's text where their text first appears.
    pub children: Vec<u32>,
}

/// The body text area in PDF coordinates (`top` > `bottom`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextArea {
    /// Left edge.
    pub left: f32,
    /// Right edge.
    pub right: f32,
    /// Top edge.
    pub top: f32,
    /// Bottom edge.
    pub bottom: f32,
}

/// One bookmark.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Heading level, 1–3.
    pub level: u8,
    /// Heading text.
    pub title: String,
    /// 1-based page.
    pub page: u32,
    /// Top of the heading in PDF coordinates.
    pub y: f32,
}

/// One page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Body content.
    pub items: Vec<Item>,
    /// Running header and footer content (marked as artifacts in the PDF).
    pub artifacts: Vec<Item>,
    /// Link areas on this page.
    pub links: Vec<LinkArea>,
    /// What the body boxes on this page are, top to bottom (for checking the
    /// pagination rules).
    pub boxes: Vec<BoxInfo>,
}

/// A positioned drawing instruction.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of text in one face.
    Text(TextRun),
    /// A stroked straight line.
    Line {
        /// Start `(x, y)`.
        from: (f32, f32),
        /// End `(x, y)`.
        to: (f32, f32),
        /// Line width.
        width: f32,
    },
    /// A stroked rectangle.
    Rect {
        /// Left.
        x: f32,
        /// Bottom.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Line width.
        width: f32,
    },
}

/// Text in one face and size, on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// Left end of the baseline.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Face.
    pub style: FontStyle,
    /// Size in points.
    pub size: f32,
    /// The characters.
    pub text: String,
    /// Extra space added after each space character (justification), in points.
    pub word_spacing: f32,
    /// Total advance width, kerning and word spacing included.
    pub width: f32,
    /// The structure element the text belongs to ([`LaidOut::structure`]);
    /// `None` for an artifact (running header and footer, a repeated table
    /// header row).
    pub node: Option<u32>,
}

/// A clickable area.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArea {
    /// `[x0, y0, x1, y1]` in PDF coordinates.
    pub rect: [f32; 4],
    /// The run's link target.
    pub target: String,
    /// The `Link` structure element of the link's text.
    pub node: Option<u32>,
}

/// What a body box is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A line of a heading.
    Heading,
    /// Line `index` of `count` of paragraph number `paragraph`.
    ParagraphLine {
        /// Paragraph serial number within the document.
        paragraph: u32,
        /// 0-based line index.
        index: u32,
        /// Number of lines of the paragraph.
        count: u32,
    },
    /// A table row.
    TableRow,
    /// Anything else (rule, spacer, signature line).
    Other,
}

/// Position and role of a body box on a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxInfo {
    /// Role.
    pub role: Role,
    /// Top in PDF coordinates.
    pub top: f32,
    /// Bottom in PDF coordinates.
    pub bottom: f32,
}

/// An item positioned relative to its box: `y` values grow downward from the box top.
#[derive(Debug, Clone)]
enum RelItem {
    Text(TextRun),
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    Rect {
        x: f32,
        top: f32,
        w: f32,
        h: f32,
        width: f32,
    },
}

#[derive(Debug, Clone)]
struct RelLink {
    x0: f32,
    top: f32,
    x1: f32,
    bottom: f32,
    target: String,
    node: Option<u32>,
}

/// A vertical box of the body.
#[derive(Debug, Clone)]
struct VBox {
    height: f32,
    space_before: f32,
    space_after: f32,
    items: Vec<RelItem>,
    links: Vec<RelLink>,
    keep_with_next: bool,
    /// Dropped when it would start a page (spacers).
    discardable: bool,
    /// A forced page break (no content).
    page_break: bool,
    role: Role,
    anchor: Option<String>,
    outline: Option<(u8, String)>,
    /// Baseline of the first text line, relative to the top (for list markers).
    first_baseline: Option<f32>,
    /// Index of this table's header row box in `Builder::table_headers`.
    table_header: Option<usize>,
}

impl VBox {
    fn new(height: f32, role: Role) -> Self {
        Self {
            height,
            space_before: 0.0,
            space_after: 0.0,
            items: Vec::new(),
            links: Vec::new(),
            keep_with_next: false,
            discardable: false,
            page_break: false,
            role,
            anchor: None,
            outline: None,
            first_baseline: None,
            table_header: None,
        }
    }
}

/// Horizontal extent available to a block.
#[derive(Debug, Clone, Copy)]
struct Frame {
    left: f32,
    width: f32,
    list_depth: usize,
}

/// Lays out `doc`, resolving page references.
pub(crate) fn layout_document(fonts: &FontSet, doc: &Document) -> Result<LaidOut, TypesetError> {
    validate_page(doc)?;
    let mut known: BTreeMap<String, u32> = BTreeMap::new();
    let mut last = None;
    for _ in 0..MAX_PASSES {
        let mut builder = Builder::new(fonts, doc, &known);
        let out = builder.run()?;
        let uses_refs = builder.used_page_refs;
        let missing = builder.missing_refs.clone();
        if !uses_refs {
            return Ok(out);
        }
        if out.anchors == known {
            if let Some(anchor) = missing.into_iter().next() {
                return Err(TypesetError::UnknownAnchor { anchor });
            }
            return Ok(out);
        }
        known = out.anchors.clone();
        last = Some((out, missing));
    }
    // Page numbers still moving after several passes (a reference flipping
    // between pages): keep the last layout, whose references may be off by one.
    match last {
        Some((out, missing)) => match missing.into_iter().next() {
            Some(anchor) => Err(TypesetError::UnknownAnchor { anchor }),
            None => Ok(out),
        },
        None => Err(TypesetError::Layout {
            reason: "no layout pass ran".to_string(),
        }),
    }
}

fn validate_page(doc: &Document) -> Result<(), TypesetError> {
    let p = &doc.page;
    let checks = [
        ("page width", p.width),
        ("page height", p.height),
        ("top margin", p.margin_top),
        ("bottom margin", p.margin_bottom),
        ("left margin", p.margin_left),
        ("right margin", p.margin_right),
    ];
    for (what, value) in checks {
        if !value.is_finite() || value < 0.0 {
            return Err(TypesetError::InvalidDimension { what, value });
        }
    }
    if p.width - p.margin_left - p.margin_right < 72.0 {
        return Err(TypesetError::InvalidDimension {
            what: "text width (page width minus margins)",
            value: p.width - p.margin_left - p.margin_right,
        });
    }
    if p.height - p.margin_top - p.margin_bottom < 72.0 {
        return Err(TypesetError::InvalidDimension {
            what: "text height (page height minus margins)",
            value: p.height - p.margin_top - p.margin_bottom,
        });
    }
    Ok(())
}

/// One typesetting pass.
struct Builder<'a> {
    fonts: &'a FontSet,
    doc: &'a Document,
    known: &'a BTreeMap<String, u32>,
    used_page_refs: bool,
    missing_refs: Vec<String>,
    paragraph_serial: u32,
    table_headers: Vec<VBox>,
    /// Structure elements made so far (element 0 is the `Document`).
    nodes: Vec<StructNode>,
    /// Where new block elements go.
    container: u32,
    /// The element text being broken into lines belongs to.
    leaf: Option<u32>,
    /// `Link` elements of the current leaf, by target.
    leaf_links: Vec<(String, u32)>,
}

/// A piece of a word in one style.
#[derive(Debug, Clone)]
struct Frag {
    text: String,
    style: FontStyle,
    link: Option<String>,
}

#[derive(Debug, Clone)]
enum Tok {
    Word(Vec<Frag>),
    Space(FontStyle, Option<String>),
    Break,
}

/// An element of a broken line.
#[derive(Debug, Clone)]
enum LineEl {
    Frag(Frag),
    Space(FontStyle, Option<String>),
}

impl<'a> Builder<'a> {
    fn new(fonts: &'a FontSet, doc: &'a Document, known: &'a BTreeMap<String, u32>) -> Self {
        Self {
            fonts,
            doc,
            known,
            used_page_refs: false,
            missing_refs: Vec::new(),
            paragraph_serial: 0,
            table_headers: Vec::new(),
            nodes: vec![StructNode {
                role: "Document",
                parent: None,
                children: Vec::new(),
            }],
            container: 0,
            leaf: None,
            leaf_links: Vec::new(),
        }
    }

    /// A new structure element of `role` under `parent`.
    fn node_under(&mut self, parent: u32, role: &'static str) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(StructNode {
            role,
            parent: Some(parent),
            children: Vec::new(),
        });
        if role != "Link" {
            self.nodes[parent as usize].children.push(id);
        }
        id
    }

    /// A new structure element in the current container.
    fn node(&mut self, role: &'static str) -> u32 {
        self.node_under(self.container, role)
    }

    /// Text laid out from now on belongs to `leaf`.
    fn set_leaf(&mut self, leaf: Option<u32>) {
        self.leaf = leaf;
        self.leaf_links.clear();
    }

    /// The `Link` element for `target` in the current leaf.
    fn link_node(&mut self, target: &str) -> Option<u32> {
        let leaf = self.leaf?;
        if let Some((_, id)) = self.leaf_links.iter().find(|(t, _)| t == target) {
            return Some(*id);
        }
        let id = self.node_under(leaf, "Link");
        self.leaf_links.push((target.to_string(), id));
        Some(id)
    }

    fn run(&mut self) -> Result<LaidOut, TypesetError> {
        let p = self.doc.page;
        let frame = Frame {
            left: p.margin_left,
            width: p.width - p.margin_left - p.margin_right,
            list_depth: 0,
        };
        let mut boxes = Vec::new();
        for block in &self.doc.blocks {
            self.block(block, frame, &mut boxes)?;
        }
        let pages = self.paginate(boxes);
        Ok(self.finish(pages))
    }

    // ---------------------------------------------------------------- blocks

    fn block(
        &mut self,
        block: &Block,
        frame: Frame,
        out: &mut Vec<VBox>,
    ) -> Result<(), TypesetError> {
        match block {
            Block::Heading(h) => self.heading(h, frame, out),
            Block::Paragraph(p) => self.paragraph(p, frame, out),
            Block::List(l) => self.list(l, frame, out),
            Block::Table(t) => self.table(t, frame, out),
            Block::Rule => {
                let mut b = VBox::new(10.0, Role::Other);
                b.items.push(RelItem::Line {
                    x1: frame.left,
                    y1: 5.0,
                    x2: frame.left + frame.width,
                    y2: 5.0,
                    width: 0.5,
                });
                b.space_before = 2.0;
                b.space_after = 2.0;
                out.push(b);
                Ok(())
            }
            Block::Spacer(pt) => {
                if !pt.is_finite() || *pt < 0.0 {
                    return Err(TypesetError::InvalidDimension {
                        what: "spacer height",
                        value: *pt,
                    });
                }
                let mut b = VBox::new(*pt, Role::Other);
                b.discardable = true;
                out.push(b);
                Ok(())
            }
            Block::SignatureBlock(lines) => {
                self.signatures(lines, frame, out);
                Ok(())
            }
            Block::PageBreak => {
                let mut b = VBox::new(0.0, Role::Other);
                b.page_break = true;
                out.push(b);
                Ok(())
            }
            Block::KeepTogether(blocks) => {
                let start = out.len();
                for b in blocks {
                    self.block(b, frame, out)?;
                }
                let end = out.len();
                if end > start {
                    for b in &mut out[start..end - 1] {
                        b.keep_with_next = true;
                    }
                }
                Ok(())
            }
        }
    }

    fn heading(
        &mut self,
        h: &Heading,
        frame: Frame,
        out: &mut Vec<VBox>,
    ) -> Result<(), TypesetError> {
        let (size, before, after) = match h.level {
            1 => (15.0, 12.0, 6.0),
            2 => (13.0, 10.0, 4.0),
            3 => (11.5, 8.0, 3.0),
            level => {
                return Err(TypesetError::InvalidHeadingLevel {
                    level,
                    text: plain_text(&h.runs),
                })
            }
        };
        let runs: Vec<_> = h
            .runs
            .iter()
            .map(|r| {
                let mut r = r.clone();
                r.bold = true;
                r
            })
            .collect();
        let role = match h.level {
            1 => "H1",
            2 => "H2",
            _ => "H3",
        };
        let node = self.node(role);
        self.set_leaf(Some(node));
        let lines = self.text_lines(&runs, size, frame.left, frame.width, Align::Left);
        self.set_leaf(None);
        let mut lines = lines?;
        let n = lines.len();
        for (i, b) in lines.iter_mut().enumerate() {
            b.role = Role::Heading;
            b.keep_with_next = true;
            if i == 0 {
                b.space_before = before;
                b.anchor = h.anchor.clone();
                if h.bookmark {
                    b.outline = Some((h.level, plain_text(&h.runs)));
                }
            }
            if i + 1 == n {
                b.space_after = after;
            }
        }
        out.extend(lines);
        Ok(())
    }

    fn paragraph(
        &mut self,
        p: &Paragraph,
        frame: Frame,
        out: &mut Vec<VBox>,
    ) -> Result<(), TypesetError> {
        if !p.size.is_finite() || !(4.0..=72.0).contains(&p.size) {
            return Err(TypesetError::InvalidDimension {
                what: "paragraph font size",
                value: p.size,
            });
        }
        for (what, value) in [
            ("paragraph indent", p.indent),
            ("space before paragraph", p.space_before),
            ("space after paragraph", p.space_after),
        ] {
            if !value.is_finite() || value < 0.0 {
                return Err(TypesetError::InvalidDimension { what, value });
            }
        }
        let indent = p.indent.min(frame.width - 36.0).max(0.0);
        let node = self.node("P");
        self.set_leaf(Some(node));
        let lines = self.text_lines(
            &p.runs,
            p.size,
            frame.left + indent,
            frame.width - indent,
            p.align,
        );
        self.set_leaf(None);
        let mut lines = lines?;
        self.paragraph_serial += 1;
        let serial = self.paragraph_serial;
        let n = lines.len() as u32;
        for (i, b) in lines.iter_mut().enumerate() {
            let i = i as u32;
            b.role = Role::ParagraphLine {
                paragraph: serial,
                index: i,
                count: n,
            };
            b.keep_with_next = n > 1 && (i == 0 || i + 2 == n);
            if i == 0 {
                b.space_before = p.space_before;
                b.anchor = p.anchor.clone();
                b.outline = p.outline.clone();
            }
            if i + 1 == n {
                b.space_after = p.space_after;
                b.keep_with_next |= p.keep_with_next;
            }
        }
        out.extend(lines);
        Ok(())
    }

    fn list(&mut self, l: &List, frame: Frame, out: &mut Vec<VBox>) -> Result<(), TypesetError> {
        let inner = Frame {
            left: frame.left + LIST_INDENT,
            width: (frame.width - LIST_INDENT).max(36.0),
            list_depth: frame.list_depth + 1,
        };
        let list_node = self.node("L");
        let outer = self.container;
        for (i, item) in l.items.iter().enumerate() {
            let li = self.node_under(list_node, "LI");
            let lbl = self.node_under(li, "Lbl");
            let body = self.node_under(li, "LBody");
            let number = l.start.saturating_add(i as u32);
            let label = match l.kind {
                // The reference minutes bullet nested points too.
                ListKind::Bullet => "•".to_string(),
                ListKind::Numbered => format!("{number})"),
                ListKind::Lettered => format!("({})", letters(number)),
            };
            let start = out.len();
            self.container = body;
            let laid: Result<(), TypesetError> =
                item.iter().try_for_each(|b| self.block(b, inner, out));
            self.container = outer;
            laid?;
            if out.len() == start {
                // An empty item still shows its marker.
                let h = Paragraph::BODY_SIZE * LEADING;
                let mut b = VBox::new(h, Role::Other);
                b.first_baseline = Some(self.baseline(FontStyle::Regular, Paragraph::BODY_SIZE));
                b.space_after = 6.0;
                out.push(b);
            }
            let (size, bold) = first_text_style(item);
            let style = FontStyle::from_flags(bold, false);
            let first = &mut out[start];
            let baseline = first
                .first_baseline
                .unwrap_or_else(|| self.fonts.ascent(style, size));
            let width = self.fonts.width(style, size, &label);
            let x = match l.kind {
                ListKind::Bullet => frame.left + 6.0,
                ListKind::Numbered | ListKind::Lettered => frame.left,
            };
            // Keep a long marker ("(viii)") clear of the text.
            let x = x.min(inner.left - width - 2.0).max(frame.left - 8.0);
            first.items.push(RelItem::Text(TextRun {
                x,
                y: baseline,
                style,
                size,
                text: label,
                word_spacing: 0.0,
                width,
                node: Some(lbl),
            }));
        }
        Ok(())
    }

    fn table(&mut self, t: &Table, frame: Frame, out: &mut Vec<VBox>) -> Result<(), TypesetError> {
        let sum: f32 = t.columns.iter().sum();
        if t.columns.is_empty()
            || !sum.is_finite()
            || sum <= 0.0
            || t.columns.iter().any(|c| !c.is_finite() || *c <= 0.0)
        {
            return Err(TypesetError::InvalidTable {
                reason: format!(
                    "column widths must be positive fractions, got {:?}",
                    t.columns
                ),
            });
        }
        if let Some((i, row)) = t
            .rows
            .iter()
            .enumerate()
            .find(|(_, r)| r.len() > t.columns.len())
        {
            return Err(TypesetError::InvalidTable {
                reason: format!(
                    "row {} has {} cells but the table has {} columns",
                    i + 1,
                    row.len(),
                    t.columns.len()
                ),
            });
        }
        let widths: Vec<f32> = t.columns.iter().map(|c| c / sum * frame.width).collect();
        let mut header_index = None;
        let table_node = self.node("Table");
        for (r, row) in t.rows.iter().enumerate() {
            let is_header = t.header && r == 0;
            let row_node = self.node_under(table_node, "TR");
            let mut cells = Vec::new();
            let mut height: f32 = 0.0;
            let mut x = frame.left;
            for (c, w) in widths.iter().enumerate() {
                let runs: Vec<_> = match row.get(c) {
                    Some(runs) => runs
                        .iter()
                        .map(|run| {
                            let mut run = run.clone();
                            run.bold |= is_header;
                            run
                        })
                        .collect(),
                    None => Vec::new(),
                };
                let inner_w = (w - 2.0 * CELL_PAD_X).max(8.0);
                let cell = self.node_under(row_node, if is_header { "TH" } else { "TD" });
                self.set_leaf(Some(cell));
                let lines =
                    self.text_lines(&runs, TABLE_SIZE, x + CELL_PAD_X, inner_w, Align::Left);
                self.set_leaf(None);
                let lines = lines?;
                let h: f32 = lines.iter().map(|b| b.height).sum();
                height = height.max(h + 2.0 * CELL_PAD_Y);
                cells.push((x, *w, lines));
                x += w;
            }
            let mut b = VBox::new(height, Role::TableRow);
            for (x, w, lines) in cells {
                let mut y = CELL_PAD_Y;
                for line in lines {
                    for item in line.items {
                        b.items.push(shift(item, y));
                    }
                    for link in line.links {
                        b.links.push(RelLink {
                            top: link.top + y,
                            bottom: link.bottom + y,
                            ..link
                        });
                    }
                    y += line.height;
                }
                if t.borders {
                    b.items.push(RelItem::Rect {
                        x,
                        top: 0.0,
                        w,
                        h: height,
                        width: 0.5,
                    });
                }
            }
            if !t.borders && is_header {
                b.items.push(RelItem::Line {
                    x1: frame.left,
                    y1: height,
                    x2: frame.left + frame.width,
                    y2: height,
                    width: 0.5,
                });
            }
            if r == 0 {
                b.space_before = 4.0;
            }
            if r + 1 == t.rows.len() {
                b.space_after = 8.0;
            }
            if is_header {
                b.keep_with_next = true;
                self.table_headers.push(b.clone());
                header_index = Some(self.table_headers.len() - 1);
            } else {
                b.table_header = header_index;
            }
            out.push(b);
        }
        Ok(())
    }

    fn signatures(&mut self, lines: &[SignatureLine], frame: Frame, out: &mut Vec<VBox>) {
        let size = Paragraph::BODY_SIZE;
        let label_w = lines
            .iter()
            .map(|l| self.fonts.width(FontStyle::Bold, size, &l.label))
            .fold(0.0_f32, f32::max)
            + 10.0;
        let right = frame.left + frame.width;
        let date_label = "Date";
        let date_label_w = self.fonts.width(FontStyle::Regular, size, date_label);
        let date_line_w = (frame.width * 0.25).min(130.0);
        let date_line_x = right - date_line_w;
        let date_label_x = date_line_x - date_label_w - 6.0;
        let sign_x = frame.left + label_w.min(frame.width * 0.3);
        let sign_end = (date_label_x - 16.0).max(sign_x + 20.0);
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            let mut b = VBox::new(50.0, Role::Other);
            let base = 30.0;
            b.first_baseline = Some(base);
            let node = self.node("P");
            self.set_leaf(Some(node));
            // Text in reading order (label, name, date), lines as artifacts.
            b.items
                .push(self.rel_text(FontStyle::Bold, size, frame.left, base, &line.label));
            let name = self.clip_text(FontStyle::Regular, 10.0, &line.name, sign_end - sign_x);
            b.items
                .push(self.rel_text(FontStyle::Regular, 10.0, sign_x, base + 15.0, &name));
            b.items.push(RelItem::Line {
                x1: sign_x,
                y1: base + 2.0,
                x2: sign_end,
                y2: base + 2.0,
                width: 0.5,
            });
            b.items
                .push(self.rel_text(FontStyle::Regular, size, date_label_x, base, date_label));
            b.items.push(RelItem::Line {
                x1: date_line_x,
                y1: base + 2.0,
                x2: right,
                y2: base + 2.0,
                width: 0.5,
            });
            if let Some(date) = &line.date {
                let date = self.clip_text(FontStyle::Regular, size, date, date_line_w - 4.0);
                b.items.push(self.rel_text(
                    FontStyle::Regular,
                    size,
                    date_line_x + 4.0,
                    base - 1.0,
                    &date,
                ));
            }
            self.set_leaf(None);
            b.keep_with_next = i + 1 < n;
            if i == 0 {
                b.space_before = 12.0;
            }
            b.space_after = 4.0;
            out.push(b);
        }
    }

    // ---------------------------------------------------------------- text

    fn baseline(&self, style: FontStyle, size: f32) -> f32 {
        let asc = self.fonts.ascent(style, size);
        let desc = self.fonts.descent(style, size);
        (size * LEADING - (asc + desc)) / 2.0 + asc
    }

    fn rel_text(&self, style: FontStyle, size: f32, x: f32, y: f32, text: &str) -> RelItem {
        let text = self.sanitise(style, text);
        let width = self.fonts.width(style, size, &text);
        RelItem::Text(TextRun {
            x,
            y,
            style,
            size,
            text,
            word_spacing: 0.0,
            width,
            node: self.leaf,
        })
    }

    /// Shortens `text` with an ellipsis so it fits in `max` points.
    fn clip_text(&self, style: FontStyle, size: f32, text: &str, max: f32) -> String {
        if self.fonts.width(style, size, text) <= max {
            return text.to_string();
        }
        let mut s: String = text.to_string();
        while !s.is_empty() {
            s.pop();
            let candidate = format!("{}…", s.trim_end());
            if self.fonts.width(style, size, &candidate) <= max {
                return candidate;
            }
        }
        String::new()
    }

    /// Replaces characters the face cannot show with `?` and drops control characters.
    fn sanitise(&self, style: FontStyle, text: &str) -> String {
        text.chars()
            .filter(|c| !c.is_control())
            .map(|c| {
                if self.fonts.has_glyph(style, c) {
                    c
                } else {
                    '?'
                }
            })
            .collect()
    }

    /// Resolves a run's text (page references become numbers).
    fn run_text(&mut self, run: &super::model::Run) -> String {
        match &run.page_ref {
            Some(anchor) => {
                self.used_page_refs = true;
                match self.known.get(anchor) {
                    Some(page) => page.to_string(),
                    None => {
                        if !self.missing_refs.contains(anchor) {
                            self.missing_refs.push(anchor.clone());
                        }
                        "00".to_string()
                    }
                }
            }
            None => run.text.clone(),
        }
    }

    fn tokenise(&mut self, runs: &[super::model::Run]) -> Vec<Tok> {
        let mut toks: Vec<Tok> = Vec::new();
        let mut word: Vec<Frag> = Vec::new();
        for run in runs {
            let style = FontStyle::from_flags(run.bold, run.italic);
            let text = self.run_text(run);
            for c in text.chars() {
                match c {
                    ' ' | '\t' | '\r' => {
                        if !word.is_empty() {
                            toks.push(Tok::Word(std::mem::take(&mut word)));
                        }
                        if !matches!(toks.last(), Some(Tok::Space(..)) | Some(Tok::Break) | None) {
                            toks.push(Tok::Space(style, run.link.clone()));
                        }
                    }
                    '\n' => {
                        if !word.is_empty() {
                            toks.push(Tok::Word(std::mem::take(&mut word)));
                        }
                        if matches!(toks.last(), Some(Tok::Space(..))) {
                            toks.pop();
                        }
                        toks.push(Tok::Break);
                    }
                    c if c.is_control() => {}
                    // A no-break space binds its neighbours into one word
                    // and is written as a plain space (text comes back out
                    // of the PDF with ordinary spaces).
                    '\u{a0}' => match word.last_mut() {
                        Some(f) if f.style == style && f.link == run.link => f.text.push(' '),
                        _ => word.push(Frag {
                            text: " ".to_string(),
                            style,
                            link: run.link.clone(),
                        }),
                    },
                    c => {
                        let c = if self.fonts.has_glyph(style, c) {
                            c
                        } else {
                            '?'
                        };
                        match word.last_mut() {
                            Some(f) if f.style == style && f.link == run.link => f.text.push(c),
                            _ => word.push(Frag {
                                text: c.to_string(),
                                style,
                                link: run.link.clone(),
                            }),
                        }
                    }
                }
            }
        }
        if !word.is_empty() {
            toks.push(Tok::Word(word));
        }
        while matches!(toks.last(), Some(Tok::Space(..))) {
            toks.pop();
        }
        toks
    }

    fn frag_width(&self, f: &Frag, size: f32) -> f32 {
        self.fonts.width(f.style, size, &f.text)
    }

    /// Breaks runs into line boxes of `width` starting at `left`.
    fn text_lines(
        &mut self,
        runs: &[super::model::Run],
        size: f32,
        left: f32,
        width: f32,
        align: Align,
    ) -> Result<Vec<VBox>, TypesetError> {
        let toks = self.tokenise(runs);
        // Greedy first-fit line breaking.
        let mut lines: Vec<(Vec<LineEl>, bool)> = Vec::new(); // (elements, ends with hard break)
        let mut cur: Vec<LineEl> = Vec::new();
        let mut cur_w = 0.0_f32;
        let mut pending_space: Option<(FontStyle, Option<String>)> = None;
        for tok in toks {
            match tok {
                Tok::Space(style, link) => {
                    if !cur.is_empty() {
                        pending_space = Some((style, link));
                    }
                }
                Tok::Break => {
                    lines.push((std::mem::take(&mut cur), true));
                    cur_w = 0.0;
                    pending_space = None;
                }
                Tok::Word(frags) => {
                    let ww: f32 = frags.iter().map(|f| self.frag_width(f, size)).sum();
                    let sw = pending_space
                        .as_ref()
                        .map(|(s, _)| self.fonts.width(*s, size, " "))
                        .unwrap_or(0.0);
                    if !cur.is_empty() && cur_w + sw + ww <= width + EPS {
                        if let Some((s, l)) = pending_space.take() {
                            cur.push(LineEl::Space(s, l));
                        }
                        cur.extend(frags.into_iter().map(LineEl::Frag));
                        cur_w += sw + ww;
                        continue;
                    }
                    pending_space = None;
                    if !cur.is_empty() {
                        lines.push((std::mem::take(&mut cur), false));
                    }
                    if ww <= width + EPS {
                        cur.extend(frags.into_iter().map(LineEl::Frag));
                        cur_w = ww;
                    } else {
                        // A word longer than the line: break it between characters.
                        let (mut full, rest, rest_w) = self.split_long_word(frags, size, width);
                        lines.append(&mut full);
                        cur = rest;
                        cur_w = rest_w;
                    }
                }
            }
        }
        if !cur.is_empty() || lines.is_empty() {
            lines.push((cur, true));
        }
        let n = lines.len();
        let mut boxes = Vec::with_capacity(n);
        for (i, (els, hard)) in lines.into_iter().enumerate() {
            let justify = align == Align::Justify && !hard && i + 1 < n;
            boxes.push(self.line_box(els, size, left, width, align, justify));
        }
        Ok(boxes)
    }

    /// Splits an over-long word into full lines plus a remainder.
    #[allow(clippy::type_complexity)]
    fn split_long_word(
        &self,
        frags: Vec<Frag>,
        size: f32,
        width: f32,
    ) -> (Vec<(Vec<LineEl>, bool)>, Vec<LineEl>, f32) {
        let mut full = Vec::new();
        let mut cur: Vec<LineEl> = Vec::new();
        let mut cur_w = 0.0;
        for f in frags {
            let mut piece = String::new();
            for c in f.text.chars() {
                let mut trial = piece.clone();
                trial.push(c);
                let w = self.fonts.width(f.style, size, &trial);
                if cur_w + w > width + EPS && (!piece.is_empty() || !cur.is_empty()) {
                    if !piece.is_empty() {
                        cur.push(LineEl::Frag(Frag {
                            text: std::mem::take(&mut piece),
                            style: f.style,
                            link: f.link.clone(),
                        }));
                    }
                    full.push((std::mem::take(&mut cur), false));
                    cur_w = 0.0;
                    piece.push(c);
                } else {
                    piece = trial;
                }
            }
            if !piece.is_empty() {
                cur_w += self.fonts.width(f.style, size, &piece);
                cur.push(LineEl::Frag(Frag {
                    text: piece,
                    style: f.style,
                    link: f.link.clone(),
                }));
            }
        }
        (full, cur, cur_w)
    }

    /// Turns a broken line into a box of text runs.
    fn line_box(
        &mut self,
        els: Vec<LineEl>,
        size: f32,
        left: f32,
        width: f32,
        align: Align,
        justify: bool,
    ) -> VBox {
        // Merge neighbours with the same face and link into runs.
        let mut runs: Vec<(String, FontStyle, Option<String>)> = Vec::new();
        for el in els {
            let (text, style, link) = match el {
                LineEl::Frag(f) => (f.text, f.style, f.link),
                LineEl::Space(s, l) => {
                    // A space joins the run before it.
                    if let Some(last) = runs.last_mut() {
                        last.0.push(' ');
                        continue;
                    }
                    (" ".to_string(), s, l)
                }
            };
            match runs.last_mut() {
                Some(last) if last.1 == style && last.2 == link => last.0.push_str(&text),
                _ => runs.push((text, style, link)),
            }
        }
        let widths: Vec<f32> = runs
            .iter()
            .map(|(t, s, _)| self.fonts.width(*s, size, t))
            .collect();
        let natural: f32 = widths.iter().sum();
        let spaces: usize = runs
            .iter()
            .map(|(t, _, _)| t.chars().filter(|c| *c == ' ').count())
            .sum();
        let word_spacing = if justify && spaces > 0 && natural < width {
            (width - natural) / spaces as f32
        } else {
            0.0
        };
        let mut x = match align {
            Align::Left | Align::Justify => left,
            Align::Centre => left + ((width - natural) / 2.0).max(0.0),
            Align::Right => left + (width - natural).max(0.0),
        };
        let height = size * LEADING;
        let baseline = self.baseline(FontStyle::Regular, size);
        let mut b = VBox::new(height, Role::Other);
        b.first_baseline = Some(baseline);
        let asc = self.fonts.ascent(FontStyle::Regular, size);
        let desc = self.fonts.descent(FontStyle::Regular, size);
        for ((text, style, link), w) in runs.into_iter().zip(widths) {
            let n_spaces = text.chars().filter(|c| *c == ' ').count();
            let w = w + n_spaces as f32 * word_spacing;
            let mut node = self.leaf;
            if let Some(target) = link {
                let link_node = self.link_node(&target);
                node = link_node.or(node);
                b.links.push(RelLink {
                    x0: x,
                    top: baseline - asc,
                    x1: x + w,
                    bottom: baseline + desc,
                    target,
                    node: link_node,
                });
            }
            b.items.push(RelItem::Text(TextRun {
                x,
                y: baseline,
                style,
                size,
                text,
                word_spacing,
                width: w,
                node,
            }));
            x += w;
        }
        b
    }

    // ---------------------------------------------------------------- pages

    fn paginate(&self, boxes: Vec<VBox>) -> Vec<Vec<(VBox, f32)>> {
        let p = self.doc.page;
        let avail = p.height - p.margin_top - p.margin_bottom;
        let mut pages: Vec<Vec<(VBox, f32)>> = Vec::new();
        let mut cur: Vec<(VBox, f32)> = Vec::new();
        for b in boxes {
            if b.page_break {
                if !cur.is_empty() {
                    pages.push(std::mem::take(&mut cur));
                }
                continue;
            }
            self.place(b, &mut cur, &mut pages, avail);
        }
        if !cur.is_empty() || pages.is_empty() {
            pages.push(cur);
        }
        pages
    }

    fn place(
        &self,
        b: VBox,
        cur: &mut Vec<(VBox, f32)>,
        pages: &mut Vec<Vec<(VBox, f32)>>,
        avail: f32,
    ) {
        if cur.is_empty() {
            if b.discardable {
                return;
            }
            if let Some(h) = b.table_header {
                if let Some(header) = self.table_headers.get(h) {
                    let mut header = header.clone();
                    header.keep_with_next = true;
                    // The repeat is a pagination artifact: the header row is
                    // tagged once, where the table starts.
                    for item in &mut header.items {
                        if let RelItem::Text(t) = item {
                            t.node = None;
                        }
                    }
                    header.links.clear();
                    cur.push((header, 0.0));
                }
            }
        }
        let top = match cur.last() {
            Some((prev, prev_top)) => prev_top + prev.height + prev.space_after.max(b.space_before),
            None => 0.0,
        };
        if top + b.height <= avail + EPS || cur.is_empty() {
            cur.push((b, top));
            return;
        }
        // Does not fit: carry the unbreakable chain at the bottom of the page along.
        let mut j = cur.len();
        while j > 0 && cur[j - 1].0.keep_with_next {
            j -= 1;
        }
        let carry = if j == 0 { Vec::new() } else { cur.split_off(j) };
        pages.push(std::mem::take(cur));
        for (c, _) in carry {
            self.place(c, cur, pages, avail);
        }
        self.place(b, cur, pages, avail);
    }

    fn finish(&self, raw: Vec<Vec<(VBox, f32)>>) -> LaidOut {
        let p = self.doc.page;
        let h = p.height;
        let area = TextArea {
            left: p.margin_left,
            right: p.width - p.margin_right,
            top: h - p.margin_top,
            bottom: p.margin_bottom,
        };
        let total = raw.len() as u32;
        let mut anchors = BTreeMap::new();
        let mut outline = Vec::new();
        let mut pages = Vec::with_capacity(raw.len());
        for (pi, boxes) in raw.into_iter().enumerate() {
            let page_no = pi as u32 + 1;
            let mut page = Page::default();
            for (b, top) in boxes {
                let top_abs = p.margin_top + top;
                if let Some(a) = &b.anchor {
                    anchors.entry(a.clone()).or_insert(page_no);
                }
                if let Some((level, title)) = &b.outline {
                    outline.push(OutlineEntry {
                        level: *level,
                        title: title.clone(),
                        page: page_no,
                        y: h - top_abs,
                    });
                }
                page.boxes.push(BoxInfo {
                    role: b.role,
                    top: h - top_abs,
                    bottom: h - top_abs - b.height,
                });
                for item in b.items {
                    page.items.push(to_page(item, top_abs, h));
                }
                for l in b.links {
                    page.links.push(LinkArea {
                        rect: [l.x0, h - (top_abs + l.bottom), l.x1, h - (top_abs + l.top)],
                        target: l.target,
                        node: l.node,
                    });
                }
            }
            let shown = |r: &&Running| !(r.skip_first_page && page_no == 1);
            if let Some(r) = self.doc.header.as_ref().filter(shown) {
                self.running(r, page_no, total, h - p.margin_top * 0.55, false, &mut page);
            }
            if let Some(r) = self.doc.footer.as_ref().filter(shown) {
                self.running(r, page_no, total, p.margin_bottom * 0.42, true, &mut page);
            }
            pages.push(page);
        }
        LaidOut {
            page_width: p.width,
            page_height: h,
            text_area: area,
            pages,
            anchors,
            outline,
            structure: self.nodes.clone(),
        }
    }

    fn running(
        &self,
        r: &Running,
        page: u32,
        pages: u32,
        baseline: f32,
        footer: bool,
        out: &mut Page,
    ) {
        let p = self.doc.page;
        let left = p.margin_left;
        let right = p.width - p.margin_right;
        let fill = |t: &str| {
            t.replace("{page}", &page.to_string())
                .replace("{pages}", &pages.to_string())
        };
        let style = FontStyle::Regular;
        let size = RUNNING_SIZE;
        let third = (right - left) / 3.0;
        let mut put = |text: &str, slot: u8| {
            if text.is_empty() {
                return;
            }
            let max = if slot == 1 { third } else { third * 1.5 - 6.0 };
            let text = self.clip_text(style, size, &self.sanitise(style, &fill(text)), max);
            let w = self.fonts.width(style, size, &text);
            let x = match slot {
                0 => left,
                1 => left + (right - left - w) / 2.0,
                _ => right - w,
            };
            out.artifacts.push(Item::Text(TextRun {
                x,
                y: baseline,
                style,
                size,
                text,
                word_spacing: 0.0,
                width: w,
                node: None,
            }));
        };
        put(&r.left, 0);
        put(&r.centre, 1);
        put(&r.right, 2);
        if footer {
            if let Some(label) = &r.initials_box {
                let label_size = 7.0;
                let label = self.sanitise(style, label);
                let w = (self.fonts.width(style, label_size, &label) + 8.0).max(90.0);
                let h = 26.0;
                let y = baseline + RUNNING_SIZE + 2.0;
                let x = right - w;
                out.artifacts.push(Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    width: 0.6,
                });
                let lw = self.fonts.width(style, label_size, &label);
                out.artifacts.push(Item::Text(TextRun {
                    x: x + 4.0,
                    y: y + h - label_size - 1.5,
                    style,
                    size: label_size,
                    text: label,
                    word_spacing: 0.0,
                    width: lw,
                    node: None,
                }));
            }
        }
    }
}

fn shift(item: RelItem, dy: f32) -> RelItem {
    match item {
        RelItem::Text(mut t) => {
            t.y += dy;
            RelItem::Text(t)
        }
        RelItem::Line {
            x1,
            y1,
            x2,
            y2,
            width,
        } => RelItem::Line {
            x1,
            y1: y1 + dy,
            x2,
            y2: y2 + dy,
            width,
        },
        RelItem::Rect {
            x,
            top,
            w,
            h,
            width,
        } => RelItem::Rect {
            x,
            top: top + dy,
            w,
            h,
            width,
        },
    }
}

fn to_page(item: RelItem, top_abs: f32, h: f32) -> Item {
    match item {
        RelItem::Text(mut t) => {
            t.y = h - (top_abs + t.y);
            Item::Text(t)
        }
        RelItem::Line {
            x1,
            y1,
            x2,
            y2,
            width,
        } => Item::Line {
            from: (x1, h - (top_abs + y1)),
            to: (x2, h - (top_abs + y2)),
            width,
        },
        RelItem::Rect {
            x,
            top,
            w,
            h: rh,
            width,
        } => Item::Rect {
            x,
            y: h - (top_abs + top + rh),
            w,
            h: rh,
            width,
        },
    }
}

/// "a".."z", then "aa", "ab", … for item numbers.
fn letters(n: u32) -> String {
    let mut n = n.max(1);
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    s.iter().rev().collect()
}

/// The concatenated text of runs (page references shown as `#anchor`).
pub(crate) fn plain_text(runs: &[super::model::Run]) -> String {
    runs.iter()
        .map(|r| match &r.page_ref {
            Some(a) => format!("#{a}"),
            None => r.text.clone(),
        })
        .collect::<String>()
        .replace('\n', " ")
}

/// Size and boldness of a list item's first text, for its marker.
fn first_text_style(item: &[Block]) -> (f32, bool) {
    match item.first() {
        Some(Block::Paragraph(p)) => {
            let bold =
                !p.runs.is_empty() && p.runs.iter().all(|r| r.bold || r.text.trim().is_empty());
            (p.size, bold)
        }
        Some(Block::KeepTogether(inner)) => first_text_style(inner),
        _ => (Paragraph::BODY_SIZE, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_run_on_past_z() {
        assert_eq!(letters(1), "a");
        assert_eq!(letters(26), "z");
        assert_eq!(letters(27), "aa");
    }
}
