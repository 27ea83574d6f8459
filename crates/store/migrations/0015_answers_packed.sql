-- 0015: household answers kept compressed (zstd with the dictionary the app ships,
-- `answers.rs`): `packed` holds the compressed JSON and `json` is left empty. Rows written
-- before keep their JSON text with `packed` NULL; both read the same. An older app would read
-- the empty `json` of a packed row, so this migration raises the compatibility level: an
-- older app refuses the store instead of misreading it.
-- Append-only: never edit this file after release.
ALTER TABLE answers ADD COLUMN packed BLOB;
