//! Exempt information under Part 1 of Schedule 12A to the Local Government
//! Act 1972, quoted exactly.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One of the seven paragraphs of Part 1 of Schedule 12A (England).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(try_from = "u8", into = "u8")]
pub struct Paragraph(u8);

/// A paragraph number outside 1–7, or an exemption naming none.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExemptionError {
    /// Schedule 12A Part 1 has paragraphs 1 to 7 only.
    #[error(
        "paragraph {0} is not a paragraph of Part 1 of Schedule 12A (there are seven, 1 to 7)"
    )]
    NoSuchParagraph(u8),
}

impl TryFrom<u8> for Paragraph {
    type Error = ExemptionError;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        if (1..=7).contains(&n) {
            Ok(Paragraph(n))
        } else {
            Err(ExemptionError::NoSuchParagraph(n))
        }
    }
}

impl From<Paragraph> for u8 {
    fn from(p: Paragraph) -> u8 {
        p.0
    }
}

impl fmt::Display for Paragraph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Paragraph {
    /// All seven paragraphs, in order.
    pub fn all() -> impl Iterator<Item = Paragraph> {
        (1..=7).map(Paragraph)
    }

    /// The paragraph number.
    pub fn number(self) -> u8 {
        self.0
    }

    /// The statutory words of the paragraph, exactly as enacted.
    pub fn wording(self) -> &'static str {
        match self.0 {
            1 => "Information relating to any individual.",
            2 => "Information which is likely to reveal the identity of an individual.",
            3 => "Information relating to the financial or business affairs of any particular person (including the authority holding that information).",
            4 => "Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority.",
            5 => "Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings.",
            6 => "Information which reveals that the authority proposes (a) to give under any enactment a notice under or by virtue of which requirements are imposed on a person; or (b) to make an order or direction under any enactment.",
            _ => "Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime.",
        }
    }
}

/// Why an item is private: the Schedule 12A paragraphs that apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exemption {
    /// The paragraphs relied on, in ascending order. An empty list is allowed
    /// in a draft (the pre-flight check reports it) but never published.
    pub paragraphs: Vec<Paragraph>,
}

impl Exemption {
    /// "1, 3" — the paragraph numbers joined for notices.
    pub fn paragraph_list(&self) -> String {
        let mut ps = self.paragraphs.clone();
        ps.sort();
        ps.dedup();
        ps.iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "paragraph 1" or "paragraphs 1, 3".
    pub fn paragraph_phrase(&self) -> String {
        if self.paragraphs.len() == 1 {
            format!("paragraph {}", self.paragraph_list())
        } else {
            format!("paragraphs {}", self.paragraph_list())
        }
    }

    /// The notice printed in the public pack in place of the report.
    pub fn public_notice(&self) -> String {
        format!(
            "Not for publication by virtue of {} of Part 1 of Schedule 12A of the Local Government Act 1972",
            self.paragraph_phrase()
        )
    }

    /// The marking on every page of a private report in the members' pack.
    pub fn private_marking(&self) -> String {
        format!(
            "PRIVATE \u{2013} NOT FOR PUBLICATION \u{2013} {}",
            self.paragraph_phrase()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_one_to_seven() {
        assert!(Paragraph::try_from(0).is_err());
        assert!(Paragraph::try_from(8).is_err());
        assert_eq!(Paragraph::all().count(), 7);
    }

    #[test]
    fn notice_names_the_paragraphs() {
        let e = Exemption {
            paragraphs: vec![Paragraph(3), Paragraph(1)],
        };
        assert_eq!(
            e.public_notice(),
            "Not for publication by virtue of paragraphs 1, 3 of Part 1 of Schedule 12A of the Local Government Act 1972"
        );
        assert_eq!(
            e.private_marking(),
            "PRIVATE – NOT FOR PUBLICATION – paragraphs 1, 3"
        );
    }
}
