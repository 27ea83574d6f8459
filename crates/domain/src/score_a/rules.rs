//! The plain rules of score A as data: one row per rule, saying which `household.v1` field it
//! reads, which score-table row each band of the reading selects, and the words of the
//! explanation. Adding such a rule is adding a row; [`Rule::read`] is the only code they need.
//! Rules that are genuinely different live in `scorer.rs`.

use crate::model::{Household, Pension, SocialAllowance};

use super::ScoreSettings;
use super::SeveralRows;

/// What a rule reads from the household.
#[derive(Debug, Clone, Copy)]
pub(super) enum Reading {
    /// A measured amount that selects a row only when it is finite: the land rules have
    /// always let an infinite area (which no `household.v1` file can hold) match no row,
    /// where the other amounts' "trở lên" rows take it. No row while not answered.
    FiniteAmount(fn(&Household) -> Option<f64>),
    /// A form code or count that a draft may not have answered yet: no row while open.
    AnsweredCount(fn(&Household) -> Option<u32>),
    /// A measured amount (shown with one decimal at most, "12,5") that a draft may not have
    /// answered yet: no row while open.
    AnsweredAmount(fn(&Household) -> Option<f64>),
}

/// A count as the explanation shows it: "–" while not answered.
fn shown(count: Option<u32>) -> String {
    count.map_or_else(|| "–".to_string(), |n| n.to_string())
}

/// From `from` up to the next band's `from`, the score-table row `key`, or no row.
pub(super) type Band = (f64, Option<&'static str>);

/// The band "from `from`" selects the score-table row `key`.
const fn from(from: f64, key: &'static str) -> Band {
    (from, Some(key))
}

/// From `from` on, no row applies.
const fn none_from(from: f64) -> Band {
    (from, None)
}

/// Words of an explanation: Vietnamese, English.
pub(super) type Words = (String, String);

/// One plain rule.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rule {
    /// The `household.v1` field or fields read, as paths in the file. The engine reads through
    /// `reading`; this is what a person sees, and the tests check it names real fields.
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "documentation of the row, checked by the tests")
    )]
    pub field: &'static str,
    pub reading: Reading,
    /// In increasing order of `from`; bands are "từ X đến dưới Y" as printed.
    pub bands: &'static [Band],
    /// The explanation; `{n}` stands for the reading.
    pub vi: &'static str,
    pub en: &'static str,
    /// Words appended to the explanation, for a reading made of several fields.
    pub detail: Option<fn(&Household) -> Words>,
}

/// A rule read on a household: the row it selects, if any, and the explanation.
#[derive(Debug)]
pub(super) struct Read {
    pub key: Option<&'static str>,
    pub vi: String,
    pub en: String,
    /// The answers read are not given yet.
    pub open: bool,
}

impl Rule {
    /// Reads the rule on a household: the last band whose `from` the reading reaches.
    pub fn read(&self, h: &Household) -> Read {
        let count = match self.reading {
            Reading::AnsweredCount(f) => f(h),
            Reading::FiniteAmount(_) | Reading::AnsweredAmount(_) => None,
        };
        let amount = match self.reading {
            Reading::FiniteAmount(f) | Reading::AnsweredAmount(f) => f(h),
            Reading::AnsweredCount(_) => None,
        };
        let (value, vi_n, en_n) = match (count, amount) {
            (Some(n), _) => (f64::from(n), n.to_string(), n.to_string()),
            (None, Some(x)) => (x, vi_num(x), en_num(x)),
            (None, None) => {
                // A draft's open answer selects no row; the classification says it is
                // provisional and names what is missing.
                return Read {
                    key: None,
                    vi: NOT_ANSWERED.0.into(),
                    en: NOT_ANSWERED.1.into(),
                    open: true,
                };
            }
        };
        let placeable = match self.reading {
            Reading::FiniteAmount(_) => value.is_finite(),
            _ => true,
        };
        let key = if placeable {
            band_of(self.bands, value)
        } else {
            None
        };
        let mut vi = self.vi.replace("{n}", &vi_n);
        let mut en = self.en.replace("{n}", &en_n);
        if let Some(detail) = self.detail {
            let (more_vi, more_en) = detail(h);
            vi.push_str(&more_vi);
            en.push_str(&more_en);
        }
        Read {
            key,
            vi,
            en,
            open: false,
        }
    }
}

