//! The people who sign in on an installation (migration 0013) and the append-only log of what
//! each of them did. An administrator adds people with a role, resets their PIN and disables
//! them; every change to people, every sign-in (and failed one), every unlock by the recovery
//! key, export of a file with names, import and review decision is a row of `action_log`, which
//! SQLite triggers keep append-only.
//!
//! The store's `person` table is the authority on who may sign in; the keys file only mirrors
//! names and roles for the locked sign-in screen, and a disabled person's key slot is removed,
//! so an edited keys file cannot bring them back.

use crate::report_memo::Touched;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::keys::{self, KeysFile, SignInName, Slot, SlotKind};
use crate::{new_id, Store, UnixMillis};

/// The longest idle lock an administrator may set: a working day. A laptop left open longer
/// than that is a laptop left open, and the window's timer stays far within what it can count.
pub const MAX_IDLE_LOCK_MINUTES: u32 = 480;

/// What a person does on the installation; only an administrator manages people and settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonRole {
    Administrator,
    /// Rà soát viên: fills in and completes the forms.
    Reviewer,
    /// Cán bộ xã: reviews, records the village meeting, approves or sends back.
    CommuneOfficer,
    /// Cán bộ huyện-tỉnh: imports batches, resolves conflicts, reports.
    DistrictOfficer,
}

impl PersonRole {
    pub const ALL: [PersonRole; 4] = [
        PersonRole::Administrator,
        PersonRole::Reviewer,
        PersonRole::CommuneOfficer,
        PersonRole::DistrictOfficer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PersonRole::Administrator => "administrator",
            PersonRole::Reviewer => "reviewer",
            PersonRole::CommuneOfficer => "commune_officer",
            PersonRole::DistrictOfficer => "district_officer",
        }
    }

    pub fn parse(word: &str) -> Option<PersonRole> {
        PersonRole::ALL.into_iter().find(|r| r.as_str() == word)
    }

    /// The Vietnamese name of the role.
    pub fn label_vi(self) -> &'static str {
        match self {
            PersonRole::Administrator => "quản trị viên",
            PersonRole::Reviewer => "rà soát viên",
            PersonRole::CommuneOfficer => "cán bộ xã",
            PersonRole::DistrictOfficer => "cán bộ huyện-tỉnh",
        }
    }

    /// Whether the role may add, reset and disable people and change the installation's
    /// settings (idle lock, a server's key file).
    pub fn manages_people(self) -> bool {
        self == PersonRole::Administrator
    }
}

/// A person of this installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role: PersonRole,
    pub created_at: UnixMillis,
    pub disabled_at: Option<UnixMillis>,
}

impl Person {
    /// How the journal names this person as the actor of a change: name and id, so two people
    /// of the same name stay apart.
    pub fn actor(&self) -> String {
        format!("{} [{}]", self.name, self.id)
    }
}

/// What a row of the action log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionEvent {
    SignIn,
    SignInFailed,
    RecoveryUnlock,
    RecoveryFailed,
    StoreEncrypted,
    PersonAdded,
    PersonDisabled,
    PinReset,
    PinChanged,
    ServiceKeyMade,
    SettingsChanged,
    ExportWithNames,
    Import,
    ReviewDecision,
    /// The installation left for another machine in a move file (`moving.rs`).
    MovedOut,
    /// The installation arrived from a move file.
    MovedIn,
}

