//! Pack assembly: the front sheet followed by the report PDFs, with running page
//! stamps, private watermarks, bookmarks and links from the front sheet.
//!
//! Only pages and what they reference are copied from each source, renumbered so
//! that sources never collide. A source's `/Info`, XMP `/Metadata`, outlines, name
//! trees, forms and `/PieceInfo` never reach the pack.
//!
//! The pack is tagged (see [`super::tags`]): a tagged source's structure tree
//! is carried over under a `Sect` for its item, its `/StructParents` keys
//! renumbered after those of the sources before it; an untagged source's pages
//! become one `Figure` each in its `Sect`. The stamps are artifacts.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::intake::{IntakeError, Limits};
use super::outline::Heading;
use super::source::{self, Source};
use super::stamp::{self, FontIds, Overlay, StampFont};
use super::tags::{self, CopiedStructure, PackStructure, Placement};
use super::writer::PdfWriter;

/// A link drawn on the front sheet to the first page of a part.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontLink {
    /// Page of the front sheet, 1-based.
    pub page: u32,
    /// `[x0, y0, x1, y1]` in that page's user space (points).
    pub rect: [f32; 4],
    /// The `key` of the part to go to (its first page).
    pub target: String,
}

/// One report (or notice) PDF in the pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Identifies the part for [`FrontLink::target`] and in errors. Never written
    /// to the pack.
    pub key: String,
    /// Bookmark of the agenda item; consecutive parts with the same text share one.
    pub item_bookmark: String,
    /// Bookmark of this report under its item, if any.
    pub report_bookmark: Option<String>,
    /// The PDF (as stored after [`super::intake::inspect`]).
    pub bytes: Vec<u8>,
    /// Text drawn in red at the top of every page (private packs).
    pub watermark: Option<String>,
    /// Whether to stamp "Page N" at the bottom of every page.
    pub stamp: bool,
    /// The report's own headings, bookmarked under its report bookmark (or
    /// its item's). Only for PDFs AgendaPack made (see [`super::headings`]).
    pub headings: Vec<Heading>,
}

/// Document information of the pack.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PackMeta {
    /// Title, shown by viewers instead of the file name.
    pub title: String,
    /// Author (usually the council).
    pub author: String,
    /// Subject.
    pub subject: String,
    /// Natural language, as a BCP 47 tag such as "en-GB".
    pub language: String,
    /// Creation date; none is written when `None`, so output stays reproducible.
    pub created: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// Everything [`assemble`] needs.
#[derive(Debug, Clone, PartialEq)]
pub struct PackInput {
    /// The front sheet PDF (typeset by us). Not stamped: it has its own footer.
    pub front: Vec<u8>,
    /// Links to add to the front sheet.
    pub front_links: Vec<FrontLink>,
    /// The parts, in pack order.
    pub parts: Vec<Part>,
    /// The "Page N" number of the pack's first page (the front sheet's first page).
    pub first_number: u32,
    /// Document information.
    pub meta: PackMeta,
}

/// The assembled pack.
#[derive(Debug, Clone, PartialEq)]
pub struct PackOutput {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Total pages, front sheet included.
    pub page_count: u32,
    /// First and last page number of each part, in order (see [`plan_ranges`]).
    pub ranges: Vec<(u32, u32)>,
}

/// Why a pack could not be assembled.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PackError {
    /// The front sheet could not be read.
    #[error("the agenda front sheet could not be read: {error}")]
    Front {
        /// What was wrong with it.
        error: IntakeError,
    },
    /// A part could not be read (it should have been refused at intake).
    #[error("the report ‘{key}’ could not be added to the pack: {error}")]
    Part {
        /// The part's key.
        key: String,
        /// What was wrong with it.
        error: IntakeError,
    },
    /// A front-sheet link is on a page the front sheet does not have.
    #[error(
        "a link to ‘{target}’ is on page {page} of the front sheet, which has only {pages} page(s)"
    )]
    LinkPage {
        /// The link's target.
        target: String,
        /// The page asked for.
        page: u32,
        /// Pages in the front sheet.
        pages: u32,
    },
    /// A front-sheet link names a part that is not in the pack.
    #[error("the front sheet links to ‘{target}’, which is not among the pack's reports")]
    LinkTarget {
        /// The unknown key.
        target: String,
    },
    /// The stamp font could not be prepared.
    #[error("the page-number font could not be prepared: {detail}")]
    Font {
        /// What went wrong.
        detail: String,
    },
    /// The pack would have more pages than page numbers can count.
    #[error("the pack would have more than {max} pages")]
    TooManyPages {
        /// The largest page number.
        max: u32,
    },
    /// An unexpected internal failure while copying a file.
    #[error("the report ‘{key}’ could not be copied into the pack ({detail})")]
    Copy {
        /// The part's key, or "front sheet".
        key: String,
        /// What went wrong.
        detail: String,
    },
}

