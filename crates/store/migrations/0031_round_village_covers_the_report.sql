-- 0031: the index of a round's records by village also holds each record's commune, survey day
-- and class, which is all the report by unit and class (`Store::class_counts`) reads of a record.
-- Before, that report found a round's records through this index and then read each record's
-- row: about 6,200 pages of 16 KiB for 200,000 households against about 1,250 for the index
-- alone (`sqlite3 .stats`), and in an encrypted store every page read from the file is
-- decrypted and authenticated (docs/benchmarks.md). One index replaced by a wider one: no
-- B-tree more to write per record. The save assigns those three columns only when they changed
-- (`upsert_record`), so a save that leaves them alone does not rewrite the entry.
-- Same data; an older app keeps the index up to date like any other, so compat stays.
-- Append-only: never edit this file after release.

DROP INDEX survey_record_round_village;
CREATE INDEX survey_record_round_village
    ON survey_record (round_id, village, commune_code, surveyed_on, class);
