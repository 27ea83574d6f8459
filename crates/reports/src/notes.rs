//! Rows of the export's notes sheet that are not about a column: the readings the figures
//! rest on where the texts leave a rule open, as the domain names them.

use rasoat_domain::classify::Settings;
use rasoat_domain::messages::{render, Lang};
use rasoat_domain::readings::readings;
use rasoat_domain::round::recorded_list;
use rasoat_domain::round_settings::procedure_lines;
use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::ReviewState;
use rasoat_store::RoundKind;

use crate::error::Result;

/// The readings the classifications rest on where the texts leave a rule open, one row each:
/// what, how sure (never settled by the text), the choice made and the others: the round's
/// readings, which its households were classified by.
fn reading_rows(settings: &Settings) -> Vec<[String; 4]> {
    readings(settings)
        .into_iter()
        .map(|r| {
            let others = if r.others_vi.is_empty() {
                String::new()
            } else {
                format!(" (cách đọc khác: {})", r.others_vi.join("; "))
            };
            [
                "Cách đọc của kỳ rà soát".to_string(),
                r.name_vi,
                if r.is_default {
                    "chưa rõ trong văn bản; mặc định".to_string()
                } else {
                    "chưa rõ trong văn bản; khác mặc định".to_string()
                },
                format!("{}{others}", r.chosen_vi),
            ]
        })
        .collect()
}

/// Which households the tables count, by their review state (QĐ 24/2021/QĐ-TTg Art. 4: the
/// review's result is the completed form, then the commune's, the village meeting's and the
/// chairman's steps on it): the states the domain calls reviewed, and those counted apart.
fn counted_rows() -> Vec<[String; 4]> {
    vec![
        [
            "Kỳ rà soát".to_string(),
            "Hộ được tính vào các cột phân loại, biến động, thiếu hụt và tỷ lệ".to_string(),
            "theo QĐ 24/2021/QĐ-TTg, Điều 4".to_string(),
            format!(
                "Hộ đã rà soát: phiếu đã hoàn thành trở đi ({}); tỷ lệ chia cho tổng số hộ dân cư đã nhập, chưa nhập thì chia cho số hộ đã rà soát",
                states(true)
            ),
        ],
        [
            "Kỳ rà soát".to_string(),
            "Hộ đang nhập và hộ tạm tính".to_string(),
            "theo QĐ 24/2021/QĐ-TTg, Điều 4".to_string(),
            format!(
                "Phiếu chưa hoàn thành ({}) được đếm riêng ở cột «đang nhập»; hộ còn thiếu câu trả lời mà phân loại cần được đếm riêng ở cột «tạm tính»; cả hai không nằm trong cột phân loại nào",
                states(false)
            ),
        ],
    ]
}

/// The review states the tables count (`reviewed`) or count apart, as the window names them.
fn states(reviewed: bool) -> String {
    ReviewState::ALL
        .into_iter()
        .filter(|s| s.is_reviewed() == reviewed)
        .map(|s| format!("«{}»", s.label_vi()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which households the resolution's targets measure: the same finished forms as the class
/// columns, so a draft's answers move no target while they are still being typed.
pub(crate) fn targets_counted_row() -> [String; 4] {
    [
        "Mục tiêu NQ".to_string(),
        "Hộ được đo".to_string(),
        "theo QĐ 24/2021/QĐ-TTg, Điều 4".to_string(),
        format!(
            "Như các cột phân loại: hộ đã rà soát, phiếu đã hoàn thành trở đi ({}); phiếu chưa hoàn thành ({}) không được đo ở chỉ tiêu nào",
            states(true),
            states(false)
        ),
    ]
}

/// Who the round consults before recognition and who recognises, one row each: the authority
/// and whether it is the round's default by its dates, and whether the texts leave it open.
fn procedure_rows(settings: &Settings, year: i32, month: u8) -> Vec<[String; 4]> {
    procedure_lines(settings, year, month)
        .into_iter()
        .map(|line| {
            let default = if line.reading.is_default {
                "mặc định theo thời gian của kỳ"
            } else {
                "khác mặc định"
            };
            let sure = if line.unclear_in_text {
                format!("chưa rõ trong văn bản; {default}")
            } else {
                default.to_string()
            };
            [
                "Quy trình của kỳ rà soát".to_string(),
                line.reading.name_vi,
                sure,
                line.reading.chosen_vi,
            ]
        })
        .collect()
}

/// What the notes say of a round beside its columns: its settings, by its year and month, and
/// the standard and list its classes belong to.
pub(crate) struct RoundNotes {
    settings: Settings,
    year: i32,
    month: u8,
    /// The Vietnamese name of the standard the round's households were classified by.
    pub(crate) standard: Option<String>,
    /// Which list the figures are: "danh sách áp dụng năm 2025 theo …".
    list: Option<String>,
}

/// Which list a round's figures are: "danh sách áp dụng năm 2025 theo …" (none for a standard
/// this build does not know).
pub(crate) fn list_of(round: &rasoat_store::Round) -> Option<String> {
    let standards = Standards::national();
    let yearly = round.kind == RoundKind::Periodic;
    standards
        .by_id(&round.standard_id)
        .map(|s| render(Lang::Vi, &recorded_list(&standards, round.year, yearly, s)))
}

impl RoundNotes {
    pub(crate) fn of(store: &rasoat_store::Store, round: &rasoat_store::Round) -> Result<Self> {
        // The standard as the installation holds it: an office's file may name its method.
        let standards = store.standards()?;
        let standard = standards.by_id(&round.standard_id);
        let list = list_of(round);
        Ok(RoundNotes {
            settings: store.round_settings(&round.id)?,
            year: round.year,
            month: round.month,
            standard: standard.map(|s| s.name_vi.clone()),
            list,
        })
    }

    /// Which list the figures are, then the readings, then who is consulted and who
    /// recognises.
    pub(crate) fn rows(&self) -> Vec<[String; 4]> {
        let mut rows: Vec<[String; 4]> = self
            .list
            .iter()
            .map(|list| {
                [
                    "Kỳ rà soát".to_string(),
                    "Danh sách của các bảng".to_string(),
                    "theo chuẩn của kỳ".to_string(),
                    list.clone(),
                ]
            })
            .collect();
        rows.extend(counted_rows());
        rows.extend(reading_rows(&self.settings));
        rows.extend(procedure_rows(&self.settings, self.year, self.month));
        rows
    }
}
