-- A version number on every row the doctor edits through a form (listing, site and its
-- publisher, case file, practitioner). A save states the version its form was loaded with and
-- is refused when the row moved on meanwhile (another window, another instance): a form left
-- open must never silently erase a change saved elsewhere. Each accepted save adds one.

ALTER TABLE listing      ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE site         ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE case_file    ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
ALTER TABLE practitioner ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
