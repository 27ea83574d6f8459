-- 0029: the rows the household list shows, keyed by round, commune, village and household id
-- instead of the list's whole display order.
-- 0028 keyed both of the list's tables by the display order (commune, village, search key), so
-- that the rows a search shows were read from neighbouring pages. But a new household's head
-- name lands at a random place of its village, and every commit of a bulk insert then rewrote
-- nearly every page of the wider table: inserting 200,000 households took about a fifth more
-- CPU than with the rows keyed by household id (docs/benchmarks.md). Household ids are UUIDv7,
-- in the order households were created, so a village's new rows are appended at its end; and
-- the rows a search shows, in the order of their village, are still read from that village's
-- few pages (keyed by id alone, each shown row was a page of its own: a search on the
-- encrypted store cost 70 % more CPU than on the plain one). The walk itself
-- (`household_list`) keeps the whole display order. The rows are the same, without the search
-- key.
-- An app of 0028 would write the rows with the old columns, so the compatibility level rises.
-- Append-only: never edit this file after release.

ALTER TABLE household_list_row RENAME TO household_list_row_0028;

CREATE TABLE household_list_row (
    round_n        INTEGER NOT NULL,      -- list_round.n
    commune_code   TEXT NOT NULL,         -- the household's, as in `household_list`
    village        TEXT NOT NULL,
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
    PRIMARY KEY (round_n, commune_code, village, household_id)
) STRICT, WITHOUT ROWID;

INSERT INTO household_list_row
SELECT round_n, commune_code, village, household_id, code, head_name, listed_status,
       listed_members, members, surveyed_on, filled_by, filled_at, provisional, phieu_a
  FROM household_list_row_0028
 ORDER BY round_n, commune_code, village, household_id;

DROP TABLE household_list_row_0028;
