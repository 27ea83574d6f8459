-- 0030: the household list kept in its own display order, so a search reads neighbouring pages.
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
-- Both are derived data, kept in step by the triggers below on every write of a record, a
-- household, a summary row or a record's journal entry (a save, an import, a transfer, a
-- reclassification, and an older app's writes alike), never journalled or exported.
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

INSERT INTO list_round (round_id, n)
SELECT id, row_number() OVER (ORDER BY opened_at, id) FROM round;

INSERT INTO household_list
SELECT round_n, commune_code, village, search_key, household_id, status, class,
       record_commune, record_village
  FROM household_list_source
 ORDER BY round_n, commune_code, village, search_key, household_id;

INSERT INTO household_list_row
SELECT round_n, commune_code, village, search_key, household_id, code, head_name,
       listed_status, listed_members, members, surveyed_on, filled_by, filled_at, provisional,
       phieu_a
  FROM household_list_source
 ORDER BY round_n, commune_code, village, search_key, household_id;

CREATE TRIGGER list_round_new AFTER INSERT ON round
BEGIN
    INSERT OR IGNORE INTO list_round (round_id, n)
    VALUES (NEW.id, (SELECT COALESCE(MAX(n), 0) + 1 FROM list_round));
END;

-- A new record's rows, from the record itself and its household (its summary row and journal
-- entry, when they were written before it, as an import may). The triggers after it change
-- those rows in place, by key: the household's key is unchanged by the writes that fire them
-- (a household's own change re-keys below). None uses `INSERT OR REPLACE`: in a trigger it
-- takes the conflict policy of the statement that fired it, and a record's upsert would abort.
CREATE TRIGGER household_list_record_new AFTER INSERT ON survey_record
BEGIN
    INSERT INTO household_list
    SELECT l.n, h.commune_code, h.village, h.search_key, h.id, NEW.status, NEW.class,
           NULLIF(NEW.commune_code, h.commune_code), NULLIF(NEW.village, h.village)
      FROM household h, list_round l
     WHERE h.id = NEW.household_id AND l.round_id = NEW.round_id;
    INSERT INTO household_list_row
    SELECT l.n, h.commune_code, h.village, h.search_key, h.id, h.code, h.head_name,
           NEW.listed_status, NEW.listed_members,
           (SELECT s.members FROM record_summary s
             WHERE s.round_id = NEW.round_id AND s.household_id = NEW.household_id),
           NEW.surveyed_on,
           (SELECT j.actor FROM journal j
             WHERE j.entity = 'survey' AND j.entity_id = NEW.household_id || '/' || NEW.round_id
               AND j.operation <> 'review'
             ORDER BY j.recorded_at DESC LIMIT 1),
           (SELECT j.recorded_at FROM journal j
             WHERE j.entity = 'survey' AND j.entity_id = NEW.household_id || '/' || NEW.round_id
               AND j.operation <> 'review'
             ORDER BY j.recorded_at DESC LIMIT 1),
           (SELECT s.provisional FROM record_summary s
             WHERE s.round_id = NEW.round_id AND s.household_id = NEW.household_id),
           NEW.phieu_a
      FROM household h, list_round l
     WHERE h.id = NEW.household_id AND l.round_id = NEW.round_id;
END;

-- Only when a column the walk reads changed: a save that keeps the state and class (nearly
-- every save) writes no page of `household_list`.
CREATE TRIGGER household_list_record_walk AFTER UPDATE ON survey_record
WHEN OLD.status IS NOT NEW.status OR OLD.class IS NOT NEW.class
  OR OLD.commune_code IS NOT NEW.commune_code OR OLD.village IS NOT NEW.village
BEGIN
    UPDATE household_list
       SET status = NEW.status, class = NEW.class,
           record_commune = NULLIF(NEW.commune_code, commune_code),
           record_village = NULLIF(NEW.village, village)
     WHERE (round_n, commune_code, village, search_key, household_id) =
           (SELECT l.n, h.commune_code, h.village, h.search_key, h.id
              FROM household h, list_round l
             WHERE h.id = NEW.household_id AND l.round_id = NEW.round_id);
END;

CREATE TRIGGER household_list_record_row AFTER UPDATE ON survey_record
WHEN OLD.listed_status IS NOT NEW.listed_status OR OLD.listed_members IS NOT NEW.listed_members
  OR OLD.surveyed_on IS NOT NEW.surveyed_on OR OLD.phieu_a IS NOT NEW.phieu_a
BEGIN
    UPDATE household_list_row
       SET listed_status = NEW.listed_status, listed_members = NEW.listed_members,
           surveyed_on = NEW.surveyed_on, phieu_a = NEW.phieu_a
     WHERE (round_n, commune_code, village, search_key, household_id) =
           (SELECT l.n, h.commune_code, h.village, h.search_key, h.id
              FROM household h, list_round l
             WHERE h.id = NEW.household_id AND l.round_id = NEW.round_id);
END;

-- The summary row is written after the record (`INSERT OR REPLACE`, so an insert either way).
CREATE TRIGGER household_list_summary_new AFTER INSERT ON record_summary
BEGIN
    UPDATE household_list_row SET members = NEW.members, provisional = NEW.provisional
     WHERE (round_n, commune_code, village, search_key, household_id) =
           (SELECT l.n, h.commune_code, h.village, h.search_key, h.id
              FROM household h, list_round l
             WHERE h.id = NEW.household_id AND l.round_id = NEW.round_id);
END;

CREATE TRIGGER household_list_summary_changed AFTER UPDATE ON record_summary
WHEN OLD.members IS NOT NEW.members OR OLD.provisional IS NOT NEW.provisional
BEGIN
    UPDATE household_list_row SET members = NEW.members, provisional = NEW.provisional
     WHERE (round_n, commune_code, village, search_key, household_id) =
           (SELECT l.n, h.commune_code, h.village, h.search_key, h.id
              FROM household h, list_round l
             WHERE h.id = NEW.household_id AND l.round_id = NEW.round_id);
END;

-- Who filled the record, and when: the latest entry of the record that is not a review, read
-- again from the journal's entity index (an entry may arrive older than one already held).
CREATE TRIGGER household_list_filled AFTER INSERT ON journal
WHEN NEW.entity = 'survey' AND NEW.operation <> 'review'
BEGIN
    UPDATE household_list_row
       SET (filled_by, filled_at) =
           (SELECT j.actor, j.recorded_at FROM journal j
             WHERE j.entity = 'survey' AND j.entity_id = NEW.entity_id
               AND j.operation <> 'review'
             ORDER BY j.recorded_at DESC LIMIT 1)
     WHERE (round_n, commune_code, village, search_key, household_id) =
           (SELECT l.n, h.commune_code, h.village, h.search_key, h.id
              FROM household h, list_round l
             WHERE h.id = substr(NEW.entity_id, 1, instr(NEW.entity_id, '/') - 1)
               AND l.round_id = substr(NEW.entity_id, instr(NEW.entity_id, '/') + 1));
END;

-- No code path deletes a record; were one deleted, its rows go with it.
CREATE TRIGGER household_list_record_gone AFTER DELETE ON survey_record
BEGIN
    DELETE FROM household_list
     WHERE round_n = (SELECT n FROM list_round WHERE round_id = OLD.round_id)
       AND (commune_code, village, search_key, household_id) =
           (SELECT commune_code, village, search_key, id FROM household WHERE id = OLD.household_id);
    DELETE FROM household_list_row
     WHERE round_n = (SELECT n FROM list_round WHERE round_id = OLD.round_id)
       AND (commune_code, village, search_key, household_id) =
           (SELECT commune_code, village, search_key, id FROM household WHERE id = OLD.household_id);
END;

-- A household's place, head or code changed: its rows move to their new keys in every round.
CREATE TRIGGER household_list_household AFTER UPDATE ON household
WHEN OLD.commune_code IS NOT NEW.commune_code OR OLD.village IS NOT NEW.village
  OR OLD.search_key IS NOT NEW.search_key OR OLD.code IS NOT NEW.code
  OR OLD.head_name IS NOT NEW.head_name
BEGIN
    DELETE FROM household_list
     WHERE round_n IN (SELECT l.n FROM survey_record r JOIN list_round l ON l.round_id = r.round_id
                        WHERE r.household_id = OLD.id)
       AND commune_code = OLD.commune_code AND village = OLD.village
       AND search_key = OLD.search_key AND household_id = OLD.id;
    DELETE FROM household_list_row
     WHERE round_n IN (SELECT l.n FROM survey_record r JOIN list_round l ON l.round_id = r.round_id
                        WHERE r.household_id = OLD.id)
       AND commune_code = OLD.commune_code AND village = OLD.village
       AND search_key = OLD.search_key AND household_id = OLD.id;
    INSERT INTO household_list
    SELECT round_n, commune_code, village, search_key, household_id, status, class,
           record_commune, record_village
      FROM household_list_source WHERE household_id = NEW.id;
    INSERT INTO household_list_row
    SELECT round_n, commune_code, village, search_key, household_id, code, head_name,
           listed_status, listed_members, members, surveyed_on, filled_by, filled_at,
           provisional, phieu_a
      FROM household_list_source WHERE household_id = NEW.id;
END;
