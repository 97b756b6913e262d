//! Council-wide settings kept in the database.

use crate::calendar::CalendarSettings;
use crate::store::{Context, Store, StoreError};
use std::time::Duration;

const CALENDAR: &str = "calendar";
const CONVERSION_TIMEOUT: &str = "conversion-timeout-seconds";

/// How long one conversion of a report to PDF (LibreOffice) may take before
/// it is stopped, unless the council sets otherwise.
pub const CONVERSION_TIMEOUT_DEFAULT: Duration = Duration::from_secs(120);

/// The longest conversion timeout accepted (an hour).
pub const CONVERSION_TIMEOUT_MAX: Duration = Duration::from_secs(3600);

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

/// How long one conversion may take: the council's setting, or
/// [`CONVERSION_TIMEOUT_DEFAULT`].
pub fn conversion_timeout(store: &Store) -> Result<Duration, StoreError> {
    match store.setting(CONVERSION_TIMEOUT)? {
        Some(text) => text
            .parse::<u64>()
            .map(Duration::from_secs)
            .map_err(|e| StoreError::Invalid(format!("conversion timeout \"{text}\": {e}"))),
        None => Ok(CONVERSION_TIMEOUT_DEFAULT),
    }
}

/// Sets how long one conversion may take, in whole seconds: at least one,
/// at most [`CONVERSION_TIMEOUT_MAX`].
pub fn set_conversion_timeout(store: &mut Store, timeout: Duration) -> Result<(), StoreError> {
    let seconds = timeout.as_secs();
    if seconds == 0 || timeout > CONVERSION_TIMEOUT_MAX {
        return Err(StoreError::Refused(format!(
            "The conversion timeout must be between 1 and {} seconds, not {seconds}",
            CONVERSION_TIMEOUT_MAX.as_secs()
        )));
    }
    store.set_setting(CONVERSION_TIMEOUT, &seconds.to_string())
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
    fn the_conversion_timeout_defaults_to_two_minutes_and_is_checked() {
        let mut store = Store::open_in_memory().expect("a store");
        assert_eq!(
            conversion_timeout(&store).expect("read"),
            Duration::from_secs(120)
        );
        set_conversion_timeout(&mut store, Duration::from_secs(45)).expect("set");
        assert_eq!(
            conversion_timeout(&store).expect("read"),
            Duration::from_secs(45)
        );
        for bad in [Duration::ZERO, Duration::from_secs(3601)] {
            assert!(matches!(
                set_conversion_timeout(&mut store, bad),
                Err(StoreError::Refused(_))
            ));
        }
        assert_eq!(
            conversion_timeout(&store).expect("read"),
            Duration::from_secs(45)
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
