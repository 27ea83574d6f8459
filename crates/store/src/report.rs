//! Summary reports of a round ("biểu tổng hợp"): for the whole installation, each commune and
//! each village — in the units as recorded, today's or the pre-2025 ones — the resident
//! households (the official denominator, entered per unit), the households reviewed and their
//! classes, the changes since the previous round, the deprivations, and breakdowns by ethnicity
//! and by area type.
//!
//! Everything here is counted from `record_summary` (migration 0009): one narrow row per
//! record with its place, class, deprived indicators, the head's and spouse's ethnicities and
//! the answers' area type, rewritten with every change of the record (`refresh_summary`), so a
//! report reads its round in one sweep and re-reads no household's JSON. The targets of the
//! resolution, which do need the answers, are in `targets.rs`.
//!
//! Which column of the official templates each figure is, and how sure that is, is said by
//! `summary_columns` (poverty-standards.md §3.4 knows one template only).
//!
//! Why this file is long: every summary table's SQL sits together, so that the tables count the
//! same households the same way.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rasoat_domain::standard::{Confidence, Standards};
use rasoat_domain::targets::{ethnicity_name_vi, KINH};
use rasoat_domain::workflow::ReviewState;
use rusqlite::{params, OptionalExtension};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Result, StoreError};
use crate::report_memo::{ContentStamp, Found, Reads};
use crate::rounds::{Round, RoundKind};
use crate::targets::SumsInput;
use crate::units::{AdminUnit, UnitBasis};
use crate::{Store, UnixMillis};

/// Rows of a report, from the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportLevel {
    /// The installation's whole territory (the district).
    District,
    Commune,
    Village,
}

/// The unit a row counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportUnit {
    pub level: ReportLevel,
    /// Commune or district code (`?` when a record's unit cannot be told).
    pub code: String,
    /// First day of the unit version (codes were reused in 2025).
    pub valid_from: String,
    pub name: String,
    /// The village, for village rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub village: Option<String>,
}

/// Where a row's "Tổng số hộ dân cư" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// Entered for the unit (`set_unit_households`).
    Entered,
    /// The sum of the figures entered for each of its parts (communes, villages).
    SumOfParts,
    /// Nothing entered: the round's reviewed households stand in (those still being entered
    /// are not in the classes, so not in the rates either), and the rates are not the official
    /// ones (the report says so).
    Reviewed,
}

/// What is counted for a unit or a group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Records of the round whose form is finished ("đã rà soát": completed or later,
    /// `ReviewState::is_reviewed`): the only ones the classes, the changes, the deprivations
    /// and the rates count.
    pub reviewed: u64,
    /// Records of the round still being entered ("đang nhập"): drafts, listed households not
    /// surveyed yet, forms sent back for correction. Counted here and nowhere else, whatever
    /// class their answers give so far.
    pub in_progress: u64,
    /// Reviewed records with a final class: a provisional one is counted in `provisional`.
    pub classified: u64,
    /// Records whose class is provisional ("tạm tính": answers it depends on are still open),
    /// finished or not: counted apart, never in the classes, the changes or the deprivations.
    #[serde(default)]
    pub provisional: u64,
    pub poor: u64,
    pub near_poor: u64,
    pub middle: u64,
    pub other: u64,
    /// Poor and near-poor households whose head or head's spouse is of an ethnic minority
    /// (Mẫu 7.8 notes).
    pub poor_ethnic_minority: u64,
    pub near_poor_ethnic_minority: u64,
    /// Of the households in this round, those poor / near-poor in the previous round.
    pub previous_poor: u64,
    pub previous_near_poor: u64,
    /// Poor before, not poor now.
    pub escaped_poverty: u64,
    /// Near-poor before, above near-poor now.
    pub escaped_near_poverty: u64,
    /// Poor now, near-poor before (and never poor in an earlier round).
    pub new_poor_from_near_poor: u64,
    /// Poor now, neither poor nor near-poor before (or no record), never poor earlier.
    pub new_poor_from_outside: u64,
    /// Poor now, not poor in the previous round, poor in a round before it ("tái nghèo").
    pub fell_back_into_poverty: u64,
    /// Near-poor now, poor before.
    pub near_poor_from_poor: u64,
    /// Near-poor now, above it before (or no record), never near-poor earlier ("phát sinh").
    pub new_near_poor: u64,
    /// Near-poor now, above it before, near-poor in a round before ("tái cận nghèo").
    pub fell_back_into_near_poverty: u64,
    /// Households deprived of each indicator of `RoundReport::indicators`, in that order.
    pub deprived: Vec<u64>,
}

impl Counts {
    fn with_indicators(n: usize) -> Counts {
        Counts {
            deprived: vec![0; n],
            ..Counts::default()
        }
    }

    /// Every record of the round, reviewed or not. The rates never divide by it: without an
    /// entered figure they divide by `reviewed`, the households the classes count.
    pub fn records(&self) -> u64 {
        self.reviewed + self.in_progress
    }

    /// A figure of this row by column key (`summary_columns`), for exports.
    pub fn get(&self, key: &str) -> Option<u64> {
        Some(match key {
            "reviewed" => self.reviewed,
            "in_progress" => self.in_progress,
            "records" => self.records(),
            "classified" => self.classified,
            "provisional" => self.provisional,
            "poor" => self.poor,
            "near_poor" => self.near_poor,
            "middle" => self.middle,
            "other" => self.other,
            "poor_ethnic_minority" => self.poor_ethnic_minority,
            "near_poor_ethnic_minority" => self.near_poor_ethnic_minority,
            "previous_poor" => self.previous_poor,
            "previous_near_poor" => self.previous_near_poor,
            "escaped_poverty" => self.escaped_poverty,
            "escaped_near_poverty" => self.escaped_near_poverty,
            "new_poor_from_near_poor" => self.new_poor_from_near_poor,
            "new_poor_from_outside" => self.new_poor_from_outside,
            "fell_back_into_poverty" => self.fell_back_into_poverty,
            "near_poor_from_poor" => self.near_poor_from_poor,
            "new_near_poor" => self.new_near_poor,
            "fell_back_into_near_poverty" => self.fell_back_into_near_poverty,
            _ => return None,
        })
    }
}

/// One unit's line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    pub unit: ReportUnit,
    /// "Tổng số hộ dân cư": the denominator of every rate of the row.
    pub resident_households: u64,
    pub denominator: Denominator,
    pub counts: Counts,
}

