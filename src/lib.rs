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
pub mod checks;
pub mod convert;
pub mod crossref;
pub mod cycle;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod interchange;
pub mod numbering;
pub mod pack;
pub mod publish;
pub mod settings;
pub mod site;
pub mod store;
pub mod typeset;

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
    /// From the meeting cycle.
    #[error(transparent)]
    Cycle(#[from] cycle::CycleError),
    /// From the calendar.
    #[error(transparent)]
    Calendar(#[from] calendar::CalendarError),
    /// From report intake.
    #[error(transparent)]
    Intake(#[from] pack::IntakeError),
    /// From converting a report to PDF.
    #[error(transparent)]
    Convert(#[from] convert::ConvertError),
}
