//! Households and their survey records: one record per household per round, holding the
//! household.v1 answers, the classification the caller computed (with the standard it used),
//! the review state and what each review step recorded.
//!
//! Every write goes through `write_record`, which stores the record, refreshes the household's
//! identity row and the members, and appends the journal entry, all in the caller's
//! transaction. The entry's payload is the whole record after the change, so another
//! installation can re-create it without knowing how it came about.
//!
//! Why this file is long: a household's save, read, list and search share the record's columns and
//! its journal write.

use rasoat_domain::phieu_a::PhieuAVerdict;
use rasoat_domain::workflow::{ReviewAction, ReviewState};
use rasoat_domain::{Household, Relation};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::journal::{self, Change, Entity};
use crate::rounds::load_round;
use crate::{Store, UnixMillis};

/// The classification of one household as the domain computed it; the store only keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyResult {
    /// The standard applied, e.g. `nd07-2021`.
    pub standard_id: String,
    /// How it was decided, e.g. `score` or `income`.
    pub method: String,
    /// `poor`, `near_poor`, `middle` or `other`.
    pub class: String,
    pub score_a: Option<i32>,
    pub score_b: Option<i32>,
    /// Ids of the indicators the household is deprived of.
    pub deprived: Vec<String>,
    /// Phiếu A's verdict, for a household that asked to be reviewed and was screened with it
    /// (kept as decided at the save, never recomputed when listed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phieu_a: Option<PhieuAVerdict>,
}

impl SurveyResult {
    fn check(&self) -> Result<()> {
        if !matches!(
            self.class.as_str(),
            "poor" | "near_poor" | "middle" | "other"
        ) {
            return Err(StoreError::InvalidClass {
                class: self.class.clone(),
            });
        }
        Ok(())
    }
}

/// What the household list said about a household (TT 07/2021 Phụ lục I), before the survey.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    /// "Hiện trạng": `poor`, `near_poor` or `not_poor`.
    pub status: Option<String>,
    /// "Lý do rà soát".
    pub reason: Option<String>,
    /// "Số thành viên".
    pub members: Option<i64>,
}

/// The full content of one survey record: what is hashed and journalled.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    pub household_id: String,
    pub round_id: String,
    pub code: String,
    pub province: String,
    pub commune_code: String,
    pub village: String,
    pub head_name: String,
    pub surveyed_on: Option<String>,
    /// Content hash of the household.v1 answers (table `answers`), `None` while only listed.
    pub answers_hash: Option<String>,
    pub listing: Listing,
    pub result: Option<SurveyResult>,
    pub status: ReviewState,
    pub review: Review,
}

/// What the review steps recorded on a record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub return_comment: Option<String>,
    pub meeting_attendees: Option<u32>,
    pub meeting_agreeing: Option<u32>,
    pub decision_number: Option<String>,
    pub decided_on: Option<String>,
}

/// The journal payload of a survey change (`write_record` builds its JSON by hand; the test
/// below keeps the two identical).
#[derive(Debug, Serialize)]
#[cfg_attr(not(test), allow(dead_code))]
struct SurveyPayload<'a> {
    /// The review step taken, when the change is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a ReviewAction>,
    record: &'a Snapshot,
}

/// What a save returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedRecord {
    pub household_id: String,
    pub round_id: String,
    /// The journal seq of the change.
    pub seq: i64,
    pub content_hash: String,
    pub status: ReviewState,
}

/// One line of `households list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdRow {
    pub id: String,
    pub code: String,
    pub head_name: String,
    pub commune_code: String,
    pub village: String,
    pub status: ReviewState,
    pub class: Option<String>,
    pub listed_status: Option<String>,
    pub n_members: Option<i64>,
    pub surveyed_on: Option<String>,
    /// Who last changed the answers (the journal's actor of the record's last entry that was
    /// not a review step), and when (unix ms): the commune's queue shows who filled the form.
    pub filled_by: Option<String>,
    pub filled_at: Option<i64>,
    /// The answers the class depends on that are still open (household.v1 paths, in the
    /// form's order): while any is, the class is provisional ("tạm tính"), never final.
    pub provisional: Vec<String>,
    /// Phiếu A's verdict kept with the record, for the window to show beside the row (read
    /// with the row from `household_list_row`, not looked up again by household id).
    #[serde(skip)]
    pub phieu_a: Option<PhieuAVerdict>,
}

/// A page of the list: its first rows and how many records match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdPage {
    pub rows: Vec<HouseholdRow>,
    /// Records matching, counted up to the limit asked for.
    pub matching: u64,
    /// More than `matching` records match (the count stopped there).
    pub more: bool,
}

/// A survey record in full (`households show`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyRecord {
    pub household_id: String,
    pub round_id: String,
    pub code: String,
    pub province: String,
    pub commune_code: String,
    pub village: String,
    pub head_name: String,
    pub surveyed_on: Option<String>,
    pub answers: Option<Household>,
    pub listing: Listing,
    pub result: Option<SurveyResult>,
    pub status: ReviewState,
    pub review: Review,
    pub content_hash: String,
}

/// Which households `list_households` returns.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// The round; `None` means the current open round.
    pub round_id: Option<String>,
    pub village: Option<String>,
    /// A listed village by its stable id: the households of its commune whose answers name it
    /// by its current name or any former one (`Store::village_choices`).
    pub village_id: Option<String>,
    pub status: Option<ReviewState>,
    /// Part of the head's name (with or without diacritics) or of the household code.
    pub text: Option<String>,
    /// `poor`, `near_poor`, `middle` or `other` (the class recorded with the record).
    pub class: Option<String>,
    /// Records sent back by the commune first: the enumerator must fix them.
    pub returned_first: bool,
    pub limit: Option<usize>,
}