impl ActionEvent {
    pub const ALL: [ActionEvent; 16] = [
        ActionEvent::SignIn,
        ActionEvent::SignInFailed,
        ActionEvent::RecoveryUnlock,
        ActionEvent::RecoveryFailed,
        ActionEvent::StoreEncrypted,
        ActionEvent::PersonAdded,
        ActionEvent::PersonDisabled,
        ActionEvent::PinReset,
        ActionEvent::PinChanged,
        ActionEvent::ServiceKeyMade,
        ActionEvent::SettingsChanged,
        ActionEvent::ExportWithNames,
        ActionEvent::Import,
        ActionEvent::ReviewDecision,
        ActionEvent::MovedOut,
        ActionEvent::MovedIn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionEvent::SignIn => "sign_in",
            ActionEvent::SignInFailed => "sign_in_failed",
            ActionEvent::RecoveryUnlock => "recovery_unlock",
            ActionEvent::RecoveryFailed => "recovery_failed",
            ActionEvent::StoreEncrypted => "store_encrypted",
            ActionEvent::PersonAdded => "person_added",
            ActionEvent::PersonDisabled => "person_disabled",
            ActionEvent::PinReset => "pin_reset",
            ActionEvent::PinChanged => "pin_changed",
            ActionEvent::ServiceKeyMade => "service_key_made",
            ActionEvent::SettingsChanged => "settings_changed",
            ActionEvent::ExportWithNames => "export_with_names",
            ActionEvent::Import => "import",
            ActionEvent::ReviewDecision => "review_decision",
            ActionEvent::MovedOut => "moved_out",
            ActionEvent::MovedIn => "moved_in",
        }
    }

    pub fn parse(word: &str) -> Option<ActionEvent> {
        ActionEvent::ALL.into_iter().find(|e| e.as_str() == word)
    }

    /// The Vietnamese words an administrator reads.
    pub fn label_vi(self) -> &'static str {
        match self {
            ActionEvent::SignIn => "đăng nhập",
            ActionEvent::SignInFailed => "đăng nhập sai",
            ActionEvent::RecoveryUnlock => "mở bằng khóa khôi phục",
            ActionEvent::RecoveryFailed => "khóa khôi phục sai",
            ActionEvent::StoreEncrypted => "mã hóa kho dữ liệu",
            ActionEvent::PersonAdded => "thêm người dùng",
            ActionEvent::PersonDisabled => "khóa người dùng",
            ActionEvent::PinReset => "đặt lại mã PIN",
            ActionEvent::PinChanged => "đổi mã PIN",
            ActionEvent::ServiceKeyMade => "tạo tệp khóa dịch vụ",
            ActionEvent::SettingsChanged => "đổi cài đặt",
            ActionEvent::ExportWithNames => "xuất tệp có tên",
            ActionEvent::Import => "nhập dữ liệu",
            ActionEvent::ReviewDecision => "quyết định rà soát",
            ActionEvent::MovedOut => "chuyển máy đi",
            ActionEvent::MovedIn => "chuyển máy đến",
        }
    }
}

/// Which rows of the action log to list: one person's, one kind, the newest `limit`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionFilter {
    /// Only what this person did (their id).
    pub person_id: Option<String>,
    pub event: Option<ActionEvent>,
    pub limit: usize,
}

/// One row of the action log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionRow {
    pub id: i64,
    pub at: UnixMillis,
    pub event: ActionEvent,
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    pub subject: Option<String>,
    pub households: i64,
    pub outcome: String,
}

pub(crate) fn append_action(
    conn: &rusqlite::Connection,
    at: UnixMillis,
    event: ActionEvent,
    person: Option<(&str, &str)>,
    subject: Option<&str>,
    households: i64,
    outcome: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO action_log (at, event, person_id, person_name, subject, households, outcome)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            at,
            event.as_str(),
            person.map(|p| p.0),
            person.map(|p| p.1),
            subject,
            households.max(0),
            outcome
        ],
    )?;
    Ok(())
}

