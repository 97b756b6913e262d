//! The site's pages as HTML strings, from meeting data; no I/O.
//!
//! Every page is HTML5 with `lang="en-GB"`, one stylesheet, no scripts, the
//! landmarks header / nav / main / footer, headings in order (h1 → h2 → h3
//! → h4), and link text that names the document it opens.

use super::{CommitteeEntry, Doc, MeetingEntry, SiteData};
use crate::crossref::{self, RefKind};
use crate::documents::text::human_size;
use crate::domain::{long_date, short_time, ItemKind, Role};
use crate::store::LoadedMeeting;
use crate::typeset::markdown::markdown_to_blocks;
use crate::typeset::model::{Block, ListKind, Run};
use chrono::Datelike;
use std::fmt::Write;

/// The one stylesheet.
pub(crate) const STYLESHEET: &str = include_str!("style.css");

/// Escapes text for HTML content and attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c => s.push(c),
        }
    }
    s
}

/// "PDF 345 KB", as the reference page shows a document's size.
pub(crate) fn size_text(bytes: u64) -> String {
    format!("PDF {}", human_size(bytes))
}

/// The anchor of the item numbered `n` on its meeting page. Numbers, never
/// keys: a private item's key may have been made from its private title.
pub(crate) fn item_anchor(n: u32) -> String {
    format!("item-{n}")
}

/// "2024/25": the municipal year beginning on `start`.
fn municipal_year(start: chrono::NaiveDate) -> String {
    format!("{}/{:02}", start.year(), (start.year() + 1) % 100)
}

/// "Thursday, 28th November, 2024 10.00 am", as the reference page prints it.
pub(crate) fn when(m: &LoadedMeeting) -> String {
    format!(
        "{} {}",
        long_date(m.meeting.date()),
        short_time(m.meeting.starts_at.time())
    )
}

struct Page<'a> {
    /// "../../" from the page to the site's root.
    root: &'a str,
    title: String,
    council: &'a str,
    /// Breadcrumb trail: (text, href) with the last entry the current page.
    trail: Vec<(String, Option<String>)>,
    body: String,
}

fn page(p: Page<'_>) -> String {
    let root = p.root;
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} - {council}</title>\n\
         <link rel=\"stylesheet\" href=\"{root}style.css\">\n\
         <link rel=\"alternate\" type=\"application/rss+xml\" title=\"Published meetings\" href=\"{root}feed.xml\">\n\
         </head>\n<body>\n\
         <a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n\
         <header class=\"site-header\">\n<div class=\"wrap\">\n\
         <a class=\"council\" href=\"{root}index.html\">{council}</a>\n\
         <span class=\"service\">Committee meetings, agendas and minutes</span>\n\
         </div>\n</header>\n",
        title = esc(&p.title),
        council = esc(p.council),
    );
    s.push_str(
        "<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\">\n<div class=\"wrap\">\n<ol>\n",
    );
    for (text, href) in &p.trail {
        match href {
            Some(h) => {
                let _ = writeln!(s, "<li><a href=\"{}\">{}</a></li>", esc(h), esc(text));
            }
            None => {
                let _ = writeln!(s, "<li aria-current=\"page\">{}</li>", esc(text));
            }
        }
    }
    s.push_str("</ol>\n</div>\n</nav>\n");
    let _ = write!(
        s,
        "<main id=\"main\">\n<div class=\"wrap\">\n{}</div>\n</main>\n",
        p.body
    );
    let _ = write!(
        s,
        "<footer class=\"site-footer\">\n<div class=\"wrap\">\n\
         <p>Published by {council}. Agendas and reports are open to inspection under the Local Government Act 1972; \
         the HTML text of the agenda and minutes is the accessible version of the PDF documents.</p>\n\
         <ul class=\"feeds\">\n\
         <li><a href=\"{root}feed.xml\">RSS feed of published meetings</a></li>\n\
         <li><a href=\"{root}upcoming.ics\">Calendar of upcoming meetings (iCalendar file)</a></li>\n\
         </ul>\n</div>\n</footer>\n</body>\n</html>\n",
        council = esc(p.council),
    );
    s
}

