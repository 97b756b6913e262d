//! A report's own headings, read from its outline, for the pack's bookmarks.
//!
//! Used only for PDFs AgendaPack made itself (a Word report converted with
//! bookmarks from its headings): a received PDF's outline never reaches a
//! pack. The walk is iterative, with a visited set and limits on depth and
//! count, so a hostile outline cannot loop or blow the stack.

use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, Object, ObjectId};

use super::intake::Limits;
use super::source;

/// One heading of a report: where it is and how deep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The heading's text.
    pub title: String,
    /// 1 for a top-level heading, 2 for one under it, and so on.
    pub level: u32,
    /// The page it is on, 0-based within the report.
    pub page: u32,
}

/// Deepest heading level kept.
const MAX_LEVEL: u32 = 6;
/// Most headings kept from one report.
const MAX_HEADINGS: usize = 500;

/// The headings of the PDF `bytes`, depth first, from its outline. Empty when
/// it has none or it cannot be read; entries whose target is not one of its
/// pages are skipped (with their children).
pub fn headings(bytes: &[u8]) -> Vec<Heading> {
    let Ok(src) = source::load(bytes, &Limits::default()) else {
        return Vec::new();
    };
    let pages: HashMap<ObjectId, u32> = src
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i as u32))
        .collect();
    let doc = &src.doc;
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let Some(first) = doc
            .catalog()
            .ok()
            .and_then(|c| c.get(b"Outlines").ok())
            .and_then(|o| deref_dict(doc, o))
            .and_then(|o| o.get(b"First").ok())
            .and_then(|f| f.as_reference().ok())
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        // (next sibling to visit, its level)
        let mut stack: Vec<(ObjectId, u32)> = vec![(first, 1)];
        while let Some((id, level)) = stack.pop() {
            if out.len() >= MAX_HEADINGS || !seen.insert(id) {
                continue;
            }
            let Ok(entry) = doc.get_dictionary(id) else {
                continue;
            };
            if let Some(next) = entry.get(b"Next").ok().and_then(|n| n.as_reference().ok()) {
                stack.push((next, level));
            }
            let Some(page) = target_page(doc, entry, &pages) else {
                continue;
            };
            let title = entry
                .get(b"Title")
                .ok()
                .and_then(|t| lopdf::decode_text_string(t).ok())
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            if title.is_empty() {
                continue;
            }
            out.push(Heading { title, level, page });
            if level < MAX_LEVEL {
                if let Some(child) = entry.get(b"First").ok().and_then(|f| f.as_reference().ok()) {
                    stack.push((child, level + 1));
                }
            }
        }
        out
    }));
    result.unwrap_or_default()
}

fn deref_dict<'a>(doc: &'a lopdf::Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match obj {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// The page an outline entry goes to: its `/Dest` array, or a GoTo action's.
fn target_page(
    doc: &lopdf::Document,
    entry: &Dictionary,
    pages: &HashMap<ObjectId, u32>,
) -> Option<u32> {
    let dest = match entry.get(b"Dest") {
        Ok(d) => d,
        Err(_) => {
            let action = deref_dict(doc, entry.get(b"A").ok()?)?;
            action.get(b"D").ok()?
        }
    };
    let dest = match dest {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        other => other,
    };
    let page = dest.as_array().ok()?.first()?.as_reference().ok()?;
    pages.get(&page).copied()
}