/// Page numbers of each part: the pack's page `i` (0-based, front sheet included)
/// is numbered `first_number + i`. A part with no pages gets `(n, n - 1)`.
pub fn plan_ranges(front_pages: u32, part_pages: &[u32], first_number: u32) -> Vec<(u32, u32)> {
    let mut next = first_number.saturating_add(front_pages);
    part_pages
        .iter()
        .map(|&n| {
            let start = next;
            next = next.saturating_add(n);
            (start, next.saturating_sub(1))
        })
        .collect()
}

/// Keys removed from every copied dictionary: private metadata. (`/StructParent`
/// and `/StructParents` are renumbered for a tagged source, removed otherwise.)
const STRIPPED_KEYS: [&[u8]; 2] = [b"Metadata", b"PieceInfo"];

/// Assembles the pack. Deterministic: the same input gives the same bytes.
pub fn assemble(input: &PackInput) -> Result<PackOutput, PackError> {
    let limits = Limits {
        max_bytes: u64::MAX,
        ..Limits::default()
    };
    let font = StampFont::new(input.parts.iter().filter_map(|p| p.watermark.as_deref()))
        .map_err(|detail| PackError::Font { detail })?;

    let capacity = input.front.len() + input.parts.iter().map(|p| p.bytes.len()).sum::<usize>();
    let mut w = PdfWriter::new(capacity + capacity / 50 + 64 * 1024);
    let catalog_id = w.alloc();
    let pages_id = w.alloc();
    let info_id = w.alloc();
    let font_ids = FontIds {
        type0: w.alloc(),
        cid_font: w.alloc(),
        descriptor: w.alloc(),
        file: w.alloc(),
        to_unicode: w.alloc(),
    };
    let mut shared = Shared {
        font: &font,
        font_ids,
        pages_id,
        font_used: false,
        deflater: flate2::Compress::new(flate2::Compression::default(), true),
        openings: HashMap::new(),
        figure_open: None,
        figure_close: None,
    };
    let mut structure = PackStructure::new(&mut w, &input.parts);

    // Front sheet: copied first, its pages written at the end once link targets
    // are known.
    let front = source::load(&input.front, &limits).map_err(|f| PackError::Front {
        error: IntakeError::from_failure("front sheet", f),
    })?;
    let mut front_copy = copy_source(
        &mut w,
        front,
        &mut shared,
        None,
        None,
        true,
        structure.front_placement(),
    )
    .map_err(|detail| PackError::Copy {
        key: "front sheet".into(),
        detail,
    })?;
    structure.add(std::mem::take(&mut front_copy.structure));
    let front_pages = front_copy.page_ids.len() as u32;
    let mut all_pages: Vec<u32> = front_copy.page_ids.clone();

    // Parts are parsed on a second thread while the previous one is copied; the
    // bounded channel keeps at most two parsed sources in memory. Order, and so
    // the output, is the same as loading them one by one.
    let copy_parts = |w: &mut PdfWriter,
                      shared: &mut Shared<'_>,
                      structure: &mut PackStructure,
                      all_pages: &mut Vec<u32>,
                      next: &mut dyn FnMut() -> Option<Result<Source, source::LoadFailure>>|
     -> Result<(Vec<u32>, Vec<u32>), PackError> {
        let mut firsts: Vec<u32> = Vec::with_capacity(input.parts.len());
        let mut counts: Vec<u32> = Vec::with_capacity(input.parts.len());
        for (index, part) in input.parts.iter().enumerate() {
            let loaded = next().unwrap_or(Err(source::LoadFailure::Corrupt {
                detail: "it could not be read".into(),
            }));
            let src = loaded.map_err(|f| PackError::Part {
                key: part.key.clone(),
                error: IntakeError::from_failure(&part.key, f),
            })?;
            let first_number = input
                .first_number
                .checked_add(all_pages.len() as u32)
                .ok_or(PackError::TooManyPages { max: u32::MAX })?;
            let copied = copy_source(
                w,
                src,
                shared,
                part.stamp.then_some(first_number),
                part.watermark.as_deref(),
                false,
                structure.part_placement(index),
            )
            .map_err(|detail| PackError::Copy {
                key: part.key.clone(),
                detail,
            })?;
            structure.add(copied.structure);
            firsts.push(copied.page_ids[0]);
            counts.push(copied.page_ids.len() as u32);
            all_pages.extend_from_slice(&copied.page_ids);
        }
        Ok((firsts, counts))
    };
    let (firsts, counts) = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let loader = std::thread::Builder::new()
            .name("pack-loader".into())
            .spawn_scoped(scope, move || {
                for part in &input.parts {
                    if tx.send(source::load(&part.bytes, &limits)).is_err() {
                        break;
                    }
                }
            });
        match loader {
            Ok(_) => copy_parts(
                &mut w,
                &mut shared,
                &mut structure,
                &mut all_pages,
                &mut || rx.recv().ok(),
            ),
            Err(_) => {
                // No second thread available: load in turn.
                let mut parts = input.parts.iter();
                copy_parts(
                    &mut w,
                    &mut shared,
                    &mut structure,
                    &mut all_pages,
                    &mut || parts.next().map(|p| source::load(&p.bytes, &limits)),
                )
            }
        }
    })?;
    let last = u64::from(input.first_number) + all_pages.len() as u64;
    if last > u64::from(u32::MAX) {
        return Err(PackError::TooManyPages { max: u32::MAX });
    }

    // Front sheet links, then the front pages themselves.
    let mut front_dicts = front_copy.deferred;
    for link in &input.front_links {
        let target = input
            .parts
            .iter()
            .position(|p| p.key == link.target)
            .ok_or_else(|| PackError::LinkTarget {
                target: link.target.clone(),
            })?;
        let index = link.page.checked_sub(1).map(|i| i as usize);
        let Some((_, dict)) = index.and_then(|i| front_dicts.get_mut(i)) else {
            return Err(PackError::LinkPage {
                target: link.target.clone(),
                page: link.page,
                pages: front_pages,
            });
        };
        let annot_id = w.alloc();
        let annot = Dictionary::from_iter([
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Link".to_vec())),
            (
                "Rect",
                Object::Array(link.rect.iter().map(|v| Object::Real(*v)).collect()),
            ),
            (
                "Border",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    Object::Integer(0),
                ]),
            ),
            ("Dest", fit_dest(firsts[target])),
        ]);
        w.write(annot_id, &Object::Dictionary(annot));
        match dict.get_mut(b"Annots") {
            Ok(Object::Array(a)) => a.push(Object::Reference((annot_id, 0))),
            _ => dict.set(
                "Annots",
                Object::Array(vec![Object::Reference((annot_id, 0))]),
            ),
        }
    }
    for (id, dict) in front_dicts {
        w.write(id, &Object::Dictionary(dict));
    }

    // The stamp font, only if some page used it.
    if shared.font_used {
        for (id, obj) in font.objects(font_ids) {
            w.write(id, &obj);
        }
    }

    // Page tree.
    let kids: Vec<Object> = all_pages
        .iter()
        .map(|id| Object::Reference((*id, 0)))
        .collect();
    let pages = Dictionary::from_iter([
        ("Type", Object::Name(b"Pages".to_vec())),
        ("Kids", Object::Array(kids)),
        ("Count", Object::Integer(all_pages.len() as i64)),
    ]);
    w.write(pages_id, &Object::Dictionary(pages));

    // Outline.
    let outlines_id = write_outline(
        &mut w,
        &all_pages,
        front_pages as usize,
        &input.parts,
        &counts,
    );

    // The structure tree.
    let struct_root = structure.write(&mut w);

    // Catalogue and document information.
    let mut catalog = Dictionary::from_iter([
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference((pages_id, 0))),
        ("Outlines", Object::Reference((outlines_id, 0))),
        ("PageMode", Object::Name(b"UseOutlines".to_vec())),
        ("StructTreeRoot", Object::Reference((struct_root, 0))),
        (
            "MarkInfo",
            Object::Dictionary(Dictionary::from_iter([("Marked", Object::Boolean(true))])),
        ),
        (
            "ViewerPreferences",
            Object::Dictionary(Dictionary::from_iter([(
                "DisplayDocTitle",
                Object::Boolean(true),
            )])),
        ),
    ]);
    if !input.meta.language.is_empty() {
        catalog.set("Lang", lopdf::text_string(&input.meta.language));
    }
    w.write(catalog_id, &Object::Dictionary(catalog));
    let mut info = Dictionary::new();
    for (key, value) in [
        ("Title", &input.meta.title),
        ("Author", &input.meta.author),
        ("Subject", &input.meta.subject),
    ] {
        if !value.is_empty() {
            info.set(key, lopdf::text_string(value));
        }
    }
    info.set("Producer", lopdf::text_string("AgendaPack"));
    if let Some(created) = input.meta.created {
        info.set(
            "CreationDate",
            Object::String(pdf_date(created).into_bytes(), StringFormat::Literal),
        );
    }
    w.write(info_id, &Object::Dictionary(info));

    let page_count = all_pages.len() as u32;
    Ok(PackOutput {
        bytes: w.finish(catalog_id, info_id),
        page_count,
        ranges: plan_ranges(front_pages, &counts, input.first_number),
    })
}