/// `index.html`: the committees, and the meetings coming up.
pub(crate) fn index_page(data: &SiteData) -> String {
    let mut b = String::new();
    b.push_str("<h1>Committees</h1>\n");
    let _ = writeln!(
        b,
        "<p class=\"lead\">The committees of {} and their meetings: agendas, reports and minutes.</p>",
        esc(&data.council)
    );
    b.push_str("<ul class=\"committee-list\">\n");
    for c in &data.committees {
        let count = c.meetings.len();
        let latest = c
            .meetings
            .last()
            .map(|e| format!("; latest {}", long_date(e.m.meeting.date())))
            .unwrap_or_default();
        let _ = writeln!(
            b,
            "<li><a href=\"{}/index.html\">{}</a> <span class=\"meta\">{} published meeting{}{}</span></li>",
            esc(&c.dir),
            esc(&c.committee.name),
            count,
            if count == 1 { "" } else { "s" },
            esc(&latest)
        );
    }
    b.push_str("</ul>\n");
    page(Page {
        root: "",
        title: "Committees".into(),
        council: &data.council,
        trail: vec![("Committees".into(), None)],
        body: b,
    })
}

fn role_word(role: Role) -> &'static str {
    match role {
        Role::Chair => "Chair",
        Role::ViceChair => "Deputy Chair",
        Role::Member => "Member",
        Role::CoOptedVoting => "Co-opted member (voting)",
        Role::CoOptedNonVoting => "Co-opted member (non-voting)",
        Role::Substitute => "Substitute",
    }
}

/// A committee's page: its members and roles, its meetings by municipal year.
pub(crate) fn committee_page(data: &SiteData, c: &CommitteeEntry) -> String {
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{}</h1>", esc(&c.committee.name));
    if let Some(officer) = c
        .committee
        .contact_officer
        .as_deref()
        .and_then(|k| c.person(k))
    {
        b.push_str("<dl class=\"facts\">\n");
        b.push_str(&contact(officer));
        b.push_str("</dl>\n");
    }
    b.push_str("<h2>Membership</h2>\n<table class=\"members\">\n<caption>Members of the committee and their roles</caption>\n");
    b.push_str(
        "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th></tr></thead>\n<tbody>\n",
    );
    for mem in &c.committee.members {
        let name = c
            .person(&mem.person)
            .map(|p| p.display_name())
            .unwrap_or_else(|| mem.person.clone());
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td>{}</td></tr>",
            esc(&name),
            role_word(mem.role)
        );
    }
    b.push_str("</tbody>\n</table>\n");
    b.push_str("<h2>Meetings</h2>\n");
    if c.meetings.is_empty() {
        b.push_str("<p>No meetings of this committee have been published yet.</p>\n");
    }
    // Newest municipal year first, each year's meetings in date order.
    let mut years: Vec<(chrono::NaiveDate, Vec<&MeetingEntry>)> = Vec::new();
    for e in &c.meetings {
        let start = c.committee.municipal_year_start(e.m.meeting.date());
        match years.iter_mut().find(|(y, _)| *y == start) {
            Some((_, list)) => list.push(e),
            None => years.push((start, vec![e])),
        }
    }
    years.sort_by_key(|y| std::cmp::Reverse(y.0));
    for (start, list) in years {
        let _ = writeln!(
            b,
            "<h3>Municipal year {}</h3>\n<ul class=\"meeting-list\">",
            municipal_year(start)
        );
        for e in list {
            let what = if e.documents.iter().any(|d| d.label == "Printed minutes") {
                "Agenda and minutes"
            } else {
                "Agenda"
            };
            let _ = writeln!(
                b,
                "<li><a href=\"{}/index.html\">{}, {}</a> <span class=\"meta\">{}</span></li>",
                esc(&e.dir),
                esc(&when(&e.m)),
                what,
                esc(&e.m.meeting.venue)
            );
        }
        b.push_str("</ul>\n");
    }
    page(Page {
        root: "../",
        title: c.committee.name.clone(),
        council: &data.council,
        trail: vec![
            ("Committees".into(), Some("../index.html".into())),
            (c.committee.name.clone(), None),
        ],
        body: b,
    })
}

