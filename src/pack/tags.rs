//! The pack's structure tree (tagged PDF).
//!
//! ```text
//! StructTreeRoot
//! └─ Document
//!    ├─ … the front sheet's own elements (H1, P, L, Table, …)
//!    ├─ Sect  /T item title
//!    │  ├─ … a tagged report's elements (its Document unwrapped)
//!    │  └─ Sect  /T report title          (when the report has a bookmark)
//!    │     └─ Figure /Alt "…not tagged" (an untagged report: all its pages)
//!    └─ …
//! ```
//!
//! Each source keeps its own parent-tree keys, shifted by the keys of the
//! sources before it (`/StructParents` of pages, `/StructParent` of
//! annotations and XObjects are shifted as they are copied), so marked content
//! still finds its element. Role and class maps are merged (the first
//! source's mapping wins a clash); element `/ID`s get a prefix per source and
//! are listed in one `/IDTree`.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::assemble::Part;
use super::source::Source;
use super::writer::PdfWriter;

/// Opens an untagged page's content as its one marked-content sequence.
pub(crate) const FIGURE_OPEN: &[u8] = b"/Figure <</MCID 0>> BDC\n";
/// Closes it.
pub(crate) const FIGURE_CLOSE: &[u8] = b"\nEMC\n";

/// How deep a parent tree may nest (real files use one or two levels).
const MAX_TREE_DEPTH: u32 = 32;

/// Where a source's structure goes in the pack.
#[derive(Debug, Clone)]
pub(crate) struct Placement {
    /// The pack element its top elements hang under.
    pub parent: u32,
    /// What its parent-tree keys are shifted by.
    pub base: i64,
    /// Prefix of its element `/ID`s.
    pub id_prefix: String,
    /// What an untagged source's figures call it.
    pub label: String,
}

/// A source's structure as copied into the pack.
#[derive(Debug, Clone, Default)]
pub(crate) struct CopiedStructure {
    /// Its top elements, as references into the pack.
    pub kids: Vec<Object>,
    /// Parent-tree entries with the pack's keys, in key order.
    pub parent_tree: Vec<(i64, Object)>,
    /// The first key after its own.
    pub next_key: i64,
    /// Its role map and class map, references renumbered.
    pub role_map: Dictionary,
    pub class_map: Dictionary,
    /// Element `/ID`s (prefixed) with their object numbers in the pack.
    pub ids: Vec<(Vec<u8>, u32)>,
}

/// A tagged source's structure tree as found.
#[derive(Debug)]
pub(crate) struct SourceTree {
    /// The elements to copy (references or dictionaries, in order).
    pub kids: Vec<Object>,
    /// The root and an unwrapped `Document`: references to them become
    /// references to the placement's element.
    pub stand_ins: Vec<ObjectId>,
    /// The parent tree flattened: key → value, in key order.
    pub parent_tree: Vec<(i64, Object)>,
    pub role_map: Option<Dictionary>,
    pub class_map: Option<Dictionary>,
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.objects.get(id).unwrap_or(&Object::Null),
        o => o,
    }
}

fn kids_of(obj: &Object) -> Vec<Object> {
    match obj {
        Object::Array(a) => a.clone(),
        Object::Null => Vec::new(),
        o => vec![o.clone()],
    }
}

/// The structure tree of a tagged source: a catalogue `/StructTreeRoot`
/// with elements under `/K`. `None` for an untagged source.
pub(crate) fn source_tree(src: &Source) -> Option<SourceTree> {
    let doc = &src.doc;
    let catalog = match deref(doc, doc.trailer.get(b"Root").ok()?) {
        Object::Dictionary(d) => d,
        _ => return None,
    };
    let root_obj = catalog.get(b"StructTreeRoot").ok()?;
    let root_id = root_obj.as_reference().ok();
    let Object::Dictionary(root) = deref(doc, root_obj) else {
        return None;
    };
    let mut kids = kids_of(deref(doc, root.get(b"K").ok()?));
    if kids.is_empty() {
        return None;
    }
    let role_map = match root.get(b"RoleMap").map(|o| deref(doc, o)) {
        Ok(Object::Dictionary(d)) => Some(d.clone()),
        _ => None,
    };
    let class_map = match root.get(b"ClassMap").map(|o| deref(doc, o)) {
        Ok(Object::Dictionary(d)) => Some(d.clone()),
        _ => None,
    };
    let mut stand_ins: Vec<ObjectId> = root_id.into_iter().collect();
    // A lone Document element whose kids are all elements: its kids go
    // straight under the pack's Sect (a Document inside a Document says
    // nothing to a reader).
    let lone = match kids.as_slice() {
        [Object::Reference(id)] => Some(*id),
        _ => None,
    };
    if let Some(id) = lone {
        if let Some(Object::Dictionary(d)) = doc.objects.get(&id) {
            let role = d.get(b"S").and_then(Object::as_name).ok();
            let mapped = role.and_then(|r| {
                role_map
                    .as_ref()
                    .and_then(|m| m.get(r).and_then(Object::as_name).ok())
            });
            let is_document = role == Some(b"Document") || mapped == Some(b"Document");
            let inner = d
                .get(b"K")
                .map(|k| kids_of(deref(doc, k)))
                .unwrap_or_default();
            if is_document
                && !inner.is_empty()
                && inner.iter().all(|k| matches!(k, Object::Reference(_)))
                && !d.has(b"Lang")
            {
                stand_ins.push(id);
                kids = inner;
            }
        }
    }
    let mut parent_tree = Vec::new();
    if let Ok(pt) = root.get(b"ParentTree") {
        let mut seen = HashSet::new();
        flatten(doc, pt, 0, &mut seen, &mut parent_tree);
        parent_tree.sort_by_key(|(k, _)| *k);
        parent_tree.dedup_by_key(|(k, _)| *k);
        parent_tree.retain(|(k, _)| *k >= 0);
    }
    Some(SourceTree {
        kids,
        stand_ins,
        parent_tree,
        role_map,
        class_map,
    })
}