fn pdf_date(d: chrono::DateTime<chrono::FixedOffset>) -> String {
    let secs = d.offset().local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let mins = secs.unsigned_abs() / 60;
    format!(
        "D:{}{sign}{:02}'{:02}'",
        d.format("%Y%m%d%H%M%S"),
        mins / 60,
        mins % 60
    )
}

fn fit_dest(page: u32) -> Object {
    Object::Array(vec![
        Object::Reference((page, 0)),
        Object::Name(b"Fit".to_vec()),
    ])
}

/// One bookmark with those under it.
struct OutlineNode {
    title: String,
    page: u32,
    children: Vec<OutlineNode>,
}

/// Writes the outline and returns the id of its root: the front sheet, then
/// a bookmark per item, its reports under it and their headings under them.
/// `all_pages` are the pack's page ids, the front sheet's `front_pages`
/// first, then each part's `counts[i]`.
fn write_outline(
    w: &mut PdfWriter,
    all_pages: &[u32],
    front_pages: usize,
    parts: &[Part],
    counts: &[u32],
) -> u32 {
    let mut nodes = vec![OutlineNode {
        title: "Agenda front sheet".into(),
        page: all_pages[0],
        children: Vec::new(),
    }];
    let mut previous: Option<&str> = None;
    let mut offset = front_pages;
    for (part, count) in parts.iter().zip(counts) {
        let part_pages = &all_pages[offset..offset + *count as usize];
        offset += *count as usize;
        let first = part_pages[0];
        if previous != Some(part.item_bookmark.as_str()) {
            nodes.push(OutlineNode {
                title: part.item_bookmark.clone(),
                page: first,
                children: Vec::new(),
            });
            previous = Some(part.item_bookmark.as_str());
        }
        let Some(item) = nodes.last_mut() else {
            continue;
        };
        let headings = heading_nodes(&part.headings, part_pages);
        match &part.report_bookmark {
            Some(report) => item.children.push(OutlineNode {
                title: report.clone(),
                page: first,
                children: headings,
            }),
            None => item.children.extend(headings),
        }
    }
    let root = w.alloc();
    let (first, last, _) = write_siblings(w, root, &nodes, true);
    // Items and reports are open; headings are closed, so the panel shows
    // the agenda first.
    let visible = nodes.len() as i64 + nodes.iter().map(|n| n.children.len() as i64).sum::<i64>();
    let outlines = Dictionary::from_iter([
        ("Type", Object::Name(b"Outlines".to_vec())),
        ("First", Object::Reference((first, 0))),
        ("Last", Object::Reference((last, 0))),
        ("Count", Object::Integer(visible)),
    ]);
    w.write(root, &Object::Dictionary(outlines));
    root
}