impl SummaryRow {
    /// `n` as a per cent of the resident households.
    pub fn rate(&self, n: u64) -> Option<f64> {
        rasoat_domain::targets::percent(n, self.resident_households)
    }
}

/// One line of a breakdown (an ethnic group, an area type): its rates divide by the group's
/// reviewed households (`Counts::reviewed`), since no register figure exists per group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    /// GSO ethnicity code, `dtts` (all ethnic-minority households), `?`, `urban` or `rural`.
    pub key: String,
    pub label_vi: String,
    pub counts: Counts,
}

/// An indicator column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorColumn {
    pub id: String,
    pub name_vi: String,
}

/// A summary report of one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundReport {
    pub round: Round,
    /// The periodic round of the latest earlier year, which the changes compare with.
    pub previous_round: Option<Round>,
    /// `recorded`, `new` or `old`.
    pub basis: String,
    pub indicators: Vec<IndicatorColumn>,
    /// The whole territory first, then each commune followed by its villages.
    pub rows: Vec<SummaryRow>,
    pub by_ethnicity: Vec<GroupRow>,
    pub by_area: Vec<GroupRow>,
}

/// A column of the summary table, as the exports lay it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// Key of `Counts::get`; `resident_households` and `*_rate` columns are the row's.
    pub key: String,
    pub header_vi: String,
    /// Whether an official template is known to have this column (poverty-standards.md §3.4).
    pub confidence: Confidence,
    /// Per cent of `resident_households` rather than a count.
    pub rate_of: Option<String>,
}

/// The columns of the summary table, in order. Confirmed: the columns of the near-poor summary
/// template seen (S55): resident households, near-poor (with DTTS), exits, returns, newly
/// arising, each with a per cent. Partial: the poor-household equivalents (Phiếu C's coding
/// "từ nghèo cũ / từ cận nghèo cũ / mới" and the template's shape). Unconfirmed: the rest.
pub fn summary_columns() -> Vec<Column> {
    use Confidence::{Confirmed as C, Partial as P, Unconfirmed as U};
    let count = |key: &str, header: &str, confidence| Column {
        key: key.into(),
        header_vi: header.into(),
        confidence,
        rate_of: None,
    };
    let rate = |key: &str, header: &str, confidence| Column {
        key: format!("{key}_rate"),
        header_vi: header.into(),
        confidence,
        rate_of: Some(key.into()),
    };
    vec![
        count("resident_households", "Tổng số hộ dân cư", C),
        count(
            "reviewed",
            "Số hộ đã rà soát (phiếu đã hoàn thành trở đi)",
            U,
        ),
        count(
            "in_progress",
            "Số hộ đang nhập (phiếu chưa hoàn thành, chưa tính vào các cột dưới)",
            U,
        ),
        count(
            "provisional",
            "Số hộ phân loại tạm tính (còn thiếu câu trả lời, chưa tính vào các cột dưới)",
            U,
        ),
        count("poor", "Hộ nghèo: số hộ", P),
        rate("poor", "Hộ nghèo: tỷ lệ (%)", P),
        count("poor_ethnic_minority", "Hộ nghèo DTTS: số hộ", P),
        rate("poor_ethnic_minority", "Hộ nghèo DTTS: tỷ lệ (%)", P),
        count("near_poor", "Hộ cận nghèo: số hộ", C),
        rate("near_poor", "Hộ cận nghèo: tỷ lệ (%)", C),
        count("near_poor_ethnic_minority", "Hộ cận nghèo DTTS: số hộ", C),
        rate(
            "near_poor_ethnic_minority",
            "Hộ cận nghèo DTTS: tỷ lệ (%)",
            C,
        ),
        count("middle", "Hộ có mức sống trung bình: số hộ", U),
        rate("middle", "Hộ có mức sống trung bình: tỷ lệ (%)", U),
        count("other", "Hộ khác: số hộ", U),
        rate("other", "Hộ khác: tỷ lệ (%)", U),
        count("previous_poor", "Hộ nghèo kỳ trước", P),
        count("previous_near_poor", "Hộ cận nghèo kỳ trước", C),
        count("escaped_poverty", "Thoát nghèo: số hộ", P),
        rate("escaped_poverty", "Thoát nghèo: tỷ lệ (%)", P),
        count("new_poor_from_near_poor", "Nghèo mới từ cận nghèo", P),
        count(
            "new_poor_from_outside",
            "Nghèo phát sinh mới (ngoài danh sách)",
            P,
        ),
        count("fell_back_into_poverty", "Tái nghèo", U),
        count("escaped_near_poverty", "Thoát cận nghèo: số hộ", C),
        rate("escaped_near_poverty", "Thoát cận nghèo: tỷ lệ (%)", C),
        count("near_poor_from_poor", "Cận nghèo từ hộ nghèo", P),
        count("new_near_poor", "Cận nghèo phát sinh mới", C),
        rate("new_near_poor", "Cận nghèo phát sinh: tỷ lệ (%)", C),
        count("fell_back_into_near_poverty", "Tái cận nghèo", C),
    ]
}

/// Which records a report counts.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub round_id: String,
    pub basis: UnitBasis,
    /// Only this commune (or, for a district code, the whole report).
    pub unit: Option<String>,
    /// Village rows under each commune.
    pub villages: bool,
    /// The changes since the previous periodic round (households that left poverty, fell
    /// into it, came back to it), which read the classes of every earlier round. Without
    /// them those columns are zero: for a trend, which shows the classes alone.
    pub changes: bool,
}

/// What a report is kept under, in the memo and in the file.
pub(crate) fn report_key(request: &ReportRequest) -> String {
    format!(
        "{}|{:?}|{:?}|{}|{}",
        request.round_id, request.basis, request.unit, request.villages, request.changes
    )
}

/// What a report reads: its round, and every earlier one for its changes or the old units.
pub(crate) fn report_reads(request: &ReportRequest) -> Reads {
    Reads::round(
        &request.round_id,
        request.changes || request.basis == UnitBasis::Old,
    )
}

/// A unit version resolved for a record.
pub(crate) type UnitVersion = (String, String, String); // code, valid_from, name

pub(crate) struct Resolver {
    units: Vec<AdminUnit>,
    successions: HashMap<(String, String), Vec<(String, String)>>,
    successors: HashSet<(String, String)>,
}

