//! Where demo households live: the communes of the former Đồng Văn district with their GSO
//! codes before and after the 01/07/2025 reorganisation (assets/admin-units/, NQ
//! 1684/NQ-UBTVQH15), any other province by its code only (the app ships no commune list
//! for it, so its commune code is the placeholder 00000, which no real commune has), and invented village names marked "(mẫu)" so that
//! nobody mistakes a demo village for a real one.

use rasoat_domain::score_a::{RegionSettings, Regions, MERGER_DAY};

/// One commune a demo can place households in.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoCommune {
    /// GSO province code valid up to 30/06/2025 (02 Hà Giang for Đồng Văn).
    pub province: String,
    /// GSO province code from 01/07/2025 (08 Tuyên Quang for Đồng Văn).
    pub successor_province: String,
    /// GSO commune code valid up to 30/06/2025; [`PLACEHOLDER_COMMUNE`] for a province whose
    /// communes the app does not ship, where only the province code is real.
    pub code: String,
    pub name: String,
    /// GSO code of the commune it became on 01/07/2025; the placeholder like `code`.
    pub successor_code: String,
    pub successor_name: String,
    /// A thị trấn (or phường) before 2025: its households were "thành thị" (urban) then.
    pub town: bool,
    /// Still urban from 2025. Every Đồng Văn successor is a xã, and the demo reads them as
    /// rural (the law's answer is an open question, see poverty-standards.md §4.4).
    pub successor_town: bool,
    /// Relative number of households (demo weights, not census figures).
    pub weight: u32,
    /// Added to every household's latent wealth: the towns and the valley communes are better
    /// off than the high border communes (demo assumption, in standard deviations).
    pub wealth_shift: f64,
    /// How many villages (thôn) to invent for it.
    pub villages: u32,
}

/// GSO province code of Hà Giang, valid until 30/06/2025.
pub const HA_GIANG: &str = "02";
/// GSO province code of Tuyên Quang, which absorbed Hà Giang on 01/07/2025.
pub const TUYEN_QUANG: &str = "08";
/// The commune code of households of a province whose communes the app does not ship: five
/// digits, as the form requires, and no real commune's (GSO commune codes start at 00001).
pub const PLACEHOLDER_COMMUNE: &str = "00000";
/// The first review year whose communes are the 2025 successors (the 2025 review runs from
/// September, after the 01/07/2025 reorganisation).
pub const FIRST_YEAR_OF_NEW_UNITS: i32 = 2025;

impl DemoCommune {
    /// The province and commune codes a household of this commune carries in `year`.
    pub fn codes_in(&self, year: i32) -> (&str, &str) {
        if year >= FIRST_YEAR_OF_NEW_UNITS {
            (&self.successor_province, &self.successor_code)
        } else {
            (&self.province, &self.code)
        }
    }

    /// Whether its households are urban in `year`.
    pub fn urban_in(&self, year: i32) -> bool {
        if year >= FIRST_YEAR_OF_NEW_UNITS {
            self.successor_town
        } else {
            self.town
        }
    }

    /// Where households of the province `code` (a GSO code of the 63 provinces before the
    /// 2025 merger, as Mẫu số 3.3's region lists name them) live. Hà Giang (02) is Đồng Văn's
    /// 19 units, the only communes the app ships. Any other province is one invented rural
    /// place and one invented urban place, each "(mẫu)", with the province code and the commune
    /// code [`PLACEHOLDER_COMMUNE`] (never a made-up code that could be a real commune's); from 2025
    /// they carry the code of the province it became part of. Where that province was made from
    /// provinces of several regions (Tây Nguyên's, four of the five centrally-run cities), the
    /// region of its households is said by the round reading [`DemoCommune::region_settings`]
    /// gives: the placeholder commune was a commune of the former province asked for.
    pub fn in_province(code: &str) -> Result<Vec<DemoCommune>, ProvinceError> {
        let code = code.trim();
        if code == HA_GIANG {
            return Ok(DemoCommune::dong_van());
        }
        let regions = Regions::embedded();
        let former = regions
            .former(code)
            .ok_or_else(|| ProvinceError::Unknown { code: code.into() })?;
        let successor = regions
            .merged_2025_07_01
            .provinces
            .iter()
            .find(|p| p.formed_from.iter().any(|f| f == code))
            .ok_or_else(|| ProvinceError::Unknown { code: code.into() })?;
        let place = |kind: &str, town: bool, weight: u32, shift: f64| DemoCommune {
            province: former.code.clone(),
            successor_province: successor.code.clone(),
            code: PLACEHOLDER_COMMUNE.into(),
            name: format!("{kind} (mẫu), {}", former.name_vi),
            successor_code: PLACEHOLDER_COMMUNE.into(),
            successor_name: format!("{kind} (mẫu), {}", successor.name_vi),
            town,
            successor_town: town,
            weight,
            wealth_shift: shift,
            villages: 8,
        };
        Ok(vec![
            place("Xã", false, 3, 0.0),
            place("Phường", true, 1, 0.6),
        ])
    }

