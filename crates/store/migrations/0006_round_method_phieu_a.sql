-- 0006: a round records the method it classifies by, and a survey record the Phiếu A verdict.
-- Only adds nullable columns: an older app can still open the store.
-- Append-only: never edit this file after release; add 0007_… instead.

-- 'score' (TT 07/2021 score A and B) or 'income' (measured 12-month income). Existing rounds
-- are filled right after this file runs, in the same transaction, by the domain's default for
-- their standard (rasoat_domain::classify::default_method): that rule lives only in the
-- domain, so no SQL here repeats it. NULL is read the same way (a round an older app opened).
ALTER TABLE round ADD COLUMN method TEXT CHECK (method IN ('score', 'income'));

-- Phiếu A's verdict for a household that asked to be reviewed, as the domain decided it when
-- the record was saved (JSON of rasoat_domain::phieu_a::PhieuAVerdict); NULL when the
-- household was not screened with Phiếu A.
ALTER TABLE survey_record ADD COLUMN phieu_a TEXT;
