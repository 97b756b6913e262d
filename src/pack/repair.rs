//! Rebuilding a damaged PDF by scanning its bytes for objects, as qpdf and
//! poppler do when a file's cross-reference cannot be used.
//!
//! Used only when the normal parse fails (healthy files never come here). The
//! scan walks the file once, front to back: at each `N G obj` header it reads
//! one value (iteratively, never recursing), and for a stream finds its data by
//! its `/Length` when that lands on `endstream`, else by searching for
//! `endstream`; a missing `endobj` or `endstream` ends the object at the next
//! header. Stream data is skipped, so headers inside it are not mistaken for
//! objects. Of several copies of an object (incremental updates, even with a
//! broken `/Prev` chain) the newest generation, then the last in the file, wins.
//! The trailer is taken from every `trailer` dictionary found and from the
//! cross-reference stream that `startxref` points at, if that stream is whole,
//! the later winning; if its `/Root` is missing or not a catalogue, the last
//! object with `/Type /Catalog` is used. A file with no trailer at all is not
//! rebuilt: qpdf and poppler rebuild only from a trailer, and refuse such a
//! file, so intake refuses it too ([`Unrepairable::NoTrailer`]).
//!
//! The result is a new, well-formed PDF text (the same objects, same numbers, a
//! fresh cross-reference table), which then goes through the same pre-scan and
//! parser as any file. Work is linear in the file size (keyword positions are
//! found once and looked up by binary search).

use std::collections::BTreeMap;

/// Largest object number accepted from a header (real files stay far below).
const MAX_OBJECT_NUMBER: u32 = 8_000_000;

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

/// Every start of `needle` in `hay`, in order; `None` if there are more than
/// a real file could hold (one per 8 bytes), which bounds the memory a
/// hostile file full of keywords can make the scan use.
fn positions(hay: &[u8], needle: &[u8]) -> Option<Vec<usize>> {
    let most = hay.len() / 8 + 1024;
    let mut out = Vec::new();
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..].iter().position(|&c| c == first) {
            None => break,
            Some(p) => {
                i += p;
                if hay[i..].starts_with(needle) {
                    if out.len() == most {
                        return None;
                    }
                    out.push(i);
                }
                i += 1;
            }
        }
    }
    Some(out)
}

/// Work left for the scan, in bytes read: a file whose values run on (an
/// unclosed string or dictionary after each of many headers) would otherwise
/// be read again for every header.
struct Budget(std::cell::Cell<usize>);

impl Budget {
    fn for_file(len: usize) -> Self {
        Budget(std::cell::Cell::new(
            len.saturating_mul(16).saturating_add(1 << 20),
        ))
    }

    /// Takes `n` bytes of work; false once the budget is spent.
    fn take(&self, n: usize) -> bool {
        let left = self.0.get();
        self.0.set(left.saturating_sub(n));
        left >= n
    }

    fn spent(&self) -> bool {
        self.0.get() == 0
    }
}

/// The first position in `sorted` at or after `from`.
fn next_at(sorted: &[usize], from: usize) -> Option<usize> {
    let k = sorted.partition_point(|&p| p < from);
    sorted.get(k).copied()
}

/// One lexical token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    DictOpen,
    DictClose,
    ArrayOpen,
    ArrayClose,
    Name,
    Text,
    /// A run of regular characters: a number, `R`, `true`, a keyword.
    Word,
    /// A stray delimiter (`)`, `>`, `{`, `}`).
    Other,
}

