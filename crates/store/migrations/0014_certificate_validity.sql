-- The validity period an enrolling office grants with a certificate: from not_before to
-- not_after (unix milliseconds, both inclusive bounds of the period). For an installation
-- enrolled here it is the period this office granted; for one vouched for by a certificate it
-- is the period the certificate's issuer granted, as signed.
ALTER TABLE sync_peer ADD COLUMN not_before INTEGER;
ALTER TABLE sync_peer ADD COLUMN not_after INTEGER;

-- Installations enrolled here before periods existed keep the default period (five years,
-- one poverty-standard period) from the day they were enrolled. Rows vouched for by an older
-- certificate stay without a period: such a certificate carries none, so it is relayed no
-- further until its issuer sends it again with one.
UPDATE sync_peer
   SET not_before = enrolled_at,
       not_after = enrolled_at + 5 * 365 * 86400000
 WHERE enrolled_by IS NULL;
