-- 0008: a batch the sync server refused for good is set aside instead of being sent again on
-- every pass (#6). Only adds columns with defaults: an older app and an older client keep
-- working (they would just go on retrying).
-- Append-only: never edit this file after release.

-- Upload tries of the batch (one per pass that tried it), and the last failure that is worth
-- retrying (`code: message`: a cut, a stall, a server error), for `rasoat sync status`.
ALTER TABLE sync_outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_outbox ADD COLUMN last_error TEXT;

-- Set when the server refused the batch with a code that will not change by trying again
-- (wrong unit, not enrolled, verification failed…): the batch waits for a person, who fixes
-- the cause and discards it (`rasoat sync discard`); its entries then go in a later batch.
ALTER TABLE sync_outbox ADD COLUMN refused_at INTEGER;
ALTER TABLE sync_outbox ADD COLUMN refusal_code TEXT;
ALTER TABLE sync_outbox ADD COLUMN refusal TEXT;
