-- 0011: entries an installation was not sent because it may not read them, and revoked
-- installations.
-- Append-only: never edit this file after release.
--
-- A pull page or batch file carries only the entries about households of the recipient's
-- units; the seqs it leaves out are named as ranges instead, kept here, so the recipient's
-- status vector passes over them and nobody sends them again. A new table only: an older app
-- ignores it and at worst asks for the same entries again, so compat stays.
CREATE TABLE sync_withheld (
    origin TEXT NOT NULL,
    first  INTEGER NOT NULL,
    last   INTEGER NOT NULL CHECK (last >= first),
    PRIMARY KEY (origin, first, last)
) STRICT, WITHOUT ROWID;

-- Installations revoked (a lost or stolen laptop), by whom and from which of its entries on.
-- A revocation is a journal entry of the revoking office (entity `installation`, operation
-- `revoke`) and travels like any other; this table is what every receiver learnt from it.
-- Entries the installation made up to `last_seq` (what the revoking office held of it) stay
-- valid; anything after is refused, as is every batch it sends.
CREATE TABLE sync_revocation (
    installation_id TEXT PRIMARY KEY,
    revoked_at      INTEGER NOT NULL,
    revoked_by      TEXT NOT NULL,
    last_seq        INTEGER NOT NULL
) STRICT;
