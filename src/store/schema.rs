//! The database schema, as append-only migrations.
//!
//! Never edit a migration that has shipped: add a new one at the end.

use rusqlite_migration::{Migrations, M};

/// All migrations, oldest first. The database's `user_version` is the number
/// of migrations applied.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(V1), M::up(V2), M::up(V_COUNCIL_SETUP)])
}

/// How many migrations this build knows.
pub const LATEST: i64 = 3;

/// The message every lock trigger raises; the store turns it into
/// [`super::StoreError::Locked`].
pub const LOCKED: &str = "AGENDAPACK_LOCKED";

const V1: &str = r#"
CREATE TABLE council (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    settings    TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE person (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('councillor','co-opted','officer','other')),
    name         TEXT NOT NULL,
    job_title    TEXT,
    service_area TEXT,
    email        TEXT,
    phone        TEXT
);

CREATE TABLE committee (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE,
    short_name       TEXT,
    executive        INTEGER NOT NULL DEFAULT 0,
    year_start_month INTEGER NOT NULL DEFAULT 5,
    year_start_day   INTEGER NOT NULL DEFAULT 1,
    quorum           INTEGER,
    default_venue    TEXT,
    contact_officer  INTEGER REFERENCES person(id),
    apologies_item   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE membership (
    committee_id INTEGER NOT NULL REFERENCES committee(id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES person(id),
    position     INTEGER NOT NULL,
    role         TEXT NOT NULL,
    PRIMARY KEY (committee_id, person_id)
);

CREATE TABLE meeting (
    id              INTEGER PRIMARY KEY,
    committee_id    INTEGER NOT NULL REFERENCES committee(id),
    starts_at       TEXT NOT NULL,
    venue           TEXT NOT NULL,
    contact_officer INTEGER REFERENCES person(id),
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    first_number    INTEGER,
    has_minutes     INTEGER NOT NULL DEFAULT 0,
    closed_at       TEXT,
    approved_on     TEXT,
    approved_by     TEXT,
    signed_sha256   TEXT,
    UNIQUE (committee_id, starts_at)
);

CREATE TABLE item (
    id                INTEGER PRIMARY KEY,
    meeting_id        INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    key               TEXT NOT NULL,
    title             TEXT NOT NULL,
    private_title     TEXT,
    purpose           TEXT,
    kind              TEXT NOT NULL,
    description       TEXT,
    sub_items         TEXT NOT NULL DEFAULT '[]',
    exempt_paragraphs TEXT,
    late_reason       TEXT,
    counterpart       TEXT,
    minute            TEXT,
    UNIQUE (meeting_id, key)
);
CREATE INDEX item_by_meeting ON item (meeting_id, position);

CREATE TABLE blob (
    sha256 TEXT PRIMARY KEY,
    size   INTEGER NOT NULL,
    data   BLOB NOT NULL
);

CREATE TABLE report (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    title     TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256    TEXT NOT NULL REFERENCES blob(sha256),
    pages     INTEGER,
    bytes     INTEGER NOT NULL
);
CREATE INDEX report_by_item ON report (item_id, position);

CREATE TABLE attendance (
    meeting_id     INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    person_id      INTEGER NOT NULL REFERENCES person(id),
    position       INTEGER NOT NULL,
    presence       TEXT NOT NULL,
    substitute_for INTEGER REFERENCES person(id),
    capacity       TEXT,
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE declaration (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    person_id  INTEGER NOT NULL REFERENCES person(id),
    item_id    INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
    interest   TEXT NOT NULL,
    note       TEXT NOT NULL
);

CREATE TABLE action (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    item_id    INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    owner      TEXT,
    due        TEXT,
    status     TEXT NOT NULL
);
"#;

/// Issued documents, settings, and the lock: once a meeting's minutes are
/// approved, its items, reports, attendance, declarations and minutes cannot
/// change. The triggers enforce it in the database itself, whoever writes.
const V2: &str = r#"
ALTER TABLE meeting ADD COLUMN approved_at_meeting INTEGER REFERENCES meeting(id);
ALTER TABLE meeting ADD COLUMN published_on TEXT;

CREATE TABLE issued (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    kind       TEXT NOT NULL,
    issued_on  TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    sha256     TEXT NOT NULL REFERENCES blob(sha256),
    pages      INTEGER NOT NULL,
    bytes      INTEGER NOT NULL
);
CREATE INDEX issued_by_meeting ON issued (meeting_id, kind);

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE VIEW locked_meeting AS
    SELECT id FROM meeting WHERE status IN ('minutes-approved', 'signed');

CREATE TRIGGER item_locked_insert BEFORE INSERT ON item
    WHEN NEW.meeting_id IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;
CREATE TRIGGER item_locked_update BEFORE UPDATE ON item
    WHEN OLD.meeting_id IN (SELECT id FROM locked_meeting) OR NEW.meeting_id IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;
CREATE TRIGGER item_locked_delete BEFORE DELETE ON item
    WHEN OLD.meeting_id IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;

CREATE TRIGGER report_locked_insert BEFORE INSERT ON report
    WHEN (SELECT meeting_id FROM item WHERE id = NEW.item_id) IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;
CREATE TRIGGER report_locked_update BEFORE UPDATE ON report
    WHEN (SELECT meeting_id FROM item WHERE id = OLD.item_id) IN (SELECT id FROM locked_meeting)
      OR (SELECT meeting_id FROM item WHERE id = NEW.item_id) IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;
CREATE TRIGGER report_locked_delete BEFORE DELETE ON report
    WHEN (SELECT meeting_id FROM item WHERE id = OLD.item_id) IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;

CREATE TRIGGER attendance_locked_insert BEFORE INSERT ON attendance
    WHEN NEW.meeting_id IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;
CREATE TRIGGER attendance_locked_update BEFORE UPDATE ON attendance
    WHEN OLD.meeting_id IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;
CREATE TRIGGER attendance_locked_delete BEFORE DELETE ON attendance
    WHEN OLD.meeting_id IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;

CREATE TRIGGER declaration_locked_insert BEFORE INSERT ON declaration
    WHEN NEW.meeting_id IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;
CREATE TRIGGER declaration_locked_update BEFORE UPDATE ON declaration
    WHEN OLD.meeting_id IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;
CREATE TRIGGER declaration_locked_delete BEFORE DELETE ON declaration
    WHEN OLD.meeting_id IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;

-- Actions are tracked after the meeting: only their status may change.
CREATE TRIGGER action_locked_insert BEFORE INSERT ON action
    WHEN NEW.meeting_id IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;
CREATE TRIGGER action_locked_update BEFORE UPDATE OF meeting_id, position, item_id, text, owner, due ON action
    WHEN OLD.meeting_id IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;
CREATE TRIGGER action_locked_delete BEFORE DELETE ON action
    WHEN OLD.meeting_id IN (SELECT id FROM locked_meeting)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;

-- A locked meeting may only go from approved to signed (recording the hash).
CREATE TRIGGER meeting_locked_update BEFORE UPDATE ON meeting
    WHEN OLD.status IN ('minutes-approved', 'signed')
     AND NOT (OLD.status = 'minutes-approved' AND NEW.status = 'signed'
              AND NEW.committee_id IS OLD.committee_id AND NEW.starts_at IS OLD.starts_at
              AND NEW.venue IS OLD.venue AND NEW.contact_officer IS OLD.contact_officer
              AND NEW.kind IS OLD.kind AND NEW.first_number IS OLD.first_number
              AND NEW.has_minutes IS OLD.has_minutes AND NEW.closed_at IS OLD.closed_at
              AND NEW.approved_on IS OLD.approved_on AND NEW.approved_by IS OLD.approved_by
              AND NEW.approved_at_meeting IS OLD.approved_at_meeting
              AND NEW.published_on IS OLD.published_on)
     AND NOT (OLD.status = 'signed' AND NEW.status = 'signed' AND OLD.signed_sha256 IS NULL
              AND NEW.committee_id IS OLD.committee_id AND NEW.starts_at IS OLD.starts_at
              AND NEW.venue IS OLD.venue AND NEW.contact_officer IS OLD.contact_officer
              AND NEW.kind IS OLD.kind AND NEW.first_number IS OLD.first_number
              AND NEW.has_minutes IS OLD.has_minutes AND NEW.closed_at IS OLD.closed_at
              AND NEW.approved_on IS OLD.approved_on AND NEW.approved_by IS OLD.approved_by
              AND NEW.approved_at_meeting IS OLD.approved_at_meeting
              AND NEW.published_on IS OLD.published_on)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;
CREATE TRIGGER meeting_locked_delete BEFORE DELETE ON meeting
    WHEN OLD.status IN ('minutes-approved', 'signed')
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;
"#;

/// A council sets itself up: people's political groups and retirement,
/// committees archived and with their own standard items, memberships with
/// dates (a person may hold several, one after another), cancelled meetings,
/// and deleted draft meetings kept for undo. The meeting lock trigger is
/// recreated so that it covers the new `cancelled` column.
const V_COUNCIL_SETUP: &str = r#"
ALTER TABLE person ADD COLUMN political_group TEXT;
ALTER TABLE person ADD COLUMN retired_on TEXT;

ALTER TABLE committee ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE committee ADD COLUMN template TEXT;

CREATE TABLE membership_dated (
    id           INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committee(id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES person(id),
    role         TEXT NOT NULL,
    from_date    TEXT,
    to_date      TEXT,
    CHECK (from_date IS NULL OR to_date IS NULL OR from_date <= to_date)
);
INSERT INTO membership_dated (committee_id, person_id, role)
    SELECT committee_id, person_id, role FROM membership ORDER BY committee_id, position;
DROP TABLE membership;
ALTER TABLE membership_dated RENAME TO membership;
CREATE INDEX membership_by_committee ON membership (committee_id, person_id);

ALTER TABLE meeting ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;

CREATE TABLE deleted_meeting (
    id           INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committee(id),
    starts_at    TEXT NOT NULL,
    meeting      TEXT NOT NULL
);

DROP TRIGGER meeting_locked_update;
CREATE TRIGGER meeting_locked_update BEFORE UPDATE ON meeting
    WHEN OLD.status IN ('minutes-approved', 'signed')
     AND NOT (OLD.status = 'minutes-approved' AND NEW.status = 'signed'
              AND NEW.committee_id IS OLD.committee_id AND NEW.starts_at IS OLD.starts_at
              AND NEW.venue IS OLD.venue AND NEW.contact_officer IS OLD.contact_officer
              AND NEW.kind IS OLD.kind AND NEW.first_number IS OLD.first_number
              AND NEW.has_minutes IS OLD.has_minutes AND NEW.closed_at IS OLD.closed_at
              AND NEW.approved_on IS OLD.approved_on AND NEW.approved_by IS OLD.approved_by
              AND NEW.approved_at_meeting IS OLD.approved_at_meeting
              AND NEW.published_on IS OLD.published_on
              AND NEW.cancelled IS OLD.cancelled)
     AND NOT (OLD.status = 'signed' AND NEW.status = 'signed' AND OLD.signed_sha256 IS NULL
              AND NEW.committee_id IS OLD.committee_id AND NEW.starts_at IS OLD.starts_at
              AND NEW.venue IS OLD.venue AND NEW.contact_officer IS OLD.contact_officer
              AND NEW.kind IS OLD.kind AND NEW.first_number IS OLD.first_number
              AND NEW.has_minutes IS OLD.has_minutes AND NEW.closed_at IS OLD.closed_at
              AND NEW.approved_on IS OLD.approved_on AND NEW.approved_by IS OLD.approved_by
              AND NEW.approved_at_meeting IS OLD.approved_at_meeting
              AND NEW.published_on IS OLD.published_on
              AND NEW.cancelled IS OLD.cancelled)
    BEGIN SELECT RAISE(ABORT, 'AGENDAPACK_LOCKED'); END;
"#;

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_validate() {
        super::migrations()
            .validate()
            .expect("migrations are valid");
    }

    #[test]
    fn latest_matches_the_list() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let mut conn = conn;
        super::migrations().to_latest(&mut conn).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, super::LATEST);
    }
}
