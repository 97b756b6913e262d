//! Writer: laid-out pages → PDF bytes.
//!
//! Pages, fonts (embedded, subset, with a ToUnicode map) and link annotations
//! are written with printpdf. printpdf cannot set the document language,
//! `DisplayDocTitle`, a nested outline or a deterministic trailer `/ID`, so
//! printpdf's in-memory lopdf document gets those entries added (and its
//! streams compressed at a fast zlib level) before it is saved.

use std::collections::{BTreeMap, BTreeSet};

use lopdf_printpdf::{dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, ColorArray, Destination, FontId, Line, LinePoint, LinkAnnotation, Op,
    PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect,
    TextItem, TextMatrix,
};
use sha2::{Digest, Sha256};

use super::fonts::{FontSet, FontStyle};
use super::layout::{Item, LaidOut, OutlineEntry, TextRun};
use super::model::Metadata;
use super::TypesetError;

/// Producer and creator written into the document information.
const PRODUCER: &str = "AgendaPack";

/// Writes `laid` as PDF bytes.
pub(crate) fn write_pdf(
    fonts: &FontSet,
    laid: &LaidOut,
    meta: &Metadata,
) -> Result<Vec<u8>, TypesetError> {
    let mut pdf = PdfDocument::new(&meta.title);
    set_info(&mut pdf, meta)?;

    // Register only the faces in use, under resource names derived from the
    // characters they show (the first six letters double as the subset tag).
    let mut used: BTreeMap<FontStyle, BTreeSet<char>> = BTreeMap::new();
    for page in &laid.pages {
        for item in page.items.iter().chain(page.artifacts.iter()) {
            if let Item::Text(t) = item {
                used.entry(t.style).or_default().extend(t.text.chars());
            }
        }
    }
    let mut font_ids: BTreeMap<FontStyle, FontId> = BTreeMap::new();
    for (style, chars) in &used {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(style.bytes(), 0, &mut warnings).ok_or_else(|| {
            TypesetError::Font {
                face: style.name(),
                reason: format!("printpdf could not parse the face: {warnings:?}"),
            }
        })?;
        let id = FontId(subset_tag(*style, chars));
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), printpdf::PdfFont::new(parsed));
        font_ids.insert(*style, id);
    }

    let width_mm = printpdf::Mm::from(Pt(laid.page_width));
    let height_mm = printpdf::Mm::from(Pt(laid.page_height));
    let mut tags = Tags::new(&laid.structure);
    for (page_index, page) in laid.pages.iter().enumerate() {
        let mut ops = Vec::new();
        // Body content in runs of one structure element, each a marked-content
        // sequence with its MCID; rules, borders and signature lines are artifacts.
        let mut mcid = 0i64;
        let mut rest = &page.items[..];
        while let Some(first) = rest.first() {
            let mark = item_node(first);
            let n = rest
                .iter()
                .position(|i| item_node(i) != mark)
                .unwrap_or(rest.len());
            let (group, tail) = rest.split_at(n);
            rest = tail;
            match mark {
                Some(node) => {
                    let role = laid.structure[node as usize].role;
                    let mut map = BTreeMap::new();
                    map.insert("MCID".to_string(), printpdf::DictItem::Int(mcid));
                    ops.push(Op::BeginMarkedContentWithProperties {
                        tag: role.to_string(),
                        properties: printpdf::DictItem::Dict { map },
                    });
                    tags.content(node, page_index, mcid);
                    mcid += 1;
                }
                None => ops.push(Op::BeginMarkedContent {
                    tag: "Artifact".to_string(),
                }),
            }
            draw_items(group, fonts, &font_ids, &mut ops);
            ops.push(Op::EndMarkedContent);
        }
        if !page.artifacts.is_empty() {
            ops.push(Op::BeginMarkedContentWithProperties {
                tag: "Artifact".to_string(),
                properties: printpdf::DictItem::Dict {
                    map: BTreeMap::from([(
                        "Type".to_string(),
                        printpdf::DictItem::Name(b"Pagination".to_vec()),
                    )]),
                },
            });
            draw_items(&page.artifacts, fonts, &font_ids, &mut ops);
            ops.push(Op::EndMarkedContent);
        }
        tags.page_done();
        for link in &page.links {
            let action = match link.target.strip_prefix('#') {
                Some(anchor) => match laid.anchors.get(anchor) {
                    Some(p) => Actions::Goto(Destination::Xyz {
                        page: *p as usize,
                        left: None,
                        top: None,
                        zoom: None,
                    }),
                    // Points outside this document: left to a later stage.
                    None => continue,
                },
                None => Actions::Uri(link.target.clone()),
            };
            let [x0, y0, x1, y1] = link.rect;
            tags.annotation(link.node, page_index);
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    Rect::from_xywh(Pt(x0), Pt(y0), Pt(x1 - x0), Pt(y1 - y0)),
                    action,
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    Some(ColorArray::Transparent),
                    None,
                ),
            });
        }
        let mut page = PdfPage::new(width_mm, height_mm, ops);
        // Exact A4 in points (a round trip through millimetres would drift).
        let media = Rect::from_wh(Pt(laid.page_width), Pt(laid.page_height));
        page.media_box = media.clone();
        page.trim_box = media.clone();
        page.crop_box = media;
        pdf.pages.push(page);
    }

    let mut warnings = Vec::new();
    // printpdf's own compression runs zlib at its slowest level; streams are
    // compressed in `finish` instead.
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let doc = pdf.to_lopdf_document(&opts, &mut warnings);
    finish(doc, laid, meta, &tags)
}

