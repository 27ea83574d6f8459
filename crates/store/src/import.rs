//! Import of the list of households to review (TT 07/2021 Phụ lục I) from CSV or XLSX.
//!
//! Every row is validated first and errors are reported by row and column, in Vietnamese.
//! Then either every valid row is imported in one transaction, or nothing is (the default when
//! any row is wrong). A household already in the store is found again (by commune and
//! household code, or by commune, village and head name when the list has no code), so
//! importing the same list twice creates no duplicates, and a household listed again in a
//! later round keeps its identity.
//!
//! The exact columns of Phụ lục I were not seen (poverty-standards.md §3.1); the importer
//! accepts the columns the forms name, matched without case or diacritics: "Mã hộ"
//! (optional), "Họ và tên chủ hộ", "Thôn/bản", "Số thành viên", "Hiện trạng" and
//! "Lý do rà soát" (optional).

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use rasoat_domain::workflow::ReviewState;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::households::{
    read_snapshot, search_key, write_record, Listing, Review, Snapshot, Stamp,
};
use crate::journal::content_hash;
use crate::{new_id, Store, UnixMillis};

/// One problem in one cell of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// Row number as the spreadsheet shows it (1 = first line of the file).
    pub row: usize,
    /// The column's header as written in the file.
    pub column: String,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Dòng {}, cột «{}»: {}",
            self.row, self.column, self.message
        )
    }
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The round; `None` means the current open round.
    pub round_id: Option<String>,
    /// The commune of the list; `None` means the installation's unit.
    pub commune_code: Option<String>,
    /// Import the valid rows even when others are wrong.
    pub skip_invalid: bool,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub round_id: String,
    pub n_rows: usize,
    /// New records created in the round.
    pub n_imported: usize,
    /// Rows whose household already had a record in the round (nothing changed).
    pub n_already_present: usize,
    /// Rows refused, with the reasons.
    pub errors: Vec<RowError>,
}

/// A valid row, ready to import.
#[derive(Debug, Clone)]
struct ListRow {
    code: String,
    head: String,
    village: String,
    members: i64,
    status: &'static str,
    reason: Option<String>,
}

/// Lower-case, diacritics folded, `_`/`.` as spaces: how headers and codes are compared.
pub fn fold_header(text: &str) -> String {
    search_key(&text.replace(['_', '.', '\n'], " "))
}

/// Reads the first sheet of an XLSX/XLS/ODS file or a CSV file as rows of text cells.
pub fn read_table(path: &Path) -> Result<Vec<Vec<String>>> {
    let unreadable = |message: String| StoreError::ListUnreadable {
        path: path.display().to_string(),
        message,
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            use calamine::{open_workbook_auto, Data, Reader};
            let mut workbook = open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
            let Some(Ok(range)) = workbook.worksheet_range_at(0) else {
                return Err(unreadable("tệp không có trang tính nào / no sheet".into()));
            };
            // Keep spreadsheet row numbers: the used range may not start at A1.
            let first_row = range.start().map_or(0, |(row, _)| row as usize);
            let first_col = range.start().map_or(0, |(_, col)| col as usize);
            let mut rows = vec![Vec::new(); first_row];
            for row in range.rows() {
                let mut cells = vec![String::new(); first_col];
                cells.extend(row.iter().map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        format!("{}", *f as i64)
                    }
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => b.to_string(),
                    other => other.to_string(),
                }));
                rows.push(cells);
            }
            Ok(rows)
        }
        _ => {
            let bytes = std::fs::read(path).map_err(|source| StoreError::Io {
                path: path.display().to_string(),
                source,
            })?;
            let text = std::str::from_utf8(&bytes)
                .map_err(|_| unreadable("tệp CSV phải mã hóa UTF-8 / CSV must be UTF-8".into()))?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            // Vietnamese Excel saves CSV with `;` when the decimal separator is a comma.
            let first_line = text.lines().next().unwrap_or("");
            let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
                b';'
            } else {
                b','
            };
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(text.as_bytes());
            let mut rows = Vec::new();
            for record in reader.records() {
                let record = record.map_err(|e| unreadable(e.to_string()))?;
                rows.push(record.iter().map(str::to_string).collect());
            }
            Ok(rows)
        }
    }
}

struct Columns {
    header_row: usize,
    names: Vec<String>,
    code: Option<usize>,
    head: usize,
    village: usize,
    members: usize,
    status: usize,
    reason: Option<usize>,
}

const HEAD: &[&str] = &["ho va ten chu ho", "ho ten chu ho", "chu ho", "ten chu ho"];
const VILLAGE: &[&str] = &[
    "thon/ban",
    "thon / ban",
    "thon, ban",
    "thon ban",
    "thon",
    "ban",
    "thon/to",
];
const MEMBERS: &[&str] = &["so thanh vien", "so nhan khau", "so khau", "so nguoi"];
const STATUS: &[&str] = &[
    "hien trang",
    "tinh trang",
    "tinh trang hien tai",
    "phan loai hien tai",
];
const REASON: &[&str] = &["ly do ra soat", "ly do", "ly do de nghi"];
const CODE: &[&str] = &["ma ho", "ma so ho"];

