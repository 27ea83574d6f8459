//! The "Báo cáo" dashboard of commune and district staff: headline figures of the current
//! round, a bar per commune (or per village), trend lines across the periodic rounds, the
//! resolution's targets, the drill-down to a village's households, and the exports.
//!
//! Every figure comes from the store's report and targets API (`round_report`,
//! `target_report`); this module only picks the rows of the unit being looked at and renames
//! fields for the UI. The UI scales the figures for drawing and computes none.

use std::path::{Path, PathBuf};

use rasoat_domain::messages::{Code, Message};
use rasoat_domain::standard::Confidence;
use rasoat_domain::targets::Targets;
use rasoat_domain::workflow::Role;
use rasoat_reports::export::{write_csv_with_progress, write_xlsx_with_progress, ExportOptions};
use rasoat_reports::printable;
use rasoat_store::counted_beside::FiguresAsked;
use rasoat_store::report::{
    summary_columns, Denominator, ReportLevel, ReportRequest, ReportUnit, RoundReport, SummaryRow,
};
use rasoat_store::{ListFilter, Round, RoundKind, Store, UnitBasis};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime};

mod opening;
pub use opening::{DashOpeningList, DashOpeningTally};

use crate::commands::with_store;
use crate::dto::HouseholdList;
use crate::error::{CommandError, CommandResult, ErrorCode};

/// Which unit the dashboard looks at: nothing for the installation's whole territory, a
/// commune, or a village of a commune.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashQuery {
    #[serde(default)]
    pub commune: Option<String>,
    /// The commune's version (codes were reused in 2025); the latest match when absent.
    #[serde(default)]
    pub valid_from: Option<String>,
    #[serde(default)]
    pub village: Option<String>,
}

/// A unit on the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashUnit {
    /// `district`, `commune` or `village`.
    pub level: String,
    pub code: String,
    pub valid_from: String,
    pub name: String,
    pub village: Option<String>,
}

/// One figure of the unit: a count, its rate of the official denominator, and whether the
/// official template is known to have the column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashFigure {
    /// Column key of the store's summary table (`poor`, `escaped_poverty`…).
    pub key: String,
    pub header_vi: String,
    pub count: u64,
    pub rate: Option<f64>,
    pub confidence: Confidence,
}

/// A bar: one commune (or village) of the unit looked at.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashBar {
    pub unit: DashUnit,
    pub resident_households: u64,
    /// `entered`, `sum_of_parts` or `reviewed` (then the rates are not the official ones).
    pub denominator: String,
    /// Households whose form is finished; those still being reviewed are `in_progress`.
    pub reviewed: u64,
    pub in_progress: u64,
    pub poor: u64,
    pub poor_rate: Option<f64>,
    pub near_poor: u64,
    pub near_poor_rate: Option<f64>,
}

/// The unit in one periodic round.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashTrendPoint {
    pub year: i32,
    pub resident_households: u64,
    pub denominator: String,
    pub poor: u64,
    pub poor_rate: Option<f64>,
    pub near_poor: u64,
    pub near_poor_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashTargetPoint {
    pub year: i32,
    pub value: Option<f64>,
}

/// One target of the resolution, measured for the unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashTarget {
    pub id: String,
    /// What is measured (`poverty_reduction`, `health_insurance`…): for the poverty target
    /// `numerator` and `denominator` are the previous and the current poor rate.
    pub measure: String,
    pub name_vi: String,
    /// English gloss of the resolution's wording (empty when the file gives none).
    pub name_en: String,
    pub formula_vi: String,
    pub formula_en: String,
    pub source: String,
    pub note_vi: String,
    pub note_en: String,
    /// `>`, `≥`, `<` or `≤`.
    pub comparison: String,
    pub target: f64,
    /// `percent`, `points_per_year`, `dong_per_person_year` or `households`.
    pub unit: String,
    pub value: Option<f64>,
    pub numerator: f64,
    pub denominator: f64,
    pub met: Option<bool>,
    /// Positive: still to go; negative: beyond the target.
    pub gap: Option<f64>,
    pub trend: Vec<DashTargetPoint>,
    /// The poverty target of the whole territory: yearly reduction since the baseline.
    pub since_baseline: Option<f64>,
    /// How sure the target itself is.
    pub confidence: Confidence,
    /// How sure the rule behind the measure is (which water is hygienic…).
    pub rule_confidence: Option<Confidence>,
    pub rule_note_vi: Option<String>,
    pub rule_note_en: Option<String>,
    /// The unit the value is of (targets are per commune: a village shows its commune's).
    pub measured_for: String,
}

