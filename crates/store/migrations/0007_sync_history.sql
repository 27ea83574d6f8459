-- 0007: what a cadre sees of each sync pass in the desktop app (#6). Only adds columns with
-- defaults: an older app, and the sync client that inserts the row, keep working unchanged.
-- Append-only: never edit this file after release.

-- Households, not only batches: a cadre counts households. Sent = distinct households in the
-- outbox batches the server acknowledged during the pass; received = survey records new or
-- changed here from what the pass pulled.
ALTER TABLE sync_history ADD COLUMN households_sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_history ADD COLUMN households_received INTEGER NOT NULL DEFAULT 0;

-- The outbox is read by "acknowledged since" after each pass.
CREATE INDEX sync_outbox_acknowledged ON sync_outbox (acknowledged_at);
