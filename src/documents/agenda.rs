//! The agenda front sheet, in the modern.gov layout councils publish.

use crate::crossref;
use crate::domain::{long_date, short_time, PersonKind, Role};
use crate::store::LoadedMeeting;
use crate::typeset::model::{Block, Document, Metadata, Paragraph, Run, Running};
use chrono::NaiveDate;
use std::collections::BTreeMap;

use super::{bind_name, bind_trailing_parenthetical, join_names, meta_date, section_heading};

/// Which edition of the front sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// For publication: private items by public title and paragraphs only.
    Public,
    /// For members: private titles shown, marked private.
    Private,
    /// The supplementary agenda: only late items, with their urgency reasons.
    Supplementary,
}

/// What the front sheet needs beyond the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaOptions {
    /// Which edition.
    pub edition: Edition,
    /// Date of publication printed on the sheet.
    pub published: NaiveDate,
    /// Page ranges of each item's reports in the pack, by item key: "(Pages 7 - 44)".
    pub pages: BTreeMap<String, (u32, u32)>,
    /// Make each item's title a link to `#item-KEY` (resolved by pack assembly).
    pub links: bool,
}

impl AgendaOptions {
    /// A public front sheet on its own, published on `published`.
    pub fn public(published: NaiveDate) -> Self {
        AgendaOptions {
            edition: Edition::Public,
            published,
            pages: BTreeMap::new(),
            links: false,
        }
    }
}

/// "Agenda – Education and Children's Services Scrutiny Board (2) – 28 November 2024".
pub fn title(m: &LoadedMeeting, edition: Edition) -> String {
    let what = match edition {
        Edition::Public => "Agenda",
        Edition::Private => "Agenda (Private)",
        Edition::Supplementary => "Supplementary Agenda",
    };
    let d = m.meeting.date();
    format!(
        "{what} \u{2013} {} \u{2013} {}",
        m.committee.name,
        d.format("%-d %B %Y")
    )
}

fn label(text: &str) -> Block {
    Block::Paragraph(Paragraph {
        space_before: 8.0,
        space_after: 2.0,
        keep_with_next: true,
        ..Paragraph::new(vec![Run::bold(text)])
    })
}

fn body(text: impl Into<String>) -> Block {
    Block::Paragraph(Paragraph::plain(text))
}

