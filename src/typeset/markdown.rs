//! CommonMark → [`Block`]s, for minute narratives and report summaries typed by clerks.
//!
//! Supported: paragraphs, `**bold**`, `*italic*`, links, headings (levels 4–6
//! become level 3), bullet lists, ordered lists (numbers shown as "1)"), an
//! ordered list inside an ordered list is lettered "(a)", nesting, thematic
//! breaks and hard line breaks. Everything else (code, HTML, images, block
//! quotes, tables) is kept as plain text — never dropped.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::model::{Block, Heading, List, ListKind, Paragraph, Run};

/// Indent of block-quote paragraphs, in points.
const QUOTE_INDENT: f32 = 18.0;

/// Converts CommonMark text to blocks.
pub fn markdown_to_blocks(source: &str) -> Vec<Block> {
    let mut c = Converter::default();
    for event in Parser::new_ext(source, Options::empty()) {
        c.event(event);
    }
    c.flush();
    while c.frames.len() > 1 {
        c.close_frame();
    }
    match c.frames.pop() {
        Some(Frame::Blocks(blocks)) => blocks,
        _ => Vec::new(),
    }
}

#[derive(Debug)]
enum Frame {
    /// The document, a list item or a block quote.
    Blocks(Vec<Block>),
    List(List),
    Quote(Vec<Block>),
}

#[derive(Debug)]
struct Converter {
    frames: Vec<Frame>,
    runs: Vec<Run>,
    bold: u32,
    italic: u32,
    links: Vec<String>,
    images: Vec<String>,
    heading: Option<u8>,
    code_block: bool,
}

impl Default for Converter {
    fn default() -> Self {
        Self {
            frames: vec![Frame::Blocks(Vec::new())],
            runs: Vec::new(),
            bold: 0,
            italic: 0,
            links: Vec::new(),
            images: Vec::new(),
            heading: None,
            code_block: false,
        }
    }
}