    /// The round reading that places the households of `communes` by the former province the
    /// demo put them in: from 1 July 2025 a placeholder commune of a province made from
    /// provinces of several regions is a commune of that former province (the reading a round
    /// makes for a commune formed from two provinces, `RegionSettings::commune_former_province`,
    /// labelled "chưa rõ trong văn bản" where it decides). Real communes need none: the unit
    /// succession says where they came from.
    pub fn region_settings(communes: &[DemoCommune]) -> RegionSettings {
        let regions = Regions::embedded();
        let mut settings = RegionSettings::default();
        for c in communes {
            let several = regions
                .place(
                    &c.successor_province,
                    MERGER_DAY,
                    None,
                    &RegionSettings::default(),
                )
                .is_err();
            if c.successor_code == PLACEHOLDER_COMMUNE && several {
                settings
                    .commune_former_province
                    .insert(c.successor_code.clone(), c.province.clone());
            }
        }
        settings
    }

    /// The 19 units of Đồng Văn district before 07/2025, with their successors.
    pub fn dong_van() -> Vec<DemoCommune> {
        // (code, name, successor code, successor name, town, weight, wealth shift, villages)
        type Row = (
            &'static str,
            &'static str,
            &'static str,
            &'static str,
            bool,
            u32,
            f64,
            u32,
        );
        const ROWS: [Row; 19] = [
            (
                "00712",
                "Thị trấn Phó Bảng",
                "00745",
                "Xã Phố Bảng",
                true,
                5,
                0.45,
                6,
            ),
            (
                "00715",
                "Xã Lũng Cú",
                "00715",
                "Xã Lũng Cú",
                false,
                6,
                -0.15,
                9,
            ),
            (
                "00718",
                "Xã Má Lé",
                "00715",
                "Xã Lũng Cú",
                false,
                5,
                -0.1,
                8,
            ),
            (
                "00721",
                "Thị trấn Đồng Văn",
                "00721",
                "Xã Đồng Văn",
                true,
                8,
                0.8,
                8,
            ),
            (
                "00724",
                "Xã Lũng Táo",
                "00715",
                "Xã Lũng Cú",
                false,
                5,
                -0.2,
                9,
            ),
            (
                "00727",
                "Xã Phố Là",
                "00745",
                "Xã Phố Bảng",
                false,
                4,
                -0.05,
                7,
            ),
            (
                "00730",
                "Xã Thài Phìn Tủng",
                "00721",
                "Xã Đồng Văn",
                false,
                5,
                -0.25,
                8,
            ),
            (
                "00733",
                "Xã Sủng Là",
                "00733",
                "Xã Sà Phìn",
                false,
                5,
                -0.1,
                8,
            ),
            (
                "00736",
                "Xã Xà Phìn",
                "00733",
                "Xã Sà Phìn",
                false,
                4,
                0.0,
                7,
            ),
            (
                "00739",
                "Xã Tả Phìn",
                "00721",
                "Xã Đồng Văn",
                false,
                4,
                -0.3,
                7,
            ),
            (
                "00742",
                "Xã Tả Lủng",
                "00721",
                "Xã Đồng Văn",
                false,
                4,
                -0.2,
                7,
            ),
            (
                "00745",
                "Xã Phố Cáo",
                "00745",
                "Xã Phố Bảng",
                false,
                6,
                0.0,
                10,
            ),
            (
                "00748",
                "Xã Sính Lủng",
                "00733",
                "Xã Sà Phìn",
                false,
                5,
                -0.35,
                9,
            ),
            (
                "00751",
                "Xã Sảng Tủng",
                "00733",
                "Xã Sà Phìn",
                false,
                5,
                -0.3,
                9,
            ),
            (
                "00754",
                "Xã Lũng Thầu",
                "00745",
                "Xã Phố Bảng",
                false,
                4,
                -0.3,
                8,
            ),
            (
                "00757",
                "Xã Hố Quáng Phìn",
                "00763",
                "Xã Lũng Phìn",
                false,
                4,
                -0.2,
                7,
            ),
            (
                "00760",
                "Xã Vần Chải",
                "00820",
                "Xã Yên Minh",
                false,
                5,
                -0.15,
                9,
            ),
            (
                "00763",
                "Xã Lũng Phìn",
                "00763",
                "Xã Lũng Phìn",
                false,
                5,
                -0.1,
                8,
            ),
            (
                "00766",
                "Xã Sủng Trái",
                "00763",
                "Xã Lũng Phìn",
                false,
                4,
                -0.3,
                8,
            ),
        ];
        ROWS.iter()
            .map(
                |&(code, name, successor_code, successor_name, town, weight, shift, villages)| {
                    DemoCommune {
                        province: HA_GIANG.into(),
                        successor_province: TUYEN_QUANG.into(),
                        code: code.into(),
                        name: name.into(),
                        successor_code: successor_code.into(),
                        successor_name: successor_name.into(),
                        town,
                        successor_town: false,
                        weight,
                        wealth_shift: shift,
                        villages,
                    }
                },
            )
            .collect()
    }
}

