//! The England and Wales bank holiday list shipped with the crate.
//!
//! The list lives in `data/bank-holidays-england-and-wales.txt` (one `YYYY-MM-DD name` per
//! line, `#` comments) and is compiled in with `include_str!`, so no file is read at run time.
//! It is parsed on demand into a [`BankHolidayTable`]; parsing checks that every date lies in
//! the covered years, that dates are strictly ascending and that every line has a name.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{CalendarError, FIRST_COVERED_YEAR, LAST_COVERED_YEAR};

/// Where the shipped list lives in the repository; named in errors about it.
pub(crate) const DATA_PATH: &str = "data/bank-holidays-england-and-wales.txt";

/// The shipped list, compiled in.
const DATA: &str = include_str!("../../data/bank-holidays-england-and-wales.txt");

/// One bank holiday in England and Wales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct BankHoliday {
    /// The day off itself (for a substitute day, the weekday it moved to).
    pub date: NaiveDate,
    /// Its name as published, e.g. "Easter Monday" or "Boxing Day (substitute day)".
    pub name: &'static str,
}

/// The parsed list, sorted by date.
#[derive(Debug, Clone)]
pub(crate) struct BankHolidayTable {
    days: Vec<BankHoliday>,
}

impl BankHolidayTable {
    /// Parses the shipped England and Wales list.
    pub(crate) fn england_and_wales() -> Result<Self, CalendarError> {
        Self::parse(DATA)
    }

    /// Parses a list in the shipped format (see the module documentation).
    pub(crate) fn parse(text: &'static str) -> Result<Self, CalendarError> {
        let mut days: Vec<BankHoliday> = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line_number = index + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |reason: String| CalendarError::BankHolidayList {
                file: DATA_PATH,
                line: line_number,
                reason,
            };
            let (date_text, name) = line
                .split_once(char::is_whitespace)
                .ok_or_else(|| bad(format!("expected `YYYY-MM-DD name`, found {line:?}")))?;
            let name = name.trim();
            if name.is_empty() {
                return Err(bad(format!("no name after the date {date_text:?}")));
            }
            let date = NaiveDate::parse_from_str(date_text, "%Y-%m-%d")
                .map_err(|err| bad(format!("{date_text:?} is not a YYYY-MM-DD date: {err}")))?;
            if !(FIRST_COVERED_YEAR..=LAST_COVERED_YEAR).contains(&date.year()) {
                return Err(bad(format!(
                    "{date} lies outside the covered years \
                     {FIRST_COVERED_YEAR}-{LAST_COVERED_YEAR}"
                )));
            }
            if let Some(previous) = days.last() {
                if previous.date >= date {
                    return Err(bad(format!(
                        "{date} is not after the previous entry {}; keep the list in date order \
                         with one line per day",
                        previous.date
                    )));
                }
            }
            days.push(BankHoliday { date, name });
        }
        Ok(Self { days })
    }

    /// The bank holiday on `date`, if there is one. The caller checks the covered range.
    pub(crate) fn on(&self, date: NaiveDate) -> Option<BankHoliday> {
        self.days
            .binary_search_by(|day| day.date.cmp(&date))
            .ok()
            .and_then(|index| self.days.get(index).copied())
    }

    /// All the holidays, in date order.
    pub(crate) fn into_vec(self) -> Vec<BankHoliday> {
        self.days
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn shipped_list_parses_and_covers_every_year() {
        let table = BankHolidayTable::england_and_wales().expect("shipped list parses");
        let days = table.into_vec();
        for year in FIRST_COVERED_YEAR..=LAST_COVERED_YEAR {
            let count = days.iter().filter(|d| d.date.year() == year).count();
            assert!(count >= 8, "{year} has only {count} bank holidays");
        }
    }

    #[test]
    fn lookup_finds_names() {
        let table = BankHolidayTable::england_and_wales().expect("shipped list parses");
        assert_eq!(
            table.on(date(2025, 4, 21)).map(|d| d.name),
            Some("Easter Monday")
        );
        assert_eq!(table.on(date(2025, 4, 22)), None);
    }

    #[test]
    fn comments_and_blank_lines_are_ignored() {
        let table =
            BankHolidayTable::parse("# heading\n\n2024-12-25 Christmas Day\n  # indented\n")
                .expect("parses");
        assert_eq!(table.into_vec().len(), 1);
    }

    #[test]
    fn malformed_lines_are_reported_with_their_line_number() {
        let cases: [(&'static str, usize, &str); 5] = [
            ("2024-12-25", 1, "expected"),
            ("# c\n2024-13-01 Nonsense", 2, "not a YYYY-MM-DD date"),
            ("2017-12-25 Christmas Day", 1, "outside the covered years"),
            (
                "2024-12-26 Boxing Day\n2024-12-25 Christmas Day",
                2,
                "not after",
            ),
            ("2024-12-25 Christmas Day\n2024-12-25 Again", 2, "not after"),
        ];
        for (text, expected_line, expected_reason) in cases {
            match BankHolidayTable::parse(text) {
                Err(CalendarError::BankHolidayList { file, line, reason }) => {
                    assert_eq!(file, DATA_PATH);
                    assert_eq!(line, expected_line, "{text:?}");
                    assert!(reason.contains(expected_reason), "{text:?}: {reason}");
                }
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }
}