fn find_columns(table: &[Vec<String>], path: &Path) -> Result<Columns> {
    // Official lists carry title lines above the header: look for it in the first rows.
    for (idx, row) in table.iter().enumerate().take(20) {
        let names: Vec<String> = row.iter().map(|c| fold_header(c)).collect();
        let find = |aliases: &[&str]| names.iter().position(|n| aliases.contains(&n.as_str()));
        let Some(head) = find(HEAD) else { continue };
        let missing = |what: &str| StoreError::ListUnreadable {
            path: path.display().to_string(),
            message: format!(
                "dòng tiêu đề {} thiếu cột «{what}» / header row lacks a column",
                idx + 1
            ),
        };
        return Ok(Columns {
            header_row: idx,
            code: find(CODE),
            head,
            village: find(VILLAGE).ok_or_else(|| missing("Thôn/bản"))?,
            members: find(MEMBERS).ok_or_else(|| missing("Số thành viên"))?,
            status: find(STATUS).ok_or_else(|| missing("Hiện trạng"))?,
            reason: find(REASON),
            names: row.clone(),
        });
    }
    Err(StoreError::ListUnreadable {
        path: path.display().to_string(),
        message: "không tìm thấy dòng tiêu đề có cột «Họ và tên chủ hộ» / no header row found"
            .into(),
    })
}

fn parse_status(text: &str) -> Option<&'static str> {
    match fold_header(text).as_str() {
        "ho ngheo" | "ngheo" | "poor" | "hn" => Some("poor"),
        "ho can ngheo" | "can ngheo" | "near_poor" | "hcn" => Some("near_poor"),
        "ho khong ngheo" | "khong ngheo" | "khong" | "not_poor" | "ho moi de nghi"
        | "de nghi ra soat" => Some("not_poor"),
        _ => None,
    }
}

/// Validates every row; returns the valid rows and the errors.
fn validate(table: &[Vec<String>], columns: &Columns) -> (Vec<ListRow>, Vec<RowError>) {
    let mut valid = Vec::new();
    let mut errors = Vec::new();
    // Key of a household within the list -> the row it first appeared on.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (idx, row) in table.iter().enumerate().skip(columns.header_row + 1) {
        let row_number = idx + 1;
        let cell = |i: usize| row.get(i).map_or("", |s| s.trim());
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let column_name = |i: usize| columns.names.get(i).cloned().unwrap_or_default();
        let mut row_errors = Vec::new();
        let fail = |row_errors: &mut Vec<RowError>, i: usize, message: &str| {
            row_errors.push(RowError {
                row: row_number,
                column: column_name(i),
                message: message.to_string(),
            })
        };
        let head = cell(columns.head);
        if head.is_empty() {
            fail(
                &mut row_errors,
                columns.head,
                "thiếu họ tên chủ hộ / head's name is missing",
            );
        } else if head.chars().any(|c| c.is_ascii_digit()) {
            fail(
                &mut row_errors,
                columns.head,
                "họ tên không được chứa chữ số / a name has no digits",
            );
        }
        let village = cell(columns.village);
        if village.is_empty() {
            fail(
                &mut row_errors,
                columns.village,
                "thiếu thôn/bản / village is missing",
            );
        }
        let members = cell(columns.members);
        let n_members = match members.parse::<i64>() {
            Ok(n @ 1..=50) => n,
            _ => {
                fail(
                    &mut row_errors,
                    columns.members,
                    "phải là số nguyên từ 1 đến 50 / must be a whole number 1–50",
                );
                0
            }
        };
        let status = parse_status(cell(columns.status));
        if status.is_none() {
            fail(
                &mut row_errors,
                columns.status,
                "phải là «Hộ nghèo», «Hộ cận nghèo» hoặc «Hộ không nghèo» / must be poor, near-poor or not poor",
            );
        }
        let code = columns.code.map_or("", cell).to_string();
        let key = if code.is_empty() {
            format!("{}|{}", fold_header(village), search_key(head))
        } else {
            format!("#{}", fold_header(&code))
        };
        if row_errors.is_empty() {
            if let Some(first) = seen.get(&key) {
                fail(
                    &mut row_errors,
                    columns.code.unwrap_or(columns.head),
                    &format!("trùng với dòng {first} / duplicate of row {first}"),
                );
            } else {
                seen.insert(key, row_number);
            }
        }
        if row_errors.is_empty() {
            valid.push(ListRow {
                code,
                head: head.to_string(),
                village: village.to_string(),
                members: n_members,
                status: status.unwrap_or("not_poor"),
                reason: columns
                    .reason
                    .map(cell)
                    .filter(|r| !r.is_empty())
                    .map(str::to_string),
            });
        } else {
            errors.extend(row_errors);
        }
    }
    (valid, errors)
}