impl Converter {
    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let bold = self.bold > 0 && !self.code_block;
        let italic = self.italic > 0 && !self.code_block;
        let link = self.links.last().cloned();
        if let Some(last) = self.runs.last_mut() {
            if last.bold == bold
                && last.italic == italic
                && last.link == link
                && last.page_ref.is_none()
            {
                last.text.push_str(text);
                return;
            }
        }
        self.runs.push(Run {
            text: text.to_string(),
            bold,
            italic,
            link,
            page_ref: None,
        });
    }

    fn in_list_item(&self) -> bool {
        self.frames.len() >= 2 && matches!(self.frames[self.frames.len() - 2], Frame::List(_))
    }

    fn push_block(&mut self, block: Block) {
        match self.frames.last_mut() {
            Some(Frame::Blocks(b)) | Some(Frame::Quote(b)) => b.push(block),
            Some(Frame::List(l)) => l.items.push(vec![block]),
            None => self.frames.push(Frame::Blocks(vec![block])),
        }
    }

    /// Turns pending inline text into a paragraph.
    fn flush(&mut self) {
        if self.runs.iter().all(|r| r.text.trim().is_empty()) {
            self.runs.clear();
            return;
        }
        let mut runs = std::mem::take(&mut self.runs);
        if let Some(first) = runs.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        if let Some(last) = runs.last_mut() {
            last.text = last.text.trim_end().to_string();
        }
        let mut p = Paragraph::new(runs);
        if self.in_list_item() {
            p.space_after = 3.0;
        }
        if self.frames.iter().any(|f| matches!(f, Frame::Quote(_))) {
            p.indent = QUOTE_INDENT;
        }
        self.push_block(Block::Paragraph(p));
    }

    fn close_frame(&mut self) {
        self.flush();
        match self.frames.pop() {
            Some(Frame::List(l)) => self.push_block(Block::List(l)),
            Some(Frame::Quote(blocks)) => {
                for b in blocks {
                    self.push_block(b);
                }
            }
            Some(Frame::Blocks(item)) => {
                // A list item ends.
                match self.frames.last_mut() {
                    Some(Frame::List(l)) => l.items.push(item),
                    _ => {
                        for b in item {
                            self.push_block(b);
                        }
                    }
                }
            }
            None => {}
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if self.code_block {
                    // Keep code lines as lines.
                    let t = t.strip_suffix('\n').unwrap_or(&t).to_string();
                    self.text(&t);
                    self.text("\n");
                } else {
                    self.text(&t);
                }
            }
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::Html(t) | Event::InlineHtml(t) => self.text(t.trim_end_matches('\n')),
            Event::FootnoteReference(t) => self.text(&format!("[{t}]")),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text("\n"),
            Event::Rule => {
                self.flush();
                self.push_block(Block::Rule);
            }
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock => self.flush(),
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                });
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.frames.push(Frame::Quote(Vec::new()));
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code_block = true;
            }
            Tag::List(start) => {
                self.flush();
                let inside_ordered = self.frames.iter().any(|f| {
                    matches!(f, Frame::List(l) if matches!(l.kind, ListKind::Numbered | ListKind::Lettered))
                });
                let kind = match (start, inside_ordered) {
                    (None, _) => ListKind::Bullet,
                    (Some(_), false) => ListKind::Numbered,
                    (Some(_), true) => ListKind::Lettered,
                };
                let start = start
                    .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
                    .unwrap_or(1);
                self.frames.push(Frame::List(List {
                    kind,
                    start,
                    items: Vec::new(),
                }));
            }
            Tag::Item => {
                self.flush();
                self.frames.push(Frame::Blocks(Vec::new()));
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Link { dest_url, .. } => self.links.push(dest_url.to_string()),
            Tag::Image { dest_url, .. } => self.images.push(dest_url.to_string()),
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.text(&format!("[{label}] "));
            }
            // Not enabled in the parser options; shown as text if they ever appear.
            Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock | TagEnd::FootnoteDefinition => self.flush(),
            TagEnd::Heading(_) => {
                let runs = std::mem::take(&mut self.runs);
                let level = self.heading.take().unwrap_or(3);
                if !runs.iter().all(|r| r.text.trim().is_empty()) {
                    self.push_block(Block::Heading(Heading {
                        level,
                        runs,
                        bookmark: false,
                        anchor: None,
                    }));
                }
            }
            TagEnd::CodeBlock => {
                if let Some(last) = self.runs.last_mut() {
                    if last.text.ends_with('\n') {
                        last.text.pop();
                    }
                }
                self.flush();
                self.code_block = false;
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item => self.close_frame(),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => {
                self.links.pop();
            }
            TagEnd::Image => {
                if let Some(url) = self.images.pop() {
                    self.text(&format!(" ({url})"));
                }
            }
            TagEnd::TableCell => self.text(" | "),
            TagEnd::TableRow | TagEnd::TableHead => self.text("\n"),
            TagEnd::Table => self.flush(),
            TagEnd::DefinitionListTitle | TagEnd::DefinitionListDefinition => self.text("\n"),
            TagEnd::DefinitionList
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::MetadataBlock(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para_text(b: &Block) -> String {
        match b {
            Block::Paragraph(p) => p.runs.iter().map(|r| r.text.as_str()).collect(),
            other => panic!("not a paragraph: {other:?}"),
        }
    }

    #[test]
    fn bold_and_italic_runs() {
        let blocks = markdown_to_blocks("The **board** *noted* it.");
        let Block::Paragraph(p) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(p.runs.len(), 5);
        assert!(p.runs[1].bold && p.runs[1].text == "board");
        assert!(p.runs[3].italic && p.runs[3].text == "noted");
    }

    #[test]
    fn ordered_lists_nest_as_lettered() {
        let src = "1. Agree the minutes\n   1. of 17 October\n   2. matters arising\n2. Note the report\n";
        let blocks = markdown_to_blocks(src);
        let Block::List(l) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(l.kind, ListKind::Numbered);
        assert_eq!(l.items.len(), 2);
        assert_eq!(para_text(&l.items[0][0]), "Agree the minutes");
        let Block::List(inner) = &l.items[0][1] else {
            panic!("{:?}", l.items[0])
        };
        assert_eq!(inner.kind, ListKind::Lettered);
        assert_eq!(inner.items.len(), 2);
    }

    #[test]
    fn bullets_and_start_number() {
        let blocks = markdown_to_blocks("- one\n- two\n\n3. three\n4. four\n");
        assert!(matches!(&blocks[0], Block::List(l) if l.kind == ListKind::Bullet));
        assert!(
            matches!(&blocks[1], Block::List(l) if l.kind == ListKind::Numbered && l.start == 3)
        );
    }

    #[test]
    fn unsupported_constructs_are_kept_as_text() {
        let src = "> quoted words\n\n```\nlet x = 1;\n```\n\n<b>html</b>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![logo](logo.png)\n";
        let blocks = markdown_to_blocks(src);
        let all: String = blocks.iter().map(para_text).collect::<Vec<_>>().join("\n");
        for needle in [
            "quoted words",
            "let x = 1;",
            "<b>html</b>",
            "| a | b |",
            "logo",
            "logo.png",
        ] {
            assert!(all.contains(needle), "{needle:?} missing from {all:?}");
        }
    }

    #[test]
    fn hard_break_and_headings() {
        let blocks = markdown_to_blocks("# Minutes\n\nline one  \nline two\n\n#### Deep\n");
        assert!(matches!(&blocks[0], Block::Heading(h) if h.level == 1));
        assert_eq!(para_text(&blocks[1]), "line one\nline two");
        assert!(matches!(&blocks[2], Block::Heading(h) if h.level == 3));
    }
}
