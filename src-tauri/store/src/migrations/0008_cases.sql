-- Case files (dossiers): one illicit content, its dated events and its evidence; and letters
-- that may belong to a case. The status is cached from the events, as for listings.

CREATE TABLE case_file (
    id                INTEGER PRIMARY KEY,
    title             TEXT    NOT NULL CHECK (title <> ''),
    url               TEXT    NOT NULL CHECK (url GLOB 'http://?*' OR url GLOB 'https://?*'),
    site_name         TEXT    NOT NULL DEFAULT '',
    author            TEXT    CHECK (author IS NULL OR author <> ''),
    review_id         INTEGER REFERENCES review (id) ON DELETE SET NULL,
    statements        TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(statements) AND json_type(statements) = 'array'),
    parties           TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(parties) AND json_type(parties) = 'array'),
    first_publication TEXT    NOT NULL CHECK (json_valid(first_publication) AND json_type(first_publication) = 'object'
                                              AND json_extract(first_publication, '$.kind') IN ('exact', 'approximate')),
    discovered_on     TEXT    NOT NULL CHECK (date(discovered_on) IS discovered_on),
    opened_on         TEXT    NOT NULL CHECK (date(opened_on) IS opened_on),
    status            TEXT    NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'reported', 'host_notified', 'formal_notice', 'in_court', 'removed', 'closed')),
    outcome           TEXT    CHECK (outcome IS NULL OR outcome IN ('removed', 'judgment', 'settled', 'abandoned')),
    notes             TEXT    NOT NULL DEFAULT '',
    created_at        TEXT    NOT NULL,  -- UTC, RFC 3339
    updated_at        TEXT    NOT NULL,
    CHECK (status <> 'closed' OR outcome IS NOT NULL)
);

-- At most one case per review.
CREATE UNIQUE INDEX case_file_review ON case_file (review_id) WHERE review_id IS NOT NULL;

-- Every step of a case, never updated. `proof` is the full event as JSON.
CREATE TABLE case_event (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('report_made', 'report_decided', 'appeal_made', 'host_notified',
                                                 'host_decided', 'formal_notice_sent', 'formal_notice_received',
                                                 'follow_up_sent', 'answer_received', 'constat_ordered', 'constat_done',
                                                 'lawyer_consulted', 'court_action_filed', 'content_removed',
                                                 'content_reappeared', 'closed')),
    occurred_on TEXT    NOT NULL CHECK (date(occurred_on) IS occurred_on),
    recorded_at TEXT    NOT NULL,  -- UTC, RFC 3339
    from_status TEXT    NOT NULL,
    to_status   TEXT    NOT NULL,
    proof       TEXT    NOT NULL CHECK (json_valid(proof) AND json_extract(proof, '$.kind') IS kind),
    note        TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX case_event_case ON case_event (case_id, id);

-- Files kept as evidence (copied into the data folder's « preuves », never modified). RESTRICT:
-- a case that holds evidence cannot be deleted, so no evidence row vanishes with it.
CREATE TABLE evidence (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES case_file (id) ON DELETE RESTRICT,
    kind          TEXT    NOT NULL CHECK (kind IN ('screenshot', 'pdf', 'html', 'page_fetch', 'constat', 'other')),
    original_name TEXT    NOT NULL CHECK (original_name <> ''),
    stored_name   TEXT    NOT NULL CHECK (stored_name <> '' AND stored_name NOT GLOB '.*'
                                          AND stored_name NOT GLOB '*[/\]*'),
    url           TEXT    CHECK (url IS NULL OR url GLOB 'http://?*' OR url GLOB 'https://?*'),
    captured_at   TEXT    NOT NULL CHECK (datetime(captured_at) IS captured_at),  -- as stated, no zone
    visible_date  TEXT,
    sha256        TEXT    NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    size_bytes    INTEGER NOT NULL CHECK (typeof(size_bytes) = 'integer' AND size_bytes >= 0),
    note          TEXT    NOT NULL DEFAULT '',
    added_at      TEXT    NOT NULL,  -- UTC, RFC 3339
    UNIQUE (case_id, stored_name)
);

-- The letter table is rebuilt (SQLite cannot alter a CHECK): kind 'follow_up' is added and a
-- letter may belong to a case. Ids and every column are copied as they are. Migrations run in a
-- transaction with foreign keys ON, where `PRAGMA foreign_keys = OFF` is a no-op; no table
-- references `letter`, so dropping it breaks nothing, and deferring the checks to the commit
-- keeps the copy safe should one ever be added. The rename leaves no reference to `letter_new`.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE letter_new (
    id                INTEGER PRIMARY KEY,
    kind              TEXT    NOT NULL CHECK (kind IN ('erasure_request', 'cnil_complaint', 'dereferencing_request',
                                                       'host_notice', 'formal_notice', 'follow_up', 'evidence_inventory')),
    listing_id        INTEGER REFERENCES listing (id) ON DELETE SET NULL,
    case_id           INTEGER REFERENCES case_file (id) ON DELETE SET NULL,
    recipient         TEXT    NOT NULL CHECK (json_valid(recipient)),
    data              TEXT    NOT NULL CHECK (json_valid(data)),
    created_at        TEXT    NOT NULL,
    sent_on           TEXT    CHECK (sent_on IS NULL OR date(sent_on) IS sent_on),
    registered_number TEXT    CHECK (registered_number IS NULL OR (registered_number <> '' AND sent_on IS NOT NULL)),
    acknowledged_on   TEXT    CHECK (acknowledged_on IS NULL OR (date(acknowledged_on) IS acknowledged_on
                                                                AND sent_on IS NOT NULL AND acknowledged_on >= sent_on))
);

INSERT INTO letter_new (id, kind, listing_id, case_id, recipient, data, created_at, sent_on, registered_number, acknowledged_on)
SELECT id, kind, listing_id, NULL, recipient, data, created_at, sent_on, registered_number, acknowledged_on FROM letter;

DROP TABLE letter;
ALTER TABLE letter_new RENAME TO letter;

CREATE INDEX letter_listing ON letter (listing_id);
CREATE INDEX letter_case ON letter (case_id);