/// What the explanation says of a reading whose answers are not given yet.
pub(super) const NOT_ANSWERED: (&str, &str) = (
    "Chưa trả lời, chưa tính điểm",
    "Not answered yet, not scored",
);

/// The row of the last band whose `from` is at most `value` (none for NaN).
pub(super) fn band_of(bands: &[Band], value: f64) -> Option<&'static str> {
    bands
        .iter()
        .rev()
        .find(|(from, _)| *from <= value)
        .and_then(|(_, key)| *key)
}

/// Decimal with a comma, as Vietnamese writes it ("12,5").
pub(super) fn vi_num(x: f64) -> String {
    en_num(x).replace('.', ",")
}

pub(super) fn en_num(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0")
        .map_or_else(|| s.clone(), str::to_string)
}

/// How the rows of one section that apply together are counted.
#[derive(Debug, Clone, Copy)]
pub(super) enum Combine {
    /// Every row counts, unmarked: different assets add up (the worked example adds a
    /// motorbike and a television), and a one-rule section has at most one row.
    Each,
    /// Added up or only the highest, as the setting says; marked when several apply.
    BySetting(fn(&ScoreSettings) -> SeveralRows),
}

/// The plain rules of one section.
#[derive(Debug, Clone, Copy)]
pub(super) struct Group {
    pub section: u8,
    pub rules: &'static [Rule],
    pub combine: Combine,
    /// The explanation when no row applies; `None`: the (only) rule's own words.
    pub none: Option<(&'static str, &'static str)>,
}

/// A rule whose whole explanation is `{n}` and words around it.
const fn rule(
    field: &'static str,
    reading: Reading,
    bands: &'static [Band],
    vi: &'static str,
    en: &'static str,
) -> Rule {
    Rule {
        field,
        reading,
        bands,
        vi,
        en,
        detail: None,
    }
}

/// A section with one rule, explained by its own words when no row applies.
const fn single(section: u8, rule: &'static Rule) -> Group {
    Group {
        section,
        rules: std::slice::from_ref(rule),
        combine: Combine::Each,
        none: None,
    }
}

/// A number of members as a reading (a household never has 4 billion).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Section 3: children under 16, and elderly or disabled people on a monthly allowance.
/// Two or more: no row.
pub(super) const DEPENDANTS: Group = single(
    3,
    &rule(
        "members[].birth, members[].social_allowance",
        // A member who is no child with column 14 open could be a dependant: no row until
        // it is answered.
        Reading::AnsweredCount(|h| {
            let mut n = 0usize;
            for m in &h.members {
                let child = m.age_on(h.surveyed_on).is_some_and(|age| age < 16);
                match m.social_allowance {
                    _ if child => n += 1,
                    Some(SocialAllowance::Elderly | SocialAllowance::Disabled) => n += 1,
                    Some(_) => {}
                    None => return None,
                }
            }
            Some(count(n))
        }),
        &[
            from(0.0, "s3.dependants_none"),
            from(1.0, "s3.dependants_1"),
            none_from(2.0),
        ],
        "Hộ có {n} người phụ thuộc",
        "{n} dependants (children under 16, elderly or disabled on a monthly allowance)",
    ),
);

/// Section 6: pension, monthly social-insurance or merit allowance.
pub(super) const PENSION: Group = single(
    6,
    &rule(
        "members[].pension",
        // Column 18 is asked only from 15 years old (an age not known yet is asked); while
        // it is open for such a member, no row.
        Reading::AnsweredCount(|h| {
            let mut n = 0usize;
            for m in &h.members {
                if m.age_on(h.surveyed_on).is_some_and(|age| age < 15) {
                    continue;
                }
                match m.pension {
                    Some(Pension::None) => {}
                    Some(_) => n += 1,
                    None => return None,
                }
            }
            Some(count(n))
        }),
        &[from(1.0, "s6.pension_1"), from(2.0, "s6.pension_2_plus")],
        "Hộ có {n} người hưởng lương hưu, trợ cấp bảo hiểm xã hội hoặc ưu đãi người có công hằng tháng",
        "{n} members receive a pension, monthly social-insurance or merit allowance",
    ),
);

