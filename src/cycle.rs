//! The meeting cycle: a new meeting from the committee's template, the
//! drafted exclusion resolution, and approval of minutes at a later meeting.

use crate::domain::{
    long_date, ordinal_day, AgendaItem, ItemKind, MeetingId, MeetingKind, MeetingStatus, Role,
};
use crate::store::{LoadedMeeting, NewReport, Store, StoreError};
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

fn standard(key: &str, title: &str, kind: ItemKind) -> AgendaItem {
    AgendaItem {
        kind,
        ..AgendaItem::new(key, title)
    }
}

/// The standard items a new meeting starts with. `previous` is the date of
/// the committee's previous meeting, whose minutes are to be agreed.
pub fn template_items(apologies: bool, previous: Option<NaiveDate>) -> Vec<AgendaItem> {
    let mut items = Vec::new();
    if apologies {
        items.push(standard(
            "apologies",
            "Apologies and Substitutions",
            ItemKind::Apologies,
        ));
    }
    items.push(standard(
        "declarations",
        "Declarations of Interests",
        ItemKind::Declarations,
    ));
    let mut minutes = standard("minutes", "Minutes", ItemKind::Minutes);
    minutes.sub_items = vec![
        match previous {
            Some(d) => format!("To agree the minutes of the meeting held on {}", held_on(d)),
            None => "To agree the minutes of the previous meeting".to_string(),
        },
        "Matters Arising".to_string(),
    ];
    items.push(minutes);
    let mut wp = standard("work-programme", "Work Programme", ItemKind::WorkProgramme);
    wp.purpose = Some("Report of the Director of Law and Governance".to_string());
    items.push(wp);
    let mut aob = standard("aob", "Any Other Business", ItemKind::AnyOtherBusiness);
    aob.description = Some(
        "Any other items of business which the Chair decides to take as matters of urgency because of the special circumstances involved."
            .to_string(),
    );
    items.push(aob);
    items
}

/// The committee's meeting before `date`, if any.
pub fn previous_meeting(
    store: &Store,
    committee: &str,
    date: NaiveDateTime,
) -> Result<Option<MeetingId>, StoreError> {
    Ok(store
        .meetings()?
        .into_iter()
        .filter(|m| m.committee == committee && m.date.and_time(m.time) < date)
        .max_by_key(|m| (m.date, m.time))
        .map(|m| m.id))
}

/// Creates a meeting from the committee's template, numbered on from the
/// committee's previous meeting. Returns its id.
pub fn new_meeting(
    store: &mut Store,
    committee: &str,
    starts_at: NaiveDateTime,
    venue: Option<&str>,
) -> Result<MeetingId, CycleError> {
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
    let venue = venue
        .map(str::to_string)
        .or_else(|| c.default_venue.clone())
        .ok_or_else(|| {
            CycleError::Refused(format!("{} has no usual venue: give --venue", c.name))
        })?;
    let previous = previous_meeting(store, &c.name, starts_at)?;
    let previous_date = match previous {
        Some(id) => Some(store.load_meeting(id)?.meeting.date()),
        None => None,
    };
    let items = template_items(c.apologies_item, previous_date);
    let id = store.create_meeting(&c.name, starts_at, &venue, MeetingKind::Ordinary, &items)?;
    // The previous meeting's minutes go with the Minutes item, once written.
    if let (Some(prev), Some(date)) = (previous, previous_date) {
        if let Ok(minutes) = crate::publish::minutes_pdf(store, prev) {
            store.attach_report(
                id,
                "minutes",
                NewReport {
                    title: &format!("Minutes of {}", date.format("%-d %B %Y")),
                    file_name: &format!("minutes-{date}.pdf"),
                    bytes: &minutes.bytes,
                    pages: minutes.page_count,
                },
            )?;
        }
    }
    Ok(id)
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
                .map(|p| format!("paragraph {p}: {}", p.wording()))
                .collect::<Vec<_>>()
                .join("; ");
            if words.is_empty() {
                "no paragraph given yet".to_string()
            } else {
                words
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
/// `chair`; locks them.
pub fn approve(
    store: &mut Store,
    meeting: MeetingId,
    at: MeetingId,
    chair: &str,
) -> Result<(), CycleError> {
    let m = store.load_meeting(meeting)?;
    let later = store.load_meeting(at)?;
    let when = long_date(m.meeting.date());
    if meeting == at {
        return Err(CycleError::Refused(
            "minutes are approved at a later meeting, not at the same one".into(),
        ));
    }
    if m.committee.name != later.committee.name {
        return Err(CycleError::Refused(format!(
            "meeting {at} is of {}, not of {}: minutes are approved by the same body",
            later.committee.name, m.committee.name
        )));
    }
    if later.meeting.starts_at <= m.meeting.starts_at {
        return Err(CycleError::Refused(format!(
            "meeting {at} ({}) is not later than the meeting of {when}",
            long_date(later.meeting.date())
        )));
    }
    match later.meeting.kind {
        MeetingKind::Extraordinary => {
            return Err(CycleError::Refused(format!(
                "meeting {at} is an extraordinary meeting, which is not a suitable meeting to approve minutes (LGA 1972 Sch 12 para 41)"
            )))
        }
        MeetingKind::Ordinary | MeetingKind::Annual => {}
    }
    match m.meeting.status {
        MeetingStatus::MinutesApproved | MeetingStatus::Signed => {
            return Err(CycleError::Refused(format!("the minutes of {when} are already approved")))
        }
        MeetingStatus::Draft | MeetingStatus::Published => {
            return Err(CycleError::Refused(format!(
                "the meeting of {when} has not been held yet (status {}): there are no minutes to approve",
                m.meeting.status
            )))
        }
        MeetingStatus::Held | MeetingStatus::MinutesDrafted => {}
    }
    if m.meeting.minutes.is_none() && m.meeting.items.iter().all(|i| i.minute.is_none()) {
        return Err(CycleError::Refused(format!(
            "no minutes have been written for the meeting of {when}"
        )));
    }
    let chair = chair.trim();
    if chair.is_empty() {
        return Err(CycleError::Refused(
            "give the name of the chair who signs".into(),
        ));
    }
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