/// Reads the token at or after `i`: (kind, start, end). `None` at the end.
fn token(b: &[u8], mut i: usize) -> Option<(Tok, usize, usize)> {
    loop {
        let c = *b.get(i)?;
        if is_white(c) {
            i += 1;
        } else if c == b'%' {
            while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
        } else {
            break;
        }
    }
    let start = i;
    let c = b[i];
    let (kind, end) = match c {
        b'<' if b.get(i + 1) == Some(&b'<') => (Tok::DictOpen, i + 2),
        b'>' if b.get(i + 1) == Some(&b'>') => (Tok::DictClose, i + 2),
        b'[' => (Tok::ArrayOpen, i + 1),
        b']' => (Tok::ArrayClose, i + 1),
        b'<' => {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'>' {
                j += 1;
            }
            (Tok::Text, (j + 1).min(b.len()))
        }
        b'(' => {
            let mut j = i;
            let mut depth = 0u32;
            while j < b.len() {
                match b[j] {
                    b'\\' => j += 1,
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            j += 1;
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            (Tok::Text, j.min(b.len()))
        }
        b'/' => {
            let mut j = i + 1;
            while j < b.len() && is_regular(b[j]) {
                j += 1;
            }
            (Tok::Name, j)
        }
        c if is_regular(c) => {
            let mut j = i;
            while j < b.len() && is_regular(b[j]) {
                j += 1;
            }
            (Tok::Word, j)
        }
        _ => (Tok::Other, i + 1),
    };
    Some((kind, start, end))
}

/// Words that never occur inside a value: meeting one means the value is broken.
fn is_structure_word(w: &[u8]) -> bool {
    matches!(
        w,
        b"obj" | b"endobj" | b"stream" | b"endstream" | b"xref" | b"trailer" | b"startxref"
    )
}

fn is_integer(w: &[u8]) -> bool {
    let digits = w
        .strip_prefix(b"+")
        .or_else(|| w.strip_prefix(b"-"))
        .unwrap_or(w);
    !digits.is_empty() && digits.iter().all(u8::is_ascii_digit)
}

fn parse_u64(w: &[u8]) -> Option<u64> {
    if w.is_empty() || w.len() > 18 || !w.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(w).ok()?.parse().ok()
}

/// Reads one complete value at or after `i`: (start, end). A reference
/// `N G R` is one value. `None` when the value is cut off or broken.
fn value(b: &[u8], i: usize, budget: &Budget) -> Option<(usize, usize)> {
    if budget.spent() {
        return None;
    }
    let (kind, start, end) = token(b, i)?;
    if !budget.take(end - i) {
        return None;
    }
    match kind {
        Tok::DictOpen | Tok::ArrayOpen => {
            let mut stack = vec![kind];
            let mut at = end;
            while let Some(open) = stack.last().copied() {
                let (k, s, e) = token(b, at)?;
                if !budget.take(e - at) {
                    return None;
                }
                match k {
                    Tok::DictOpen | Tok::ArrayOpen => stack.push(k),
                    Tok::DictClose if open == Tok::DictOpen => {
                        stack.pop();
                    }
                    Tok::ArrayClose if open == Tok::ArrayOpen => {
                        stack.pop();
                    }
                    Tok::DictClose | Tok::ArrayClose => return None,
                    Tok::Word if is_structure_word(&b[s..e]) => return None,
                    _ => {}
                }
                at = e;
            }
            Some((start, at))
        }
        Tok::Word if is_structure_word(&b[start..end]) => None,
        Tok::Word if is_integer(&b[start..end]) => {
            // "N G R"?
            if let Some((Tok::Word, s2, e2)) = token(b, end) {
                if is_integer(&b[s2..e2]) {
                    if let Some((Tok::Word, s3, e3)) = token(b, e2) {
                        if &b[s3..e3] == b"R" {
                            return Some((start, e3));
                        }
                    }
                }
            }
            Some((start, end))
        }
        Tok::Name | Tok::Text | Tok::Word => Some((start, end)),
        Tok::DictClose | Tok::ArrayClose | Tok::Other => None,
    }
}

/// A value as far as the rebuild needs to understand it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Simple {
    Integer(u64),
    Reference(u32, u16),
    Other,
}

fn simple(b: &[u8], start: usize, end: usize) -> Simple {
    let text = &b[start..end];
    let words: Vec<&[u8]> = text
        .split(|&c| is_white(c))
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [n] => parse_u64(n).map_or(Simple::Other, Simple::Integer),
        [n, g, r] if *r == b"R" => match (parse_u64(n), parse_u64(g)) {
            (Some(n), Some(g)) if n <= u64::from(MAX_OBJECT_NUMBER) && g <= 65_535 => {
                Simple::Reference(n as u32, g as u16)
            }
            _ => Simple::Other,
        },
        _ => Simple::Other,
    }
}

