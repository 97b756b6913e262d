//! Dates and times as council papers print them.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

/// "28th" for 28, "1st" for 1, "22nd", "13th".
pub fn ordinal_day(day: u32) -> String {
    let suffix = match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{day}{suffix}")
}

/// "Thursday, 28th November, 2024" — the agenda's style.
pub fn long_date(date: NaiveDate) -> String {
    format!(
        "{}, {} {}, {}",
        date.format("%A"),
        ordinal_day(date.day()),
        date.format("%B"),
        date.year()
    )
}

/// "Thursday, 17 October 2024" — the printed minutes' style.
pub fn minutes_date(date: NaiveDate) -> String {
    format!(
        "{}, {} {}",
        date.format("%A"),
        date.day(),
        date.format("%B %Y")
    )
}

/// "10.00 am", "2.30 pm", "12.20 pm".
pub fn short_time(time: NaiveTime) -> String {
    let (pm, hour) = time.hour12();
    format!(
        "{}.{:02} {}",
        hour,
        time.minute(),
        if pm { "pm" } else { "am" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_like_the_papers() {
        let d = NaiveDate::from_ymd_opt(2024, 11, 28).unwrap();
        assert_eq!(long_date(d), "Thursday, 28th November, 2024");
        let d = NaiveDate::from_ymd_opt(2024, 10, 17).unwrap();
        assert_eq!(minutes_date(d), "Thursday, 17 October 2024");
        assert_eq!(ordinal_day(1), "1st");
        assert_eq!(ordinal_day(2), "2nd");
        assert_eq!(ordinal_day(3), "3rd");
        assert_eq!(ordinal_day(11), "11th");
        assert_eq!(ordinal_day(12), "12th");
        assert_eq!(ordinal_day(22), "22nd");
        assert_eq!(ordinal_day(31), "31st");
    }

    #[test]
    fn times_read_like_the_papers() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(short_time(t(10, 0)), "10.00 am");
        assert_eq!(short_time(t(12, 20)), "12.20 pm");
        assert_eq!(short_time(t(14, 5)), "2.05 pm");
        assert_eq!(short_time(t(0, 30)), "12.30 am");
    }
}
