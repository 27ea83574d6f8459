-- Certificates the offices issued for this installation, as they arrived in batches and pull
-- pages: the office and unit an office vouches this installation for, the period it granted
-- and its signature (a `rasoat-batch` enrolment certificate, JSON). What the window shows as
-- this installation's certification; one per issuing installation, the latest kept. Making
-- the store a new installation drops them: they certify the old id.
CREATE TABLE sync_own_certificate (
    issuer TEXT PRIMARY KEY,
    certificate TEXT NOT NULL,
    received_at INTEGER NOT NULL
);