/// The dashboard of one unit in the current round.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashboardView {
    pub round_year: i32,
    /// The round's name, in the user's language.
    pub round_label: Message,
    /// Which list the figures are ("danh sách áp dụng năm 2025 theo …"); `None` for a round
    /// whose standard this build does not know.
    pub figures_list: Option<Message>,
    /// In a transition round, the list that opens the status year, which these figures are
    /// not: named so nobody takes the closing list for it.
    pub opening_list: Option<DashOpeningList>,
    pub previous_year: Option<i32>,
    pub unit: DashUnit,
    /// From the installation's territory down to `unit`.
    pub breadcrumb: Vec<DashUnit>,
    /// "Tổng số hộ dân cư": the denominator of every rate.
    pub resident_households: u64,
    pub denominator: String,
    /// Households whose form is finished (completed or later): "đã rà soát".
    pub reviewed: u64,
    /// Households still being reviewed (drafts, forms sent back), never counted as reviewed.
    pub in_progress: u64,
    /// Households whose class is provisional (answers it depends on still open): counted
    /// apart, never in `classes` or `changes`.
    pub provisional: u64,
    /// Poor, near-poor, middle, other.
    pub classes: Vec<DashFigure>,
    /// Changes since the previous round.
    pub changes: Vec<DashFigure>,
    /// The communes of a territory, the villages of a commune; empty for a village.
    pub bars: Vec<DashBar>,
    /// Oldest round first, the current one last.
    pub trend: Vec<DashTrendPoint>,
    pub targets_name_vi: String,
    pub targets_name_en: String,
    pub targets: Vec<DashTarget>,
    /// Where exports go unless the user names another folder.
    pub default_export_dir: String,
}

/// What to export and where.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashExportInput {
    /// `xlsx`, `csv`, `posting` or `certificates`.
    pub kind: String,
    /// An existing or new folder (absolute path).
    pub dir: String,
    /// Only this commune (posting lists and certificates; the tables keep the whole report).
    #[serde(default)]
    pub commune: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashExportFile {
    pub path: String,
    pub bytes: u64,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashExportResult {
    pub kind: String,
    /// The file (workbook) or folder written.
    pub target: String,
    pub files: Vec<DashExportFile>,
    /// Households listed (workbook, CSV) or poor and near-poor households (posting lists,
    /// certificates).
    pub rows: u64,
    /// Poor and near-poor households left off the posting lists or certificates because their
    /// review has not reached the step that allows them (QĐ 24/2021 Art. 4: posting after the
    /// village meeting agreed, certificates once recognised); 0 for the tables.
    pub held_back: u64,
    pub bytes: u64,
}

/// Progress of an export, sent as the store streams rows. `total` is 0 when the store cannot
/// count ahead (posting lists, certificates): the bar is then indeterminate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashExportProgress {
    pub kind: String,
    pub done: u64,
    pub total: u64,
    pub finished: bool,
}

fn denominator_word(d: Denominator) -> String {
    match d {
        Denominator::Entered => "entered",
        Denominator::SumOfParts => "sum_of_parts",
        Denominator::Reviewed => "reviewed",
    }
    .into()
}

fn unit_of(u: &ReportUnit) -> DashUnit {
    DashUnit {
        level: match u.level {
            ReportLevel::District => "district",
            ReportLevel::Commune => "commune",
            ReportLevel::Village => "village",
        }
        .into(),
        code: u.code.clone(),
        valid_from: u.valid_from.clone(),
        name: u.name.clone(),
        village: u.village.clone(),
    }
}

/// The shipped targets file cannot be read: a broken build, said with the parser's words.
fn targets_damaged(e: impl std::fmt::Display) -> CommandError {
    CommandError::new(
        ErrorCode::Storage,
        Message::new(Code::DesktopTargetsDamaged).with("detail", e.to_string()),
    )
}

fn invalid(message: impl Into<Message>) -> CommandError {
    CommandError::new(ErrorCode::Invalid, message)
}

