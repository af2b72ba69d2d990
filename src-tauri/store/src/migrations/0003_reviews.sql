-- Reviews inbox: the reviews themselves, their full-text index, the statements quoted when a
-- review is qualified as possibly illicit, and the doctor's acknowledgements of secrecy findings.

CREATE TABLE review (
    id                  INTEGER PRIMARY KEY,
    platform            TEXT    NOT NULL CHECK (length(platform) BETWEEN 1 AND 100),
    -- The platform's catalogue row when known; the name above stays the truth if it goes away.
    site_id             INTEGER REFERENCES site (id) ON DELETE SET NULL,
    url                 TEXT    CHECK (url IS NULL OR url LIKE 'http://_%' OR url LIKE 'https://_%'),
    author              TEXT    NOT NULL CHECK (length(author) BETWEEN 1 AND 200),
    -- Exact date, or the estimate when the platform showed only an age ("il y a 2 mois").
    published_on        TEXT    NOT NULL CHECK (date(published_on) IS published_on),
    published_approx    INTEGER NOT NULL DEFAULT 0 CHECK (published_approx IN (0, 1)),
    published_seen_text TEXT,
    published_seen_on   TEXT,
    rating              INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
    text                TEXT    NOT NULL DEFAULT '',
    status              TEXT    NOT NULL DEFAULT 'new'
                        CHECK (status IN ('new', 'to_answer', 'answered', 'left_alone', 'escalated')),
    qualification       TEXT    CHECK (qualification IS NULL OR qualification IN ('lawful', 'illicit')),
    qualified_on        TEXT    CHECK (qualified_on IS NULL OR date(qualified_on) IS qualified_on),
    reply_text          TEXT,
    replied_on          TEXT    CHECK (replied_on IS NULL OR date(replied_on) IS replied_on),
    left_alone_on       TEXT    CHECK (left_alone_on IS NULL OR date(left_alone_on) IS left_alone_on),
    -- SHA-256 over folded platform, author, exact date and text: re-imports never duplicate.
    dedup_key           TEXT    NOT NULL UNIQUE CHECK (length(dedup_key) = 64),
    created_at          TEXT    NOT NULL,  -- UTC, RFC 3339
    updated_at          TEXT    NOT NULL,

    CHECK (rating IS NOT NULL OR text <> ''),
    CHECK (
        (published_approx = 0 AND published_seen_text IS NULL AND published_seen_on IS NULL)
        OR (published_approx = 1 AND coalesce(published_seen_text, '') <> ''
            AND published_seen_on IS NOT NULL AND date(published_seen_on) IS published_seen_on)
    ),
    CHECK ((qualification IS NULL) = (qualified_on IS NULL)),
    CHECK ((reply_text IS NULL) = (replied_on IS NULL)),
    -- IS, not =, in these: a comparison with NULL would make the CHECK pass.
    CHECK (status <> 'answered' OR coalesce(reply_text, '') <> ''),
    CHECK (status <> 'left_alone' OR (left_alone_on IS NOT NULL AND qualification IS 'lawful')),
    CHECK (status <> 'to_answer' OR qualification IS 'lawful'),
    CHECK (status <> 'escalated' OR qualification IS 'illicit')
);

-- The inbox lists newest first, usually within one status.
CREATE INDEX review_by_date ON review (published_on DESC, id DESC);
CREATE INDEX review_by_status_date ON review (status, published_on DESC, id DESC);
CREATE INDEX review_by_platform ON review (platform COLLATE NOCASE);
CREATE INDEX review_by_site ON review (site_id) WHERE site_id IS NOT NULL;

-- Full text over author and text. External content (no second copy of the text), kept in sync
-- by the triggers below. remove_diacritics 2: "desagreable" finds "désagréable".
CREATE VIRTUAL TABLE review_fts USING fts5 (
    author, text,
    content = 'review', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER review_fts_insert AFTER INSERT ON review BEGIN
    INSERT INTO review_fts (rowid, author, text) VALUES (new.id, new.author, new.text);
END;

CREATE TRIGGER review_fts_delete AFTER DELETE ON review BEGIN
    INSERT INTO review_fts (review_fts, rowid, author, text) VALUES ('delete', old.id, old.author, old.text);
END;

CREATE TRIGGER review_fts_update AFTER UPDATE OF author, text ON review BEGIN
    INSERT INTO review_fts (review_fts, rowid, author, text) VALUES ('delete', old.id, old.author, old.text);
    INSERT INTO review_fts (rowid, author, text) VALUES (new.id, new.author, new.text);
END;

-- Level 0 of a case: each disputed statement quoted separately, with its own grounds.
CREATE TABLE review_statement (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL CHECK (position >= 0),
    quote     TEXT    NOT NULL CHECK (quote <> ''),
    grounds   TEXT    NOT NULL CHECK (json_valid(grounds) AND json_type(grounds) = 'array'
                                      AND json_array_length(grounds) > 0),  -- ["insult", …]
    UNIQUE (review_id, position)
);

-- The doctor's explicit acknowledgement of each blocking medical-secrecy finding in a reply,
-- one row per finding, before the reply could be copied.
CREATE TABLE reply_ack (
    id              INTEGER PRIMARY KEY,
    review_id       INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    category        TEXT    NOT NULL CHECK (category <> ''),
    matched_text    TEXT    NOT NULL,
    acknowledged_at TEXT    NOT NULL  -- UTC, RFC 3339
);
CREATE INDEX reply_ack_by_review ON reply_ack (review_id);
