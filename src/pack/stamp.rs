//! The "Page N" stamp and the private watermark drawn over report pages.
//!
//! Text is set in Liberation Sans, embedded as a subset (a CID-keyed TrueType font
//! with a `/ToUnicode` map, so text extraction returns the real characters,
//! en dashes included). The overlay is drawn in the reader's orientation: on a
//! page with `/Rotate` the drawing is turned back so the stamp reads upright.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use lopdf::{Dictionary, Object, Stream, StringFormat};
use sha2::{Digest, Sha256};

const FONT_DATA: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");

/// Font size of the "Page N" stamp, points.
const STAMP_SIZE: f32 = 10.0;
/// Largest font size of the watermark, points (reduced to fit narrow pages).
const WATERMARK_SIZE: f32 = 9.0;
/// Distance of the stamp's baseline from the bottom edge (10 mm) and of the
/// watermark's cap line from the top edge, in points.
const EDGE: f32 = 28.35;
/// White margin round the text of the backing box, points.
const PAD: f32 = 2.5;

/// The subset font used for stamps and watermarks in one pack.
#[derive(Debug)]
pub(crate) struct StampFont {
    /// char → glyph id in the subset.
    glyphs: BTreeMap<char, u16>,
    /// Advance width of each subset glyph, in 1/1000 em.
    widths: Vec<f32>,
    subset: Vec<u8>,
    base_font: String,
    ascent: f32,
    descent: f32,
    cap_height: f32,
    bbox: [f32; 4],
}

/// Object numbers of the font's five objects in the output.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FontIds {
    pub type0: u32,
    pub cid_font: u32,
    pub descriptor: u32,
    pub file: u32,
    pub to_unicode: u32,
}

impl StampFont {
    /// Builds a subset holding every character of `texts` (plus "Page 0-9").
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let face = ttf_parser::Face::parse(FONT_DATA, 0)
            .map_err(|e| format!("the built-in font could not be read: {e}"))?;
        let mut chars: BTreeSet<char> = "Page 0123456789".chars().collect();
        for t in texts {
            chars.extend(t.chars().filter(|c| !c.is_control()));
        }
        let mut remapper = subsetter::GlyphRemapper::new();
        let mut glyphs = BTreeMap::new();
        for c in chars {
            if let Some(g) = face.glyph_index(c) {
                glyphs.insert(c, remapper.remap(g.0));
            }
        }
        let subset = subsetter::subset(FONT_DATA, 0, &remapper)
            .map_err(|e| format!("the built-in font could not be subset: {e}"))?;
        let upem = f32::from(face.units_per_em().max(1));
        let scale = |v: f32| v * 1000.0 / upem;
        let mut widths = vec![0f32; usize::from(remapper.num_gids())];
        for old in remapper.remapped_gids() {
            let new = remapper.get(old).unwrap_or(0);
            let adv = face
                .glyph_hor_advance(ttf_parser::GlyphId(old))
                .unwrap_or(0);
            if let Some(w) = widths.get_mut(usize::from(new)) {
                *w = scale(f32::from(adv)).round();
            }
        }
        // Subset tag: six capitals derived from the glyph set, so the same texts
        // always give the same name.
        let digest = Sha256::digest(
            glyphs
                .keys()
                .flat_map(|c| (*c as u32).to_be_bytes())
                .collect::<Vec<u8>>(),
        );
        let tag: String = digest
            .iter()
            .take(6)
            .map(|b| char::from(b'A' + b % 26))
            .collect();
        let bb = face.global_bounding_box();
        Ok(StampFont {
            glyphs,
            widths,
            subset,
            base_font: format!("{tag}+LiberationSans"),
            ascent: scale(f32::from(face.ascender())),
            descent: scale(f32::from(face.descender())),
            cap_height: scale(f32::from(face.capital_height().unwrap_or(1409))),
            bbox: [
                scale(f32::from(bb.x_min)),
                scale(f32::from(bb.y_min)),
                scale(f32::from(bb.x_max)),
                scale(f32::from(bb.y_max)),
            ],
        })
    }

    /// Hex glyph string for `Tj` and the advance width in 1/1000 em.
    fn encode(&self, text: &str) -> (String, f32) {
        let mut hex = String::with_capacity(text.len() * 4 + 2);
        let mut width = 0.0;
        hex.push('<');
        for c in text.chars() {
            let gid = self.glyphs.get(&c).copied().unwrap_or(0);
            width += self.widths.get(usize::from(gid)).copied().unwrap_or(0.0);
            let _ = write!(hex, "{gid:04X}");
        }
        hex.push('>');
        (hex, width)
    }

    /// The font's objects, numbered as in `ids`.
    pub fn objects(&self, ids: FontIds) -> Vec<(u32, Object)> {
        let r = |n: u32| Object::Reference((n, 0));
        let name = || Object::Name(self.base_font.clone().into_bytes());
        let mut file = Stream::new(
            Dictionary::from_iter([("Length1", Object::Integer(self.subset.len() as i64))]),
            self.subset.clone(),
        );
        let _ = file.compress();
        let descriptor = Dictionary::from_iter([
            ("Type", Object::Name(b"FontDescriptor".to_vec())),
            ("FontName", name()),
            ("Flags", Object::Integer(32)),
            (
                "FontBBox",
                Object::Array(self.bbox.iter().map(|v| Object::Real(*v)).collect()),
            ),
            ("ItalicAngle", Object::Integer(0)),
            ("Ascent", Object::Real(self.ascent)),
            ("Descent", Object::Real(self.descent)),
            ("CapHeight", Object::Real(self.cap_height)),
            ("StemV", Object::Integer(80)),
            ("FontFile2", r(ids.file)),
        ]);
        let cid_font = Dictionary::from_iter([
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
            ("BaseFont", name()),
            (
                "CIDSystemInfo",
                Object::Dictionary(Dictionary::from_iter([
                    (
                        "Registry",
                        Object::String(b"Adobe".to_vec(), StringFormat::Literal),
                    ),
                    (
                        "Ordering",
                        Object::String(b"Identity".to_vec(), StringFormat::Literal),
                    ),
                    ("Supplement", Object::Integer(0)),
                ])),
            ),
            ("FontDescriptor", r(ids.descriptor)),
            ("DW", Object::Integer(0)),
            (
                "W",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Array(
                        self.widths
                            .iter()
                            .map(|w| Object::Integer(*w as i64))
                            .collect(),
                    ),
                ]),
            ),
            ("CIDToGIDMap", Object::Name(b"Identity".to_vec())),
        ]);
        let type0 = Dictionary::from_iter([
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"Type0".to_vec())),
            ("BaseFont", name()),
            ("Encoding", Object::Name(b"Identity-H".to_vec())),
            ("DescendantFonts", Object::Array(vec![r(ids.cid_font)])),
            ("ToUnicode", r(ids.to_unicode)),
        ]);
        let mut cmap = Stream::new(Dictionary::new(), self.to_unicode_cmap().into_bytes());
        let _ = cmap.compress();
        vec![
            (ids.type0, Object::Dictionary(type0)),
            (ids.cid_font, Object::Dictionary(cid_font)),
            (ids.descriptor, Object::Dictionary(descriptor)),
            (ids.file, Object::Stream(file)),
            (ids.to_unicode, Object::Stream(cmap)),
        ]
    }

    fn to_unicode_cmap(&self) -> String {
        let mut entries: Vec<(u16, char)> = self.glyphs.iter().map(|(c, g)| (*g, *c)).collect();
        entries.sort_unstable();
        entries.dedup_by_key(|e| e.0);
        let mut s = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        for chunk in entries.chunks(100) {
            let _ = writeln!(s, "{} beginbfchar", chunk.len());
            for (gid, c) in chunk {
                let mut units = [0u16; 2];
                let utf16: String = c
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                let _ = writeln!(s, "<{gid:04X}> <{utf16}>");
            }
            s.push_str("endbfchar\n");
        }
        s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        s
    }
}

