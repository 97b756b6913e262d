//! A council's own set-up: the people directory, committees with their
//! settings, dated memberships and standard items. Each command delegates
//! to one `Store` method (one transaction) and answers with what the screen
//! shows next.

use std::collections::BTreeMap;

use agendapack::cycle;
use agendapack::domain::{self as core, Committee, Membership, Person};
use agendapack::store::{PeopleFilter, Store};
use chrono::NaiveDate;
use tauri::State;

use super::parse_date;
use crate::dto::{
    CommandError, CommitteeDetail, CommitteeForm, MemberLine, MembershipForm, MembershipLine,
    PersonDetail, PersonForm, PersonLine, Role, TemplateItem,
};
use crate::AppState;

/// Everyone in the directory, retired people included, by surname.
#[tauri::command]
pub async fn list_people(state: State<'_, AppState>) -> Result<Vec<PersonDetail>, CommandError> {
    let store = state.store()?;
    people(&store)
}

/// Adds a person; answers with the whole directory.
#[tauri::command]
pub async fn add_person(
    state: State<'_, AppState>,
    form: PersonForm,
) -> Result<Vec<PersonDetail>, CommandError> {
    let mut store = state.store()?;
    store.add_person(&person(&form, None))?;
    people(&store)
}

/// Changes a person's details (their key stays; retirement is kept).
#[tauri::command]
pub async fn edit_person(
    state: State<'_, AppState>,
    key: String,
    form: PersonForm,
) -> Result<Vec<PersonDetail>, CommandError> {
    let mut store = state.store()?;
    let retired_on = store.person(&key)?.retired_on;
    store.update_person(&key, &person(&form, retired_on))?;
    people(&store)
}

/// Retires a person today: their memberships end, they stay in old papers.
#[tauri::command]
pub async fn retire_person(
    state: State<'_, AppState>,
    key: String,
) -> Result<Vec<PersonDetail>, CommandError> {
    let mut store = state.store()?;
    store.retire_person(&key, Some(state.today()))?;
    people(&store)
}

/// Every committee (archived ones included, marked) with its members as of
/// today, every dated membership and its standard items.
#[tauri::command]
pub async fn list_committees(
    state: State<'_, AppState>,
) -> Result<Vec<CommitteeDetail>, CommandError> {
    let store = state.store()?;
    let directory = directory(&store)?;
    let today = state.today();
    Ok(store
        .committees()?
        .iter()
        .map(|c| committee_detail(c, &directory, today))
        .collect())
}

/// Creates a committee with the default standard items.
#[tauri::command]
pub async fn add_committee(
    state: State<'_, AppState>,
    form: CommitteeForm,
) -> Result<CommitteeDetail, CommandError> {
    let mut store = state.store()?;
    let c = committee(&form, Committee::new(form.name.trim()))?;
    store.add_committee(&c)?;
    detail_of(&store, &c.name, state.today())
}

/// Changes a committee's settings (the form may rename it).
#[tauri::command]
pub async fn edit_committee(
    state: State<'_, AppState>,
    committee: String,
    form: CommitteeForm,
) -> Result<CommitteeDetail, CommandError> {
    let mut store = state.store()?;
    let existing = store.committee(&committee)?;
    let c = self::committee(&form, existing)?;
    store.update_committee(&committee, &c)?;
    detail_of(&store, &c.name, state.today())
}

/// Archives a committee: kept with its papers, offered for no new meeting.
#[tauri::command]
pub async fn archive_committee(
    state: State<'_, AppState>,
    committee: String,
) -> Result<CommitteeDetail, CommandError> {
    let mut store = state.store()?;
    store.archive_committee(&committee, true)?;
    detail_of(&store, &committee, state.today())
}

/// Adds a dated membership (from today when no first day is given).
#[tauri::command]
pub async fn add_member(
    state: State<'_, AppState>,
    committee: String,
    form: MembershipForm,
) -> Result<CommitteeDetail, CommandError> {
    let today = state.today();
    let from = optional_date(&form.from, "The first day")?.unwrap_or(today);
    let to = optional_date(&form.to, "The last day")?;
    let mut store = state.store()?;
    store.add_membership(
        &committee,
        &Membership {
            person: form.person.trim().to_string(),
            role: form.role.into(),
            from: Some(from),
            to,
        },
    )?;
    detail_of(&store, &committee, today)
}

/// Ends a person's membership: `on` becomes its last day.
#[tauri::command]
pub async fn end_member(
    state: State<'_, AppState>,
    committee: String,
    person: String,
    on: String,
) -> Result<CommitteeDetail, CommandError> {
    let on = parse_date(&on, "The last day")?;
    let mut store = state.store()?;
    store.end_membership(&committee, &person, on)?;
    detail_of(&store, &committee, state.today())
}

