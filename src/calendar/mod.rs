//! The statutory calendar: publication deadlines in clear days.
//!
//! An agenda and its reports must be open to inspection at least
//! [five clear days](PUBLICATION_CLEAR_DAYS) before the meeting (Local Government Act 1972
//! s100A(6)(a) and s100B(3)). Clear days exclude the day of publication and the day of the
//! meeting. Whether weekends and bank holidays count is unsettled law, so that is a council
//! setting ([`CalendarSettings`]); by default Saturdays, Sundays, England and Wales bank
//! holidays and the council's own closure days are not counted.
//!
//! One notion of *working day* serves both purposes: a day is a working day when the settings
//! do not exclude it, and only working days count as clear days and only a working day can be
//! a publication day. With `exclude_weekends: false`, Saturdays and Sundays are working days
//! in both senses.
//!
//! Bank holidays are known only for [`FIRST_COVERED_YEAR`] to [`LAST_COVERED_YEAR`]
//! (`data/bank-holidays-england-and-wales.txt`, compiled in). Any calculation that needs to
//! know whether a day outside those years is a bank holiday fails with
//! [`CalendarError::BankHolidaysUnknown`] rather than guessing.
//!
//! ```
//! use agendapack::calendar::{publication_deadline, CalendarSettings};
//! use chrono::NaiveDate;
//!
//! let meeting = NaiveDate::from_ymd_opt(2025, 4, 24).unwrap(); // Thursday after Easter
//! let deadline = publication_deadline(meeting, &CalendarSettings::default()).unwrap();
//! assert_eq!(deadline, NaiveDate::from_ymd_opt(2025, 4, 14).unwrap());
//! ```

mod bank_holidays;

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use bank_holidays::BankHoliday;
use bank_holidays::BankHolidayTable;

/// First year covered by the shipped bank holiday list.
pub const FIRST_COVERED_YEAR: i32 = 2018;
/// Last year covered by the shipped bank holiday list.
pub const LAST_COVERED_YEAR: i32 = 2030;
/// Clear days between publication of an agenda and the meeting (LGA 1972 s100A(6)(a),
/// s100B(3), as amended by SI 2002/715).
pub const PUBLICATION_CLEAR_DAYS: u32 = 5;
/// Clear calendar days' notice of an executive meeting to be held in private
/// (SI 2012/2089 reg 5).
pub const EXECUTIVE_PRIVATE_NOTICE_CLEAR_DAYS: u32 = 28;

/// Errors from calendar calculations.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The calculation needed to know whether `date` is a bank holiday, but the shipped list
    /// covers only `first` to `last`.
    #[error(
        "cannot tell whether {date} is a bank holiday in England and Wales: the bank holiday \
         list covers {first} to {last} only"
    )]
    BankHolidaysUnknown {
        /// The day that could not be classified.
        date: NaiveDate,
        /// First day covered by the list.
        first: NaiveDate,
        /// Last day covered by the list.
        last: NaiveDate,
    },
    /// Stepping from `from` by a day would leave the range of dates chrono can represent.
    #[error("date calculation stepping from {from} left the range of representable dates")]
    DateOutOfRange {
        /// The last representable date reached.
        from: NaiveDate,
    },
    /// The shipped bank holiday list is malformed (a defect in the build, not in user input).
    #[error("bank holiday list {file}, line {line}: {reason}")]
    BankHolidayList {
        /// Repository path of the list.
        file: &'static str,
        /// One-based line number of the bad line.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
}

/// Which days count as working days for a council. Stored with the council's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CalendarSettings {
    /// Leave Saturdays and Sundays out of clear days (default `true`).
    pub exclude_weekends: bool,
    /// Leave England and Wales bank holidays out of clear days (default `true`).
    pub exclude_bank_holidays: bool,
    /// The council's own closure days (e.g. the days between Christmas and New Year), never
    /// counted as clear days and never publication days.
    pub closure_days: BTreeSet<NaiveDate>,
}

impl Default for CalendarSettings {
    fn default() -> Self {
        Self {
            exclude_weekends: true,
            exclude_bank_holidays: true,
            closure_days: BTreeSet::new(),
        }
    }
}

/// Whether `date` is a working day under `settings`: not a weekend day (when weekends are
/// excluded), not a bank holiday (when bank holidays are excluded) and not a closure day.
///
/// # Errors
/// [`CalendarError::BankHolidaysUnknown`] when bank holidays are excluded and `date` lies
/// outside the covered years.
pub fn is_working_day(date: NaiveDate, settings: &CalendarSettings) -> Result<bool, CalendarError> {
    WorkingCalendar::new(settings)?.is_working_day(date)
}

/// The England and Wales bank holiday on `date`, if any.
///
/// # Errors
/// [`CalendarError::BankHolidaysUnknown`] when `date` lies outside the covered years.
pub fn bank_holiday(date: NaiveDate) -> Result<Option<BankHoliday>, CalendarError> {
    check_covered(date)?;
    Ok(BankHolidayTable::england_and_wales()?.on(date))
}

