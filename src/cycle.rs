//! The meeting cycle: a new meeting from the committee's template (its own
//! standard items, or [`default_template`]), the
//! drafted exclusion resolution, and approval of minutes at a later meeting.

use crate::domain::{
    long_date, ordinal_day, AgendaItem, ItemKind, MeetingId, MeetingKind, Role, TemplateItem,
};
use crate::publish::PublishError;
use crate::store::{LoadedMeeting, NewReport, Store, StoreError};
use crate::typeset::Rendered;
use chrono::{Datelike, NaiveDate, NaiveDateTime};

/// Errors of the meeting cycle.
#[derive(Debug, thiserror::Error)]
pub enum CycleError {
    /// From the store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The request breaks a rule of the cycle; the message says which.
    #[error("{0}")]
    Refused(String),
}

/// "28th November 2024", as in "the minutes of the meeting held on …".
pub fn held_on(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        ordinal_day(date.day()),
        date.format("%B"),
        date.year()
    )
}

fn standard(key: &str, title: &str, kind: ItemKind) -> TemplateItem {
    TemplateItem {
        key: key.to_string(),
        title: title.to_string(),
        kind,
        purpose: None,
        description: None,
        sub_items: vec![],
    }
}

/// The placeholder in a template's text that becomes the previous meeting
/// ("the meeting held on 28th November 2024").
pub const PREVIOUS_MEETING: &str = "{previous_meeting}";

/// The standard items of a committee that has not set its own: Declarations
/// of Interests, Minutes (agree the previous meeting's, matters arising),
/// Work Programme, Any Other Business. An "Apologies and Substitutions" item
/// goes first when the committee asks for one ([`items_from_template`]).
pub fn default_template() -> Vec<TemplateItem> {
    let mut minutes = standard("minutes", "Minutes", ItemKind::Minutes);
    minutes.sub_items = vec![
        format!("To agree the minutes of {PREVIOUS_MEETING}"),
        "Matters Arising".to_string(),
    ];
    let mut wp = standard("work-programme", "Work Programme", ItemKind::WorkProgramme);
    wp.purpose = Some("Report of the Director of Law and Governance".to_string());
    let mut aob = standard("aob", "Any Other Business", ItemKind::AnyOtherBusiness);
    aob.description = Some(
        "Any other items of business which the Chair decides to take as matters of urgency because of the special circumstances involved."
            .to_string(),
    );
    vec![
        standard(
            "declarations",
            "Declarations of Interests",
            ItemKind::Declarations,
        ),
        minutes,
        wp,
        aob,
    ]
}

/// The agenda items a new meeting starts with, from `template`: with
/// `apologies`, an "Apologies and Substitutions" item first unless the
/// template has an apologies item of its own; `{previous_meeting}` filled
/// in from `previous`, the date of the committee's previous meeting.
pub fn items_from_template(
    template: &[TemplateItem],
    apologies: bool,
    previous: Option<NaiveDate>,
) -> Vec<AgendaItem> {
    let previous_words = match previous {
        Some(d) => format!("the meeting held on {}", held_on(d)),
        None => "the previous meeting".to_string(),
    };
    let fill = |s: &str| s.replace(PREVIOUS_MEETING, &previous_words);
    let mut items = Vec::new();
    if apologies && !template.iter().any(|t| t.kind == ItemKind::Apologies) {
        items.push(AgendaItem {
            kind: ItemKind::Apologies,
            ..AgendaItem::new("apologies", "Apologies and Substitutions")
        });
    }
    for t in template {
        items.push(AgendaItem {
            kind: t.kind,
            purpose: t.purpose.as_deref().map(fill),
            description: t.description.as_deref().map(fill),
            sub_items: t.sub_items.iter().map(|s| fill(s)).collect(),
            ..AgendaItem::new(t.key.clone(), fill(&t.title))
        });
    }
    items
}

/// The standard items a new meeting of a committee with the default
/// template starts with. `previous` is the date of the committee's previous
/// meeting, whose minutes are to be agreed.
pub fn template_items(apologies: bool, previous: Option<NaiveDate>) -> Vec<AgendaItem> {
    items_from_template(&default_template(), apologies, previous)
}

/// The committee's meeting before `date`, if any (cancelled meetings are
/// passed over).
pub fn previous_meeting(
    store: &Store,
    committee: &str,
    date: NaiveDateTime,
) -> Result<Option<MeetingId>, StoreError> {
    Ok(store
        .meetings()?
        .into_iter()
        .filter(|m| m.committee == committee && !m.cancelled && m.date.and_time(m.time) < date)
        .max_by_key(|m| (m.date, m.time))
        .map(|m| m.id))
}

