-- 0022: the report's narrow copy of each record (`record_summary`) also keeps the record's
-- review state and its answers' hash, so the reports and the targets read a round in one pass
-- over that table, which is kept in round order, instead of looking up each of the round's
-- records in `survey_record`, which is kept in household order: at 200,000 households that was
-- a random page read per household, seconds per round on a store larger than its page cache.
-- An older app would write summary rows without the two columns, so the compatibility level
-- rises to 3: an older app refuses the store instead of leaving them empty.
-- Append-only: never edit this file after release.
ALTER TABLE record_summary ADD COLUMN status TEXT;       -- survey_record's
ALTER TABLE record_summary ADD COLUMN answers_hash TEXT; -- survey_record's, NULL while only listed

UPDATE record_summary
   SET (status, answers_hash) = (SELECT r.status, r.answers_hash FROM survey_record r
                                  WHERE r.household_id = record_summary.household_id
                                    AND r.round_id = record_summary.round_id);