/// Section 8: counted floor area per member (the loft counts half). The scorer handles a
/// household without members before reading it.
pub(super) const AREA: Group = single(
    8,
    &rule(
        "housing.floor_area_m2, housing.loft_area_m2, members",
        Reading::AnsweredAmount(|h| {
            h.housing
                .counted_area_m2()
                .map(|area| area / h.members.len() as f64)
        }),
        &[
            from(20.0, "s8.area_20_30"),
            from(30.0, "s8.area_30_40"),
            from(40.0, "s8.area_40_plus"),
        ],
        "Diện tích ở bình quân {n} m²/người",
        "{n} m² of living area per person",
    ),
);

/// Section 9: monthly electricity use of the whole household.
pub(super) const ELECTRICITY: Group = single(
    9,
    &rule(
        "electricity.kwh_per_month",
        // Blank is unknown (no row, the class provisional), never 0 kWh; a household
        // without power uses none.
        Reading::AnsweredAmount(|h| {
            h.electricity
                .kwh_per_month
                .or((h.electricity.source == Some(crate::model::PowerSource::None)).then_some(0.0))
        }),
        &[
            from(25.0, "s9.kwh_25_50"),
            from(50.0, "s9.kwh_50_100"),
            from(100.0, "s9.kwh_100_150"),
            from(150.0, "s9.kwh_150_plus"),
        ],
        "Hộ dùng bình quân {n} kWh/tháng",
        "{n} kWh a month",
    ),
);

/// Section 10: drinking water, by the form's item VIII code.
pub(super) const WATER: Group = single(
    10,
    &rule(
        "water",
        Reading::AnsweredCount(|h| h.water.map(|w| u32::from(w.b1_code()))),
        &[
            from(1.0, "s10.tap_bottled_bought"),
            from(2.0, "s10.borehole"),
            from(3.0, "s10.protected_well_spring"),
            none_from(4.0),
        ],
        "Nước sinh hoạt mã {n} (mục VIII)",
        "Water source code {n} (item VIII)",
    ),
);

/// Section 11: septic or semi-septic latrine (item V code 1) only.
pub(super) const LATRINE: Group = single(
    11,
    &rule(
        "latrine",
        Reading::AnsweredCount(|h| h.latrine.map(|l| u32::from(l.b1_code()))),
        &[from(1.0, "s11.septic"), none_from(2.0)],
        "Nhà tiêu mã {n} (mục V)",
        "Latrine code {n} (item V)",
    ),
);