impl Resolver {
    fn new(store: &Store) -> Result<Resolver> {
        let units = store.units()?;
        let mut successions: HashMap<(String, String), Vec<(String, String)>> = HashMap::new();
        let mut stmt = store.conn.prepare(
            "SELECT old_code, old_valid_from, new_code, new_valid_from FROM admin_unit_succession",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                (r.get::<_, String>(2)?, r.get::<_, String>(3)?),
            ))
        })?;
        for row in rows {
            let (old, new) = row?;
            successions.entry(old).or_default().push(new);
        }
        let successors = successions.values().flatten().cloned().collect();
        Ok(Resolver {
            units,
            successions,
            successors,
        })
    }

    fn on(&self, code: &str, day: &str) -> Option<&AdminUnit> {
        self.units.iter().find(|u| {
            u.code == code
                && u.valid_from.as_str() <= day
                && u.valid_to.as_deref().is_none_or(|to| day <= to)
        })
    }

    fn version(&self, code: &str, valid_from: &str) -> Option<&AdminUnit> {
        self.units
            .iter()
            .find(|u| u.code == code && u.valid_from == valid_from)
    }

    /// Today's unit of a version: single successions followed; a split stays.
    fn forward<'a>(&'a self, unit: &'a AdminUnit) -> &'a AdminUnit {
        let mut current = unit;
        while let Some(next) = self
            .successions
            .get(&(current.code.clone(), current.valid_from.clone()))
        {
            let [only] = next.as_slice() else { break };
            match self.version(&only.0, &only.1) {
                Some(u) => current = u,
                None => break,
            }
        }
        current
    }

    fn is_successor(&self, unit: &AdminUnit) -> bool {
        self.successors
            .contains(&(unit.code.clone(), unit.valid_from.clone()))
    }
}

/// Puts each record of a round in a unit of the basis asked for.
pub(crate) struct Placer {
    resolver: Resolver,
    basis: UnitBasis,
    /// For the old units: each household's latest record before the round.
    earlier: HashMap<u128, (String, String, String)>,
    /// The last and first days of the round's year: where a record's commune is looked up
    /// when its survey date lies where that commune did not exist (a date typed wrong, which
    /// the form warns about), so the household still counts in its commune.
    round_days: [String; 2],
}

impl Placer {
    pub(crate) fn new(store: &Store, basis: UnitBasis, round: &Round) -> Result<Placer> {
        let resolver = Resolver::new(store)?;
        let mut earlier: HashMap<u128, (String, String, String)> = HashMap::new();
        if basis == UnitBasis::Old {
            let mut stmt = store.conn.prepare(
                "SELECT r.household_id, r.commune_code, r.surveyed_on, r.village
                 FROM survey_record r JOIN round ON round.id = r.round_id
                 WHERE round.year < ?1 AND r.surveyed_on IS NOT NULL",
            )?;
            let rows = stmt.query_map([round.year], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?;
            for row in rows {
                let (id, code, day, village) = row?;
                let slot = earlier.entry(key(&id)).or_default();
                if day > slot.1 {
                    *slot = (code, day, village);
                }
            }
        }
        Ok(Placer {
            resolver,
            basis,
            earlier,
            round_days: [
                format!("{}-12-31", round.year),
                format!("{}-01-01", round.year),
            ],
        })
    }

    /// The unit and village a record counts in.
    pub(crate) fn place(
        &self,
        household: u128,
        code: &str,
        on: &str,
        village: String,
    ) -> (UnitVersion, String) {
        let resolver = &self.resolver;
        let found = resolver.on(code, on).or_else(|| {
            self.round_days
                .iter()
                .find_map(|day| resolver.on(code, day))
        });
        match (self.basis, found) {
            (_, None) => (unknown_unit(), village),
            (UnitBasis::AsRecorded, Some(u)) => (version_of(u), village),
            (UnitBasis::New, Some(u)) => (version_of(resolver.forward(u)), village),
            (UnitBasis::Old, Some(u)) if !resolver.is_successor(u) => (version_of(u), village),
            (UnitBasis::Old, Some(u)) => {
                // A merged commune cannot be split: go back to the household's own record
                // under the old unit, when there is one.
                match self.earlier.get(&household).and_then(|(c, d, v)| {
                    let old = resolver.on(c, d)?;
                    (d.as_str() < u.valid_from.as_str() && resolver.forward(old).code == u.code)
                        .then(|| (version_of(old), v.clone()))
                }) {
                    Some(found) => found,
                    None => (unknown_unit(), village),
                }
            }
        }
    }

    pub(crate) fn resolver(&self) -> &Resolver {
        &self.resolver
    }

    /// Whether a commune version lies within the unit `code` (its district or province).
    pub(crate) fn within(&self, unit: &UnitVersion, code: &str) -> bool {
        self.resolver
            .version(&unit.0, &unit.1)
            .and_then(|u| u.parent_code.as_deref())
            .is_some_and(|parent| parent == code)
    }
}

fn version_of(unit: &AdminUnit) -> UnitVersion {
    (
        unit.code.clone(),
        unit.valid_from.clone(),
        unit.name.clone(),
    )
}

fn unknown_unit() -> UnitVersion {
    (
        "?".into(),
        String::new(),
        "không rõ đơn vị / unknown unit".into(),
    )
}

/// The class words the store keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum C {
    Poor,
    NearPoor,
    Middle,
    Other,
}

fn class_of(word: Option<&str>) -> Option<C> {
    match word? {
        "poor" => Some(C::Poor),
        "near_poor" => Some(C::NearPoor),
        "middle" => Some(C::Middle),
        "other" => Some(C::Other),
        _ => None,
    }
}

/// A text column that is never NULL, read where SQLite holds it.
pub(crate) fn text_at<'r>(row: &'r rusqlite::Row<'_>, column: usize) -> rusqlite::Result<&'r str> {
    Ok(row.get_ref(column)?.as_str()?)
}

/// A text column's bytes where SQLite holds them, for what is only compared, looked up or
/// parsed as bytes (ids, hashes, JSON): checking them as UTF-8 first was a twentieth of a
/// dashboard's count at 200,000 households.
pub(crate) fn bytes_at<'r>(
    row: &'r rusqlite::Row<'_>,
    column: usize,
) -> rusqlite::Result<&'r [u8]> {
    Ok(row.get_ref(column)?.as_bytes()?)
}

/// As [`bytes_at`] for a column that may be NULL.
pub(crate) fn optional_bytes_at<'r>(
    row: &'r rusqlite::Row<'_>,
    column: usize,
) -> rusqlite::Result<Option<&'r [u8]>> {
    Ok(row.get_ref(column)?.as_bytes_or_null()?)
}