/// The list's walk: `household_list`, a round's records in display order (the household's
/// commune, village and head name), each row holding what the filters read (migration 0028),
/// so SQLite neither sorts nor reads past the LIMIT nor looks anything up by household id.
const WALK: &str = "SELECT w.round_n, w.commune_code, w.village, w.household_id,
            w.status, w.class, w.record_commune, w.record_village
     FROM household_list w WHERE w.round_n = (SELECT n FROM list_round WHERE round_id = ?1)";
/// The walk's columns, for the returned records' query.
const WALKED: &str = "w.round_n, w.commune_code, w.village, w.household_id,
            w.status, w.class, w.record_commune, w.record_village";
const ROUND_N: &str = "(SELECT n FROM list_round WHERE round_id = ?1)";
const WALK_ORDER: &str = "ORDER BY w.commune_code, w.village, w.search_key, w.household_id";

/// One record the list's walk found: its place, its key in `household_list_row` and the columns
/// it filtered on.
struct Walked {
    round_n: i64,
    commune_code: String,
    village: String,
    household_id: String,
    status: String,
    class: Option<String>,
    /// The record's commune and village where they differ from the household's latest place.
    record_commune: Option<String>,
    record_village: Option<String>,
}

/// Lower-case ASCII folding of Vietnamese text, for search that ignores diacritics:
/// "Nguyễn Văn Ân" → "nguyen van an".
pub fn search_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Decomposed text (macOS, some spreadsheets) carries its tones and hats as combining marks
    // after the letter: dropped, so "Giàng" typed either way folds to "giang".
    for c in text
        .chars()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .flat_map(char::to_lowercase)
    {
        out.push(fold_vietnamese(c));
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fold_vietnamese(c: char) -> char {
    const GROUPS: [(&str, char); 7] = [
        ("àáạảãâầấậẩẫăằắặẳẵ", 'a'),
        ("èéẹẻẽêềếệểễ", 'e'),
        ("ìíịỉĩ", 'i'),
        ("òóọỏõôồốộổỗơờớợởỡ", 'o'),
        ("ùúụủũưừứựửữ", 'u'),
        ("ỳýỵỷỹ", 'y'),
        ("đ", 'd'),
    ];
    if c.is_ascii() {
        return c;
    }
    GROUPS
        .iter()
        .find(|(letters, _)| letters.contains(c))
        .map_or(c, |(_, plain)| *plain)
}

/// The head's name as the form gives it: the member whose relation is head, else the first.
pub fn head_name(household: &Household) -> &str {
    household
        .members
        .iter()
        .find(|m| m.relation == Some(Relation::Head))
        .or_else(|| household.members.first())
        .map_or("", |m| m.name.as_str())
}

pub(crate) fn record_key(household_id: &str, round_id: &str) -> String {
    format!("{household_id}/{round_id}")
}

/// Reads the current snapshot and content hash of a record.
pub(crate) fn read_snapshot(
    tx: &rusqlite::Connection,
    household_id: &str,
    round_id: &str,
) -> Result<Option<(Snapshot, String)>> {
    let row = tx
        .prepare_cached(
            "SELECT h.code, h.province, r.commune_code, r.village, h.head_name, r.surveyed_on,
                    r.answers_hash, r.listed_status, r.listed_reason, r.listed_members,
                    r.standard_id, r.method, r.class, r.score_a, r.score_b, r.deprived,
                    r.status, r.return_comment, r.meeting_attendees, r.meeting_agreeing,
                    r.decision_number, r.decided_on, r.content_hash, r.phieu_a
             FROM survey_record r JOIN household h ON h.id = r.household_id
             WHERE r.household_id = ?1 AND r.round_id = ?2",
        )?
        .query_row(params![household_id, round_id], |r| {
            Ok(RawRecord {
                code: r.get(0)?,
                province: r.get(1)?,
                commune_code: r.get(2)?,
                village: r.get(3)?,
                head_name: r.get(4)?,
                surveyed_on: r.get(5)?,
                answers: r.get(6)?,
                listed_status: r.get(7)?,
                listed_reason: r.get(8)?,
                listed_members: r.get(9)?,
                standard_id: r.get(10)?,
                method: r.get(11)?,
                class: r.get(12)?,
                score_a: r.get(13)?,
                score_b: r.get(14)?,
                deprived: r.get(15)?,
                status: r.get(16)?,
                return_comment: r.get(17)?,
                meeting_attendees: r.get(18)?,
                meeting_agreeing: r.get(19)?,
                decision_number: r.get(20)?,
                decided_on: r.get(21)?,
                content_hash: r.get(22)?,
                phieu_a: r.get(23)?,
            })
        })
        .optional()?;
    let Some(raw) = row else { return Ok(None) };
    let status = ReviewState::parse(&raw.status).ok_or_else(|| StoreError::StoredWord {
        what: "survey_record.status",
        word: raw.status.clone(),
    })?;
    let result = match (raw.standard_id, raw.method, raw.class) {
        (Some(standard_id), Some(method), Some(class)) => Some(SurveyResult {
            standard_id,
            method,
            class,
            score_a: raw.score_a,
            score_b: raw.score_b,
            deprived: match raw.deprived {
                Some(text) => serde_json::from_str(&text)?,
                None => Vec::new(),
            },
            phieu_a: raw
                .phieu_a
                .as_deref()
                .map(serde_json::from_str)
                .transpose()?,
        }),
        _ => None,
    };
    let snapshot = Snapshot {
        household_id: household_id.to_string(),
        round_id: round_id.to_string(),
        code: raw.code,
        province: raw.province,
        commune_code: raw.commune_code,
        village: raw.village,
        head_name: raw.head_name,
        surveyed_on: raw.surveyed_on,
        answers_hash: raw.answers,
        listing: Listing {
            status: raw.listed_status,
            reason: raw.listed_reason,
            members: raw.listed_members,
        },
        result,
        status,
        review: Review {
            return_comment: raw.return_comment,
            meeting_attendees: raw.meeting_attendees,
            meeting_agreeing: raw.meeting_agreeing,
            decision_number: raw.decision_number,
            decided_on: raw.decided_on,
        },
    };
    Ok(Some((snapshot, raw.content_hash)))
}

struct RawRecord {
    code: String,
    province: String,
    commune_code: String,
    village: String,
    head_name: String,
    surveyed_on: Option<String>,
    answers: Option<String>,
    listed_status: Option<String>,
    listed_reason: Option<String>,
    listed_members: Option<i64>,
    standard_id: Option<String>,
    method: Option<String>,
    class: Option<String>,
    score_a: Option<i32>,
    score_b: Option<i32>,
    deprived: Option<String>,
    status: String,
    return_comment: Option<String>,
    meeting_attendees: Option<u32>,
    meeting_agreeing: Option<u32>,
    decision_number: Option<String>,
    decided_on: Option<String>,
    content_hash: String,
    phieu_a: Option<String>,
}

/// `SurveyPayload` as JSON, built around the record's JSON so that a save serialises the
/// snapshot once.
fn survey_payload(action: Option<&ReviewAction>, record_json: &str) -> Result<String> {
    Ok(match action {
        Some(action) => format!(
            "{{\"action\":{},\"record\":{record_json}}}",
            serde_json::to_string(action)?
        ),
        None => format!("{{\"record\":{record_json}}}"),
    })
}

/// Who, when and why a write happens.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stamp<'a> {
    pub origin: &'a str,
    pub actor: &'a str,
    pub reason: &'a str,
    pub at: UnixMillis,
}

