//! The printed minutes, in the layout of the reference minutes of
//! 17 October 2024.

use crate::crossref;
use crate::domain::{
    minutes_date, ordinal_day, short_time, InterestKind, ItemKind, Person, PersonKind, Presence,
    Role,
};
use crate::store::LoadedMeeting;
use crate::typeset::markdown::markdown_to_blocks;
use crate::typeset::model::{
    Block, Document, Metadata, Paragraph, Run, Running, SignatureLine, Table,
};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

use super::{bind_name, bind_trailing_parenthetical, join_names, meta_date, section_heading};

/// The marking of the private minutes, as on the members' private pack.
pub const PRIVATE_MARKING: &str = "PRIVATE \u{2013} NOT FOR PUBLICATION";

/// Which minutes.
///
/// There are two editions of the text:
/// - the **public minutes** (`private: false`), the "minutes without exempt
///   parts" open to inspection under s100C of the Local Government Act 1972:
///   a private item appears only by its number, public title and the
///   statutory notice of the Schedule 12A paragraphs — never its private
///   title or its minute text;
/// - the **private minutes** (`private: true`), the full record for members,
///   marked "PRIVATE – NOT FOR PUBLICATION" on every page.
///
/// **Signed minutes** are the legal record the chair signs (Sch 12 para 41):
/// the complete minutes, exempt parts included. So they are rendered from
/// the full text, and when the meeting had private business they carry the
/// private marking like the private minutes; what the council publishes is
/// the public minutes. Verification (`publish::verify_signed`) checks the
/// signed file's hash as before; see `publish::signed_minutes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesOptions {
    /// The full, private minutes (members' copy): private titles and the
    /// minutes of private items. Public minutes show a private item's public
    /// title and statutory notice only.
    pub private: bool,
    /// Signed minutes: chair's initials box on every page and the signature
    /// block, with the chair's name and date of signing.
    pub signed: Option<Signing>,
}

/// The chair's signature on the minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signing {
    /// "Councillor CE Thomas".
    pub chair: String,
    /// Date of signing.
    pub on: NaiveDate,
}

/// "Minutes – Education and Children's Services Scrutiny Board (2) – 17 October 2024".
pub fn title(m: &LoadedMeeting, opts: &MinutesOptions) -> String {
    let what = match (opts.signed.is_some(), opts.private) {
        (true, _) => "Signed Minutes",
        (false, true) => "Minutes (Private)",
        (false, false) => "Minutes",
    };
    format!(
        "{what} \u{2013} {} \u{2013} {}",
        m.committee.name,
        m.meeting.date().format("%-d %B %Y")
    )
}

fn label_row(label: &str, value: String) -> Vec<Vec<Run>> {
    vec![vec![Run::bold(label)], vec![Run::text(value)]]
}

/// "12.20pm" as the minutes print the closing time.
fn closing_time(t: chrono::NaiveTime) -> String {
    short_time(t).replace(' ', "")
}

