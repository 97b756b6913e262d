//! A pre-scan bounding how deeply arrays and dictionaries nest, run before lopdf
//! sees the bytes.
//!
//! lopdf 0.38 parses `[…]` and `<<…>>` recursively with no depth limit, so a
//! hostile file holding `[[[[…` a hundred thousand deep overflows the stack, and a
//! stack overflow aborts the process (`catch_unwind` cannot catch it). This module
//! reads every value lopdf could start parsing, the way lopdf's grammar reads it
//! (strings, hex strings, comments, names), but iteratively, and reports the first
//! place where nesting goes deeper than the limit.
//!
//! lopdf starts parsing an indirect object only after `N G obj`, a trailer
//! dictionary after `trailer`, and the objects of an object stream at the offsets
//! in the stream's index. So every `obj` and `trailer` keyword in the file is a
//! starting point — wherever it occurs, even inside another object's string or
//! stream data, since a cross-reference entry may point anywhere — and every
//! object stream we can decompress (unfiltered or `/FlateDecode`, which is what
//! producers write) is read at each indexed offset. Work is bounded by a budget
//! proportional to the file size.
//!
//! Not covered: object streams of encrypted files and object streams with other
//! filters, whose contents are only readable after lopdf decrypts or decodes them.

use std::io::Read;

/// Why the pre-scan refused a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Nesting deeper than the limit, found at this offset (of the file, or of
    /// the decompressed object stream in object `in_object`).
    TooDeep {
        offset: usize,
        in_object: Option<u32>,
    },
    /// Checking would take more work than a file of this size should need.
    TooComplex,
    /// A decoding parameter no real file uses, which would make lopdf allocate
    /// gigabytes (`/Columns 999999992` in a 7 KB file took 1.9 GB).
    Impossible { name: &'static str, value: u64 },
}

/// Largest predictor parameters accepted: lopdf allocates two rows of
/// `Columns × Colors × BitsPerComponent / 8` bytes (and zeroes them) before
/// reading any data. 100 000 pixels is wider than an A0 scan at 600 dpi; 32
/// colours is the most `DeviceN` allows.
const PARAMETER_LIMITS: [(&[u8], &str, u64); 3] = [
    (b"Columns", "Columns", 100_000),
    (b"Colors", "Colors", 32),
    (b"BitsPerComponent", "BitsPerComponent", 32),
];

/// Largest decompressed object stream read (lopdf would read more, but no
/// report's object stream comes near this).
const MAX_OBJSTM_BYTES: u64 = 256 * 1024 * 1024;

/// Checks that no value lopdf could parse in `bytes` nests deeper than `max`.
pub(crate) fn check(bytes: &[u8], max: u32) -> Result<(), Refusal> {
    let mut budget = bytes.len().saturating_mul(16).saturating_add(1 << 20);
    let mut at = 0;
    while let Some(p) = find(bytes, at, b"obj") {
        at = p + 3;
        let before = p.checked_sub(1).map(|i| bytes[i]);
        if !before.is_some_and(|c| c.is_ascii_digit() || is_white(c)) {
            continue; // "endobj" and the like
        }
        if bytes.get(p + 3).is_some_and(|c| is_regular(*c)) {
            continue; // "objx…"
        }
        let start = p + 3;
        let end = scan_value(bytes, start, max, &mut budget).map_err(|e| e.at(None))?;
        if let Some(object) = object_stream_data(bytes, start, end) {
            check_object_stream(&object, max, &mut budget, object_number(bytes, p))?;
        }
    }
    at = 0;
    while let Some(p) = find(bytes, at, b"trailer") {
        at = p + 7;
        scan_value(bytes, p + 7, max, &mut budget).map_err(|e| e.at(None))?;
    }
    Ok(())
}

