-- 0028: the household list kept in its own display order, so a search reads neighbouring pages.
-- The list walks households by place and head name (commune, village, search key) and, for each
-- household whose key matches, looked up its record of the round by household id; ids are
-- random, so each of up to 1,001 matches a search counts was another page of `survey_record`
-- (77 MiB at 200,000 households), and each of the 300 rows shown a page of `household`,
-- `record_summary` and the journal's entity index: about 1,450 pages a search, few of them in
-- the window's 32 MiB page cache, each decrypted and authenticated again in an encrypted store.
-- Two narrow tables keyed in the list's order replace those lookups:
-- `household_list` holds what the walk filters on (about 25 MiB at 200,000 households, so a
-- whole walk stays in the window's cache), `household_list_row` what a row shows (with Phiếu A's
-- verdict, which the window shows beside it), read for the rows shown by the same key, so they
-- are neighbours too.
-- Both are derived data, written by the store's own write paths (`household_list.rs`: a save,
-- an import, a transfer, a reclassification) with one statement per table and record, never
-- journalled or exported; triggers would have kept them too, but a statement that fires a
-- trigger keeps a statement journal, which made inserting 200,000 households half as dear again.
-- An older app would write without keeping them, so the store's compatibility level rises.
-- The app fills them from the existing rows after the migrations (`household_list::fill`), once
-- the provisional answers of 0024 are known.
-- Append-only: never edit this file after release.

-- A small number per round, so each row's key does not repeat a 36-character round id.
CREATE TABLE list_round (
    round_id TEXT PRIMARY KEY,
    n        INTEGER NOT NULL UNIQUE
) STRICT, WITHOUT ROWID;

CREATE TABLE household_list (
    round_n        INTEGER NOT NULL,      -- list_round.n
    commune_code   TEXT NOT NULL,         -- the household's (its latest place): the list's order
    village        TEXT NOT NULL,
    search_key     TEXT NOT NULL,
    household_id   TEXT NOT NULL,
    status         TEXT NOT NULL,         -- the record's
    class          TEXT,
    record_commune TEXT,                  -- the record's commune, NULL when the household's
    record_village TEXT,                  -- the record's village, NULL when the household's
    PRIMARY KEY (round_n, commune_code, village, search_key, household_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE household_list_row (
    round_n        INTEGER NOT NULL,
    commune_code   TEXT NOT NULL,
    village        TEXT NOT NULL,
    search_key     TEXT NOT NULL,
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
    PRIMARY KEY (round_n, commune_code, village, search_key, household_id)
) STRICT, WITHOUT ROWID;

-- What both tables hold for each record, computed from the tables they are derived from.
CREATE VIEW household_list_source AS
SELECT l.n AS round_n, h.commune_code, h.village, h.search_key, h.id AS household_id,
       r.round_id, r.status, r.class,
       NULLIF(r.commune_code, h.commune_code) AS record_commune,
       NULLIF(r.village, h.village) AS record_village,
       h.code, h.head_name, r.listed_status, r.listed_members, r.surveyed_on,
       (SELECT s.members FROM record_summary s
         WHERE s.round_id = r.round_id AND s.household_id = r.household_id) AS members,
       (SELECT j.actor FROM journal j
         WHERE j.entity = 'survey' AND j.entity_id = r.household_id || '/' || r.round_id
           AND j.operation <> 'review'
         ORDER BY j.recorded_at DESC LIMIT 1) AS filled_by,
       (SELECT j.recorded_at FROM journal j
         WHERE j.entity = 'survey' AND j.entity_id = r.household_id || '/' || r.round_id
           AND j.operation <> 'review'
         ORDER BY j.recorded_at DESC LIMIT 1) AS filled_at,
       (SELECT s.provisional FROM record_summary s
         WHERE s.round_id = r.round_id AND s.household_id = r.household_id) AS provisional,
       r.phieu_a
  FROM survey_record r
  JOIN household h ON h.id = r.household_id
  JOIN list_round l ON l.round_id = r.round_id;
