//! Committees: members and roles, municipal year, usual venue, contact
//! officer.

use std::collections::BTreeMap;

use agendapack::domain::Person;
use tauri::State;

use super::meetings::members;
use crate::dto::{CommandError, CommitteeDetail, PersonLine};
use crate::AppState;

/// Every committee with its members, by name.
#[tauri::command]
pub async fn list_committees(
    state: State<'_, AppState>,
) -> Result<Vec<CommitteeDetail>, CommandError> {
    let store = state.store()?;
    // The store keeps people with meetings: take names from each
    // committee's latest meeting.
    let mut people: BTreeMap<String, Vec<Person>> = BTreeMap::new();
    for m in store.meetings()? {
        let loaded = store.load_meeting(m.id)?;
        people.insert(m.committee, loaded.people);
    }
    Ok(store
        .committees()?
        .into_iter()
        .map(|c| {
            let known = people.get(&c.name).cloned().unwrap_or_default();
            let find = |key: &str| known.iter().find(|p| p.key == key).cloned();
            let (month, day) = c.year_start;
            CommitteeDetail {
                name: c.name.clone(),
                short_name: c.short_name.clone(),
                executive: c.executive,
                year_start: chrono::NaiveDate::from_ymd_opt(2000, month, day)
                    .map(|d| d.format("%-d %B").to_string())
                    .unwrap_or_else(|| format!("{day}/{month}")),
                quorum: c.quorum,
                default_venue: c.default_venue.clone(),
                contact_officer: c
                    .contact_officer
                    .as_deref()
                    .and_then(find)
                    .map(|p| PersonLine::from(&p)),
                apologies_item: c.apologies_item,
                members: members(&c, find),
            }
        })
        .collect())
}
