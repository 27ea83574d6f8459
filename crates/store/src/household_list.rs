//! The household list's own tables in display order (migration 0028), written by the store's
//! write paths: a record's rows after each write of it, its household's rows moved when the
//! household's place or head changes. One plain single-row statement per table, never a
//! trigger: a statement that fires triggers keeps a statement journal, a copy of every page
//! it changes, which made inserting 200,000 households half as dear again (docs/benchmarks.md).

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::households::{Snapshot, SummaryRow};
use crate::Store;

/// Where a household's rows sit in the list's order (besides the round and its id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListKey {
    commune_code: String,
    village: String,
    search_key: String,
}

impl ListKey {
    pub(crate) fn new(commune_code: &str, village: &str, search_key: &str) -> ListKey {
        ListKey {
            commune_code: commune_code.to_string(),
            village: village.to_string(),
            search_key: search_key.to_string(),
        }
    }
}

/// The household's place in the list's order as it is now, `None` before it is first written.
/// Read before a write that may change it, so that `moved` can find its old rows.
pub(crate) fn key_of(tx: &Connection, household_id: &str) -> Result<Option<ListKey>> {
    Ok(tx
        .prepare_cached("SELECT commune_code, village, search_key FROM household WHERE id = ?1")?
        .query_row([household_id], |r| {
            Ok(ListKey {
                commune_code: r.get(0)?,
                village: r.get(1)?,
                search_key: r.get(2)?,
            })
        })
        .optional()?)
}

/// Writes the list's two rows of one record from what the store holds for it (the view
/// `household_list_source`, whose reads are of pages the write just touched). Nothing when
/// the record does not exist.
pub(crate) fn write(tx: &Connection, household_id: &str, round_id: &str) -> Result<()> {
    let mut select = tx.prepare_cached(
        "SELECT round_n, commune_code, village, search_key, household_id, status, class,
                record_commune, record_village, code, head_name, listed_status, listed_members,
                members, surveyed_on, filled_by, filled_at, provisional, phieu_a
         FROM household_list_source WHERE household_id = ?1 AND round_id = ?2",
    )?;
    let mut row = select
        .query_row(params![household_id, round_id], row_values)
        .optional()?;
    if row.is_none() && number_round(tx, household_id, round_id)? {
        row = select
            .query_row(params![household_id, round_id], row_values)
            .optional()?;
    }
    let Some(v) = row else {
        return Ok(());
    };
    insert(tx, &v)
}

/// What a write of a record holds already of its list rows: the snapshot it wrote, the
/// household's key it wrote, and the summary row it computed from the answers.
#[derive(Debug)]
pub(crate) struct Known<'a> {
    pub snapshot: &'a Snapshot,
    pub listed: &'a ListKey,
    pub summary: &'a SummaryRow,
}

/// Writes the list's two rows of a record just written, from the values its write holds
/// instead of reading them back through the view: the bulk insert writes 200,000 of them.
/// Only the latest form-filling entry is read, as the view reads it (`rasoat check --full`
/// and every scenario's closing check compare both tables with the view).
pub(crate) fn write_known(tx: &Connection, known: &Known<'_>) -> Result<()> {
    let snapshot = known.snapshot;
    let round_n = match round_number(tx, &snapshot.round_id)? {
        Some(n) => n,
        None => {
            number_round(tx, &snapshot.household_id, &snapshot.round_id)?;
            match round_number(tx, &snapshot.round_id)? {
                Some(n) => n,
                None => return Ok(()),
            }
        }
    };
    let filled: Option<(String, i64)> = tx
        .prepare_cached(
            "SELECT actor, recorded_at FROM journal
              WHERE entity = 'survey' AND entity_id = ?1 || '/' || ?2 AND operation <> 'review'
              ORDER BY recorded_at DESC LIMIT 1",
        )?
        .query_row(params![snapshot.household_id, snapshot.round_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let (filled_by, filled_at) = filled.unzip();
    let result = snapshot.result.as_ref();
    let phieu_a = result
        .and_then(|r| r.phieu_a.as_ref())
        .map(serde_json::to_string)
        .transpose()?;
    let text = |t: &str| Value::Text(t.to_string());
    let optional_text = |t: Option<&str>| t.map_or(Value::Null, text);
    let optional_integer = |n: Option<i64>| n.map_or(Value::Null, Value::Integer);
    // Both places are the household's own: its row was written from this snapshot.
    insert(
        tx,
        &[
            Value::Integer(round_n),
            text(&known.listed.commune_code),
            text(&known.listed.village),
            text(&known.listed.search_key),
            text(&snapshot.household_id),
            text(snapshot.status.as_str()),
            optional_text(result.map(|r| r.class.as_str())),
            Value::Null,
            Value::Null,
            text(&snapshot.code),
            text(&snapshot.head_name),
            optional_text(snapshot.listing.status.as_deref()),
            optional_integer(snapshot.listing.members),
            Value::Integer(known.summary.members),
            optional_text(snapshot.surveyed_on.as_deref()),
            optional_text(filled_by.as_deref()),
            optional_integer(filled_at),
            optional_text(known.summary.provisional.as_deref()),
            optional_text(phieu_a.as_deref()),
        ],
    )
}

/// The round's small number in the list's keys, `None` before its first record.
fn round_number(tx: &Connection, round_id: &str) -> Result<Option<i64>> {
    Ok(tx
        .prepare_cached("SELECT n FROM list_round WHERE round_id = ?1")?
        .query_row([round_id], |r| r.get(0))
        .optional()?)
}

/// Inserts (or replaces) a record's two rows from the view's nineteen columns, in its order.
fn insert(tx: &Connection, v: &[Value]) -> Result<()> {
    // Single-row VALUES, not INSERT … SELECT: SQLite keeps a statement journal for a statement
    // that may write several rows, and copies each page it changes into it.
    tx.prepare_cached(
        "INSERT OR REPLACE INTO household_list (round_n, commune_code, village, search_key,
             household_id, status, class, record_commune, record_village)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]
    ])?;
    tx.prepare_cached(
        "INSERT OR REPLACE INTO household_list_row (round_n, commune_code, village,
             household_id, code, head_name, listed_status, listed_members, members, surveyed_on,
             filled_by, filled_at, provisional, phieu_a)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        v[0], v[1], v[2], v[4], v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18]
    ])?;
    Ok(())
}

