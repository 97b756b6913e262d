//! The demo council: the two reference meetings of Coventry City Council's
//! Education and Children's Services Scrutiny Board (2), 17 October and
//! 28 November 2024, with stand-in reports.
//!
//! The meeting files and reports (the test fixtures in `tests/fixtures/`) are
//! compiled into the binary so the demo works from any directory.

use crate::interchange::{self, InterchangeError};
use crate::store::Store;
use std::path::Path;

macro_rules! fixture {
    ($path:literal) => {
        (
            $path,
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/meetings/",
                $path
            )) as &[u8],
        )
    };
}

/// The demo meeting files, oldest first.
const MEETINGS: &[(&str, &[u8])] = &[fixture!("2024-10-17.json"), fixture!("2024-11-28.json")];

/// Every report the demo meetings name, by their path in the meeting files.
const REPORTS: &[(&str, &[u8])] = &[
    fixture!("reports/2024-10-17/44-minutes-2024-07-11.pdf"),
    fixture!("reports/2024-10-17/45-family-valued-briefing-note.pdf"),
    fixture!("reports/2024-10-17/46-child-friendly-cov-briefing-note.pdf"),
    fixture!("reports/2024-10-17/47-work-programme.pdf"),
    fixture!("reports/2024-11-28/51-minutes-2024-10-17.pdf"),
    fixture!("reports/2024-11-28/52-holiday-activities-and-food.pdf"),
    fixture!("reports/2024-11-28/53-social-worker-recruitment-and-retention.pdf"),
    fixture!("reports/2024-11-28/54-homes-for-children-in-care.pdf"),
    fixture!("reports/2024-11-28/55-work-programme.pdf"),
    fixture!("reports/2024-11-28/57-homes-for-children-in-care-private.pdf"),
];

/// What [`load`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOutcome {
    /// Meetings added now.
    pub added: usize,
    /// Meetings that were already there and were left alone.
    pub already_present: usize,
}

/// Loads the demo meetings that the database does not have yet
/// (idempotent: a second call changes nothing). Each meeting is one
/// transaction.
pub fn load(store: &mut Store) -> Result<DemoOutcome, crate::Error> {
    let mut outcome = DemoOutcome {
        added: 0,
        already_present: 0,
    };
    for (name, json) in MEETINGS {
        let path = Path::new("demo").join(name);
        let text = std::str::from_utf8(json).map_err(|e| InterchangeError::Json {
            file: path.clone(),
            json_path: String::new(),
            message: e.to_string(),
        })?;
        let parsed = interchange::parse(&path, text)?;
        if store
            .find_meeting(&parsed.committee.name, parsed.meeting.starts_at)?
            .is_some()
        {
            outcome.already_present += 1;
            continue;
        }
        interchange::import_parsed(store, &path, parsed, &|rel: &str| {
            REPORTS
                .iter()
                .find(|(p, _)| *p == rel)
                .map(|(_, b)| b.to_vec())
                .ok_or_else(|| format!("{rel} is not part of the demo"))
        })?;
        outcome.added += 1;
    }
    Ok(outcome)
}

/// Loads the demo on first run only: into a database that has no meetings
/// yet. A database the clerk has started using is left alone, so nothing
/// they removed comes back.
pub fn ensure_loaded(store: &mut Store) -> Result<(), crate::Error> {
    if store.meetings()?.is_empty() {
        load(store)?;
    }
    Ok(())
}
