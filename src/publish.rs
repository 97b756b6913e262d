//! Producing the papers: the agenda front sheet, the public, private and
//! supplementary packs, the minutes, and the signed minutes with their
//! verification.
//!
//! Architecture invariant: a public output is built from public data only.
//! For a private item a public pack gets a notice page made from the item's
//! number, public title and paragraphs; the private report's bytes are never
//! read for it.

use crate::calendar::{self, CalendarSettings};
use crate::documents::agenda::{self, AgendaOptions, Edition};
use crate::documents::minutes::{self, MinutesOptions, Signing};
use crate::documents::notice;
use crate::domain::{long_date, MeetingId, MeetingStatus};
use crate::pack::{self, FrontLink, PackInput, PackMeta, Part};
use crate::store::{sha256_hex, Issued, LoadedMeeting, Store, StoreError};
use crate::typeset::{self, Rendered};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// Errors producing papers.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// From the store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Typesetting failed.
    #[error("typesetting the {what} failed: {source}")]
    Typeset {
        /// Which document.
        what: String,
        /// The typesetter's error.
        #[source]
        source: typeset::TypesetError,
    },
    /// Pack assembly failed.
    #[error(transparent)]
    Pack(#[from] pack::PackError),
    /// The calendar could not give a date.
    #[error(transparent)]
    Calendar(#[from] calendar::CalendarError),
    /// The request does not fit the meeting's state.
    #[error("{0}")]
    Refused(String),
}

/// Which pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PackKind {
    /// For publication: private reports replaced by notices.
    Public,
    /// For members: everything, private pages marked.
    Private,
    /// Late items only, numbered on from the main pack.
    Supplementary,
}

impl PackKind {
    /// "public-pack" etc., as issued documents are recorded.
    pub fn issued_kind(self) -> &'static str {
        match self {
            PackKind::Public => "public-pack",
            PackKind::Private => "private-pack",
            PackKind::Supplementary => "supplementary-pack",
        }
    }

    /// The file a pack of the meeting on `meeting_date` is written and kept
    /// as: "2024-11-28-public-pack.pdf".
    pub fn file_name(self, meeting_date: NaiveDate) -> String {
        format!("{meeting_date}-{}.pdf", self.issued_kind())
    }
}

/// A built pack.
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltPack {
    /// The PDF.
    pub bytes: Vec<u8>,
    /// Total pages.
    pub page_count: u32,
    /// Pages of the front sheet.
    pub front_pages: u32,
    /// Stamped page range of each item's reports (or notice), by item key.
    pub item_pages: BTreeMap<String, (u32, u32)>,
    /// The first and last page numbers of the pack.
    pub numbers: (u32, u32),
}

/// The publication date printed on papers: when the agenda was published,
/// or else the statutory deadline (a date of the meeting, not of the clock).
pub fn publication_date(
    m: &LoadedMeeting,
    settings: &CalendarSettings,
) -> Result<NaiveDate, PublishError> {
    match m.published_on {
        Some(d) => Ok(d),
        None => Ok(calendar::publication_deadline(m.meeting.date(), settings)?),
    }
}

fn render(doc: &typeset::model::Document, what: &str) -> Result<Rendered, PublishError> {
    typeset::render(doc).map_err(typeset_error(what))
}

/// The error of typesetting the `what` (its name in messages).
fn typeset_error(what: &str) -> impl FnOnce(typeset::TypesetError) -> PublishError + '_ {
    move |source| PublishError::Typeset {
        what: what.to_string(),
        source,
    }
}

/// The agenda front sheet alone.
pub fn agenda_pdf(
    store: &Store,
    id: MeetingId,
    settings: &CalendarSettings,
) -> Result<Rendered, PublishError> {
    let m = store.load_meeting(id)?;
    let published = publication_date(&m, settings)?;
    render(
        &agenda::document(&m, &AgendaOptions::public(published)),
        "agenda front sheet",
    )
}

/// The public minutes, the "minutes without exempt parts" of s100C: a
/// private item shows only its public title and the statutory notice.
pub fn minutes_pdf(store: &Store, id: MeetingId) -> Result<Rendered, PublishError> {
    minutes_edition(store, id, false)
}

/// The private minutes for members: the full record, private titles and the
/// minutes of private items, every page marked "PRIVATE – NOT FOR PUBLICATION".
pub fn private_minutes_pdf(store: &Store, id: MeetingId) -> Result<Rendered, PublishError> {
    minutes_edition(store, id, true)
}

