-- 0010: the sync server's audit log: who signed in, what was refused, uploaded, imported and
-- pulled, when, with counts and bytes. Installations and units only: never a person's name or
-- an ID number. Only adds a table: an older app keeps working with the store.
-- Append-only: never edit this file after release.

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    event        TEXT NOT NULL
                 CHECK (event IN ('sign_in', 'refusal', 'upload', 'import', 'pull')),
    -- For a refusal: what was refused (sign_in, upload, import or pull).
    action       TEXT CHECK (action IS NULL OR action IN ('sign_in', 'upload', 'import', 'pull')),
    installation TEXT,
    -- The installation's unit as enrolled here, when it is enrolled.
    unit_code    TEXT,
    entries      INTEGER NOT NULL DEFAULT 0,
    records      INTEGER NOT NULL DEFAULT 0,
    conflicts    INTEGER NOT NULL DEFAULT 0,
    bytes        INTEGER NOT NULL DEFAULT 0,
    -- `ok`, or the refusal code the caller received (docs/sync-protocol.md).
    outcome      TEXT NOT NULL
) STRICT;

CREATE INDEX audit_log_at ON audit_log (at);

-- An audit that can be rewritten proves nothing: rows are only ever added.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
