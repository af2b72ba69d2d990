-- Numbered 7: main holds 0006_practitioner_designation; this branch merges after it.
-- Google's translation of a review, kept apart from the author's own words (review.text), which
-- alone are searched (review_fts), quoted and used as evidence.
ALTER TABLE review ADD COLUMN text_translation TEXT
    CHECK (text_translation IS NULL OR text_translation <> '');
