//! The four Liberation Sans faces, embedded in the binary, and their metrics.
//!
//! Layout measures text with these metrics (advance widths plus pair kerning
//! from the `kern` table) and the writer positions glyphs with the very same
//! numbers, so what layout measured is what the PDF shows.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use ttf_parser::{Face, GlyphId};

use super::TypesetError;

/// Liberation Sans Regular (SIL OFL 1.1; licence in `assets/fonts`).
pub const BODY_FONT: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
/// Liberation Sans Bold.
pub const BOLD_FONT: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");
/// Liberation Sans Italic.
pub const ITALIC_FONT: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Italic.ttf");
/// Liberation Sans Bold Italic.
pub const BOLD_ITALIC_FONT: &[u8] =
    include_bytes!("../../assets/fonts/LiberationSans-BoldItalic.ttf");

/// Characters below this code point have their glyph and advance cached in a table.
const DENSE_LIMIT: usize = 0x2200;

/// One of the four faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontStyle {
    /// Upright, normal weight.
    Regular,
    /// Bold.
    Bold,
    /// Italic.
    Italic,
    /// Bold italic.
    BoldItalic,
}

impl FontStyle {
    /// All faces, in index order.
    pub const ALL: [FontStyle; 4] = [
        FontStyle::Regular,
        FontStyle::Bold,
        FontStyle::Italic,
        FontStyle::BoldItalic,
    ];

    /// The face for a bold/italic combination.
    pub fn from_flags(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => FontStyle::Regular,
            (true, false) => FontStyle::Bold,
            (false, true) => FontStyle::Italic,
            (true, true) => FontStyle::BoldItalic,
        }
    }

    /// The TrueType bytes of this face.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            FontStyle::Regular => BODY_FONT,
            FontStyle::Bold => BOLD_FONT,
            FontStyle::Italic => ITALIC_FONT,
            FontStyle::BoldItalic => BOLD_ITALIC_FONT,
        }
    }

    /// Human-readable face name, for errors.
    pub fn name(self) -> &'static str {
        match self {
            FontStyle::Regular => "LiberationSans-Regular",
            FontStyle::Bold => "LiberationSans-Bold",
            FontStyle::Italic => "LiberationSans-Italic",
            FontStyle::BoldItalic => "LiberationSans-BoldItalic",
        }
    }

    /// Position in [`FontStyle::ALL`].
    pub fn index(self) -> usize {
        match self {
            FontStyle::Regular => 0,
            FontStyle::Bold => 1,
            FontStyle::Italic => 2,
            FontStyle::BoldItalic => 3,
        }
    }
}

/// Metrics of one face.
struct FaceMetrics {
    face: Face<'static>,
    units_per_em: f32,
    ascender: f32,
    descender: f32,
    /// `(glyph id, advance)` for every char below [`DENSE_LIMIT`]; glyph 0 = missing.
    dense: Vec<(u16, u16)>,
    /// Kerning pairs, keyed by `(left << 16) | right`.
    kerning: HashMap<u32, i16, BuildHasherDefault<PairHasher>>,
}

impl FaceMetrics {
    fn new(style: FontStyle) -> Result<Self, TypesetError> {
        let face = Face::parse(style.bytes(), 0).map_err(|e| TypesetError::Font {
            face: style.name(),
            reason: e.to_string(),
        })?;
        let mut dense = Vec::with_capacity(DENSE_LIMIT);
        for code in 0..DENSE_LIMIT as u32 {
            let entry = char::from_u32(code)
                .and_then(|c| face.glyph_index(c))
                .map(|g| (g.0, face.glyph_hor_advance(g).unwrap_or(0)))
                .unwrap_or((0, 0));
            dense.push(entry);
        }
        let mut kerning = HashMap::default();
        if let Some(kern) = face.tables().kern {
            for sub in kern.subtables {
                if !sub.horizontal || sub.variable || sub.has_cross_stream {
                    continue;
                }
                if let ttf_parser::kern::Format::Format0(f0) = sub.format {
                    for pair in f0.pairs {
                        kerning.insert(pair.pair, pair.value);
                    }
                }
            }
        }
        Ok(Self {
            units_per_em: f32::from(face.units_per_em()),
            ascender: f32::from(face.ascender()),
            descender: f32::from(face.descender()),
            face,
            dense,
            kerning,
        })
    }

