//! A small streaming PDF serialiser: objects are written as soon as they are
//! ready, so a source document can be dropped once its pages are copied.

use std::io::Write as _;

use lopdf::{Dictionary, Object, StringFormat};
use sha2::{Digest, Sha256};

#[derive(Debug)]
pub(crate) struct PdfWriter {
    buf: Vec<u8>,
    /// Byte offset of each object, indexed by object number (0 unused).
    offsets: Vec<Option<usize>>,
}

impl PdfWriter {
    pub fn new(capacity: usize) -> Self {
        let mut buf = Vec::with_capacity(capacity);
        buf.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        PdfWriter {
            buf,
            offsets: vec![None],
        }
    }

    /// Reserves the next object number.
    pub fn alloc(&mut self) -> u32 {
        self.offsets.push(None);
        (self.offsets.len() - 1) as u32
    }

    /// Writes object `id` (which must have been allocated).
    pub fn write(&mut self, id: u32, obj: &Object) {
        let Some(slot) = self.offsets.get_mut(id as usize) else {
            return;
        };
        *slot = Some(self.buf.len());
        let _ = writeln!(self.buf, "{id} 0 obj");
        write_object(&mut self.buf, obj, 0);
        self.buf.extend_from_slice(b"\nendobj\n");
    }

    /// Writes the cross-reference table and trailer and returns the file. Objects
    /// allocated but never written become `null`. The `/ID` is a hash of the body.
    pub fn finish(mut self, root: u32, info: u32) -> Vec<u8> {
        for id in 1..self.offsets.len() {
            if self.offsets[id].is_none() {
                self.write(id as u32, &Object::Null);
            }
        }
        let digest = Sha256::digest(&self.buf);
        let file_id = hex::encode(&digest[..16]);
        let xref = self.buf.len();
        let count = self.offsets.len();
        let _ = write!(self.buf, "xref\n0 {count}\n0000000000 65535 f \n");
        for off in self.offsets.iter().skip(1) {
            let _ = writeln!(self.buf, "{:010} 00000 n ", off.unwrap_or(0));
        }
        let _ = write!(
            self.buf,
            "trailer\n<< /Size {count} /Root {root} 0 R /Info {info} 0 R /ID [<{file_id}> <{file_id}>] >>\nstartxref\n{xref}\n%%EOF\n"
        );
        self.buf
    }
}

/// Nesting deeper than this is written as `null` (no legitimate file needs it).
const MAX_NESTING: u32 = 256;

pub(crate) fn write_object(buf: &mut Vec<u8>, obj: &Object, depth: u32) {
    if depth > MAX_NESTING {
        buf.extend_from_slice(b"null");
        return;
    }
    match obj {
        Object::Null => buf.extend_from_slice(b"null"),
        Object::Boolean(b) => buf.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(buf, "{i}");
        }
        Object::Real(r) => write_real(buf, *r),
        Object::Name(n) => write_name(buf, n),
        Object::String(s, format) => write_string(buf, s, *format),
        Object::Array(a) => {
            buf.push(b'[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    buf.push(b' ');
                }
                write_object(buf, item, depth + 1);
            }
            buf.push(b']');
        }
        Object::Dictionary(d) => write_dict(buf, d, None, depth),
        Object::Stream(s) => {
            write_dict(buf, &s.dict, Some(s.content.len()), depth);
            buf.extend_from_slice(b"\nstream\n");
            buf.extend_from_slice(&s.content);
            buf.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, gen)) => {
            let _ = write!(buf, "{id} {gen} R");
        }
    }
}

fn write_dict(buf: &mut Vec<u8>, d: &Dictionary, length: Option<usize>, depth: u32) {
    buf.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        if length.is_some() && k.as_slice() == b"Length" {
            continue;
        }
        buf.push(b' ');
        write_name(buf, k);
        buf.push(b' ');
        write_object(buf, v, depth + 1);
    }
    if let Some(len) = length {
        let _ = write!(buf, " /Length {len}");
    }
    buf.extend_from_slice(b" >>");
}

fn write_real(buf: &mut Vec<u8>, r: f32) {
    if !r.is_finite() {
        buf.push(b'0');
        return;
    }
    if r == r.trunc() && r.abs() < 1e15 {
        let _ = write!(buf, "{}", r as i64);
        return;
    }
    // Display for f32 never uses an exponent and gives the shortest round trip.
    let _ = write!(buf, "{r}");
}

fn write_name(buf: &mut Vec<u8>, name: &[u8]) {
    buf.push(b'/');
    for &b in name {
        let regular = (0x21..=0x7E).contains(&b) && !b"()<>[]{}/%#".contains(&b);
        if regular {
            buf.push(b);
        } else {
            let _ = write!(buf, "#{b:02X}");
        }
    }
}

fn write_string(buf: &mut Vec<u8>, s: &[u8], format: StringFormat) {
    match format {
        StringFormat::Hexadecimal => {
            buf.push(b'<');
            buf.extend_from_slice(hex::encode(s).as_bytes());
            buf.push(b'>');
        }
        StringFormat::Literal => {
            buf.push(b'(');
            for &b in s {
                match b {
                    b'(' | b')' | b'\\' => {
                        buf.push(b'\\');
                        buf.push(b);
                    }
                    b'\r' => buf.extend_from_slice(b"\\r"),
                    _ => buf.push(b),
                }
            }
            buf.push(b')');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(obj: &Object) -> String {
        let mut buf = Vec::new();
        write_object(&mut buf, obj, 0);
        String::from_utf8_lossy(&buf).into_owned()
    }

    #[test]
    fn escapes_names_and_strings() {
        assert_eq!(text(&Object::Name(b"A B#".to_vec())), "/A#20B#23");
        assert_eq!(
            text(&Object::String(b"a(b)\\".to_vec(), StringFormat::Literal)),
            "(a\\(b\\)\\\\)"
        );
        assert_eq!(text(&Object::Real(0.5)), "0.5");
        assert_eq!(text(&Object::Real(595.0)), "595");
    }
}