/// Every shipped England and Wales bank holiday, [`FIRST_COVERED_YEAR`] to
/// [`LAST_COVERED_YEAR`], in date order.
///
/// # Errors
/// [`CalendarError::BankHolidayList`] only if the compiled-in list is malformed.
pub fn england_and_wales_bank_holidays() -> Result<Vec<BankHoliday>, CalendarError> {
    Ok(BankHolidayTable::england_and_wales()?.into_vec())
}

/// The number of clear days between publishing on `publication` and meeting on `meeting`:
/// working days strictly after the one and strictly before the other. Zero when
/// `publication` is not before `meeting`.
///
/// # Errors
/// [`CalendarError::BankHolidaysUnknown`] when a day in between must be classified and lies
/// outside the covered years.
pub fn clear_days_between(
    publication: NaiveDate,
    meeting: NaiveDate,
    settings: &CalendarSettings,
) -> Result<u32, CalendarError> {
    let calendar = WorkingCalendar::new(settings)?;
    let mut count = 0u32;
    let mut day = publication;
    loop {
        day = next_day(day)?;
        if day >= meeting {
            return Ok(count);
        }
        if calendar.is_working_day(day)? {
            count = count.saturating_add(1);
        }
    }
}

/// The last day on which the agenda for a meeting on `meeting` may be published: the latest
/// working day that leaves [`PUBLICATION_CLEAR_DAYS`] clear days before the meeting.
///
/// For a Thursday 28 November 2024 meeting that is Wednesday 20 November; for Thursday 24
/// April 2025 it is Monday 14 April (Good Friday and Easter Monday do not count).
///
/// # Errors
/// [`CalendarError::BankHolidaysUnknown`] when bank holidays are excluded and the search
/// reaches a day outside the covered years.
pub fn publication_deadline(
    meeting: NaiveDate,
    settings: &CalendarSettings,
) -> Result<NaiveDate, CalendarError> {
    let calendar = WorkingCalendar::new(settings)?;
    let mut clear = 0u32;
    let mut day = meeting;
    loop {
        day = previous_day(day)?;
        let working = calendar.is_working_day(day)?;
        if working && clear >= PUBLICATION_CLEAR_DAYS {
            return Ok(day);
        }
        if working {
            clear += 1;
        }
    }
}

/// Working days from `today` until `deadline`, for a "3 working days left" badge.
///
/// * `deadline` in the future: the number of working days after `today` up to and including
///   `deadline` (`0` means the deadline is today).
/// * `deadline` passed: minus the number of working days after `deadline` up to and including
///   the first working day on or after `today`, so a missed deadline is always negative
///   (`-1` on the next working day, also over the weekend that follows a Friday deadline).
///
/// # Errors
/// [`CalendarError::BankHolidaysUnknown`] when a day in between must be classified and lies
/// outside the covered years.
pub fn working_days_until(
    today: NaiveDate,
    deadline: NaiveDate,
    settings: &CalendarSettings,
) -> Result<i64, CalendarError> {
    let calendar = WorkingCalendar::new(settings)?;
    if today <= deadline {
        return calendar.working_days_in(today, deadline);
    }
    let mut until = today;
    while !calendar.is_working_day(until)? {
        until = next_day(until)?;
    }
    Ok(-calendar.working_days_in(deadline, until)?)
}

/// The last day on which notice may be given of an executive meeting to be held in private:
/// [`EXECUTIVE_PRIVATE_NOTICE_CLEAR_DAYS`] clear calendar days, excluding the day of notice
/// and the day of the meeting (so 29 days before the meeting). Weekends and bank holidays
/// count, so no settings are needed.
///
/// Returns [`NaiveDate::MIN`] for a meeting date too early for the subtraction (which no real
/// meeting is).
pub fn executive_notice_deadline(meeting: NaiveDate) -> NaiveDate {
    meeting
        .checked_sub_days(Days::new(
            u64::from(EXECUTIVE_PRIVATE_NOTICE_CLEAR_DAYS) + 1,
        ))
        .unwrap_or(NaiveDate::MIN)
}

/// Settings plus the parsed bank holiday list, built once per public call.
#[derive(Debug)]
struct WorkingCalendar<'a> {
    settings: &'a CalendarSettings,
    bank_holidays: Option<BankHolidayTable>,
}

impl<'a> WorkingCalendar<'a> {
    fn new(settings: &'a CalendarSettings) -> Result<Self, CalendarError> {
        let bank_holidays = if settings.exclude_bank_holidays {
            Some(BankHolidayTable::england_and_wales()?)
        } else {
            None
        };
        Ok(Self {
            settings,
            bank_holidays,
        })
    }

    fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        if self.settings.exclude_weekends && matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            return Ok(false);
        }
        if self.settings.closure_days.contains(&date) {
            return Ok(false);
        }
        if let Some(table) = &self.bank_holidays {
            check_covered(date)?;
            if table.on(date).is_some() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Working days `d` with `after < d <= up_to`.
    fn working_days_in(&self, after: NaiveDate, up_to: NaiveDate) -> Result<i64, CalendarError> {
        let mut count = 0i64;
        let mut day = after;
        while day < up_to {
            day = next_day(day)?;
            if self.is_working_day(day)? {
                count += 1;
            }
        }
        Ok(count)
    }
}

fn check_covered(date: NaiveDate) -> Result<(), CalendarError> {
    if (FIRST_COVERED_YEAR..=LAST_COVERED_YEAR).contains(&date.year()) {
        return Ok(());
    }
    // Both ends are valid calendar dates; MIN/MAX are unreachable fallbacks.
    let first = NaiveDate::from_ymd_opt(FIRST_COVERED_YEAR, 1, 1).unwrap_or(NaiveDate::MIN);
    let last = NaiveDate::from_ymd_opt(LAST_COVERED_YEAR, 12, 31).unwrap_or(NaiveDate::MAX);
    Err(CalendarError::BankHolidaysUnknown { date, first, last })
}

fn next_day(date: NaiveDate) -> Result<NaiveDate, CalendarError> {
    date.succ_opt()
        .ok_or(CalendarError::DateOutOfRange { from: date })
}

fn previous_day(date: NaiveDate) -> Result<NaiveDate, CalendarError> {
    date.pred_opt()
        .ok_or(CalendarError::DateOutOfRange { from: date })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn no_exclusions() -> CalendarSettings {
        CalendarSettings {
            exclude_weekends: false,
            exclude_bank_holidays: false,
            closure_days: BTreeSet::new(),
        }
    }

    #[test]
    fn default_settings_exclude_weekends_and_bank_holidays() {
        let settings = CalendarSettings::default();
        assert!(settings.exclude_weekends);
        assert!(settings.exclude_bank_holidays);
        assert!(settings.closure_days.is_empty());
    }

    #[test]
    fn working_day_classification() {
        let settings = CalendarSettings::default();
        assert_eq!(is_working_day(date(2024, 11, 22), &settings), Ok(true)); // Friday
        assert_eq!(is_working_day(date(2024, 11, 23), &settings), Ok(false)); // Saturday
        assert_eq!(is_working_day(date(2024, 12, 26), &settings), Ok(false)); // Boxing Day
        assert_eq!(
            is_working_day(date(2024, 11, 23), &no_exclusions()),
            Ok(true)
        );
        assert_eq!(
            is_working_day(date(2024, 12, 26), &no_exclusions()),
            Ok(true)
        );
    }

    #[test]
    fn without_any_exclusion_the_deadline_is_six_days_before() {
        let settings = no_exclusions();
        let meeting = date(2024, 11, 28);
        assert_eq!(
            publication_deadline(meeting, &settings),
            Ok(date(2024, 11, 22))
        );
        assert_eq!(
            clear_days_between(date(2024, 11, 22), meeting, &settings),
            Ok(5)
        );
    }

    #[test]
    fn years_outside_the_list_need_no_list_when_bank_holidays_count() {
        let settings = CalendarSettings {
            exclude_bank_holidays: false,
            ..CalendarSettings::default()
        };
        // Thursday 4 December 2031.
        assert_eq!(
            publication_deadline(date(2031, 12, 4), &settings),
            Ok(date(2031, 11, 26))
        );
    }

    #[test]
    fn clear_days_are_zero_when_publication_is_not_before_the_meeting() {
        let settings = CalendarSettings::default();
        let day = date(2024, 11, 28);
        assert_eq!(clear_days_between(day, day, &settings), Ok(0));
        assert_eq!(
            clear_days_between(day, date(2024, 11, 20), &settings),
            Ok(0)
        );
        assert_eq!(
            clear_days_between(date(2024, 11, 27), day, &settings),
            Ok(0)
        );
    }

    #[test]
    fn stepping_past_the_representable_range_is_an_error_not_a_panic() {
        let settings = no_exclusions();
        assert_eq!(
            publication_deadline(NaiveDate::MIN, &settings),
            Err(CalendarError::DateOutOfRange {
                from: NaiveDate::MIN
            })
        );
        assert_eq!(
            working_days_until(NaiveDate::MAX, NaiveDate::MAX, &settings),
            Ok(0)
        );
        assert_eq!(executive_notice_deadline(NaiveDate::MIN), NaiveDate::MIN);
    }

    #[test]
    fn error_messages_name_the_date_and_the_covered_range() {
        let err = bank_holiday(date(2031, 1, 1)).expect_err("2031 is not covered");
        assert_eq!(
            err.to_string(),
            "cannot tell whether 2031-01-01 is a bank holiday in England and Wales: the bank \
             holiday list covers 2018-01-01 to 2030-12-31 only"
        );
    }
}