    fn glyph(&self, c: char) -> (u16, u16) {
        let code = c as usize;
        if code < DENSE_LIMIT {
            return self.dense[code];
        }
        self.face
            .glyph_index(c)
            .map(|g| (g.0, self.face.glyph_hor_advance(g).unwrap_or(0)))
            .unwrap_or((0, 0))
    }

    fn kern(&self, left: u16, right: u16) -> i16 {
        if self.kerning.is_empty() {
            return 0;
        }
        self.kerning
            .get(&((u32::from(left) << 16) | u32::from(right)))
            .copied()
            .unwrap_or(0)
    }
}

/// A fast hasher for the `u32` glyph-pair keys of the kerning table (the
/// default SipHash dominated layout time).
#[derive(Debug, Default)]
struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The four faces with their metrics, built once per render.
pub struct FontSet {
    faces: Vec<FaceMetrics>,
}

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontSet")
            .field("faces", &self.faces.len())
            .finish()
    }
}

impl FontSet {
    /// Parses the embedded faces.
    pub fn new() -> Result<Self, TypesetError> {
        let faces = FontStyle::ALL
            .iter()
            .map(|s| FaceMetrics::new(*s))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { faces })
    }

    fn face(&self, style: FontStyle) -> &FaceMetrics {
        &self.faces[style.index()]
    }

    /// Whether the face has a glyph for `c`.
    pub fn has_glyph(&self, style: FontStyle, c: char) -> bool {
        self.face(style).glyph(c).0 != 0
    }

    /// Ascender height at `size`, in points (positive).
    pub fn ascent(&self, style: FontStyle, size: f32) -> f32 {
        let f = self.face(style);
        f.ascender / f.units_per_em * size
    }

    /// Descender depth at `size`, in points (positive).
    pub fn descent(&self, style: FontStyle, size: f32) -> f32 {
        let f = self.face(style);
        -f.descender / f.units_per_em * size
    }

    /// Width of `text` at `size` in points, including pair kerning.
    pub fn width(&self, style: FontStyle, size: f32, text: &str) -> f32 {
        let f = self.face(style);
        let mut units: i32 = 0;
        let mut prev: Option<u16> = None;
        for c in text.chars() {
            let (g, adv) = f.glyph(c);
            if let Some(p) = prev {
                units += i32::from(f.kern(p, g));
            }
            units += i32::from(adv);
            prev = Some(g);
        }
        units as f32 / f.units_per_em * size
    }

    /// Kerning between each pair of neighbouring chars of `text`, as
    /// `(char index of the right-hand char, adjustment in thousandths of an em)`,
    /// skipping zero entries. Positive = move closer, as in a PDF `TJ` array.
    pub fn kerning_pairs(&self, style: FontStyle, text: &str) -> Vec<(usize, f32)> {
        let f = self.face(style);
        let mut out = Vec::new();
        let mut prev: Option<u16> = None;
        for (i, c) in text.chars().enumerate() {
            let (g, _) = f.glyph(c);
            if let Some(p) = prev {
                let k = f.kern(p, g);
                if k != 0 {
                    out.push((i, -f32::from(k) * 1000.0 / f.units_per_em));
                }
            }
            prev = Some(g);
        }
        out
    }

    /// Glyph id of `c` (0 if missing).
    pub fn glyph_id(&self, style: FontStyle, c: char) -> GlyphId {
        GlyphId(self.face(style).glyph(c).0)
    }
}
