//! The statutory calendar: publication deadlines and the shipped bank holiday list.
//!
//! The bank holiday list is checked against the regular rules computed here independently
//! (Easter by the anonymous Gregorian algorithm, first and last Mondays, weekend substitute
//! days), with the special proclamations listed explicitly.

use std::collections::{BTreeMap, BTreeSet};

use agendapack::calendar::{
    bank_holiday, clear_days_between, england_and_wales_bank_holidays, executive_notice_deadline,
    is_working_day, publication_deadline, working_days_until, CalendarError, CalendarSettings,
    FIRST_COVERED_YEAR, LAST_COVERED_YEAR, PUBLICATION_CLEAR_DAYS,
};
use chrono::{Datelike, Days, NaiveDate, Weekday};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn defaults() -> CalendarSettings {
    CalendarSettings::default()
}

fn deadline(meeting: NaiveDate, settings: &CalendarSettings) -> NaiveDate {
    publication_deadline(meeting, settings).expect("deadline within covered years")
}

/// Checks the invariant that defines the deadline: five clear days from it, fewer from the
/// next working day, and the deadline itself a working day.
fn assert_is_latest_valid_publication_day(meeting: NaiveDate, settings: &CalendarSettings) {
    let found = deadline(meeting, settings);
    assert_eq!(
        is_working_day(found, settings),
        Ok(true),
        "{found} not a working day"
    );
    assert_eq!(
        clear_days_between(found, meeting, settings),
        Ok(PUBLICATION_CLEAR_DAYS),
        "meeting {meeting}, deadline {found}"
    );
    let mut later = found.succ_opt().expect("date");
    while later < meeting {
        if is_working_day(later, settings) == Ok(true) {
            let clear = clear_days_between(later, meeting, settings).expect("clear days");
            assert!(
                clear < PUBLICATION_CLEAR_DAYS,
                "meeting {meeting}: {later} would also leave {clear} clear days"
            );
        }
        later = later.succ_opt().expect("date");
    }
}

// ---- The three dates in the brief -------------------------------------------------------

#[test]
fn reference_meeting_28_november_2024() {
    let meeting = date(2024, 11, 28);
    assert_eq!(meeting.weekday(), Weekday::Thu);
    assert_eq!(deadline(meeting, &defaults()), date(2024, 11, 20));
    assert_eq!(
        clear_days_between(date(2024, 11, 20), meeting, &defaults()),
        Ok(5)
    );
    assert_eq!(
        clear_days_between(date(2024, 11, 21), meeting, &defaults()),
        Ok(4)
    );
}

#[test]
fn easter_2025_pushes_the_deadline_back() {
    // Good Friday 18 April and Easter Monday 21 April 2025 are not clear days.
    let meeting = date(2025, 4, 24);
    assert_eq!(deadline(meeting, &defaults()), date(2025, 4, 14));
    assert_eq!(date(2025, 4, 14).weekday(), Weekday::Mon);
    // Counting bank holidays, the deadline is the Wednesday before Easter.
    let counting_bank_holidays = CalendarSettings {
        exclude_bank_holidays: false,
        ..defaults()
    };
    assert_eq!(
        deadline(meeting, &counting_bank_holidays),
        date(2025, 4, 16)
    );
}

#[test]
fn christmas_and_new_year_2024_25() {
    // Monday 6 January 2025: clear days Fri 3, Thu 2, Tue 31 Dec, Mon 30 Dec, Fri 27 Dec;
    // 25 and 26 December are bank holidays, so publication is Tuesday 24 December.
    let meeting = date(2025, 1, 6);
    assert_eq!(meeting.weekday(), Weekday::Mon);
    assert_eq!(deadline(meeting, &defaults()), date(2024, 12, 24));
    // Every meeting date across the holiday satisfies the defining invariant.
    let mut meeting = date(2024, 12, 16);
    while meeting <= date(2025, 1, 17) {
        assert_is_latest_valid_publication_day(meeting, &defaults());
        meeting = meeting.succ_opt().expect("date");
    }
    // Spot checks: Thursday 2 January 2025 needs publication by Friday 20 December.
    assert_eq!(deadline(date(2025, 1, 2), &defaults()), date(2024, 12, 20));
    assert_eq!(deadline(date(2025, 1, 9), &defaults()), date(2024, 12, 31));
}

