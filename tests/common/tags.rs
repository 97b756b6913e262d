//! Reading a tagged PDF's structure back with lopdf (an independent reading
//! of the file, beside poppler's `pdfinfo -struct-text`), and checking what
//! PDF/UA asks of marked content: every piece of text is in a structure
//! element or an artifact, every MCID on a page is listed in the parent tree
//! under the element that claims it.
#![allow(dead_code)]

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// One structure element, depth first.
#[derive(Debug, Clone)]
pub struct Elem {
    pub depth: usize,
    pub role: String,
    pub id: ObjectId,
    pub alt: Option<String>,
    pub title: Option<String>,
}

/// What the checker found.
#[derive(Debug, Default)]
pub struct Report {
    /// Elements in tree order.
    pub elems: Vec<Elem>,
    /// Marked-content sequences with an MCID (all pages).
    pub mcids: usize,
    /// Text-showing operators inside an artifact.
    pub artifact_texts: usize,
    /// Text-showing operators inside an element's marked content.
    pub tagged_texts: usize,
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.objects.get(id).unwrap_or(&Object::Null),
        o => o,
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    match deref(doc, o) {
        Object::Dictionary(d) => d,
        other => panic!("expected a dictionary, found {other:?}"),
    }
}

fn text(doc: &Document, o: &Object) -> Option<String> {
    match deref(doc, o) {
        Object::String(b, _) => {
            if b.starts_with(&[0xFE, 0xFF]) {
                let u: Vec<u16> = b[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                    .collect();
                Some(String::from_utf16_lossy(&u))
            } else {
                Some(String::from_utf8_lossy(b).into_owned())
            }
        }
        _ => None,
    }
}

fn flatten(doc: &Document, node: &Object, out: &mut BTreeMap<i64, Object>) {
    let d = dict(doc, node);
    if let Ok(nums) = d.get(b"Nums") {
        if let Object::Array(a) = deref(doc, nums) {
            for pair in a.chunks(2) {
                if let [Object::Integer(k), v] = pair {
                    assert!(
                        out.insert(*k, v.clone()).is_none(),
                        "parent tree key {k} twice"
                    );
                }
            }
        }
    }
    if let Ok(kids) = d.get(b"Kids") {
        if let Object::Array(a) = deref(doc, kids) {
            for k in a {
                flatten(doc, k, out);
            }
        }
    }
}

/// Checks the tagged structure of the PDF at `path`; panics naming what is
/// wrong.
pub fn check(path: &Path) -> Report {
    let doc = Document::load(path).expect("lopdf reads the file");
    let catalog = doc.catalog().expect("catalogue");
    let mark = dict(&doc, catalog.get(b"MarkInfo").expect("/MarkInfo"));
    assert_eq!(
        mark.get(b"Marked").ok(),
        Some(&Object::Boolean(true)),
        "/Marked true"
    );
    assert!(
        text(&doc, catalog.get(b"Lang").expect("/Lang")).is_some_and(|l| !l.is_empty()),
        "/Lang"
    );
    let prefs = dict(
        &doc,
        catalog
            .get(b"ViewerPreferences")
            .expect("/ViewerPreferences"),
    );
    assert_eq!(
        prefs.get(b"DisplayDocTitle").ok(),
        Some(&Object::Boolean(true))
    );
    let root_obj = catalog.get(b"StructTreeRoot").expect("/StructTreeRoot");
    let root = dict(&doc, root_obj);
    let mut parent_tree = BTreeMap::new();
    flatten(
        &doc,
        root.get(b"ParentTree").expect("/ParentTree"),
        &mut parent_tree,
    );
    let next_key = root
        .get(b"ParentTreeNextKey")
        .and_then(Object::as_i64)
        .expect("next key");
    if let Some((last, _)) = parent_tree.last_key_value() {
        assert!(
            *last < next_key,
            "ParentTreeNextKey {next_key} <= key {last}"
        );
    }

    // The tree: every element once, each kid's /P its parent; collect MCRs.
    let mut report = Report::default();
    let mut claimed: HashSet<(ObjectId, i64, ObjectId)> = HashSet::new(); // (page, mcid, elem)
    let mut seen = HashSet::new();
    let root_id = root_obj.as_reference().ok();
    let mut stack: Vec<(Object, usize, Option<ObjectId>)> = match root.get(b"K").expect("/K") {
        Object::Array(a) => a.iter().rev().map(|k| (k.clone(), 0, root_id)).collect(),
        k => vec![(k.clone(), 0, root_id)],
    };
    while let Some((kid, depth, parent)) = stack.pop() {
        let Object::Reference(id) = kid else {
            panic!("a structure element that is not an indirect object: {kid:?}");
        };
        assert!(seen.insert(id), "element {id:?} twice in the tree");
        let e = dict(&doc, &kid);
        let role = String::from_utf8_lossy(e.get(b"S").and_then(Object::as_name).expect("/S"))
            .into_owned();
        if let (Some(p), Ok(Object::Reference(actual))) = (parent, e.get(b"P")) {
            assert_eq!(*actual, p, "/P of {role} {id:?}");
        }
        report.elems.push(Elem {
            depth,
            role: role.clone(),
            id,
            alt: e.get(b"Alt").ok().and_then(|o| text(&doc, o)),
            title: e.get(b"T").ok().and_then(|o| text(&doc, o)),
        });
        let page = e.get(b"Pg").ok().and_then(|p| p.as_reference().ok());
        let kids: Vec<Object> = match e.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(o) => vec![o.clone()],
            Err(_) => vec![],
        };
        let mut children = Vec::new();
        for k in kids {
            match &k {
                Object::Integer(mcid) => {
                    claimed.insert((page.expect("/Pg for an integer MCID"), *mcid, id));
                }
                Object::Reference(r) => {
                    let d = dict(&doc, &k);
                    match d.get(b"Type").and_then(Object::as_name) {
                        Ok(b"OBJR") => {}
                        Ok(b"MCR") => mcr(d, page, id, &mut claimed),
                        _ => {
                            let _ = r;
                            children.push((k.clone(), depth + 1, Some(id)));
                        }
                    }
                }
                Object::Dictionary(d) => match d.get(b"Type").and_then(Object::as_name) {
                    Ok(b"OBJR") => {}
                    _ => mcr(d, page, id, &mut claimed),
                },
                other => panic!("unexpected kid {other:?} of {role}"),
            }
        }
        stack.extend(children.into_iter().rev());
    }

    // Content: nesting, text inside marked content, MCIDs in the parent tree.
    for (n, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).unwrap();
        let content = Content::decode(&doc.get_page_content(page_id).unwrap()).unwrap();
        let mut marks: Vec<(Vec<u8>, Option<i64>)> = Vec::new();
        let mut mcids = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BMC" => marks.push((op.operands[0].as_name().unwrap().to_vec(), None)),
                "BDC" => {
                    let tag = op.operands[0].as_name().unwrap().to_vec();
                    let mcid = match &op.operands[1] {
                        Object::Dictionary(d) => d.get(b"MCID").and_then(Object::as_i64).ok(),
                        _ => None,
                    };
                    if let Some(m) = mcid {
                        mcids.push(m);
                    }
                    marks.push((tag, mcid));
                }
                "EMC" => {
                    marks
                        .pop()
                        .unwrap_or_else(|| panic!("page {n}: EMC without BDC"));
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    let in_artifact = marks.iter().any(|(t, _)| t == b"Artifact");
                    let in_mcid = marks.iter().any(|(_, m)| m.is_some());
                    assert!(
                        in_artifact || in_mcid,
                        "page {n}: text outside any tag or artifact"
                    );
                    if in_artifact {
                        report.artifact_texts += 1;
                    } else {
                        report.tagged_texts += 1;
                    }
                }
                _ => {}
            }
        }
        assert!(marks.is_empty(), "page {n}: marked content left open");
        if mcids.is_empty() {
            continue;
        }
        let key = page
            .get(b"StructParents")
            .and_then(Object::as_i64)
            .unwrap_or_else(|_| panic!("page {n} has marked content but no /StructParents"));
        let Some(Object::Array(entry)) = parent_tree.get(&key).map(|o| deref(&doc, o)) else {
            panic!("page {n}: no parent-tree array for key {key}");
        };
        for m in mcids {
            report.mcids += 1;
            let elem = entry
                .get(m as usize)
                .and_then(|o| o.as_reference().ok())
                .unwrap_or_else(|| panic!("page {n}: MCID {m} not in the parent tree"));
            assert!(
                claimed.contains(&(page_id, m, elem)),
                "page {n}: MCID {m} is not a kid of the element the parent tree names"
            );
        }
    }
    report
}

fn mcr(
    d: &Dictionary,
    page: Option<ObjectId>,
    elem: ObjectId,
    claimed: &mut HashSet<(ObjectId, i64, ObjectId)>,
) {
    if d.has(b"Stm") {
        return; // marked content in a form XObject: not on the page itself
    }
    let pg = d
        .get(b"Pg")
        .ok()
        .and_then(|p| p.as_reference().ok())
        .or(page)
        .expect("MCR /Pg");
    let mcid = d.get(b"MCID").and_then(Object::as_i64).expect("MCR /MCID");
    claimed.insert((pg, mcid, elem));
}

/// `pdfinfo -struct-text`.
pub fn struct_text(path: &Path) -> String {
    super::pdf::run("pdfinfo", &["-struct-text", path.to_str().unwrap()])
}

/// Whether `pdfinfo` says "Tagged: yes".
pub fn tagged(path: &Path) -> bool {
    super::pdf::info(path, "Tagged") == "yes"
}
