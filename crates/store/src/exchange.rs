//! The store's side of the exchange between installations: this installation's keys, the
//! installations it knows (peers), what each acknowledged, the origin signatures of relayed
//! entries, and imported batches applied all or nothing. `rasoat-batch` decides what is valid
//! (signatures, certificates, the file format); this module only keeps it, so every byte of SQL
//! stays in the store.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::journal::JournalEntry;
use crate::merge::{self, MergeReport};
use crate::report_memo::{ContentStamp, Touched};
use crate::{Store, UnixMillis};

/// This installation's secret keys as stored (`sync_identity`).
#[derive(Clone, PartialEq, Eq)]
pub struct StoredIdentity {
    pub installation_id: String,
    /// The Ed25519 signing seed.
    pub signing_secret: Vec<u8>,
    /// The age X25519 identity, as its text.
    pub encryption_secret: String,
}

// Secrets never reach a log or a panic message through `{:?}`.
impl std::fmt::Debug for StoredIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredIdentity")
            .field("installation_id", &self.installation_id)
            .finish_non_exhaustive()
    }
}

/// A known installation as stored: its identity card (JSON, checked by `rasoat-batch` when
/// read) and, for one vouched for by another installation, who vouched and the certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPeer {
    pub card_json: String,
    pub enrolled_by: Option<String>,
    pub certificate: Option<String>,
    /// The period the enrolling office granted (unix milliseconds); `None` for a peer vouched
    /// for by a certificate older than periods.
    pub not_before: Option<UnixMillis>,
    pub not_after: Option<UnixMillis>,
}

/// A peer to store: the card's fields the store indexes, the card itself, and how it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerRecord {
    pub installation_id: String,
    pub role: String,
    pub unit_code: String,
    pub signing_key: [u8; 32],
    pub encryption_key: String,
    pub card_json: String,
    /// `None` for an installation enrolled here; the issuer for one vouched for by a peer.
    pub enrolled_by: Option<String>,
    pub certificate: Option<String>,
    /// The period the enrolling office granted (unix milliseconds); `None` for a peer vouched
    /// for by a certificate older than periods.
    pub not_before: Option<UnixMillis>,
    pub not_after: Option<UnixMillis>,
}

/// A verified batch, ready to be kept: everything `apply_batch` writes in one transaction.
#[derive(Debug)]
pub struct IncomingBatch<'a> {
    pub batch_id: &'a str,
    pub sender: &'a str,
    /// SHA-256 of the whole file, lower-case hex.
    pub file_hash: &'a str,
    pub n_entries: u64,
    /// Installations vouched for by a certificate in the batch; stored unless enrolled here.
    pub vouched_peers: Vec<PeerRecord>,
    /// Answers carried by the batch: (content hash, household.v1 JSON).
    pub answers: &'a [(String, String)],
    /// Entries with their origin's signature, in the batch's order.
    pub entries: Vec<(JournalEntry, [u8; 64])>,
    /// Per origin, the seq ranges the sender left out because this installation may not read
    /// them: kept so the status vector passes over them.
    pub withheld: &'a BTreeMap<String, Vec<(i64, i64)>>,
    /// Rows of action logs carried by the batch, each with its origin's signature.
    pub actions: &'a [(crate::TravellingAction, [u8; 64])],
    /// Certificates the batch carries for this installation itself, checked by `rasoat-batch`.
    pub own_certificates: Vec<OwnCertificate>,
}

/// A certificate an office issued for this installation (`sync_own_certificate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnCertificate {
    /// The installation that issued it.
    pub issuer: String,
    /// The certificate as `rasoat-batch` writes it (JSON).
    pub certificate_json: String,
    /// When it arrived here (unchanged while the same certificate arrives again).
    pub received_at: UnixMillis,
}

/// An installation revoked by an office: entries it made up to `last_seq` stay valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub installation: String,
    pub revoked_at: UnixMillis,
    /// What the revoking office held of the installation's journal when it revoked it.
    pub last_seq: i64,
}

/// A revocation as kept here, with the office that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRevocation {
    pub revocation: Revocation,
    pub revoked_by: String,
}

/// What keeping a batch changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppliedBatch {
    pub merge: MergeReport,
    /// Entries already held (a copy, a late or repeated batch).
    pub duplicates: usize,
    /// Entries stored for the first time.
    pub new_entries: usize,
    /// Rows of action logs kept for the first time.
    pub new_actions: usize,
}

