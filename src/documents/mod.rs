//! The documents a meeting produces, built from a [`LoadedMeeting`]: the
//! agenda as plain text (for the terminal), and as typeset documents the
//! agenda front sheet ([`agenda`]), the minutes ([`minutes`]) and the notice
//! that stands in a public pack for a private report ([`notice`]).
//!
//! These functions only build [`crate::typeset::model::Document`]s; they do
//! no I/O and read no clock: dates come from the meeting or the caller.
//!
//! [`LoadedMeeting`]: crate::store::LoadedMeeting

pub mod agenda;
pub mod minutes;
pub mod notice;
pub mod text;

use crate::typeset::model::{Block, Paragraph, Run};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// "Public Business" / "Private Business" as a bold heading kept with what follows.
pub(crate) fn section_heading(text: &str, size: f32, space_before: f32) -> Block {
    Block::Paragraph(Paragraph {
        space_before,
        space_after: 6.0,
        keep_with_next: true,
        ..Paragraph::new(vec![Run::bold(text)]).size(size)
    })
}

/// "A, B and C".
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A document date at midday (no clock involved).
pub(crate) fn meta_date(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())
}

/// A person's name with no-break spaces, so that "S Nazir" or "Councillor
/// E M Reeves" never splits between the initials and the surname.
pub(crate) fn bind_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join("\u{a0}")
}

/// Keeps a short trailing parenthetical with the word before it: "Scrutiny
/// Board (2)" never leaves "(2)" alone on the next line.
pub(crate) fn bind_trailing_parenthetical(text: &str) -> String {
    let t = text.trim_end();
    if let (true, Some(open)) = (t.ends_with(')'), t.rfind(" (")) {
        if t[open + 1..].chars().count() <= 8 {
            return format!("{}\u{a0}{}", &t[..open], &t[open + 1..]);
        }
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_short_parentheticals_are_bound() {
        assert_eq!(bind_name("E M  Reeves"), "E\u{a0}M\u{a0}Reeves");
        assert_eq!(
            bind_trailing_parenthetical("Scrutiny Board (2)"),
            "Scrutiny Board\u{a0}(2)"
        );
        // A long parenthetical may break as usual.
        assert_eq!(
            bind_trailing_parenthetical("Board (Children and Young People)"),
            "Board (Children and Young People)"
        );
        assert_eq!(bind_trailing_parenthetical("Cabinet"), "Cabinet");
    }
}