/// A text column that may be NULL, read where SQLite holds it.
pub(crate) fn optional_text_at<'r>(
    row: &'r rusqlite::Row<'_>,
    column: usize,
) -> rusqlite::Result<Option<&'r str>> {
    Ok(row.get_ref(column)?.as_str_or_null()?)
}

/// A household id as a number: 200,000 of them as map keys without a string each.
pub(crate) fn key(id: &str) -> u128 {
    key_of(id.as_bytes())
}

/// [`key`] of an id's bytes.
pub(crate) fn key_of(id: &[u8]) -> u128 {
    Uuid::try_parse_ascii(id).map_or_else(|_| fxhash(id), |u| u.as_u128())
}

fn fxhash(text: &[u8]) -> u128 {
    // Non-UUID ids (never written by Rà soát, but a store may be handed anything): FNV-1a.
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for &b in text {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    h
}

/// Whether a record's kept review state is a finished form (`ReviewState::is_reviewed`).
pub(crate) fn is_reviewed(status: Option<&str>) -> bool {
    status
        .and_then(ReviewState::parse)
        .is_some_and(ReviewState::is_reviewed)
}

/// The reference day of a round, for records not surveyed yet.
pub(crate) fn round_day(round: &Round) -> String {
    if round.month == 0 {
        format!("{}-09-01", round.year)
    } else {
        format!("{}-{:02}-15", round.year, round.month)
    }
}

/// The first bytes of [`EarlierClasses::to_bytes`], with the layout's version.
const EARLIER_MARK: &[u8] = b"rasoat-earlier-classes-1\n";

/// What a round's changes compare with: each household's class in the round before (its
/// finished forms'), and who was poor or near-poor in any periodic round before that.
/// Sorted keys rather than hash maps: a round of 200,000 finished forms is kept in about
/// 3.4 MiB instead of three times that.
#[derive(Debug, Default)]
pub(crate) struct EarlierClasses {
    previous: Vec<u128>,
    previous_class: Vec<C>,
    ever_poor: Vec<u128>,
    ever_near_poor: Vec<u128>,
}

impl EarlierClasses {
    fn new(
        mut previous: Vec<(u128, C)>,
        mut ever_poor: Vec<u128>,
        mut ever_near_poor: Vec<u128>,
    ) -> EarlierClasses {
        // A record per household and round (the table's key), so an id appears once in
        // `previous`, but two ids may make one key (the same UUID written another way): the
        // last read wins, as it did in a map. A household poor in two earlier rounds appears
        // twice in `ever_poor`.
        previous.reverse();
        previous.sort_by_key(|(id, _)| *id);
        previous.dedup_by_key(|(id, _)| *id);
        ever_poor.sort_unstable();
        ever_poor.dedup();
        ever_near_poor.sort_unstable();
        ever_near_poor.dedup();
        let (previous, previous_class) = previous.into_iter().unzip();
        EarlierClasses {
            previous,
            previous_class,
            ever_poor,
            ever_near_poor,
        }
    }

    /// As kept in the store file (`kept_figures`): each list's length, then its keys (16 bytes
    /// each, little-endian), the previous round's classes a byte each. A flat layout rather
    /// than JSON: a round of 200,000 finished forms is 3.4 MiB of it, against about 9 MiB of
    /// JSON numbers to parse again at each opening.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let keys = self.previous.len() + self.ever_poor.len() + self.ever_near_poor.len();
        let mut out = Vec::with_capacity(EARLIER_MARK.len() + 24 + keys * 16 + self.previous.len());
        out.extend_from_slice(EARLIER_MARK);
        for list in [&self.previous, &self.ever_poor, &self.ever_near_poor] {
            out.extend_from_slice(&(list.len() as u64).to_le_bytes());
            for key in list.iter() {
                out.extend_from_slice(&key.to_le_bytes());
            }
        }
        out.extend(self.previous_class.iter().map(|c| match c {
            C::Poor => 0u8,
            C::NearPoor => 1,
            C::Middle => 2,
            C::Other => 3,
        }));
        out
    }

    /// What [`EarlierClasses::to_bytes`] wrote, or `None` for anything else.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<EarlierClasses> {
        let mut rest = bytes.strip_prefix(EARLIER_MARK)?;
        let mut lists: Vec<Vec<u128>> = Vec::with_capacity(3);
        for _ in 0..3 {
            let (len, after) = rest.split_first_chunk::<8>()?;
            let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
            let (keys, after) = after.split_at_checked(len.checked_mul(16)?)?;
            lists.push(
                keys.chunks_exact(16)
                    .map(|k| <[u8; 16]>::try_from(k).map(u128::from_le_bytes))
                    .collect::<std::result::Result<_, _>>()
                    .ok()?,
            );
            rest = after;
        }
        let previous_class = rest
            .iter()
            .map(|b| match b {
                0 => Some(C::Poor),
                1 => Some(C::NearPoor),
                2 => Some(C::Middle),
                3 => Some(C::Other),
                _ => None,
            })
            .collect::<Option<Vec<C>>>()?;
        let ever_near_poor = lists.pop()?;
        let ever_poor = lists.pop()?;
        let previous = lists.pop()?;
        // Sorted as `new` leaves them, or the lookups would miss.
        let sorted = |keys: &[u128]| keys.windows(2).all(|w| w[0] < w[1]);
        (previous_class.len() == previous.len()
            && sorted(&previous)
            && sorted(&ever_poor)
            && sorted(&ever_near_poor))
        .then_some(EarlierClasses {
            previous,
            previous_class,
            ever_poor,
            ever_near_poor,
        })
    }

    fn previous_class(&self, household: u128) -> Option<C> {
        let at = self.previous.binary_search(&household).ok()?;
        self.previous_class.get(at).copied()
    }

    fn ever_poor(&self, household: u128) -> bool {
        self.ever_poor.binary_search(&household).is_ok()
    }

    fn ever_near_poor(&self, household: u128) -> bool {
        self.ever_near_poor.binary_search(&household).is_ok()
    }
}

/// One record of the round, as the report reads it.
struct Rec<'a> {
    /// The form is finished (`ReviewState::is_reviewed`).
    reviewed: bool,
    /// The class rests on answers still open: never counted as a class.
    provisional: bool,
    class: Option<C>,
    prev: Option<C>,
    ever_poor: bool,
    ever_near_poor: bool,
    /// The report counts the changes since the previous round (`ReportRequest::changes`).
    changes: bool,
    deprived: &'a [usize],
    ethnic_minority: bool,
    urban: Option<bool>,
}