/// The entries of a number tree, depth first.
fn flatten(
    doc: &Document,
    node: &Object,
    depth: u32,
    seen: &mut HashSet<ObjectId>,
    out: &mut Vec<(i64, Object)>,
) {
    if depth > MAX_TREE_DEPTH {
        return;
    }
    if let Object::Reference(id) = node {
        if !seen.insert(*id) {
            return;
        }
    }
    let Object::Dictionary(d) = deref(doc, node) else {
        return;
    };
    if let Ok(Object::Array(nums)) = d.get(b"Nums").map(|o| deref(doc, o)) {
        for pair in nums.chunks(2) {
            if let [Object::Integer(k), v] = pair {
                out.push((*k, v.clone()));
            }
        }
    }
    if let Ok(Object::Array(kids)) = d.get(b"Kids").map(|o| deref(doc, o)) {
        for k in kids {
            flatten(doc, k, depth + 1, seen, out);
        }
    }
}

/// An untagged source's pages as one `Figure`: each page's whole content is
/// its MCID 0 (see [`FIGURE_OPEN`]), and the `/Alt` says the report is not
/// tagged. (One element for the report, not one a page: a long pack of
/// untagged reports stays small.)
pub(crate) fn figures(w: &mut PdfWriter, placement: &Placement, pages: &[u32]) -> CopiedStructure {
    let id = w.alloc();
    let n = pages.len();
    let alt = format!(
        "'{}' ({n} page{}), a report that is not tagged",
        placement.label,
        if n == 1 { "" } else { "s" }
    );
    let mcrs: Vec<Object> = pages
        .iter()
        .map(|page| {
            Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"MCR".to_vec())),
                ("Pg", Object::Reference((*page, 0))),
                ("MCID", Object::Integer(0)),
            ]))
        })
        .collect();
    let elem = Dictionary::from_iter([
        ("Type", Object::Name(b"StructElem".to_vec())),
        ("S", Object::Name(b"Figure".to_vec())),
        ("P", Object::Reference((placement.parent, 0))),
        ("Alt", lopdf::text_string(&alt)),
        ("K", Object::Array(mcrs)),
    ]);
    w.write(id, &Object::Dictionary(elem));
    let parent_tree = (0..n)
        .map(|i| {
            (
                placement.base + i as i64,
                Object::Array(vec![Object::Reference((id, 0))]),
            )
        })
        .collect();
    CopiedStructure {
        kids: vec![Object::Reference((id, 0))],
        parent_tree,
        next_key: placement.base + n as i64,
        ..CopiedStructure::default()
    }
}

/// A `Sect` of the pack.
#[derive(Debug)]
struct Sect {
    id: u32,
    parent: u32,
    title: String,
    kids: Vec<Object>,
    /// Whether it is in its parent's kids yet.
    placed: bool,
}

/// The pack's structure tree, built as the sources are copied.
#[derive(Debug)]
pub(crate) struct PackStructure {
    root: u32,
    document: u32,
    document_kids: Vec<Object>,
    sects: Vec<Sect>,
    /// Per part: the sect its elements go in, and its item's sect.
    targets: Vec<(usize, usize)>,
    labels: Vec<String>,
    added: usize,
    parent_tree: Vec<(i64, Object)>,
    next_key: i64,
    role_map: Dictionary,
    class_map: Dictionary,
    ids: Vec<(Vec<u8>, u32)>,
}

