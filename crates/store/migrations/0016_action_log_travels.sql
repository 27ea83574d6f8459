-- 0016: the action log travels to the office with the batches. Rows of other installations'
-- action logs, received in batches and kept per origin with the origin's signature (so a
-- commune relays its enumerators' rows to the district unchanged), and which rows this
-- installation already wrote into a batch for each recipient. Only adds tables: an older app
-- keeps working with the store.
-- Append-only: never edit this file after release.

CREATE TABLE action_log_received (
    origin      TEXT NOT NULL,
    -- The row's id in its origin's action_log.
    seq         INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    event       TEXT NOT NULL,
    person_id   TEXT,
    person_name TEXT,
    subject     TEXT,
    households  INTEGER NOT NULL DEFAULT 0,
    outcome     TEXT NOT NULL,
    -- The origin's Ed25519 signature over the row (batch format, `rasoat-action-v1`).
    signature   BLOB NOT NULL,
    batch_id    TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (origin, seq)
) STRICT;

CREATE INDEX action_log_received_at ON action_log_received (at);

-- Received like written: an audit that can be rewritten proves nothing.
CREATE TRIGGER action_log_received_no_update BEFORE UPDATE ON action_log_received
BEGIN
    SELECT RAISE(ABORT, 'action_log_received is append-only');
END;

CREATE TRIGGER action_log_received_no_delete BEFORE DELETE ON action_log_received
BEGIN
    SELECT RAISE(ABORT, 'action_log_received is append-only');
END;

-- Rows (this installation's own, origin = its id, or relayed ones) already written into a
-- batch for `recipient`: each goes to each office once.
CREATE TABLE action_log_sent (
    recipient TEXT NOT NULL,
    origin    TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    PRIMARY KEY (recipient, origin, seq)
) STRICT, WITHOUT ROWID;
