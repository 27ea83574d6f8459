//! Who the commune consults before it recognises a round's lists, and who recognises them
//! (QĐ 24/2021 Art. 4 steps 5 and 6): a setting of each round, whose default follows the
//! round's dates, so a certificate or a posting list names the authority the round says.
//!
//! Sources (poverty-standards.md §2.3, §2.4, §2.6, §6):
//! - a periodic review reports to and consults the district chairman (step 5) before the
//!   commune chairman recognises (step 6) [C: QĐ 24/2021 Art. 4];
//! - a regular review applies steps 2–4 and the commune chairman recognises, with no
//!   consultation [C: QĐ 24/2021 Art. 5];
//! - the district level ends on 1 July 2025; the text names no one in its place, and one
//!   commune plan (KH 41/KH-UBND of 02/10/2025) consults the province's chairman [P]: from
//!   that day the consultation is a reading the texts leave open ("chưa rõ trong văn bản");
//! - the commune chairman still recognises after that day (QĐ 967/QĐ-BNNMT keeps
//!   applications going to "Chủ tịch UBND cấp xã"); no source names another recogniser.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::score_a::MERGER_DAY;

/// Whose opinion the commune asks before recognising (step 5).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consulted {
    /// "Chủ tịch UBND cấp huyện": QĐ 24/2021 Art. 4 step 5, until 30 June 2025.
    DistrictChairman,
    /// "Chủ tịch UBND cấp tỉnh": one commune plan's reading after the district level ended.
    ProvinceChairman,
    /// No one: the regular review (QĐ 24/2021 Art. 5) has no consultation step.
    None,
}

impl Consulted {
    pub const ALL: [Consulted; 3] = [
        Consulted::DistrictChairman,
        Consulted::ProvinceChairman,
        Consulted::None,
    ];

    /// The word of the setting.
    pub fn as_str(self) -> &'static str {
        match self {
            Consulted::DistrictChairman => "district_chairman",
            Consulted::ProvinceChairman => "province_chairman",
            Consulted::None => "none",
        }
    }

    pub fn parse(word: &str) -> Option<Consulted> {
        Consulted::ALL.into_iter().find(|c| c.as_str() == word)
    }

    /// The authority in words, without its place: "Chủ tịch UBND cấp tỉnh".
    pub fn label_vi(self) -> &'static str {
        match self {
            Consulted::DistrictChairman => "Chủ tịch UBND cấp huyện",
            Consulted::ProvinceChairman => "Chủ tịch UBND cấp tỉnh",
            Consulted::None => "không xin ý kiến cấp trên",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Consulted::DistrictChairman => "the district's chairman",
            Consulted::ProvinceChairman => "the province's chairman",
            Consulted::None => "no one above the commune",
        }
    }
}

/// Who recognises the lists and issues the certificates (step 6).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recogniser {
    /// "Chủ tịch UBND cấp xã": QĐ 24/2021 Art. 4 step 6 and Art. 5; QĐ 967/QĐ-BNNMT (2025).
    CommuneChairman,
}

impl Recogniser {
    pub const ALL: [Recogniser; 1] = [Recogniser::CommuneChairman];

    pub fn as_str(self) -> &'static str {
        match self {
            Recogniser::CommuneChairman => "commune_chairman",
        }
    }

    pub fn parse(word: &str) -> Option<Recogniser> {
        Recogniser::ALL.into_iter().find(|r| r.as_str() == word)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Recogniser::CommuneChairman => "Chủ tịch UBND cấp xã",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Recogniser::CommuneChairman => "the commune's chairman",
        }
    }
}

/// The round's choices; each absent one follows the round's dates (`procedure`). Absent
/// choices are not written, so a round whose office chose none sends the settings an app
/// without these keys reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProcedureSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consulted: Option<Consulted>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recognised_by: Option<Recogniser>,
}

impl ProcedureSettings {
    /// Nothing chosen: every step follows the round's dates.
    pub fn is_unset(&self) -> bool {
        self.consulted.is_none() && self.recognised_by.is_none()
    }
}

/// The days a round covers: a periodic round 01/9–14/12 of its year, a regular round of month
/// M from the 15th of M to the 14th of the next month (QĐ 24/2021 Art. 3).
pub fn round_period(year: i32, month: u8) -> Option<(Date, Date)> {
    if month == 0 {
        return Some((Date::new(year, 9, 1)?, Date::new(year, 12, 14)?));
    }
    let (next_year, next_month) = if month >= 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, month + 1)
    };
    Some((
        Date::new(year, month, 15)?,
        Date::new(next_year, next_month, 14)?,
    ))
}

/// The two steps as a round takes them: the authority, whether it is the round's default,
/// and whether no text settles it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Procedure {
    pub consulted: Consulted,
    pub consulted_is_default: bool,
    /// From 1 July 2025 no text names who is consulted: "chưa rõ trong văn bản".
    pub consulted_unclear_in_text: bool,
    pub recognised_by: Recogniser,
    pub recognised_by_is_default: bool,
}

