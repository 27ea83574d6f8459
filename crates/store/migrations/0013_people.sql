-- 0012: the people who sign in on this installation, and the append-only log of what each of
-- them did (sign-ins, failed sign-ins, unlocks by the recovery key, exports with names,
-- imports, review decisions, changes to people). Only adds tables: an older app keeps
-- working with the store (once it can open it).
-- Append-only: never edit this file after release.

CREATE TABLE person (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL
                CHECK (role IN ('administrator', 'reviewer', 'commune_officer', 'district_officer')),
    created_at  INTEGER NOT NULL,
    -- Set when an administrator disables the person; their key slot is removed at the same time.
    disabled_at INTEGER
) STRICT;

CREATE TABLE action_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    event       TEXT NOT NULL,
    -- Who did it: the signed-in person (or the person a failed try named).
    person_id   TEXT,
    person_name TEXT,
    -- What it touched: a file's name, a household's id, a person's id; never a household name.
    subject     TEXT,
    households  INTEGER NOT NULL DEFAULT 0,
    outcome     TEXT NOT NULL
) STRICT;

CREATE INDEX action_log_at ON action_log (at);

-- An audit that can be rewritten proves nothing: rows are only ever added.
CREATE TRIGGER action_log_no_update BEFORE UPDATE ON action_log
BEGIN
    SELECT RAISE(ABORT, 'action_log is append-only');
END;

CREATE TRIGGER action_log_no_delete BEFORE DELETE ON action_log
BEGIN
    SELECT RAISE(ABORT, 'action_log is append-only');
END;