#[test]
fn meeting_on_a_monday() {
    // Monday 2 December 2024: Fri 29, Thu 28, Wed 27, Tue 26, Mon 25 are the clear days.
    assert_eq!(deadline(date(2024, 12, 2), &defaults()), date(2024, 11, 22));
    assert_eq!(date(2024, 11, 22).weekday(), Weekday::Fri);
}

#[test]
fn a_closure_day_moves_the_deadline() {
    let meeting = date(2024, 11, 28);
    let mut settings = defaults();
    settings.closure_days.insert(date(2024, 11, 25));
    assert_eq!(deadline(meeting, &settings), date(2024, 11, 19));
    // A closure day cannot be the publication day either.
    let mut settings = defaults();
    settings.closure_days.insert(date(2024, 11, 20));
    assert_eq!(deadline(meeting, &settings), date(2024, 11, 19));
    assert_eq!(is_working_day(date(2024, 11, 20), &settings), Ok(false));
    // Council closure between Christmas and New Year 2024.
    let mut settings = defaults();
    settings
        .closure_days
        .extend([date(2024, 12, 27), date(2024, 12, 30), date(2024, 12, 31)]);
    assert_eq!(deadline(date(2025, 1, 6), &settings), date(2024, 12, 19));
    assert_is_latest_valid_publication_day(date(2025, 1, 6), &settings);
}

#[test]
fn with_and_without_weekend_exclusion() {
    let meeting = date(2024, 11, 28);
    let counting_weekends = CalendarSettings {
        exclude_weekends: false,
        ..defaults()
    };
    // Wed 27, Tue 26, Mon 25, Sun 24, Sat 23 are clear days; publish Friday 22.
    assert_eq!(deadline(meeting, &counting_weekends), date(2024, 11, 22));
    assert_eq!(deadline(meeting, &defaults()), date(2024, 11, 20));
    assert_eq!(
        clear_days_between(date(2024, 11, 20), meeting, &counting_weekends),
        Ok(7)
    );
    // Across Easter 2025 with weekends counted, the bank holidays still do not count.
    assert_eq!(
        deadline(date(2025, 4, 24), &counting_weekends),
        date(2025, 4, 16)
    );
}

#[test]
fn invariant_holds_for_every_meeting_day_of_2024_and_2025() {
    let settings_list = [
        defaults(),
        CalendarSettings {
            exclude_weekends: false,
            ..defaults()
        },
        CalendarSettings {
            exclude_bank_holidays: false,
            ..defaults()
        },
    ];
    for settings in &settings_list {
        let mut meeting = date(2024, 1, 15);
        while meeting <= date(2025, 12, 31) {
            let found = deadline(meeting, settings);
            assert!(found < meeting);
            assert_eq!(
                clear_days_between(found, meeting, settings),
                Ok(PUBLICATION_CLEAR_DAYS),
                "{meeting} with {settings:?}"
            );
            meeting = meeting.succ_opt().expect("date");
        }
    }
}