impl PackStructure {
    /// Allocates the root, the `Document` and a `Sect` per item (consecutive
    /// parts with the same item bookmark share one) and per report bookmark.
    pub fn new(w: &mut PdfWriter, parts: &[Part]) -> Self {
        let root = w.alloc();
        let document = w.alloc();
        let mut sects: Vec<Sect> = Vec::new();
        let mut targets = Vec::with_capacity(parts.len());
        let mut labels = Vec::with_capacity(parts.len());
        let mut previous: Option<&str> = None;
        for part in parts {
            if previous != Some(part.item_bookmark.as_str()) || sects.is_empty() {
                sects.push(Sect {
                    id: w.alloc(),
                    parent: document,
                    title: part.item_bookmark.clone(),
                    kids: Vec::new(),
                    placed: false,
                });
                previous = Some(part.item_bookmark.as_str());
            }
            let item = sects.len() - 1;
            let target = match &part.report_bookmark {
                Some(title) => {
                    sects.push(Sect {
                        id: w.alloc(),
                        parent: sects[item].id,
                        title: title.clone(),
                        kids: Vec::new(),
                        placed: false,
                    });
                    sects.len() - 1
                }
                None => item,
            };
            targets.push((target, item));
            labels.push(
                part.report_bookmark
                    .clone()
                    .unwrap_or_else(|| part.item_bookmark.clone()),
            );
        }
        Self {
            root,
            document,
            document_kids: Vec::new(),
            sects,
            targets,
            labels,
            added: 0,
            parent_tree: Vec::new(),
            next_key: 0,
            role_map: Dictionary::new(),
            class_map: Dictionary::new(),
            ids: Vec::new(),
        }
    }

    /// Where the front sheet's structure goes: straight under the `Document`.
    pub fn front_placement(&self) -> Placement {
        Placement {
            parent: self.document,
            base: self.next_key,
            id_prefix: "front-".into(),
            label: "Agenda front sheet".into(),
        }
    }

    /// Where part `index`'s structure goes.
    pub fn part_placement(&self, index: usize) -> Placement {
        let (target, _) = self.targets[index];
        Placement {
            parent: self.sects[target].id,
            base: self.next_key,
            id_prefix: format!("part{}-", index + 1),
            label: self.labels[index].clone(),
        }
    }

    /// Takes in the next source's structure: the front sheet first, then
    /// the parts in order.
    pub fn add(&mut self, copied: CopiedStructure) {
        let CopiedStructure {
            kids,
            mut parent_tree,
            next_key,
            role_map,
            class_map,
            ids,
            ..
        } = copied;
        match self.added.checked_sub(1) {
            None => self.document_kids.extend(kids),
            Some(part) => {
                let (target, item) = self.targets[part];
                if !self.sects[item].placed {
                    self.sects[item].placed = true;
                    let id = self.sects[item].id;
                    self.document_kids.push(Object::Reference((id, 0)));
                }
                if target != item && !self.sects[target].placed {
                    self.sects[target].placed = true;
                    let id = self.sects[target].id;
                    self.sects[item].kids.push(Object::Reference((id, 0)));
                }
                self.sects[target].kids.extend(kids);
            }
        }
        self.added += 1;
        self.parent_tree.append(&mut parent_tree);
        self.next_key = self.next_key.max(next_key);
        for (k, v) in role_map {
            if !self.role_map.has(&k) {
                self.role_map.set(k, v);
            }
        }
        for (k, v) in class_map {
            if !self.class_map.has(&k) {
                self.class_map.set(k, v);
            }
        }
        self.ids.extend(ids);
    }

    /// Writes the tree; returns the root's object number.
    pub fn write(mut self, w: &mut PdfWriter) -> u32 {
        for sect in &self.sects {
            let elem = Dictionary::from_iter([
                ("Type", Object::Name(b"StructElem".to_vec())),
                ("S", Object::Name(b"Sect".to_vec())),
                ("P", Object::Reference((sect.parent, 0))),
                ("T", lopdf::text_string(&sect.title)),
                ("K", Object::Array(sect.kids.clone())),
            ]);
            w.write(sect.id, &Object::Dictionary(elem));
        }
        let document = Dictionary::from_iter([
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(b"Document".to_vec())),
            ("P", Object::Reference((self.root, 0))),
            ("K", Object::Array(std::mem::take(&mut self.document_kids))),
        ]);
        w.write(self.document, &Object::Dictionary(document));
        let mut nums = Vec::with_capacity(self.parent_tree.len() * 2);
        for (k, v) in std::mem::take(&mut self.parent_tree) {
            nums.push(Object::Integer(k));
            nums.push(v);
        }
        let parent_tree = w.alloc();
        w.write(
            parent_tree,
            &Object::Dictionary(Dictionary::from_iter([("Nums", Object::Array(nums))])),
        );
        let mut root = Dictionary::from_iter([
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            ("K", Object::Reference((self.document, 0))),
            ("ParentTree", Object::Reference((parent_tree, 0))),
            ("ParentTreeNextKey", Object::Integer(self.next_key)),
        ]);
        if !self.role_map.is_empty() {
            root.set("RoleMap", Object::Dictionary(self.role_map));
        }
        if !self.class_map.is_empty() {
            root.set("ClassMap", Object::Dictionary(self.class_map));
        }
        if !self.ids.is_empty() {
            self.ids.sort();
            self.ids.dedup_by(|a, b| a.0 == b.0);
            let names = self
                .ids
                .into_iter()
                .flat_map(|(id, obj)| {
                    [
                        Object::String(id, lopdf::StringFormat::Literal),
                        Object::Reference((obj, 0)),
                    ]
                })
                .collect();
            root.set(
                "IDTree",
                Object::Dictionary(Dictionary::from_iter([("Names", Object::Array(names))])),
            );
        }
        w.write(self.root, &Object::Dictionary(root));
        self.root
    }
}
