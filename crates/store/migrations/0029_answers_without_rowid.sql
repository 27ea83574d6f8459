-- 0029: `answers` keyed by its hash alone. The table had a hidden rowid and a separate index
-- for the UNIQUE hash, so every new answers document wrote two B-tree pages (the rowid
-- table's last page and a random page of the index); kept WITHOUT ROWID it writes one, a page
-- less for every save, import and merge that brings new answers (docs/benchmarks.md: in an
-- encrypted store every page written is encrypted and authenticated). Rows are a few hundred
-- bytes once packed (0015), well within what a WITHOUT ROWID table keeps well.
-- SQLite cannot change a table's kind in place: it is rebuilt. `survey_record.answers_hash`
-- references it, and a rename would carry that reference away to the old table, so the rows
-- are held in a side table while `answers` is dropped and made again; foreign keys are
-- checked at the commit, when every referenced hash is back (copied back by a column list:
-- SQLite's bulk copy of `SELECT *` between like tables skips that bookkeeping).
-- That bookkeeping looks up the records naming each dropped and each copied hash: without an
-- index on `survey_record.answers_hash` every lookup walks all records, and at 200,000
-- households the migration did not end in ten minutes; a temporary index makes each a search.
-- The compatibility level stays: an older app reads and writes the same rows.
-- Append-only: never edit this file after release.
PRAGMA defer_foreign_keys = ON;
CREATE INDEX survey_record_answers_0029 ON survey_record (answers_hash);

CREATE TABLE answers_0029 (hash TEXT NOT NULL, json TEXT NOT NULL, packed BLOB) STRICT;
INSERT INTO answers_0029 (hash, json, packed) SELECT hash, json, packed FROM answers;

DROP TABLE answers;
CREATE TABLE answers (
    hash   TEXT PRIMARY KEY,  -- SHA-256 of the household.v1 JSON
    json   TEXT NOT NULL,     -- '' when packed
    packed BLOB               -- zstd with the shipped dictionary (0015)
) STRICT, WITHOUT ROWID;
INSERT INTO answers (hash, json, packed)
SELECT hash, json, packed FROM answers_0029 ORDER BY hash;

DROP TABLE answers_0029;
DROP INDEX survey_record_answers_0029;