/// A meeting made by [`new_meeting`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// The new meeting.
    pub id: MeetingId,
    /// What went wrong without stopping the meeting being made (the previous
    /// meeting's minutes could not be produced or attached); the caller shows
    /// these to the clerk.
    pub warnings: Vec<String>,
}

/// Creates a meeting from the committee's template, numbered on from the
/// committee's previous meeting, with the previous meeting's minutes
/// attached to the Minutes item once those minutes exist.
pub fn new_meeting(
    store: &mut Store,
    committee: &str,
    starts_at: NaiveDateTime,
    venue: Option<&str>,
) -> Result<Created, CycleError> {
    new_meeting_with(store, committee, starts_at, venue, &|s, id| {
        crate::publish::minutes_pdf(s, id)
    })
}

type RenderMinutes = dyn Fn(&Store, MeetingId) -> Result<Rendered, PublishError>;

fn new_meeting_with(
    store: &mut Store,
    committee: &str,
    starts_at: NaiveDateTime,
    venue: Option<&str>,
    render_minutes: &RenderMinutes,
) -> Result<Created, CycleError> {
    let known = store.committees()?;
    let c = known
        .iter()
        .find(|c| c.name == committee || c.short_name.as_deref() == Some(committee))
        .ok_or_else(|| {
            let names = known
                .iter()
                .map(|c| format!("\"{}\"", c.name))
                .collect::<Vec<_>>()
                .join(", ");
            CycleError::Refused(format!(
                "no committee named \"{committee}\" (known: {names})"
            ))
        })?;
    if c.archived {
        return Err(CycleError::Refused(format!(
            "{} is archived: new meetings cannot be made for it (restore it first)",
            c.name
        )));
    }
    let venue = venue
        .map(str::to_string)
        .or_else(|| c.default_venue.clone())
        .ok_or_else(|| {
            CycleError::Refused(format!("{} has no usual venue: give --venue", c.name))
        })?;
    let previous = previous_meeting(store, &c.name, starts_at)?;
    let previous = match previous {
        Some(id) => Some((id, store.load_meeting(id)?)),
        None => None,
    };
    let template = c.template.clone().unwrap_or_else(default_template);
    let items = items_from_template(
        &template,
        c.apologies_item,
        previous.as_ref().map(|(_, m)| m.meeting.date()),
    );
    let minutes_key = items
        .iter()
        .find(|i| i.kind == ItemKind::Minutes)
        .map(|i| i.key.clone());
    let id = store.create_meeting(&c.name, starts_at, &venue, MeetingKind::Ordinary, &items)?;
    let mut warnings = Vec::new();
    // The previous meeting's minutes go with the Minutes item, once written.
    if let (Some((prev, m)), Some(minutes_key)) = (previous, minutes_key) {
        let written =
            m.meeting.minutes.is_some() || m.meeting.items.iter().any(|i| i.minute.is_some());
        if written {
            let date = m.meeting.date();
            let attached = render_minutes(store, prev)
                .map_err(|e| e.to_string())
                .and_then(|minutes| {
                    store
                        .attach_report(
                            id,
                            &minutes_key,
                            NewReport {
                                title: &format!("Minutes of {}", date.format("%-d %B %Y")),
                                file_name: &format!("minutes-{date}.pdf"),
                                bytes: &minutes.bytes,
                                pages: minutes.page_count,
                                original: None,
                            },
                        )
                        .map_err(|e| e.to_string())
                });
            if let Err(reason) = attached {
                warnings.push(format!(
                    "the minutes of the meeting of {} (meeting {prev}) could not be attached to the Minutes item of the new meeting: {reason}; attach them by hand",
                    long_date(date)
                ));
            }
        }
    }
    Ok(Created { id, warnings })
}