/// Headings (depth first, with levels) as a tree on the part's pages.
fn heading_nodes(headings: &[Heading], part_pages: &[u32]) -> Vec<OutlineNode> {
    let mut roots: Vec<OutlineNode> = Vec::new();
    for h in headings {
        let Some(page) = part_pages.get(h.page as usize) else {
            continue;
        };
        let node = OutlineNode {
            title: h.title.clone(),
            page: *page,
            children: Vec::new(),
        };
        // Descend along the last child as far as the level says.
        let mut siblings = &mut roots;
        for _ in 1..h.level.max(1) {
            if siblings.is_empty() {
                break;
            }
            let last = siblings.len() - 1;
            siblings = &mut siblings[last].children;
        }
        siblings.push(node);
    }
    roots
}

/// Writes `nodes` as siblings under `parent`; returns the first and last ids
/// and how many entries are visible below an open parent. The top two
/// levels (items and reports) are open, deeper ones closed.
fn write_siblings(
    w: &mut PdfWriter,
    parent: u32,
    nodes: &[OutlineNode],
    top: bool,
) -> (u32, u32, i64) {
    let ids: Vec<u32> = nodes.iter().map(|_| w.alloc()).collect();
    for (i, node) in nodes.iter().enumerate() {
        let mut d = Dictionary::from_iter([
            ("Title", lopdf::text_string(&node.title)),
            ("Parent", Object::Reference((parent, 0))),
            ("Dest", fit_dest(node.page)),
        ]);
        if i > 0 {
            d.set("Prev", Object::Reference((ids[i - 1], 0)));
        }
        if let Some(next) = ids.get(i + 1) {
            d.set("Next", Object::Reference((*next, 0)));
        }
        if !node.children.is_empty() {
            let (first, last, _) = write_siblings(w, ids[i], &node.children, false);
            d.set("First", Object::Reference((first, 0)));
            d.set("Last", Object::Reference((last, 0)));
            let n = node.children.len() as i64;
            // Open under an item, closed deeper down.
            d.set("Count", Object::Integer(if top { n } else { -n }));
        }
        w.write(ids[i], &Object::Dictionary(d));
    }
    (ids[0], ids[ids.len() - 1], nodes.len() as i64)
}