fn row_values(r: &rusqlite::Row<'_>) -> rusqlite::Result<Vec<Value>> {
    (0..19).map(|i| r.get(i)).collect()
}

/// Gives a round its small number in the list's keys when a record of it exists and the round
/// has none yet (its first record). `true` when it numbered one.
fn number_round(tx: &Connection, household_id: &str, round_id: &str) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO list_round (round_id, n)
             SELECT ?2, COALESCE((SELECT MAX(n) FROM list_round), 0) + 1
              WHERE EXISTS (SELECT 1 FROM survey_record WHERE household_id = ?1 AND round_id = ?2)",
        )?
        .execute(params![household_id, round_id])?;
    Ok(n > 0)
}

/// After a write that may have changed the household's place or head: when its key differs
/// from `before`, its rows in every round move from the old key to the new one.
pub(crate) fn moved(tx: &Connection, household_id: &str, before: Option<&ListKey>) -> Result<()> {
    if before.is_none() {
        return Ok(());
    }
    match key_of(tx, household_id)? {
        Some(after) => moved_to(tx, household_id, before, &after),
        None => Ok(()),
    }
}

/// `moved`, for a write that knows the household's key after it (`after`).
pub(crate) fn moved_to(
    tx: &Connection,
    household_id: &str,
    before: Option<&ListKey>,
    after: &ListKey,
) -> Result<()> {
    let Some(before) = before else {
        return Ok(());
    };
    if before == after {
        return Ok(());
    }
    let rounds: Vec<(String, Option<i64>)> = tx
        .prepare_cached(
            "SELECT r.round_id, l.n FROM survey_record r
             LEFT JOIN list_round l ON l.round_id = r.round_id WHERE r.household_id = ?1",
        )?
        .query_map([household_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (round_id, n) in rounds {
        if let Some(n) = n {
            tx.prepare_cached(
                "DELETE FROM household_list WHERE round_n = ?1 AND commune_code = ?2
                   AND village = ?3 AND search_key = ?4 AND household_id = ?5",
            )?
            .execute(params![
                n,
                before.commune_code,
                before.village,
                before.search_key,
                household_id
            ])?;
            tx.prepare_cached(
                "DELETE FROM household_list_row WHERE round_n = ?1 AND commune_code = ?2
                   AND village = ?3 AND household_id = ?4",
            )?
            .execute(params![
                n,
                before.commune_code,
                before.village,
                household_id
            ])?;
        }
        write(tx, household_id, round_id.as_str())?;
    }
    Ok(())
}

/// Fills both tables from the rows they are derived from: at the migration that made them,
/// after the provisional answers of 0024 are known, in the list's order (so the B-trees are
/// written page after page).
pub(crate) fn fill(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM household_list;
         DELETE FROM household_list_row;
         INSERT OR IGNORE INTO list_round (round_id, n)
         SELECT id, (SELECT COALESCE(MAX(n), 0) FROM list_round)
                    + row_number() OVER (ORDER BY opened_at, id)
           FROM round WHERE id NOT IN (SELECT round_id FROM list_round);
         INSERT INTO household_list
         SELECT round_n, commune_code, village, search_key, household_id, status, class,
                record_commune, record_village
           FROM household_list_source
          ORDER BY round_n, commune_code, village, search_key, household_id;
         INSERT INTO household_list_row
         SELECT round_n, commune_code, village, household_id, code, head_name, listed_status,
                listed_members, members, surveyed_on, filled_by, filled_at, provisional, phieu_a
           FROM household_list_source
          ORDER BY round_n, commune_code, village, household_id;",
    )?;
    Ok(())
}

/// How many rows of the two tables differ from what the tables they are derived from say
/// (missing, extra or changed): 0 in a sound store.
pub(crate) fn mismatches(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM (
                   SELECT * FROM household_list EXCEPT
                   SELECT round_n, commune_code, village, search_key, household_id, status,
                          class, record_commune, record_village FROM household_list_source))
              + (SELECT count(*) FROM (
                   SELECT round_n, commune_code, village, search_key, household_id, status,
                          class, record_commune, record_village FROM household_list_source
                   EXCEPT SELECT * FROM household_list))
              + (SELECT count(*) FROM (
                   SELECT * FROM household_list_row EXCEPT
                   SELECT round_n, commune_code, village, household_id, code, head_name,
                          listed_status, listed_members, members, surveyed_on, filled_by,
                          filled_at, provisional, phieu_a FROM household_list_source))
              + (SELECT count(*) FROM (
                   SELECT round_n, commune_code, village, household_id, code, head_name,
                          listed_status, listed_members, members, surveyed_on, filled_by,
                          filled_at, provisional, phieu_a FROM household_list_source
                   EXCEPT SELECT * FROM household_list_row))",
        [],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(n).unwrap_or(0))
}

impl Store {
    /// How many rows of the household list's own tables differ from what the records,
    /// households, summary rows and journal say: 0 in a sound store. The list and its search
    /// read only those tables, so a drift would hide or misstate a household.
    pub fn household_list_mismatches(&self) -> Result<u64> {
        mismatches(&self.conn)
    }
}
