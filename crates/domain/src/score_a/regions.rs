//! Which of Mẫu số 3.3's regions a household is scored in, from its province: the 63
//! provinces before the 2025 merger with the five centrally-run cities, and the 34 provinces
//! after it, as data (`assets/scoring/regions.json`) with their sources.
//!
//! The text's lists are of the provinces before the merger, so a province made on 1 July 2025
//! from provinces of one region is in that region, and one made from several regions (the new
//! Lâm Đồng, Gia Lai, Hồ Chí Minh City, …) needs the household's former province, or a region
//! chosen for the round: never a guess.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::region_doubt::RegionDoubt;
use super::table::Region;
use crate::date::Date;
use crate::messages::{Code, Message};

const REGIONS_JSON: &str = include_str!("../../../../assets/scoring/regions.json");

/// The format tag of the regions file.
pub const REGIONS_FORMAT: &str = "rasoat-regions.v1";

/// The day the 63 provinces became 34 (Nghị quyết 202/2025/QH15).
pub const MERGER_DAY: Date = match Date::new(2025, 7, 1) {
    Some(day) => day,
    None => panic!("1 July 2025 is a date"),
};

/// The day Thừa Thiên Huế became the centrally-run city of Huế.
pub const HUE_CITY_DAY: Date = match Date::new(2025, 1, 1) {
    Some(day) => day,
    None => panic!("1 January 2025 is a date"),
};

/// GSO code of Thừa Thiên Huế / Huế.
const HUE: &str = "46";

/// The regions file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regions {
    pub format: String,
    pub source: RegionsSource,
    pub provinces_before_2025_07_01: Vec<FormerProvince>,
    pub merged_2025_07_01: Merger,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionsSource {
    pub text_vi: String,
    pub note: String,
    pub confirmed: bool,
}

/// A province as it was until 30 June 2025, the unit Mẫu số 3.3's lists name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormerProvince {
    pub code: String,
    pub name_vi: String,
    /// Its geographic region: the rural column of a central city (a reading, see below).
    pub region: Region,
    /// One of the five "thành phố trực thuộc Trung ương" of item 15.
    pub central_city: bool,
    /// Named in the text's own lists (item 15), not only counted.
    pub named_in_text: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Merger {
    pub source: String,
    pub provinces: Vec<MergedProvince>,
}

/// A province from 1 July 2025 and the former provinces it was made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergedProvince {
    pub code: String,
    pub name_vi: String,
    pub formed_from: Vec<String>,
    /// Checked against a text in the project's sources.
    pub confirmed: bool,
}

/// The region settings a round records: the readings the texts leave open.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RegionSettings {
    /// A commune formed from parts of two former provinces of different regions (commune code
    /// from 1 July 2025 → the former province whose region scores its households). No text
    /// says which applies, so the round names it, and the placement is labelled "chưa rõ trong
    /// văn bản"; a former province that is not part of the commune's province settles nothing.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub commune_former_province: BTreeMap<String, String>,
    /// Count Huế, a centrally-run city from 1 January 2025, among item 15's "thành phố trực
    /// thuộc Trung ương" (25 points for its urban households). The text (2021) names five
    /// cities without Huế: off by default, and either way labelled "chưa rõ trong văn bản".
    pub hue_central_city: bool,
}

/// Where a household is scored, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The column of a rural household, and item 15's row of an urban one unless
    /// `central_city`.
    pub region: Region,
    /// Item 15's "thành phố trực thuộc Trung ương" row applies to an urban household.
    pub central_city: bool,
    /// The province named in the message: the former province when the text's lists decide.
    pub province_name_vi: String,
    /// The choice rests on a reading the texts leave open, or on data not yet checked. (A
    /// central city's rural household is unclear too, whatever this says: the rural tables
    /// have no column for the cities, so its geographic region's is read; the caller knows
    /// the area.)
    pub unclear_in_text: bool,
    /// Which of the reasons the placement is unclear for are known here (the caveat names
    /// them; the caller adds its own, a central city's rural column among them).
    pub doubts: Vec<RegionDoubt>,
    /// Why, in the catalogue's words.
    pub why: Message,
}

/// Why no region could be settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlacementError {
    /// A code in neither list.
    UnknownProvince { code: String },
    /// A province made from former provinces of different regions, with no former province
    /// known for the household.
    SeveralRegions { code: String, name_vi: String },
}

