-- 0019: a record's members are read from its answers, where they already are, instead of being
-- copied into `member` rows: the copy was a tenth of a district store's bytes and six to eight
-- row writes per household on every import and save. What the copy served is kept in
-- `record_summary`: the head's and spouses' ethnicities were already there, and the number of
-- members (the household list's column) is added. Dropping a table an older app writes to
-- keeps the compatibility level of 0015 (2): an older app refuses the store.
-- Append-only: never edit this file after release.
ALTER TABLE record_summary ADD COLUMN members INTEGER; -- NULL while the record has no answers

UPDATE record_summary
   SET members = (SELECT COUNT(*) FROM member m
                   WHERE m.household_id = record_summary.household_id
                     AND m.round_id = record_summary.round_id)
 WHERE EXISTS (SELECT 1 FROM survey_record r
                WHERE r.household_id = record_summary.household_id
                  AND r.round_id = record_summary.round_id
                  AND r.answers_hash IS NOT NULL);

DROP TABLE member;
