-- Reply templates edited by the doctor. Only edited templates have a row: the built-in version
-- ships in the binary, so "restore the built-in version" is deleting the row.

CREATE TABLE reply_template (
    id         TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 100),
    source     TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 20000),
    updated_at TEXT NOT NULL  -- UTC, RFC 3339
);
