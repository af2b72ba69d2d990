-- Foundation: the doctors of the practice and the application's settings.

CREATE TABLE practitioner (
    id             INTEGER PRIMARY KEY,
    civility       TEXT    NOT NULL CHECK (civility IN ('madame', 'monsieur')),
    title          TEXT    NOT NULL CHECK (title IN ('docteur', 'professeur')),
    first_name     TEXT    NOT NULL CHECK (first_name <> ''),
    last_name      TEXT    NOT NULL CHECK (last_name <> ''),
    specialty      TEXT    NOT NULL,
    rpps           TEXT    NOT NULL UNIQUE CHECK (length(rpps) = 11),
    address_lines  TEXT    NOT NULL CHECK (json_valid(address_lines)), -- JSON array of strings
    postcode       TEXT    NOT NULL CHECK (length(postcode) = 5),
    city           TEXT    NOT NULL,
    phone          TEXT    NOT NULL,
    email          TEXT    NOT NULL,
    signature_city TEXT    NOT NULL,
    is_default     INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at     TEXT    NOT NULL,  -- UTC, RFC 3339
    updated_at     TEXT    NOT NULL
);

-- At most one default signer; the repository keeps exactly one while any practitioner exists.
CREATE UNIQUE INDEX practitioner_one_default ON practitioner (is_default) WHERE is_default = 1;

-- Small key/value settings (window-envelope offsets, last backup…). Values are JSON.
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (json_valid(value))
);