/// Counts `r` in the group `key` of `groups`, the key copied only for a new group.
fn count_in(groups: &mut BTreeMap<String, Counts>, key: &str, n: usize, r: &Rec<'_>) {
    match groups.get_mut(key) {
        Some(counts) => count(counts, r),
        None => {
            let mut counts = Counts::with_indicators(n);
            count(&mut counts, r);
            groups.insert(key.to_string(), counts);
        }
    }
}

/// Each commune version's counts and its villages', by a slot number fixed the first time
/// the unit is met: a row adds to its commune without comparing unit keys (the comparisons
/// were a tenth of a dashboard's count at 200,000 households).
#[derive(Default)]
struct CommuneCounts {
    index: HashMap<UnitVersion, usize>,
    /// Counts only once a row is counted there: a unit met and then filtered out has none.
    slots: Vec<(UnitVersion, Option<CommuneAndVillages>)>,
}

/// A commune's counts and its villages'.
type CommuneAndVillages = (Counts, BTreeMap<String, Counts>);

impl CommuneCounts {
    fn slot(&mut self, unit: &UnitVersion) -> usize {
        if let Some(slot) = self.index.get(unit) {
            return *slot;
        }
        self.index.insert(unit.clone(), self.slots.len());
        self.slots.push((unit.clone(), None));
        self.slots.len() - 1
    }

    fn counts(&mut self, slot: usize, n: usize) -> Option<&mut CommuneAndVillages> {
        self.slots.get_mut(slot).map(|(_, counts)| {
            counts.get_or_insert_with(|| (Counts::with_indicators(n), BTreeMap::new()))
        })
    }

    /// The communes counted in, in unit order.
    fn into_map(self) -> BTreeMap<UnitVersion, CommuneAndVillages> {
        self.slots
            .into_iter()
            .filter_map(|(unit, counts)| counts.map(|c| (unit, c)))
            .collect()
    }
}

fn count(counts: &mut Counts, r: &Rec<'_>) {
    if r.reviewed {
        counts.reviewed += 1;
    } else {
        counts.in_progress += 1;
    }
    // A provisional class is counted apart and nowhere else: not a class, not a change.
    if r.provisional && r.class.is_some() {
        counts.provisional += 1;
    }
    // The official tables count finished forms only (QĐ 24/2021 Art. 4: a household is in
    // the review's result once its form is completed): a draft's class, however final its
    // answers look, is still being entered.
    if !r.reviewed || r.provisional {
        return;
    }
    let class = r.class;
    if class.is_some() {
        counts.classified += 1;
    }
    match class {
        Some(C::Poor) => {
            counts.poor += 1;
            counts.poor_ethnic_minority += u64::from(r.ethnic_minority);
        }
        Some(C::NearPoor) => {
            counts.near_poor += 1;
            counts.near_poor_ethnic_minority += u64::from(r.ethnic_minority);
        }
        Some(C::Middle) => counts.middle += 1,
        Some(C::Other) => counts.other += 1,
        None => {}
    }
    match r.prev {
        Some(C::Poor) => counts.previous_poor += 1,
        Some(C::NearPoor) => counts.previous_near_poor += 1,
        _ => {}
    }
    // Changes are counted only between two classified records of the household, and only
    // when the report was asked for them (a trend point is not).
    if let Some(now) = class.filter(|_| r.changes) {
        if let (Some(C::Poor), C::NearPoor | C::Middle | C::Other) = (r.prev, now) {
            counts.escaped_poverty += 1;
        }
        if let (Some(C::NearPoor), C::Middle | C::Other) = (r.prev, now) {
            counts.escaped_near_poverty += 1;
        }
        if now == C::Poor && r.prev != Some(C::Poor) {
            if r.ever_poor {
                counts.fell_back_into_poverty += 1;
            } else if r.prev == Some(C::NearPoor) {
                counts.new_poor_from_near_poor += 1;
            } else {
                counts.new_poor_from_outside += 1;
            }
        }
        if now == C::NearPoor && r.prev != Some(C::NearPoor) {
            if r.prev == Some(C::Poor) {
                counts.near_poor_from_poor += 1;
            } else if r.ever_near_poor {
                counts.fell_back_into_near_poverty += 1;
            } else {
                counts.new_near_poor += 1;
            }
        }
    }
    for i in r.deprived {
        if let Some(slot) = counts.deprived.get_mut(*i) {
            *slot += 1;
        }
    }
}

/// Figures entered per unit.
pub(crate) type Entered = HashMap<(String, String, String), u64>;

impl Store {
    /// Enters "Tổng số hộ dân cư" of a unit (a commune or district version, or one village of
    /// a commune when `village` is given) for a review year. The unit version is the one valid
    /// on the year's review day (1 September) unless `valid_from` names it.
    #[allow(clippy::too_many_arguments)]
    pub fn set_unit_households(
        &mut self,
        code: &str,
        valid_from: Option<&str>,
        village: Option<&str>,
        year: i32,
        households: u64,
        actor: &str,
        at: UnixMillis,
    ) -> Result<AdminUnit> {
        self.check_not_moved()?;
        let unit = match valid_from {
            Some(from) => self
                .units()?
                .into_iter()
                .find(|u| u.code == code && u.valid_from == from),
            None => self.unit_on(code, &format!("{year}-09-01"))?,
        }
        .ok_or_else(|| StoreError::UnknownUnit { code: code.into() })?;
        let households =
            i64::try_from(households).map_err(|_| StoreError::TooManyHouseholds { households })?;
        self.conn.execute(
            "INSERT INTO unit_households (unit_code, valid_from, village, year, households,
                                          entered_by, entered_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (unit_code, valid_from, village, year) DO UPDATE SET
                 households = excluded.households, entered_by = excluded.entered_by,
                 entered_at = excluded.entered_at",
            params![
                unit.code,
                unit.valid_from,
                village.unwrap_or(""),
                year,
                households,
                actor,
                at
            ],
        )?;
        Ok(unit)
    }

    /// The figure entered for a unit version (and village) and year.
    pub fn unit_households(
        &self,
        code: &str,
        valid_from: &str,
        village: Option<&str>,
        year: i32,
    ) -> Result<Option<u64>> {
        let n: Option<i64> = self
            .conn
            .query_row(
                "SELECT households FROM unit_households
                 WHERE unit_code = ?1 AND valid_from = ?2 AND village = ?3 AND year = ?4",
                params![code, valid_from, village.unwrap_or(""), year],
                |r| r.get(0),
            )
            .optional()?;
        Ok(n.and_then(|n| u64::try_from(n).ok()))
    }