/// Objects shared by every copied page.
struct Shared<'a> {
    font: &'a StampFont,
    font_ids: FontIds,
    pages_id: u32,
    font_used: bool,
    /// One zlib state reused for every stamp stream (allocating one per page
    /// costs more than compressing 200 bytes).
    deflater: flate2::Compress,
    /// The opening ("q … cm") stream written for each visible box, by its bits.
    openings: HashMap<([u32; 4], i32), u32>,
    /// The streams that open and close an untagged page's content as one
    /// marked-content sequence (MCID 0 of its page), written once.
    figure_open: Option<u32>,
    figure_close: Option<u32>,
}

impl Shared<'_> {
    /// The shared stream `content`, written the first time it is asked for.
    fn figure_stream(w: &mut PdfWriter, slot: &mut Option<u32>, content: &[u8]) -> u32 {
        *slot.get_or_insert_with(|| {
            let id = w.alloc();
            w.write(
                id,
                &Object::Stream(Stream::new(Dictionary::new(), content.to_vec())),
            );
            id
        })
    }
}

struct Copied {
    page_ids: Vec<u32>,
    /// Page dictionaries not yet written (front sheet), with their ids.
    deferred: Vec<(u32, Dictionary)>,
    /// What of the structure tree was copied or made.
    structure: CopiedStructure,
}

/// Copies every page of `src` into `w`. `first_number` is the stamp of the first
/// page when stamping. With `defer`, page dictionaries are returned unwritten.
fn copy_source(
    w: &mut PdfWriter,
    src: Source,
    shared: &mut Shared<'_>,
    first_number: Option<u32>,
    watermark: Option<&str>,
    defer: bool,
    placement: Placement,
) -> Result<Copied, String> {
    let result = catch_unwind(AssertUnwindSafe(move || {
        let mut copier = Copier::new(src);
        copier.copy_pages(w, shared, first_number, watermark, defer, placement)
    }));
    result.unwrap_or_else(|_| Err("an unexpected structure in the file".into()))
}

struct Copier {
    src: Source,
    map: HashMap<ObjectId, u32>,
    pages: HashSet<ObjectId>,
    queue: VecDeque<ObjectId>,
    named: Option<BTreeMap<Vec<u8>, Object>>,
    /// For a tagged source: what its `/StructParent(s)` keys are shifted by
    /// and the prefix that keeps its element `/ID`s unique. `None`: those
    /// keys are removed.
    tagging: Option<(i64, Vec<u8>)>,
    /// Element `/ID`s written, with the elements' new object numbers.
    ids: Vec<(Vec<u8>, u32)>,
}

impl Copier {
    fn new(src: Source) -> Self {
        let pages = src.pages.iter().map(|p| p.id).collect();
        Copier {
            src,
            map: HashMap::new(),
            pages,
            queue: VecDeque::new(),
            named: None,
            tagging: None,
            ids: Vec::new(),
        }
    }