/// How much a stamped report page's own content is scaled at most, about the
/// centre of the visible page, so that the stamp band at the bottom and the
/// watermark band at the top lie clear of the report's content margin.
pub(crate) const SHRINK: f32 = 0.92;

/// The height, as the reader sees the page, that must stay clear of the
/// report's content at the bottom (the "Page N" box reaches about 38 pt up)
/// and at the top (the watermark box): content under a stamp is never hidden,
/// even a full-page scan's.
pub(crate) const BAND: f32 = 40.0;

/// The scale of a stamped page's content: [`SHRINK`], or less where the page
/// is short as the reader sees it (a landscape page, or a portrait one turned
/// by `/Rotate`), so that the scaled content clears [`BAND`] at both ends.
pub(crate) fn shrink(visible: [f32; 4], rotate: i32) -> f32 {
    let (w, h) = (visible[2] - visible[0], visible[3] - visible[1]);
    let reader_height = if rotate % 180 == 0 { h } else { w };
    SHRINK.min(1.0 - 2.0 * BAND / reader_height).max(0.5)
}

/// The matrix that scales a page's content by [`shrink`] about the centre of
/// its visible box. A uniform scale about the centre reads the same at any
/// `/Rotate`.
pub(crate) fn shrink_matrix(visible: [f32; 4], rotate: i32) -> [f32; 6] {
    let k = shrink(visible, rotate);
    let cx = (visible[0] + visible[2]) / 2.0;
    let cy = (visible[1] + visible[3]) / 2.0;
    [k, 0.0, 0.0, k, cx * (1.0 - k), cy * (1.0 - k)]
}

/// The content stream opened before a stamped page's own content: save the
/// graphics state and shrink the content clear of the stamp bands.
pub(crate) fn opening_content(visible: [f32; 4], rotate: i32) -> Vec<u8> {
    let m = shrink_matrix(visible, rotate);
    format!(
        "q {} {} {} {} {} {} cm\n",
        num(m[0]),
        num(m[1]),
        num(m[2]),
        num(m[3]),
        num(m[4]),
        num(m[5])
    )
    .into_bytes()
}

