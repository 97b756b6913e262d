//! Council-wide settings kept in the database.

use crate::calendar::CalendarSettings;
use crate::store::{Store, StoreError};

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