/// What a record's `record_summary` row is, from its record and its answers (members read
/// from the answers themselves): shared by `refresh_summary` and the check that every row
/// still says it.
macro_rules! summary_definition {
    () => {
        "SELECT r.round_id, r.household_id, r.commune_code, r.surveyed_on, r.village, r.class,
                r.deprived,
                (SELECT json_extract(rasoat_answers(a.json, a.packed), '$.area') FROM answers a
                  WHERE a.hash = r.answers_hash),
                (SELECT json_extract(m.value, '$.ethnicity')
                   FROM answers a, json_each(rasoat_answers(a.json, a.packed), '$.members') m
                  WHERE a.hash = r.answers_hash AND json_extract(m.value, '$.relation') = 'head'
                  ORDER BY m.key LIMIT 1),
                (SELECT json_group_array(json_extract(m.value, '$.ethnicity'))
                   FROM answers a, json_each(rasoat_answers(a.json, a.packed), '$.members') m
                  WHERE a.hash = r.answers_hash
                    AND json_extract(m.value, '$.relation') IN ('head', 'spouse')),
                (SELECT json_array_length(rasoat_answers(a.json, a.packed), '$.members')
                   FROM answers a WHERE a.hash = r.answers_hash),
                r.status, r.answers_hash,
                (SELECT a.open FROM answers a WHERE a.hash = r.answers_hash)
         FROM survey_record r"
    };
}

/// Rewrites a record's row of `record_summary` (migration 0009) from the record, its members
/// and its answers: called after every write of any of them, in the same transaction, so the
/// report's narrow copy never differs from them. The SELECT is the migration's.
pub(crate) fn refresh_summary(
    tx: &rusqlite::Connection,
    household_id: &str,
    round_id: &str,
) -> Result<()> {
    tx.prepare_cached(concat!(
        "INSERT OR REPLACE INTO record_summary (round_id, household_id, commune_code,
             surveyed_on, village, class, deprived, area, head_ethnicity,
             head_spouse_ethnicities, members, status, answers_hash, provisional) ",
        summary_definition!(),
        " WHERE r.household_id = ?1 AND r.round_id = ?2"
    ))?
    .execute(params![household_id, round_id])?;
    Ok(())
}

impl Store {
    /// How many `record_summary` rows differ from what their record, members and answers say
    /// (missing, extra or changed): 0 in a sound store. The report counts from that narrow
    /// copy, so a drift would change official figures without a trace.
    pub fn record_summary_mismatches(&self) -> Result<u64> {
        summary_mismatches(&self.conn)
    }
}

/// `Store::record_summary_mismatches` on a connection (the full check of a store file).
pub(crate) fn summary_mismatches(conn: &rusqlite::Connection) -> Result<u64> {
    let n: i64 = conn.query_row(
        concat!(
            "SELECT (SELECT count(*) FROM (SELECT * FROM record_summary EXCEPT ",
            summary_definition!(),
            ")) + (SELECT count(*) FROM (",
            summary_definition!(),
            " EXCEPT SELECT * FROM record_summary))"
        ),
        [],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// `refresh_summary` for a record whose answers are in hand: the same row, computed from the
/// snapshot and the parsed answers instead of read back from the tables it was just written
/// to (re-reading the answers' JSON was a tenth of a district import's time). The test
/// `record_summary_matches_its_definition` checks that both give the same row.
pub(crate) fn write_summary(
    tx: &rusqlite::Connection,
    snapshot: &Snapshot,
    round_id: &str,
    household: &Household,
) -> Result<SummaryRow> {
    let result = snapshot.result.as_ref();
    let deprived = result
        .map(|r| serde_json::to_string(&r.deprived))
        .transpose()?;
    // NULL while a draft's "Khu vực" is not answered, as the summary's definition reads it.
    let area = match serde_json::to_value(household.area)? {
        serde_json::Value::String(word) => Some(word),
        serde_json::Value::Null => None,
        other => {
            return Err(StoreError::StoredWord {
                what: "answers.area",
                word: other.to_string(),
            })
        }
    };
    let head_ethnicity = household
        .members
        .iter()
        .find(|m| m.relation == Some(Relation::Head))
        .map(|m| m.ethnicity.as_str());
    let head_spouse: Vec<&str> = household
        .members
        .iter()
        .filter(|m| matches!(m.relation, Some(Relation::Head | Relation::Spouse)))
        .map(|m| m.ethnicity.as_str())
        .collect();
    // Kept with the answers' hash, as the definition reads it back.
    let open = match &snapshot.answers_hash {
        Some(hash) => {
            let open = crate::provisional::open_text(household)?;
            crate::provisional::keep(tx, hash, &open)?;
            Some(open)
        }
        None => None,
    };
    tx.prepare_cached(
        "INSERT OR REPLACE INTO record_summary (round_id, household_id, commune_code,
             surveyed_on, village, class, deprived, area, head_ethnicity,
             head_spouse_ethnicities, members, status, answers_hash, provisional)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        round_id,
        snapshot.household_id,
        snapshot.commune_code,
        snapshot.surveyed_on,
        snapshot.village,
        result.map(|r| &r.class),
        deprived,
        area,
        head_ethnicity,
        serde_json::to_string(&head_spouse)?,
        household.members.len() as i64,
        snapshot.status.as_str(),
        snapshot.answers_hash,
        open,
    ])?;
    Ok(SummaryRow {
        members: household.members.len() as i64,
        provisional: open,
    })
}