impl Regions {
    /// The embedded file, parsed once.
    pub fn embedded() -> &'static Regions {
        static REGIONS: OnceLock<Regions> = OnceLock::new();
        REGIONS.get_or_init(|| match serde_json::from_str::<Regions>(REGIONS_JSON) {
            Ok(regions) if regions.format == REGIONS_FORMAT => regions,
            // Part of the build, parsed by a test: reaching this is a broken build.
            Ok(regions) => panic!("regions.json has format {}", regions.format),
            Err(e) => panic!("embedded regions.json is invalid: {e}"),
        })
    }

    /// The province of that code before the merger.
    pub fn former(&self, code: &str) -> Option<&FormerProvince> {
        let code = code.trim();
        self.provinces_before_2025_07_01
            .iter()
            .find(|p| p.code == code)
    }

    /// The province of that code from the merger on.
    pub fn merged(&self, code: &str) -> Option<&MergedProvince> {
        let code = code.trim();
        self.merged_2025_07_01
            .provinces
            .iter()
            .find(|p| p.code == code)
    }

    /// Where a household of `province` (the code valid on `on`) is scored. `former_province`
    /// is the household's province before the merger, when known (from the commune's
    /// succession): it settles a province made from several regions.
    pub fn place(
        &self,
        province: &str,
        on: Date,
        former_province: Option<&str>,
        settings: &RegionSettings,
    ) -> Result<Placement, PlacementError> {
        self.place_household(province, on, former_province, false, settings)
    }

    /// As [`Regions::place`], for a household known to be `rural`: a merged province whose
    /// parts share one geographic region but not the central-city row (Hải Phòng with Hải
    /// Dương, TP Hồ Chí Minh with Bình Dương and Bà Rịa - Vũng Tàu) settles a rural
    /// household's column, since item 15's city row is for urban households only.
    pub fn place_household(
        &self,
        province: &str,
        on: Date,
        former_province: Option<&str>,
        rural: bool,
        settings: &RegionSettings,
    ) -> Result<Placement, PlacementError> {
        let (former, through, by_former) = if on >= MERGER_DAY {
            match self.merged(province) {
                Some(merged) => {
                    let (former, by_former) = self.former_of(merged, former_province, rural)?;
                    (former, Some(merged), by_former)
                }
                // A code retired on the merger (02 Hà Giang, …) still names one province.
                None => (self.known(province)?, None, false),
            }
        } else {
            (self.known(province)?, None, false)
        };
        let hue = former.code == HUE && on >= HUE_CITY_DAY && settings.hue_central_city;
        let central_city = former.central_city || hue;
        let doubts: Vec<RegionDoubt> = [
            (!former.named_in_text, RegionDoubt::NotNamed),
            (hue, RegionDoubt::HueCity),
            (
                through.is_some_and(|m| !m.confirmed),
                RegionDoubt::MergerUnchecked,
            ),
        ]
        .into_iter()
        .filter_map(|(applies, doubt)| applies.then_some(doubt))
        .collect();
        let unclear = !doubts.is_empty();
        let why =
            match through {
                Some(merged) if by_former => Message::new(Code::ClassifyRegionMerged)
                    .with("province", merged.name_vi.as_str())
                    .with("former", former.name_vi.as_str()),
                Some(merged) if merged.formed_from.len() > 1 => {
                    Message::new(Code::ClassifyRegionMergedAlike)
                        .with("province", merged.name_vi.as_str())
                }
                _ if hue => Message::new(Code::ClassifyRegionHueCity),
                _ if former.named_in_text => Message::new(Code::ClassifyRegionNamed)
                    .with("province", former.name_vi.as_str()),
                _ => Message::new(Code::ClassifyRegionCounted)
                    .with("province", former.name_vi.as_str()),
            };
        Ok(Placement {
            region: former.region,
            central_city,
            province_name_vi: former.name_vi.clone(),
            unclear_in_text: unclear,
            doubts,
            why,
        })
    }

    fn known(&self, code: &str) -> Result<&FormerProvince, PlacementError> {
        self.former(code)
            .ok_or_else(|| PlacementError::UnknownProvince {
                code: code.trim().to_string(),
            })
    }

    /// The former province a household of `merged` is scored by: the one given when it is part
    /// of `merged` (then `true`); otherwise any of them when they all score alike.
    fn former_of(
        &self,
        merged: &MergedProvince,
        given: Option<&str>,
        rural: bool,
    ) -> Result<(&FormerProvince, bool), PlacementError> {
        if let Some(given) = given.map(str::trim) {
            if merged.formed_from.iter().any(|f| f == given) && merged.formed_from.len() > 1 {
                return Ok((self.known(given)?, true));
            }
        }
        let parts: Vec<&FormerProvince> = merged
            .formed_from
            .iter()
            .map(|code| self.known(code))
            .collect::<Result<_, _>>()?;
        match parts.split_first() {
            Some((first, rest))
                if rest
                    .iter()
                    .all(|p| p.region == first.region && p.central_city == first.central_city) =>
            {
                Ok((first, false))
            }
            // A rural household: the parts' one column, read from the city among them if any,
            // so the caller labels a city's rural column as the reading it is.
            Some((first, rest)) if rural && rest.iter().all(|p| p.region == first.region) => {
                let city = parts.iter().find(|p| p.central_city).copied();
                Ok((city.unwrap_or(first), false))
            }
            _ => Err(PlacementError::SeveralRegions {
                code: merged.code.clone(),
                name_vi: merged.name_vi.clone(),
            }),
        }
    }
}
