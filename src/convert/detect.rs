//! What a file is, from its content (the extension only breaks ties).

/// A kind of file a report can arrive as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A PDF: no conversion needed.
    Pdf,
    /// Word 2007 or later (.docx).
    Docx,
    /// Word 97–2003 (.doc).
    Doc,
    /// OpenDocument text (.odt).
    Odt,
    /// Rich Text Format (.rtf).
    Rtf,
    /// Excel 2007 or later (.xlsx).
    Xlsx,
    /// Excel 97–2003 (.xls).
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// PowerPoint 2007 or later (.pptx).
    Pptx,
    /// PowerPoint 97–2003 (.ppt).
    Ppt,
    /// OpenDocument presentation (.odp).
    Odp,
    /// A PNG image (a scan).
    Png,
    /// A JPEG image (a scan or photograph).
    Jpeg,
    /// A TIFF image (a scan).
    Tiff,
}

/// Which LibreOffice application opens a format, which decides the PDF
/// export filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Application {
    /// Writer: text documents.
    Writer,
    /// Calc: spreadsheets.
    Calc,
    /// Impress: presentations.
    Impress,
    /// Draw: images.
    Draw,
}

impl Format {
    /// The usual extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Odt => "odt",
            Format::Rtf => "rtf",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Pptx => "pptx",
            Format::Ppt => "ppt",
            Format::Odp => "odp",
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Tiff => "tif",
        }
    }

    /// What the clerk would call it: "a Word document".
    pub fn description(self) -> &'static str {
        match self {
            Format::Pdf => "a PDF",
            Format::Docx | Format::Doc => "a Word document",
            Format::Odt => "an OpenDocument text",
            Format::Rtf => "a Rich Text document",
            Format::Xlsx | Format::Xls => "an Excel spreadsheet",
            Format::Ods => "an OpenDocument spreadsheet",
            Format::Pptx | Format::Ppt => "a PowerPoint presentation",
            Format::Odp => "an OpenDocument presentation",
            Format::Png | Format::Jpeg | Format::Tiff => "an image",
        }
    }

    /// The words of the intake note: "converted from Word".
    pub fn converted_from(self) -> &'static str {
        match self {
            Format::Pdf => "copied",
            Format::Docx | Format::Doc => "converted from Word",
            Format::Odt => "converted from OpenDocument text",
            Format::Rtf => "converted from Rich Text",
            Format::Xlsx | Format::Xls => "converted from Excel",
            Format::Ods => "converted from an OpenDocument spreadsheet",
            Format::Pptx | Format::Ppt => "converted from PowerPoint",
            Format::Odp => "converted from an OpenDocument presentation",
            Format::Png => "converted from a PNG image",
            Format::Jpeg => "converted from a JPEG image",
            Format::Tiff => "converted from a TIFF image",
        }
    }

    /// The LibreOffice application that opens it; `None` for a PDF.
    pub fn application(self) -> Option<Application> {
        match self {
            Format::Pdf => None,
            Format::Docx | Format::Doc | Format::Odt | Format::Rtf => Some(Application::Writer),
            Format::Xlsx | Format::Xls | Format::Ods => Some(Application::Calc),
            Format::Pptx | Format::Ppt | Format::Odp => Some(Application::Impress),
            Format::Png | Format::Jpeg | Format::Tiff => Some(Application::Draw),
        }
    }
}

/// Why a file is not a report AgendaPack can take, as found by [`detect`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAccepted {
    /// Zero bytes.
    Empty,
    /// An Office file encrypted with a password to open.
    PasswordProtected,
    /// A ZIP-based document whose end is missing.
    Truncated,
    /// Something else; the words say what it looks like ("a ZIP archive").
    Other(&'static str),
}

const ZIP: &[u8] = b"PK\x03\x04";
const ZIP_END: &[u8] = b"PK\x05\x06";
const CFB: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Says what `bytes` (named `file_name`) is, by its content. The extension
/// decides only between formats the content cannot tell apart.
pub fn detect(file_name: &str, bytes: &[u8]) -> Result<Format, NotAccepted> {
    if bytes.is_empty() {
        return Err(NotAccepted::Empty);
    }
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    // A PDF may have a little junk before its header; readers accept it.
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(ZIP) {
        return zip_format(bytes);
    }
    if bytes.starts_with(CFB) {
        return cfb_format(bytes, &ext);
    }
    if bytes.starts_with(b"{\\rtf") {
        return Ok(Format::Rtf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Png);
    }
    if bytes.starts_with(b"\xFF\xD8\xFF") {
        return Ok(Format::Jpeg);
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Ok(Format::Tiff);
    }
    Err(NotAccepted::Other(looks_like(bytes)))
}

