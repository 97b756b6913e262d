//! Meetings: the list, Home, a new meeting, one meeting's screen, status.

use agendapack::calendar::CalendarSettings;
use agendapack::domain::{self as core, MeetingKind, MeetingStatus, Paragraph};
use agendapack::store::{LoadedMeeting, Store};
use agendapack::{cycle, settings};
use chrono::NaiveDate;
use tauri::State;

use super::{deadline, meeting, parse_date, parse_time};
use crate::dto::{
    self, ActionLine, ApprovalLine, AttendanceLine, CommandError, CreatedMeeting, DateText,
    DeclarationLine, HomeOverview, ItemDetail, MeetingDetail, MeetingSummary, MemberLine,
    MinutesDetail, MinutesToDo, NewMeetingForm, OpenAction, ParagraphText, PersonLine, ReportLine,
    UpcomingMeeting,
};
use crate::AppState;

/// Every meeting, soonest first, with its item numbers.
#[tauri::command]
pub async fn list_meetings(
    state: State<'_, AppState>,
) -> Result<Vec<MeetingSummary>, CommandError> {
    let store = state.store()?;
    Ok(store
        .meetings()?
        .into_iter()
        .map(MeetingSummary::from)
        .collect())
}

/// Home: upcoming meetings with their deadlines, minutes to write or
/// approve, and open actions.
#[tauri::command]
pub async fn home_overview(state: State<'_, AppState>) -> Result<HomeOverview, CommandError> {
    let store = state.store()?;
    let today = state.today();
    let calendar = settings::calendar(&store)?;
    let mut overview = HomeOverview {
        today: today.into(),
        upcoming: vec![],
        minutes_to_do: vec![],
        open_actions: vec![],
    };
    for m in store.meetings()? {
        let (date, status) = (m.date, m.status);
        let summary = MeetingSummary::from(m);
        if date >= today {
            overview.upcoming.push(UpcomingMeeting {
                deadline: deadline(date, status, today, &calendar)?,
                meeting: summary.clone(),
            });
        } else if let Some(next_step) = minutes_step(status) {
            overview.minutes_to_do.push(MinutesToDo {
                meeting: summary.clone(),
                next_step: next_step.to_string(),
            });
        }
        let loaded = store.load_meeting(meeting(summary.id))?;
        for action in actions(&loaded) {
            if action.status == dto::ActionStatus::Open {
                overview.open_actions.push(OpenAction {
                    meeting_id: summary.id,
                    committee: summary.committee.clone(),
                    meeting_date: date.into(),
                    action,
                });
            }
        }
    }
    // Most recent first: the clerk works back from the latest meeting.
    overview.minutes_to_do.reverse();
    Ok(overview)
}

/// What a past meeting still needs, if anything.
fn minutes_step(status: MeetingStatus) -> Option<&'static str> {
    match status {
        MeetingStatus::Draft | MeetingStatus::Published => {
            Some("Mark as held, then write the minutes")
        }
        MeetingStatus::Held => Some("Write the minutes"),
        MeetingStatus::MinutesDrafted => Some("Have the minutes approved at the next meeting"),
        MeetingStatus::MinutesApproved => Some("Produce the signed minutes"),
        MeetingStatus::Signed => None,
    }
}

/// Creates a meeting from the committee's standard items; returns its id and
/// any warnings (the previous minutes not attached).
#[tauri::command]
pub async fn create_meeting(
    state: State<'_, AppState>,
    form: NewMeetingForm,
) -> Result<CreatedMeeting, CommandError> {
    let date = parse_date(&form.date, "The date")?;
    let time = parse_time(&form.time, "The time")?;
    let venue = Some(form.venue.trim()).filter(|v| !v.is_empty());
    let mut store = state.store()?;
    let created = cycle::new_meeting(&mut store, &form.committee, date.and_time(time), venue)?;
    Ok(CreatedMeeting {
        id: created.id.0,
        warnings: created.warnings,
    })
}

