-- 0026: the opening list's own review track of a transition round (the 2026 round's list of
-- 2027 under NĐ 351/2025): its village meeting, recognition and report, one row per record,
-- beside the closing list's steps on `survey_record`. Each step is a journal entry (entity
-- `opening_review`), so it travels in batches; an older app keeps those entries in its journal
-- and never reads this table, so compat stays.
-- Append-only: never edit this file after release.
CREATE TABLE opening_review (
    household_id      TEXT NOT NULL,
    round_id          TEXT NOT NULL,
    standard_id       TEXT NOT NULL,    -- the opening standard the steps were taken under
    status            TEXT NOT NULL CHECK (status IN ('agreed', 'returned', 'recognised', 'reported')),
    answers_hash      TEXT NOT NULL,    -- the answers the village met on: other answers start over
    meeting_attendees INTEGER,
    meeting_agreeing  INTEGER,
    decision_number   TEXT,
    decided_on        TEXT,
    content_hash      TEXT NOT NULL,    -- of the latest entry's payload
    recorded_at       INTEGER NOT NULL, -- unix ms of the latest entry
    PRIMARY KEY (household_id, round_id)
) STRICT, WITHOUT ROWID;