/// The row of `report` the query looks at, and its parent rows (for the breadcrumb).
fn pick<'a>(report: &'a RoundReport, query: &DashQuery) -> Option<Vec<&'a SummaryRow>> {
    let top = report.rows.first()?;
    let Some(commune) = &query.commune else {
        return Some(vec![top]);
    };
    // The latest version of the code when none is named: rows are in code, version order.
    let commune_row = report.rows.iter().rev().find(|r| {
        r.unit.level == ReportLevel::Commune
            && &r.unit.code == commune
            && query
                .valid_from
                .as_ref()
                .is_none_or(|v| &r.unit.valid_from == v)
    })?;
    // A report asked for one commune starts at that commune (its top row carries the
    // commune's code and name): the path names it once.
    let above: Vec<&SummaryRow> = if top.unit.code == commune_row.unit.code
        && top.unit.valid_from == commune_row.unit.valid_from
    {
        Vec::new()
    } else {
        vec![top]
    };
    let Some(village) = &query.village else {
        return Some([above, vec![commune_row]].concat());
    };
    let village_row = report.rows.iter().find(|r| {
        r.unit.level == ReportLevel::Village
            && r.unit.code == commune_row.unit.code
            && r.unit.valid_from == commune_row.unit.valid_from
            && r.unit.village.as_ref() == Some(village)
    })?;
    Some([above, vec![commune_row, village_row]].concat())
}

/// The figures named by `keys`, with the rate when the summary table has one for the key.
fn figures(row: &SummaryRow, keys: &[&str]) -> Vec<DashFigure> {
    let columns = summary_columns();
    keys.iter()
        .filter_map(|key| {
            let column = columns.iter().find(|c| c.key == *key)?;
            let count = row.counts.get(key)?;
            let has_rate = columns.iter().any(|c| c.rate_of.as_deref() == Some(*key));
            Some(DashFigure {
                key: (*key).into(),
                header_vi: column.header_vi.clone(),
                count,
                rate: if has_rate { row.rate(count) } else { None },
                confidence: column.confidence,
            })
        })
        .collect()
}

fn bar_of(row: &SummaryRow) -> DashBar {
    DashBar {
        unit: unit_of(&row.unit),
        resident_households: row.resident_households,
        denominator: denominator_word(row.denominator),
        reviewed: row.counts.reviewed,
        in_progress: row.counts.in_progress,
        poor: row.counts.poor,
        poor_rate: row.rate(row.counts.poor),
        near_poor: row.counts.near_poor,
        near_poor_rate: row.rate(row.counts.near_poor),
    }
}

/// The commune installations see their commune; others the whole territory.
fn effective_query(store: &Store, query: DashQuery) -> CommandResult<DashQuery> {
    let installation = store.installation()?;
    if query.commune.is_none() && installation.role == Role::Commune {
        return Ok(DashQuery {
            commune: Some(installation.unit_code),
            ..query
        });
    }
    Ok(query)
}

/// The whole round, whatever commune or village is looked at: every commune and village of a
/// drill-down is then read from the one report the store keeps while nothing changes
/// (`Store::round_report`). Village rows only once a commune is looked at: with them a
/// commune whose every village has a resident figure is counted over their sum, which the
/// district view has not used (its targets count over the communes' own figures). The
/// changes since the previous round are shown for the current round only; an earlier round
/// is a trend point.
fn request(round: &Round, query: &DashQuery, changes: bool) -> ReportRequest {
    ReportRequest {
        round_id: round.id.clone(),
        basis: UnitBasis::AsRecorded,
        unit: None,
        villages: query.commune.is_some(),
        changes,
    }
}

