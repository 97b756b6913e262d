//! Loading a report PDF defensively and walking its page tree.
//!
//! Shared by [`super::intake`] (which refuses bad files with a clerk-friendly
//! message) and [`super::assemble`] (which copies the pages). lopdf does the
//! parsing, wrapped in `catch_unwind`; the page tree is walked here, not by lopdf,
//! with a visited set and a depth limit so that a hostile tree cannot loop.

use std::collections::{BTreeMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::intake::Limits;

/// Why a file could not be loaded; turned into an `IntakeError` by the caller,
/// which adds the file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LoadFailure {
    Empty,
    TooLarge {
        bytes: u64,
        max: u64,
    },
    NotPdf {
        looks_like: &'static str,
    },
    Truncated,
    Corrupt {
        detail: String,
    },
    PasswordProtected,
    NoPages,
    TooManyPages {
        max: u32,
    },
    TooDeep {
        max: u32,
    },
    NestedTooDeep {
        max: u32,
        offset: usize,
        in_object: Option<u32>,
    },
    PageTreeLoop {
        object: u32,
    },
}

/// A parsed source file, decrypted when it was protected by an owner password
/// only, rebuilt by scanning when it was damaged.
#[derive(Debug)]
pub(crate) struct Source {
    pub doc: Document,
    pub decrypted: bool,
    /// True when the cross-reference was unusable and the file was rebuilt.
    pub repaired: bool,
    pub pages: Vec<SourcePage>,
    /// Page-tree nodes (`/Pages`), the catalogue and `/Info`: never copied.
    pub structural: HashSet<ObjectId>,
}

/// One page with its inheritable attributes resolved.
#[derive(Debug, Clone)]
pub(crate) struct SourcePage {
    pub id: ObjectId,
    /// Normalised (x0 < x1, y0 < y1).
    pub media_box: [f32; 4],
    /// The effective `/CropBox`, if any (inherited or the page's own), clipped to
    /// the media box.
    pub crop_box: Option<[f32; 4]>,
    /// 0, 90, 180 or 270.
    pub rotate: i32,
    /// The effective `/Resources` value (a reference or a dictionary), if any.
    pub resources: Option<Object>,
}

impl SourcePage {
    /// The box the reader sees: the crop box, or the media box.
    pub fn visible_box(&self) -> [f32; 4] {
        self.crop_box.unwrap_or(self.media_box)
    }
}

/// US Letter, what viewers assume for a page without any `/MediaBox`.
const DEFAULT_MEDIA_BOX: [f32; 4] = [0.0, 0.0, 612.0, 792.0];

/// Parses `bytes`, decrypts an owner-password-only file and walks the page tree.
/// When that fails because the file is damaged, rebuilds it by scanning for its
/// objects ([`super::repair`]) and tries once more; the pre-scan runs in front
/// of both attempts. Assembly loads stored files this way.
pub(crate) fn load(bytes: &[u8], limits: &Limits) -> Result<Source, LoadFailure> {
    load_with(bytes, limits, false)
}

/// [`load`], also checking that every object the pages use could be read (a
/// file whose cross-reference points at the wrong places parses, but loses
/// objects): what intake needs.
pub(crate) fn load_checked(bytes: &[u8], limits: &Limits) -> Result<Source, LoadFailure> {
    load_with(bytes, limits, true)
}