/// The top-level entries of the dictionary spanning `start..end`:
/// (key without the slash, value start, value end).
fn entries<'a>(
    b: &'a [u8],
    start: usize,
    end: usize,
    budget: &Budget,
) -> Vec<(&'a [u8], usize, usize)> {
    let mut out = Vec::new();
    let inner = &b[..end.saturating_sub(2)];
    let mut at = start + 2;
    while let Some((kind, s, e)) = token(inner, at) {
        if kind != Tok::Name {
            break;
        }
        let Some((vs, ve)) = value(inner, e, budget) else {
            break;
        };
        out.push((&b[s + 1..e], vs, ve));
        at = ve;
    }
    out
}

fn entry<'a>(
    list: &'a [(&[u8], usize, usize)],
    key: &[u8],
) -> Option<&'a (&'a [u8], usize, usize)> {
    list.iter().rev().find(|(k, _, _)| *k == key)
}

/// One object found by the scan.
#[derive(Debug, Clone)]
struct Found {
    generation: u16,
    /// The value (for a stream, its dictionary).
    value: (usize, usize),
    /// Stream data, if the object is a stream.
    data: Option<(usize, usize)>,
    is_catalog: bool,
    is_xref_stream: bool,
}

/// Validates an `obj` keyword at `p` as an object header; returns
/// (start of the header, number, generation).
fn header_at(b: &[u8], p: usize) -> Option<(usize, u32, u16)> {
    if b.get(p + 3).is_some_and(|&c| is_regular(c)) {
        return None;
    }
    let mut i = p;
    let skip_white = |i: &mut usize| -> usize {
        let from = *i;
        while *i > 0 && is_white(b[*i - 1]) {
            *i -= 1;
        }
        from - *i
    };
    let digits = |i: &mut usize| -> Option<u64> {
        let end = *i;
        while *i > 0 && b[*i - 1].is_ascii_digit() && end - *i < 10 {
            *i -= 1;
        }
        if *i == end {
            return None;
        }
        parse_u64(&b[*i..end])
    };
    if skip_white(&mut i) == 0 {
        return None;
    }
    let generation = digits(&mut i)?;
    if skip_white(&mut i) == 0 {
        return None;
    }
    let number = digits(&mut i)?;
    if i > 0 && is_regular(b[i - 1]) {
        return None;
    }
    if number == 0 || number > u64::from(MAX_OBJECT_NUMBER) || generation > 65_535 {
        return None;
    }
    Some((i, number as u32, generation as u16))
}

/// Where stream data starting at `data` ends, given a length to try.
fn stream_end(
    b: &[u8],
    data: usize,
    length: Option<u64>,
    endstreams: &[usize],
    endobjs: &[usize],
) -> usize {
    if let Some(len) = length {
        if let Some(end) = data.checked_add(len as usize).filter(|&e| e <= b.len()) {
            let mut k = end;
            while k < b.len() && is_white(b[k]) {
                k += 1;
            }
            if b[k..].starts_with(b"endstream") || b[k..].starts_with(b"endobj") {
                return end;
            }
        }
    }
    // A missing `endstream` must not swallow the objects after it: the data
    // ends at the nearer of `endstream` and `endobj`.
    let end = match (next_at(endstreams, data), next_at(endobjs, data)) {
        (Some(s), Some(o)) => s.min(o),
        (Some(e), None) | (None, Some(e)) => e,
        (None, None) => b.len(),
    };
    // The end-of-line before `endstream` is not data.
    let mut e = end;
    if e > data && b[e - 1] == b'\n' {
        e -= 1;
    }
    if e > data && b[e - 1] == b'\r' {
        e -= 1;
    }
    e
}

/// Why a file could not be rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unrepairable {
    /// No `trailer` dictionary, and no whole cross-reference stream where
    /// `startxref` points: nothing says which object is the document.
    NoTrailer,
    /// No usable catalogue, encryption that cannot be undone, or too much work.
    Other,
}

