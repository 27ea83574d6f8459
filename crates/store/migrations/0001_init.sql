-- 0001: the first schema of an installation's store.
-- Append-only: never edit this file after release; add 0002_… instead.

-- Facts about the store itself. `compat` is the forward-compatibility level: an app refuses a
-- store whose level is above the one it understands (see migrations.rs).
CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Administrative units with their validity. The key is (code, valid_from) because a code can
-- be reused by a different territory after a merger (new xã Lũng Cú 00715 is not old xã Lũng
-- Cú 00715): never assume "same code, same territory".
CREATE TABLE admin_unit (
    code        TEXT NOT NULL,
    valid_from  TEXT NOT NULL,            -- YYYY-MM-DD
    valid_to    TEXT,                     -- last day of validity, NULL while it exists
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    kind        TEXT NOT NULL,            -- "Xã", "Thị trấn", "Phường", "Tỉnh", "Huyện"...
    parent_code TEXT,                     -- province or district code at the time
    source      TEXT NOT NULL,            -- legal or statistical source of the row
    PRIMARY KEY (code, valid_from)
) STRICT;

-- Old -> new, with the day the new unit took over and the legal basis.
CREATE TABLE admin_unit_succession (
    old_code       TEXT NOT NULL,
    old_valid_from TEXT NOT NULL,
    new_code       TEXT NOT NULL,
    new_valid_from TEXT NOT NULL,
    effective_on   TEXT NOT NULL,
    basis          TEXT NOT NULL,
    PRIMARY KEY (old_code, old_valid_from, new_code, new_valid_from),
    FOREIGN KEY (old_code, old_valid_from) REFERENCES admin_unit (code, valid_from),
    FOREIGN KEY (new_code, new_valid_from) REFERENCES admin_unit (code, valid_from)
) STRICT;

-- This installation. One row: a store file belongs to exactly one installation.
CREATE TABLE installation (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    id         TEXT NOT NULL UNIQUE,      -- UUIDv7, the journal origin of every local change
    role       TEXT NOT NULL CHECK (role IN ('enumerator', 'commune', 'district')),
    unit_code  TEXT NOT NULL,             -- commune or district code it serves
    created_at INTEGER NOT NULL           -- unix milliseconds, passed in
) STRICT;

-- Survey rounds: a periodic annual review, or a regular monthly one.
CREATE TABLE round (
    id          TEXT PRIMARY KEY,         -- UUIDv7
    year        INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('periodic', 'regular')),
    month       INTEGER NOT NULL CHECK (month BETWEEN 0 AND 12), -- 0 for periodic rounds
    standard_id TEXT NOT NULL,            -- the poverty standard used, e.g. nd07-2021
    state       TEXT NOT NULL CHECK (state IN ('open', 'closed', 'locked')),
    opened_at   INTEGER NOT NULL,
    UNIQUE (year, kind, month)
) STRICT;

