-- 0002: exchange between installations (crates/sync) and merging what other installations
-- sent (crates/store/src/merge.rs). Only adds tables: an older app can still open the store.
-- Append-only: never edit this file after release; add 0003_… instead.

-- This installation's keys. One row. Private: never logged, never exported, never in a batch.
CREATE TABLE sync_identity (
    singleton         INTEGER PRIMARY KEY CHECK (singleton = 1),
    installation_id   TEXT NOT NULL,
    signing_secret    BLOB NOT NULL,      -- Ed25519 seed, 32 bytes
    encryption_secret TEXT NOT NULL,      -- age X25519 identity, AGE-SECRET-KEY-1…
    created_at        INTEGER NOT NULL
) STRICT;

-- Installations whose batches and receipts this one accepts. Enrolled here from their identity
-- card (enrolled_by NULL), or vouched for by an enrolment certificate of a peer enrolled here
-- (an enumerator relayed through its commune).
CREATE TABLE sync_peer (
    installation_id TEXT PRIMARY KEY,
    role            TEXT NOT NULL,
    unit_code       TEXT NOT NULL,
    signing_key     BLOB NOT NULL,        -- Ed25519 public key, 32 bytes
    encryption_key  TEXT NOT NULL,        -- age recipient, age1…
    card            TEXT NOT NULL,        -- the identity card as received, byte for byte
    enrolled_by     TEXT,
    certificate     TEXT,                 -- enrolled_by's signature over the card (hex)
    enrolled_at     INTEGER NOT NULL
) STRICT;

-- The origin's signature of each entry received, so it can be relayed unchanged. Local entries
-- are signed when exported (Ed25519 is deterministic, so they are not stored).
CREATE TABLE sync_entry_signature (
    origin    TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    signature BLOB NOT NULL,
    PRIMARY KEY (origin, seq)
) STRICT, WITHOUT ROWID;

-- What each peer acknowledged holding (from its receipts): the next batch to it starts above.
CREATE TABLE sync_ack (
    peer   TEXT NOT NULL,
    origin TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (peer, origin)
) STRICT, WITHOUT ROWID;

-- Batches imported, so that importing one again changes nothing and says so.
CREATE TABLE sync_batch (
    id          TEXT PRIMARY KEY,
    sender      TEXT NOT NULL,
    file_hash   TEXT NOT NULL,
    n_entries   INTEGER NOT NULL,
    n_new       INTEGER NOT NULL,
    imported_at INTEGER NOT NULL
) STRICT;

-- Each installation opens its own round; another installation's round of the same year, kind
-- and month is the same review and maps onto the local one.
CREATE TABLE round_alias (
    foreign_id TEXT PRIMARY KEY,
    local_id   TEXT NOT NULL REFERENCES round (id)
) STRICT;

-- Survey records edited from the same parent on different installations. Both edits stay in
-- the journal; the record shows the provisional winner until a person resolves it.
CREATE TABLE record_conflict (
    household_id TEXT NOT NULL,
    round_id     TEXT NOT NULL,
    heads        TEXT NOT NULL,           -- JSON array of entry ids, provisional winner first
    PRIMARY KEY (household_id, round_id)
) STRICT;