/// Builds the dashboard of `query` in the current round (pure store reads).
pub fn dashboard_of(
    store: &Store,
    store_path: &str,
    query: DashQuery,
) -> CommandResult<DashboardView> {
    let query = effective_query(store, query)?;
    let round = store.current_round()?;
    let targets = Targets::dong_van_2020().map_err(targets_damaged)?;
    // The same unit in each earlier periodic round, then this one.
    let mut earlier: Vec<Round> = store
        .rounds()?
        .into_iter()
        .filter(|r| r.kind == RoundKind::Periodic && r.year < round.year)
        .collect();
    earlier.sort_by_key(|r| r.year);
    // What is not kept is counted on the other core while this round's report is counted
    // here: this round's target sums, and the earlier rounds' reports and sums.
    let mut asked = vec![FiguresAsked {
        round_id: round.id.clone(),
        report: None,
        sums: Some((&targets, UnitBasis::AsRecorded)),
        gathered_here: true,
    }];
    asked.extend(earlier.iter().map(|r| FiguresAsked {
        round_id: r.id.clone(),
        report: Some(request(r, &query, false)),
        sums: Some((&targets, UnitBasis::AsRecorded)),
        gathered_here: false,
    }));
    let report = store.count_beside(&asked, || {
        store.round_report(&request(&round, &query, true))
    })?;
    let path = pick(&report, &query)
        .ok_or_else(|| CommandError::new(ErrorCode::NotFound, Code::DesktopUnitNotInRound))?;
    let target_report = store.target_report(&round.id, &targets, UnitBasis::AsRecorded)?;
    let Some(row) = path.last().copied() else {
        return Err(invalid(Code::DesktopNoUnit));
    };
    let breadcrumb: Vec<DashUnit> = path.iter().map(|r| unit_of(&r.unit)).collect();

    let bars = match row.unit.level {
        ReportLevel::District => report
            .rows
            .iter()
            .filter(|r| r.unit.level == ReportLevel::Commune)
            .map(bar_of)
            .collect(),
        ReportLevel::Commune => report
            .rows
            .iter()
            .filter(|r| {
                r.unit.level == ReportLevel::Village
                    && r.unit.code == row.unit.code
                    && r.unit.valid_from == row.unit.valid_from
            })
            .map(bar_of)
            .collect(),
        ReportLevel::Village => Vec::new(),
    };

    let mut trend = Vec::new();
    for r in &earlier {
        let old = store.round_report(&request(r, &query, false))?;
        // A unit may not exist in an older round (a new commune, a village added later).
        let old_query = DashQuery {
            valid_from: None,
            ..query.clone()
        };
        if let Some(old_row) = pick(&old, &old_query).and_then(|p| p.last().copied()) {
            trend.push(trend_point(r.year, old_row));
        }
    }
    trend.push(trend_point(round.year, row));

    let commune_of_row = match row.unit.level {
        ReportLevel::District => None,
        _ => Some((&row.unit.code, &row.unit.valid_from)),
    };
    let dash_targets = target_report
        .rows
        .iter()
        .filter_map(|t| {
            let value = match commune_of_row {
                None => t.units.first(),
                Some((code, from)) => t.units.iter().find(|u| {
                    u.unit.level == ReportLevel::Commune
                        && &u.unit.code == code
                        && &u.unit.valid_from == from
                }),
            }?;
            Some(DashTarget {
                id: t.target.id.clone(),
                measure: serde_json::to_value(t.target.measure)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                name_vi: t.target.name_vi.clone(),
                name_en: t.target.name_en.clone(),
                formula_vi: t.target.formula_vi.clone(),
                formula_en: t.target.formula_en.clone(),
                source: t.target.source.clone(),
                note_vi: t.target.note_vi.clone(),
                note_en: t.target.note_en.clone(),
                comparison: t.target.comparison.symbol().into(),
                target: t.target.value,
                unit: t.target.unit.clone(),
                value: value.value,
                numerator: value.numerator,
                denominator: value.denominator,
                met: value.met,
                gap: value.gap,
                trend: value
                    .trend
                    .iter()
                    .map(|p| DashTargetPoint {
                        year: p.year,
                        value: p.value,
                    })
                    .collect(),
                since_baseline: value.since_baseline,
                confidence: t.target.confidence,
                rule_confidence: t.rule_confidence,
                rule_note_vi: t.rule_note_vi.clone(),
                rule_note_en: t.rule_note_en.clone(),
                measured_for: value.unit.name.clone(),
            })
        })
        .collect();

    // The standards as the installation holds them: the office's file may name NĐ 351's method.
    let standards = store.standards()?;
    let standard = standards.by_id(&round.standard_id);
    let yearly = round.kind == RoundKind::Periodic;
    let figures_list =
        standard.map(|s| rasoat_domain::round::recorded_list(&standards, round.year, yearly, s));
    let opening_list = opening::opening_list(store, &standards, &round, standard, &row.unit)?;

    Ok(DashboardView {
        round_year: round.year,
        round_label: crate::commands::round_name(&round),
        figures_list,
        opening_list,
        previous_year: report.previous_round.as_ref().map(|r| r.year),
        unit: unit_of(&row.unit),
        breadcrumb,
        resident_households: row.resident_households,
        denominator: denominator_word(row.denominator),
        reviewed: row.counts.reviewed,
        in_progress: row.counts.in_progress,
        provisional: row.counts.provisional,
        classes: figures(row, &["poor", "near_poor", "middle", "other"]),
        changes: figures(
            row,
            &[
                "escaped_poverty",
                "new_poor_from_near_poor",
                "new_poor_from_outside",
                "fell_back_into_poverty",
                "escaped_near_poverty",
                "near_poor_from_poor",
                "new_near_poor",
                "fell_back_into_near_poverty",
            ],
        ),
        bars,
        trend,
        targets_name_vi: target_report.targets_name_vi,
        targets_name_en: target_report.targets_name_en,
        targets: dash_targets,
        default_export_dir: default_export_dir(store_path),
    })
}

