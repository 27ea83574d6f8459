-- 0020: the readings a round classifies by (`classify::Settings` as JSON), set by the office
-- that may open the round and journalled as a round entry (operation `settings`), so they
-- travel down with the round. Which of several settings entries holds is decided by the entry
-- itself (the latest `recorded_at`, then the greatest entry id), never by arrival order.
-- A round without a row classifies by the default readings.
-- A new table only: an older app never reads it, so compat stays.
-- Append-only: never edit this file after release.
CREATE TABLE round_settings (
    round_id    TEXT NOT NULL PRIMARY KEY REFERENCES round (id),
    settings    TEXT NOT NULL,   -- classify::Settings, JSON
    entry_id    TEXT NOT NULL,   -- the journal entry that set them
    recorded_at INTEGER NOT NULL -- that entry's recorded_at, unix ms
) STRICT, WITHOUT ROWID;
