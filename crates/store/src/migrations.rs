//! Schema migrations: append-only SQL files applied in one transaction, and the
//! forward-compatibility level that makes an older app refuse a store a newer one changed.
//!
//! Two numbers, because installations in the field are upgraded at different times:
//! - `PRAGMA user_version` counts the migrations applied (the schema version);
//! - `store_meta.compat` is the lowest compatibility level an app must understand to use the
//!   store. A migration that only adds an index leaves it alone, so an older app can still open
//!   the store; one that changes meaning raises it, and older apps then refuse with a clear
//!   message instead of corrupting data.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::error::{Result, StoreError};

/// One migration file.
struct Migration {
    name: &'static str,
    sql: &'static str,
    /// The compatibility level the schema has once this migration is applied.
    compat: i64,
}

/// Never edit or reorder: only append.
const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "0001_init",
        sql: include_str!("../migrations/0001_init.sql"),
        compat: 1,
    },
    Migration {
        name: "0002_exchange",
        sql: include_str!("../migrations/0002_exchange.sql"),
        compat: 1,
    },
    Migration {
        name: "0003_sync_outbox",
        sql: include_str!("../migrations/0003_sync_outbox.sql"),
        compat: 1,
    },
    Migration {
        name: "0004_unit_households",
        sql: include_str!("../migrations/0004_unit_households.sql"),
        compat: 1,
    },
    Migration {
        name: "0005_answers_digest",
        sql: include_str!("../migrations/0005_answers_digest.sql"),
        compat: 1,
    },
    // Round method (filled by `rounds::fill_missing_methods` below) and Phiếu A's verdict.
    Migration {
        name: "0006_round_method_phieu_a",
        sql: include_str!("../migrations/0006_round_method_phieu_a.sql"),
        compat: 1,
    },
    // background sync: the desktop's sync history counts households.
    Migration {
        name: "0007_sync_history",
        sql: include_str!("../migrations/0007_sync_history.sql"),
        compat: 1,
    },
    // sync server: refused outbox batches. A file's number is its place in this list, which is
    // what the schema version counts.
    Migration {
        name: "0008_sync_outbox_refusals",
        sql: include_str!("../migrations/0008_sync_outbox_refusals.sql"),
        compat: 1,
    },
    // perf: the household list's partial index and the report's record_summary.
    Migration {
        name: "0009_list_and_report",
        sql: include_str!("../migrations/0009_list_and_report.sql"),
        compat: 1,
    },
    // The sync server's append-only audit log; a new table only, so compat stays.
    Migration {
        name: "0010_audit",
        sql: include_str!("../migrations/0010_audit.sql"),
        compat: 1,
    },
    // Entries left out of a batch because the recipient may not read them; a new table only.
    Migration {
        name: "0011_withheld",
        sql: include_str!("../migrations/0011_withheld.sql"),
        compat: 1,
    },
    // The form's typing buffer (local, never journalled); a new table only, so compat stays.
    Migration {
        name: "0012_form_scratch",
        sql: include_str!("../migrations/0012_form_scratch.sql"),
        compat: 1,
    },
    // People who sign in and the log of their actions; new tables only, so compat stays.
    Migration {
        name: "0013_people",
        sql: include_str!("../migrations/0013_people.sql"),
        compat: 1,
    },
    // The validity period of an enrolment: new nullable columns an older app leaves alone.
    Migration {
        name: "0014_certificate_validity",
        sql: include_str!("../migrations/0014_certificate_validity.sql"),
        compat: 1,
    },
    // Answers kept compressed: an older app would read a packed row as empty, so compat rises.
    Migration {
        name: "0015_answers_packed",
        sql: include_str!("../migrations/0015_answers_packed.sql"),
        compat: 2,
    },
    // The action log travels with the batches: other installations' rows, and what was sent
    // to whom; new tables only, so compat stays.
    Migration {
        name: "0016_action_log_travels",
        sql: include_str!("../migrations/0016_action_log_travels.sql"),
        compat: 1,
    },
    // Certificates offices issued for this installation; a new table only, so compat stays.
    Migration {
        name: "0017_own_certificate",
        sql: include_str!("../migrations/0017_own_certificate.sql"),
        compat: 1,
    },
    // The commune's list of villages: a new local table, so compat stays.
    Migration {
        name: "0018_villages",
        sql: include_str!("../migrations/0018_villages.sql"),
        compat: 1,
    },
    // Members read from the answers: the `member` table an older app writes to is dropped.
    Migration {
        name: "0019_members_from_answers",
        sql: include_str!("../migrations/0019_members_from_answers.sql"),
        compat: 2,
    },
    // The readings each round classifies by: a new table only, so compat stays.
    Migration {
        name: "0020_round_settings",
        sql: include_str!("../migrations/0020_round_settings.sql"),
        compat: 1,
    },
    // The commune's villages travel: new columns of a local table, so compat stays.
    Migration {
        name: "0021_villages_travel",
        sql: include_str!("../migrations/0021_villages_travel.sql"),
        compat: 2,
    },
    // The review state and answers' hash kept in `record_summary`: an older app would write
    // summary rows without them, so it must refuse the store.
    Migration {
        name: "0022_summary_status",
        sql: include_str!("../migrations/0022_summary_status.sql"),
        compat: 3,
    },
    // A province office as an installation: the `installation` table rebuilt with a wider
    // CHECK; an older app writes the same rows as before, so compat stays. Making a province
    // installation raises its own store's level (`PROVINCE_COMPAT`).
    Migration {
        name: "0023_province_installation",
        sql: include_str!("../migrations/0023_province_installation.sql"),
        compat: 1,
    },
    // Whether each record's class is provisional: an older app would write summary rows
    // without it, read as final, so it must refuse the store.
    Migration {
        name: "0024_provisional_class",
        sql: include_str!("../migrations/0024_provisional_class.sql"),
        compat: 4,
    },
    // The standards files an office loaded; a new table only.
    Migration {
        name: "0025_loaded_standards",
        sql: include_str!("../migrations/0025_loaded_standards.sql"),
        compat: 1,
    },
    // The opening list's review track of a transition round; a new table only.
    Migration {
        name: "0026_opening_review",
        sql: include_str!("../migrations/0026_opening_review.sql"),
        compat: 1,
    },
    // The list's "filled by, at" from the journal's entity index alone; an index only.
    Migration {
        name: "0027_journal_entity_filled",
        sql: include_str!("../migrations/0027_journal_entity_filled.sql"),
        compat: 1,
    },
    // The household list in its display order, in tables of its own that the store's write
    // paths keep in step: an older app would write records without them, so it must refuse
    // the store.
    Migration {
        name: "0028_household_list",
        sql: include_str!("../migrations/0028_household_list.sql"),
        compat: 6,
    },
    // The list's shown rows keyed by household id: an app of 0028 would write them with the
    // old columns, so it must refuse the store.
    Migration {
        name: "0029_household_list_row_by_id",
        sql: include_str!("../migrations/0029_household_list_row_by_id.sql"),
        compat: 7,
    },
    // What answers leave open for the class, kept in the answers' own row: an app of 0029
    // would write the table this drops, so it must refuse the store.
    Migration {
        name: "0030_answers_open_in_answers",
        sql: include_str!("../migrations/0030_answers_open_in_answers.sql"),
        compat: 8,
    },
    // The round's index by village widened to cover the report by unit and class; an older
    // app keeps any index up to date, so compat stays.
    Migration {
        name: "0031_round_village_covers_the_report",
        sql: include_str!("../migrations/0031_round_village_covers_the_report.sql"),
        compat: 8,
    },
    // The figures reports counted, kept with the generations of what they read, which
    // triggers move: an older app ignores the tables and still moves the generations.
    Migration {
        name: "0032_kept_figures",
        sql: include_str!("../migrations/0032_kept_figures.sql"),
        compat: 8,
    },
];

