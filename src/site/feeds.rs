//! The RSS feed of published meetings and the iCalendar file of upcoming
//! ones; no I/O, no clock (today is passed in).

use super::html::{esc, when};
use super::{CommitteeEntry, MeetingEntry, SiteData};
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Europe::London;
use std::fmt::Write;

/// The link to `path` (relative to the site folder) as feeds give it:
/// absolute when the site's address is known.
fn link(base: Option<&str>, path: &str) -> String {
    match base {
        Some(b) => format!("{}/{path}", b.trim_end_matches('/')),
        None => path.to_string(),
    }
}

fn page_path(c: &CommitteeEntry, e: &MeetingEntry) -> String {
    format!("{}/{}/index.html", c.dir, e.dir)
}

/// A local time in Europe/London as UTC. A time that does not exist (the
/// spring-forward hour) is taken an hour later; an ambiguous one, the first.
fn utc(local: NaiveDateTime) -> NaiveDateTime {
    match London.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => t.naive_utc(),
        chrono::LocalResult::None => London
            .from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
            .map(|t| t.naive_utc())
            .unwrap_or(local),
    }
}

/// RFC 822 date of a day's start in London: "Wed, 20 Nov 2024 00:00:00 GMT".
fn rfc822(d: NaiveDate) -> String {
    let t = utc(d.and_hms_opt(0, 0, 0).unwrap_or_default());
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// `feed.xml`: every published meeting, most recently published first.
pub(crate) fn rss(data: &SiteData, base: Option<&str>) -> String {
    let mut entries: Vec<(&CommitteeEntry, &MeetingEntry)> = data
        .committees
        .iter()
        .flat_map(|c| c.meetings.iter().map(move |e| (c, e)))
        .collect();
    entries.sort_by(|a, b| {
        (b.1.published, b.1.m.meeting.starts_at, &b.0.committee.name).cmp(&(
            a.1.published,
            a.1.m.meeting.starts_at,
            &a.0.committee.name,
        ))
    });
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\">\n<channel>\n");
    let _ = writeln!(
        s,
        "<title>{} \u{2013} published meetings</title>\n<link>{}</link>\n\
         <description>Agendas, reports and minutes of the committees of {}.</description>\n<language>en-gb</language>",
        esc(&data.council),
        esc(&link(base, "index.html")),
        esc(&data.council)
    );
    if let Some((_, e)) = entries.first() {
        let _ = writeln!(s, "<lastBuildDate>{}</lastBuildDate>", rfc822(e.published));
    }
    for (c, e) in entries {
        let url = link(base, &page_path(c, e));
        let items: Vec<String> =
            e.m.meeting
                .items
                .iter()
                .enumerate()
                .map(|(i, it)| format!("{}. {}", e.m.number_of(i), it.title))
                .collect();
        let _ = writeln!(
            s,
            "<item>\n<title>{} \u{2013} {}</title>\n<link>{}</link>\n<guid isPermaLink=\"{}\">{}</guid>\n\
             <pubDate>{}</pubDate>\n<description>{}</description>\n</item>",
            esc(&c.committee.name),
            esc(&when(&e.m)),
            esc(&url),
            base.is_some(),
            esc(&url),
            rfc822(e.published),
            esc(&format!(
                "{}. Items: {}",
                e.m.meeting.venue,
                items.join("; ")
            ))
        );
    }
    s.push_str("</channel>\n</rss>\n");
    s
}

/// Escapes iCalendar TEXT.
fn ics_text(t: &str) -> String {
    let mut s = String::new();
    for c in t.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            ';' => s.push_str("\\;"),
            ',' => s.push_str("\\,"),
            '\n' => s.push_str("\\n"),
            '\r' => {}
            c => s.push(c),
        }
    }
    s
}

/// One content line, folded at 75 octets (RFC 5545 3.1), ending CRLF.
fn ics_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// `upcoming.ics`: the published meetings on or after `today`.
pub(crate) fn icalendar(data: &SiteData, today: NaiveDate, base: Option<&str>) -> String {
    let mut s = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//AgendaPack//Committee meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        ics_line(&mut s, l);
    }
    ics_line(
        &mut s,
        &format!(
            "X-WR-CALNAME:{}",
            ics_text(&format!("{} committee meetings", data.council))
        ),
    );
    let mut upcoming: Vec<(&CommitteeEntry, &MeetingEntry)> = data
        .committees
        .iter()
        .flat_map(|c| c.meetings.iter().map(move |e| (c, e)))
        .filter(|(_, e)| e.m.meeting.date() >= today)
        .collect();
    upcoming.sort_by_key(|(c, e)| (e.m.meeting.starts_at, c.committee.name.clone()));
    let stamp = |t: NaiveDateTime| t.format("%Y%m%dT%H%M%SZ").to_string();
    for (c, e) in upcoming {
        let start = e.m.meeting.starts_at;
        ics_line(&mut s, "BEGIN:VEVENT");
        ics_line(&mut s, &format!("UID:{}-{}@agendapack", c.dir, e.dir));
        // The time the entry was published: the papers' publication date,
        // so the file does not change from one run to the next.
        ics_line(
            &mut s,
            &format!(
                "DTSTAMP:{}",
                stamp(utc(e.published.and_hms_opt(0, 0, 0).unwrap_or_default()))
            ),
        );
        ics_line(&mut s, &format!("DTSTART:{}", stamp(utc(start))));
        ics_line(&mut s, &format!("SUMMARY:{}", ics_text(&c.committee.name)));
        ics_line(
            &mut s,
            &format!("LOCATION:{}", ics_text(&e.m.meeting.venue)),
        );
        ics_line(
            &mut s,
            &format!(
                "DESCRIPTION:{}",
                ics_text(&format!(
                    "Agenda and papers: {}",
                    link(base, &page_path(c, e))
                ))
            ),
        );
        if base.is_some() {
            ics_line(&mut s, &format!("URL:{}", link(base, &page_path(c, e))));
        }
        ics_line(&mut s, "END:VEVENT");
    }
    ics_line(&mut s, "END:VCALENDAR");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn london_times_become_utc() {
        let d = |y, m, dd, h| {
            NaiveDate::from_ymd_opt(y, m, dd)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        assert_eq!(utc(d(2024, 11, 28, 10)), d(2024, 11, 28, 10));
        assert_eq!(utc(d(2024, 7, 11, 10)), d(2024, 7, 11, 9));
    }

    #[test]
    fn long_lines_are_folded_and_text_escaped() {
        let mut s = String::new();
        ics_line(&mut s, &format!("SUMMARY:{}", "x".repeat(100)));
        assert!(s.lines().all(|l| l.len() <= 75));
        assert!(s.contains("\r\n x"));
        assert_eq!(ics_text("a, b; c\\"), "a\\, b\\; c\\\\");
    }
}
