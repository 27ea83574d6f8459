-- 0021: the commune's list of villages travels with its batches, to its enumerators and up to
-- the district, as journal entries of kind `village` (each the village's whole state, the
-- latest one winning).
-- A village gets a stable id, so a rename is the same village under a new name: the names it
-- had before are kept (`former_names`, a JSON array), and a household whose answers still name
-- one is found under the village it now is; its answers are never rewritten.
-- `journalled` says whether the village's present state has been written to the journal: the
-- villages listed before this migration have not, and are journalled at the commune's next
-- change of its list or next batch.
-- An existing village's id is its commune and its name, so the same village listed on two
-- installations from their records gets the same id on both.
-- New columns of a local table only, so compat stays.
-- Append-only: never edit this file after release.
ALTER TABLE village ADD COLUMN id TEXT;
ALTER TABLE village ADD COLUMN former_names TEXT NOT NULL DEFAULT '[]';
ALTER TABLE village ADD COLUMN journalled INTEGER NOT NULL DEFAULT 0 CHECK (journalled IN (0, 1));
UPDATE village SET id = commune_code || ':' || name;
CREATE UNIQUE INDEX village_id ON village (id);