    fn copy_pages(
        &mut self,
        w: &mut PdfWriter,
        shared: &mut Shared<'_>,
        first_number: Option<u32>,
        watermark: Option<&str>,
        defer: bool,
        placement: Placement,
    ) -> Result<Copied, String> {
        let tree = tags::source_tree(&self.src);
        if tree.is_some() {
            self.tagging = Some((placement.base, placement.id_prefix.clone().into_bytes()));
        }
        let page_ids: Vec<u32> = self
            .src
            .pages
            .iter()
            .map(|p| {
                let id = w.alloc();
                self.map.insert(p.id, id);
                id
            })
            .collect();
        let mut deferred = Vec::new();
        let overlay_wanted = first_number.is_some() || watermark.is_some();
        for (index, page) in self.src.pages.clone().iter().enumerate() {
            let mut dict = match self.src.doc.objects.get(&page.id) {
                Some(Object::Dictionary(d)) => d.clone(),
                _ => return Err(format!("page object {} is missing", page.id.0)),
            };
            for key in [
                &b"Parent"[..],
                b"MediaBox",
                b"CropBox",
                b"Rotate",
                b"Resources",
                b"B",
                b"Metadata",
                b"PieceInfo",
            ] {
                dict.remove(key);
            }
            // Inline indirect /Contents and /Annots arrays so they can be extended.
            for key in [&b"Contents"[..], b"Annots"] {
                if let Ok(Object::Reference(r)) = dict.get(key) {
                    if let Some(Object::Array(a)) = self.src.doc.objects.get(r) {
                        let a = a.clone();
                        dict.set(key, Object::Array(a));
                    }
                }
            }
            if overlay_wanted {
                self.shrink_annotations(&dict, page.visible_box(), page.rotate);
            }
            let mut font_name = None;
            if overlay_wanted {
                let (resources, name) = self.resources_for_overlay(page.resources.as_ref());
                dict.set("Resources", resources);
                font_name = Some(name);
            } else if let Some(res) = &page.resources {
                dict.set("Resources", res.clone());
            }
            let Object::Dictionary(mut dict) = self.rewrite(w, Object::Dictionary(dict), 0) else {
                return Err("page could not be copied".into());
            };
            let untagged = tree.is_none();
            if untagged {
                dict.set(
                    "StructParents",
                    Object::Integer(placement.base + index as i64),
                );
            }
            dict.set("Type", Object::Name(b"Page".to_vec()));
            dict.set("Parent", Object::Reference((shared.pages_id, 0)));
            dict.set("MediaBox", rect_object(page.media_box));
            if let Some(crop) = page.crop_box {
                dict.set("CropBox", rect_object(crop));
            }
            if page.rotate != 0 {
                dict.set("Rotate", Object::Integer(i64::from(page.rotate)));
            }
            if let Some(name) = font_name {
                if let Ok(Object::Dictionary(res)) = dict.get_mut(b"Resources") {
                    if let Ok(Object::Dictionary(fonts)) = res.get_mut(b"Font") {
                        fonts.set(
                            name.as_bytes().to_vec(),
                            Object::Reference((shared.font_ids.type0, 0)),
                        );
                    }
                }
                let overlay = Overlay {
                    visible: page.visible_box(),
                    rotate: page.rotate,
                    number: first_number.map(|n| n.saturating_add(index as u32)),
                    watermark,
                };
                let content = stamp::overlay_content(shared.font, &name, &overlay);
                let stream = match deflate(&mut shared.deflater, &content) {
                    Some(packed) => Stream::new(
                        Dictionary::from_iter([("Filter", Object::Name(b"FlateDecode".to_vec()))]),
                        packed,
                    ),
                    None => Stream::new(Dictionary::new(), content),
                };
                let stamp_id = w.alloc();
                w.write(stamp_id, &Object::Stream(stream));
                // Pages of one size and turn share one opening stream.
                let visible = page.visible_box();
                let shape = (visible.map(f32::to_bits), page.rotate);
                let open_id = match shared.openings.get(&shape) {
                    Some(&id) => id,
                    None => {
                        let id = w.alloc();
                        w.write(
                            id,
                            &Object::Stream(Stream::new(
                                Dictionary::new(),
                                stamp::opening_content(visible, page.rotate),
                            )),
                        );
                        shared.openings.insert(shape, id);
                        id
                    }
                };
                let mut contents = vec![Object::Reference((open_id, 0))];
                match dict.remove(b"Contents") {
                    Some(Object::Array(a)) => contents.extend(a),
                    Some(r @ Object::Reference(_)) => contents.push(r),
                    _ => {}
                }
                if untagged {
                    wrap_as_figure(w, shared, &mut contents, 1);
                }
                contents.push(Object::Reference((stamp_id, 0)));
                dict.set("Contents", Object::Array(contents));
                shared.font_used = true;
            } else if untagged {
                let mut contents = Vec::new();
                match dict.remove(b"Contents") {
                    Some(Object::Array(a)) => contents.extend(a),
                    Some(r @ Object::Reference(_)) => contents.push(r),
                    _ => {}
                }
                wrap_as_figure(w, shared, &mut contents, 0);
                dict.set("Contents", Object::Array(contents));
            }
            if defer {
                deferred.push((page_ids[index], dict));
            } else {
                w.write(page_ids[index], &Object::Dictionary(dict));
            }
            self.drain(w);
        }
        let structure = match tree {
            Some(tree) => self.copy_structure(w, tree, &placement),
            None => tags::figures(w, &placement, &page_ids),
        };
        Ok(Copied {
            page_ids,
            deferred,
            structure,
        })
    }

    /// Copies a tagged source's structure tree: its top elements (those of
    /// its `Document` when that is all there is) hang under the placement's
    /// element, its parent tree's keys shifted by the placement's base.
    fn copy_structure(
        &mut self,
        w: &mut PdfWriter,
        tree: tags::SourceTree,
        placement: &Placement,
    ) -> CopiedStructure {
        // The source's root and unwrapped Document stand for the new parent.
        for id in tree.stand_ins.iter() {
            self.map.insert(*id, placement.parent);
        }
        let kids: Vec<Object> = tree
            .kids
            .into_iter()
            .map(|k| self.rewrite(w, k, 0))
            .filter(|k| !matches!(k, Object::Null))
            .collect();
        self.drain(w);
        let mut parent_tree = Vec::with_capacity(tree.parent_tree.len());
        let mut next_key = placement.base;
        for (key, value) in tree.parent_tree {
            let value = self.rewrite(w, value, 0);
            let key = placement.base + key;
            next_key = next_key.max(key + 1);
            parent_tree.push((key, value));
        }
        self.drain(w);
        let role_map = tree
            .role_map
            .map(|d| self.rewrite_dict(w, d, 0))
            .unwrap_or_default();
        let class_map = tree
            .class_map
            .map(|d| self.rewrite_dict(w, d, 0))
            .unwrap_or_default();
        self.drain(w);
        CopiedStructure {
            kids,
            parent_tree,
            next_key,
            role_map,
            class_map,
            ids: std::mem::take(&mut self.ids),
        }
    }

