//! The database schema, as append-only migrations.
//!
//! Never edit a migration that has shipped: add a new one at the end.

use rusqlite_migration::{Migrations, M};

/// All migrations, oldest first. The database's `user_version` is the number
/// of migrations applied.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(V1)])
}

/// How many migrations this build knows.
pub const LATEST: i64 = 1;

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

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_validate() {
        super::migrations().validate().expect("migrations are valid");
    }

    #[test]
    fn latest_matches_the_list() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let mut conn = conn;
        super::migrations().to_latest(&mut conn).unwrap();
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, super::LATEST);
    }
}
