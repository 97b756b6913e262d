//! What a report PDF offers a reader who cannot see it: whether it is tagged,
//! whether it has a document title, and which pages show images but no text
//! (scans without a text layer). The pre-flight check's accessibility
//! findings come from here.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::intake::{IntakeError, Limits};
use super::source::{self, Source};

/// How accessible a PDF is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accessibility {
    /// It has a structure tree (`/StructTreeRoot` with elements), so a
    /// screen reader can follow it. A pack keeps it (see [`super::assemble`]).
    pub tagged: bool,
    /// Its document title (`/Info /Title`), if it has a non-empty one.
    pub title: Option<String>,
    /// 1-based pages that draw an image but show no text: a scan without a
    /// text layer, which a screen reader cannot read at all.
    pub pages_without_text: Vec<u32>,
    /// Number of pages.
    pub pages: u32,
}

/// Inspects `bytes` (a report as stored). `file` names it in errors.
pub fn accessibility(file: &str, bytes: &[u8]) -> Result<Accessibility, IntakeError> {
    let limits = Limits {
        max_bytes: u64::MAX,
        ..Limits::default()
    };
    let src = source::load(bytes, &limits).map_err(|f| IntakeError::from_failure(file, f))?;
    let tagged = super::tags::source_tree(&src).is_some();
    let title = document_title(&src.doc);
    let pages_without_text = src
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| image_only(&src, p.id, p.resources.as_ref()))
        .map(|(i, _)| i as u32 + 1)
        .collect();
    Ok(Accessibility {
        tagged,
        title,
        pages_without_text,
        pages: src.pages.len() as u32,
    })
}

fn document_title(doc: &Document) -> Option<String> {
    let info = match doc.trailer.get(b"Info").ok()? {
        Object::Reference(id) => doc.objects.get(id)?.as_dict().ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    let title = match info.get(b"Title").ok()? {
        Object::Reference(id) => doc.objects.get(id)?,
        o => o,
    };
    let text = match title {
        Object::String(..) => lopdf::decode_text_string(title).ok()?,
        _ => return None,
    };
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// Whether the page paints an image and shows no text (a form XObject might
/// hold text, so a page using one is not counted).
fn image_only(src: &Source, page: ObjectId, resources: Option<&Object>) -> bool {
    let doc = &src.doc;
    let Ok(data) = doc.get_page_content(page) else {
        return false;
    };
    let Ok(content) = Content::decode(&data) else {
        return false;
    };
    let xobjects = resource_dict(doc, resources, b"XObject");
    let mut image = false;
    for op in &content.operations {
        match op.operator.as_str() {
            "Tj" | "TJ" | "'" | "\"" => return false,
            "BI" | "EI" => image = true,
            "Do" => {
                let Some(Object::Name(name)) = op.operands.first() else {
                    continue;
                };
                let subtype = xobjects
                    .as_ref()
                    .and_then(|x| x.get(name).ok())
                    .and_then(|o| match o {
                        Object::Reference(id) => doc.objects.get(id),
                        o => Some(o),
                    })
                    .and_then(|o| match o {
                        Object::Stream(s) => s.dict.get(b"Subtype").and_then(Object::as_name).ok(),
                        _ => None,
                    });
                match subtype {
                    Some(b"Image") => image = true,
                    _ => return false,
                }
            }
            _ => {}
        }
    }
    image
}

fn resource_dict(doc: &Document, resources: Option<&Object>, key: &[u8]) -> Option<Dictionary> {
    let deref = |o: &Object| -> Option<Dictionary> {
        match o {
            Object::Reference(id) => doc.objects.get(id)?.as_dict().ok().cloned(),
            Object::Dictionary(d) => Some(d.clone()),
            _ => None,
        }
    };
    let res = deref(resources?)?;
    deref(res.get(key).ok()?)
}