fn contact(officer: &crate::domain::Person) -> String {
    let mut s = String::new();
    s.push_str("<dt>Contact</dt>\n<dd>");
    s.push_str(&esc(&officer.name));
    if let Some(t) = &officer.job_title {
        let _ = write!(s, ", {}", esc(t));
    }
    if let Some(e) = &officer.email {
        let _ = write!(s, ". Email: <a href=\"mailto:{0}\">{0}</a>", esc(e));
    }
    if let Some(p) = &officer.phone {
        let _ = write!(s, ". Telephone: {}", esc(p));
    }
    s.push_str("</dd>\n");
    s
}

fn doc_link(d: &Doc, name: &str) -> String {
    format!(
        "<a class=\"doc\" href=\"{}\"><span class=\"badge\" aria-hidden=\"true\">PDF</span>{} <span class=\"size\">{}</span></a>",
        esc(&d.file),
        esc(name),
        size_text(d.bytes)
    )
}

/// A meeting's page in the shape of the reference page.
pub(crate) fn meeting_page(data: &SiteData, c: &CommitteeEntry, e: &MeetingEntry) -> String {
    let m = &e.m;
    let meeting = &m.meeting;
    let date_text = long_date(meeting.date());
    let mut b = String::new();
    b.push_str("<h1>Agenda and minutes</h1>\n");
    let _ = writeln!(
        b,
        "<p class=\"meeting-title\">{} - {}</p>",
        esc(&m.committee.name),
        esc(&when(m))
    );
    b.push_str("<dl class=\"facts\">\n");
    let _ = writeln!(b, "<dt>Venue</dt>\n<dd>{}</dd>", esc(&meeting.venue));
    if let Some(officer) = meeting
        .contact_officer
        .as_deref()
        .or(m.committee.contact_officer.as_deref())
        .and_then(|k| m.person(k))
    {
        b.push_str(&contact(officer));
    }
    b.push_str("</dl>\n");

    b.push_str("<h2>Meeting documents</h2>\n<ul class=\"documents\">\n");
    for d in &e.documents {
        let name = format!("{}, {}", d.label, date_text);
        let _ = writeln!(b, "<li>{}</li>", doc_link(d, &name));
    }
    b.push_str("</ul>\n");

    b.push_str("<h2>Items</h2>\n<div class=\"items\">\n");
    let number_of = |key: &str| m.number_of_key(key);
    for (i, item) in meeting.items.iter().enumerate() {
        let n = m.number_of(i);
        let _ = writeln!(
            b,
            "<div class=\"item{}\" id=\"{}\">",
            if item.is_private() { " private" } else { "" },
            item_anchor(n)
        );
        // Public title only: a private item's private title is never read.
        let _ = writeln!(
            b,
            "<h3><span class=\"number\">{n}.</span> {}</h3>",
            esc(&item.title)
        );
        if let Some(p) = &item.purpose {
            let _ = writeln!(b, "<p class=\"purpose\">{}</p>", esc(p));
        }
        if let Some(exemption) = &item.exemption {
            let _ = writeln!(
                b,
                "<p class=\"exempt\">{}.</p>",
                esc(&exemption.public_notice())
            );
        } else {
            if let Some(late) = &item.late {
                let _ = writeln!(
                    b,
                    "<p class=\"late\"><strong>Late item.</strong> Reason for urgency: {}</p>",
                    esc(&late.reason)
                );
            }
            if let Some(d) = &item.description {
                b.push_str(&markdown_html(d, n, &number_of));
            }
            if !item.sub_items.is_empty() {
                b.push_str("<ol class=\"sub-items\" type=\"a\">\n");
                for sub in &item.sub_items {
                    let _ = writeln!(b, "<li>{}</li>", esc(sub));
                }
                b.push_str("</ol>\n");
            }
            if let Some(reports) = e.reports.get(&i) {
                b.push_str("<ul class=\"reports\">\n");
                for d in reports {
                    let name = format!("{}: item {n}, {}", d.label, item.title);
                    let _ = writeln!(b, "<li>{}</li>", doc_link(d, &name));
                }
                b.push_str("</ul>\n");
            }
        }
        if let Some(minute) = minute_html(m, i, &number_of) {
            let _ = write!(
                b,
                "<div class=\"minute\">\n<h4>Minutes</h4>\n{minute}</div>\n"
            );
        }
        b.push_str("</div>\n");
    }
    b.push_str("</div>\n");
    page(Page {
        root: "../../",
        title: format!("{} - {}", m.committee.name, date_text),
        council: &data.council,
        trail: vec![
            ("Committees".into(), Some("../../index.html".into())),
            (c.committee.name.clone(), Some("../index.html".into())),
            (date_text, None),
        ],
        body: b,
    })
}

