//! Phiếu A in the form: the wording of column 0 and columns 1–9 as the domain holds it (the
//! gazette's text) and the province's own column-0 list from the data. The verdict itself
//! comes with every `evaluate`; nothing here decides it.

use rasoat_domain::phieu_a::{
    province_rules, ProvinceRules, COLUMN_LABELS_EN, COLUMN_LABELS_VI, NATIONAL_CONDITIONS,
    PROVINCE_CONDITION_HEADING_EN, PROVINCE_CONDITION_HEADING_VI,
};
use serde::Serialize;

use crate::error::CommandResult;

/// One column-0 condition of the law, by its form number.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PhieuACondition {
    /// 1–4 on the form.
    pub number: u8,
    /// The `PhieuA` field that records it.
    pub id: String,
    pub label_vi: String,
    /// An English gloss, shown beside the law's words in English.
    pub label_en: String,
}

/// What the Phiếu A section shows, in the form's order.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PhieuAFormView {
    /// Column 0, conditions 1–4.
    pub national: Vec<PhieuACondition>,
    /// Column 0, condition 5's heading, verbatim.
    pub province_heading_vi: String,
    pub province_heading_en: String,
    /// The province's own list with what is known of it; `None` when the data has no entry.
    pub province: Option<ProvinceRules>,
    /// Columns 1–9, verbatim.
    pub columns_vi: Vec<String>,
    /// English glosses of columns 1–9.
    pub columns_en: Vec<String>,
}

pub(crate) fn form_view(province: &str) -> PhieuAFormView {
    PhieuAFormView {
        national: (1u8..)
            .zip(NATIONAL_CONDITIONS)
            .map(|(number, c)| PhieuACondition {
                number,
                id: c.id.into(),
                label_vi: c.label_vi.into(),
                label_en: c.label_en.into(),
            })
            .collect(),
        province_heading_vi: PROVINCE_CONDITION_HEADING_VI.into(),
        province_heading_en: PROVINCE_CONDITION_HEADING_EN.into(),
        province: province_rules(province),
        columns_vi: COLUMN_LABELS_VI.iter().map(|c| c.to_string()).collect(),
        columns_en: COLUMN_LABELS_EN.iter().map(|c| c.to_string()).collect(),
    }
}

/// The Phiếu A section's wording for a household of `province` (GSO code).
#[tauri::command]
pub async fn phieu_a_form(province: String) -> CommandResult<PhieuAFormView> {
    Ok(form_view(&province))
}