fn minutes_edition(store: &Store, id: MeetingId, private: bool) -> Result<Rendered, PublishError> {
    let m = store.load_meeting(id)?;
    if m.meeting.minutes.is_none() && m.meeting.items.iter().all(|i| i.minute.is_none()) {
        return Err(PublishError::Refused(format!(
            "no minutes have been written for the meeting of {}",
            long_date(m.meeting.date())
        )));
    }
    render(
        &minutes::document(
            &m,
            &MinutesOptions {
                private,
                signed: None,
            },
        ),
        if private {
            "private minutes"
        } else {
            "minutes"
        },
    )
}

/// Builds a pack.
///
/// One set of page numbers runs through the meeting's public papers: a late
/// item is in the supplementary pack only (never in the public pack too),
/// and the supplementary pack numbers on from the last page of the public
/// pack as issued. The members' private pack is their complete set and
/// carries late items in agenda order.
///
/// A supplementary pack is dated as issued ([`publish_supplementary`]); one
/// not yet issued is dated by the agenda's publication. Use
/// [`build_pack_on`] to date it by the day it is produced.
pub fn build_pack(
    store: &Store,
    id: MeetingId,
    kind: PackKind,
    settings: &CalendarSettings,
) -> Result<BuiltPack, PublishError> {
    let m = store.load_meeting(id)?;
    let published = pack_date(store, &m, kind, None, settings)?;
    build_pack_of(store, &m, kind, published, settings)
}

/// Builds a pack produced on `today`: as [`build_pack`], except that a
/// supplementary pack not yet issued says it was published on `today`
/// (not on the main agenda's date).
pub fn build_pack_on(
    store: &Store,
    id: MeetingId,
    kind: PackKind,
    today: NaiveDate,
    settings: &CalendarSettings,
) -> Result<BuiltPack, PublishError> {
    let m = store.load_meeting(id)?;
    let published = pack_date(store, &m, kind, Some(today), settings)?;
    build_pack_of(store, &m, kind, published, settings)
}

/// The publication date a pack prints: the agenda's for the main packs; for
/// the supplementary pack, the day it was issued, else `today` when given,
/// else the agenda's.
fn pack_date(
    store: &Store,
    m: &LoadedMeeting,
    kind: PackKind,
    today: Option<NaiveDate>,
    settings: &CalendarSettings,
) -> Result<NaiveDate, PublishError> {
    match kind {
        PackKind::Public | PackKind::Private => publication_date(m, settings),
        PackKind::Supplementary => {
            let issued = store
                .issued(m.id)?
                .into_iter()
                .rfind(|i| i.kind == PackKind::Supplementary.issued_kind())
                .map(|i| i.issued_on);
            match issued.or(today) {
                Some(d) => Ok(d),
                None => publication_date(m, settings),
            }
        }
    }
}

/// Issues the supplementary pack on `today`: builds it (late items only,
/// numbered on from the public pack as issued, its front sheet dated
/// `today`) and keeps it as issued. Returns it.
pub fn publish_supplementary(
    store: &mut Store,
    id: MeetingId,
    today: NaiveDate,
    settings: &CalendarSettings,
) -> Result<BuiltPack, PublishError> {
    let m = store.load_meeting(id)?;
    if m.published_on.is_none() {
        return Err(PublishError::Refused(format!(
            "the agenda of the meeting of {} has not been published yet: publish it first, and late items go in its supplementary pack after that",
            long_date(m.meeting.date())
        )));
    }
    let built = build_pack_of(store, &m, PackKind::Supplementary, today, settings)?;
    let kind = PackKind::Supplementary;
    store.record_issued(
        id,
        &Issued {
            kind: kind.issued_kind().into(),
            issued_on: today,
            file_name: kind.file_name(m.meeting.date()),
            sha256: sha256_hex(&built.bytes),
            pages: built.page_count,
            bytes: built.bytes.len() as u64,
        },
        &built.bytes,
    )?;
    Ok(built)
}

/// Whether an item goes in a pack of `kind`: late items in the
/// supplementary pack (and the members' complete pack), every other item in
/// the main packs.
fn in_pack(item: &crate::domain::AgendaItem, kind: PackKind) -> bool {
    match kind {
        PackKind::Public => item.late.is_none(),
        PackKind::Private => true,
        PackKind::Supplementary => item.late.is_some(),
    }
}