/// Why the demo cannot place households in a province.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProvinceError {
    #[error("không có tỉnh mã `{code}` trong 63 tỉnh, thành phố trước 01/07/2025 / `{code}` is not one of the 63 provinces before 1 July 2025")]
    Unknown { code: String },
}

/// Syllables of highland place names, combined into invented village names. Some
/// combinations may exist somewhere; the "(mẫu)" mark says they are demo data all the same.
const FIRST: [&str; 16] = [
    "Lũng", "Sà", "Séo", "Há", "Pả", "Sủng", "Tả", "Chúng", "Xín", "Khó", "Má", "Sì", "Lao", "Mỏ",
    "Pải", "Cán",
];
const SECOND: [&str; 16] = [
    "Chư", "Phìn", "Cáo", "Tỷ", "Mò", "Chải", "Sán", "Hầu", "Lủng", "Pản", "Cẩm", "Súng", "Ván",
    "Chá", "Tủng", "Lìn",
];

/// Name of village `v` of the commune at position `commune_index`: stable for a commune and
/// number (independent of the seed, so the same demo village keeps its name), and different
/// for different villages of one commune.
pub fn village_name(commune_index: usize, v: u32) -> String {
    // A stride coprime with 256 walks all 16 × 16 combinations before repeating.
    let k = (commune_index as u32)
        .wrapping_mul(37)
        .wrapping_add(v.wrapping_mul(101))
        % 256;
    let first = FIRST[(k / 16) as usize % 16];
    let second = SECOND[(k % 16) as usize];
    format!("Thôn {first} {second} (mẫu)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn dong_van_has_19_units_and_6_successors() {
        let communes = DemoCommune::dong_van();
        assert_eq!(communes.len(), 19);
        let successors: HashSet<_> = communes.iter().map(|c| &c.successor_code).collect();
        assert_eq!(successors.len(), 6);
        assert_eq!(communes.iter().filter(|c| c.town).count(), 2);
    }

    #[test]
    fn villages_of_a_commune_have_distinct_marked_names() {
        for (i, c) in DemoCommune::dong_van().iter().enumerate() {
            let names: HashSet<_> = (0..c.villages).map(|v| village_name(i, v)).collect();
            assert_eq!(names.len(), c.villages as usize, "{}", c.name);
            assert!(names.iter().all(|n| n.ends_with("(mẫu)")));
        }
    }
}