fn item_node(item: &Item) -> Option<u32> {
    match item {
        Item::Text(t) => t.node,
        Item::Line { .. } | Item::Rect { .. } => None,
    }
}

/// What goes into an element's `/K`, in reading order.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kid {
    /// A child element.
    Element(u32),
    /// Marked content `mcid` on page `page` (0-based).
    Content { page: usize, mcid: i64 },
    /// Annotation `index` (0-based, in `/Annots` order) of page `page`.
    Annotation { page: usize, index: usize },
}

/// The structure tree as the pages are drawn: each element's kids, and per
/// page the element of each MCID and of each link annotation.
struct Tags<'a> {
    nodes: &'a [super::layout::StructNode],
    kids: Vec<Vec<Kid>>,
    /// Whether an element is in its parent's kids yet (`Link`s join there
    /// where their text first appears).
    placed: Vec<bool>,
    /// Per page: the element of each MCID.
    mcids: Vec<Vec<u32>>,
    current: Vec<u32>,
    /// Per page: the `Link` element of each annotation written.
    annots: Vec<Vec<Option<u32>>>,
}

impl<'a> Tags<'a> {
    fn new(nodes: &'a [super::layout::StructNode]) -> Self {
        let kids = nodes
            .iter()
            .map(|n| n.children.iter().map(|c| Kid::Element(*c)).collect())
            .collect();
        let placed = nodes.iter().map(|n| n.role != "Link").collect();
        Self {
            nodes,
            kids,
            placed,
            mcids: Vec::new(),
            current: Vec::new(),
            annots: Vec::new(),
        }
    }

    fn place(&mut self, node: u32) {
        if !self.placed[node as usize] {
            self.placed[node as usize] = true;
            if let Some(parent) = self.nodes[node as usize].parent {
                self.kids[parent as usize].push(Kid::Element(node));
            }
        }
    }

    fn content(&mut self, node: u32, page: usize, mcid: i64) {
        self.place(node);
        self.kids[node as usize].push(Kid::Content { page, mcid });
        self.current.push(node);
    }

    fn page_done(&mut self) {
        self.mcids.push(std::mem::take(&mut self.current));
        self.annots.push(Vec::new());
    }

    fn annotation(&mut self, node: Option<u32>, page: usize) {
        let Some(list) = self.annots.get_mut(page) else {
            return;
        };
        let index = list.len();
        list.push(node);
        if let Some(node) = node {
            self.place(node);
            self.kids[node as usize].push(Kid::Annotation { page, index });
        }
    }
}

fn set_info(pdf: &mut PdfDocument, meta: &Metadata) -> Result<(), TypesetError> {
    let stamp = meta.created.and_utc().timestamp();
    let date =
        printpdf::OffsetDateTime::from_unix_timestamp(stamp).map_err(|e| TypesetError::Pdf {
            reason: format!("creation date {} cannot be written: {e}", meta.created),
        })?;
    let info = &mut pdf.metadata.info;
    info.document_title = meta.title.clone();
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.keywords = meta.keywords.clone();
    info.creator = PRODUCER.to_string();
    info.producer = PRODUCER.to_string();
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    Ok(())
}

/// Six capital letters from the face and the characters it shows.
fn subset_tag(style: FontStyle, chars: &BTreeSet<char>) -> String {
    let mut h = Sha256::new();
    h.update(style.name().as_bytes());
    for c in chars {
        h.update((*c as u32).to_be_bytes());
    }
    h.finalize()
        .iter()
        .take(6)
        .map(|b| (b'A' + b % 26) as char)
        .collect()
}

