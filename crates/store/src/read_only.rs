//! A store whose installation moved to another machine is a read-only record of what it held.
//!
//! It still opens with every PIN and the recovery key, signs people in (the action log keeps
//! recording sign-ins and exports), and reads everything, so nothing is lost if the new machine
//! fails. Every change that matters is refused: journalled ones by the journal itself, and the
//! local ones that never reach the journal (people, PIN resets, the idle lock and the service
//! key, the village list, the form's typing buffer, households per unit) by one check,
//! `Store::check_not_moved`, called before anything is written, so the store and its keys file
//! stay exactly as they were.
//!
//! One change stays allowed: a person changing their own PIN. The old machine still holds every
//! household's names until it is wiped, and a PIN someone has seen must be changeable on it;
//! the change rewraps that person's own key slot and touches no table but the action log.
//!
//! The same refusal is in SQL (`MOVED_TRIGGERS`), created with the move mark and again at every
//! open of a moved store, so an app from before moves existed, which knows nothing of the mark,
//! cannot write the guarded tables either.

use crate::error::Result;
use crate::Store;

/// The tables a moved store refuses every write to, and the statements refused. The journal's
/// own trigger (`journal_refused_after_move`, on insert) predates this list and keeps its name.
const GUARDED: &[(&str, &[&str])] = &[
    ("person", &["INSERT", "UPDATE", "DELETE"]),
    ("village", &["INSERT", "UPDATE", "DELETE"]),
    ("form_scratch", &["INSERT", "UPDATE", "DELETE"]),
    ("round_settings", &["INSERT", "UPDATE", "DELETE"]),
    ("unit_households", &["INSERT", "UPDATE", "DELETE"]),
    ("sync_identity", &["INSERT", "UPDATE", "DELETE"]),
    // A batch exported from a moved store would be signed under an id that now writes on
    // another machine.
    ("sync_outbox", &["INSERT"]),
];

/// The text every refusing trigger raises.
pub(crate) const MOVED_RAISE: &str = "installation moved to another machine";

/// The triggers that refuse writes to a moved store, idempotent (`IF NOT EXISTS`).
pub(crate) fn moved_triggers() -> String {
    let mut sql = format!(
        "CREATE TRIGGER IF NOT EXISTS journal_refused_after_move BEFORE INSERT ON journal
         BEGIN SELECT RAISE(ABORT, '{MOVED_RAISE}'); END;\n"
    );
    for (table, statements) in GUARDED {
        for statement in *statements {
            let lower = statement.to_ascii_lowercase();
            sql.push_str(&format!(
                "CREATE TRIGGER IF NOT EXISTS {table}_{lower}_refused_after_move
                 BEFORE {statement} ON {table}
                 BEGIN SELECT RAISE(ABORT, '{MOVED_RAISE}'); END;\n"
            ));
        }
    }
    sql
}

/// Creates the refusing triggers when the store on `conn` is marked moved and lacks them (a
/// store moved by a version that guarded the journal only). Nothing on a store not moved.
pub(crate) fn keep_triggers(conn: &rusqlite::Connection) -> Result<()> {
    if crate::moving::moved_mark(conn)?.is_some() {
        conn.execute_batch(&moved_triggers())?;
    }
    Ok(())
}

impl Store {
    /// Refuses a change when this installation moved to another machine
    /// (`StoreError::InstallationMoved`, naming the day). Every change the journal does not
    /// see calls it before writing anything; a window or a background task may call it to
    /// say so before it starts.
    pub fn check_not_moved(&self) -> Result<()> {
        crate::moving::refuse_if_moved(&self.conn)
    }
}