/// Rebuilds `bytes` by scanning for objects; see [`Unrepairable`] for why it
/// may not.
pub(crate) fn rebuild(bytes: &[u8]) -> Result<Vec<u8>, Unrepairable> {
    let b = bytes;
    if !has_trailer(b) {
        return Err(Unrepairable::NoTrailer);
    }
    rebuild_with_trailer(b).ok_or(Unrepairable::Other)
}

/// Whether `b` has what the reference readers rebuild a file from: a
/// `trailer` dictionary, or a whole cross-reference stream (its data
/// decompresses) at the offset the last `startxref` gives.
fn has_trailer(b: &[u8]) -> bool {
    let budget = Budget::for_file(b.len());
    let Some(trailers) = positions(b, b"trailer") else {
        return false;
    };
    let classic = trailers
        .iter()
        .any(|&t| value(b, t + 7, &budget).is_some_and(|(vs, _)| b[vs..].starts_with(b"<<")));
    classic || xref_stream_at_startxref(b, &budget)
}

fn xref_stream_at_startxref(b: &[u8], budget: &Budget) -> bool {
    let Some(sx) = b.windows(9).rposition(|w| w == b"startxref") else {
        return false;
    };
    let Some((Tok::Word, s, e)) = token(b, sx + 9) else {
        return false;
    };
    let Some(at) = parse_u64(&b[s..e]).map(|n| n as usize) else {
        return false;
    };
    // "N G obj" must start exactly there, as readers expect.
    let Some(obj) = positions_from(b, at).first().copied() else {
        return false;
    };
    if header_at(b, obj).is_none_or(|(start, _, _)| start != at) {
        return false;
    }
    let Some((vs, ve)) = value(b, obj + 3, budget) else {
        return false;
    };
    if !b[vs..].starts_with(b"<<") {
        return false;
    }
    let list = entries(b, vs, ve, budget);
    let is_xref = entry(&list, b"Type").is_some_and(|(_, s, e)| &b[*s..*e] == b"/XRef");
    let Some((Tok::Word, s, e)) = token(b, ve) else {
        return false;
    };
    if !is_xref || &b[s..e] != b"stream" {
        return false;
    }
    let mut data = e;
    if b.get(data) == Some(&b'\r') {
        data += 1;
    }
    if b.get(data) == Some(&b'\n') {
        data += 1;
    }
    let length = match entry(&list, b"Length").map(|(_, s, e)| simple(b, *s, *e)) {
        Some(Simple::Integer(n)) => n as usize,
        _ => return false,
    };
    let Some(stream) = data.checked_add(length).and_then(|end| b.get(data..end)) else {
        return false;
    };
    let filter = entry(&list, b"Filter").map(|(_, s, e)| &b[*s..*e]);
    match filter {
        None => true,
        Some(f) if f == b"/FlateDecode" || f == b"[/FlateDecode]" || f == b"[ /FlateDecode ]" => {
            use std::io::Read;
            // The table is small (a few bytes per object): read at most what
            // a table for the largest object number could hold.
            let most = (MAX_OBJECT_NUMBER as u64) * 20;
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(stream)
                .take(most)
                .read_to_end(&mut out)
                .is_ok_and(|n| n > 0)
        }
        Some(_) => false,
    }
}

/// The `obj` keywords at or after `from`, up to the next 64 bytes (enough to
/// reach the keyword of a header that starts at `from`).
fn positions_from(b: &[u8], from: usize) -> Vec<usize> {
    let end = from.saturating_add(64).min(b.len());
    match b.get(from..end) {
        Some(window) => positions(window, b"obj")
            .unwrap_or_default()
            .into_iter()
            .map(|p| p + from)
            .collect(),
        None => Vec::new(),
    }
}