/// The front sheet as a document.
pub fn document(m: &LoadedMeeting, opts: &AgendaOptions) -> Document {
    let meeting = &m.meeting;
    let mut doc = Document::new(Metadata {
        title: title(m, opts.edition),
        author: m.council.name.clone(),
        subject: format!(
            "{} \u{2013} {}",
            m.committee.name,
            long_date(meeting.date())
        ),
        keywords: vec!["agenda".into(), m.committee.name.clone()],
        language: "en-GB".into(),
        created: meta_date(opts.published),
    });
    let marking = match opts.edition {
        Edition::Private => "PRIVATE \u{2013} NOT FOR PUBLICATION",
        Edition::Public | Edition::Supplementary => "",
    };
    // Page 1 is the front sheet's own title block: no running header or
    // footer there (later pages, if any, carry them) — except that the
    // members' edition keeps its header on page 1 too, for the marking
    // "PRIVATE – NOT FOR PUBLICATION" belongs on every page.
    doc.header = Some(Running {
        left: format!(
            "{} \u{2013} {}",
            m.committee
                .short_name
                .as_deref()
                .unwrap_or(&m.committee.name),
            long_date(meeting.date())
        ),
        centre: String::new(),
        right: marking.into(),
        initials_box: None,
        skip_first_page: marking.is_empty(),
    });
    doc.footer = Some(Running {
        left: String::new(),
        centre: "Page {page}".into(),
        right: String::new(),
        initials_box: None,
        skip_first_page: true,
    });

    let b = &mut doc.blocks;
    b.push(Block::Paragraph(Paragraph {
        space_after: 2.0,
        ..Paragraph::new(vec![Run::bold(&m.council.name)]).size(14.0)
    }));
    let heading = match opts.edition {
        Edition::Public => "Agenda",
        Edition::Private => "Agenda \u{2013} Private",
        Edition::Supplementary => "Supplementary Agenda",
    };
    b.push(Block::Paragraph(Paragraph {
        space_after: 2.0,
        ..Paragraph::new(vec![Run::bold(heading)]).size(20.0)
    }));
    b.push(Block::Paragraph(Paragraph {
        space_after: 8.0,
        ..Paragraph::new(vec![Run::bold(bind_trailing_parenthetical(
            &m.committee.name,
        ))])
        .size(15.0)
    }));
    b.push(Block::Rule);

    b.push(label("Time and Date"));
    b.push(body(format!(
        "{} at {}",
        long_date(meeting.date()),
        short_time(meeting.starts_at.time())
    )));
    b.push(label("Place"));
    b.push(body(&meeting.venue));

    let items: Vec<usize> = (0..meeting.items.len())
        // A late item is on the supplementary agenda only (one set of page
        // numbers: it is in exactly one of the public papers); the members'
        // private agenda is their complete set.
        .filter(|&i| match opts.edition {
            Edition::Supplementary => meeting.items[i].late.is_some(),
            Edition::Public => meeting.items[i].late.is_none(),
            Edition::Private => true,
        })
        .collect();
    let number_of = |key: &str| m.number_of_key(key);
    let mut section = "";
    for i in items {
        let item = &meeting.items[i];
        let n = m.number_of(i);
        let heading = item.business();
        if heading != section {
            // "Public Business" / "Private Business" head the outline; each
            // item is a bookmark beneath its heading.
            let Block::Paragraph(p) = section_heading(heading, 13.0, 10.0) else {
                unreachable!("a section heading is a paragraph")
            };
            b.push(Block::Paragraph(p.with_outline(1, heading)));
            section = heading;
        }
        let shown_title = item.shown_title(opts.edition == Edition::Private);
        let mut title_run = Run::bold(format!("{n}.  {shown_title}"));
        if opts.links && !item.reports.is_empty() {
            title_run = title_run.with_link(format!("#item-{}", item.key));
        }
        let mut runs = vec![title_run];
        if let Some((from, to)) = opts.pages.get(&item.key) {
            let pages = if from == to {
                format!("(Page {from})")
            } else {
                format!("(Pages {from} - {to})")
            };
            runs.push(Run::text(format!("  {pages}")));
        }
        let mut group = vec![Block::Paragraph(Paragraph {
            space_before: 4.0,
            space_after: 2.0,
            keep_with_next: true,
            outline: Some((2, format!("{n}. {shown_title}"))),
            ..Paragraph::new(runs)
        })];
        let indented = |text: String| {
            Block::Paragraph(Paragraph {
                indent: 18.0,
                space_after: 2.0,
                ..Paragraph::plain(text)
            })
        };
        if let Some(p) = &item.purpose {
            group.push(indented(p.clone()));
        }
        if let Some(d) = &item.description {
            group.push(indented(crossref::render(d, n, &number_of)));
        }
        for (k, sub) in item.sub_items.iter().enumerate() {
            let letter = char::from(b'a' + (k % 26) as u8);
            group.push(indented(format!("({letter})  {sub}")));
        }
        if let Some(late) = &item.late {
            if opts.edition == Edition::Supplementary || !late.reason.is_empty() {
                group.push(Block::Paragraph(Paragraph {
                    indent: 18.0,
                    space_after: 2.0,
                    ..Paragraph::new(vec![Run::italic(format!(
                        "Reason for urgency: {}",
                        late.reason
                    ))])
                }));
            }
        }
        if let Some(e) = &item.exemption {
            // The statutory form, as the public pack's notice words it.
            group.push(Block::Paragraph(Paragraph {
                indent: 18.0,
                space_after: 2.0,
                ..Paragraph::new(vec![Run::italic(e.public_notice())])
            }));
        }
        b.push(Block::KeepTogether(group));
    }

    // The closing block (date of publication, contact, membership) is
    // kept together: it never leaves the membership alone on a page.
    let mut closing = vec![Block::Spacer(8.0), Block::Rule];
    closing.push(Block::Paragraph(Paragraph {
        space_before: 4.0,
        space_after: 4.0,
        ..Paragraph::new(vec![
            Run::text("Published on "),
            Run::bold(long_date(opts.published)),
        ])
    }));
    if let Some(officer) = meeting
        .contact_officer
        .as_deref()
        .or(m.committee.contact_officer.as_deref())
        .and_then(|k| m.person(k))
    {
        let mut runs = vec![
            Run::bold("Note: "),
            Run::text(format!(
                "The person to contact about the agenda and documents for this meeting is {}",
                officer.name
            )),
        ];
        if let Some(t) = &officer.job_title {
            runs.push(Run::text(format!(", {t}")));
        }
        if let Some(e) = &officer.email {
            runs.push(Run::text(", Email: "));
            runs.push(Run::text(e.clone()).with_link(format!("mailto:{e}")));
        }
        if let Some(p) = &officer.phone {
            runs.push(Run::text(format!(", Telephone: {p}")));
        }
        closing.push(Block::Paragraph(Paragraph {
            space_after: 4.0,
            ..Paragraph::new(runs)
        }));
    }

    // Membership.
    let mut members = Vec::new();
    let mut co_opted = Vec::new();
    for mem in &m.committee.members {
        let Some(p) = m.person(&mem.person) else {
            continue;
        };
        match mem.role {
            Role::Chair => members.push(format!("{}\u{a0}(Chair)", bind_name(&p.name))),
            Role::ViceChair => members.push(format!("{}\u{a0}(Deputy Chair)", bind_name(&p.name))),
            Role::Member => members.push(bind_name(&p.name)),
            Role::CoOptedVoting | Role::CoOptedNonVoting => co_opted.push(match p.kind {
                PersonKind::Councillor => bind_name(&p.display_name()),
                PersonKind::CoOpted | PersonKind::Officer | PersonKind::Other => bind_name(&p.name),
            }),
            Role::Substitute => {}
        }
    }
    if !members.is_empty() {
        closing.push(Block::Paragraph(Paragraph {
            space_after: 4.0,
            ..Paragraph::new(vec![
                Run::bold("Membership: "),
                Run::text(format!("Councillors {}", join_names(&members))),
            ])
        }));
    }
    if !co_opted.is_empty() {
        closing.push(Block::Paragraph(Paragraph::new(vec![
            Run::bold("Co-opted Members: "),
            Run::text(join_names(&co_opted)),
        ])));
    }
    b.push(Block::KeepTogether(closing));
    doc
}
