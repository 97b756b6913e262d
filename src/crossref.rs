//! Cross-references between items: `[[item:KEY]]` in any item or minute text.
//!
//! A reference renders as "Minute 57 below" or "Minute 54 above" relative to
//! the item whose text contains it, from the items' current numbers, so it
//! stays right when items move. `[[number:KEY]]` renders the bare number.

use std::ops::Range;

/// A reference found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// What kind: `item` or `number`.
    pub kind: RefKind,
    /// The item key referred to.
    pub key: String,
    /// Where in the text (byte range of the whole `[[…]]`).
    pub span: Range<usize>,
}

/// The kinds of reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// "Minute 57 below".
    Item,
    /// "57".
    Number,
}

/// Every reference in `text`, in order. Malformed ones (unknown kind, no
/// closing brackets) are left as text.
pub fn find(text: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("[[").map(|i| i + from) {
        let Some(end) = text[start..].find("]]").map(|i| i + start) else {
            break;
        };
        let inner = &text[start + 2..end];
        let parsed = inner.split_once(':').and_then(|(kind, key)| {
            let kind = match kind.trim() {
                "item" | "minute" => RefKind::Item,
                "number" => RefKind::Number,
                _ => return None,
            };
            let key = key.trim();
            (!key.is_empty() && !key.contains(char::is_whitespace)).then(|| (kind, key.to_string()))
        });
        match parsed {
            Some((kind, key)) => {
                out.push(Reference {
                    kind,
                    key,
                    span: start..end + 2,
                });
                from = end + 2;
            }
            None => from = start + 2,
        }
    }
    out
}

/// Renders the references in `text`, which belongs to the item numbered
/// `here`; `number_of` gives the current number of an item key. A reference
/// to an unknown key is kept as written (and reported by the checks).
pub fn render(text: &str, here: u32, number_of: &dyn Fn(&str) -> Option<u32>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for r in find(text) {
        out.push_str(&text[last..r.span.start]);
        match (number_of(&r.key), r.kind) {
            (Some(n), RefKind::Number) => out.push_str(&n.to_string()),
            (Some(n), RefKind::Item) => {
                let whereabouts = if n > here {
                    " below"
                } else if n < here {
                    " above"
                } else {
                    ""
                };
                out.push_str(&format!("Minute {n}{whereabouts}"));
            }
            (None, _) => out.push_str(&text[r.span.clone()]),
        }
        last = r.span.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(key: &str) -> Option<u32> {
        match key {
            "homes-public" => Some(54),
            "homes-private" => Some(57),
            _ => None,
        }
    }

    #[test]
    fn renders_above_and_below() {
        let t = "relating to the private report in [[item:homes-private]] headed";
        assert_eq!(
            render(t, 50, &numbers),
            "relating to the private report in Minute 57 below headed"
        );
        let t = "Further to [[item:homes-public]], the Board";
        assert_eq!(
            render(t, 57, &numbers),
            "Further to Minute 54 above, the Board"
        );
        assert_eq!(
            render("item [[number:homes-private]]", 1, &numbers),
            "item 57"
        );
    }

    #[test]
    fn unknown_and_malformed_references_stay_as_written() {
        assert_eq!(
            render("see [[item:gone]]", 50, &numbers),
            "see [[item:gone]]"
        );
        assert_eq!(
            render("a [[b]] c [[item:", 50, &numbers),
            "a [[b]] c [[item:"
        );
        assert_eq!(find("[[colour:x]] [[item:homes-public]]").len(), 1);
    }
}