-- Households: identity that stays the same across rounds. Location is the latest known; each
-- survey record keeps the location of its own round, so history survives a code change.
CREATE TABLE household (
    id           TEXT PRIMARY KEY,        -- UUIDv7 (household.v1 `id`)
    code         TEXT NOT NULL,           -- "Mã hộ", may be empty on imported lists
    province     TEXT NOT NULL,
    commune_code TEXT NOT NULL,
    village      TEXT NOT NULL,
    head_name    TEXT NOT NULL,           -- personal data: never logged
    search_key   TEXT NOT NULL,           -- lower-case, no diacritics: "nguyen van a 0012"
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID; -- small rows looked up by id: one B-tree instead of two
CREATE INDEX household_code ON household (code);
-- Why: re-importing a list must find the same household again without a code; and substring
-- search by head name or code scans this narrow index instead of the table (p95 well under
-- 100 ms at 200,000 households).
CREATE INDEX household_place_head ON household (commune_code, village, search_key);

-- household.v1 answers, content-addressed by the SHA-256 of their JSON. Stored once however
-- many records and journal entries name them; a batch carries the answers its entries name,
-- the way attachments travel before the entries that reference them.
CREATE TABLE answers (
    hash TEXT NOT NULL UNIQUE,
    json TEXT NOT NULL
) STRICT;

-- One survey record per household per round.
CREATE TABLE survey_record (
    household_id    TEXT NOT NULL REFERENCES household (id),
    round_id        TEXT NOT NULL REFERENCES round (id),
    commune_code    TEXT NOT NULL,        -- as it was for this round
    village         TEXT NOT NULL,
    surveyed_on     TEXT,                 -- YYYY-MM-DD, NULL until surveyed
    answers_hash    TEXT REFERENCES answers (hash), -- NULL while only listed
    listed_status   TEXT,                 -- "Hiện trạng" from the list (poor / near_poor / not_poor)
    listed_reason   TEXT,                 -- "Lý do rà soát" from the list
    listed_members  INTEGER,              -- "Số thành viên" from the list
    standard_id     TEXT,                 -- classification: the standard it used
    method          TEXT,
    class           TEXT CHECK (class IN ('poor', 'near_poor', 'middle', 'other')),
    score_a         INTEGER,
    score_b         INTEGER,
    deprived        TEXT,                 -- JSON array of indicator ids
    status          TEXT NOT NULL CHECK (status IN
                        ('draft', 'completed', 'returned', 'accepted', 'agreed', 'recognised', 'reported')),
    return_comment  TEXT,
    meeting_attendees INTEGER,
    meeting_agreeing  INTEGER,
    decision_number TEXT,
    decided_on      TEXT,
    content_hash    TEXT NOT NULL,        -- hash of the record's current content (journal parent)
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (household_id, round_id)
) STRICT, WITHOUT ROWID; -- the answers live in `answers`, so rows are small
-- Why: lists and reports filter one round by village, status or class.
-- (A status filter scans the round's part of this index: no index of its own, one less
-- B-tree to update on every save.)
CREATE INDEX survey_record_round_village ON survey_record (round_id, village);

-- Members as surveyed in one round (derived from `answers`, kept for search and reports).
CREATE TABLE member (
    household_id TEXT NOT NULL,
    round_id     TEXT NOT NULL,
    position     INTEGER NOT NULL,
    id           TEXT NOT NULL,           -- stable person id across rounds
    name         TEXT NOT NULL,           -- personal data: never logged
    relation     TEXT NOT NULL,
    birth        TEXT NOT NULL,
    sex          TEXT NOT NULL,
    ethnicity    TEXT NOT NULL,
    PRIMARY KEY (household_id, round_id, position),
    FOREIGN KEY (household_id, round_id) REFERENCES survey_record (household_id, round_id)
        ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- The journal: every change, written in the same transaction as the change. What batches and
-- sync carry. (origin, seq) is contiguous per origin; importing an entry twice is a no-op.
CREATE TABLE journal (
    id           TEXT PRIMARY KEY,        -- UUIDv7 of the entry
    origin       TEXT NOT NULL,           -- installation that made the change
    seq          INTEGER NOT NULL,        -- 1, 2, 3... per origin
    entity       TEXT NOT NULL,           -- 'installation', 'round', 'household', 'survey'
    entity_id    TEXT NOT NULL,
    operation    TEXT NOT NULL,           -- 'create', 'save', 'review', 'state'...
    parent_hash  TEXT,                    -- content hash of the entity before, NULL if new
    content_hash TEXT NOT NULL,           -- content hash of the entity after
    recorded_at  INTEGER NOT NULL,        -- unix milliseconds, passed in from outside
    actor        TEXT NOT NULL,           -- who (a user name or role, never a household's)
    reason       TEXT NOT NULL,           -- why
    payload      TEXT NOT NULL,           -- JSON enough to re-create the change elsewhere
    UNIQUE (origin, seq)
) STRICT;
CREATE INDEX journal_entity ON journal (entity, entity_id);

-- Each imported household list, so that a list is imported once and whole.
CREATE TABLE list_import (
    id          TEXT PRIMARY KEY,
    round_id    TEXT NOT NULL REFERENCES round (id),
    file_hash   TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    n_rows      INTEGER NOT NULL,
    n_imported  INTEGER NOT NULL,
    imported_at INTEGER NOT NULL
) STRICT;
