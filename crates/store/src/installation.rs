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

    fn installation_opt(&self) -> Result<Option<Installation>> {
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
}