fn draw_items(
    items: &[Item],
    fonts: &FontSet,
    font_ids: &BTreeMap<FontStyle, FontId>,
    ops: &mut Vec<Op>,
) {
    let mut in_text = false;
    let mut current: Option<(FontStyle, f32)> = None;
    let mut line_width: Option<f32> = None;
    for item in items {
        match item {
            Item::Text(t) => {
                let Some(id) = font_ids.get(&t.style) else {
                    continue;
                };
                if !in_text {
                    ops.push(Op::StartTextSection);
                    in_text = true;
                    current = None;
                }
                if current != Some((t.style, t.size)) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(id.clone()),
                        size: Pt(t.size),
                    });
                    current = Some((t.style, t.size));
                }
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(t.x), Pt(t.y)),
                });
                ops.push(Op::ShowText {
                    items: text_items(fonts, t),
                });
            }
            Item::Line { from, to, width } => {
                if in_text {
                    ops.push(Op::EndTextSection);
                    in_text = false;
                }
                set_width(ops, &mut line_width, *width);
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(from.0, from.1), point(to.0, to.1)],
                        is_closed: false,
                    },
                });
            }
            Item::Rect { x, y, w, h, width } => {
                if in_text {
                    ops.push(Op::EndTextSection);
                    in_text = false;
                }
                set_width(ops, &mut line_width, *width);
                let mut rect = Rect::from_xywh(Pt(*x), Pt(*y), Pt(*w), Pt(*h));
                rect.mode = Some(PaintMode::Stroke);
                ops.push(Op::DrawRectangle { rectangle: rect });
            }
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
}

fn set_width(ops: &mut Vec<Op>, current: &mut Option<f32>, width: f32) {
    if *current != Some(width) {
        ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        *current = Some(width);
    }
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

/// The `TJ` array of a run: text split at kerning pairs and, when justified,
/// after each space.
fn text_items(fonts: &FontSet, t: &TextRun) -> Vec<TextItem> {
    let kerns = fonts.kerning_pairs(t.style, &t.text);
    let space_adjust = if t.word_spacing != 0.0 {
        -t.word_spacing * 1000.0 / t.size
    } else {
        0.0
    };
    let mut out = Vec::new();
    let mut piece = String::new();
    let mut k = kerns.iter().peekable();
    for (i, c) in t.text.chars().enumerate() {
        let mut adjust = 0.0;
        if let Some((_, a)) = k.next_if(|(idx, _)| *idx == i) {
            adjust += a;
        }
        if i > 0 && space_adjust != 0.0 && piece.ends_with(' ') {
            adjust += space_adjust;
        }
        if adjust != 0.0 {
            if !piece.is_empty() {
                out.push(TextItem::Text(std::mem::take(&mut piece)));
            }
            out.push(TextItem::Offset(adjust));
        }
        piece.push(c);
    }
    if !piece.is_empty() {
        out.push(TextItem::Text(piece));
    }
    out
}

/// Adds what printpdf cannot write, and a deterministic `/ID`.
fn finish(
    mut doc: lopdf_printpdf::Document,
    laid: &LaidOut,
    meta: &Metadata,
    tags: &Tags<'_>,
) -> Result<Vec<u8>, TypesetError> {
    let pdf_err = |reason: String| TypesetError::Pdf { reason };
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| pdf_err(format!("no catalogue in printpdf output: {e}")))?;
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();

    let outline_root = write_outline(&mut doc, &laid.outline, &page_ids);
    let struct_root = write_structure(&mut doc, tags, &page_ids)?;

    let catalog = doc
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| pdf_err(format!("catalogue is not a dictionary: {e}")))?;
    catalog.set("Lang", Object::string_literal(meta.language.as_str()));
    catalog.set(
        "ViewerPreferences",
        dictionary! { "DisplayDocTitle" => true },
    );
    catalog.set("StructTreeRoot", struct_root);
    catalog.set("MarkInfo", dictionary! { "Marked" => true });
    catalog.remove(b"Outlines");
    match outline_root {
        Some(root) => {
            catalog.set("Outlines", root);
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => catalog.set("PageMode", Object::Name(b"UseNone".to_vec())),
    }

    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(info) = doc.get_object_mut(info_id).and_then(Object::as_dict_mut) {
            info.remove(b"GTS_PDFXVersion");
            info.remove(b"Identifier");
            info.remove(b"Trapped");
        }
    }

    compress_streams(&mut doc)?;

    let id = content_id(laid, meta);
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    let mut out = Vec::with_capacity(laid.pages.len() * 4096 + 65536);
    doc.save_to(&mut out)
        .map_err(|e| pdf_err(format!("could not write the finished PDF: {e}")))?;
    Ok(out)
}