/// Section 12: durable assets. Generators and phones have no row.
pub(super) const ASSETS: Group = Group {
    section: 12,
    rules: &[
        rule(
            "assets.car",
            Reading::AnsweredCount(|h| h.assets.car),
            &[from(1.0, "s12.car")],
            "Hộ có {n} ô tô",
            "{n} car(s)",
        ),
        rule(
            "assets.motorbike",
            Reading::AnsweredCount(|h| h.assets.motorbike),
            &[
                from(1.0, "s12.motorbike_1"),
                from(2.0, "s12.motorbike_2"),
                from(3.0, "s12.motorbike_3_plus"),
            ],
            "Hộ có {n} xe máy, xe có động cơ",
            "{n} motorbike(s)",
        ),
        rule(
            "assets.motor_boat",
            Reading::AnsweredCount(|h| h.assets.motor_boat),
            &[from(1.0, "s12.motor_boat")],
            "Hộ có {n} tàu thuyền có động cơ",
            "{n} motor boat(s)",
        ),
        rule(
            "assets.printer_fax",
            Reading::AnsweredCount(|h| h.assets.printer_fax),
            &[from(1.0, "s12.printer_fax")],
            "Hộ có {n} máy in, máy fax",
            "{n} printer(s)/fax(es)",
        ),
        rule(
            "assets.color_tv",
            Reading::AnsweredCount(|h| h.assets.color_tv),
            &[
                from(1.0, "s12.color_tv_1"),
                from(2.0, "s12.color_tv_2_plus"),
            ],
            "Hộ có {n} ti vi màu",
            "{n} colour TV(s)",
        ),
        rule(
            "assets.sound_system",
            Reading::AnsweredCount(|h| h.assets.sound_system),
            &[from(1.0, "s12.sound_system")],
            "Hộ có {n} dàn nghe nhạc",
            "{n} sound system(s)",
        ),
        // Phiếu B1 item IX lumps "Máy vi tính/Máy tính bảng": desktops, laptops and tablets
        // all count for "Máy vi tính".
        Rule {
            detail: Some(|h| {
                let a = &h.assets;
                (
                    format!(
                        " (để bàn {}, xách tay {}, máy tính bảng {})",
                        shown(a.desktop_computer),
                        shown(a.laptop),
                        shown(a.tablet)
                    ),
                    format!(
                        " (desktop {}, laptop {}, tablet {})",
                        shown(a.desktop_computer),
                        shown(a.laptop),
                        shown(a.tablet)
                    ),
                )
            }),
            ..rule(
                "assets.desktop_computer, assets.laptop, assets.tablet",
                // One answered device is enough for the row; none answered yet, no row.
                Reading::AnsweredCount(|h| {
                    let a = &h.assets;
                    let parts = [a.desktop_computer, a.laptop, a.tablet];
                    let owned = parts
                        .iter()
                        .flatten()
                        .fold(0u32, |n, c| n.saturating_add(*c));
                    (owned > 0 || parts.iter().all(Option::is_some)).then_some(owned)
                }),
                &[from(1.0, "s12.computer")],
                "Hộ có {n} máy vi tính/máy tính bảng",
                "{n} computer(s)/tablet(s)",
            )
        },
        rule(
            "assets.fridge",
            Reading::AnsweredCount(|h| h.assets.fridge),
            &[from(1.0, "s12.fridge")],
            "Hộ có {n} tủ lạnh",
            "{n} fridge(s)",
        ),
        rule(
            "assets.air_conditioner",
            Reading::AnsweredCount(|h| h.assets.air_conditioner),
            &[
                from(1.0, "s12.air_conditioner_1"),
                from(2.0, "s12.air_conditioner_2_plus"),
            ],
            "Hộ có {n} máy điều hòa nhiệt độ",
            "{n} air conditioner(s)",
        ),
        rule(
            "assets.washing_machine",
            Reading::AnsweredCount(|h| h.assets.washing_machine),
            &[from(1.0, "s12.washing_machine")],
            "Hộ có {n} máy giặt, sấy quần áo",
            "{n} washing machine(s)/dryer(s)",
        ),
        rule(
            "assets.water_heater",
            Reading::AnsweredCount(|h| h.assets.water_heater),
            &[from(1.0, "s12.water_heater")],
            "Hộ có {n} bình tắm nước nóng",
            "{n} water heater(s)",
        ),
        rule(
            "assets.microwave_oven",
            Reading::AnsweredCount(|h| h.assets.microwave_oven),
            &[from(1.0, "s12.microwave_oven")],
            "Hộ có {n} lò vi sóng, lò nướng",
            "{n} microwave(s)/oven(s)",
        ),
    ],
    combine: Combine::Each,
    none: Some((
        "Hộ không có tài sản nào trong danh sách tính điểm",
        "None of the scored assets",
    )),
};