/// Builds a pack of a meeting already loaded, dated `published`.
fn build_pack_of(
    store: &Store,
    m: &LoadedMeeting,
    kind: PackKind,
    published: NaiveDate,
    settings: &CalendarSettings,
) -> Result<BuiltPack, PublishError> {
    let first_number = match kind {
        PackKind::Public | PackKind::Private => 1,
        PackKind::Supplementary => {
            if !m.meeting.items.iter().any(|i| i.late.is_some()) {
                return Err(PublishError::Refused(format!(
                    "the meeting of {} has no late items for a supplementary pack",
                    long_date(m.meeting.date())
                )));
            }
            main_pack_pages(store, m, settings)? + 1
        }
    };
    let edition = match kind {
        PackKind::Public => Edition::Public,
        PackKind::Private => Edition::Private,
        PackKind::Supplementary => Edition::Supplementary,
    };
    let created = crate::documents::meta_date(published);
    let typesetter = typeset::Typesetter::new().map_err(typeset_error("pack"))?;

    // The parts, in agenda order, with their page counts: a stored report's
    // as recorded at intake (its bytes were just verified against the hash
    // the count was recorded with), a notice's as typeset.
    let mut parts: Vec<Part> = Vec::new();
    let mut part_pages: Vec<Option<u32>> = Vec::new();
    for (i, item) in m.meeting.items.iter().enumerate() {
        if !in_pack(item, kind) {
            continue;
        }
        let n = m.number_of(i);
        let part_key = format!("item-{}", item.key);
        let public_only = kind != PackKind::Private;
        if item.is_private() && public_only {
            let rendered = typesetter
                .render(&notice::document(n, item, &m.council.name, created))
                .map_err(typeset_error("notice"))?;
            part_pages.push(Some(rendered.page_count));
            parts.push(Part {
                key: part_key,
                item_bookmark: format!("{n}. {}", item.title),
                report_bookmark: None,
                bytes: rendered.bytes,
                watermark: None,
                stamp: true,
                headings: Vec::new(),
            });
            continue;
        }
        let shown = item.shown_title(kind == PackKind::Private);
        for report in &item.reports {
            let sha = report.sha256.as_deref().unwrap_or_default();
            let bytes = store.read_blob(
                sha,
                &format!("{} ({})", report.title, report.file),
                &item.key,
            )?;
            part_pages.push(report.pages);
            // A document AgendaPack converted keeps its headings as
            // bookmarks under the report; a received PDF's outline never
            // reaches a pack.
            let headings = if converted_by_us(report) {
                pack::headings(&bytes)
            } else {
                Vec::new()
            };
            parts.push(Part {
                key: part_key.clone(),
                item_bookmark: format!("{n}. {shown}"),
                report_bookmark: Some(report.title.clone()),
                bytes,
                watermark: item
                    .exemption
                    .as_ref()
                    .filter(|_| kind == PackKind::Private)
                    .map(|e| e.private_marking()),
                stamp: true,
                headings,
            });
        }
    }
    // Reports from an older store may lack a count: read it from the file.
    let part_pages: Vec<u32> = parts
        .iter()
        .zip(part_pages)
        .map(|(p, pages)| match pages {
            Some(pages) => Ok(pages),
            None => pack::inspect(&p.key, &p.bytes, &pack::Limits::default()).map(|i| i.page_count),
        })
        .collect::<Result<_, _>>()
        .map_err(|error| pack::PackError::Part {
            key: "report".into(),
            error,
        })?;

    // The front sheet carries each item's page range, which depends on the
    // front sheet's own length: typeset until the length settles.
    let mut opts = AgendaOptions {
        edition,
        published,
        pages: BTreeMap::new(),
        links: true,
    };
    // Layout alone tells the length; the PDF is written once, at the end.
    let front_length = |opts: &AgendaOptions| {
        typesetter
            .layout(&agenda::document(m, opts))
            .map(|laid| laid.pages.len() as u32)
            .map_err(typeset_error("agenda front sheet"))
    };
    let mut front_pages = front_length(&opts)?;
    for _ in 0..4 {
        let ranges = pack::plan_ranges(front_pages, &part_pages, first_number);
        let pages = item_ranges(&parts, &ranges);
        if pages == opts.pages {
            break;
        }
        opts.pages = pages;
        front_pages = front_length(&opts)?;
    }
    let front = typesetter
        .render(&agenda::document(m, &opts))
        .map_err(typeset_error("agenda front sheet"))?;
    debug_assert_eq!(front.page_count, front_pages);
    let front_links = front
        .links
        .iter()
        .filter_map(|l| {
            let target = l.target.strip_prefix('#')?;
            parts.iter().any(|p| p.key == target).then(|| FrontLink {
                page: l.page,
                rect: l.rect,
                target: target.to_string(),
            })
        })
        .collect();
    let meta = PackMeta {
        title: agenda::title(m, edition),
        author: m.council.name.clone(),
        subject: format!(
            "{} \u{2013} {}",
            m.committee.name,
            long_date(m.meeting.date())
        ),
        language: "en-GB".into(),
        created: None,
    };
    let front_pages = front.page_count;
    let input = PackInput {
        front: front.bytes,
        front_links,
        parts,
        first_number,
        meta,
    };
    let out = pack::assemble(&input)?;
    let item_pages = item_ranges(&input.parts, &out.ranges);
    debug_assert_eq!(item_pages, opts.pages);
    Ok(BuiltPack {
        bytes: out.bytes,
        page_count: out.page_count,
        front_pages,
        item_pages,
        numbers: (
            first_number,
            first_number + out.page_count.saturating_sub(1),
        ),
    })
}