/// The minute of item `i` as HTML, once the meeting's minutes exist: the
/// statutory notice for a private item, the declarations for the
/// Declarations item, then the minute text.
fn minute_html(
    m: &LoadedMeeting,
    i: usize,
    number_of: &dyn Fn(&str) -> Option<u32>,
) -> Option<String> {
    let item = &m.meeting.items[i];
    let n = m.number_of(i);
    let held = match m.meeting.status {
        crate::domain::MeetingStatus::Draft | crate::domain::MeetingStatus::Published => false,
        crate::domain::MeetingStatus::Held
        | crate::domain::MeetingStatus::MinutesDrafted
        | crate::domain::MeetingStatus::MinutesApproved
        | crate::domain::MeetingStatus::Signed => true,
    };
    if !held {
        return None;
    }
    let mut s = String::new();
    if let Some(e) = &item.exemption {
        // Minutes without exempt parts (s100C): the notice stands in for the
        // minute; nothing else of the item is read.
        if item.minute.is_some() {
            let _ = writeln!(s, "<p class=\"exempt\">{}.</p>", esc(&e.public_notice()));
            return Some(s);
        }
        return None;
    }
    if let Some(late) = &item.late {
        if item.minute.is_some() {
            let _ = writeln!(
                s,
                "<p><em>The Chair agreed to take this item as a matter of urgency because {}.</em></p>",
                esc(late.reason.trim_end_matches('.'))
            );
        }
    }
    if item.kind == ItemKind::Declarations {
        for line in crate::documents::minutes::declaration_lines(m) {
            let _ = writeln!(s, "<p>{}</p>", esc(&line));
        }
    }
    if let Some(text) = &item.minute {
        s.push_str(&markdown_html(text, n, number_of));
    }
    (!s.is_empty()).then_some(s)
}

/// Clerk's Markdown as HTML, with each `[[item:KEY]]` a link to the other
/// item's anchor ("Minute 57 below") and `[[number:KEY]]` its number.
pub(crate) fn markdown_html(
    text: &str,
    here: u32,
    number_of: &dyn Fn(&str) -> Option<u32>,
) -> String {
    let mut linked = String::with_capacity(text.len());
    let mut last = 0;
    for r in crossref::find(text) {
        linked.push_str(&text[last..r.span.start]);
        match (number_of(&r.key), r.kind) {
            (Some(n), RefKind::Number) => linked.push_str(&n.to_string()),
            (Some(n), RefKind::Item) => {
                let whereabouts = if n > here {
                    " below"
                } else if n < here {
                    " above"
                } else {
                    ""
                };
                let _ = write!(linked, "[Minute {n}{whereabouts}](#{})", item_anchor(n));
            }
            (None, _) => linked.push_str(&text[r.span.clone()]),
        }
        last = r.span.end;
    }
    linked.push_str(&text[last..]);
    let mut s = String::new();
    blocks_html(&markdown_to_blocks(&linked), &mut s);
    s
}