/// The minutes as a document.
pub fn document(m: &LoadedMeeting, opts: &MinutesOptions) -> Document {
    let meeting = &m.meeting;
    let date = meeting.date();
    let created = opts.signed.as_ref().map(|s| s.on).unwrap_or(date);
    let mut doc = Document::new(Metadata {
        title: title(m, opts),
        author: m.council.name.clone(),
        subject: format!(
            "Minutes of the meeting of {} held on {}",
            m.committee.name,
            minutes_date(date)
        ),
        keywords: vec!["minutes".into(), m.committee.name.clone()],
        language: "en-GB".into(),
        created: meta_date(created),
    });
    doc.header = Some(Running {
        left: format!(
            "{} \u{2013} {}",
            m.committee
                .short_name
                .as_deref()
                .unwrap_or(&m.committee.name),
            minutes_date(date)
        ),
        centre: String::new(),
        right: if opts.private {
            PRIVATE_MARKING.into()
        } else {
            String::new()
        },
        initials_box: None,
        // The reference minutes open with their title block alone; the
        // private minutes keep the header on page 1 for the marking, which
        // belongs on every page.
        skip_first_page: !opts.private,
    });
    doc.footer = Some(Running {
        left: String::new(),
        centre: "Page {page} of {pages}".into(),
        right: String::new(),
        initials_box: opts.signed.as_ref().map(|_| "Chair's initials".to_string()),
        skip_first_page: false,
    });
    let b = &mut doc.blocks;
    b.push(Block::Paragraph(Paragraph {
        space_after: 2.0,
        ..Paragraph::new(vec![Run::bold(&m.council.name)]).size(13.0)
    }));
    b.push(Block::Paragraph(Paragraph {
        space_after: 2.0,
        ..Paragraph::new(vec![Run::bold(format!(
            "Minutes of the Meeting of {}",
            bind_trailing_parenthetical(&m.committee.name)
        ))])
        .size(13.0)
    }));
    b.push(Block::Paragraph(Paragraph {
        space_after: 10.0,
        ..Paragraph::new(vec![Run::bold(format!(
            "held at {} on {}",
            short_time(meeting.starts_at.time()),
            minutes_date(date)
        ))])
        .size(13.0)
    }));

    attendance(m, b);

    let number_of = |key: &str| m.number_of_key(key);
    let mut section = "";
    for (i, item) in meeting.items.iter().enumerate() {
        let n = m.number_of(i);
        let heading = item.business();
        if heading != section {
            b.push(section_heading(heading, 12.0, 10.0));
            section = heading;
        }
        let shown = item.shown_title(opts.private);
        let mut h = crate::typeset::model::Heading::new(3, format!("{n}. {shown}"));
        h.anchor = Some(format!("minute-{}", item.key));
        b.push(Block::Heading(h));
        if let Some(late) = &item.late {
            b.push(Block::Paragraph(Paragraph::new(vec![
                Run::italic(format!(
                    "The Chair agreed to take this item as a matter of urgency because {}",
                    late.reason.trim_end_matches('.')
                )),
                Run::italic("."),
            ])));
        }
        if item.kind == ItemKind::Declarations {
            declarations(m, b);
        }
        if let (Some(e), false) = (&item.exemption, opts.private) {
            // Minutes without exempt parts (s100C): the notice stands in for
            // the minute; nothing else of the item is read.
            b.push(Block::Paragraph(Paragraph::new(vec![Run::italic(
                e.public_notice(),
            )])));
            continue;
        }
        match &item.minute {
            Some(text) => b.extend(markdown_to_blocks(&crossref::render(text, n, &number_of))),
            None if item.kind == ItemKind::Declarations => {}
            None => b.push(Block::Paragraph(Paragraph::new(vec![Run::italic(
                "(No minute recorded.)",
            )]))),
        }
    }
    if let Some(closed) = meeting.minutes.as_ref().and_then(|mi| mi.closed_at) {
        b.push(Block::Paragraph(Paragraph {
            space_before: 12.0,
            ..Paragraph::plain(format!("(Meeting closed at {})", closing_time(closed)))
        }));
    }
    if let Some(s) = &opts.signed {
        b.push(Block::Spacer(18.0));
        b.push(Block::SignatureBlock(vec![SignatureLine {
            label: "Chair".into(),
            name: s.chair.clone(),
            date: Some(format!(
                "{} {} {}",
                ordinal_day(s.on.day()),
                s.on.format("%B"),
                s.on.year()
            )),
        }]));
    }
    doc
}

/// The declarations made at the meeting, as the Declarations minute opens.
fn declarations(m: &LoadedMeeting, b: &mut Vec<Block>) {
    for line in declaration_lines(m) {
        b.push(Block::Paragraph(Paragraph::plain(line)));
    }
}

/// The sentences that open the Declarations minute: one per declaration
/// ("Councillor … declared a disclosable pecuniary interest in the matter
/// referred to in Minute 52: …"), or "There were no declarations of
/// interest." when none was made and the clerk wrote no minute. The same
/// words in the printed minutes and on the meeting's web page.
pub(crate) fn declaration_lines(m: &LoadedMeeting) -> Vec<String> {
    let Some(minutes) = &m.meeting.minutes else {
        return Vec::new();
    };
    if minutes.declarations.is_empty() {
        if m.meeting
            .items
            .iter()
            .any(|i| i.kind == ItemKind::Declarations && i.minute.is_none())
        {
            return vec!["There were no declarations of interest.".to_string()];
        }
        return Vec::new();
    }
    let mut out = Vec::new();
    for d in &minutes.declarations {
        let who = m
            .person(&d.person)
            .map(|p| bind_name(&p.display_name()))
            .unwrap_or_else(|| d.person.clone());
        let which = m
            .number_of_key(&d.item)
            .map(|n| format!("Minute {n}"))
            .unwrap_or_else(|| d.item.clone());
        let kind = match d.interest {
            InterestKind::DisclosablePecuniary => "a disclosable pecuniary interest",
            InterestKind::OtherRegistrable => "an other registrable interest",
            InterestKind::NonRegistrable => "a non-registrable interest",
        };
        let note = d.note.trim().trim_end_matches('.');
        out.push(format!(
            "{who} declared {kind} in the matter referred to in {which}: {note}."
        ));
    }
    out
}

