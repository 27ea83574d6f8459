-- 0018: the commune's list of villages (thôn, bản), from which the form chooses a household's
-- village instead of free text. Kept by the installation of the commune it serves, like its
-- preferences: never journalled, never sent. A village is retired rather than deleted, so the
-- households that name it still find it; a household whose village is not in the list keeps its
-- text and the form flags it.
-- Seeded with the villages the installation's records already name, so a store that had
-- free-text villages starts with them listed (a misspelt one is then retired).
-- A new table only: an older app never reads it, so compat stays.
-- Append-only: never edit this file after release.
CREATE TABLE village (
    commune_code TEXT NOT NULL,
    name         TEXT NOT NULL,
    retired      INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    added_at     INTEGER NOT NULL,  -- unix ms, passed in by the caller (0: seeded here)
    PRIMARY KEY (commune_code, name)
) STRICT, WITHOUT ROWID;

INSERT OR IGNORE INTO village (commune_code, name, added_at)
SELECT DISTINCT commune_code, trim(village), 0 FROM survey_record WHERE trim(village) <> '';
