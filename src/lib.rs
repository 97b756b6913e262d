//! AgendaPack core: committee meetings, their agendas, packs and minutes.
//!
//! Everything a clerk's work needs lives here, with no UI and no command-line
//! parsing: the domain model ([`domain`]), the SQLite store ([`store`]), the
//! JSON interchange format ([`interchange`]), the statutory calendar
//! ([`calendar`]), typesetting of our own pages ([`typeset`], [`documents`])
//! and assembly of agenda packs from report PDFs ([`pack`]).
//!
//! The `agendapack` binary and the Tauri shell are thin callers of this crate.
#![forbid(unsafe_code)]

pub mod calendar;
pub mod crossref;
pub mod documents;
pub mod pack;
pub mod typeset;
pub mod demo;
pub mod domain;
pub mod interchange;
pub mod numbering;
pub mod store;

/// Any error from the core, for callers that do not care which module it came
/// from (the CLI, the desktop shell).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// From the store.
    #[error(transparent)]
    Store(#[from] store::StoreError),
    /// From reading or writing a meeting file.
    #[error(transparent)]
    Interchange(#[from] interchange::InterchangeError),
}