/// The compatibility level of a store whose installation is a province office: an app that
/// understands less has no word for that role and must refuse the store as newer.
pub const PROVINCE_COMPAT: i64 = 5;

/// The highest compatibility level this build understands.
pub const SUPPORTED_COMPAT: i64 = 8;

/// Raises the store's compatibility level to at least `level`, never lowers it, in the
/// caller's transaction. Both sides are compared as integers: SQLite orders any text above
/// any integer, so comparing the stored level with the level as text would always take the
/// new one, and a later migration of a lower level would lower the store's.
pub(crate) fn raise_compat(tx: &rusqlite::Transaction<'_>, level: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO store_meta (key, value) VALUES ('compat', CAST(?1 AS TEXT))
         ON CONFLICT (key) DO UPDATE
            SET value = CAST(MAX(CAST(value AS INTEGER), ?1) AS TEXT)",
        [level],
    )?;
    Ok(())
}

/// The schema version this build migrates to.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The schema version of a store once the migration `name` (e.g. `0028_household_list`) is
/// applied, or `None` when this build has no such migration: what a test that steps a store
/// back to an older schema sets `user_version` to, whatever migrations came after it.
pub fn version_after(name: &str) -> Option<i64> {
    MIGRATIONS
        .iter()
        .position(|m| m.name == name)
        .map(|i| i as i64 + 1)
}

/// Brings the store to the latest schema, or refuses a store from a newer app.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    check_compat(conn)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read again under the write lock: another process may have migrated meanwhile.
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let start = usize::try_from(version).unwrap_or(0);
    if start >= MIGRATIONS.len() {
        // Same version, or a newer app whose changes we are compatible with.
        return Ok(tx.commit()?);
    }
    for migration in &MIGRATIONS[start..] {
        tx.execute_batch(migration.sql)
            .map_err(|e| StoreError::Migration {
                name: migration.name,
                source: e,
            })?;
    }
    // The schema now has every migration, so its level is the highest of them all, not only
    // of those applied now: that also mends a store whose level an earlier build lowered.
    let compat = MIGRATIONS.iter().map(|m| m.compat).max().unwrap_or(1);
    // 0006 added `round.method`: existing rounds take their standard's default, which only
    // the domain knows, so it is filled here rather than in SQL, in the same transaction.
    crate::rounds::fill_missing_methods(&tx)?;
    // 0024's list of open answers per record, which only the domain can compute.
    crate::provisional::fill(&tx)?;
    // 0028's list tables, from the rows they are derived from (0024's provisional answers
    // included, just filled above), only when this run created them.
    if MIGRATIONS[start..]
        .iter()
        .any(|m| m.name == "0028_household_list")
    {
        crate::household_list::fill(&tx)?;
    }
    raise_compat(&tx, compat)?;
    tx.pragma_update(None, "user_version", latest_version())?;
    tx.commit()?;
    Ok(())
}

/// Refuses a store whose compatibility level is above ours.
fn check_compat(conn: &Connection) -> Result<()> {
    let has_meta: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_meta')",
        [],
        |r| r.get(0),
    )?;
    if !has_meta {
        return Ok(());
    }
    let found: Option<String> = conn
        .query_row(
            "SELECT value FROM store_meta WHERE key = 'compat'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let found = match found {
        Some(text) => text.parse::<i64>().map_err(|_| StoreError::StoredWord {
            what: "store_meta.compat",
            word: text.clone(),
        })?,
        None => 0,
    };
    if found > SUPPORTED_COMPAT {
        return Err(StoreError::NewerStore {
            found,
            supported: SUPPORTED_COMPAT,
        });
    }
    Ok(())
}
