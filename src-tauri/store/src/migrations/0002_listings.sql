-- Listings: the directory sites, the listings found on them, every step of their removal, and
-- the letters sent about them. Due dates are not stored: the core computes them from the dates.

CREATE TABLE site (
    id                     INTEGER PRIMARY KEY,
    builtin_key            TEXT    UNIQUE CHECK (builtin_key IS NULL OR builtin_key <> ''), -- catalogue sites only
    name                   TEXT    NOT NULL CHECK (name <> ''),
    domain                 TEXT    NOT NULL UNIQUE CHECK (domain <> '' AND domain = lower(domain)),
    kind                   TEXT    NOT NULL CHECK (kind IN ('directory', 'review_platform', 'booking',
                                                             'company_register', 'official', 'other')),
    has_reviews            INTEGER NOT NULL CHECK (has_reviews IN (0, 1)),
    publisher_company      TEXT    NOT NULL DEFAULT '',
    publisher_legal_form   TEXT    NOT NULL DEFAULT '',
    publisher_siren        TEXT    NOT NULL DEFAULT ''
                           CHECK (publisher_siren = '' OR (length(publisher_siren) = 9 AND publisher_siren NOT GLOB '*[^0-9]*')),
    publisher_office_lines TEXT    NOT NULL DEFAULT '[]'
                           CHECK (json_valid(publisher_office_lines) AND json_type(publisher_office_lines) = 'array'),
    dpo_email              TEXT    NOT NULL DEFAULT '',
    dpo_form_url           TEXT    NOT NULL DEFAULT '' CHECK (dpo_form_url = '' OR dpo_form_url GLOB 'http*://*'),
    host_name              TEXT    NOT NULL DEFAULT '',
    host_address_lines     TEXT    NOT NULL DEFAULT '[]'
                           CHECK (json_valid(host_address_lines) AND json_type(host_address_lines) = 'array'),
    report_url             TEXT    NOT NULL DEFAULT '' CHECK (report_url = '' OR report_url GLOB 'http*://*'),
    notice_url             TEXT    NOT NULL DEFAULT '' CHECK (notice_url = '' OR notice_url GLOB 'http*://*'),
    verified_on            TEXT    CHECK (verified_on IS NULL OR date(verified_on) IS verified_on),
    notes                  TEXT    NOT NULL DEFAULT '',
    created_at             TEXT    NOT NULL,  -- UTC, RFC 3339
    updated_at             TEXT    NOT NULL
);

CREATE TABLE listing (
    id                         INTEGER PRIMARY KEY,
    site_id                    INTEGER NOT NULL REFERENCES site (id) ON DELETE RESTRICT,
    url                        TEXT    NOT NULL UNIQUE CHECK (url GLOB 'http://?*' OR url GLOB 'https://?*'),
    shows                      TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(shows) AND json_type(shows) = 'array'),
    found_on                   TEXT    NOT NULL CHECK (date(found_on) IS found_on),
    status                     TEXT    NOT NULL DEFAULT 'found'
                               CHECK (status IN ('found', 'erasure_requested', 'answered', 'extended', 'no_answer',
                                                 'refused', 'cnil_complaint', 'dereferencing_requested', 'removed')),
    request_sent_on            TEXT    CHECK (request_sent_on IS NULL OR (date(request_sent_on) IS request_sent_on
                                                                         AND request_sent_on >= found_on)),
    -- Starts the art. 12.3 RGPD clock: AR date of a registered letter, sending date of an email/form.
    received_on                TEXT    CHECK (received_on IS NULL OR (date(received_on) IS received_on
                                                                     AND request_sent_on IS NOT NULL
                                                                     AND received_on >= request_sent_on)),
    extension_notified         INTEGER NOT NULL DEFAULT 0 CHECK (extension_notified IN (0, 1)),
    extension_notified_on      TEXT    CHECK (extension_notified_on IS NULL OR date(extension_notified_on) IS extension_notified_on),
    cnil_complaint_on          TEXT    CHECK (cnil_complaint_on IS NULL OR date(cnil_complaint_on) IS cnil_complaint_on),
    dereferencing_requested_on TEXT    CHECK (dereferencing_requested_on IS NULL
                                              OR date(dereferencing_requested_on) IS dereferencing_requested_on),
    notes                      TEXT    NOT NULL DEFAULT '',
    created_at                 TEXT    NOT NULL,
    updated_at                 TEXT    NOT NULL,
    CHECK (extension_notified = (extension_notified_on IS NOT NULL)),
    CHECK (extension_notified = 0 OR received_on IS NOT NULL),
    -- Every state past "found" (bar a spontaneous removal) follows a request.
    CHECK (status IN ('found', 'removed') OR request_sent_on IS NOT NULL),
    CHECK (status <> 'extended' OR extension_notified = 1),
    CHECK (status <> 'cnil_complaint' OR cnil_complaint_on IS NOT NULL),
    CHECK (status <> 'dereferencing_requested' OR dereferencing_requested_on IS NOT NULL)
);

CREATE INDEX listing_site ON listing (site_id);

-- Every step of a listing's life, never updated. `proof` is the full event as JSON.
CREATE TABLE listing_event (
    id          INTEGER PRIMARY KEY,
    listing_id  INTEGER NOT NULL REFERENCES listing (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('erasure_requested', 'receipt_acknowledged', 'extension_notified',
                                                 'reply_received', 'no_answer_recorded', 'refusal_received',
                                                 'cnil_complaint_filed', 'dereferencing_requested', 'presence_checked',
                                                 'removal_confirmed', 'reappeared')),
    occurred_on TEXT    NOT NULL CHECK (date(occurred_on) IS occurred_on),
    recorded_at TEXT    NOT NULL,  -- UTC, RFC 3339
    from_status TEXT    NOT NULL,
    to_status   TEXT    NOT NULL,
    proof       TEXT    NOT NULL CHECK (json_valid(proof) AND json_extract(proof, '$.kind') IS kind),
    note        TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX listing_event_listing ON listing_event (listing_id, id);

-- Letters produced by the app. The row is the truth: `data` holds the full input the PDF was
-- rendered from, so the same PDF can be produced again.
CREATE TABLE letter (
    id                INTEGER PRIMARY KEY,
    kind              TEXT    NOT NULL CHECK (kind IN ('erasure_request', 'cnil_complaint', 'dereferencing_request',
                                                       'host_notice', 'formal_notice', 'evidence_inventory')),
    listing_id        INTEGER REFERENCES listing (id) ON DELETE SET NULL,
    recipient         TEXT    NOT NULL CHECK (json_valid(recipient)),
    data              TEXT    NOT NULL CHECK (json_valid(data)),
    created_at        TEXT    NOT NULL,
    sent_on           TEXT    CHECK (sent_on IS NULL OR date(sent_on) IS sent_on),
    registered_number TEXT    CHECK (registered_number IS NULL OR (registered_number <> '' AND sent_on IS NOT NULL)),
    acknowledged_on   TEXT    CHECK (acknowledged_on IS NULL OR (date(acknowledged_on) IS acknowledged_on
                                                                AND sent_on IS NOT NULL AND acknowledged_on >= sent_on))
);

CREATE INDEX letter_listing ON letter (listing_id);
