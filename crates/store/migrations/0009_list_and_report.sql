-- 0009: what the household list and the summary report read at 200,000 households. Only adds
-- an index and a derived table: an older app can still open the store.
-- Append-only: never edit this file after release; add 0010_… instead.

-- Returned records, which the enumerator's list shows first: few, so a partial index holding
-- only them costs nothing on the saves of other records, and spares the list a walk over the
-- whole round to find them.
CREATE INDEX survey_record_returned ON survey_record (round_id) WHERE status = 'returned';

-- What the summary report reads of each record, one narrow row per record, clustered by round:
-- the report reads its round's rows in one sweep instead of looking up 200,000 records, their
-- members and their answers at random (7.5 s at 200,000 households). Derived data like an
-- index, rewritten in the same transaction as every change of a record or its members
-- (`households::refresh_summary`); not journalled, not exchanged.
CREATE TABLE record_summary (
    round_id        TEXT NOT NULL,
    household_id    TEXT NOT NULL,
    commune_code    TEXT NOT NULL,        -- survey_record's
    surveyed_on     TEXT,
    village         TEXT NOT NULL,
    class           TEXT,
    deprived        TEXT,                 -- JSON array of indicator ids, as survey_record
    area            TEXT,                 -- the answers' `area`, NULL without answers
    head_ethnicity  TEXT,                 -- the first head member's, NULL without one
    head_spouse_ethnicities TEXT NOT NULL, -- JSON array: of every head and spouse member
    PRIMARY KEY (round_id, household_id)
) STRICT, WITHOUT ROWID;

-- The records already there (the same SELECT as refresh_summary, over every record).
INSERT INTO record_summary (round_id, household_id, commune_code, surveyed_on, village, class,
                            deprived, area, head_ethnicity, head_spouse_ethnicities)
SELECT r.round_id, r.household_id, r.commune_code, r.surveyed_on, r.village, r.class,
       r.deprived,
       (SELECT json_extract(a.json, '$.area') FROM answers a WHERE a.hash = r.answers_hash),
       (SELECT m.ethnicity FROM member m WHERE m.household_id = r.household_id
          AND m.round_id = r.round_id AND m.relation = 'head' ORDER BY m.position LIMIT 1),
       (SELECT json_group_array(m.ethnicity) FROM member m WHERE m.household_id = r.household_id
          AND m.round_id = r.round_id AND m.relation IN ('head', 'spouse'))
FROM survey_record r;