#[test]
fn settings_round_trip_through_json() {
    let mut settings = CalendarSettings {
        exclude_weekends: false,
        exclude_bank_holidays: true,
        closure_days: BTreeSet::new(),
    };
    settings.closure_days.insert(date(2024, 12, 27));
    settings.closure_days.insert(date(2024, 12, 30));
    let json = serde_json::to_string(&settings).expect("serialises");
    assert_eq!(
        json,
        r#"{"exclude_weekends":false,"exclude_bank_holidays":true,"closure_days":["2024-12-27","2024-12-30"]}"#
    );
    let back: CalendarSettings = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, settings);
    // Missing fields take the defaults; unknown fields are refused rather than ignored.
    let empty: CalendarSettings = serde_json::from_str("{}").expect("defaults");
    assert_eq!(empty, CalendarSettings::default());
    assert!(serde_json::from_str::<CalendarSettings>(r#"{"exclude_weekend":false}"#).is_err());
}

#[test]
fn working_days_until_counts_down_and_goes_negative() {
    let settings = defaults();
    let deadline = date(2024, 11, 20); // Wednesday
    assert_eq!(
        working_days_until(date(2024, 11, 15), deadline, &settings),
        Ok(3)
    );
    assert_eq!(
        working_days_until(date(2024, 11, 16), deadline, &settings),
        Ok(3)
    );
    assert_eq!(
        working_days_until(date(2024, 11, 18), deadline, &settings),
        Ok(2)
    );
    assert_eq!(working_days_until(deadline, deadline, &settings), Ok(0));
    assert_eq!(
        working_days_until(date(2024, 11, 21), deadline, &settings),
        Ok(-1)
    );
    assert_eq!(
        working_days_until(date(2024, 11, 25), deadline, &settings),
        Ok(-3)
    );
    // A Friday deadline missed is -1 over the weekend and on Monday.
    let friday = date(2024, 11, 22);
    assert_eq!(
        working_days_until(date(2024, 11, 23), friday, &settings),
        Ok(-1)
    );
    assert_eq!(
        working_days_until(date(2024, 11, 24), friday, &settings),
        Ok(-1)
    );
    assert_eq!(
        working_days_until(date(2024, 11, 25), friday, &settings),
        Ok(-1)
    );
    // Christmas 2024 is not counted.
    assert_eq!(
        working_days_until(date(2024, 12, 20), date(2024, 12, 27), &settings),
        Ok(3)
    );
}

#[test]
fn executive_private_meetings_need_28_clear_days() {
    let meeting = date(2024, 11, 28);
    let notice = executive_notice_deadline(meeting);
    assert_eq!(notice, date(2024, 10, 30));
    // 28 days strictly between, weekends and bank holidays included.
    assert_eq!((meeting - notice).num_days() - 1, 28);
    assert_eq!(
        executive_notice_deadline(date(2025, 1, 6)),
        date(2024, 12, 8)
    );
}

#[test]
fn dates_outside_the_list_are_an_error_naming_the_date_and_range() {
    let err = publication_deadline(date(2031, 1, 9), &defaults()).expect_err("not covered");
    assert_eq!(
        err,
        CalendarError::BankHolidaysUnknown {
            date: date(2031, 1, 8),
            first: date(2018, 1, 1),
            last: date(2030, 12, 31),
        }
    );
    let message = err.to_string();
    assert!(message.contains("2031-01-08"), "{message}");
    assert!(message.contains("2018-01-01 to 2030-12-31"), "{message}");
    // A meeting early in January 2018 needs December 2017.
    assert!(matches!(
        publication_deadline(date(2018, 1, 4), &defaults()),
        Err(CalendarError::BankHolidaysUnknown { date, .. }) if date.year() == 2017
    ));
    assert!(is_working_day(date(2017, 12, 29), &defaults()).is_err());
    assert!(bank_holiday(date(2031, 12, 25)).is_err());
    // Meetings right at the edges of the covered years still work.
    assert_eq!(deadline(date(2018, 1, 15), &defaults()), date(2018, 1, 5));
    assert_eq!(
        deadline(date(2030, 12, 31), &defaults()),
        date(2030, 12, 19)
    );
}

// ---- The shipped bank holiday list against the rules ------------------------------------

/// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as u32, day as u32)
}

fn first_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1).expect("first Monday")
}

fn last_monday(year: i32, month: u32) -> NaiveDate {
    let next_month = if month == 12 {
        date(year + 1, 1, 1)
    } else {
        date(year, month + 1, 1)
    };
    let mut day = next_month.pred_opt().expect("date");
    while day.weekday() != Weekday::Mon {
        day = day.pred_opt().expect("date");
    }
    day
}

fn next_weekday_on_or_after(mut day: NaiveDate, taken: &BTreeSet<NaiveDate>) -> NaiveDate {
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) || taken.contains(&day) {
        day = day.succ_opt().expect("date");
    }
    day
}

