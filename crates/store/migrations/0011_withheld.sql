-- 0011: entries an installation was not sent because it may not read them.
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