/// Writes the errors as a CSV file a cadre can open in Excel (UTF-8 with BOM).
pub fn write_error_report(path: &Path, errors: &[RowError]) -> Result<()> {
    let io = |source| StoreError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut text = String::from("\u{feff}Dòng,Cột,Lỗi\n");
    for e in errors {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        text.push_str(&format!(
            "{},{},{}\n",
            e.row,
            quote(&e.column),
            quote(&e.message)
        ));
    }
    std::fs::write(path, text).map_err(io)
}

/// The default error report path: `list.xlsx` → `list.loi.csv`.
pub fn error_report_path(list: &Path) -> PathBuf {
    list.with_extension("loi.csv")
}

impl Store {
    /// Imports a household list into a round: all valid rows in one transaction, or none.
    /// With errors and without `skip_invalid`, returns `StoreError::ListInvalid` listing them.
    pub fn import_list(
        &mut self,
        path: &Path,
        options: &ImportOptions,
        actor: &str,
        at: UnixMillis,
    ) -> Result<ImportReport> {
        let installation = self.installation()?;
        let round = match &options.round_id {
            Some(id) => self.round(id)?,
            None => self.current_round()?,
        };
        round.check_open()?;
        let commune = options
            .commune_code
            .clone()
            .unwrap_or_else(|| installation.unit_code.clone());
        let round_month = if round.month == 0 { 9 } else { round.month };
        let round_day = format!("{}-{round_month:02}-15", round.year);
        let commune_unit =
            self.unit_on(&commune, &round_day)?
                .ok_or_else(|| StoreError::UnknownUnit {
                    code: commune.clone(),
                })?;
        if commune_unit.level != "commune" {
            return Err(StoreError::ListNotForACommune {
                code: commune.to_string(),
                level: commune_unit.level.clone(),
            });
        }
        let province = self.province_of(&commune_unit.code, &round_day)?;
        let bytes = std::fs::read(path).map_err(|source| StoreError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let file_hash = content_hash(&bytes);
        let table = read_table(path)?;
        let columns = find_columns(&table, path)?;
        let (rows, errors) = validate(&table, &columns);
        let n_rows = rows.len()
            + errors
                .iter()
                .map(|e| e.row)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
        if !errors.is_empty() && !options.skip_invalid {
            return Err(StoreError::ListInvalid {
                n_errors: errors.len(),
                errors,
            });
        }
        let tx = self.conn.transaction()?;
        let mut report = ImportReport {
            round_id: round.id.clone(),
            n_rows,
            errors,
            ..ImportReport::default()
        };
        let reason = format!("nhập danh sách hộ cần rà soát / list import ({file_hash:.12})");
        let stamp = Stamp {
            origin: &installation.id,
            actor,
            reason: &reason,
            at,
        };
        for row in &rows {
            let existing: Option<String> = if row.code.is_empty() {
                tx.prepare_cached(
                    "SELECT id FROM household
                     WHERE commune_code = ?1 AND village = ?2 AND search_key = ?3",
                )?
                .query_row(params![commune, row.village, search_key(&row.head)], |r| {
                    r.get(0)
                })
                .optional()?
            } else {
                tx.prepare_cached("SELECT id FROM household WHERE commune_code = ?1 AND code = ?2")?
                    .query_row(params![commune, row.code], |r| r.get(0))
                    .optional()?
            };
            let household_id = match existing {
                Some(id) => {
                    if read_snapshot(&tx, &id, &round.id)?.is_some() {
                        report.n_already_present += 1;
                        continue;
                    }
                    id
                }
                None => new_id(at).to_string(),
            };
            let snapshot = Snapshot {
                household_id,
                round_id: round.id.clone(),
                code: row.code.clone(),
                province: province.clone(),
                commune_code: commune.clone(),
                village: row.village.clone(),
                head_name: row.head.clone(),
                surveyed_on: None,
                answers_hash: None,
                listing: Listing {
                    status: Some(row.status.to_string()),
                    reason: row.reason.clone(),
                    members: Some(row.members),
                },
                result: None,
                status: ReviewState::Draft,
                review: Review::default(),
            };
            write_record(&tx, &snapshot, None, None, None, "list", stamp)?;
            report.n_imported += 1;
        }
        tx.execute(
            "INSERT INTO list_import (id, round_id, file_hash, file_name, n_rows, n_imported,
                                      imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                new_id(at).to_string(),
                round.id,
                file_hash,
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                n_rows as i64,
                report.n_imported as i64,
                at
            ],
        )?;
        tx.commit()?;
        Ok(report)
    }

    /// The province code a commune belonged to on a day (through its district before 2025).
    fn province_of(&self, commune: &str, day: &str) -> Result<String> {
        let mut code = commune.to_string();
        for _ in 0..3 {
            let unit = self
                .unit_on(&code, day)?
                .ok_or_else(|| StoreError::UnknownUnit { code: code.clone() })?;
            if unit.level == "province" {
                return Ok(unit.code);
            }
            match unit.parent_code {
                Some(parent) => code = parent,
                None => break,
            }
        }
        Err(StoreError::UnknownUnit { code })
    }
}
