//! Item numbers are minute numbers.
//!
//! A meeting's first item number is the previous meeting's last number + 1
//! within the committee's municipal year; numbering restarts at 1 at an
//! annual meeting or at the first meeting on or after the start of a new
//! municipal year. A number set by hand (importing mid-year, or fixed when the
//! agenda is published) always wins.

use crate::domain::{Committee, MeetingKind};
use chrono::NaiveDate;

/// What numbering needs to know of one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberingInput {
    /// Meeting date.
    pub date: NaiveDate,
    /// Ordinary, extraordinary or annual.
    pub kind: MeetingKind,
    /// A first number set by hand or fixed at publication.
    pub explicit_first: Option<u32>,
    /// How many numbered items the meeting has.
    pub item_count: u32,
}

/// First item numbers for a committee's meetings, given in date order.
pub fn first_numbers(committee: &Committee, meetings: &[NumberingInput]) -> Vec<u32> {
    let mut out = Vec::with_capacity(meetings.len());
    let mut previous: Option<(NaiveDate, u32, u32)> = None; // (date, first, count)
    for m in meetings {
        let first = match (m.explicit_first, m.kind, previous) {
            (Some(n), _, _) => n,
            (None, MeetingKind::Annual, _) | (None, _, None) => 1,
            (
                None,
                MeetingKind::Ordinary | MeetingKind::Extraordinary,
                Some((date, first, count)),
            ) => {
                if date < committee.municipal_year_start(m.date) {
                    1
                } else {
                    first + count
                }
            }
        };
        out.push(first);
        previous = Some((m.date, first, m.item_count));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn committee() -> Committee {
        Committee::new("Board")
    }

    fn m(
        y: i32,
        mo: u32,
        d: u32,
        kind: MeetingKind,
        count: u32,
        explicit: Option<u32>,
    ) -> NumberingInput {
        NumberingInput {
            date: NaiveDate::from_ymd_opt(y, mo, d).unwrap(),
            kind,
            explicit_first: explicit,
            item_count: count,
        }
    }

    #[test]
    fn reference_meetings_number_43_to_48_then_49_to_57() {
        let ms = [
            m(2024, 10, 17, MeetingKind::Ordinary, 6, Some(43)),
            m(2024, 11, 28, MeetingKind::Ordinary, 9, None),
            m(2025, 1, 16, MeetingKind::Ordinary, 5, None),
        ];
        assert_eq!(first_numbers(&committee(), &ms), vec![43, 49, 58]);
    }

    #[test]
    fn numbering_restarts_in_a_new_municipal_year() {
        let ms = [
            m(2025, 3, 20, MeetingKind::Ordinary, 7, Some(60)),
            m(2025, 6, 12, MeetingKind::Ordinary, 5, None),
            m(2025, 7, 10, MeetingKind::Ordinary, 4, None),
        ];
        assert_eq!(first_numbers(&committee(), &ms), vec![60, 1, 6]);
    }

    #[test]
    fn annual_meeting_restarts_even_inside_the_year() {
        let ms = [
            m(2025, 5, 2, MeetingKind::Ordinary, 3, None),
            m(2025, 5, 20, MeetingKind::Annual, 8, None),
            m(2025, 6, 1, MeetingKind::Extraordinary, 2, None),
        ];
        assert_eq!(first_numbers(&committee(), &ms), vec![1, 1, 9]);
    }

    #[test]
    fn year_start_is_a_committee_setting() {
        let mut c = committee();
        c.year_start = (4, 1);
        let ms = [
            m(2025, 3, 20, MeetingKind::Ordinary, 7, Some(60)),
            m(2025, 4, 10, MeetingKind::Ordinary, 5, None),
        ];
        assert_eq!(first_numbers(&c, &ms), vec![60, 1]);
    }
}