/// Writes the structure tree (`/StructTreeRoot`, its elements and the
/// `/ParentTree`), gives each page its `/StructParents` and tab order, and
/// makes each link annotation an indirect object with its `/StructParent`.
/// Returns the reference to the root.
fn write_structure(
    doc: &mut lopdf_printpdf::Document,
    tags: &Tags<'_>,
    pages: &[ObjectId],
) -> Result<Object, TypesetError> {
    let pdf_err = |reason: String| TypesetError::Pdf { reason };
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = tags.nodes.iter().map(|_| doc.new_object_id()).collect();
    let n_pages = pages.len() as i64;
    // Annotations: indirect, each with its own parent-tree key after the pages'.
    let mut annot_ids: Vec<Vec<ObjectId>> = Vec::with_capacity(pages.len());
    let mut annot_keys: Vec<(i64, ObjectId)> = Vec::new();
    for (p, page_id) in pages.iter().enumerate() {
        let annots = match doc.get_object(*page_id).and_then(Object::as_dict) {
            Ok(d) => match d.get(b"Annots") {
                Ok(Object::Array(a)) => a.clone(),
                _ => Vec::new(),
            },
            Err(e) => return Err(pdf_err(format!("page {} is missing: {e}", p + 1))),
        };
        let mut refs = Vec::with_capacity(annots.len());
        let mut ids_here = Vec::with_capacity(annots.len());
        for (i, annot) in annots.into_iter().enumerate() {
            let Object::Dictionary(mut a) = annot else {
                refs.push(annot);
                continue;
            };
            let node = tags.annots.get(p).and_then(|l| l.get(i)).copied().flatten();
            if let Some(node) = node {
                let key = n_pages + annot_keys.len() as i64;
                a.set("StructParent", key);
                annot_keys.push((key, ids[node as usize]));
            }
            let id = doc.add_object(Object::Dictionary(a));
            ids_here.push(id);
            refs.push(Object::Reference(id));
        }
        annot_ids.push(ids_here);
        let page = doc
            .get_object_mut(*page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| pdf_err(format!("page {} is missing: {e}", p + 1)))?;
        page.set("StructParents", p as i64);
        page.set("Tabs", Object::Name(b"S".to_vec()));
        if refs.is_empty() {
            page.remove(b"Annots");
        } else {
            page.set("Annots", Object::Array(refs));
        }
    }
    for (i, node) in tags.nodes.iter().enumerate() {
        let parent = node.parent.map(|p| ids[p as usize]).unwrap_or(root);
        let kids: Vec<Object> = tags.kids[i]
            .iter()
            .filter_map(|k| match *k {
                Kid::Element(c) => Some(Object::Reference(ids[c as usize])),
                Kid::Content { page, mcid } => Some(Object::Dictionary(dictionary! {
                    "Type" => "MCR",
                    "Pg" => pages[page],
                    "MCID" => mcid,
                })),
                Kid::Annotation { page, index } => {
                    let annot = annot_ids.get(page).and_then(|a| a.get(index))?;
                    Some(Object::Dictionary(dictionary! {
                        "Type" => "OBJR",
                        "Pg" => pages[page],
                        "Obj" => *annot,
                    }))
                }
            })
            .collect();
        let mut d = dictionary! {
            "Type" => "StructElem",
            "S" => Object::Name(node.role.as_bytes().to_vec()),
            "P" => parent,
            "K" => kids,
        };
        if node.role == "TH" {
            d.set("A", dictionary! { "O" => "Table", "Scope" => "Column" });
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    let mut nums = Vec::with_capacity(2 * (pages.len() + annot_keys.len()));
    for (p, mcids) in tags.mcids.iter().enumerate() {
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(
            mcids
                .iter()
                .map(|n| Object::Reference(ids[*n as usize]))
                .collect(),
        ));
    }
    for (key, elem) in &annot_keys {
        nums.push(Object::Integer(*key));
        nums.push(Object::Reference(*elem));
    }
    let parent_tree = doc.add_object(dictionary! { "Nums" => nums });
    doc.objects.insert(
        root,
        Object::Dictionary(dictionary! {
            "Type" => "StructTreeRoot",
            "K" => vec![Object::Reference(ids[0])],
            "ParentTree" => parent_tree,
            "ParentTreeNextKey" => n_pages + annot_keys.len() as i64,
        }),
    );
    Ok(Object::Reference(root))
}

/// Deflates every stream that has no filter yet.
fn compress_streams(doc: &mut lopdf_printpdf::Document) -> Result<(), TypesetError> {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.has(b"Filter") || stream.content.len() < 64 {
            continue;
        }
        let mut enc = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(stream.content.len() / 3),
            flate2::Compression::fast(),
        );
        let compressed = enc
            .write_all(&stream.content)
            .and_then(|()| enc.finish())
            .map_err(|e| TypesetError::Pdf {
                reason: format!("stream could not be compressed: {e}"),
            })?;
        stream
            .dict
            .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(compressed);
    }
    Ok(())
}