fn load_with(bytes: &[u8], limits: &Limits, check_objects: bool) -> Result<Source, LoadFailure> {
    if bytes.is_empty() {
        return Err(LoadFailure::Empty);
    }
    let len = bytes.len() as u64;
    if len > limits.max_bytes {
        return Err(LoadFailure::TooLarge {
            bytes: len,
            max: limits.max_bytes,
        });
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !contains(head, b"%PDF-") {
        return Err(LoadFailure::NotPdf {
            looks_like: sniff(bytes),
        });
    }
    pre_scan(bytes, limits)?;
    let failure = match parse(bytes, limits, check_objects) {
        Ok(source) => return Ok(source),
        // An encrypted file lopdf could not open may only have an encryption
        // dictionary lopdf reads too strictly: the rebuild rewrites it as
        // readers read it (see `repair`), and the empty password is tried again.
        Err(failure) if failure.is_damage() || failure == LoadFailure::PasswordProtected => failure,
        Err(failure) => return Err(failure),
    };
    let rebuilt = match catch_unwind(|| super::repair::rebuild(bytes)) {
        Ok(Ok(rebuilt)) => rebuilt,
        // Without a trailer the reference readers (qpdf, poppler) give up
        // too; a cut-off file is still best described as incomplete.
        Ok(Err(super::repair::Unrepairable::NoTrailer))
            if matches!(failure, LoadFailure::Corrupt { .. }) =>
        {
            return Err(LoadFailure::Corrupt {
                detail: "the part that tells a PDF reader where the document starts, its trailer, is missing or unreadable, so other PDF readers cannot open it either".into(),
            })
        }
        _ => return Err(failure),
    };
    pre_scan(&rebuilt, limits)?;
    let mut source = match parse(&rebuilt, limits, check_objects) {
        Ok(source) => source,
        // The original complaint says more than one about the rebuilt copy.
        Err(again) if again.is_damage() || failure == LoadFailure::PasswordProtected => {
            return Err(failure)
        }
        Err(again) => return Err(again),
    };
    // A rebuilt file must be whole: a page using an object the file no longer
    // has (cut off, or lost in the damage) would come out blank or wrong.
    if let Some(object) = first_missing_object(&source) {
        return Err(match failure {
            LoadFailure::Truncated => LoadFailure::Truncated,
            _ => LoadFailure::Corrupt {
                detail: format!("object {object} is missing"),
            },
        });
    }
    source.repaired = failure.is_damage();
    Ok(source)
}

impl LoadFailure {
    /// True for the failures a rebuild by scanning may cure.
    fn is_damage(&self) -> bool {
        matches!(self, LoadFailure::Corrupt { .. } | LoadFailure::Truncated)
    }
}

/// The non-recursive pre-scan: lopdf recurses without limit, so nesting is
/// bounded before it sees the bytes (a stack overflow aborts the process and
/// cannot be caught), and impossible predictor parameters are refused.
fn pre_scan(bytes: &[u8], limits: &Limits) -> Result<(), LoadFailure> {
    let scanned = catch_unwind(|| super::nesting::check(bytes, limits.max_nesting));
    match scanned.unwrap_or(Err(super::nesting::Refusal::TooComplex)) {
        Ok(()) => Ok(()),
        Err(super::nesting::Refusal::TooDeep { offset, in_object }) => {
            Err(LoadFailure::NestedTooDeep {
                max: limits.max_nesting,
                offset,
                in_object,
            })
        }
        Err(super::nesting::Refusal::Impossible { name, value }) => Err(LoadFailure::Corrupt {
            detail: format!("its /{name} value {value} is impossible"),
        }),
        Err(super::nesting::Refusal::TooComplex) => Err(LoadFailure::Corrupt {
            detail: "its structure is too tangled to check safely".into(),
        }),
    }
}

/// One attempt: lopdf parses, the file is decrypted if it opens without a
/// password, the page tree is walked and every object the pages use is checked.
fn parse(bytes: &[u8], limits: &Limits, check_objects: bool) -> Result<Source, LoadFailure> {
    let parsed = catch_unwind(AssertUnwindSafe(|| Document::load_mem(bytes)));
    let mut doc = match parsed {
        Ok(Ok(doc)) => doc,
        Ok(Err(err)) => return Err(damaged(bytes, &err.to_string())),
        Err(_) => return Err(damaged(bytes, "the PDF reader could not make sense of it")),
    };
    let mut decrypted = false;
    if doc.trailer.get(b"Encrypt").is_ok() {
        let opened = catch_unwind(AssertUnwindSafe(|| super::decrypt::open(&mut doc)));
        match opened {
            Ok(Ok(())) => {}
            Ok(Err(super::decrypt::Closed::NeedsPassword)) => {
                return Err(LoadFailure::PasswordProtected)
            }
            Ok(Err(super::decrypt::Closed::Damaged(detail))) => {
                return Err(LoadFailure::Corrupt { detail })
            }
            Err(_) => {
                return Err(LoadFailure::Corrupt {
                    detail: "its encryption could not be read".into(),
                })
            }
        }
        decrypted = true;
    }
    let walked = catch_unwind(AssertUnwindSafe(|| walk_pages(&doc, limits)));
    let (pages, mut structural) = match walked {
        Ok(result) => result?,
        Err(_) => {
            return Err(LoadFailure::Corrupt {
                detail: "its page list could not be read".into(),
            })
        }
    };
    if pages.is_empty() {
        return Err(LoadFailure::NoPages);
    }
    if let Ok(Object::Reference(id)) = doc.trailer.get(b"Root") {
        structural.insert(*id);
    }
    if let Ok(Object::Reference(id)) = doc.trailer.get(b"Info") {
        structural.insert(*id);
    }
    let source = Source {
        doc,
        decrypted,
        repaired: false,
        pages,
        structural,
    };
    if !check_objects {
        return Ok(source);
    }
    if let Some(object) = stream_without_data(&source.doc) {
        return Err(LoadFailure::Corrupt {
            detail: format!("the data of object {object} could not be read"),
        });
    }
    let checked = catch_unwind(AssertUnwindSafe(|| first_unreadable_object(&source)));
    match checked {
        Ok(None) => Ok(source),
        Ok(Some(object)) => Err(LoadFailure::Corrupt {
            detail: format!("object {object} could not be read"),
        }),
        Err(_) => Err(LoadFailure::Corrupt {
            detail: "its contents could not be followed".into(),
        }),
    }
}

fn damaged(bytes: &[u8], detail: &str) -> LoadFailure {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if !contains(tail, b"%%EOF") && !contains(tail, b"startxref") {
        LoadFailure::Truncated
    } else {
        LoadFailure::Corrupt {
            detail: detail.to_string(),
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A guess at what a non-PDF file is, for the error message.
fn sniff(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(512)];
    if head.starts_with(b"PK\x03\x04") {
        "it looks like a Word, Excel or other Office document, or a zip file"
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "it looks like an older Word or Excel document"
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "it looks like a JPEG picture"
    } else if head.starts_with(b"\x89PNG") {
        "it looks like a PNG picture"
    } else if head.starts_with(b"{\\rtf") {
        "it looks like a Rich Text (RTF) document"
    } else if contains(&head.to_ascii_lowercase(), b"<html") {
        "it looks like a web page"
    } else if head
        .iter()
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace() || *b >= 0x80)
    {
        "it looks like plain text"
    } else {
        "its contents are not in PDF format"
    }
}

/// Inherited attributes carried down the page tree.
#[derive(Clone, Default)]
struct Inherited {
    media_box: Option<[f32; 4]>,
    crop_box: Option<[f32; 4]>,
    rotate: Option<i64>,
    resources: Option<Object>,
}

impl Inherited {
    fn update(&mut self, doc: &Document, dict: &Dictionary) {
        if let Some(b) = dict.get(b"MediaBox").ok().and_then(|o| rect(doc, o)) {
            self.media_box = Some(b);
        }
        if let Some(b) = dict.get(b"CropBox").ok().and_then(|o| rect(doc, o)) {
            self.crop_box = Some(b);
        }
        if let Some(r) = dict.get(b"Rotate").ok().and_then(|o| number(doc, o)) {
            self.rotate = Some(r as i64);
        }
        if let Ok(res) = dict.get(b"Resources") {
            if !matches!(res, Object::Null) {
                self.resources = Some(res.clone());
            }
        }
    }
}

/// Walks the tree from the catalogue's `/Pages`, in page order. Returns the pages
/// and the ids of the `/Pages` nodes.
fn walk_pages(
    doc: &Document,
    limits: &Limits,
) -> Result<(Vec<SourcePage>, HashSet<ObjectId>), LoadFailure> {
    let corrupt = |detail: &str| LoadFailure::Corrupt {
        detail: detail.to_string(),
    };
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| corrupt("it has no document catalogue"))?;
    let catalog = doc
        .get_dictionary(root)
        .map_err(|_| corrupt("its document catalogue is missing or damaged"))?;
    let top = catalog
        .get(b"Pages")
        .and_then(Object::as_reference)
        .map_err(|_| corrupt("it has no page list"))?;

    let mut pages = Vec::new();
    let mut nodes = HashSet::new();
    let mut seen_pages = HashSet::new();
    // Depth-first, kids pushed in reverse so pages come out in order.
    let mut stack: Vec<(ObjectId, Inherited, u32)> = vec![(top, Inherited::default(), 1)];
    while let Some((id, mut inherited, depth)) = stack.pop() {
        if depth > limits.max_depth {
            return Err(LoadFailure::TooDeep {
                max: limits.max_depth,
            });
        }
        let dict = match doc.objects.get(&id) {
            Some(Object::Dictionary(d)) => d,
            Some(_) => return Err(corrupt(&format!("page object {} is not a page", id.0))),
            None => {
                return Err(corrupt(&format!(
                    "page object {} is missing or damaged",
                    id.0
                )))
            }
        };
        let is_node = match dict.get(b"Type").and_then(Object::as_name) {
            Ok(b"Pages") => true,
            Ok(b"Page") => false,
            _ => dict.has(b"Kids"),
        };
        inherited.update(doc, dict);
        if is_node {
            if !nodes.insert(id) || seen_pages.contains(&id) {
                return Err(LoadFailure::PageTreeLoop { object: id.0 });
            }
            let kids = match dict.get(b"Kids") {
                Ok(Object::Array(a)) => a,
                Ok(Object::Reference(r)) => match doc.objects.get(r) {
                    Some(Object::Array(a)) => a,
                    _ => return Err(corrupt("its page list is damaged")),
                },
                _ => return Err(corrupt("its page list is damaged")),
            };
            for kid in kids.iter().rev() {
                match kid {
                    Object::Reference(kid_id) => {
                        if nodes.contains(kid_id) {
                            return Err(LoadFailure::PageTreeLoop { object: kid_id.0 });
                        }
                        stack.push((*kid_id, inherited.clone(), depth + 1));
                    }
                    Object::Null => {}
                    _ => return Err(corrupt("its page list is damaged")),
                }
            }
        } else {
            if !seen_pages.insert(id) {
                return Err(LoadFailure::PageTreeLoop { object: id.0 });
            }
            if pages.len() as u64 >= u64::from(limits.max_pages) {
                return Err(LoadFailure::TooManyPages {
                    max: limits.max_pages,
                });
            }
            let media_box = inherited.media_box.unwrap_or(DEFAULT_MEDIA_BOX);
            let crop_box = inherited
                .crop_box
                .and_then(|c| intersect(c, media_box))
                .filter(|c| *c != media_box);
            pages.push(SourcePage {
                id,
                media_box,
                crop_box,
                rotate: normalise_rotation(inherited.rotate.unwrap_or(0)),
                resources: inherited.resources.clone(),
            });
        }
    }
    Ok((pages, nodes))
}

fn normalise_rotation(r: i64) -> i32 {
    let r = r.rem_euclid(360);
    // Only multiples of 90 are valid; round anything else to the nearest one.
    (((r + 45) / 90 * 90) % 360) as i32
}

fn number(doc: &Document, obj: &Object) -> Option<f32> {
    let obj = match obj {
        Object::Reference(id) => doc.objects.get(id)?,
        o => o,
    };
    match obj {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

/// A rectangle, normalised, or `None` when it is not four finite numbers with area.
pub(crate) fn rect(doc: &Document, obj: &Object) -> Option<[f32; 4]> {
    let obj = match obj {
        Object::Reference(id) => doc.objects.get(id)?,
        o => o,
    };
    let arr = obj.as_array().ok()?;
    if arr.len() != 4 {
        return None;
    }
    let mut v = [0f32; 4];
    for (slot, o) in v.iter_mut().zip(arr) {
        *slot = number(doc, o)?;
    }
    let r = [
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ];
    (r[2] - r[0] > 0.0 && r[3] - r[1] > 0.0).then_some(r)
}

fn intersect(a: [f32; 4], b: [f32; 4]) -> Option<[f32; 4]> {
    let r = [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ];
    (r[2] > r[0] && r[3] > r[1]).then_some(r)
}

/// The document's `/Producer`, if it has one.
pub(crate) fn producer(doc: &Document) -> Option<String> {
    let info = match doc.trailer.get(b"Info").ok()? {
        Object::Reference(id) => doc.objects.get(id)?,
        o => o,
    };
    let value = match info.as_dict().ok()?.get(b"Producer").ok()? {
        Object::Reference(id) => doc.objects.get(id)?,
        o => o,
    };
    lopdf::decode_text_string(value)
        .ok()
        .map(|s| s.trim_matches(char::from(0)).trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Checks that every object the pages need could be read: a reference to an object
/// the cross-reference table says exists, but which lopdf could not parse, means the
/// file is damaged. Returns the number of the first such object.
fn first_unreadable_object(source: &Source) -> Option<u32> {
    let doc = &source.doc;
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut todo: Vec<&Object> = Vec::new();
    for page in &source.pages {
        if let Some(obj) = doc.objects.get(&page.id) {
            todo.push(obj);
        }
        if let Some(res) = &page.resources {
            todo.push(res);
        }
    }
    while let Some(obj) = todo.pop() {
        match obj {
            Object::Reference(id) => {
                if source.structural.contains(id) || !seen.insert(*id) {
                    continue;
                }
                match doc.objects.get(id) {
                    Some(o) => todo.push(o),
                    None => {
                        if doc.reference_table.get(id.0).is_some_and(|e| {
                            matches!(
                                e,
                                lopdf::xref::XrefEntry::Normal { .. }
                                    | lopdf::xref::XrefEntry::Compressed { .. }
                            )
                        }) {
                            return Some(id.0);
                        }
                    }
                }
            }
            Object::Array(a) => todo.extend(a.iter()),
            Object::Dictionary(d) => todo.extend(
                d.iter()
                    .filter(|(k, _)| k.as_slice() != b"Parent")
                    .map(|(_, v)| v),
            ),
            Object::Stream(s) => todo.extend(
                s.dict
                    .iter()
                    .filter(|(k, _)| k.as_slice() != b"Parent")
                    .map(|(_, v)| v),
            ),
            _ => {}
        }
    }
    None
}

/// A stream whose `/Length` is wrong comes out of lopdf as its dictionary
/// alone, silently without its data (a font, an image or a page's content
/// lost). Such a dictionary still has the stream's `/Length`; no other
/// top-level dictionary does, except the encryption dictionary.
fn stream_without_data(doc: &Document) -> Option<u32> {
    let encrypt = doc
        .trailer
        .get(b"Encrypt")
        .and_then(Object::as_reference)
        .ok();
    doc.objects.iter().find_map(|(id, obj)| match obj {
        Object::Dictionary(d)
            if Some(*id) != encrypt
                && d.has(b"Length")
                && !d.has(b"CFM")
                && d.get(b"Filter").and_then(Object::as_name).ok() != Some(b"Standard") =>
        {
            Some(id.0)
        }
        _ => None,
    })
}

/// The first object the pages use (content, resources, annotations, and what
/// they use) that is not in the document at all.
fn first_missing_object(source: &Source) -> Option<u32> {
    let doc = &source.doc;
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut todo: Vec<&Object> = Vec::new();
    for page in &source.pages {
        if let Some(obj) = doc.objects.get(&page.id) {
            todo.push(obj);
        }
        if let Some(res) = &page.resources {
            todo.push(res);
        }
    }
    while let Some(obj) = todo.pop() {
        match obj {
            Object::Reference(id) => {
                if source.structural.contains(id) || !seen.insert(*id) {
                    continue;
                }
                match doc.objects.get(id) {
                    Some(o) => todo.push(o),
                    None => return Some(id.0),
                }
            }
            Object::Array(a) => todo.extend(a.iter()),
            Object::Dictionary(d) => todo.extend(
                d.iter()
                    .filter(|(k, _)| k.as_slice() != b"Parent")
                    .map(|(_, v)| v),
            ),
            Object::Stream(s) => todo.extend(
                s.dict
                    .iter()
                    .filter(|(k, _)| k.as_slice() != b"Parent")
                    .map(|(_, v)| v),
            ),
            _ => {}
        }
    }
    None
}

/// Named destinations of a source, for turning named links into explicit ones.
pub(crate) fn named_destinations(doc: &Document) -> BTreeMap<Vec<u8>, Object> {
    let mut out = BTreeMap::new();
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    let deref = |o: &Object| -> Option<Object> {
        match o {
            Object::Reference(id) => doc.objects.get(id).cloned(),
            o => Some(o.clone()),
        }
    };
    // PDF 1.1 style: /Dests dictionary in the catalogue.
    if let Some(Object::Dictionary(d)) = catalog.get(b"Dests").ok().and_then(deref) {
        for (k, v) in d.iter() {
            if let Some(v) = deref(v) {
                out.insert(k.clone(), v);
            }
        }
    }
    // PDF 1.2 style: /Names << /Dests name tree >>.
    let tree = catalog
        .get(b"Names")
        .ok()
        .and_then(deref)
        .and_then(|n| n.as_dict().ok().and_then(|d| d.get(b"Dests").ok().cloned()));
    let Some(tree) = tree else {
        return out;
    };
    let mut seen = HashSet::new();
    let mut stack = vec![(tree, 0u32)];
    while let Some((node, depth)) = stack.pop() {
        if depth > 64 || out.len() > 1_000_000 {
            break;
        }
        if let Object::Reference(id) = node {
            if !seen.insert(id) {
                continue;
            }
        }
        let Some(Object::Dictionary(d)) = deref(&node) else {
            continue;
        };
        if let Ok(Object::Array(names)) = d.get(b"Names").map(|o| deref(o).unwrap_or(Object::Null))
        {
            for pair in names.chunks(2) {
                if let [Object::String(k, _), v] = pair {
                    if let Some(v) = deref(v) {
                        out.insert(k.clone(), v);
                    }
                }
            }
        }
        if let Ok(Object::Array(kids)) = d.get(b"Kids").map(|o| deref(o).unwrap_or(Object::Null)) {
            for kid in kids {
                stack.push((kid, depth + 1));
            }
        }
    }
    out
}
