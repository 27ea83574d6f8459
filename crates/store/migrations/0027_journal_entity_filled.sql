-- 0028: the household list's "filled by, at" read from the journal's entity index alone.
-- For each row it shows, the list asks who last saved the record and when (the latest entry of
-- the record that is not a review): with the index on (entity, entity_id) only, that was the
-- index page plus one or two pages of the journal table per row, 300 rows a search, and the
-- journal is the largest table of a store (364 MiB of 778 at 200,000 households), so those
-- pages were seldom in the window's page cache and an encrypted store decrypted each again.
-- With when, what and who in the index, the index page answers, newest entry first.
-- The index keeps its name and its leading columns, so every other lookup by entity is as
-- before; the same number of B-trees is written per journal entry.
-- Only an index changes: an older app can still open the store.
-- Append-only: never edit this file after release.
DROP INDEX IF EXISTS journal_entity;
CREATE INDEX journal_entity ON journal (entity, entity_id, recorded_at, operation, actor);