enum ScanError {
    TooDeep(usize),
    TooComplex,
    Impossible(&'static str, u64),
}

impl ScanError {
    fn at(self, in_object: Option<u32>) -> Refusal {
        match self {
            ScanError::TooDeep(offset) => Refusal::TooDeep { offset, in_object },
            ScanError::TooComplex => Refusal::TooComplex,
            ScanError::Impossible(name, value) => Refusal::Impossible { name, value },
        }
    }
}

fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_white(c) && !is_delimiter(c)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Reads one value from `i` as lopdf would, without recursion; returns where it
/// ends. At depth 0 anything that cannot start a value ends the scan.
fn scan_value(b: &[u8], mut i: usize, max: u32, budget: &mut usize) -> Result<usize, ScanError> {
    let mut depth: u32 = 0;
    loop {
        if *budget == 0 {
            return Err(ScanError::TooComplex);
        }
        *budget -= 1;
        let Some(&c) = b.get(i) else {
            return Ok(i.min(b.len()));
        };
        match c {
            c if is_white(c) => i += 1,
            b'%' => {
                let start = i;
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                charge(budget, i - start)?;
            }
            b'[' => {
                depth += 1;
                if depth > max {
                    return Err(ScanError::TooDeep(i));
                }
                i += 1;
            }
            b'<' if b.get(i + 1) == Some(&b'<') => {
                depth += 1;
                if depth > max {
                    return Err(ScanError::TooDeep(i));
                }
                i += 2;
            }
            b']' if depth > 0 => {
                i += 1;
                depth -= 1;
                if depth == 0 {
                    return Ok(i.min(b.len()));
                }
            }
            b'>' if depth > 0 && b.get(i + 1) == Some(&b'>') => {
                i += 2;
                depth -= 1;
                if depth == 0 {
                    return Ok(i.min(b.len()));
                }
            }
            b'<' => {
                // hex string
                let start = i;
                while i < b.len() && b[i] != b'>' {
                    i += 1;
                }
                i += 1;
                charge(budget, i - start)?;
                if depth == 0 {
                    return Ok(i.min(b.len()));
                }
            }
            b'(' => {
                let start = i;
                let mut parens = 0u32;
                while i < b.len() {
                    match b[i] {
                        b'\\' => i += 1,
                        b'(' => parens += 1,
                        b')' => {
                            parens -= 1;
                            if parens == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                charge(budget, i - start)?;
                if depth == 0 {
                    return Ok(i.min(b.len()));
                }
            }
            _ if depth == 0 && !is_regular(c) && c != b'/' => return Ok(i),
            _ => {
                // a name, number or keyword (or a stray delimiter inside a value)
                let start = i;
                i += 1;
                while i < b.len() && is_regular(b[i]) {
                    i += 1;
                }
                charge(budget, i - start)?;
                if c == b'/' {
                    check_parameter(b, start, i)?;
                }
                if depth == 0 {
                    return Ok(i.min(b.len()));
                }
            }
        }
    }
}

/// Checks the integer after a predictor-parameter name at `start..end` (the
/// name as lopdf reads it, `#xx` escapes decoded).
fn check_parameter(b: &[u8], start: usize, end: usize) -> Result<(), ScanError> {
    let raw = &b[start + 1..end.min(b.len())];
    if raw.len() > 3 * 16 {
        return Ok(());
    }
    let mut name = Vec::with_capacity(raw.len());
    let mut k = 0;
    while k < raw.len() {
        if raw[k] == b'#' && k + 3 <= raw.len() {
            if let Some(v) = std::str::from_utf8(&raw[k + 1..k + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                name.push(v);
                k += 3;
                continue;
            }
        }
        name.push(raw[k]);
        k += 1;
    }
    let Some((_, label, max)) = PARAMETER_LIMITS
        .iter()
        .find(|(n, _, _)| *n == name.as_slice())
    else {
        return Ok(());
    };
    let mut i = end;
    while i < b.len() && (is_white(b[i]) || b[i] == b'+') {
        i += 1;
    }
    let s = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == s {
        return Ok(());
    }
    // More than 19 digits does not fit an i64 (lopdf would not read it as one);
    // anything that long is over every limit anyway.
    let value = std::str::from_utf8(&b[s..i])
        .ok()
        .and_then(|d| d.parse::<u64>().ok())
        .unwrap_or(u64::MAX);
    if value > *max {
        return Err(ScanError::Impossible(label, value));
    }
    Ok(())
}

fn charge(budget: &mut usize, n: usize) -> Result<(), ScanError> {
    if *budget < n {
        return Err(ScanError::TooComplex);
    }
    *budget -= n;
    Ok(())
}

/// The object number before `obj` at `p`, for messages.
fn object_number(b: &[u8], p: usize) -> Option<u32> {
    let mut i = p;
    while i > 0 && is_white(b[i - 1]) {
        i -= 1;
    }
    while i > 0 && b[i - 1].is_ascii_digit() {
        i -= 1; // generation
    }
    while i > 0 && is_white(b[i - 1]) {
        i -= 1;
    }
    let end = i;
    while i > 0 && b[i - 1].is_ascii_digit() {
        i -= 1;
    }
    std::str::from_utf8(&b[i..end]).ok()?.parse().ok()
}

/// When the value at `start..end` is an object stream's dictionary followed by
/// its data, the decompressed data and the dictionary; `None` otherwise, or when
/// the data cannot be read here (encrypted, or a filter other than Flate).
fn object_stream_data(b: &[u8], start: usize, end: usize) -> Option<ObjectStream> {
    let dict = &b[start..end];
    let first = dict.iter().position(|c| !is_white(*c))?;
    if !dict[first..].starts_with(b"<<") || !has_name(dict, b"/ObjStm") {
        return None;
    }
    let mut i = end;
    while i < b.len() && is_white(b[i]) {
        i += 1;
    }
    if !b[i..].starts_with(b"stream") {
        return None;
    }
    i += 6;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    if b[i..].starts_with(b"\r\n") {
        i += 2;
    } else if i < b.len() && (b[i] == b'\n' || b[i] == b'\r') {
        i += 1;
    }
    let data_start = i.min(b.len());
    let data_end = match direct_integer(dict, b"/Length") {
        Some(n) if n >= 0 => data_start.saturating_add(n as usize).min(b.len()),
        _ => find(b, data_start, b"endstream").unwrap_or(b.len()),
    };
    let raw = &b[data_start..data_end];
    let content = if has_name(dict, b"/Filter") {
        if !has_name(dict, b"/FlateDecode")
            || count(dict, b"/Filter") != 1
            || has_second_filter(dict)
        {
            return None;
        }
        let mut out = Vec::new();
        let mut z = flate2::read::ZlibDecoder::new(raw).take(MAX_OBJSTM_BYTES);
        // A damaged tail still leaves what was inflated before it.
        let _ = z.read_to_end(&mut out);
        out
    } else {
        raw.to_vec()
    };
    let first = direct_integer(dict, b"/First")?;
    Some(ObjectStream {
        content,
        first: usize::try_from(first).ok()?,
    })
}

struct ObjectStream {
    content: Vec<u8>,
    first: usize,
}

/// True when the filter entry names more than `/FlateDecode` (an array of
/// filters).
fn has_second_filter(dict: &[u8]) -> bool {
    let Some(p) = find(dict, 0, b"/Filter") else {
        return false;
    };
    let rest = &dict[p + 7..];
    let rest = &rest[rest
        .iter()
        .position(|c| !is_white(*c))
        .unwrap_or(rest.len())..];
    if rest.first() != Some(&b'[') {
        return false;
    }
    let close = rest.iter().position(|c| *c == b']').unwrap_or(rest.len());
    rest[..close].iter().filter(|c| **c == b'/').count() != 1
}

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

fn has_name(dict: &[u8], name: &[u8]) -> bool {
    let mut at = 0;
    while let Some(p) = find(dict, at, name) {
        if !dict.get(p + name.len()).is_some_and(|c| is_regular(*c)) {
            return true;
        }
        at = p + 1;
    }
    false
}

/// The integer after `key` in a dictionary's text, unless it is a reference.
fn direct_integer(dict: &[u8], key: &[u8]) -> Option<i64> {
    let p = find(dict, 0, key)?;
    let mut i = p + key.len();
    while i < dict.len() && is_white(dict[i]) {
        i += 1;
    }
    let s = i;
    while i < dict.len() && dict[i].is_ascii_digit() {
        i += 1;
    }
    let n: i64 = std::str::from_utf8(&dict[s..i]).ok()?.parse().ok()?;
    // "12 0 R" is a reference, not a length.
    let rest: Vec<u8> = dict[i..]
        .iter()
        .copied()
        .filter(|c| !is_white(*c))
        .take(3)
        .collect();
    if rest.len() >= 2 && rest[0].is_ascii_digit() && rest[1] == b'R' {
        return None;
    }
    Some(n)
}

fn check_object_stream(
    os: &ObjectStream,
    max: u32,
    budget: &mut usize,
    number: Option<u32>,
) -> Result<(), Refusal> {
    charge(budget, os.content.len()).map_err(|e| e.at(number))?;
    let index = &os.content[..os.first.min(os.content.len())];
    let numbers: Vec<usize> = String::from_utf8_lossy(index)
        .split_ascii_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    for pair in numbers.chunks_exact(2) {
        let offset = os.first.saturating_add(pair[1]);
        if offset < os.content.len() {
            scan_value(&os.content, offset, max, budget).map_err(|e| e.at(number))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(n: usize) -> Vec<u8> {
        let mut v = b"1 0 obj\n<< /A ".to_vec();
        v.extend(std::iter::repeat_n(b'[', n));
        v.extend(std::iter::repeat_n(b']', n));
        v.extend_from_slice(b" >>\nendobj\n");
        v
    }

    #[test]
    fn ordinary_nesting_passes_and_deep_nesting_is_found() {
        assert_eq!(check(&deep(50), 100), Ok(()));
        assert!(matches!(
            check(&deep(200), 100),
            Err(Refusal::TooDeep {
                in_object: None,
                ..
            })
        ));
    }

    #[test]
    fn brackets_in_strings_comments_and_hex_do_not_count_or_hide_nesting() {
        let flat = b"1 0 obj [ ([[[[[[) <5B5B> % [[[[[[[[\n (\\)[[[[) ] endobj";
        assert_eq!(check(flat, 3), Ok(()));
        // Closers hidden in strings do not cancel real openers.
        let hidden = b"1 0 obj [(])[(])[(])[(])[(]) 1 ] ] ] ] ] endobj";
        assert!(check(hidden, 4).is_err());
        assert_eq!(check(hidden, 5), Ok(()));
    }

    #[test]
    fn dictionaries_trailers_and_objects_inside_strings_are_scanned() {
        let dicts = b"1 0 obj << /A << /B << /C 1 >> >> >> endobj";
        assert_eq!(check(dicts, 3), Ok(()));
        assert!(check(dicts, 2).is_err());
        let trailer = b"trailer << /Root 1 0 R /X [[[[1]]]] >>";
        assert!(check(trailer, 4).is_err());
        // A cross-reference entry may point into a string: "2 0 obj" there counts.
        let inside = b"1 0 obj (2 0 obj [[[[[ ) endobj";
        assert!(check(inside, 4).is_err());
    }

    #[test]
    fn flate_object_streams_are_read_at_their_offsets() {
        use std::io::Write;
        let body = b"<< /K [[[[[1]]]]] >>";
        let index = b"7 0 ";
        let mut plain = index.to_vec();
        plain.extend_from_slice(body);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&plain).unwrap();
        let data = z.finish().unwrap();
        let mut file = format!(
            "5 0 obj\n<< /Type /ObjStm /N 1 /First {} /Filter /FlateDecode /Length {} >>\nstream\n",
            index.len(),
            data.len()
        )
        .into_bytes();
        file.extend_from_slice(&data);
        file.extend_from_slice(b"\nendstream\nendobj\n");
        assert_eq!(check(&file, 6), Ok(()));
        assert_eq!(
            check(&file, 5),
            Err(Refusal::TooDeep {
                offset: index.len() + 10,
                in_object: Some(5)
            })
        );
    }

    #[test]
    fn values_running_off_the_end_do_not_panic() {
        // An escape, a hex string and a dictionary cut off at the very end of the
        // file (found by tests/fuzz.rs: the end position ran past the bytes).
        for tail in [
            &b"(abc\\"[..],
            b"<4142",
            b"<< /Type /ObjStm",
            b"<< /Type /ObjStm >> stream",
        ] {
            let mut v = b"1 0 obj ".to_vec();
            v.extend_from_slice(tail);
            assert_eq!(check(&v, 100), Ok(()), "{}", String::from_utf8_lossy(tail));
        }
    }

    #[test]
    fn impossible_predictor_parameters_are_found_even_escaped() {
        let bomb = b"1 0 obj << /DecodeParms << /Columns 999999992 /Predictor 12 >> >> endobj";
        assert_eq!(
            check(bomb, 100),
            Err(Refusal::Impossible {
                name: "Columns",
                value: 999_999_992
            })
        );
        let escaped = b"1 0 obj << /DecodeParms << /Co#6Cors 4000 >> >> endobj";
        assert!(matches!(
            check(escaped, 100),
            Err(Refusal::Impossible { name: "Colors", .. })
        ));
        let fine =
            b"1 0 obj << /DecodeParms << /Columns 5 /Colors 3 /BitsPerComponent 8 >> >> endobj";
        assert_eq!(check(fine, 100), Ok(()));
    }

    #[test]
    fn work_is_bounded() {
        // Strings nested in strings, each after "obj": each start re-reads the rest.
        let mut v = Vec::new();
        for _ in 0..20_000 {
            v.extend_from_slice(b"1 0 obj (");
        }
        assert_eq!(check(&v, 100), Err(Refusal::TooComplex));
    }
}