fn attendance(m: &LoadedMeeting, b: &mut Vec<Block>) {
    let Some(minutes) = &m.meeting.minutes else {
        return;
    };
    if minutes.attendance.is_empty() {
        return;
    }
    let role_of = |key: &str| {
        m.committee
            .members
            .iter()
            .find(|mem| mem.person == key)
            .map(|mem| mem.role)
    };
    let mut members = Vec::new();
    let mut co_opted = Vec::new();
    let mut others = Vec::new();
    let mut officers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut apologies = Vec::new();
    let mut absent = Vec::new();
    for a in &minutes.attendance {
        let Some(p) = m.person(&a.person) else {
            continue;
        };
        let role = role_of(&a.person);
        match a.presence {
            Presence::Apologies => {
                apologies.push(p);
                continue;
            }
            Presence::Absent => {
                absent.push(p);
                continue;
            }
            Presence::Present => {}
        }
        match (p.kind, role) {
            (PersonKind::Officer, _) => officers
                .entry(p.service_area.clone().unwrap_or_else(|| "Other".into()))
                .or_default()
                .push(bind_name(&p.name)),
            (_, Some(Role::CoOptedVoting | Role::CoOptedNonVoting)) | (PersonKind::CoOpted, _) => {
                co_opted.push(bind_name(&p.name))
            }
            (_, Some(Role::Chair)) => {
                members.push(format!("{}\u{a0}(Chair)", bind_name(&p.display_name())))
            }
            (_, Some(Role::ViceChair)) => members.push(format!(
                "{}\u{a0}(Deputy Chair)",
                bind_name(&p.display_name())
            )),
            (_, Some(Role::Member)) => members.push(bind_name(&p.display_name())),
            (_, Some(Role::Substitute)) | (_, None) if a.substitute_for.is_some() => {
                let whom = a.substitute_for.as_deref().and_then(|k| m.person(k));
                members.push(format!(
                    "{} (Substitute for {})",
                    bind_name(&p.display_name()),
                    whom.map(substitute_name).unwrap_or_default()
                ));
            }
            (_, Some(Role::Substitute)) | (_, None) => others.push(match &a.capacity {
                Some(c) => format!("{}, {c}", bind_name(&p.display_name())),
                None => bind_name(&p.display_name()),
            }),
        }
    }
    b.push(Block::Paragraph(Paragraph {
        space_after: 4.0,
        keep_with_next: true,
        ..Paragraph::new(vec![Run::bold("Present:")])
    }));
    let mut rows = Vec::new();
    if !members.is_empty() {
        rows.push(label_row("Members:", members.join("\n")));
    }
    if !co_opted.is_empty() {
        rows.push(label_row("Co-Opted Members:", join_names(&co_opted)));
    }
    if !others.is_empty() {
        rows.push(label_row("Other Members:", others.join("\n")));
    }
    if !officers.is_empty() {
        rows.push(vec![
            vec![Run::bold("Employees (by Service Area):")],
            vec![],
        ]);
        for (area, names) in &officers {
            rows.push(label_row(&format!("{area}:"), names.join(", ")));
        }
    }
    if !apologies.is_empty() {
        rows.push(label_row("Apologies:", grouped_names(&apologies)));
    }
    if !absent.is_empty() {
        rows.push(label_row("Absent:", grouped_names(&absent)));
    }
    b.push(Block::Table(Table {
        columns: vec![0.32, 0.68],
        rows,
        header: false,
        borders: false,
    }));
}

/// "Councillor Gardiner" — how the minutes name the member substituted for.
fn substitute_name(p: &Person) -> String {
    match p.kind {
        PersonKind::Councillor => format!("Councillor {}", p.surname()),
        PersonKind::CoOpted | PersonKind::Officer | PersonKind::Other => bind_name(&p.name),
    }
}

/// "Councillors J Gardiner and A Tucker"; others by name.
fn grouped_names(people: &[&Person]) -> String {
    let councillors: Vec<String> = people
        .iter()
        .filter(|p| p.kind == PersonKind::Councillor)
        .map(|p| bind_name(&p.name))
        .collect();
    let rest: Vec<String> = people
        .iter()
        .filter(|p| p.kind != PersonKind::Councillor)
        .map(|p| bind_name(&p.name))
        .collect();
    let mut parts = Vec::new();
    match councillors.len() {
        0 => {}
        1 => parts.push(format!("Councillor {}", councillors[0])),
        _ => parts.push(format!("Councillors {}", join_names(&councillors))),
    }
    if !rest.is_empty() {
        parts.push(join_names(&rest));
    }
    parts.join("; ")
}