fn trend_point(year: i32, row: &SummaryRow) -> DashTrendPoint {
    DashTrendPoint {
        year,
        resident_households: row.resident_households,
        denominator: denominator_word(row.denominator),
        poor: row.counts.poor,
        poor_rate: row.rate(row.counts.poor),
        near_poor: row.counts.near_poor,
        near_poor_rate: row.rate(row.counts.near_poor),
    }
}

/// `bao-cao` beside the store file.
fn default_export_dir(store_path: &str) -> String {
    Path::new(store_path)
        .parent()
        .unwrap_or(Path::new("."))
        .join("bao-cao")
        .display()
        .to_string()
}

/// The households of a village of the current round, for the drill-down's last level.
pub fn village_households(
    store: &Store,
    commune: &str,
    village: &str,
) -> CommandResult<HouseholdList> {
    let round = store.current_round()?;
    let filter = ListFilter {
        round_id: Some(round.id.clone()),
        village: Some(village.to_string()),
        village_id: None,
        status: None,
        text: None,
        class: None,
        returned_first: false,
        limit: None,
    };
    // Village names repeat across communes: keep this commune's.
    let listed: Vec<_> = store
        .list_households(&filter)?
        .into_iter()
        .filter(|r| r.commune_code == commune)
        .collect();
    let rows = crate::commands::list_rows(listed);
    Ok(HouseholdList {
        matching: u32::try_from(rows.len()).unwrap_or(u32::MAX),
        rows,
        // perf: the whole village is listed, counted exactly.
        more: false,
    })
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// The files an export wrote, with their sizes.
fn files_in(paths: &[PathBuf]) -> Vec<DashExportFile> {
    paths
        .iter()
        .map(|p| DashExportFile {
            path: p.display().to_string(),
            bytes: file_size(p),
        })
        .collect()
}

/// Writes an export of the current round, calling `progress(done, total)` as rows stream.
pub fn export(
    store: &Store,
    input: &DashExportInput,
    progress: &mut dyn FnMut(u64, u64),
) -> CommandResult<DashExportResult> {
    let dir = PathBuf::from(input.dir.trim());
    if input.dir.trim().is_empty() || !dir.is_absolute() {
        return Err(invalid(Code::DesktopFolderNotAbsolute));
    }
    if !["xlsx", "csv", "posting", "certificates"].contains(&input.kind.as_str()) {
        return Err(invalid(
            Message::new(Code::DesktopUnknownExportKind).with("kind", input.kind.as_str()),
        ));
    }
    let round = store.current_round()?;
    // The tables are the whole report (their household list is the whole round's); the
    // posting lists and certificates can be one commune's.
    let tables_only = matches!(input.kind.as_str(), "xlsx" | "csv");
    let commune = input
        .commune
        .as_deref()
        .filter(|c| !c.is_empty() && !tables_only);
    let suffix = commune.map_or(String::new(), |c| format!("-{c}"));
    let report = store.round_report(&ReportRequest {
        round_id: round.id.clone(),
        basis: UnitBasis::AsRecorded,
        unit: commune.map(str::to_string),
        villages: true,
        changes: true,
    })?;
    let top = report.rows.first().map(|r| r.counts.clone());
    // The household list holds the round's reviewed households (finished forms) only.
    let reviewed = top.as_ref().map_or(0, |c| c.reviewed);
    std::fs::create_dir_all(&dir).map_err(|e| {
        CommandError::new(
            ErrorCode::Invalid,
            Message::new(Code::DesktopCannotCreateFolder)
                .with("path", dir.display().to_string())
                .with("source", e.to_string()),
        )
    })?;
    let tables = |store: &Store| -> CommandResult<_> {
        let targets = Targets::dong_van_2020().map_err(targets_damaged)?;
        Ok(store.target_report(&round.id, &targets, UnitBasis::AsRecorded)?)
    };
    let (target, paths, rows, held_back) = match input.kind.as_str() {
        "xlsx" | "csv" => {
            let dashboard = tables(store)?;
            let options = ExportOptions {
                targets: Some(&dashboard),
                households: true,
            };
            progress(0, reviewed);
            let mut on_rows = |n| progress(n, reviewed);
            let (path, summary) = if input.kind == "xlsx" {
                let path = dir.join(format!("bao-cao-{}{suffix}.xlsx", round.year));
                let summary =
                    write_xlsx_with_progress(store, &report, &options, &path, &mut on_rows)?;
                (path, summary)
            } else {
                let folder = dir.join(format!("bao-cao-{}{suffix}-csv", round.year));
                let summary =
                    write_csv_with_progress(store, &report, &options, &folder, &mut on_rows)?;
                (folder, summary)
            };
            (path, summary.files, summary.households, 0)
        }
        "posting" => {
            let folder = dir.join(format!("niem-yet-{}{suffix}", round.year));
            progress(0, 0);
            let printed = printable::write_posting_lists(store, &round.id, commune, &folder)?;
            (folder, printed.files, printed.households, printed.held_back)
        }
        _ => {
            let folder = dir.join(format!("giay-chung-nhan-{}{suffix}", round.year));
            progress(0, 0);
            let printed = printable::write_certificates(store, &round.id, commune, &folder)?;
            (folder, printed.files, printed.households, printed.held_back)
        }
    };
    let files = files_in(&paths);
    Ok(DashExportResult {
        kind: input.kind.clone(),
        target: target.display().to_string(),
        bytes: files.iter().map(|f| f.bytes).sum(),
        files,
        rows,
        held_back,
    })
}

#[tauri::command]
pub async fn dashboard<R: Runtime>(
    app: AppHandle<R>,
    query: Option<DashQuery>,
) -> CommandResult<DashboardView> {
    with_store(app, move |store, state| {
        dashboard_of(store, &state.path, query.unwrap_or_default())
    })
    .await
}

#[tauri::command]
pub async fn dashboard_households<R: Runtime>(
    app: AppHandle<R>,
    commune: String,
    village: String,
) -> CommandResult<HouseholdList> {
    with_store(app, move |store, _| {
        village_households(store, &commune, &village)
    })
    .await
}

/// Writes an export, telling `on_progress` how far the store's streaming is (at most every
/// 200 rows, so the window is not flooded). A channel, like the exchange's import: the window
/// needs no event permission.
#[tauri::command]
pub async fn dashboard_export<R: Runtime>(
    app: AppHandle<R>,
    input: DashExportInput,
    on_progress: Channel<DashExportProgress>,
) -> CommandResult<DashExportResult> {
    with_store(app, move |store, state| {
        let kind = input.kind.clone();
        let send = |done: u64, total: u64, finished: bool| {
            // A window that went away only stops hearing; the export goes on.
            let _ = on_progress.send(DashExportProgress {
                kind: kind.clone(),
                done,
                total,
                finished,
            });
        };
        let result = export(store, &input, &mut |done, total| {
            if done == 0 || done % 200 == 0 || done == total {
                send(done, total, false);
            }
        });
        if let Ok(r) = &result {
            // Every kind names households (heads, members, villages): it leaves the encrypted
            // store, so the action log keeps who wrote it, its own file name and how many.
            let name = std::path::Path::new(&r.target)
                .file_name()
                .map_or_else(|| r.kind.clone(), |n| n.to_string_lossy().into_owned());
            store.record_action(
                crate::clock::now_ms(),
                state.session.person().as_ref(),
                rasoat_store::ActionEvent::ExportWithNames,
                Some(&format!("{}: {name}", r.kind)),
                i64::try_from(r.rows).unwrap_or(i64::MAX),
            )?;
            send(r.rows, r.rows, true);
        }
        result
    })
    .await
}
