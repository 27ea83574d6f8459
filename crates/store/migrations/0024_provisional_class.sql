-- 0024: whether a record's class is provisional ("tạm tính"): the answers its class depends on
-- that are not given yet. A draft is classified as it is typed, and a completed form may still
-- leave the kWh, a child's height or weight open; such a class must never be listed, counted or
-- exported as final.
--
-- `answers_open` keeps, for each answers document, the household.v1 paths of the answers the
-- class depends on that it leaves open (a JSON array, `[]` when none): a pure function of the
-- answers (`rasoat_domain::provisional::open_for_class`), so it is kept once per document, like
-- the answers themselves. Derived data, not journalled, not exchanged.
-- `record_summary.provisional` is that array for the record's answers (NULL without answers),
-- so the list and the reports read it in their one pass.
-- The rows already there are filled by the app right after this file (`provisional::fill`),
-- since only the domain can tell which answers the class depends on.
-- An older app would write summary rows without the column, read as final: compat rises to 4.
-- Append-only: never edit this file after release.
CREATE TABLE answers_open (
    hash TEXT PRIMARY KEY,  -- answers.hash
    open TEXT NOT NULL      -- JSON array of household.v1 paths
) STRICT, WITHOUT ROWID;

ALTER TABLE record_summary ADD COLUMN provisional TEXT;
