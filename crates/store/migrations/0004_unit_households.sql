-- 0004: the official denominator of the summary reports. Only adds a table: an older app can
-- still open the store.
-- Append-only: never edit this file after release; add 0005_… instead.

-- "Tổng số hộ dân cư" of a unit for a review year, as the commune or district enters it from
-- the resident register (poverty-standards.md §3.4, §5.2): rates of poor and near-poor
-- households divide by it, not by the number of households reviewed. A unit is a commune or a
-- district version (code + valid_from, since codes were reused in 2025), or a village of a
-- commune (village <> ''). Figures about units, not households: not journalled, like the
-- reference units themselves.
CREATE TABLE unit_households (
    unit_code   TEXT NOT NULL,
    valid_from  TEXT NOT NULL,            -- the unit version's first day (admin_unit)
    village     TEXT NOT NULL DEFAULT '', -- '' for the commune or district itself
    year        INTEGER NOT NULL,         -- review year
    households  INTEGER NOT NULL CHECK (households >= 0),
    entered_by  TEXT NOT NULL,
    entered_at  INTEGER NOT NULL,         -- unix milliseconds, passed in
    PRIMARY KEY (unit_code, valid_from, village, year)
) STRICT, WITHOUT ROWID;
