-- 0023: a province office can be an installation. Đồng Văn's communes report to the province
-- (Tuyên Quang) since the district level ended on 1 July 2025, so `installation.role` takes
-- 'province' beside enumerator, commune and district.
-- SQLite cannot change a CHECK in place: the table is rebuilt the way its documentation says
-- (new table, copy, drop, rename). No other table, index, trigger or view names
-- `installation` (no foreign key points at it), so nothing else needs recreating; its one
-- index, the UNIQUE on `id`, comes back with the new table.
-- The compatibility level stays: an older app writes the same rows as before into the wider
-- table. A province installation itself raises its store's level when it is made (the
-- installation's init, in code), so an older app, which cannot read that role, refuses such a
-- store with its plain "made by a newer version" message instead of failing on the word.
-- Append-only: never edit this file after release.
CREATE TABLE installation_0023 (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    id         TEXT NOT NULL UNIQUE,      -- UUIDv7, the journal origin of every local change
    role       TEXT NOT NULL CHECK (role IN ('enumerator', 'commune', 'district', 'province')),
    unit_code  TEXT NOT NULL,             -- commune, district or province code it serves
    created_at INTEGER NOT NULL           -- unix milliseconds, passed in
) STRICT;

INSERT INTO installation_0023 (singleton, id, role, unit_code, created_at)
SELECT singleton, id, role, unit_code, created_at FROM installation;

DROP TABLE installation;
ALTER TABLE installation_0023 RENAME TO installation;
