//! The page that stands in the public pack in place of a private report.

use crate::domain::AgendaItem;
use crate::typeset::model::{Align, Block, Document, Metadata, Paragraph, Run};
use chrono::NaiveDateTime;

/// One notice page for a private item, naming only its number, public
/// title and paragraphs — nothing else of the item.
pub fn document(number: u32, item: &AgendaItem, author: &str, created: NaiveDateTime) -> Document {
    let mut doc = Document::new(Metadata {
        title: format!("Item {number}"),
        author: author.to_string(),
        subject: String::new(),
        keywords: vec![],
        language: "en-GB".into(),
        created,
    });
    let notice = item
        .exemption
        .as_ref()
        .map(|e| e.public_notice())
        .unwrap_or_else(|| "Not for publication".to_string());
    doc.blocks = vec![
        Block::Spacer(180.0),
        Block::Paragraph(Paragraph {
            space_after: 18.0,
            ..Paragraph::new(vec![Run::bold(format!("{number}.  {}", item.title))])
                .size(14.0)
                .align(Align::Centre)
        }),
        Block::Paragraph(
            Paragraph::new(vec![Run::bold(notice)])
                .size(13.0)
                .align(Align::Centre),
        ),
    ];
    doc
}
