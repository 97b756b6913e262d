//! The documents a meeting produces, built from a [`LoadedMeeting`]: the
//! agenda as plain text (for the terminal), and — through [`crate::typeset`]
//! — the agenda front sheet and the minutes as PDFs.
//!
//! [`LoadedMeeting`]: crate::store::LoadedMeeting

pub mod text;