/// The bank holidays the regular rules give for `year`, before any proclamation.
fn regular_rules(year: i32) -> BTreeMap<NaiveDate, &'static str> {
    let mut days = BTreeMap::new();
    let easter = easter_sunday(year);
    let none = BTreeSet::new();
    days.insert(
        next_weekday_on_or_after(date(year, 1, 1), &none),
        "New Year",
    );
    days.insert(easter - Days::new(2), "Good Friday");
    days.insert(easter + Days::new(1), "Easter Monday");
    days.insert(first_monday(year, 5), "Early May");
    days.insert(last_monday(year, 5), "Spring");
    days.insert(last_monday(year, 8), "Summer");
    // Christmas Day first, then Boxing Day on the next weekday not already taken.
    let christmas = next_weekday_on_or_after(date(year, 12, 25), &none);
    let taken: BTreeSet<NaiveDate> = [christmas].into();
    let boxing = next_weekday_on_or_after(date(year, 12, 26), &taken);
    days.insert(christmas, "Christmas");
    days.insert(boxing, "Boxing Day");
    days
}

#[test]
fn easter_algorithm_matches_known_dates() {
    assert_eq!(easter_sunday(2019), date(2019, 4, 21));
    assert_eq!(easter_sunday(2024), date(2024, 3, 31));
    assert_eq!(easter_sunday(2025), date(2025, 4, 20));
    assert_eq!(easter_sunday(2038), date(2038, 4, 25));
    assert_eq!(easter_sunday(2285), date(2285, 3, 22));
}

#[test]
fn shipped_list_matches_the_rules_plus_the_special_cases() {
    // Christmas substitutes: 2021 and 2027 (Christmas on Saturday) give Mon 27 and Tue 28.
    let christmas_2021 = regular_rules(2021);
    assert!(christmas_2021.contains_key(&date(2021, 12, 27)));
    assert!(christmas_2021.contains_key(&date(2021, 12, 28)));

    let mut expected: BTreeSet<NaiveDate> = BTreeSet::new();
    for year in FIRST_COVERED_YEAR..=LAST_COVERED_YEAR {
        expected.extend(regular_rules(year).into_keys());
    }
    // 2020: early May bank holiday moved from Monday 4 May to Friday 8 May (VE Day).
    assert!(expected.remove(&date(2020, 5, 4)));
    expected.insert(date(2020, 5, 8));
    // 2022: spring bank holiday moved from Monday 30 May to Thursday 2 June, Platinum
    // Jubilee Friday 3 June, State Funeral of Queen Elizabeth II Monday 19 September.
    assert!(expected.remove(&date(2022, 5, 30)));
    expected.extend([date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19)]);
    // 2023: coronation of King Charles III, Monday 8 May.
    expected.insert(date(2023, 5, 8));

    let shipped: BTreeSet<NaiveDate> = england_and_wales_bank_holidays()
        .expect("shipped list parses")
        .into_iter()
        .map(|holiday| holiday.date)
        .collect();
    let missing: Vec<_> = expected.difference(&shipped).collect();
    let extra: Vec<_> = shipped.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
    assert_eq!(shipped.len(), 107);
    assert!(shipped
        .iter()
        .all(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)));
}

#[test]
fn special_and_substitute_days_carry_their_names() {
    let name = |d: NaiveDate| {
        bank_holiday(d)
            .expect("covered")
            .map(|holiday| holiday.name)
            .unwrap_or("(none)")
    };
    assert_eq!(name(date(2020, 5, 8)), "Early May bank holiday (VE Day)");
    assert_eq!(name(date(2020, 5, 4)), "(none)");
    assert_eq!(name(date(2022, 6, 2)), "Spring bank holiday");
    assert_eq!(name(date(2022, 6, 3)), "Platinum Jubilee bank holiday");
    assert_eq!(
        name(date(2022, 9, 19)),
        "Bank holiday for the State Funeral of Queen Elizabeth II"
    );
    assert_eq!(
        name(date(2023, 5, 8)),
        "Bank holiday for the coronation of King Charles III"
    );
    assert_eq!(name(date(2022, 12, 26)), "Boxing Day");
    assert_eq!(name(date(2022, 12, 27)), "Christmas Day (substitute day)");
    assert_eq!(name(date(2020, 12, 28)), "Boxing Day (substitute day)");
    assert_eq!(name(date(2023, 1, 2)), "New Year's Day (substitute day)");
    assert_eq!(name(date(2025, 4, 18)), "Good Friday");
}