    /// Moves the page's annotations with its shrunk content (see
    /// [`stamp::shrink`]): their `/Rect`s are mapped through the same matrix.
    fn shrink_annotations(&mut self, page: &Dictionary, visible: [f32; 4], rotate: i32) {
        let Ok(Object::Array(annots)) = page.get(b"Annots") else {
            return;
        };
        for a in annots {
            let Object::Reference(id) = a else { continue };
            let Some(Object::Dictionary(annot)) = self.src.doc.objects.get_mut(id) else {
                continue;
            };
            let Ok(Object::Array(rect)) = annot.get(b"Rect") else {
                continue;
            };
            let nums: Vec<f32> = rect
                .iter()
                .filter_map(|o| match o {
                    Object::Integer(i) => Some(*i as f32),
                    Object::Real(r) => Some(*r),
                    _ => None,
                })
                .collect();
            if let [x0, y0, x1, y1] = nums[..] {
                let r = stamp::shrink_rect(visible, rotate, [x0, y0, x1, y1]);
                annot.set(
                    "Rect",
                    Object::Array(r.iter().map(|v| Object::Real(*v)).collect()),
                );
            }
        }
    }

    /// The page's resources as a direct dictionary whose `/Font` is direct too,
    /// plus a font resource name that does not clash with the page's own.
    fn resources_for_overlay(&self, resources: Option<&Object>) -> (Object, String) {
        let doc = &self.src.doc;
        let deref_dict = |o: Option<&Object>| -> Dictionary {
            match o {
                Some(Object::Dictionary(d)) => d.clone(),
                Some(Object::Reference(r)) => match doc.objects.get(r) {
                    Some(Object::Dictionary(d)) => d.clone(),
                    _ => Dictionary::new(),
                },
                _ => Dictionary::new(),
            }
        };
        let mut res = deref_dict(resources);
        let fonts = deref_dict(res.get(b"Font").ok());
        let mut name = String::from("APStamp");
        let mut n = 0;
        while fonts.has(name.as_bytes()) {
            n += 1;
            name = format!("APStamp{n}");
        }
        res.set("Font", Object::Dictionary(fonts));
        (Object::Dictionary(res), name)
    }

    /// Writes every queued object.
    fn drain(&mut self, w: &mut PdfWriter) {
        while let Some(id) = self.queue.pop_front() {
            let Some(new_id) = self.map.get(&id).copied() else {
                continue;
            };
            let obj = match self.src.doc.objects.get_mut(&id) {
                Some(Object::Stream(s)) => {
                    let mut dict = s.dict.clone();
                    dict.remove(b"Length");
                    let content = std::mem::take(&mut s.content);
                    Object::Stream(Stream {
                        dict,
                        content,
                        allows_compression: false,
                        start_position: None,
                    })
                }
                Some(o) => o.clone(),
                None => Object::Null,
            };
            let obj = self.rewrite(w, obj, 0);
            if self.tagging.is_some() {
                if let Object::Dictionary(d) = &obj {
                    if let (true, Ok(Object::String(id, _))) = (d.has(b"S"), d.get(b"ID")) {
                        let id = id.clone();
                        self.ids.push((id, new_id));
                    }
                }
            }
            w.write(new_id, &obj);
        }
    }

    /// Renumbers references (queueing the objects they point to), strips private
    /// keys and turns named destinations into explicit ones.
    fn rewrite(&mut self, w: &mut PdfWriter, obj: Object, depth: u32) -> Object {
        if depth > 256 {
            return Object::Null;
        }
        match obj {
            Object::Reference(id) => self.reference(w, id),
            Object::Array(a) => Object::Array(
                a.into_iter()
                    .map(|o| self.rewrite(w, o, depth + 1))
                    .collect(),
            ),
            Object::Dictionary(d) => Object::Dictionary(self.rewrite_dict(w, d, depth)),
            Object::Stream(mut s) => {
                s.dict = self.rewrite_dict(w, std::mem::take(&mut s.dict), depth);
                Object::Stream(s)
            }
            other => other,
        }
    }

