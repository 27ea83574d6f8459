//! Rows of the export's notes sheet that are not about a column: the readings the figures
//! rest on where the texts leave a rule open, as the domain names them.

use rasoat_domain::classify::Settings;
use rasoat_domain::readings::readings;

/// The readings the classifications rest on where the texts leave a rule open, one row each:
/// what, how sure (never settled by the text), the choice made and the others: the round's
/// readings, which its households were classified by.
pub(crate) fn reading_rows(settings: &Settings) -> Vec<[String; 4]> {
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
