//! The pre-flight check: what is wrong or risky about a meeting's papers,
//! each finding tied to the item it concerns.

use crate::calendar::{self, CalendarSettings};
use crate::crossref;
use crate::domain::{long_date, ItemKind, MeetingStatus, Presence};
use crate::pack;
use crate::store::{LoadedMeeting, Store};
use chrono::NaiveDate;
use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Must be put right before publishing (or before approving, after the meeting).
    Error,
    /// Worth a look.
    Warning,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// A stable code for tools and tests ("missing-report").
    pub code: &'static str,
    /// The item's key, when the finding concerns one item.
    pub item: Option<String>,
    /// The item's number.
    pub number: Option<u32>,
    /// What is wrong, in plain English.
    pub message: String,
}

/// Checks a meeting as of `today` under the council's calendar settings.
pub fn check(m: &LoadedMeeting, today: NaiveDate, settings: &CalendarSettings) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |severity, code, index: Option<usize>, message: String| {
        out.push(Finding {
            severity,
            code,
            item: index.map(|i| m.meeting.items[i].key.clone()),
            number: index.map(|i| m.number_of(i)),
            message,
        });
    };
    let meeting = &m.meeting;
    let date = meeting.date();

    // The statutory deadline, while the agenda is unpublished.
    if meeting.status == MeetingStatus::Draft {
        match calendar::publication_deadline(date, settings) {
            Ok(deadline) if today > deadline => add(
                Severity::Error,
                "past-deadline",
                None,
                format!(
                    "past the publication deadline: the agenda had to be published by {} for five clear days' notice",
                    long_date(deadline)
                ),
            ),
            Ok(deadline) if today == deadline => add(
                Severity::Warning,
                "deadline-today",
                None,
                format!("the agenda must be published today ({}) for five clear days' notice", long_date(deadline)),
            ),
            Ok(_) => {}
            Err(e) => add(Severity::Warning, "calendar", None, format!("cannot work out the publication deadline: {e}")),
        }
    }

    let exclusion = meeting
        .items
        .iter()
        .position(|i| i.kind == ItemKind::Exclusion);
    let first_private = meeting.items.iter().position(|i| i.is_private());
    for (i, item) in meeting.items.iter().enumerate() {
        let wants_report = match item.kind {
            ItemKind::Substantive | ItemKind::Minutes | ItemKind::WorkProgramme => true,
            ItemKind::Apologies
            | ItemKind::Declarations
            | ItemKind::Exclusion
            | ItemKind::AnyOtherBusiness => false,
        };
        if wants_report && item.reports.is_empty() {
            add(
                Severity::Warning,
                "missing-report",
                Some(i),
                format!("\"{}\" has no report attached", item.title),
            );
        }
        if let Some(e) = &item.exemption {
            if e.paragraphs.is_empty() {
                add(
                    Severity::Error,
                    "private-without-paragraph",
                    Some(i),
                    format!(
                        "\"{}\" is private but names no paragraph of Schedule 12A",
                        item.title
                    ),
                );
            }
            match exclusion {
                Some(x) if x < i => {}
                Some(_) | None => add(
                    Severity::Error,
                    "private-before-exclusion",
                    Some(i),
                    format!(
                        "\"{}\" is private but no \"Exclusion of Press and Public\" item comes before it",
                        item.title
                    ),
                ),
            }
        } else if first_private.is_some_and(|p| p < i) {
            add(
                Severity::Warning,
                "public-after-private",
                Some(i),
                format!(
                    "\"{}\" is public business but comes after private business",
                    item.title
                ),
            );
        }
        if let Some(late) = &item.late {
            if late.reason.trim().is_empty() {
                add(
                    Severity::Error,
                    "late-without-reason",
                    Some(i),
                    format!(
                        "\"{}\" is a late item but gives no reason for urgency (s100B(4)(b))",
                        item.title
                    ),
                );
            }
        }
        if let Some(c) = &item.counterpart {
            if meeting.item(c).is_none() {
                add(
                    Severity::Error,
                    "dangling-counterpart",
                    Some(i),
                    format!(
                        "\"{}\" is linked to an item \"{c}\" that no longer exists",
                        item.title
                    ),
                );
            }
        }
        let texts = [item.description.as_deref(), item.minute.as_deref()];
        for text in texts.into_iter().flatten() {
            for r in crossref::find(text) {
                if meeting.item(&r.key).is_none() {
                    add(
                        Severity::Error,
                        "dangling-reference",
                        Some(i),
                        format!("the text of \"{}\" refers to an item \"{}\" that is not on this agenda", item.title, r.key),
                    );
                }
            }
        }
    }
    if let (Some(x), None) = (exclusion, first_private) {
        add(
            Severity::Warning,
            "exclusion-without-private",
            Some(x),
            "there is an exclusion item but no private business".into(),
        );
    }

    // Executive bodies meeting in private need 28 clear days' notice.
    if m.committee.executive && first_private.is_some() && meeting.status == MeetingStatus::Draft {
        let notice_by = calendar::executive_notice_deadline(date);
        if today > notice_by {
            add(
                Severity::Warning,
                "executive-private-notice",
                first_private,
                format!(
                    "an executive meeting with private business needs 28 clear days' notice of the intention to meet in private (by {})",
                    long_date(notice_by)
                ),
            );
        }
    }

    // After the meeting: quorum.
    if meeting.status >= MeetingStatus::Held {
        if let (Some(quorum), Some(minutes)) = (m.committee.quorum, &meeting.minutes) {
            // Members and substitutes count; co-opted and other members do not.
            let present = minutes
                .attendance
                .iter()
                .filter(|a| a.presence == Presence::Present)
                .filter(|a| {
                    a.substitute_for.is_some()
                        || m.committee
                            .members
                            .iter()
                            .any(|mem| mem.person == a.person && mem.role.is_member())
                })
                .count() as u32;
            if !minutes.attendance.is_empty() && present < quorum {
                add(
                    Severity::Error,
                    "below-quorum",
                    None,
                    format!("only {present} members were present; the quorum is {quorum}"),
                );
            } else if minutes.attendance.is_empty() {
                add(
                    Severity::Warning,
                    "no-attendance",
                    None,
                    "the attendance has not been recorded".into(),
                );
            }
        }
    }
    out.sort_by_key(|f| f.severity);
    out
}