fn rebuild_with_trailer(bytes: &[u8]) -> Option<Vec<u8>> {
    let b = bytes;
    let budget = Budget::for_file(b.len());
    let obj_keywords = positions(b, b"obj")?;
    let endstreams = positions(b, b"endstream")?;
    let endobjs = positions(b, b"endobj")?;
    let mut objects: BTreeMap<u32, Found> = BTreeMap::new();
    // Trailer dictionaries (classic or of cross-reference streams), in file order.
    let mut trailers: Vec<(usize, usize)> = Vec::new();

    // Integer objects (indirect stream lengths), found first so that a stream
    // whose /Length is a reference can be measured on the first pass.
    let mut integers: BTreeMap<u32, u64> = BTreeMap::new();
    for &p in &obj_keywords {
        if let Some((_, number, _)) = header_at(b, p) {
            if let Some((vs, ve)) = value(b, p + 3, &budget) {
                if let Simple::Integer(v) = simple(b, vs, ve) {
                    if let Some((Tok::Word, s, e)) = token(b, ve) {
                        if &b[s..e] == b"endobj" {
                            integers.insert(number, v);
                        }
                    }
                }
            }
        }
    }

    let mut cursor = 0;
    let mut k = 0;
    while k < obj_keywords.len() {
        let p = obj_keywords[k];
        k += 1;
        if budget.spent() {
            return None;
        }
        if p < cursor {
            continue;
        }
        let Some((_, number, generation)) = header_at(b, p) else {
            continue;
        };
        let body = p + 3;
        let Some((vs, ve)) = value(b, body, &budget) else {
            cursor = body;
            continue;
        };
        let mut found = Found {
            generation,
            value: (vs, ve),
            data: None,
            is_catalog: false,
            is_xref_stream: false,
        };
        let mut end = ve;
        if b[vs..].starts_with(b"<<") {
            let list = entries(b, vs, ve, &budget);
            let name_is = |key: &[u8], name: &[u8]| {
                entry(&list, key).is_some_and(|(_, s, e)| b[*s..*e] == [b"/", name].concat())
            };
            found.is_catalog = name_is(b"Type", b"Catalog");
            found.is_xref_stream = name_is(b"Type", b"XRef");
            if let Some((Tok::Word, s, e)) = token(b, ve) {
                if &b[s..e] == b"stream" {
                    let mut data = e;
                    if b.get(data) == Some(&b'\r') {
                        data += 1;
                    }
                    if b.get(data) == Some(&b'\n') {
                        data += 1;
                    }
                    let length = entry(&list, b"Length").map(|(_, s, e)| simple(b, *s, *e));
                    let direct = match length {
                        Some(Simple::Integer(n)) => Some(n),
                        Some(Simple::Reference(n, _)) => integers.get(&n).copied(),
                        _ => None,
                    };
                    let data_end = stream_end(b, data, direct, &endstreams, &endobjs);
                    found.data = Some((data, data_end));
                    end = data_end;
                    if let Some((Tok::Word, s, e)) = token(b, data_end) {
                        if &b[s..e] == b"endstream" {
                            end = e;
                        }
                    }
                    if found.is_xref_stream {
                        trailers.push((vs, ve));
                    }
                }
            }
        }
        if let Some((Tok::Word, s, e)) = token(b, end) {
            if &b[s..e] == b"endobj" {
                end = e;
            }
        }
        cursor = end;
        let newer = objects
            .get(&number)
            .is_none_or(|old| generation >= old.generation);
        if newer {
            objects.insert(number, found);
        }
    }
    for t in positions(b, b"trailer")? {
        if let Some((vs, ve)) = value(b, t + 7, &budget) {
            if b[vs..].starts_with(b"<<") {
                trailers.push((vs, ve));
            }
        }
    }
    trailers.sort_unstable();
    if budget.spent() {
        return None;
    }

    // The trailer: later dictionaries win, key by key.
    let mut root = None;
    let mut info = None;
    let mut encrypt = None;
    let mut id = None;
    for (s, e) in &trailers {
        let list = entries(b, *s, *e, &budget);
        let reference = |key: &[u8]| match entry(&list, key).map(|(_, s, e)| simple(b, *s, *e)) {
            Some(Simple::Reference(n, g)) => Some((n, g)),
            _ => None,
        };
        let exists = |r: Option<(u32, u16)>| r.filter(|(n, _)| objects.contains_key(n));
        // The catalogue and /Info may be inside an object stream, which the
        // parser unpacks: take them even when the scan did not see them.
        if let Some(r) = reference(b"Root") {
            root = Some(r);
        }
        if let Some(r) = reference(b"Info") {
            info = Some(r);
        }
        if let Some(r) = exists(reference(b"Encrypt")) {
            encrypt = Some(r);
        }
        if let Some((_, vs, ve)) = entry(&list, b"ID") {
            if b[*vs..].starts_with(b"[") {
                id = Some((*vs, *ve));
            }
        }
    }
    // Without a trailer naming it, an encryption dictionary is still used if it
    // is the only one; revisions 2-4 also need the file identifier, without
    // which the file cannot be decrypted (and is better refused than packed as
    // noise).
    if encrypt.is_none() {
        let handlers: Vec<(u32, u16)> = objects
            .iter()
            .filter(|(_, f)| f.data.is_none() && is_standard_security_handler(b, f.value))
            .map(|(n, f)| (*n, f.generation))
            .collect();
        match handlers.as_slice() {
            [] => {}
            [only] => encrypt = Some(*only),
            _ => return None,
        }
    }
    if let Some((n, _)) = encrypt {
        let (vs, ve) = objects.get(&n)?.value;
        let list = entries(b, vs, ve, &budget);
        let revision = entry(&list, b"R").and_then(|(_, s, e)| parse_u64(&b[*s..*e]));
        if id.is_none() && revision.is_none_or(|r| r <= 4) {
            return None;
        }
    }

    // The trailer's /Root if it is a catalogue, else the last catalogue in the
    // file, else whatever the trailer named.
    let last_catalog = objects
        .iter()
        .filter(|(_, f)| f.is_catalog)
        .max_by_key(|(_, f)| f.value.0)
        .map(|(n, f)| (*n, f.generation));
    let root = root
        .filter(|(n, _)| objects.get(n).is_some_and(|f| f.is_catalog))
        .or(last_catalog)
        .or(root)?;
    let root = (
        root.0,
        objects.get(&root.0).map_or(root.1, |f| f.generation),
    );

    // Write the objects out again with a fresh cross-reference table.
    let version = b
        .get(5..8)
        .filter(|v| v[0].is_ascii_digit() && v[1] == b'.' && v[2].is_ascii_digit())
        .unwrap_or(b"1.7");
    let mut out = Vec::with_capacity(b.len() + 1024);
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(version);
    out.extend_from_slice(b"\n%\xe2\xe3\xcf\xd3\n");
    let mut offsets: BTreeMap<u32, (usize, u16)> = BTreeMap::new();
    for (number, found) in &objects {
        if found.is_xref_stream {
            continue;
        }
        offsets.insert(*number, (out.len(), found.generation));
        out.extend_from_slice(format!("{number} {} obj\n", found.generation).as_bytes());
        let (vs, ve) = found.value;
        match found.data {
            None if encrypt.is_some_and(|(n, _)| n == *number) => {
                out.extend_from_slice(&normalised_encryption(b, vs, ve));
            }
            None => out.extend_from_slice(&b[vs..ve]),
            Some((ds, de)) => {
                // A later /Length wins in the parser's dictionary.
                out.extend_from_slice(&b[vs..ve - 2]);
                out.extend_from_slice(format!(" /Length {}>>\nstream\n", de - ds).as_bytes());
                out.extend_from_slice(&b[ds..de]);
                out.extend_from_slice(b"\nendstream");
            }
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    let size = offsets.keys().next_back().map_or(1, |n| n + 1);
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for n in 1..size {
        match offsets.get(&n) {
            Some((offset, generation)) => {
                out.extend_from_slice(format!("{offset:010} {generation:05} n \n").as_bytes())
            }
            None => out.extend_from_slice(b"0000000000 00000 f \n"),
        }
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root {} {} R", root.0, root.1).as_bytes(),
    );
    if let Some((n, g)) = info {
        out.extend_from_slice(format!(" /Info {n} {g} R").as_bytes());
    }
    if let Some((n, g)) = encrypt.filter(|(n, _)| offsets.contains_key(n)) {
        out.extend_from_slice(format!(" /Encrypt {n} {g} R").as_bytes());
    }
    if let Some((s, e)) = id {
        out.extend_from_slice(b" /ID ");
        out.extend_from_slice(&b[s..e]);
    }
    out.extend_from_slice(format!(" >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    Some(out)
}

/// True when the value at `span` is a standard security handler's dictionary.
fn is_standard_security_handler(b: &[u8], (start, end): (usize, usize)) -> bool {
    if !b[start..].starts_with(b"<<") {
        return false;
    }
    let list = entries(b, start, end, &Budget::for_file(end - start));
    entry(&list, b"Filter").is_some_and(|(_, s, e)| &b[*s..*e] == b"/Standard")
        && entry(&list, b"O").is_some()
        && entry(&list, b"U").is_some()
}

/// The encryption dictionary spanning `start..end`, rewritten where lopdf
/// 0.38 reads the standard security handler more strictly than readers do:
/// - `/V 1` (RC4 40-bit, revision 2) with a `/Length` (qpdf and Acrobat write
///   `/Length 40`): lopdf refuses any `/Length` with V 1, so it is dropped (V 1
///   always means 40 bits);
/// - `/V 4` without `/Length`: lopdf would take 40 bits; V 4 means 128;
/// - `/StmF` or `/StrF` `/Identity` (the predefined "no encryption" filter,
///   used for cleartext strings or streams): lopdf looks the name up in `/CF`
///   and falls back to RC4, so an explicit Identity entry is added to `/CF`.
fn normalised_encryption(b: &[u8], start: usize, end: usize) -> Vec<u8> {
    if !b[start..].starts_with(b"<<") {
        return b[start..end].to_vec();
    }
    let list = entries(b, start, end, &Budget::for_file(end - start));
    let text = |key: &[u8]| entry(&list, key).map(|(_, s, e)| &b[*s..*e]);
    let version = text(b"V").and_then(parse_u64);
    let identity = [&b"StmF"[..], b"StrF"]
        .iter()
        .any(|k| text(k) == Some(&b"/Identity"[..]));
    let mut out = b"<<".to_vec();
    for (key, s, e) in &list {
        if *key == b"Length" && version == Some(1) {
            continue;
        }
        out.extend_from_slice(b" /");
        out.extend_from_slice(key);
        out.push(b' ');
        let value = &b[*s..*e];
        if *key == b"CF" && identity && value.starts_with(b"<<") && value.ends_with(b">>") {
            out.extend_from_slice(&value[..value.len() - 2]);
            out.extend_from_slice(b" /Identity << /CFM /None >> >>");
        } else {
            out.extend_from_slice(value);
        }
    }
    if version == Some(4) && text(b"Length").is_none() {
        out.extend_from_slice(b" /Length 128");
    }
    out.extend_from_slice(b" >>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf_without_xref() -> Vec<u8> {
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
          2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
          3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n\
          4 0 obj << /Length 999 >> stream\nBT ET\nendstream endobj\n\
          trailer << /Root 1 0 R >>\n"
            .to_vec()
    }

    #[test]
    fn objects_are_found_and_a_wrong_length_is_corrected() {
        let out = rebuild(&pdf_without_xref()).expect("rebuilt");
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("/Root 1 0 R"), "{text}");
        assert!(
            text.contains("<< /Length 999  /Length 5>>\nstream\nBT ET\nendstream"),
            "{text}"
        );
        assert!(text.contains("xref\n0 5\n"), "{text}");
        let doc = lopdf::Document::load_mem(&out).expect("parses");
        assert_eq!(doc.get_pages().len(), 1);
    }

    #[test]
    fn the_newest_copy_of_an_object_wins() {
        let mut b = pdf_without_xref();
        b.extend_from_slice(b"2 0 obj << /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >> endobj\n");
        let out = rebuild(&b).expect("rebuilt");
        let doc = lopdf::Document::load_mem(&out).expect("parses");
        let pages = doc.get_dictionary((2, 0)).expect("pages");
        assert_eq!(pages.get(b"Count").and_then(|c| c.as_i64()).ok(), Some(2));
    }

    #[test]
    fn the_encryption_dictionary_is_read_as_readers_read_it() {
        let d = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /O (o) /U (u) /P -4 >>";
        let out = normalised_encryption(d, 0, d.len());
        assert_eq!(
            String::from_utf8_lossy(&out),
            "<< /Filter /Standard /V 1 /R 2 /O (o) /U (u) /P -4 >>"
        );
        let d = b"<< /V 4 /R 4 /CF << /StdCF << /CFM /AESV2 >> >> /StmF /StdCF /StrF /Identity >>";
        let out = String::from_utf8_lossy(&normalised_encryption(d, 0, d.len())).into_owned();
        assert!(
            out.contains("/CF << /StdCF << /CFM /AESV2 >>  /Identity << /CFM /None >> >>"),
            "{out}"
        );
        assert!(out.ends_with("/Length 128 >>"), "{out}");
    }

    #[test]
    fn run_on_values_are_read_once_not_once_per_header() {
        let mut b = b"%PDF-1.4\ntrailer << /Root 1 0 R >>\n".to_vec();
        for _ in 0..50_000 {
            b.extend_from_slice(b"1 0 obj (\n");
        }
        let started = std::time::Instant::now();
        assert_eq!(rebuild(&b), Err(Unrepairable::Other));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        // A flood of keywords is refused before anything is allocated for it.
        let flood = [
            &b"%PDF-1.4\ntrailer << >>\n"[..],
            &b" obj".repeat(1_000_000),
        ]
        .concat();
        assert_eq!(rebuild(&flood), Err(Unrepairable::Other));
    }

    #[test]
    fn no_catalogue_means_no_rebuild() {
        let trailer = "trailer << /Size 2 >>\n";
        let without = |body: &str| rebuild(format!("%PDF-1.4\n{body}{trailer}").as_bytes());
        assert_eq!(
            without("1 0 obj << /A 1 >> endobj\n"),
            Err(Unrepairable::Other)
        );
        assert_eq!(without(""), Err(Unrepairable::Other));
        assert_eq!(
            rebuild(b"%PDF-1.4\n1 0 obj << /Type /Catalog"),
            Err(Unrepairable::NoTrailer)
        );
    }

    /// As qpdf 11 and poppler 22: without a trailer (none in the file, and
    /// no whole cross-reference stream where `startxref` points) a file is
    /// not rebuilt, whatever objects it holds.
    #[test]
    fn no_trailer_means_no_rebuild() {
        let whole = pdf_without_xref();
        let cut = whole
            .windows(7)
            .position(|w| w == b"trailer")
            .expect("trailer");
        assert_eq!(rebuild(&whole[..cut]), Err(Unrepairable::NoTrailer));

        // A cross-reference stream (uncompressed here) at `startxref` is a trailer.
        let mut b = whole[..cut].to_vec();
        let at = b.len();
        b.extend_from_slice(
            b"5 0 obj << /Type /XRef /Size 6 /W [1 1 1] /Root 1 0 R /Length 3 >> stream\n\x01\x00\x00\nendstream endobj\n",
        );
        let with_xref = |at: usize| {
            let mut c = b.clone();
            c.extend_from_slice(format!("startxref\n{at}\n%%EOF\n").as_bytes());
            c
        };
        let out = rebuild(&with_xref(at)).expect("rebuilt from the stream's dictionary");
        assert!(String::from_utf8_lossy(&out).contains("/Root 1 0 R"));
        // Pointing anywhere else, it is not.
        assert_eq!(rebuild(&with_xref(at + 3)), Err(Unrepairable::NoTrailer));
        assert_eq!(rebuild(&with_xref(at - 10)), Err(Unrepairable::NoTrailer));
        // Compressed data that does not decompress is no trailer either.
        let garbled = String::from_utf8_lossy(&with_xref(at))
            .replace("/Length 3 >>", "/Length 3 /Filter /FlateDecode >>")
            .into_bytes();
        assert_eq!(rebuild(&garbled), Err(Unrepairable::NoTrailer));
    }

    #[test]
    fn headers_inside_stream_data_are_not_objects() {
        let mut b = pdf_without_xref();
        b.extend_from_slice(b"5 0 obj << /Length 30 >> stream\n1 0 obj << /Type /Junk >> endobj\nendstream endobj\n");
        let out = rebuild(&b).expect("rebuilt");
        let doc = lopdf::Document::load_mem(&out).expect("parses");
        assert!(doc
            .get_dictionary((1, 0))
            .is_ok_and(|d| d.has_type(b"Catalog")));
    }
}
