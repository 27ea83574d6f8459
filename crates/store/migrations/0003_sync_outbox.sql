-- 0003: sync over HTTP (crates/server). Only adds tables: an older app can still open the store.
-- Append-only: never edit this file after release; add 0004_… instead.

-- Client side. Batches exported for a sync server and not yet acknowledged by its receipt, kept
-- byte for byte: a resumed upload must send the very same file (age encryption is randomised,
-- so exporting again would make a different one), and the server knows it by its batch id.
CREATE TABLE sync_outbox (
    batch_id    TEXT PRIMARY KEY,
    recipient   TEXT NOT NULL,            -- the server's installation id
    bytes       BLOB,                     -- NULL once acknowledged
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    ranges      TEXT NOT NULL,            -- JSON {origin: [first, last]}, from the manifest
    created_at  INTEGER NOT NULL,
    acknowledged_at INTEGER
) STRICT;

-- Client side. One row per sync pass, for the desktop's sync panel: no personal data, counts
-- and error codes only.
CREATE TABLE sync_history (
    id          INTEGER PRIMARY KEY,
    server      TEXT NOT NULL,            -- URL as given
    started_at  INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    batches_sent INTEGER NOT NULL,
    batches_pulled INTEGER NOT NULL,
    bytes_sent  INTEGER NOT NULL,
    error       TEXT                      -- stable code and message when not ok
) STRICT;

-- Server side. Uploads in progress, per sending installation and batch id; chunks are kept in
-- the store so a server restarted in the middle of an upload resumes where it stopped.
CREATE TABLE sync_upload (
    installation TEXT NOT NULL,
    batch_id     TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    received     INTEGER NOT NULL,
    started_at   INTEGER NOT NULL,
    PRIMARY KEY (installation, batch_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_upload_chunk (
    installation TEXT NOT NULL,
    batch_id     TEXT NOT NULL,
    offset       INTEGER NOT NULL,
    bytes        BLOB NOT NULL,
    PRIMARY KEY (installation, batch_id, offset),
    FOREIGN KEY (installation, batch_id) REFERENCES sync_upload (installation, batch_id)
        ON DELETE CASCADE
) STRICT;