impl Store {
    /// This installation's keys, if it has any.
    pub fn stored_identity(&self) -> Result<Option<StoredIdentity>> {
        // Every exchange signs or decrypts with these keys: a moved installation's keys now
        // belong to its new machine.
        crate::moving::refuse_if_moved(&self.conn)?;
        Ok(self
            .conn
            .query_row(
                "SELECT installation_id, signing_secret, encryption_secret FROM sync_identity
                 WHERE singleton = 1",
                [],
                |r| {
                    Ok(StoredIdentity {
                        installation_id: r.get(0)?,
                        signing_secret: r.get(1)?,
                        encryption_secret: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Keeps this installation's keys. Refused (a constraint error) when it already has keys.
    pub fn save_identity(&mut self, identity: &StoredIdentity, at: UnixMillis) -> Result<()> {
        self.conn.execute(
            "INSERT INTO sync_identity (singleton, installation_id, signing_secret,
                                        encryption_secret, created_at)
             VALUES (1, ?1, ?2, ?3, ?4)",
            params![
                identity.installation_id,
                identity.signing_secret,
                identity.encryption_secret,
                at
            ],
        )?;
        Ok(())
    }

    /// A known installation by id.
    pub fn stored_peer(&self, id: &str) -> Result<Option<StoredPeer>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT card, enrolled_by, certificate, not_before, not_after
                 FROM sync_peer WHERE installation_id = ?1",
            )?
            .query_row([id], |r| {
                Ok(StoredPeer {
                    card_json: r.get(0)?,
                    enrolled_by: r.get(1)?,
                    certificate: r.get(2)?,
                    not_before: r.get(3)?,
                    not_after: r.get(4)?,
                })
            })
            .optional()?)
    }

    /// The ids of every known installation, in order.
    pub fn peer_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT installation_id FROM sync_peer ORDER BY installation_id")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Stores a peer; a direct enrolment replaces a certificate-vouched one.
    pub fn save_peer(&mut self, peer: &PeerRecord, at: UnixMillis) -> Result<()> {
        upsert_peer(&self.conn, peer, at)
    }

    /// What `peer` acknowledged holding, per origin (from its receipts).
    pub fn acknowledged(&self, peer: &str) -> Result<BTreeMap<String, i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT origin, seq FROM sync_ack WHERE peer = ?1")?;
        let rows = stmt.query_map([peer], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Marks what `peer` says it holds, never lowering an earlier acknowledgement. Returns how
    /// many entries are newly acknowledged.
    pub fn acknowledge(&mut self, peer: &str, holds: &BTreeMap<String, i64>) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let mut newly = 0;
        for (origin, seq) in holds {
            let before: i64 = tx.query_row(
                "SELECT COALESCE((SELECT seq FROM sync_ack WHERE peer = ?1 AND origin = ?2), 0)",
                params![peer, origin],
                |r| r.get(0),
            )?;
            if *seq > before {
                newly += seq - before;
                tx.execute(
                    "INSERT INTO sync_ack (peer, origin, seq) VALUES (?1, ?2, ?3)
                     ON CONFLICT (peer, origin) DO UPDATE SET seq = MAX(seq, excluded.seq)",
                    params![peer, origin, seq],
                )?;
            }
        }
        tx.commit()?;
        Ok(newly)
    }

    /// The origin's signature of a relayed entry, as received.
    pub fn entry_signature(&self, origin: &str, seq: i64) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT signature FROM sync_entry_signature WHERE origin = ?1 AND seq = ?2",
            )?
            .query_row(params![origin, seq], |r| r.get(0))
            .optional()?)
    }

    /// Whether a batch with this id was imported here.
    pub fn batch_imported(&self, batch_id: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sync_batch WHERE id = ?1)",
            [batch_id],
            |r| r.get(0),
        )?)
    }

    /// The rounds named by the survey entries of `origin` with `after < seq <= last`.
    pub fn rounds_named_between(
        &self,
        origin: &str,
        after: i64,
        last: i64,
    ) -> Result<BTreeSet<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT substr(entity_id, instr(entity_id, '/') + 1) FROM journal
             WHERE origin = ?1 AND seq > ?2 AND seq <= ?3 AND entity = 'survey'",
        )?;
        let named = stmt.query_map(params![origin, after, last], |r| r.get(0))?;
        Ok(named.collect::<rusqlite::Result<_>>()?)
    }

    /// The journal entry that created a round: (origin, seq).
    pub fn round_creation(&self, round_id: &str) -> Result<Option<(String, i64)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT origin, seq FROM journal
                 WHERE entity = 'round' AND entity_id = ?1 AND operation = 'create'
                 ORDER BY seq LIMIT 1",
            )?
            .query_row([round_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The journal entry with this id, if held.
    pub fn journal_entry(&self, id: &str) -> Result<Option<JournalEntry>> {
        merge::entry_by_id(&self.conn, id)
    }

    /// The id of the entry held at (origin, seq), if any.
    pub fn journal_id_at(&self, origin: &str, seq: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM journal WHERE origin = ?1 AND seq = ?2")?
            .query_row(params![origin, seq], |r| r.get(0))
            .optional()?)
    }

    /// The commune this store has on record for a household (its latest known place), if the
    /// household is known here: what an incoming edit is authorised against.
    pub fn household_commune(&self, household_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT commune_code FROM household WHERE id = ?1")?
            .query_row([household_id], |r| r.get(0))
            .optional()?)
    }

    /// Whether this store holds a round (its own or mapped from another installation's) of
    /// this year, kind and month: an incoming creation of it then only joins it.
    pub fn holds_round_like(&self, year: i32, kind: &str, month: u8) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM round WHERE year = ?1 AND kind = ?2 AND month = ?3)",
            )?
            .query_row(params![year, kind, month], |r| r.get(0))?)
    }

    /// Revokes an installation (a lost laptop): a journal entry of this installation that
    /// travels like any other, kept here at once. Entries of the revoked installation held here
    /// now stay valid; any later one is refused everywhere the revocation reaches.
    pub fn revoke_installation(
        &mut self,
        installation_id: &str,
        actor: &str,
        at: UnixMillis,
    ) -> Result<Revocation> {
        let this = self.installation()?;
        let last_seq = self
            .status_vector()?
            .get(installation_id)
            .copied()
            .unwrap_or(0);
        let revocation = Revocation {
            installation: installation_id.to_string(),
            revoked_at: at,
            last_seq,
        };
        let payload = serde_json::to_string(&revocation)?;
        let hash = crate::journal::content_hash(payload.as_bytes());
        let tx = self.conn.transaction()?;
        crate::journal::append(
            &tx,
            &this.id,
            at,
            &crate::journal::Change {
                entity: crate::journal::Entity::Installation,
                entity_id: installation_id,
                operation: "revoke",
                parent_hash: None,
                content_hash: &hash,
                actor,
                reason: "thu hồi máy / installation revoked",
                payload: &payload,
            },
        )?;
        keep_revocation(&tx, &revocation, &this.id)?;
        tx.commit()?;
        Ok(revocation)
    }

    /// The revocation of an installation, if this store learnt of one.
    pub fn revocation(&self, installation_id: &str) -> Result<Option<StoredRevocation>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT revoked_at, revoked_by, last_seq FROM sync_revocation
                 WHERE installation_id = ?1",
            )?
            .query_row([installation_id], |r| {
                Ok(StoredRevocation {
                    revocation: Revocation {
                        installation: installation_id.to_string(),
                        revoked_at: r.get(0)?,
                        last_seq: r.get(2)?,
                    },
                    revoked_by: r.get(1)?,
                })
            })
            .optional()?)
    }

    /// The certificates offices issued for this installation, by issuer.
    pub fn own_certificates(&self) -> Result<Vec<OwnCertificate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT issuer, certificate, received_at FROM sync_own_certificate ORDER BY issuer",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(OwnCertificate {
                issuer: r.get(0)?,
                certificate_json: r.get(1)?,
                received_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The household.v1 answers stored under `hash`, as JSON text.
    pub fn answers_json(&self, hash: &str) -> Result<Option<String>> {
        merge::answers_json(&self.conn, hash)
    }

    /// Keeps a verified batch, all or nothing: vouched peers, answers, new entries with their
    /// signatures, the records they change, and the batch itself (so it is never applied twice).
    pub fn apply_batch(
        &mut self,
        batch: IncomingBatch<'_>,
        at: UnixMillis,
    ) -> Result<AppliedBatch> {
        crate::moving::refuse_if_moved(&self.conn)?;
        // A stamp that cannot be read leaves the kept reports unable to follow this batch,
        // never the batch refused.
        let before = ContentStamp::of(&self.conn).unwrap_or(None);
        let (applied, rounds) = self.apply_batch_in(batch, at)?;
        // A batch of survey entries alone (a commune's forms) changes its rounds' figures and
        // no other's: the kept reports of the rest stay (`report_memo`). Any other entry (a
        // round, its settings, a standard, a village, a transfer, an opening list) may change
        // what every round counts, and the kept reports are all forgotten at the next ask.
        if let Some(rounds) = rounds {
            let after = ContentStamp::of(&self.conn).unwrap_or(None);
            self.reports.wrote(before, after, Touched::Rounds(&rounds));
        }
        Ok(applied)
    }

    /// [`Store::apply_batch`]'s transaction; with it the local rounds of its entries when
    /// every new entry is a survey record's.
    fn apply_batch_in(
        &mut self,
        batch: IncomingBatch<'_>,
        at: UnixMillis,
    ) -> Result<(AppliedBatch, Option<Vec<String>>)> {
        let tx = self.conn.transaction()?;
        for peer in &batch.vouched_peers {
            let direct: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM sync_peer WHERE installation_id = ?1
                                AND enrolled_by IS NULL)",
                [&peer.installation_id],
                |r| r.get(0),
            )?;
            if !direct {
                upsert_peer(&tx, peer, at)?;
            }
        }
        for own in &batch.own_certificates {
            tx.prepare_cached(
                "INSERT INTO sync_own_certificate (issuer, certificate, received_at)
                 VALUES (?1, ?2, ?3)
                 ON CONFLICT (issuer) DO UPDATE SET certificate = excluded.certificate,
                     received_at = excluded.received_at
                 WHERE certificate <> excluded.certificate",
            )?
            .execute(params![own.issuer, own.certificate_json, at])?;
        }
        for (hash, json) in batch.answers {
            merge::store_answers(&tx, hash, json)?;
        }
        let arrived: BTreeMap<&str, &str> = batch
            .answers
            .iter()
            .map(|(hash, json)| (hash.as_str(), json.as_str()))
            .collect();
        let mut stored = Vec::with_capacity(batch.entries.len());
        let mut duplicates = 0;
        for (entry, signature) in batch.entries {
            if merge::import_entry(&tx, &entry)? {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO sync_entry_signature (origin, seq, signature)
                     VALUES (?1, ?2, ?3)",
                )?
                .execute(params![
                    entry.origin,
                    entry.seq,
                    signature.as_slice()
                ])?;
                stored.push(entry);
            } else {
                duplicates += 1;
            }
        }
        let merge = merge::apply_entries(&tx, &stored, &arrived)?;
        let rounds = merge::survey_rounds(&tx, &stored)?;
        for (origin, ranges) in batch.withheld {
            for (first, last) in ranges {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO sync_withheld (origin, first, last) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![origin, first, last])?;
            }
        }
        let new_actions =
            crate::action_exchange::keep_received(&tx, batch.batch_id, batch.actions, at)?;
        tx.execute(
            "INSERT INTO sync_batch (id, sender, file_hash, n_entries, n_new, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                batch.batch_id,
                batch.sender,
                batch.file_hash,
                i64::try_from(batch.n_entries).unwrap_or(i64::MAX),
                stored.len() as i64,
                at
            ],
        )?;
        tx.commit()?;
        Ok((
            AppliedBatch {
                merge,
                duplicates,
                new_entries: stored.len(),
                new_actions,
            },
            rounds,
        ))
    }
}

