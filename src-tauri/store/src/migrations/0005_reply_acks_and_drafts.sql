-- An acknowledgement is identified by (review, category, passage): keep the first of any
-- duplicates written before this rule, then let the table enforce it.
DELETE FROM reply_ack
 WHERE id NOT IN (SELECT min(id) FROM reply_ack GROUP BY review_id, category, matched_text);
CREATE UNIQUE INDEX reply_ack_identity ON reply_ack (review_id, category, matched_text);

-- The reply being written, kept in the store so a closed window or a crash loses nothing.
ALTER TABLE review ADD COLUMN draft_text TEXT;