/// The whole pre-flight check, as `agendapack check` and the Checks tab run
/// it: [`check`] and the [`accessibility`] of the reports, errors first.
pub fn preflight(
    store: &Store,
    m: &LoadedMeeting,
    today: NaiveDate,
    settings: &CalendarSettings,
) -> Vec<Finding> {
    let mut out = check(m, today, settings);
    out.extend(accessibility(store, m));
    out.sort_by_key(|f| f.severity);
    out
}

/// The accessibility check of a meeting's reports (Public Sector Bodies
/// Accessibility Regulations 2018): a report that is not tagged, has no
/// document title, or has pages that are images with no text (a scan without
/// a text layer). Warnings only: the papers can still be published. Reads
/// each report's stored file (hash-verified).
pub fn accessibility(store: &Store, m: &LoadedMeeting) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, item) in m.meeting.items.iter().enumerate() {
        for report in &item.reports {
            let mut add = |code, message: String| {
                out.push(Finding {
                    severity: Severity::Warning,
                    code,
                    item: Some(item.key.clone()),
                    number: Some(m.number_of(i)),
                    message,
                });
            };
            let Some(sha) = &report.sha256 else {
                continue;
            };
            let checked = store
                .read_blob(sha, &report.title, &item.key)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    pack::accessibility(&report.file, &bytes).map_err(|e| e.to_string())
                });
            let a = match checked {
                Ok(a) => a,
                Err(e) => {
                    add(
                        "accessibility-unknown",
                        format!(
                            "report \"{}\" could not be checked for accessibility: {e}",
                            report.title
                        ),
                    );
                    continue;
                }
            };
            if !a.tagged {
                add(
                    "untagged-report",
                    format!(
                        "report \"{}\" is not tagged: not accessible (a screen reader cannot follow its headings, lists and tables; ask the author for a tagged PDF, or attach the Word file)",
                        report.title
                    ),
                );
            }
            if a.title.is_none() {
                add(
                    "report-without-title",
                    format!(
                        "report \"{}\" has no document title: a screen reader announces its file name instead",
                        report.title
                    ),
                );
            }
            if !a.pages_without_text.is_empty() {
                let pages = a
                    .pages_without_text
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                let (noun, verb) = if a.pages_without_text.len() == 1 {
                    ("page", "is an image")
                } else {
                    ("pages", "are images")
                };
                add(
                    "scanned-pages",
                    format!(
                        "report \"{}\": {noun} {pages} {verb} with no text (scanned?), which a screen reader cannot read",
                        report.title
                    ),
                );
            }
        }
    }
    out
}

/// Whether any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