/// What a summary row just written says that the household list shows beside it.
#[derive(Debug)]
pub(crate) struct SummaryRow {
    pub members: i64,
    pub provisional: Option<String>,
}

/// Stores `snapshot` as the record's new content and journals it. `members_of` is the household
/// of the new answers, when they changed: its summary row is computed from it.
pub(crate) fn write_record(
    tx: &Transaction<'_>,
    snapshot: &Snapshot,
    parent_hash: Option<&str>,
    members_of: Option<&Household>,
    action: Option<&ReviewAction>,
    operation: &str,
    stamp: Stamp<'_>,
) -> Result<SavedRecord> {
    let content = serde_json::to_string(snapshot)?;
    let hash = journal::content_hash(content.as_bytes());
    let payload = survey_payload(action, &content)?;
    let listed_at = crate::household_list::key_of(tx, &snapshot.household_id)?;
    let search_key = upsert_household(tx, snapshot, stamp.at, stamp.at)?;
    upsert_record(tx, snapshot, &snapshot.round_id, &hash, stamp.at)?;
    let summary = match members_of {
        Some(household) => Some(write_summary(tx, snapshot, &snapshot.round_id, household)?),
        None => {
            refresh_summary(tx, &snapshot.household_id, &snapshot.round_id)?;
            None
        }
    };
    let entity_id = record_key(&snapshot.household_id, &snapshot.round_id);
    let seq = journal::append(
        tx,
        stamp.origin,
        stamp.at,
        &Change {
            entity: Entity::Survey,
            entity_id: &entity_id,
            operation,
            parent_hash,
            content_hash: &hash,
            actor: stamp.actor,
            reason: stamp.reason,
            payload: &payload,
        },
    )?;
    // The household row now holds this snapshot's place and head (`upsert_household`).
    let listed =
        crate::household_list::ListKey::new(&snapshot.commune_code, &snapshot.village, &search_key);
    crate::household_list::moved_to(tx, &snapshot.household_id, listed_at.as_ref(), &listed)?;
    match summary {
        Some(summary) => crate::household_list::write_known(
            tx,
            &crate::household_list::Known {
                snapshot,
                listed: &listed,
                summary: &summary,
            },
        )?,
        None => crate::household_list::write(tx, &snapshot.household_id, &snapshot.round_id)?,
    }
    Ok(SavedRecord {
        household_id: snapshot.household_id.clone(),
        round_id: snapshot.round_id.clone(),
        seq,
        content_hash: hash,
        status: snapshot.status,
    })
}

/// Writes the household row of a snapshot, for a local change and for an imported entry alike;
/// returns the search key it wrote. `created_at` keeps the earliest instant any write names, so
/// the row does not depend on the order entries arrived in.
pub(crate) fn upsert_household(
    tx: &Transaction<'_>,
    snapshot: &Snapshot,
    created_at: UnixMillis,
    at: UnixMillis,
) -> Result<String> {
    let key = search_key(&format!("{} {}", snapshot.head_name, snapshot.code));
    // SQLite rewrites an index entry whenever its column is assigned, even to the value it
    // had: a save that keeps the code, place and head (nearly every save) would write a page
    // of `household_code` and one of `household_place_head` for nothing, and in an encrypted
    // store every page written is encrypted and authenticated (docs/benchmarks.md). So the
    // indexed columns are assigned only when one of them changed; the instants, which no
    // index holds, by the statement after.
    let changed = tx
        .prepare_cached(
            "INSERT INTO household (id, code, province, commune_code, village, head_name,
                                    search_key, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (id) DO UPDATE SET code = excluded.code, province = excluded.province,
                 commune_code = excluded.commune_code, village = excluded.village,
                 head_name = excluded.head_name, search_key = excluded.search_key,
                 created_at = MIN(created_at, excluded.created_at),
                 updated_at = excluded.updated_at
             WHERE code IS NOT excluded.code OR province IS NOT excluded.province
                 OR commune_code IS NOT excluded.commune_code OR village IS NOT excluded.village
                 OR head_name IS NOT excluded.head_name
                 OR search_key IS NOT excluded.search_key",
        )?
        .execute(params![
            snapshot.household_id,
            snapshot.code,
            snapshot.province,
            snapshot.commune_code,
            snapshot.village,
            snapshot.head_name,
            key,
            created_at,
            at,
        ])?;
    if changed == 0 {
        tx.prepare_cached(
            "UPDATE household SET created_at = MIN(created_at, ?2), updated_at = ?3
             WHERE id = ?1",
        )?
        .execute(params![snapshot.household_id, created_at, at])?;
    }
    Ok(key)
}

