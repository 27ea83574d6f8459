//! This installation: its UUIDv7 (the journal origin of every local change), its role and the
//! administrative unit it serves. Set once by `rasoat init`.

use rasoat_domain::workflow::Role;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::journal::{self, Change, Entity};
use crate::{new_id, Store, UnixMillis};

/// The installation a store belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Installation {
    pub id: String,
    pub role: Role,
    pub unit_code: String,
    pub created_at: UnixMillis,
}

impl Store {
    /// Makes this store an installation of `role` serving `unit_code`. The unit must be known
    /// (load the reference units first); a store is initialised once.
    pub fn init_installation(
        &mut self,
        role: Role,
        unit_code: &str,
        actor: &str,
        at: UnixMillis,
    ) -> Result<Installation> {
        self.init_installation_with_id(&new_id(at).to_string(), role, unit_code, actor, at)
    }

    /// Like `init_installation`, with a given id: the recipient of a golden batch (a fixture
    /// addressed to a fixed installation id), or an installation rebuilt from its backup. The
    /// id must be a UUID; everything else is as for a new installation.
    pub fn init_installation_with_id(
        &mut self,
        id: &str,
        role: Role,
        unit_code: &str,
        actor: &str,
        at: UnixMillis,
    ) -> Result<Installation> {
        let id = uuid::Uuid::parse_str(id)
            .map_err(|_| StoreError::InvalidInstallationId { id: id.to_string() })?
            .to_string();
        if let Some(existing) = self.installation_opt()? {
            return Err(StoreError::AlreadyInitialised { id: existing.id });
        }
        if !self.unit_exists(unit_code)? {
            return Err(StoreError::UnknownUnit {
                code: unit_code.to_string(),
            });
        }
        let installation = Installation {
            id,
            role,
            unit_code: unit_code.to_string(),
            created_at: at,
        };
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO installation (singleton, id, role, unit_code, created_at)
             VALUES (1, ?1, ?2, ?3, ?4)",
            params![installation.id, role.as_str(), unit_code, at],
        )?;
        if role == Role::Province {
            crate::migrations::raise_compat(&tx, crate::migrations::PROVINCE_COMPAT)?;
        }
        let payload = serde_json::to_string(&installation)?;
        let hash = journal::content_hash(payload.as_bytes());
        journal::append(
            &tx,
            &installation.id,
            at,
            &Change {
                entity: Entity::Installation,
                entity_id: &installation.id,
                operation: "create",
                parent_hash: None,
                content_hash: &hash,
                actor,
                reason: "khởi tạo máy / installation initialised",
                payload: &payload,
            },
        )?;
        tx.commit()?;
        Ok(installation)
    }

    /// The installation, or `NotInitialised`.
    pub fn installation(&self) -> Result<Installation> {
        self.installation_opt()?.ok_or(StoreError::NotInitialised)
    }

    pub(crate) fn installation_opt(&self) -> Result<Option<Installation>> {
        let row = self
            .conn
            .query_row(
                "SELECT id, role, unit_code, created_at FROM installation WHERE singleton = 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, role, unit_code, created_at)) = row else {
            return Ok(None);
        };
        let role = Role::parse(&role).ok_or_else(|| StoreError::StoredWord {
            what: "installation.role",
            word: role.clone(),
        })?;
        Ok(Some(Installation {
            id,
            role,
            unit_code,
            created_at,
        }))
    }

    /// Turns a copied or restored store into a new installation, id `new_id`: what a copy must
    /// do once its receivers refuse it as a fork (two stores writing as one installation).
    ///
    /// Entries of the old id up to the highest seq a peer acknowledged holding stay under the
    /// old id: they were delivered, and the other copy holds the same ones. Every later entry
    /// of the old id is this copy's alone (or one neither copy delivered yet): it moves to the
    /// new id, renumbered from 1 in the same order, its entry id, hashes and payload unchanged,
    /// so the records that point at it stay as they are. `signatures` are the old key's
    /// signatures over the kept entries, so this store can still relay them. The keys are
    /// dropped (the new installation makes its own and must be enrolled again), and so are
    /// batches still waiting to be sent, which carry the old id's entries.
    pub fn become_new_installation(
        &mut self,
        new_id: &str,
        signatures: &[(i64, Vec<u8>)],
    ) -> Result<NewInstallation> {
        let new_id = uuid::Uuid::parse_str(new_id)
            .map_err(|_| StoreError::InvalidInstallationId {
                id: new_id.to_string(),
            })?
            .to_string();
        let previous = self.installation()?.id;
        let tx = self.conn.transaction()?;
        let kept_through: i64 = tx.query_row(
            "SELECT COALESCE(MAX(seq), 0) FROM sync_ack WHERE origin = ?1",
            [&previous],
            |r| r.get(0),
        )?;
        for (seq, signature) in signatures {
            if *seq <= kept_through {
                tx.execute(
                    "INSERT OR REPLACE INTO sync_entry_signature (origin, seq, signature)
                     VALUES (?1, ?2, ?3)",
                    params![previous, seq, signature],
                )?;
            }
        }
        let moved = tx.execute(
            "UPDATE journal SET origin = ?1, seq = seq - ?3 WHERE origin = ?2 AND seq > ?3",
            params![new_id, previous, kept_through],
        )?;
        tx.execute(
            "UPDATE installation SET id = ?1 WHERE singleton = 1",
            [&new_id],
        )?;
        tx.execute("DELETE FROM sync_identity", [])?;
        // What the offices certified was the old id; the new one is certified anew.
        tx.execute("DELETE FROM sync_own_certificate", [])?;
        tx.execute("DELETE FROM sync_outbox WHERE acknowledged_at IS NULL", [])?;
        tx.commit()?;
        Ok(NewInstallation {
            previous,
            id: new_id,
            kept_through,
            moved: i64::try_from(moved).unwrap_or(i64::MAX),
        })
    }

    /// The highest seq of this installation's own entries some peer acknowledged holding.
    pub fn acknowledged_own(&self) -> Result<i64> {
        let this = self.installation()?.id;
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(seq), 0) FROM sync_ack WHERE origin = ?1",
            [&this],
            |r| r.get(0),
        )?)
    }
}

/// What `become_new_installation` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewInstallation {
    /// The id the copied store wrote under.
    pub previous: String,
    /// The new installation's id.
    pub id: String,
    /// Entries of the previous id up to this seq stay under it.
    pub kept_through: i64,
    /// Entries moved to the new id.
    pub moved: i64,
}