/// Keeps a revocation; the first one learnt for an installation stands.
pub(crate) fn keep_revocation(
    conn: &rusqlite::Connection,
    revocation: &Revocation,
    revoked_by: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO sync_revocation (installation_id, revoked_at, revoked_by, last_seq)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        revocation.installation,
        revocation.revoked_at,
        revoked_by,
        revocation.last_seq
    ])?;
    Ok(())
}

fn upsert_peer(conn: &rusqlite::Connection, peer: &PeerRecord, at: UnixMillis) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_peer (installation_id, role, unit_code, signing_key, encryption_key,
                                card, enrolled_by, certificate, enrolled_at, not_before,
                                not_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (installation_id) DO UPDATE SET role = excluded.role,
             unit_code = excluded.unit_code, signing_key = excluded.signing_key,
             encryption_key = excluded.encryption_key, card = excluded.card,
             enrolled_by = excluded.enrolled_by, certificate = excluded.certificate,
             enrolled_at = excluded.enrolled_at, not_before = excluded.not_before,
             not_after = excluded.not_after",
        params![
            peer.installation_id,
            peer.role,
            peer.unit_code,
            peer.signing_key.as_slice(),
            peer.encryption_key,
            peer.card_json,
            peer.enrolled_by,
            peer.certificate,
            at,
            peer.not_before,
            peer.not_after
        ],
    )?;
    Ok(())
}