fn person_from_row(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(String, String, String, i64, Option<i64>)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn person_from_parts(parts: (String, String, String, i64, Option<i64>)) -> Result<Person> {
    let (id, name, role, created_at, disabled_at) = parts;
    let role = PersonRole::parse(&role).ok_or_else(|| StoreError::StoredWord {
        what: "person.role",
        word: role.clone(),
    })?;
    Ok(Person {
        id,
        name,
        role,
        created_at,
        disabled_at,
    })
}

pub(crate) fn insert_person(conn: &rusqlite::Connection, person: &Person) -> Result<()> {
    conn.execute(
        "INSERT INTO person (id, name, role, created_at, disabled_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            person.id,
            person.name,
            person.role.as_str(),
            person.created_at,
            person.disabled_at
        ],
    )?;
    Ok(())
}

impl Store {
    /// Every person of the installation, in the order they were added.
    pub fn people(&self) -> Result<Vec<Person>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, role, created_at, disabled_at FROM person ORDER BY created_at, id",
        )?;
        let rows = stmt
            .query_map([], person_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(person_from_parts).collect()
    }

    /// One person, or `UnknownPerson`.
    pub fn person(&self, id: &str) -> Result<Person> {
        let row = self
            .conn
            .query_row(
                "SELECT id, name, role, created_at, disabled_at FROM person WHERE id = ?1",
                [id],
                person_from_row,
            )
            .optional()?;
        row.map(person_from_parts)
            .transpose()?
            .ok_or(StoreError::UnknownPerson)
    }

    /// `by` as the store knows them now, refused unless an active administrator.
    pub(crate) fn administrator(&self, by: &Person) -> Result<Person> {
        let current = self.person(&by.id)?;
        if current.disabled_at.is_some() {
            return Err(StoreError::PersonDisabled);
        }
        if !current.role.manages_people() {
            return Err(StoreError::NotAdministrator);
        }
        Ok(current)
    }

    fn keys_for_change(&self) -> Result<(std::path::PathBuf, keys::DataKey)> {
        let (Some(path), Some(key)) = (self.keys_path.clone(), self.key.clone()) else {
            return Err(StoreError::NotProtected);
        };
        Ok((path, key))
    }

    /// Adds a person with their own PIN; `by` must be an administrator.
    pub fn add_person(
        &mut self,
        by: &Person,
        name: &str,
        role: PersonRole,
        pin: &str,
        at: UnixMillis,
    ) -> Result<Person> {
        self.check_not_moved()?;
        let by = self.administrator(by)?;
        keys::check_new_pin(pin)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::UnknownPerson);
        }
        let (path, key) = self.keys_for_change()?;
        let person = Person {
            id: new_id(at).to_string(),
            name: name.to_string(),
            role,
            created_at: at,
            disabled_at: None,
        };
        // The slot first: a crash before the row leaves a slot nobody is allowed to use (the
        // row is the authority), never a person without a way in.
        let slot = Slot::wrap(&key, SlotKind::Person, &person.id, pin.as_bytes(), self.kdf)?;
        KeysFile::update(&path, |file| {
            file.put_slot(slot)?;
            file.people.push(SignInName {
                id: person.id.clone(),
                name: person.name.clone(),
                role: role.as_str().to_string(),
                disabled: false,
            });
            Ok(())
        })?;
        let tx = self.conn.transaction()?;
        insert_person(&tx, &person)?;
        append_action(
            &tx,
            at,
            ActionEvent::PersonAdded,
            Some((&by.id, &by.name)),
            Some(&person.id),
            0,
            "ok",
        )?;
        tx.commit()?;
        Ok(person)
    }

    /// Gives `person_id` a new PIN (a forgotten one): their slot is re-wrapped, the store is
    /// not re-encrypted. `by` must be an administrator.
    pub fn reset_pin(
        &mut self,
        by: &Person,
        person_id: &str,
        new_pin: &str,
        at: UnixMillis,
    ) -> Result<()> {
        self.check_not_moved()?;
        let by = self.administrator(by)?;
        let target = self.active_person(person_id)?;
        self.rewrap(&target, new_pin)?;
        append_action(
            &self.conn,
            at,
            ActionEvent::PinReset,
            Some((&by.id, &by.name)),
            Some(&target.id),
            0,
            "ok",
        )
    }

    /// Gives `person_id` a new PIN in a store opened by the recovery key (a forgotten PIN, or
    /// the only administrator's): the recovery key stands in for the administrator.
    pub fn reset_pin_after_recovery(
        &mut self,
        person_id: &str,
        new_pin: &str,
        at: UnixMillis,
    ) -> Result<()> {
        self.check_not_moved()?;
        if !self.by_recovery {
            return Err(StoreError::NotAdministrator);
        }
        let target = self.active_person(person_id)?;
        self.rewrap(&target, new_pin)?;
        append_action(
            &self.conn,
            at,
            ActionEvent::PinReset,
            None,
            Some(&target.id),
            0,
            "recovery_key",
        )
    }

    /// The signed-in person chooses a new PIN.
    pub fn change_pin(&mut self, person: &Person, new_pin: &str, at: UnixMillis) -> Result<()> {
        let current = self.active_person(&person.id)?;
        self.rewrap(&current, new_pin)?;
        append_action(
            &self.conn,
            at,
            ActionEvent::PinChanged,
            Some((&current.id, &current.name)),
            Some(&current.id),
            0,
            "ok",
        )
    }

    /// The person, refused when disabled: a disabled person gets no PIN back.
    fn active_person(&self, person_id: &str) -> Result<Person> {
        let person = self.person(person_id)?;
        if person.disabled_at.is_some() {
            return Err(StoreError::PersonDisabled);
        }
        Ok(person)
    }

    fn rewrap(&mut self, person: &Person, new_pin: &str) -> Result<()> {
        keys::check_new_pin(new_pin)?;
        let (path, key) = self.keys_for_change()?;
        let slot = Slot::wrap(
            &key,
            SlotKind::Person,
            &person.id,
            new_pin.as_bytes(),
            self.kdf,
        )?;
        KeysFile::update(&path, |file| {
            file.put_slot(slot)?;
            file.attempts.remove(&person.id);
            Ok(())
        })
    }

    /// Disables a person: their key slot is removed and the store refuses them even with an
    /// old copy of the keys file. The last active administrator cannot be disabled.
    pub fn disable_person(&mut self, by: &Person, person_id: &str, at: UnixMillis) -> Result<()> {
        self.check_not_moved()?;
        let by = self.administrator(by)?;
        let target = self.person(person_id)?;
        if target.disabled_at.is_some() {
            return Ok(());
        }
        if target.role.manages_people() {
            let admins = self
                .people()?
                .into_iter()
                .filter(|p| p.role.manages_people() && p.disabled_at.is_none())
                .count();
            if admins <= 1 {
                return Err(StoreError::LastAdministrator);
            }
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE person SET disabled_at = ?2 WHERE id = ?1",
            params![target.id, at],
        )?;
        append_action(
            &tx,
            at,
            ActionEvent::PersonDisabled,
            Some((&by.id, &by.name)),
            Some(&target.id),
            0,
            "ok",
        )?;
        tx.commit()?;
        let (path, _) = self.keys_for_change()?;
        KeysFile::update(&path, |file| {
            file.remove_slot(SlotKind::Person, &target.id);
            for p in &mut file.people {
                if p.id == target.id {
                    p.disabled = true;
                }
            }
            Ok(())
        })
    }

    /// Sets the desktop's idle lock (minutes, from 1 to `MAX_IDLE_LOCK_MINUTES`, a value
    /// outside taken to the nearer end); `by` must be an administrator. Returns the minutes set.
    pub fn set_idle_lock_minutes(
        &mut self,
        by: &Person,
        minutes: u32,
        at: UnixMillis,
    ) -> Result<u32> {
        self.check_not_moved()?;
        let by = self.administrator(by)?;
        let minutes = minutes.clamp(1, MAX_IDLE_LOCK_MINUTES);
        let (path, _) = self.keys_for_change()?;
        KeysFile::update(&path, |file| {
            file.idle_lock_minutes = Some(minutes);
            Ok(())
        })?;
        append_action(
            &self.conn,
            at,
            ActionEvent::SettingsChanged,
            Some((&by.id, &by.name)),
            Some(&format!("idle_lock_minutes={minutes}")),
            0,
            "ok",
        )?;
        Ok(minutes)
    }

    /// Writes a new service key file (0600) at `key_file` and a slot for it, so `rasoat serve`
    /// can unlock the store at start without a person; `by` must be an administrator.
    pub fn make_service_key(
        &mut self,
        by: &Person,
        key_file: &std::path::Path,
        at: UnixMillis,
    ) -> Result<()> {
        self.check_not_moved()?;
        let by = self.administrator(by)?;
        let (path, key) = self.keys_for_change()?;
        let secret = keys::ServiceSecret::generate()?;
        secret.write(key_file)?;
        let slot = Slot::wrap(
            &key,
            SlotKind::Service,
            keys::SERVICE_OWNER,
            secret.as_bytes(),
            self.kdf,
        )?;
        KeysFile::update(&path, |file| file.put_slot(slot))?;
        append_action(
            &self.conn,
            at,
            ActionEvent::ServiceKeyMade,
            Some((&by.id, &by.name)),
            None,
            0,
            "ok",
        )
    }

    /// Records an action of `person` (none for the service): an export of a file with names
    /// (`subject` the file's name, `households` how many), an import, a review decision.
    pub fn record_action(
        &mut self,
        at: UnixMillis,
        person: Option<&Person>,
        event: ActionEvent,
        subject: Option<&str>,
        households: i64,
    ) -> Result<()> {
        // The action log is no report's: the kept ones stay (`report_memo`).
        self.writing(Touched::NothingCounted, |store| {
            append_action(
                &store.conn,
                at,
                event,
                person.map(|p| (p.id.as_str(), p.name.as_str())),
                subject,
                households,
                "ok",
            )
        })
    }

    /// The newest `limit` rows of the action log, newest first.
    pub fn actions(&self, limit: usize) -> Result<Vec<ActionRow>> {
        self.actions_where(&ActionFilter {
            limit,
            ..ActionFilter::default()
        })
    }

    /// Every person of the installation, for the administrator's people screen; refused
    /// unless `by` is an active administrator.
    pub fn people_for(&self, by: &Person) -> Result<Vec<Person>> {
        self.administrator(by)?;
        self.people()
    }

    /// The rows of the action log `filter` asks for, newest first, for the administrator's
    /// audit screen; refused unless `by` is an active administrator.
    pub fn actions_for(&self, by: &Person, filter: &ActionFilter) -> Result<Vec<ActionRow>> {
        self.administrator(by)?;
        self.actions_where(filter)
    }

    fn actions_where(&self, filter: &ActionFilter) -> Result<Vec<ActionRow>> {
        let limit = i64::try_from(filter.limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare(
            "SELECT id, at, event, person_id, person_name, subject, households, outcome
             FROM action_log
             WHERE (?1 IS NULL OR person_id = ?1) AND (?2 IS NULL OR event = ?2)
             ORDER BY id DESC LIMIT ?3",
        )?;
        let rows = stmt
            .query_map(
                params![
                    filter.person_id.as_deref(),
                    filter.event.map(ActionEvent::as_str),
                    limit
                ],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, i64>(6)?,
                        r.get::<_, String>(7)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(
                |(id, at, event, person_id, person_name, subject, households, outcome)| {
                    let event =
                        ActionEvent::parse(&event).ok_or_else(|| StoreError::StoredWord {
                            what: "action_log.event",
                            word: event.clone(),
                        })?;
                    Ok(ActionRow {
                        id,
                        at,
                        event,
                        person_id,
                        person_name,
                        subject,
                        households,
                        outcome,
                    })
                },
            )
            .collect()
    }
}