/// Writes nested outline items; returns the outline root reference.
fn write_outline(
    doc: &mut lopdf_printpdf::Document,
    entries: &[OutlineEntry],
    pages: &[ObjectId],
) -> Option<Object> {
    if entries.is_empty() {
        return None;
    }
    // Parent of each entry: the nearest earlier entry with a lower level.
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if entries[top].level >= e.level {
                stack.pop();
            } else {
                break;
            }
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|i| parent[*i] == p).collect()
    };
    for (i, e) in entries.iter().enumerate() {
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|s| *s == i).unwrap_or(0);
        let kids = children(Some(i));
        let page = pages
            .get((e.page as usize).saturating_sub(1))
            .copied()
            .unwrap_or_else(|| pages.first().copied().unwrap_or((0, 0)));
        let mut d = dictionary! {
            "Title" => Object::String(utf16be(&e.title), StringFormat::Hexadecimal),
            "Parent" => parent[i].map(|p| ids[p]).unwrap_or(root),
            "Dest" => vec![page.into(), "XYZ".into(), Object::Null, Object::Real(e.y), Object::Null],
        };
        if pos > 0 {
            d.set("Prev", ids[siblings[pos - 1]]);
        }
        if let Some(next) = siblings.get(pos + 1) {
            d.set("Next", ids[*next]);
        }
        if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
            d.set("First", ids[*first]);
            d.set("Last", ids[*last]);
            // All items open: Count is the number of descendants.
            let descendants = entries[i + 1..]
                .iter()
                .take_while(|d| d.level > e.level)
                .count();
            d.set("Count", descendants as i64);
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children(None);
    let (first, last) = (top.first()?, top.last()?);
    doc.objects.insert(
        root,
        Object::Dictionary(dictionary! {
            "Type" => "Outlines",
            "First" => ids[*first],
            "Last" => ids[*last],
            "Count" => entries.len() as i64,
        }),
    );
    Some(Object::Reference(root))
}

/// UTF-16BE with a byte-order mark, for PDF text strings.
fn utf16be(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_be_bytes());
    }
    out
}

/// A hash of everything that determines the output, for the trailer `/ID`.
fn content_id(laid: &LaidOut, meta: &Metadata) -> Vec<u8> {
    let mut h = Sha256::new();
    for s in [&meta.title, &meta.author, &meta.subject, &meta.language] {
        h.update(s.as_bytes());
        h.update([0]);
    }
    for k in &meta.keywords {
        h.update(k.as_bytes());
        h.update([0]);
    }
    h.update(meta.created.to_string().as_bytes());
    for page in &laid.pages {
        h.update(b"page");
        for item in page.items.iter().chain(page.artifacts.iter()) {
            match item {
                Item::Text(t) => {
                    h.update([1, t.style.index() as u8]);
                    for v in [t.x, t.y, t.size, t.word_spacing] {
                        h.update(v.to_bits().to_be_bytes());
                    }
                    h.update(t.text.as_bytes());
                }
                Item::Line { from, to, width } => {
                    h.update([2]);
                    for v in [from.0, from.1, to.0, to.1, *width] {
                        h.update(v.to_bits().to_be_bytes());
                    }
                }
                Item::Rect {
                    x,
                    y,
                    w,
                    h: rh,
                    width,
                } => {
                    h.update([3]);
                    for v in [*x, *y, *w, *rh, *width] {
                        h.update(v.to_bits().to_be_bytes());
                    }
                }
            }
        }
        for l in &page.links {
            h.update(l.target.as_bytes());
            for v in l.rect {
                h.update(v.to_bits().to_be_bytes());
            }
        }
    }
    for e in &laid.outline {
        h.update([e.level]);
        h.update(e.title.as_bytes());
        h.update(e.page.to_be_bytes());
    }
    h.finalize()[..16].to_vec()
}