/// Each item's first and last page over its parts.
fn item_ranges(parts: &[Part], ranges: &[(u32, u32)]) -> BTreeMap<String, (u32, u32)> {
    let mut out: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for (p, &(from, to)) in parts.iter().zip(ranges) {
        if to < from {
            continue;
        }
        let key = p.key.trim_start_matches("item-").to_string();
        out.entry(key)
            .and_modify(|r| r.1 = to)
            .or_insert((from, to));
    }
    out
}

/// Pages in the main (public) pack: as issued, or as it would be built now.
fn main_pack_pages(
    store: &Store,
    m: &LoadedMeeting,
    settings: &CalendarSettings,
) -> Result<u32, PublishError> {
    if let Some(issued) = store
        .issued(m.id)?
        .into_iter()
        .rev()
        .find(|i| i.kind == PackKind::Public.issued_kind())
    {
        return Ok(issued.pages);
    }
    let published = publication_date(m, settings)?;
    Ok(build_pack_of(store, m, PackKind::Public, published, settings)?.page_count)
}

/// Publishes the agenda on `today`: fixes the numbering, builds the public
/// and private packs and keeps them as issued. Returns them.
pub fn publish(
    store: &mut Store,
    id: MeetingId,
    today: NaiveDate,
    settings: &CalendarSettings,
) -> Result<(BuiltPack, BuiltPack), PublishError> {
    let m = store.load_meeting(id)?;
    match m.meeting.status {
        MeetingStatus::Draft | MeetingStatus::Published => {}
        MeetingStatus::Held
        | MeetingStatus::MinutesDrafted
        | MeetingStatus::MinutesApproved
        | MeetingStatus::Signed => {
            return Err(PublishError::Refused(format!(
                "the meeting of {} has already been held: its agenda cannot be published again",
                long_date(m.meeting.date())
            )))
        }
    }
    // Build both packs from the meeting as it will be once published (its
    // publication date printed, its numbers fixed), then record the
    // publication and keep the packs in one transaction: a failure anywhere
    // leaves the meeting unpublished and the database as it was.
    let mut published = m.clone();
    published.published_on = Some(today);
    published.meeting.first_number = Some(m.first_number);
    if published.meeting.status == MeetingStatus::Draft {
        published.meeting.status = MeetingStatus::Published;
    }
    let public = build_pack_of(store, &published, PackKind::Public, today, settings)?;
    let private = build_pack_of(store, &published, PackKind::Private, today, settings)?;
    let date = m.meeting.date();
    let issued = |kind: PackKind, pack: &BuiltPack| Issued {
        kind: kind.issued_kind().into(),
        issued_on: today,
        file_name: kind.file_name(date),
        sha256: sha256_hex(&pack.bytes),
        pages: pack.page_count,
        bytes: pack.bytes.len() as u64,
    };
    store.publish_agenda(
        id,
        today,
        m.first_number,
        &[
            (issued(PackKind::Public, &public), &public.bytes[..]),
            (issued(PackKind::Private, &private), &private.bytes[..]),
        ],
    )?;
    Ok((public, private))
}