    fn rewrite_dict(&mut self, w: &mut PdfWriter, mut d: Dictionary, depth: u32) -> Dictionary {
        for key in STRIPPED_KEYS {
            d.remove(key);
        }
        for key in [&b"StructParent"[..], b"StructParents"] {
            if !d.has(key) {
                continue;
            }
            let value = d.get(key).ok().and_then(|o| o.as_i64().ok());
            match (&self.tagging, value) {
                (Some((base, _)), Some(k)) => d.set(key, Object::Integer(base + k)),
                _ => {
                    d.remove(key);
                }
            }
        }
        if let Some((_, prefix)) = &self.tagging {
            // An element's /ID, made unique in the pack.
            let id = match d.get(b"ID") {
                Ok(Object::String(id, format)) if d.has(b"S") => Some((id.clone(), *format)),
                _ => None,
            };
            if let Some((id, format)) = id {
                let mut new = prefix.clone();
                new.extend_from_slice(&id);
                d.set("ID", Object::String(new, format));
            }
        }
        self.resolve_named(&mut d);
        let mut out = Dictionary::new();
        for (k, v) in d {
            let v = self.rewrite(w, v, depth + 1);
            out.set(k, v);
        }
        out
    }

    fn reference(&mut self, w: &mut PdfWriter, id: ObjectId) -> Object {
        if let Some(new_id) = self.map.get(&id) {
            return Object::Reference((*new_id, 0));
        }
        if self.src.structural.contains(&id) {
            return Object::Null;
        }
        let Some(obj) = self.src.doc.objects.get(&id) else {
            return Object::Null;
        };
        // A page outside the page tree (or any page-tree node): do not copy.
        if let Object::Dictionary(d) = obj {
            if let Ok(b"Page" | b"Pages" | b"Catalog") = d.get(b"Type").and_then(Object::as_name) {
                if !self.pages.contains(&id) {
                    return Object::Null;
                }
            }
        }
        let new_id = w.alloc();
        self.map.insert(id, new_id);
        self.queue.push_back(id);
        Object::Reference((new_id, 0))
    }

    /// Replaces a named `/Dest` (or `/D` of a GoTo action) with the explicit
    /// destination; removes it when the name is unknown.
    fn resolve_named(&mut self, d: &mut Dictionary) {
        let key: &[u8] = if d.has(b"Dest") {
            b"Dest"
        } else if matches!(d.get(b"S").and_then(Object::as_name), Ok(b"GoTo")) && d.has(b"D") {
            b"D"
        } else {
            return;
        };
        let name = match d.get(key) {
            Ok(Object::String(s, _)) => s.clone(),
            Ok(Object::Name(n)) => n.clone(),
            Ok(Object::Reference(r)) => match self.src.doc.objects.get(r) {
                Some(Object::String(s, _)) => s.clone(),
                Some(Object::Name(n)) => n.clone(),
                _ => return,
            },
            _ => return,
        };
        let doc = &self.src.doc;
        let named = self
            .named
            .get_or_insert_with(|| source::named_destinations(doc));
        let explicit = match named.get(&name) {
            Some(Object::Dictionary(dd)) => dd.get(b"D").ok().cloned(),
            Some(Object::Array(a)) => Some(Object::Array(a.clone())),
            _ => None,
        };
        match explicit {
            Some(dest) => d.set(key.to_vec(), dest),
            None => {
                d.remove(key);
            }
        }
    }
}

/// Puts an untagged page's content in one marked-content sequence (`/Figure`,
/// MCID 0), opened at `contents[at]` (after the stamps' opening `q … cm`,
/// when there is one) and closed at the end.
fn wrap_as_figure(
    w: &mut PdfWriter,
    shared: &mut Shared<'_>,
    contents: &mut Vec<Object>,
    at: usize,
) {
    let open = Shared::figure_stream(w, &mut shared.figure_open, tags::FIGURE_OPEN);
    let close = Shared::figure_stream(w, &mut shared.figure_close, tags::FIGURE_CLOSE);
    contents.insert(at.min(contents.len()), Object::Reference((open, 0)));
    contents.push(Object::Reference((close, 0)));
}

/// zlib-compresses `data`, or `None` if that fails or does not make it smaller.
fn deflate(z: &mut flate2::Compress, data: &[u8]) -> Option<Vec<u8>> {
    z.reset();
    let mut out = Vec::with_capacity(data.len() + 64);
    match z.compress_vec(data, &mut out, flate2::FlushCompress::Finish) {
        Ok(flate2::Status::StreamEnd) if out.len() < data.len() => Some(out),
        _ => None,
    }
}

fn rect_object(r: [f32; 4]) -> Object {
    Object::Array(r.iter().map(|v| Object::Real(*v)).collect())
}