/// Maps a rectangle through [`shrink_matrix`], so annotations stay over the
/// content they belong to.
pub(crate) fn shrink_rect(visible: [f32; 4], rotate: i32, r: [f32; 4]) -> [f32; 4] {
    let m = shrink_matrix(visible, rotate);
    [
        m[0] * r[0] + m[4],
        m[3] * r[1] + m[5],
        m[0] * r[2] + m[4],
        m[3] * r[3] + m[5],
    ]
}

/// What to draw on one page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Overlay<'a> {
    /// The crop box (or media box) in user space, normalised.
    pub visible: [f32; 4],
    /// 0, 90, 180 or 270.
    pub rotate: i32,
    /// "Page N" to stamp, if any.
    pub number: Option<u32>,
    /// Watermark text, if any.
    pub watermark: Option<&'a str>,
}

/// Content stream that closes the `q` wrapped round the page's own content and
/// draws the overlay. `font` is the resource name of the stamp font on this page.
pub(crate) fn overlay_content(font_data: &StampFont, font: &str, overlay: &Overlay<'_>) -> Vec<u8> {
    let [x0, y0, x1, y1] = overlay.visible;
    let (w, h) = (x1 - x0, y1 - y0);
    // Matrix from the reader's view (origin bottom left as displayed) to user space,
    // and the size of the page as the reader sees it.
    let (m, rw, rh) = match overlay.rotate {
        90 => ([0.0, 1.0, -1.0, 0.0, x1, y0], h, w),
        180 => ([-1.0, 0.0, 0.0, -1.0, x1, y1], w, h),
        270 => ([0.0, -1.0, 1.0, 0.0, x0, y1], h, w),
        _ => ([1.0, 0.0, 0.0, 1.0, x0, y0], w, h),
    };
    let mut s = String::with_capacity(400);
    // A newline first: the page's own last token may end its stream without one.
    s.push_str("\nQ\n");
    let _ = writeln!(
        s,
        "q {} {} {} {} {} {} cm",
        num(m[0]),
        num(m[1]),
        num(m[2]),
        num(m[3]),
        num(m[4]),
        num(m[5])
    );
    let font_name = pdf_name(font);
    if let Some(n) = overlay.number {
        let text = format!("Page {n}");
        let (hex, width) = font_data.encode(&text);
        let size = STAMP_SIZE.min(rh / 6.0).max(1.0);
        let tw = width * size / 1000.0;
        let tx = (rw - tw) / 2.0;
        let ty = EDGE.min(rh / 4.0);
        let asc = font_data.cap_height * size / 1000.0;
        let desc = -font_data.descent * size / 1000.0;
        let _ = writeln!(
            s,
            "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n\
             1 g {} {} {} {} re f\n\
             BT 0 g 0 Tr {font_name} {} Tf {} {} Td {hex} Tj ET\nEMC",
            num(tx - PAD),
            num(ty - desc - PAD),
            num(tw + 2.0 * PAD),
            num(asc + desc + 2.0 * PAD),
            num(size),
            num(tx),
            num(ty),
        );
    }
    if let Some(text) = overlay.watermark {
        let (hex, width) = font_data.encode(text);
        let max_width = (rw - 2.0 * EDGE).max(rw * 0.5);
        let mut size = WATERMARK_SIZE;
        if width > 0.0 && width * size / 1000.0 > max_width {
            size = (max_width * 1000.0 / width).max(1.0);
        }
        let tw = width * size / 1000.0;
        let tx = (rw - tw) / 2.0;
        let asc = font_data.cap_height * size / 1000.0;
        let desc = -font_data.descent * size / 1000.0;
        let ty = rh - EDGE.min(rh / 4.0) - asc;
        let _ = writeln!(
            s,
            "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n\
             1 g {} {} {} {} re f\n\
             BT 0.8 0 0 rg 0 Tr {font_name} {} Tf {} {} Td {hex} Tj ET\nEMC",
            num(tx - PAD),
            num(ty - desc - PAD),
            num(tw + 2.0 * PAD),
            num(asc + desc + 2.0 * PAD),
            num(size),
            num(tx),
            num(ty),
        );
    }
    s.push_str("Q\n");
    s.into_bytes()
}

/// A number for a content stream: at most three decimals, no exponent.
fn num(v: f32) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let r = (v * 1000.0).round() / 1000.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        let s = format!("{r:.3}");
        s.trim_end_matches('0').to_string()
    }
}

/// `/Name` with PDF escaping.
fn pdf_name(name: &str) -> String {
    let mut s = String::from("/");
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.' {
            s.push(char::from(b));
        } else {
            let _ = write!(s, "#{b:02X}");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_plain() {
        assert_eq!(num(10.0), "10");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(28.35), "28.35");
        assert_eq!(num(f32::NAN), "0");
    }

    #[test]
    fn encodes_en_dash_and_maps_it_back() {
        let font = StampFont::new(["PRIVATE – NOT FOR PUBLICATION"]).expect("font");
        let (hex, width) = font.encode("Page 12");
        assert_eq!(hex.len(), 2 + 7 * 4);
        assert!(width > 0.0);
        assert!(font.to_unicode_cmap().contains("<2013>"));
    }
}
