//! Report intake and agenda-pack assembly.
//!
//! Domain-independent: the API takes bytes and plain structs; callers map
//! meetings and reports onto them.
//!
//! - [`inspect`] checks a report PDF when it is added, refuses what cannot go into
//!   a pack with a message for the clerk, and decrypts owner-password-only files.
//! - [`plan_ranges`] gives each report's "(Pages X - Y)" before assembly, so the
//!   front sheet can be typeset first.
//! - [`assemble`] merges the front sheet and the reports into one PDF: running
//!   "Page N" stamps, red "PRIVATE" watermarks, bookmarks per item and report,
//!   links from the front sheet, and nothing of any source's metadata.
//!
//! Architecture invariant: a non-recursive pre-scan (`nesting.rs`) bounds nesting
//! depth and predictor parameters first (lopdf recurses without limit, and a stack
//! overflow aborts); lopdf parses (inside `catch_unwind`); the page tree is
//! walked here with a visited set and a depth limit; the output is written by our
//! own streaming serialiser ([`writer`]) so the same input always gives the same
//! bytes.

mod access;
mod assemble;
mod decrypt;
mod intake;
mod nesting;
mod outline;
mod repair;
mod source;
mod stamp;
mod tags;
mod writer;

pub use access::{accessibility, Accessibility};
pub use assemble::{
    assemble, plan_ranges, FrontLink, PackError, PackInput, PackMeta, PackOutput, Part,
};
pub use intake::{inspect, Inspected, IntakeError, Limits, PageGeometry};
pub use outline::{headings, Heading};