/// Who is consulted by default in a round of `year` (`month` 0 for the periodic round, 1–12
/// for a regular one), and whether the texts leave it open: a regular round consults no one;
/// a periodic round ending before 1 July 2025 the district's chairman; one reaching that day
/// the province's chairman, a reading no text settles.
pub fn default_consulted(year: i32, month: u8) -> (Consulted, bool) {
    if month != 0 {
        return (Consulted::None, false);
    }
    match round_period(year, month) {
        Some((_, last)) if last < MERGER_DAY => (Consulted::DistrictChairman, false),
        _ => (Consulted::ProvinceChairman, true),
    }
}

/// The steps of a round of `year` and `month` under `settings`.
pub fn procedure(settings: &ProcedureSettings, year: i32, month: u8) -> Procedure {
    let (default, unclear) = default_consulted(year, month);
    let consulted = settings.consulted.unwrap_or(default);
    let recognised_by = settings
        .recognised_by
        .unwrap_or(Recogniser::CommuneChairman);
    Procedure {
        consulted,
        consulted_is_default: consulted == default,
        consulted_unclear_in_text: unclear,
        recognised_by,
        recognised_by_is_default: recognised_by == Recogniser::CommuneChairman,
    }
}

/// "Chủ tịch UBND tỉnh Lâm Đồng" from the authority's level name and the unit's name as the
/// unit list spells it ("Tỉnh Lâm Đồng"); without a name, the level: "Chủ tịch UBND cấp tỉnh".
pub fn chairman_of(unit_name: Option<&str>, level_label_vi: &str) -> String {
    match unit_name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => {
            let mut chars = name.chars();
            let first: String = chars
                .next()
                .map(|c| c.to_lowercase().collect())
                .unwrap_or_default();
            format!("Chủ tịch UBND {first}{}", chars.as_str())
        }
        None => level_label_vi.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_periodic_round_consults_by_its_dates() {
        // 2024's round (01/9–14/12/2024) ends before the district level does.
        assert_eq!(
            default_consulted(2024, 0),
            (Consulted::DistrictChairman, false)
        );
        // 2025's round starts after 1 July 2025: the province, a reading no text settles.
        assert_eq!(
            default_consulted(2025, 0),
            (Consulted::ProvinceChairman, true)
        );
        assert_eq!(
            default_consulted(2026, 0),
            (Consulted::ProvinceChairman, true)
        );
        // A regular round has no consultation step, on either side of the day.
        assert_eq!(default_consulted(2024, 3), (Consulted::None, false));
        assert_eq!(default_consulted(2025, 6), (Consulted::None, false));
    }

    #[test]
    fn a_round_s_period_follows_the_decision_s_calendar() {
        let d = |y, m, d| Date::new(y, m, d).expect("date");
        assert_eq!(
            round_period(2025, 0),
            Some((d(2025, 9, 1), d(2025, 12, 14)))
        );
        assert_eq!(
            round_period(2025, 6),
            Some((d(2025, 6, 15), d(2025, 7, 14)))
        );
        assert_eq!(
            round_period(2025, 12),
            Some((d(2025, 12, 15), d(2026, 1, 14)))
        );
        assert_eq!(round_period(2025, 13), None);
    }

    #[test]
    fn a_choice_wins_over_the_dates_and_says_so() {
        let chosen = ProcedureSettings {
            consulted: Some(Consulted::DistrictChairman),
            recognised_by: None,
        };
        let p = procedure(&chosen, 2025, 0);
        assert_eq!(p.consulted, Consulted::DistrictChairman);
        assert!(!p.consulted_is_default);
        // Still a reading the texts leave open after the day: whoever is named.
        assert!(p.consulted_unclear_in_text);
        let p = procedure(&chosen, 2024, 0);
        assert!(p.consulted_is_default && !p.consulted_unclear_in_text);
        let p = procedure(&ProcedureSettings::default(), 2026, 0);
        assert_eq!(p.recognised_by, Recogniser::CommuneChairman);
        assert!(p.recognised_by_is_default);
    }

    #[test]
    fn the_chairman_is_named_by_the_unit() {
        assert_eq!(
            chairman_of(
                Some("Tỉnh Lâm Đồng"),
                Consulted::ProvinceChairman.label_vi()
            ),
            "Chủ tịch UBND tỉnh Lâm Đồng"
        );
        assert_eq!(
            chairman_of(Some("Xã Lũng Cú"), Recogniser::CommuneChairman.label_vi()),
            "Chủ tịch UBND xã Lũng Cú"
        );
        assert_eq!(
            chairman_of(None, Consulted::ProvinceChairman.label_vi()),
            "Chủ tịch UBND cấp tỉnh"
        );
    }
}