/// The signed minutes: rendered once when the minutes are approved, kept as
/// issued with their hash recorded; later requests return the same bytes.
///
/// They are the legal record the chair signs (Sch 12 para 41), so they are
/// the complete minutes: a meeting with private business gets the full text
/// of its private items, marked "PRIVATE – NOT FOR PUBLICATION" like the
/// private minutes. What is published is [`minutes_pdf`], the minutes
/// without exempt parts; the signed file is for the council's record and is
/// checked by [`verify_signed`].
pub fn signed_minutes(store: &mut Store, id: MeetingId) -> Result<Vec<u8>, PublishError> {
    let m = store.load_meeting(id)?;
    let when = long_date(m.meeting.date());
    match m.meeting.status {
        MeetingStatus::Signed => {
            if let Some(issued) = store.issued(id)?.into_iter().find(|i| i.kind == "signed-minutes") {
                return Ok(store.read_blob(&issued.sha256, "signed minutes", &format!("meeting {id}"))?);
            }
        }
        MeetingStatus::MinutesApproved => {}
        MeetingStatus::Draft | MeetingStatus::Published | MeetingStatus::Held | MeetingStatus::MinutesDrafted => {
            return Err(PublishError::Refused(format!(
                "the minutes of {when} have not been approved yet: approve them at a later meeting first (agendapack approve)"
            )))
        }
    }
    let approval = approval_of(&m)?;
    let doc = minutes::document(
        &m,
        &MinutesOptions {
            private: m.meeting.items.iter().any(|i| i.is_private()),
            signed: Some(Signing {
                chair: approval.chair.clone(),
                on: approval.approved_on,
            }),
        },
    );
    let rendered = render(&doc, "signed minutes")?;
    let sha = sha256_hex(&rendered.bytes);
    store.record_signed_minutes(
        id,
        &Issued {
            kind: "signed-minutes".into(),
            issued_on: approval.approved_on,
            file_name: format!("{}-signed-minutes.pdf", m.meeting.date()),
            sha256: sha,
            pages: rendered.page_count,
            bytes: rendered.bytes.len() as u64,
        },
        &rendered.bytes,
    )?;
    Ok(rendered.bytes)
}

/// What [`verify_signed`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verified {
    /// The meeting.
    pub meeting: MeetingId,
    /// Committee name.
    pub committee: String,
    /// Meeting date.
    pub date: NaiveDate,
    /// Who signed.
    pub chair: String,
    /// When.
    pub signed_on: NaiveDate,
    /// The file's SHA-256.
    pub sha256: String,
}

/// Checks that `bytes` are, to the byte, signed minutes recorded in this
/// database. Any other file (altered by one byte, or never signed here) is
/// refused with the reason.
pub fn verify_signed(store: &Store, bytes: &[u8]) -> Result<Verified, PublishError> {
    let sha = sha256_hex(bytes);
    if !bytes.starts_with(b"%PDF-") {
        return Err(PublishError::Refused(
            "this is not a PDF file, so it cannot be signed minutes".into(),
        ));
    }
    let ids = store.meetings_signed_with(&sha)?;
    let Some(&id) = ids.first() else {
        return Err(PublishError::Refused(format!(
            "no signed minutes with this content (SHA-256 {sha}) are recorded in this database: the file has been altered since signing, or it was never signed here"
        )));
    };
    let m = store.load_meeting(id)?;
    let approval = approval_of(&m)?;
    Ok(Verified {
        meeting: id,
        committee: m.committee.name.clone(),
        date: m.meeting.date(),
        chair: approval.chair,
        signed_on: approval.approved_on,
        sha256: sha,
    })
}

/// The record of the minutes' approval.
fn approval_of(m: &LoadedMeeting) -> Result<crate::domain::Approval, PublishError> {
    m.meeting
        .minutes
        .as_ref()
        .and_then(|mi| mi.approval.clone())
        .ok_or_else(|| {
            PublishError::Refused(format!(
                "the minutes of {} have no record of approval",
                long_date(m.meeting.date())
            ))
        })
}

/// Whether the report's PDF was made by AgendaPack from an office document
/// or a scan (not a received PDF, repaired or not).
fn converted_by_us(report: &crate::domain::Report) -> bool {
    report.original.as_ref().is_some_and(|o| {
        !o.file_name.to_ascii_lowercase().ends_with(".pdf") && o.note.starts_with("converted")
    })
}