/// Writes a survey record's row from its snapshot (insert or replace): one statement shared by
/// local saves and by entries merged from other installations, so both write the same columns.
pub(crate) fn upsert_record(
    tx: &Transaction<'_>,
    snapshot: &Snapshot,
    round_id: &str,
    content_hash: &str,
    at: UnixMillis,
) -> Result<()> {
    let result = snapshot.result.as_ref();
    let deprived = result
        .map(|r| serde_json::to_string(&r.deprived))
        .transpose()?;
    let phieu_a = result
        .and_then(|r| r.phieu_a.as_ref())
        .map(serde_json::to_string)
        .transpose()?;
    tx.prepare_cached(
        "INSERT INTO survey_record (household_id, round_id, commune_code, village,
             surveyed_on, answers_hash, listed_status, listed_reason, listed_members, standard_id,
             method, class, score_a, score_b, deprived, status, return_comment,
             meeting_attendees, meeting_agreeing, decision_number, decided_on, content_hash,
             updated_at, phieu_a)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24)
         ON CONFLICT (household_id, round_id) DO UPDATE SET
             answers_hash = excluded.answers_hash,
             listed_status = excluded.listed_status, listed_reason =
             excluded.listed_reason, listed_members = excluded.listed_members,
             standard_id = excluded.standard_id, method = excluded.method,
             score_a = excluded.score_a, score_b =
             excluded.score_b, deprived = excluded.deprived, status =
             excluded.status, return_comment = excluded.return_comment,
             meeting_attendees = excluded.meeting_attendees, meeting_agreeing =
             excluded.meeting_agreeing, decision_number =
             excluded.decision_number, decided_on = excluded.decided_on,
             content_hash = excluded.content_hash, updated_at =
             excluded.updated_at, phieu_a = excluded.phieu_a",
    )?
    .execute(params![
        snapshot.household_id,
        round_id,
        snapshot.commune_code,
        snapshot.village,
        snapshot.surveyed_on,
        snapshot.answers_hash,
        snapshot.listing.status,
        snapshot.listing.reason,
        snapshot.listing.members,
        result.map(|r| &r.standard_id),
        result.map(|r| &r.method),
        result.map(|r| &r.class),
        result.and_then(|r| r.score_a),
        result.and_then(|r| r.score_b),
        deprived,
        snapshot.status.as_str(),
        snapshot.review.return_comment,
        snapshot.review.meeting_attendees,
        snapshot.review.meeting_agreeing,
        snapshot.review.decision_number,
        snapshot.review.decided_on,
        content_hash,
        at,
        phieu_a,
    ])?;
    // The columns an index holds (`survey_record_round_village`: village, commune, survey day,
    // class) apart, and only when one changed: SQLite rewrites an index entry whenever one of
    // its columns is assigned, even to the same value (as in `upsert_household`).
    tx.prepare_cached(
        "UPDATE survey_record SET village = ?3, commune_code = ?4, surveyed_on = ?5, class = ?6
         WHERE household_id = ?1 AND round_id = ?2
           AND (village IS NOT ?3 OR commune_code IS NOT ?4 OR surveyed_on IS NOT ?5
                OR class IS NOT ?6)",
    )?
    .execute(params![
        snapshot.household_id,
        round_id,
        snapshot.village,
        snapshot.commune_code,
        snapshot.surveyed_on,
        result.map(|r| &r.class),
    ])?;
    Ok(())
}

fn save_in(
    tx: &Transaction<'_>,
    round_id: &str,
    household: &Household,
    result: Option<&SurveyResult>,
    stamp: Stamp<'_>,
) -> Result<SavedRecord> {
    if let Some(result) = result {
        result.check()?;
    }
    let household_id = household.id.to_string();
    let existing = read_snapshot(tx, &household_id, round_id)?;
    let (listing, status, review, parent) = match existing {
        Some((old, hash)) => {
            if !old.status.answers_editable() {
                return Err(StoreError::NotEditable { state: old.status });
            }
            (old.listing, old.status, old.review, Some(hash))
        }
        None => (
            Listing::default(),
            ReviewState::Draft,
            Review::default(),
            None,
        ),
    };
    let answers = serde_json::to_string(household)?;
    let answers_hash = journal::content_hash(answers.as_bytes());
    crate::answers::store(tx, &answers_hash, &answers)?;
    let snapshot = Snapshot {
        household_id,
        round_id: round_id.to_string(),
        code: household.code.clone(),
        province: household.location.province.clone(),
        commune_code: household.location.commune.clone(),
        village: household.location.village.clone(),
        head_name: head_name(household).to_string(),
        surveyed_on: Some(household.surveyed_on.to_string()),
        answers_hash: Some(answers_hash),
        listing,
        result: result.cloned(),
        status,
        review,
    };
    write_record(
        tx,
        &snapshot,
        parent.as_deref(),
        Some(household),
        None,
        "save",
        stamp,
    )
}

impl Store {
    /// Saves a household's answers (and the classification the caller computed) into a round:
    /// creates the household on first sight, and the round's record in state draft. Refused
    /// when the round is not open, the record has left the enumerator's hands, or another
    /// household of the round already has its code (a household code names one household).
    pub fn save_household(
        &mut self,
        round_id: &str,
        household: &Household,
        result: Option<&SurveyResult>,
        actor: &str,
        at: UnixMillis,
    ) -> Result<SavedRecord> {
        self.writing_round(round_id, |store| {
            let installation = store.installation()?;
            store.check_not_moved_away(&household.id.to_string())?;
            let tx = store.conn.transaction()?;
            load_round(&tx, round_id)?.check_open()?;
            check_code_free(&tx, round_id, household)?;
            let saved = save_in(
                &tx,
                round_id,
                household,
                result,
                Stamp {
                    origin: &installation.id,
                    actor,
                    reason: "lưu phiếu / form saved",
                    at,
                },
            )?;
            tx.commit()?;
            Ok(saved)
        })
    }