fn runs_html(runs: &[Run]) -> String {
    let mut s = String::new();
    for r in runs {
        let mut t = esc(&r.text).replace('\n', "<br>");
        if r.italic {
            t = format!("<em>{t}</em>");
        }
        if r.bold {
            t = format!("<strong>{t}</strong>");
        }
        if let Some(link) = &r.link {
            // Only in-page anchors and web or mail links; anything else
            // (a path on the clerk's machine) stays text.
            let ok = link.starts_with('#')
                || link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:");
            if ok {
                t = format!("<a href=\"{}\">{t}</a>", esc(link));
            }
        }
        s.push_str(&t);
    }
    s
}

fn blocks_html(blocks: &[Block], s: &mut String) {
    for block in blocks {
        match block {
            Block::Heading(h) => {
                let _ = writeln!(s, "<h5>{}</h5>", runs_html(&h.runs));
            }
            Block::Paragraph(p) => {
                let _ = writeln!(s, "<p>{}</p>", runs_html(&p.runs));
            }
            Block::List(l) => {
                let (open, close) = match l.kind {
                    ListKind::Bullet => ("<ul>".to_string(), "</ul>"),
                    ListKind::Numbered => (
                        if l.start == 1 {
                            "<ol>".to_string()
                        } else {
                            format!("<ol start=\"{}\">", l.start)
                        },
                        "</ol>",
                    ),
                    ListKind::Lettered => (
                        if l.start == 1 {
                            "<ol type=\"a\">".to_string()
                        } else {
                            format!("<ol type=\"a\" start=\"{}\">", l.start)
                        },
                        "</ol>",
                    ),
                };
                s.push_str(&open);
                s.push('\n');
                for item in &l.items {
                    s.push_str("<li>");
                    // A one-paragraph item is written without its <p>.
                    match item.as_slice() {
                        [Block::Paragraph(p)] => s.push_str(&runs_html(&p.runs)),
                        more => {
                            s.push('\n');
                            blocks_html(more, s);
                        }
                    }
                    s.push_str("</li>\n");
                }
                s.push_str(close);
                s.push('\n');
            }
            Block::Table(t) => {
                s.push_str("<table>\n");
                for row in &t.rows {
                    s.push_str("<tr>");
                    for cell in row {
                        let _ = write!(s, "<td>{}</td>", runs_html(cell));
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</table>\n");
            }
            Block::Rule => s.push_str("<hr>\n"),
            Block::KeepTogether(inner) => blocks_html(inner, s),
            Block::Spacer(_) | Block::PageBreak | Block::SignatureBlock(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_become_links_and_text_is_escaped() {
        let numbers = |k: &str| match k {
            "homes-private" => Some(57),
            _ => None,
        };
        let h = markdown_html(
            "RESOLVED that <b> & [[item:homes-private]]:\n\n1. one\n2. two\n\n- a\n- b",
            50,
            &numbers,
        );
        assert!(
            h.contains("<a href=\"#item-57\">Minute 57 below</a>"),
            "{h}"
        );
        assert!(h.contains("&lt;b&gt; &amp;"), "{h}");
        assert!(h.contains("<ol>\n<li>one</li>\n<li>two</li>\n</ol>"), "{h}");
        assert!(h.contains("<ul>\n<li>a</li>\n<li>b</li>\n</ul>"), "{h}");
        assert!(!h.contains("homes-private"), "{h}");
    }

    #[test]
    fn sizes_read_like_the_reference_page() {
        assert_eq!(size_text(353_000), "PDF 345 KB");
        assert_eq!(
            municipal_year(chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()),
            "2024/25"
        );
    }

    #[test]
    fn co_opted_people_are_named_without_a_title() {
        let p = crate::domain::Person::new("s", crate::domain::PersonKind::CoOpted, "S Hanson");
        assert_eq!(p.display_name(), "S Hanson");
    }
}