/// Replaces the committee's standard items; only meetings created from now
/// on follow them.
#[tauri::command]
pub async fn set_template(
    state: State<'_, AppState>,
    committee: String,
    items: Vec<TemplateItem>,
) -> Result<CommitteeDetail, CommandError> {
    let items: Vec<core::TemplateItem> = items.into_iter().map(Into::into).collect();
    let mut store = state.store()?;
    store.set_template(&committee, Some(&items))?;
    detail_of(&store, &committee, state.today())
}

fn people(store: &Store) -> Result<Vec<PersonDetail>, CommandError> {
    Ok(store
        .people(&PeopleFilter {
            include_retired: true,
            ..PeopleFilter::default()
        })?
        .iter()
        .map(PersonDetail::from)
        .collect())
}

/// Everyone by key, to name members and contact officers.
fn directory(store: &Store) -> Result<BTreeMap<String, Person>, CommandError> {
    Ok(store
        .people(&PeopleFilter {
            include_retired: true,
            ..PeopleFilter::default()
        })?
        .into_iter()
        .map(|p| (p.key.clone(), p))
        .collect())
}

fn detail_of(store: &Store, name: &str, today: NaiveDate) -> Result<CommitteeDetail, CommandError> {
    let c = store.committee(name)?;
    Ok(committee_detail(&c, &directory(store)?, today))
}

/// A committee as the screens show it, from the committee with every
/// membership and its dates.
pub(crate) fn committee_detail(
    c: &Committee,
    people: &BTreeMap<String, Person>,
    today: NaiveDate,
) -> CommitteeDetail {
    let name = |key: &str| {
        people
            .get(key)
            .map(Person::display_name)
            .unwrap_or_else(|| key.to_string())
    };
    let (month, day) = c.year_start;
    CommitteeDetail {
        name: c.name.clone(),
        short_name: c.short_name.clone(),
        executive: c.executive,
        year_start: NaiveDate::from_ymd_opt(2000, month, day)
            .map(|d| d.format("%-d %B").to_string())
            .unwrap_or_else(|| format!("{day}/{month}")),
        year_start_value: format!("{month:02}-{day:02}"),
        quorum: c.quorum,
        default_venue: c.default_venue.clone(),
        contact_officer: c
            .contact_officer
            .as_deref()
            .and_then(|k| people.get(k))
            .map(PersonLine::from),
        apologies_item: c.apologies_item,
        members: c
            .members_on(today)
            .iter()
            .map(|m| {
                let role = Role::from(m.role);
                MemberLine {
                    person: m.person.clone(),
                    name: name(&m.person),
                    role,
                    role_label: role.label().to_string(),
                }
            })
            .collect(),
        archived: c.archived,
        memberships: c
            .members
            .iter()
            .map(|m| {
                let role = Role::from(m.role);
                MembershipLine {
                    person: m.person.clone(),
                    name: name(&m.person),
                    role,
                    role_label: role.label().to_string(),
                    from: m.from.map(Into::into),
                    to: m.to.map(Into::into),
                    current: m.holds_on(today),
                }
            })
            .collect(),
        template: c
            .template
            .clone()
            .unwrap_or_else(cycle::default_template)
            .into_iter()
            .map(TemplateItem::from)
            .collect(),
    }
}

/// Empty text is `None`.
fn text(s: &str) -> Option<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

fn optional_date(s: &str, what: &str) -> Result<Option<NaiveDate>, CommandError> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(s, what).map(Some)
    }
}

fn person(form: &PersonForm, retired_on: Option<NaiveDate>) -> Person {
    Person {
        key: form.key.trim().to_string(),
        kind: form.kind.into(),
        name: text(&form.name).unwrap_or_default(),
        job_title: text(&form.job_title),
        service_area: text(&form.service_area),
        email: text(&form.email),
        phone: text(&form.phone),
        political_group: text(&form.group),
        retired_on,
    }
}

/// `base` with the settings of the form (its memberships, template and
/// archived flag stay).
fn committee(form: &CommitteeForm, base: Committee) -> Result<Committee, CommandError> {
    let start = NaiveDate::parse_from_str(&format!("2000-{}", form.year_start.trim()), "%Y-%m-%d")
        .map_err(|_| {
            CommandError::invalid(format!(
                "The start of the municipal year “{}” is not a day of the year (MM-DD)",
                form.year_start
            ))
        })?;
    use chrono::Datelike;
    Ok(Committee {
        name: text(&form.name).unwrap_or_default(),
        short_name: text(&form.short_name),
        executive: form.executive,
        year_start: (start.month(), start.day()),
        quorum: form.quorum,
        default_venue: text(&form.default_venue),
        contact_officer: text(&form.contact_officer),
        apologies_item: form.apologies_item,
        ..base
    })
}
