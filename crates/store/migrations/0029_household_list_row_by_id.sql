-- 0029: the rows the household list shows, keyed by round and household id instead of the
-- list's display order.
-- 0028 keyed both of the list's tables by the display order (commune, village, search key), so
-- that the rows a search shows were read from neighbouring pages. But a new household's key
-- lands at a random place of that order, and every commit of a bulk insert then rewrote nearly
-- every page of the wider table: inserting 200,000 households took about a fifth more CPU with
-- the rows keyed so than by household id (docs/benchmarks.md). Household ids are UUIDv7, in
-- the order households were created (a village's households are mostly listed or surveyed
-- together), so new rows are appended, and the rows a search shows, at most a page of them,
-- are each looked up by the id the walk found. The walk itself (`household_list`) keeps the
-- display order. Nothing else changes: the rows are the same, without the key columns the walk
-- already holds.
-- An app of 0028 would write the rows with the old columns, so the compatibility level rises.
-- Append-only: never edit this file after release.

ALTER TABLE household_list_row RENAME TO household_list_row_0028;

CREATE TABLE household_list_row (
    round_n        INTEGER NOT NULL,      -- list_round.n
    household_id   TEXT NOT NULL,
    code           TEXT NOT NULL,
    head_name      TEXT NOT NULL,         -- personal data: never logged
    listed_status  TEXT,
    listed_members INTEGER,
    members        INTEGER,               -- record_summary's
    surveyed_on    TEXT,
    filled_by      TEXT,                  -- the actor of the record's latest entry not a review
    filled_at      INTEGER,
    provisional    TEXT,                  -- record_summary's
    phieu_a        TEXT,                  -- the record's Phiếu A verdict (JSON)
    PRIMARY KEY (round_n, household_id)
) STRICT, WITHOUT ROWID;

INSERT INTO household_list_row
SELECT round_n, household_id, code, head_name, listed_status, listed_members, members,
       surveyed_on, filled_by, filled_at, provisional, phieu_a
  FROM household_list_row_0028
 ORDER BY round_n, household_id;

DROP TABLE household_list_row_0028;