    /// A code for a new household of `village`: after the highest-numbered code the village
    /// already has in the round (by its trailing number), and free in the round; `None` when
    /// the village has no numbered code yet.
    pub fn propose_code(&self, round_id: &str, village: &str) -> Result<Option<String>> {
        let codes: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT h.code FROM household h
                 JOIN survey_record r ON r.household_id = h.id AND r.round_id = ?1
                 WHERE r.village = ?2 AND h.code <> ''",
            )?
            .query_map(params![round_id, village], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let trailing = |code: &String| {
            let digits = code.len() - code.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            code[code.len() - digits..].parse::<u64>().ok()
        };
        let Some(mut next) = codes
            .iter()
            .filter_map(|c| trailing(c).map(|n| (n, c)))
            .max()
            .and_then(|(_, c)| code_after(c))
        else {
            return Ok(None);
        };
        // Another village may hold the next number already: step on until the code is free.
        let taken = |code: &str| -> Result<bool> {
            Ok(self
                .conn
                .prepare_cached(
                    // The households of that code first, as in `check_code_free`.
                    "SELECT 1 FROM household h
                     CROSS JOIN survey_record r ON r.household_id = h.id AND r.round_id = ?1
                     WHERE h.code = ?2 LIMIT 1",
                )?
                .query_row(params![round_id, code], |_| Ok(()))
                .optional()?
                .is_some())
        };
        for _ in 0..1000 {
            if !taken(&next)? {
                return Ok(Some(next));
            }
            match code_after(&next) {
                Some(after) => next = after,
                None => return Ok(None),
            }
        }
        Ok(None)
    }

    /// Saves many households in one transaction: all or none (bulk entry, synthetic data).
    pub fn save_households(
        &mut self,
        round_id: &str,
        households: &[(Household, Option<SurveyResult>)],
        actor: &str,
        at: UnixMillis,
    ) -> Result<Vec<SavedRecord>> {
        self.writing_round(round_id, |store| {
            let installation = store.installation()?;
            let tx = store.conn.transaction()?;
            load_round(&tx, round_id)?.check_open()?;
            let stamp = Stamp {
                origin: &installation.id,
                actor,
                reason: "lưu phiếu / form saved",
                at,
            };
            let mut saved = Vec::with_capacity(households.len());
            for (household, result) in households {
                saved.push(save_in(&tx, round_id, household, result.as_ref(), stamp)?);
            }
            tx.commit()?;
            Ok(saved)
        })
    }

    /// A household's record in a round.
    pub fn survey_record(&self, household_id: &str, round_id: &str) -> Result<SurveyRecord> {
        let (snapshot, content_hash) = read_snapshot(&self.conn, household_id, round_id)?
            .ok_or_else(|| StoreError::RecordNotFound {
                id: household_id.to_string(),
            })?;
        let answers = match &snapshot.answers_hash {
            Some(hash) => Some(self.answers(hash)?),
            None => None,
        };
        Ok(SurveyRecord {
            household_id: snapshot.household_id,
            round_id: snapshot.round_id,
            code: snapshot.code,
            province: snapshot.province,
            commune_code: snapshot.commune_code,
            village: snapshot.village,
            head_name: snapshot.head_name,
            surveyed_on: snapshot.surveyed_on,
            answers,
            listing: snapshot.listing,
            result: snapshot.result,
            status: snapshot.status,
            review: snapshot.review,
            content_hash,
        })
    }

    /// The household.v1 answers stored under a content hash.
    pub fn answers(&self, hash: &str) -> Result<Household> {
        stored_answers(&self.conn, hash)
    }

