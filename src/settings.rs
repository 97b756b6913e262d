//! Council-wide settings kept in the database.

use crate::calendar::CalendarSettings;
use crate::store::{Context, Store, StoreError};

const CALENDAR: &str = "calendar";

/// The calendar settings (which days count as clear days), or the defaults.
pub fn calendar(store: &Store) -> Result<CalendarSettings, StoreError> {
    match store.setting(CALENDAR)? {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| StoreError::Invalid(format!("calendar settings: {e}"))),
        None => Ok(CalendarSettings::default()),
    }
}

/// Saves the calendar settings.
pub fn set_calendar(store: &mut Store, settings: &CalendarSettings) -> Result<(), StoreError> {
    let json = serde_json::to_string(settings).map_err(|e| StoreError::Invalid(e.to_string()))?;
    store.set_setting(CALENDAR, &json)
}

/// The longest council name accepted (a name, not a paragraph).
pub const COUNCIL_NAME_MAX: usize = 120;

/// The council's name as the papers print it, or `None` in a database that
/// holds no council yet.
pub fn council_name(store: &Store) -> Result<Option<String>, StoreError> {
    use rusqlite::OptionalExtension;
    store
        .conn()
        .query_row("SELECT name FROM council WHERE id = 1", [], |r| r.get(0))
        .optional()
        .context("reading the council's name")
}

/// Renames the council (printed on every paper produced from now on; papers
/// already issued are kept as issued). The name is trimmed; an empty name,
/// one longer than [`COUNCIL_NAME_MAX`] characters or one with a line break
/// is refused with the reason.
pub fn set_council_name(store: &mut Store, name: &str) -> Result<String, StoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StoreError::Refused(
            "The council's name cannot be empty".to_string(),
        ));
    }
    if name.chars().count() > COUNCIL_NAME_MAX {
        return Err(StoreError::Refused(format!(
            "The council's name is longer than {COUNCIL_NAME_MAX} characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(StoreError::Refused(
            "The council's name must be one line".to_string(),
        ));
    }
    store
        .conn()
        .execute(
            "INSERT INTO council (id, name) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name",
            [name],
        )
        .context("renaming the council")?;
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreError;

    #[test]
    fn the_council_is_renamed_and_the_name_is_checked() {
        let mut store = Store::open_in_memory().expect("a store");
        assert_eq!(council_name(&store).expect("read"), None);
        let set = set_council_name(&mut store, "  Coventry City Council ").expect("set");
        assert_eq!(set, "Coventry City Council");
        assert_eq!(
            council_name(&store).expect("read").as_deref(),
            Some("Coventry City Council")
        );
        set_council_name(&mut store, "Warwick District Council").expect("rename");
        assert_eq!(
            council_name(&store).expect("read").as_deref(),
            Some("Warwick District Council")
        );
        for bad in [
            "",
            "   ",
            "Coventry\nCity",
            &"x".repeat(COUNCIL_NAME_MAX + 1),
        ] {
            match set_council_name(&mut store, bad) {
                Err(StoreError::Refused(reason)) => assert!(reason.contains("council's name")),
                other => panic!("{bad:?} was not refused: {other:?}"),
            }
        }
        // A refusal changes nothing.
        assert_eq!(
            council_name(&store).expect("read").as_deref(),
            Some("Warwick District Council")
        );
    }

    #[test]
    fn a_renamed_council_is_what_a_loaded_meeting_names() {
        let mut store = Store::open_in_memory().expect("a store");
        crate::demo::load(&mut store).expect("the demo");
        set_council_name(&mut store, "Warwick District Council").expect("rename");
        let first = store.meetings().expect("meetings")[0].id;
        assert_eq!(
            store.load_meeting(first).expect("load").council.name,
            "Warwick District Council"
        );
    }
}
