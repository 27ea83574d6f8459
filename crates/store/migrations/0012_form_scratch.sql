-- 0013: the form's typing buffer. What an enumerator typed but the household.v1 reader cannot
-- read yet (a date that does not exist, a half-typed answer) is kept here as typed, so a crash,
-- a power cut or leaving the form loses at most the last seconds. Local to this installation:
-- never journalled, never sent; a real save of the household replaces it (the row is deleted).
-- A new table only: an older app never reads it, so compat stays.
-- Append-only: never edit this file after release.
CREATE TABLE form_scratch (
    household_id TEXT NOT NULL,
    round_id     TEXT NOT NULL,
    json         TEXT NOT NULL,     -- the form as typed; may not be a readable household.v1
    saved_at     INTEGER NOT NULL,  -- unix ms, passed in by the caller
    PRIMARY KEY (household_id, round_id)
) STRICT, WITHOUT ROWID;
