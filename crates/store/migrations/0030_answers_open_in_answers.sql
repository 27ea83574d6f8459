-- 0030: what an answers document leaves open for its class, kept in the document's own row.
-- 0024 kept it in a table of its own keyed by the answers' content hash: a hash lands at a
-- random place of that key, so every commit of a bulk insert rewrote nearly every page of the
-- table, about a ninth of inserting 200,000 encrypted households (docs/benchmarks.md). The
-- answers' own row is written just before, at the end of its table (`answers` is in insertion
-- order, found by hash through its unique index), so the value now goes there, on a page the
-- save writes anyway. Same data, same meaning: NULL until the app computed it
-- (`provisional::keep`, `provisional::fill`). Derived data, not journalled, not exchanged.
-- An app of 0029 would write the table dropped here, so the compatibility level rises.
-- Append-only: never edit this file after release.

ALTER TABLE answers ADD COLUMN open TEXT;  -- JSON array of household.v1 paths, `[]` when none

UPDATE answers SET open = (SELECT o.open FROM answers_open o WHERE o.hash = answers.hash)
 WHERE hash IN (SELECT hash FROM answers_open);

DROP TABLE answers_open;