/// Section 13: land, in m². Each land type has exclusive bands; different types may all
/// apply, and the setting says whether they add up.
pub(super) const LAND: Group = Group {
    section: 13,
    rules: &[
        rule(
            "land.garden_pond",
            Reading::FiniteAmount(|h| h.land.garden_pond),
            &[
                from(300.0, "s13.garden_300_500"),
                from(500.0, "s13.garden_500_plus"),
            ],
            "Diện tích ao, vườn liền kề đất ở {n} m²",
            "Pond and garden next to the house {n} m²",
        ),
        rule(
            "land.annual_crops",
            Reading::FiniteAmount(|h| h.land.annual_crops),
            &[from(5000.0, "s13.annual_crops_5000_plus")],
            "Diện tích trồng cây hằng năm {n} m²",
            "Annual crops {n} m²",
        ),
        rule(
            "land.perennial_crops",
            Reading::FiniteAmount(|h| h.land.perennial_crops),
            &[
                from(1000.0, "s13.perennial_1000_5000"),
                from(5000.0, "s13.perennial_5000_plus"),
            ],
            "Diện tích đất cây lâu năm {n} m²",
            "Perennial crops {n} m²",
        ),
        rule(
            "land.water_surface",
            Reading::FiniteAmount(|h| h.land.water_surface),
            &[
                from(500.0, "s13.water_surface_500_5000"),
                from(5000.0, "s13.water_surface_5000_plus"),
            ],
            "Diện tích mặt nước {n} m²",
            "Water surface {n} m²",
        ),
        rule(
            "land.forest",
            Reading::FiniteAmount(|h| h.land.forest),
            &[
                from(5000.0, "s13.forest_5000_10000"),
                from(10000.0, "s13.forest_10000_plus"),
            ],
            "Diện tích đất rừng {n} m²",
            "Forest land {n} m²",
        ),
    ],
    combine: Combine::BySetting(|s| s.section_13),
    none: Some((
        "Không loại đất nào đạt mức tính điểm",
        "No land type reaches a scored band",
    )),
};

/// Section 14: livestock (head counts; poultry in single birds, so "100 con" is 100 birds)
/// and aquaculture.
pub(super) const LIVESTOCK: Group = Group {
    section: 14,
    rules: &[
        rule(
            "livestock.buffalo_cattle_horse",
            Reading::AnsweredCount(|h| h.livestock.buffalo_cattle_horse),
            &[
                from(1.0, "s14.cattle_1"),
                from(2.0, "s14.cattle_2"),
                from(3.0, "s14.cattle_3_plus"),
            ],
            "Hộ có {n} con trâu, bò, ngựa",
            "{n} buffalo, cattle or horses",
        ),
        rule(
            "livestock.pig_goat_sheep",
            Reading::AnsweredCount(|h| h.livestock.pig_goat_sheep),
            &[from(10.0, "s14.pigs_10_plus")],
            "Hộ có {n} con lợn, dê, cừu",
            "{n} pigs, goats or sheep",
        ),
        rule(
            "livestock.poultry",
            Reading::AnsweredCount(|h| h.livestock.poultry),
            &[from(100.0, "s14.poultry_100_plus")],
            "Hộ có {n} con gia cầm",
            "{n} poultry",
        ),
        rule(
            "aquaculture",
            Reading::AnsweredCount(|h| h.aquaculture.map(u32::from)),
            &[from(1.0, "s14.aquaculture")],
            "Hộ nuôi, trồng thủy sản",
            "The household farms fish or other aquatic products",
        ),
    ],
    combine: Combine::BySetting(|s| s.section_14),
    none: Some((
        "Chăn nuôi chưa đạt mức tính điểm",
        "Livestock below the scored counts",
    )),
};

/// Section 2's rows by the number of members counted (the count itself is a special rule).
pub(super) const WORKING_AGE_BANDS: [Band; 5] = [
    from(1.0, "s2.working_1"),
    from(2.0, "s2.working_2"),
    from(3.0, "s2.working_3"),
    from(4.0, "s2.working_4"),
    from(5.0, "s2.working_5_plus"),
];

/// Every plain rule, for checks over all of them.
#[cfg(test)]
pub(super) const ALL_GROUPS: [&Group; 9] = [
    &DEPENDANTS,
    &PENSION,
    &AREA,
    &ELECTRICITY,
    &WATER,
    &LATRINE,
    &ASSETS,
    &LAND,
    &LIVESTOCK,
];
