//! Opening an encrypted report that needs no password to read.
//!
//! A file with an owner password only ("editing restricted") opens in every
//! reader with the empty user password. lopdf 0.38 decrypts such files while
//! parsing (standard security handler, R2–R6: RC4 40 and 128 bit, AES-128 with
//! crypt filters, AES-256); this module checks that it did, removes the
//! encryption, and tells a file that really needs a password from one whose
//! encryption dictionary was lost to damage (which a rebuild may recover).

use lopdf::{Document, Object};

/// Why an encrypted file could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Closed {
    /// The empty user password does not open it: a password is needed.
    NeedsPassword,
    /// The encryption dictionary is missing or unreadable.
    Damaged(String),
}

/// Decrypts `doc` (already parsed by lopdf from a file whose trailer has
/// `/Encrypt`) and removes its encryption, or says why it cannot.
pub(crate) fn open(doc: &mut Document) -> Result<(), Closed> {
    if doc.encryption_state.is_none() {
        if doc.get_encrypted().is_err() {
            return Err(Closed::Damaged(
                "its encryption dictionary could not be read".into(),
            ));
        }
        return Err(Closed::NeedsPassword);
    }
    // lopdf has already decrypted every object with the empty user password.
    if let Some(Object::Reference(id)) = doc.trailer.remove(b"Encrypt") {
        doc.objects.remove(&id);
    }
    doc.encryption_state = None;
    Ok(())
}
