-- 0028: the standards files an office loaded for the installation (`rasoat standards load`),
-- in the standards.v1 form, laid over the national standards the app ships in the order they
-- were loaded (`recorded_at`, then the journal entry's id). Each load is a journal entry
-- (entity `standards`) and a row of the action log naming the file's digest.
-- A new table only: an older app never reads it, so compat stays.
-- Append-only: never edit this file after release.
CREATE TABLE loaded_standards (
    entry_id    TEXT NOT NULL PRIMARY KEY, -- the journal entry that loaded the file
    origin      TEXT NOT NULL,             -- the installation that loaded it
    digest      TEXT NOT NULL,             -- SHA-256 of the file as loaded, lower-case hex
    document    TEXT NOT NULL,             -- the file's text (standards.v1 JSON)
    loaded_by   TEXT NOT NULL,             -- the journal's actor
    recorded_at INTEGER NOT NULL           -- unix ms
) STRICT, WITHOUT ROWID;