    /// Every round a household has a record in, oldest first: its history.
    pub fn household_rounds(&self, household_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.round_id FROM survey_record r JOIN round ON round.id = r.round_id
             WHERE r.household_id = ?1 ORDER BY round.year, round.month, round.opened_at",
        )?;
        let rows = stmt.query_map([household_id], |r| r.get(0))?;
        let ids: Vec<String> = rows.collect::<rusqlite::Result<_>>()?;
        if ids.is_empty() {
            return Err(StoreError::HouseholdNotFound {
                id: household_id.to_string(),
            });
        }
        Ok(ids)
    }

    /// Households of a round, filtered, in the list's order: returned records first when
    /// asked, then by commune, village and head name (the household's latest place, which is
    /// the order of the index `household_place_head`).
    pub fn list_households(&self, filter: &ListFilter) -> Result<Vec<HouseholdRow>> {
        let limit = filter.limit.map_or(u64::MAX, |l| l as u64);
        Ok(self.list_households_page(filter, limit)?.rows)
    }

    /// The first `filter.limit` rows of the list, and how many records match, counted up to
    /// `count_up_to` only: a broad search (a commune code) matches most of a 200,000-household
    /// round, and counting or sorting all of them cost seconds. The list walks
    /// `household_list` in display order and stops as soon as it has enough matches; the rows
    /// shown are read from `household_list_row` by round, place and household id (migrations
    /// 0028, 0029), a village's rows on few pages.
    pub fn list_households_page(
        &self,
        filter: &ListFilter,
        count_up_to: u64,
    ) -> Result<HouseholdPage> {
        let limit = filter.limit.map_or(u64::MAX, |l| l as u64);
        let wanted = count_up_to.max(limit);
        let found = self.matching(filter, wanted.saturating_add(1))?;
        let matching = found.len() as u64;
        let more = matching > wanted;
        let shown = usize::try_from(limit)
            .unwrap_or(usize::MAX)
            .min(found.len());
        let mut rows = Vec::with_capacity(shown);
        let mut stmt = self.conn.prepare_cached(
            "SELECT code, head_name, listed_status,
                    COALESCE(NULLIF(members, 0), listed_members), surveyed_on, filled_by,
                    filled_at, provisional, phieu_a
             FROM household_list_row
             WHERE round_n = ?1 AND commune_code = ?2 AND village = ?3 AND household_id = ?4",
        )?;
        for walked in &found[..shown] {
            let (mut line, phieu_a) = stmt.query_row(
                params![
                    walked.round_n,
                    walked.commune_code,
                    walked.village,
                    walked.household_id
                ],
                |r| {
                    let line = HouseholdRow {
                        id: walked.household_id.clone(),
                        code: r.get(0)?,
                        head_name: r.get(1)?,
                        commune_code: walked
                            .record_commune
                            .clone()
                            .unwrap_or_else(|| walked.commune_code.clone()),
                        village: walked
                            .record_village
                            .clone()
                            .unwrap_or_else(|| walked.village.clone()),
                        status: ReviewState::Draft,
                        class: walked.class.clone(),
                        listed_status: r.get(2)?,
                        n_members: r.get(3)?,
                        surveyed_on: r.get(4)?,
                        filled_by: r.get(5)?,
                        filled_at: r.get(6)?,
                        provisional: crate::provisional::parse(
                            r.get::<_, Option<String>>(7)?.as_deref(),
                        ),
                        phieu_a: None,
                    };
                    Ok((line, r.get::<_, Option<String>>(8)?))
                },
            )?;
            line.phieu_a = phieu_a
                .map(|text| serde_json::from_str(&text))
                .transpose()?;
            line.status =
                ReviewState::parse(&walked.status).ok_or_else(|| StoreError::StoredWord {
                    what: "household_list.status",
                    word: walked.status.clone(),
                })?;
            rows.push(line);
        }
        Ok(HouseholdPage {
            rows,
            matching: matching.min(wanted),
            more,
        })
    }

    /// How many records `list_households` would return without its limit.
    pub fn count_households(&self, filter: &ListFilter) -> Result<u64> {
        Ok(self.matching(filter, u64::MAX)?.len() as u64)
    }

    fn list_round(&self, filter: &ListFilter) -> Result<String> {
        Ok(match &filter.round_id {
            Some(id) => id.clone(),
            None => self.current_round()?.id,
        })
    }

    /// The first `up_to` matching records, in the list's order, with the walk's columns.
    fn matching(&self, filter: &ListFilter, up_to: u64) -> Result<Vec<Walked>> {
        let up_to = i64::try_from(up_to).unwrap_or(i64::MAX);
        let (conditions, args) = self.filter_sql(filter)?;
        let mut found = Vec::new();
        let run = |sql: String, n: i64, found: &mut Vec<Walked>| -> Result<()> {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(
                rusqlite::params_from_iter(
                    args.iter()
                        .map(|a| rusqlite::types::Value::Text(a.clone()))
                        .chain(std::iter::once(rusqlite::types::Value::Integer(n))),
                ),
                |r| {
                    Ok(Walked {
                        round_n: r.get(0)?,
                        commune_code: r.get(1)?,
                        village: r.get(2)?,
                        household_id: r.get(3)?,
                        status: r.get(4)?,
                        class: r.get(5)?,
                        record_commune: r.get(6)?,
                        record_village: r.get(7)?,
                    })
                },
            )?;
            for row in rows {
                found.push(row?);
            }
            Ok(())
        };
        let limit_arg = args.len() + 1;
        if filter.returned_first && filter.status.is_none() {
            // Returned records are few, and the partial index `survey_record_returned` holds
            // exactly them: sorting them is cheap. The rest then walks the ordered table.
            run(
                format!(
                    "SELECT {WALKED} FROM survey_record r INDEXED BY survey_record_returned
                     CROSS JOIN household h ON h.id = r.household_id
                     CROSS JOIN household_list w ON w.round_n = {ROUND_N}
                         AND w.commune_code = h.commune_code AND w.village = h.village
                         AND w.search_key = h.search_key AND w.household_id = h.id
                     WHERE r.round_id = ?1 AND r.status = 'returned' {conditions}
                     {WALK_ORDER} LIMIT ?{limit_arg}"
                ),
                up_to,
                &mut found,
            )?;
            let left = up_to - found.len() as i64;
            if left > 0 {
                run(
                    format!("{WALK} AND w.status <> 'returned' {conditions} {WALK_ORDER} LIMIT ?{limit_arg}"),
                    left,
                    &mut found,
                )?;
            }
        } else {
            run(
                format!("{WALK} {conditions} {WALK_ORDER} LIMIT ?{limit_arg}"),
                up_to,
                &mut found,
            )?;
        }
        Ok(found)
    }

    /// The conditions of a list filter on the walk's table `w` (after `WHERE w.round_n = …`),
    /// with their arguments (`?1` is the round).
    fn filter_sql(&self, filter: &ListFilter) -> Result<(String, Vec<String>)> {
        let mut args: Vec<String> = vec![self.list_round(filter)?];
        // A household transferred to another commune leaves the list of the commune it left:
        // that commune keeps its record (the history) but no longer edits it. Only a record
        // whose commune differs from the household's looks up the journal.
        let mut sql = String::from(
            " AND (w.record_commune IS NULL OR NOT EXISTS (SELECT 1 FROM journal j
                   WHERE j.entity = 'household' AND j.entity_id = w.household_id
                     AND j.operation = 'transfer'))",
        );
        if let Some(text) = &filter.text {
            // The key is already folded, so a plain substring test (instr, a memory search)
            // replaces LIKE and its per-character case folding. Each word on its own:
            // "giang lenh" finds "Lềnh Giàng …" too, parts in any order.
            for word in search_key(text).split_whitespace() {
                args.push(word.to_string());
                sql.push_str(&format!(" AND instr(w.search_key, ?{}) > 0", args.len()));
            }
        }
        if let Some(village) = &filter.village {
            args.push(village.clone());
            sql.push_str(&format!(
                " AND COALESCE(w.record_village, w.village) = ?{}",
                args.len()
            ));
        }
        if let Some(id) = &filter.village_id {
            match self.village_by_id(id)? {
                Some(village) => {
                    args.push(village.commune_code.clone());
                    sql.push_str(&format!(
                        " AND COALESCE(w.record_commune, w.commune_code) = ?{}",
                        args.len()
                    ));
                    let mut names = Vec::new();
                    for name in self.names_in_answers(&args[0], &village)? {
                        args.push(name);
                        names.push(format!("?{}", args.len()));
                    }
                    sql.push_str(&format!(
                        " AND COALESCE(w.record_village, w.village) IN ({})",
                        names.join(", ")
                    ));
                }
                // A village this installation does not hold has no households here.
                None => sql.push_str(" AND 0"),
            }
        }
        if let Some(status) = filter.status {
            args.push(status.as_str().to_string());
            sql.push_str(&format!(" AND w.status = ?{}", args.len()));
        }
        if let Some(class) = &filter.class {
            args.push(class.clone());
            sql.push_str(&format!(" AND w.class = ?{}", args.len()));
        }
        Ok((sql, args))
    }

    /// The household.v1 answers of every surveyed household of a round (listed-only records
    /// have no answers yet and are left out), in household id order.
    pub fn export_households(&self, round_id: &str) -> Result<Vec<Household>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.hash, a.json, a.packed FROM survey_record r
             JOIN answers a ON a.hash = r.answers_hash
             WHERE r.round_id = ?1 ORDER BY r.household_id",
        )?;
        let rows = stmt.query_map([round_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<Vec<u8>>>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (hash, json, packed) = row?;
            let text = crate::answers::text(json, packed, &hash)?;
            out.push(
                rasoat_domain::from_json(&text)
                    .map_err(|source| StoreError::StoredAnswers { source })?,
            );
        }
        Ok(out)
    }
}