/// Everything the meeting screen shows.
#[tauri::command]
pub async fn meeting_detail(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<MeetingDetail, CommandError> {
    let store = state.store()?;
    detail(&store, meeting_id, state.today())
}

/// Moves the meeting on (or back) in its cycle: draft, published, held,
/// minutes drafted. Approval and signing have their own commands.
#[tauri::command]
pub async fn set_meeting_status(
    state: State<'_, AppState>,
    meeting_id: i64,
    status: dto::MeetingStatus,
) -> Result<MeetingDetail, CommandError> {
    let Some(status) = status.to_core() else {
        return Err(CommandError::refused(
            "a meeting is cancelled with “Cancel meeting…”",
        ));
    };
    match status {
        MeetingStatus::Draft
        | MeetingStatus::Published
        | MeetingStatus::Held
        | MeetingStatus::MinutesDrafted => {}
        MeetingStatus::MinutesApproved | MeetingStatus::Signed => {
            return Err(CommandError::refused(
                "minutes are approved with “Approve at meeting…” and signed with “Produce signed minutes”",
            ))
        }
    }
    let mut store = state.store()?;
    store.set_status(meeting(meeting_id), status)?;
    detail(&store, meeting_id, state.today())
}

/// Builds the meeting screen's data.
pub(crate) fn detail(
    store: &Store,
    meeting_id: i64,
    today: NaiveDate,
) -> Result<MeetingDetail, CommandError> {
    let m = store.load_meeting(meeting(meeting_id))?;
    let calendar: CalendarSettings = settings::calendar(store)?;
    let status = m.meeting.status;
    let approval_meetings = store
        .meetings()?
        .into_iter()
        .filter(|o| {
            o.committee == m.committee.name
                && o.date.and_time(o.time) > m.meeting.starts_at
                && o.kind != MeetingKind::Extraordinary
        })
        .map(MeetingSummary::from)
        .collect();
    let locked = match status {
        MeetingStatus::MinutesApproved | MeetingStatus::Signed => Some(format!(
            "The minutes of this meeting were approved{}, so its agenda and minutes are locked and cannot change. Only the status of actions can still be updated.",
            m.meeting
                .minutes
                .as_ref()
                .and_then(|mi| mi.approval.as_ref())
                .map(|a| format!(" on {}", core::long_date(a.approved_on)))
                .unwrap_or_default()
        )),
        MeetingStatus::Draft
        | MeetingStatus::Published
        | MeetingStatus::Held
        | MeetingStatus::MinutesDrafted => None,
    };
    Ok(MeetingDetail {
        summary: summary(&m),
        deadline: deadline(m.meeting.date(), status, today, &calendar)?,
        published_on: m.published_on.map(DateText::from),
        locked,
        items: m
            .meeting
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| ItemDetail {
                key: item.key.clone(),
                number: m.number_of(i),
                title: item.title.clone(),
                private_title: item.private_title.clone(),
                purpose: item.purpose.clone(),
                kind: item.kind.into(),
                description: item.description.clone(),
                sub_items: item.sub_items.clone(),
                reports: item.reports.iter().map(ReportLine::from).collect(),
                private: item.is_private(),
                paragraphs: item
                    .exemption
                    .as_ref()
                    .map(|e| e.paragraphs.iter().map(|p| p.number()).collect())
                    .unwrap_or_default(),
                late: item.late.is_some(),
                late_reason: item.late.as_ref().map(|l| l.reason.clone()),
                minute: item.minute.clone(),
            })
            .collect(),
        paragraphs: Paragraph::all()
            .map(|p| ParagraphText {
                number: p.number(),
                wording: p.wording().to_string(),
            })
            .collect(),
        members: members(&m.committee, |key| m.person(key).cloned()),
        people: m.people.iter().map(PersonLine::from).collect(),
        minutes: minutes(&m),
        chair_name: cycle::chair_name(&m),
        approval_meetings,
    })
}

/// The header line of a loaded meeting.
pub(crate) fn summary(m: &LoadedMeeting) -> MeetingSummary {
    MeetingSummary {
        id: m.id.0,
        committee: m.committee.name.clone(),
        date: m.meeting.date().format("%Y-%m-%d").to_string(),
        date_text: core::long_date(m.meeting.date()),
        time: m.meeting.starts_at.format("%H:%M").to_string(),
        time_text: core::short_time(m.meeting.starts_at.time()),
        venue: m.meeting.venue.clone(),
        kind: m.meeting.kind.into(),
        status: dto::MeetingStatus::shown(m.meeting.status, m.meeting.cancelled),
        // A cancelled meeting takes no numbers.
        first_item: (!m.meeting.items.is_empty() && !m.meeting.cancelled).then_some(m.first_number),
        last_item: m.last_number().filter(|_| !m.meeting.cancelled),
    }
}

/// A committee's members with names from `person`.
pub(crate) fn members(
    committee: &core::Committee,
    person: impl Fn(&str) -> Option<core::Person>,
) -> Vec<MemberLine> {
    committee
        .members
        .iter()
        .map(|mem| {
            let role = dto::Role::from(mem.role);
            MemberLine {
                person: mem.person.clone(),
                name: person(&mem.person)
                    .map(|p| p.display_name())
                    .unwrap_or_else(|| mem.person.clone()),
                role,
                role_label: role.label().to_string(),
            }
        })
        .collect()
}

fn minutes(m: &LoadedMeeting) -> MinutesDetail {
    let Some(minutes) = &m.meeting.minutes else {
        return MinutesDetail {
            attendance: vec![],
            declarations: vec![],
            actions: vec![],
            closed_at: None,
            approval: None,
        };
    };
    MinutesDetail {
        attendance: minutes
            .attendance
            .iter()
            .map(|a| AttendanceLine {
                person: a.person.clone(),
                presence: a.presence.into(),
                substitute_for: a.substitute_for.clone(),
                capacity: a.capacity.clone(),
            })
            .collect(),
        declarations: minutes
            .declarations
            .iter()
            .map(|d| DeclarationLine {
                person: d.person.clone(),
                item: d.item.clone(),
                interest: d.interest.into(),
                note: d.note.clone(),
            })
            .collect(),
        actions: actions(m),
        closed_at: minutes.closed_at.map(|t| t.format("%H:%M").to_string()),
        approval: minutes.approval.as_ref().map(|a| ApprovalLine {
            approved_on: a.approved_on.into(),
            chair: a.chair.clone(),
            signed: a.signed_sha256.is_some(),
        }),
    }
}

fn actions(m: &LoadedMeeting) -> Vec<ActionLine> {
    m.meeting
        .minutes
        .iter()
        .flat_map(|mi| mi.actions.iter())
        .enumerate()
        .map(|(i, a)| ActionLine {
            index: i as u32,
            item: a.item.clone(),
            item_number: m.number_of_key(&a.item),
            text: a.text.clone(),
            owner: a.owner.clone(),
            due: a.due.map(DateText::from),
            status: match a.status {
                core::ActionStatus::Open => dto::ActionStatus::Open,
                core::ActionStatus::Done => dto::ActionStatus::Done,
            },
        })
        .collect()
}