    pub(crate) fn entered_households(&self, year: i32) -> Result<Entered> {
        let mut stmt = self.conn.prepare(
            "SELECT unit_code, valid_from, village, households FROM unit_households
             WHERE year = ?1",
        )?;
        let rows = stmt.query_map([year], |r| {
            Ok((
                (r.get(0)?, r.get(1)?, r.get(2)?),
                u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The periodic round of the latest year before `round`'s.
    pub fn previous_periodic_round(&self, round: &Round) -> Result<Option<Round>> {
        Ok(self
            .rounds()?
            .into_iter()
            .filter(|r| r.kind == RoundKind::Periodic && r.year < round.year)
            .max_by_key(|r| r.year))
    }

    /// The periodic round of a year.
    pub fn periodic_round_of_year(&self, year: i32) -> Result<Round> {
        self.rounds()?
            .into_iter()
            .find(|r| r.kind == RoundKind::Periodic && r.year == year)
            .ok_or_else(|| StoreError::RoundNotFound {
                what: year.to_string(),
            })
    }

    /// The summary report of a round. Asked again while the store is unchanged, it is the one
    /// already counted (`report_memo`).
    pub fn round_report(&self, request: &ReportRequest) -> Result<RoundReport> {
        let Some(stamp) = ContentStamp::of(&self.conn)? else {
            return Ok(self.count_round_report(request, false)?.0);
        };
        let key = report_key(request);
        let counting = match self.reports.report(stamp, &key) {
            Found::Kept(kept) => return Ok(kept),
            Found::Count(counting) => counting,
        };
        let reads = report_reads(request);
        // Counted by an earlier connection from the same content (`kept_figures`).
        let (at, in_file) = self.kept_figure::<RoundReport>("report", &key, &reads);
        if let Some(report) = in_file {
            self.reports.gave_from_file();
            let now = ContentStamp::of(&self.conn)?;
            self.reports
                .keep_report(counting, now, key, reads, &report, None);
            return Ok(report);
        }
        // The whole round in units the targets count in, their sums not kept: the same sweep
        // gathers what they read.
        let gather = request.unit.is_none()
            && request.basis != UnitBasis::Old
            && self
                .reports
                .wants_sums_input(stamp, &request.round_id, request.basis);
        let (report, sums_input) = self.count_round_report(request, gather)?;
        // Kept only when nothing was written while it was counted.
        let now = ContentStamp::of(&self.conn)?;
        let sums_input = sums_input.map(|input| (request.round_id.clone(), request.basis, input));
        if self.reports.keep_report(
            counting,
            now,
            key.clone(),
            reads.clone(),
            &report,
            sums_input,
        ) {
            self.keep_figure("report", &key, &reads, at, now, &report);
        }
        Ok(report)
    }

    /// What the round after `prev` compares with, the one already counted while no record of
    /// those rounds changed (`report_memo`).
    fn earlier_classes(&self, prev: &Round) -> Result<Arc<EarlierClasses>> {
        let Some(stamp) = ContentStamp::of(&self.conn)? else {
            return Ok(Arc::new(self.count_earlier_classes(prev)?.1));
        };
        let counting = match self.reports.earlier(stamp, &prev.id) {
            Found::Kept(kept) => return Ok(kept),
            Found::Count(counting) => counting,
        };
        // Counted by an earlier connection from the same rounds (`kept_figures`).
        let reads = Reads::rounds(self.earlier_round_ids(prev)?);
        let (at, in_file) = self.kept_figure_bytes("earlier", &prev.id, &reads);
        if let Some(earlier) = in_file.as_deref().and_then(EarlierClasses::from_bytes) {
            self.reports.gave_earlier_from_file();
            let earlier = Arc::new(earlier);
            let now = ContentStamp::of(&self.conn)?;
            self.reports
                .keep_earlier(counting, now, prev.id.clone(), reads, &earlier);
            return Ok(earlier);
        }
        let (read, earlier) = self.count_earlier_classes(prev)?;
        let earlier = Arc::new(earlier);
        let now = ContentStamp::of(&self.conn)?;
        let kept = self.reports.keep_earlier(
            counting,
            now,
            prev.id.clone(),
            Reads::rounds(read.clone()),
            &earlier,
        );
        // Kept in the file only if the rounds read are the ones its generations were read of.
        if kept && read == reads.round_ids() {
            let _ =
                self.keep_figure_bytes("earlier", &prev.id, &reads, at, now, &earlier.to_bytes());
        }
        Ok(earlier)
    }

    /// The rounds the changes since `prev` read: `prev`, then every periodic round before it.
    fn earlier_round_ids(&self, prev: &Round) -> Result<Vec<String>> {
        let mut read = vec![prev.id.clone()];
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM round WHERE kind = 'periodic' AND year < ?1 ORDER BY id")?;
        let before = stmt.query_map([prev.year], |r| r.get::<_, String>(0))?;
        for id in before {
            read.push(id?);
        }
        Ok(read)
    }

    /// The classes of `prev`'s finished forms, and who was poor or near-poor in a periodic
    /// round before it; with the ids of the rounds read.
    fn count_earlier_classes(&self, prev: &Round) -> Result<(Vec<String>, EarlierClasses)> {
        let read = self.earlier_round_ids(prev)?;
        let mut previous: Vec<(u128, C)> = Vec::new();
        // A round's class is its finished forms' only, as in `count`.
        let mut stmt = self.conn.prepare(
            "SELECT household_id, class, status FROM record_summary
             WHERE round_id = ?1 AND class IS NOT NULL
               AND (provisional IS NULL OR provisional = '[]')",
        )?;
        let mut rows = stmt.query([&prev.id])?;
        while let Some(row) = rows.next()? {
            if !is_reviewed(optional_text_at(row, 2)?) {
                continue;
            }
            if let Some(c) = class_of(Some(text_at(row, 1)?)) {
                previous.push((key(text_at(row, 0)?), c));
            }
        }
        let mut ever_poor: Vec<u128> = Vec::new();
        let mut ever_near: Vec<u128> = Vec::new();
        let mut stmt = self.conn.prepare(
            // Rounds first, so the round index is used: no scan of every record when
            // there is no earlier round.
            "SELECT r.household_id, r.class, r.status FROM record_summary r
             WHERE r.round_id IN (SELECT id FROM round
                                  WHERE kind = 'periodic' AND year < ?1)
               AND r.class IN ('poor', 'near_poor')
               AND (r.provisional IS NULL OR r.provisional = '[]')",
        )?;
        let mut rows = stmt.query([prev.year])?;
        while let Some(row) = rows.next()? {
            if !is_reviewed(optional_text_at(row, 2)?) {
                continue;
            }
            let id = key(text_at(row, 0)?);
            if text_at(row, 1)? == "poor" {
                ever_poor.push(id);
            } else {
                ever_near.push(id);
            }
        }
        Ok((read, EarlierClasses::new(previous, ever_poor, ever_near)))
    }

    /// The round's report; with `gather`, also what its target sums read from the same rows.
    pub(crate) fn count_round_report(
        &self,
        request: &ReportRequest,
        gather: bool,
    ) -> Result<(RoundReport, Option<SumsInput>)> {
        let round = self.round(&request.round_id)?;
        let previous = self.previous_periodic_round(&round)?;
        let indicators: Vec<IndicatorColumn> = Standards::national()
            .by_id(&round.standard_id)
            .map(|s| {
                s.indicators
                    .iter()
                    .map(|i| IndicatorColumn {
                        id: i.id.as_str().to_string(),
                        name_vi: i.name_vi.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let indicator_index: HashMap<String, usize> = indicators
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();

        // The previous round's class of each household, and who was poor / near-poor before it.
        let earlier = match previous.as_ref().filter(|_| request.changes) {
            Some(prev) => self.earlier_classes(prev)?,
            None => Arc::new(EarlierClasses::default()),
        };

        let placer = Placer::new(self, request.basis, &round)?;

        let day = round_day(&round);
        // One sweep over the round's narrow rows (record_summary, kept with every write): no
        // record, member or answers is looked up at random. A row's text is read where SQLite
        // holds it; a unit, village, group or list is copied only the first time it is met (a
        // copy of every field of every row was a third of the dashboard's time at 200,000).
        let mut stmt = self.conn.prepare(
            "SELECT s.household_id, s.commune_code, COALESCE(s.surveyed_on, ?2), s.village,
                    s.class, s.deprived, s.head_ethnicity, s.head_spouse_ethnicities, s.area,
                    s.status, s.provisional, s.answers_hash
             FROM record_summary s WHERE s.round_id = ?1",
        )?;
        let mut rows = stmt.query(params![round.id, day])?;
        // The same few deprivation lists and ethnicity pairs recur across 200,000 records:
        // each distinct text is parsed once.
        let mut deprived_seen: FxHashMap<Vec<u8>, Vec<usize>> = FxHashMap::default();
        let mut minority_seen: FxHashMap<Vec<u8>, bool> = FxHashMap::default();
        // Outside the old-units basis a record's unit depends on its commune code and day
        // only: resolved once per pair (commune code -> day -> `units_met` index).
        let mut placed: FxHashMap<String, FxHashMap<String, usize>> = FxHashMap::default();
        let mut units_met: Vec<UnitVersion> = Vec::new();
        // With `gather` (never in the old units), each of `units_met` as the sums index it.
        let mut sums_input = gather.then(SumsInput::default);
        let mut sums_at: Vec<usize> = Vec::new();

        let n = indicators.len();
        // Each commune version's counts and its villages', by a slot fixed when it is met.
        let mut communes = CommuneCounts::default();
        // `units_met`'s slots in `communes`.
        let mut slot_of_met: Vec<usize> = Vec::new();
        let mut total = Counts::with_indicators(n);
        let mut by_ethnicity: BTreeMap<String, Counts> = BTreeMap::new();
        let mut minority = Counts::with_indicators(n);
        // Urban, rural, unknown.
        let mut by_area: [Option<Counts>; 3] = [None, None, None];
        // A household whose answers name a village the commune renamed since counts under
        // the village's name now (its answers are never rewritten).
        let renamed = crate::villages::renamed(&self.conn)?;
        while let Some(row) = rows.next()? {
            let id = bytes_at(row, 0)?;
            let code = text_at(row, 1)?;
            let on = text_at(row, 2)?;
            let recorded_village = text_at(row, 3)?;
            let class = optional_text_at(row, 4)?;
            let deprived_text = optional_bytes_at(row, 5)?;
            let head_eth = optional_text_at(row, 6)?;
            let head_spouse = bytes_at(row, 7)?;
            let area = optional_text_at(row, 8)?;
            // Whether the form is finished: the record's review state, kept beside it.
            let reviewed = is_reviewed(optional_text_at(row, 9)?);
            let provisional = crate::provisional::is_provisional(optional_text_at(row, 10)?);
            let answers_hash = optional_bytes_at(row, 11)?;
            let renamed_to = if renamed.is_empty() {
                None
            } else {
                renamed.get(&(code.to_string(), recorded_village.to_string()))
            };
            let village = renamed_to.map_or(recorded_village, String::as_str);
            let hid = key_of(id);
            let old_place = (request.basis == UnitBasis::Old)
                .then(|| placer.place(hid, code, on, village.to_string()));
            let (unit, village, slot): (&UnitVersion, &str, usize) = match &old_place {
                Some((unit, village)) => (unit, village, communes.slot(unit)),
                None => {
                    let at = match placed.get(code).and_then(|days| days.get(on)) {
                        Some(at) => *at,
                        None => {
                            let (unit, _) = placer.place(hid, code, on, String::new());
                            if let Some(input) = sums_input.as_mut() {
                                sums_at.push(input.unit(unit.clone()));
                            }
                            slot_of_met.push(communes.slot(&unit));
                            units_met.push(unit);
                            let at = units_met.len() - 1;
                            placed
                                .entry(code.to_string())
                                .or_default()
                                .insert(on.to_string(), at);
                            at
                        }
                    };
                    if let Some(input) = sums_input.as_mut() {
                        // `sums_at` grows with `units_met`, so it has an index for each.
                        debug_assert!(at < sums_at.len());
                        if let Some(sums) = sums_at.get(at) {
                            input.add(*sums, reviewed, provisional, class, answers_hash);
                        }
                    }
                    (&units_met[at], village, slot_of_met[at])
                }
            };
            if let Some(filter) = &request.unit {
                if &unit.0 != filter && !placer.within(unit, filter) {
                    continue;
                }
            }
            let deprived: &[usize] = match deprived_text {
                Some(text) => {
                    if !deprived_seen.contains_key(text) {
                        let ids: Vec<String> = serde_json::from_slice(text)?;
                        let found: Vec<usize> = ids
                            .iter()
                            .filter_map(|d| indicator_index.get(d).copied())
                            .collect();
                        deprived_seen.insert(text.to_vec(), found);
                    }
                    deprived_seen.get(text).map_or(&[], Vec::as_slice)
                }
                None => &[],
            };
            // Head or spouse of an ethnic minority: any of them not Kinh.
            let minority_flag = match minority_seen.get(head_spouse) {
                Some(flag) => *flag,
                None => {
                    let codes: Vec<String> = serde_json::from_slice(head_spouse)?;
                    let flag = codes.iter().any(|c| c != KINH);
                    minority_seen.insert(head_spouse.to_vec(), flag);
                    flag
                }
            };
            let rec = Rec {
                reviewed,
                provisional,
                class: class_of(class),
                prev: earlier.previous_class(hid),
                ever_poor: earlier.ever_poor(hid),
                ever_near_poor: earlier.ever_near_poor(hid),
                changes: request.changes,
                deprived,
                ethnic_minority: minority_flag,
                urban: area.map(|a| a == "urban"),
            };
            // Keys are cloned only the first time a village or group is met.
            if let Some(entry) = communes.counts(slot, n) {
                count(&mut entry.0, &rec);
                if request.villages {
                    count_in(&mut entry.1, village, n, &rec);
                }
            }
            count(&mut total, &rec);
            count_in(&mut by_ethnicity, head_eth.unwrap_or("?"), n, &rec);
            if rec.ethnic_minority {
                count(&mut minority, &rec);
            }
            let area = match rec.urban {
                Some(true) => 0,
                Some(false) => 1,
                None => 2,
            };
            count(
                by_area[area].get_or_insert_with(|| Counts::with_indicators(n)),
                &rec,
            );
        }
        let communes = communes.into_map();

        let entered = self.entered_households(round.year)?;
        let lookup = |code: &str, from: &str, village: &str| {
            entered
                .get(&(code.to_string(), from.to_string(), village.to_string()))
                .copied()
        };
        let mut rows = Vec::new();
        let top = self.top_unit(&placer.resolver, &day)?;
        let mut commune_rows = Vec::new();
        let mut all_communes_entered = true;
        let mut communes_sum = 0;
        for ((code, from, name), (counts, villages)) in communes {
            let mut village_rows = Vec::new();
            let mut all_villages = !villages.is_empty();
            let mut villages_sum = 0;
            for (village, counts) in villages {
                let (resident, denominator) = match lookup(&code, &from, &village) {
                    Some(n) => (n, Denominator::Entered),
                    None => {
                        all_villages = false;
                        (counts.reviewed, Denominator::Reviewed)
                    }
                };
                villages_sum += resident;
                village_rows.push(SummaryRow {
                    unit: ReportUnit {
                        level: ReportLevel::Village,
                        code: code.clone(),
                        valid_from: from.clone(),
                        name: village.clone(),
                        village: Some(village),
                    },
                    resident_households: resident,
                    denominator,
                    counts,
                });
            }
            let (resident, denominator) = match lookup(&code, &from, "") {
                Some(n) => (n, Denominator::Entered),
                None if all_villages => (villages_sum, Denominator::SumOfParts),
                None => (counts.reviewed, Denominator::Reviewed),
            };
            if denominator == Denominator::Reviewed {
                all_communes_entered = false;
            }
            communes_sum += resident;
            commune_rows.push(SummaryRow {
                unit: ReportUnit {
                    level: ReportLevel::Commune,
                    code,
                    valid_from: from,
                    name,
                    village: None,
                },
                resident_households: resident,
                denominator,
                counts,
            });
            commune_rows.extend(village_rows);
        }
        let (resident, denominator) = match (&request.unit, lookup(&top.0, &top.1, "")) {
            (None, Some(n)) => (n, Denominator::Entered),
            _ if all_communes_entered && communes_sum > 0 => {
                (communes_sum, Denominator::SumOfParts)
            }
            _ => (total.reviewed, Denominator::Reviewed),
        };
        rows.push(SummaryRow {
            unit: ReportUnit {
                level: ReportLevel::District,
                code: top.0,
                valid_from: top.1,
                name: top.2,
                village: None,
            },
            resident_households: resident,
            denominator,
            counts: total,
        });
        rows.extend(commune_rows);

        let mut ethnic_rows: Vec<GroupRow> = by_ethnicity
            .into_iter()
            .map(|(code, counts)| GroupRow {
                label_vi: ethnicity_name_vi(&code).map_or_else(
                    || {
                        if code == "?" {
                            "Chưa rõ (chưa có phiếu)".to_string()
                        } else {
                            format!("Dân tộc mã {code}")
                        }
                    },
                    str::to_string,
                ),
                key: code,
                counts,
            })
            .collect();
        ethnic_rows.push(GroupRow {
            key: "dtts".into(),
            label_vi: "Hộ dân tộc thiểu số (chủ hộ hoặc vợ/chồng chủ hộ)".into(),
            counts: minority,
        });
        let area_rows = ["urban", "rural", "?"]
            .into_iter()
            .zip(by_area)
            .filter_map(|(k, counts)| {
                counts.map(|counts| GroupRow {
                    key: k.into(),
                    label_vi: match k {
                        "urban" => "I. Khu vực thành thị",
                        "rural" => "II. Khu vực nông thôn",
                        _ => "Chưa rõ khu vực (chưa có phiếu)",
                    }
                    .into(),
                    counts,
                })
            })
            .collect();
        let report = RoundReport {
            round,
            previous_round: previous.filter(|_| request.changes),
            basis: match request.basis {
                UnitBasis::AsRecorded => "recorded",
                UnitBasis::New => "new",
                UnitBasis::Old => "old",
            }
            .into(),
            indicators,
            rows,
            by_ethnicity: ethnic_rows,
            by_area: area_rows,
        };
        Ok((report, sums_input))
    }

    /// The installation's own unit, named as on the round's day (the whole-territory row).
    pub(crate) fn top_unit(&self, resolver: &Resolver, day: &str) -> Result<UnitVersion> {
        let code = self.installation()?.unit_code;
        Ok(
            match resolver.on(&code, day).or_else(|| {
                resolver
                    .units
                    .iter()
                    .filter(|u| u.code == code)
                    .max_by(|a, b| a.valid_from.cmp(&b.valid_from))
            }) {
                Some(u) => version_of(u),
                None => (code, String::new(), "Tổng cộng".into()),
            },
        )
    }
}