/// OOXML and OpenDocument files are ZIP archives: the names of their parts
/// (stored uncompressed in the archive's directory) tell which.
fn zip_format(bytes: &[u8]) -> Result<Format, NotAccepted> {
    // The end-of-directory record sits in the last 64 KiB + 22 bytes.
    let tail = &bytes[bytes.len().saturating_sub(65_557)..];
    if find(tail, ZIP_END).is_none() {
        return Err(NotAccepted::Truncated);
    }
    // OpenDocument: the first part is "mimetype", stored, naming the type.
    if bytes.len() > 38 && &bytes[30..38] == b"mimetype" {
        let mime = &bytes[38..bytes.len().min(38 + 80)];
        let odf = b"application/vnd.oasis.opendocument.";
        if mime.starts_with(odf) {
            let rest = &mime[odf.len()..];
            if rest.starts_with(b"text") {
                return Ok(Format::Odt);
            }
            if rest.starts_with(b"spreadsheet") {
                return Ok(Format::Ods);
            }
            if rest.starts_with(b"presentation") {
                return Ok(Format::Odp);
            }
            if rest.starts_with(b"graphics") {
                return Err(NotAccepted::Other("an OpenDocument drawing"));
            }
        }
    }
    if find(bytes, b"word/document.xml").is_some() {
        return Ok(Format::Docx);
    }
    if find(bytes, b"xl/workbook.xml").is_some() {
        return Ok(Format::Xlsx);
    }
    if find(bytes, b"ppt/presentation.xml").is_some() {
        return Ok(Format::Pptx);
    }
    Err(NotAccepted::Other("a ZIP archive, not a document"))
}

/// Office 97–2003 files and password-protected Office 2007 files are OLE
/// compound files; their stream names (UTF-16) tell which.
fn cfb_format(bytes: &[u8], ext: &str) -> Result<Format, NotAccepted> {
    let has = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        find(bytes, &utf16).is_some()
    };
    if has("EncryptedPackage") || has("EncryptionInfo") {
        return Err(NotAccepted::PasswordProtected);
    }
    if has("WordDocument") {
        return Ok(Format::Doc);
    }
    if has("Workbook") || has("Book") {
        return Ok(Format::Xls);
    }
    if has("PowerPoint Document") {
        return Ok(Format::Ppt);
    }
    match ext {
        "doc" => Ok(Format::Doc),
        "xls" => Ok(Format::Xls),
        "ppt" => Ok(Format::Ppt),
        _ => Err(NotAccepted::Other(
            "an Office file of a kind AgendaPack does not know",
        )),
    }
}

fn looks_like(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(512)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    if find(&lower, b"<html").is_some() || find(&lower, b"<!doctype html").is_some() {
        return "a web page";
    }
    if head.starts_with(b"GIF8") {
        return "a GIF image";
    }
    if head.starts_with(b"\x1f\x8b") {
        return "a compressed (gzip) file";
    }
    if head.starts_with(b"MZ") || head.starts_with(b"\x7fELF") {
        return "a program";
    }
    if std::str::from_utf8(head).is_ok() {
        return "a plain text file";
    }
    "not a file type AgendaPack knows"
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_and_the_extension_only_breaks_ties() {
        assert_eq!(detect("a.docx", b"%PDF-1.7\n"), Ok(Format::Pdf));
        assert_eq!(detect("a.pdf", b"{\\rtf1\\ansi hello}"), Ok(Format::Rtf));
        assert_eq!(
            detect("a.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Ok(Format::Png)
        );
        assert_eq!(detect("a.jpg", b"\xFF\xD8\xFF\xE0"), Ok(Format::Jpeg));
        assert_eq!(detect("a.tif", b"II*\0\x08\0"), Ok(Format::Tiff));
        assert_eq!(detect("a.docx", b""), Err(NotAccepted::Empty));
        assert_eq!(
            detect("a.docx", b"just some words"),
            Err(NotAccepted::Other("a plain text file"))
        );
        // A ZIP without its end is an interrupted download.
        assert_eq!(
            detect("a.docx", b"PK\x03\x04 word/document.xml"),
            Err(NotAccepted::Truncated)
        );
        assert_eq!(
            detect("a.docx", b"PK\x03\x04 word/document.xml PK\x05\x06"),
            Ok(Format::Docx)
        );
        let mut cfb = CFB.to_vec();
        cfb.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert_eq!(detect("a.docx", &cfb), Err(NotAccepted::PasswordProtected));
        assert_eq!(detect("old.xls", CFB), Ok(Format::Xls));
    }
}
