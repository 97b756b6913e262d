//! The agenda as plain text, for `agendapack show`.

use crate::crossref;
use crate::domain::{long_date, short_time};
use crate::store::LoadedMeeting;
use std::fmt::Write;

/// Human size: "251 KB", "1.2 MB".
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// The agenda as text: heading, then Public Business and Private Business
/// with each item's number, title, purpose, sub-items and reports. Private
/// titles are shown (this is the clerk's own view, not a publication).
pub fn agenda(m: &LoadedMeeting) -> String {
    let mut s = String::new();
    let meeting = &m.meeting;
    let _ = writeln!(s, "{}", m.council.name);
    let _ = writeln!(s, "{}", m.committee.name);
    let _ = writeln!(
        s,
        "{} at {}",
        long_date(meeting.starts_at.date()),
        short_time(meeting.starts_at.time())
    );
    let _ = writeln!(s, "{}", meeting.venue);
    let _ = writeln!(
        s,
        "Meeting {} · {} · {}",
        m.id,
        meeting.kind_word(),
        meeting.status
    );
    let number_of = |key: &str| m.number_of_key(key);
    let mut section = "";
    for (i, item) in meeting.items.iter().enumerate() {
        let heading = item.business();
        if heading != section {
            let _ = writeln!(s, "\n{heading}\n");
            section = heading;
        }
        let n = m.number_of(i);
        let mut flags = Vec::new();
        if let Some(e) = &item.exemption {
            flags.push(format!("private, {}", e.paragraph_phrase()));
        }
        if item.late.is_some() {
            flags.push("late".to_string());
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", flags.join("; "))
        };
        let _ = writeln!(s, "{n:>3}. {}{flags}", item.title);
        if let Some(pt) = &item.private_title {
            let _ = writeln!(s, "     Private title: {pt}");
        }
        if let Some(p) = &item.purpose {
            let _ = writeln!(s, "     {p}");
        }
        if let Some(d) = &item.description {
            let _ = writeln!(s, "     {}", crossref::render(d, n, &number_of));
        }
        for (k, sub) in item.sub_items.iter().enumerate() {
            let letter = (b'a' + (k as u8 % 26)) as char;
            let _ = writeln!(s, "     ({letter}) {sub}");
        }
        if let Some(late) = &item.late {
            let _ = writeln!(s, "     Urgent: {}", late.reason);
        }
        for r in &item.reports {
            let pages = r
                .pages
                .map(|p| format!("{p} page{}", if p == 1 { "" } else { "s" }));
            let size = r.bytes.map(human_size);
            let detail = [pages, size]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(s, "     Report: {} — {} ({detail})", r.title, r.file);
            if let Some(o) = &r.original {
                let _ = writeln!(s, "       ({}; original kept: {})", o.note, o.file_name);
            }
        }
    }
    if meeting.items.is_empty() {
        let _ = writeln!(s, "\n(no items yet)");
    }
    s
}