/// The next code after `code`: its trailing number plus one, as wide as it was
/// (`00730-06-000145` → `00730-06-000146`); `None` when it does not end in a number.
pub fn code_after(code: &str) -> Option<String> {
    let digits = code.len() - code.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let (stem, number) = code.split_at(code.len() - digits);
    let next = number.parse::<u64>().ok()?.checked_add(1)?;
    Some(format!("{stem}{next:0digits$}"))
}

/// Refuses a code another household of the round already has, naming that household by its
/// village (never by a person's name). An empty code is not checked: a draft may not have one
/// yet.
fn check_code_free(tx: &Transaction<'_>, round_id: &str, household: &Household) -> Result<()> {
    let code = household.code.trim();
    if code.is_empty() {
        return Ok(());
    }
    // A household that already holds the code (two households brought with one code by
    // batches, listed until one is renumbered) saves as before: refusing it would refuse
    // every autosave of both forms, the renumbering of the other one aside.
    let held: Option<String> = tx
        .prepare_cached("SELECT code FROM household WHERE id = ?1")?
        .query_row(params![household.id.to_string()], |r| r.get(0))
        .optional()?;
    if held.as_deref().map(str::trim) == Some(code) {
        return Ok(());
    }
    let other: Option<String> = tx
        // CROSS JOIN keeps the households of that code as the outer loop (a few rows by
        // `household_code`): left to itself, without statistics, SQLite walked every record of
        // the round instead, 80 ms of each save at 200,000 households.
        .prepare_cached(
            "SELECT h.village FROM household h
             CROSS JOIN survey_record r ON r.household_id = h.id AND r.round_id = ?1
             WHERE h.code = ?2 AND h.id <> ?3 LIMIT 1",
        )?
        .query_row(params![round_id, code, household.id.to_string()], |r| {
            r.get(0)
        })
        .optional()?;
    match other {
        Some(village) => Err(StoreError::DuplicateCode {
            code: code.to_string(),
            // A draft may not name its village yet: said in words, never an empty pair of
            // brackets or a dash.
            village: Some(village).filter(|v| !v.trim().is_empty()),
        }),
        None => Ok(()),
    }
}

/// The household.v1 answers stored under a content hash, read on any connection or
/// transaction.
pub(crate) fn stored_answers(conn: &rusqlite::Connection, hash: &str) -> Result<Household> {
    let json = crate::answers::read(conn, hash)?.ok_or_else(|| StoreError::AnswersMissing {
        hash: hash.to_string(),
    })?;
    rasoat_domain::from_json(&json).map_err(|source| StoreError::StoredAnswers { source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hand_built_payload_is_the_serialised_one() {
        let snapshot = Snapshot {
            household_id: "h".into(),
            round_id: "r".into(),
            code: "c".into(),
            province: "08".into(),
            commune_code: "00721".into(),
            village: "v".into(),
            head_name: "n".into(),
            surveyed_on: None,
            answers_hash: None,
            listing: Listing::default(),
            result: None,
            status: ReviewState::Returned,
            review: Review::default(),
        };
        let record_json = serde_json::to_string(&snapshot).expect("json");
        let action = ReviewAction::Return {
            comment: "thiếu \"mã\"".into(),
        };
        for action in [None, Some(&action)] {
            let expected = serde_json::to_string(&SurveyPayload {
                action,
                record: &snapshot,
            })
            .expect("json");
            assert_eq!(
                survey_payload(action, &record_json).expect("payload"),
                expected
            );
        }
    }

    #[test]
    fn search_key_folds_vietnamese_letters() {
        assert_eq!(search_key("  Nguyễn Văn  ĐỨC "), "nguyen van duc");
        assert_eq!(search_key("Giàng Thị Mỷ HK-0012"), "giang thi my hk-0012");
        // The same name decomposed (letters followed by combining tone and hat marks).
        assert_eq!(
            search_key("Gia\u{300}ng Thi\u{323} My\u{309} HK-0012"),
            "giang thi my hk-0012"
        );
        assert_eq!(search_key("Nguye\u{302}\u{303}n"), "nguyen");
    }

    #[test]
    fn the_code_after_keeps_its_width() {
        assert_eq!(
            code_after("00730-06-000145").as_deref(),
            Some("00730-06-000146")
        );
        assert_eq!(code_after("HK-0999").as_deref(), Some("HK-1000"));
        assert_eq!(code_after("HK-99").as_deref(), Some("HK-100"));
        assert_eq!(code_after("HK-A"), None);
    }
}
