-- Veille: the alert feeds the doctor follows (Google Alerts or any RSS/Atom feed) and the items
-- they brought, stored once each (dedup_key) across feeds and fetches. The day of the last
-- automatic fetch is a setting (key 'watch.last_auto_fetch'), not a column.

CREATE TABLE watch_feed (
    id              INTEGER PRIMARY KEY,
    url             TEXT    NOT NULL UNIQUE CHECK (url GLOB 'http://?*' OR url GLOB 'https://?*'),
    title           TEXT    NOT NULL DEFAULT '',
    added_at        TEXT    NOT NULL,  -- UTC, RFC 3339
    last_fetched_at TEXT,              -- UTC, RFC 3339: the last attempt, failed or not
    last_error      TEXT    CHECK (last_error IS NULL OR (last_error <> '' AND last_fetched_at IS NOT NULL)),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);

-- ON DELETE SET NULL: removing a feed keeps what it brought. An item may already be a listing,
-- a review or a case (linked_id), and its dedup_key is what keeps a dismissed item from coming
-- back should the feed (or another one carrying the same page) be followed again.
CREATE TABLE watch_item (
    id            INTEGER PRIMARY KEY,
    feed_id       INTEGER REFERENCES watch_feed (id) ON DELETE SET NULL,
    title         TEXT    NOT NULL CHECK (title <> ''),
    url           TEXT    NOT NULL CHECK (url GLOB 'http://?*' OR url GLOB 'https://?*'),
    source_site   TEXT    NOT NULL DEFAULT '',
    published_at  TEXT    CHECK (published_at IS NULL OR julianday(published_at) IS NOT NULL),  -- UTC, RFC 3339
    snippet       TEXT    NOT NULL DEFAULT '',
    first_seen_at TEXT    NOT NULL,  -- UTC, RFC 3339
    status        TEXT    NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'dismissed', 'listing', 'review', 'case')),
    -- The listing, review or case the item became (by status); no foreign key can name three
    -- tables, so a record deleted later leaves the number here and the item says so.
    linked_id     INTEGER CHECK (linked_id IS NULL OR typeof(linked_id) = 'integer'),
    dedup_key     TEXT    NOT NULL UNIQUE CHECK (dedup_key GLOB 'http://?*' OR dedup_key GLOB 'https://?*'),
    updated_at    TEXT    NOT NULL,
    CHECK ((status IN ('listing', 'review', 'case')) = (linked_id IS NOT NULL))
);

CREATE INDEX watch_item_inbox ON watch_item (status, published_at DESC, id DESC);
CREATE INDEX watch_item_feed ON watch_item (feed_id);