/// Drafts the exclusion resolution from the meeting's private items, in the
/// pattern of the reference agenda: items by cross-reference and public
/// title, the paragraphs in their statutory words, the public-interest test.
/// None when there are no private items.
pub fn exclusion_resolution(m: &LoadedMeeting) -> Option<String> {
    let private: Vec<&AgendaItem> = m.meeting.items.iter().filter(|i| i.is_private()).collect();
    if private.is_empty() {
        return None;
    }
    let body = m
        .committee
        .short_name
        .as_deref()
        .map(short_body)
        .unwrap_or("Committee");
    let reports = if private.len() == 1 {
        "the private report"
    } else {
        "the private reports"
    };
    let mut s = format!(
        "RESOLVED that the {body} agrees to exclude the press and public under Section 100A(4) of the Local Government Act 1972 \
         for the consideration of {reports} listed below, on the grounds that {} the likely disclosure of exempt information \
         as defined in the paragraphs of Part 1 of Schedule 12A of that Act shown:\n\n",
        if private.len() == 1 { "it involves" } else { "they involve" }
    );
    for item in &private {
        let e = item.exemption.as_ref().map(|e| {
            let mut ps = e.paragraphs.clone();
            ps.sort();
            ps.dedup();
            let words = ps
                .iter()
                // Each paragraph's wording ends with a full stop; within
                // the list they are joined by semicolons, and the list ends
                // with one full stop (never "enactment.; paragraph 7").
                .map(|p| format!("paragraph {p}: {}", p.wording().trim_end_matches('.')))
                .collect::<Vec<_>>()
                .join("; ");
            if words.is_empty() {
                "no paragraph given yet".to_string()
            } else {
                format!("{words}.")
            }
        });
        s.push_str(&format!(
            "- [[item:{}]] headed \u{2018}{}\u{2019} \u{2013} {}\n",
            item.key,
            item.title,
            e.unwrap_or_default()
        ));
    }
    s.push_str(
        "\nThe public interest in maintaining the exemption under Schedule 12A outweighs the public interest in disclosing the information.",
    );
    Some(s)
}

fn short_body(short: &str) -> &str {
    if short.contains("Scrutiny Board") {
        "Board"
    } else if short.contains("Cabinet") {
        "Cabinet"
    } else {
        "Committee"
    }
}

/// Approves the minutes of `meeting` at the later meeting `at`, chaired by
/// `chair`; locks them. The store keeps the rules (held, minutes written,
/// not yet approved; a later meeting of the same committee, not an
/// extraordinary one) so that no caller can go round them.
pub fn approve(
    store: &mut Store,
    meeting: MeetingId,
    at: MeetingId,
    chair: &str,
) -> Result<(), CycleError> {
    store.load_meeting(meeting)?;
    let later = store.load_meeting(at)?;
    store.record_approval(meeting, at, later.meeting.date(), chair)?;
    Ok(())
}

/// The chair of the committee as printed ("Councillor CE Thomas"), if known.
pub fn chair_name(m: &LoadedMeeting) -> Option<String> {
    m.committee
        .members
        .iter()
        .find(|mem| mem.role == Role::Chair)
        .and_then(|mem| m.person(&mem.person))
        .map(|p| p.display_name())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};

    const COMMITTEE: &str = "Education and Children's Services Scrutiny Board (2)";

    fn jan() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 1, 16)
            .unwrap()
            .and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap())
    }

    #[test]
    fn a_failed_render_of_the_previous_minutes_is_a_warning_not_silence() {
        let mut store = Store::open_in_memory().unwrap();
        crate::demo::load(&mut store).unwrap();
        let failing: &RenderMinutes = &|_, _| {
            Err(PublishError::Refused(
                "the typesetter broke (test)".to_string(),
            ))
        };
        let created = new_meeting_with(&mut store, COMMITTEE, jan(), None, failing).unwrap();
        assert_eq!(created.warnings.len(), 1, "{:?}", created.warnings);
        let w = &created.warnings[0];
        assert!(
            w.contains("Thursday, 28th November, 2024")
                && w.contains("the typesetter broke (test)")
                && w.contains("attach them by hand"),
            "{w}"
        );
        // The meeting is still made, its Minutes item without a report.
        let m = store.load_meeting(created.id).unwrap();
        assert!(m.meeting.item("minutes").unwrap().1.reports.is_empty());
    }

    #[test]
    fn no_warning_when_the_previous_minutes_attach() {
        let mut store = Store::open_in_memory().unwrap();
        crate::demo::load(&mut store).unwrap();
        let created = new_meeting(&mut store, COMMITTEE, jan(), None).unwrap();
        assert!(created.warnings.is_empty(), "{:?}", created.warnings);
        let m = store.load_meeting(created.id).unwrap();
        assert_eq!(m.meeting.item("minutes").unwrap().1.reports.len(), 1);
    }
}
