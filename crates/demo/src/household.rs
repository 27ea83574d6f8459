//! One demo household in one review year: its family (stable across years: the same people,
//! older, with babies born and daughters married away), and its living conditions, which
//! follow a latent wealth that drifts upward with shocks, so some households escape poverty
//! and a few fall back into it.
//!
//! Every answer is drawn from keyed streams (household, member, purpose), never from one
//! running sequence, so a household in 2024 is the same whether or not 2023 was generated,
//! and living conditions compare a wealth with a fixed per-household draw, so a household
//! that gets richer keeps its new house instead of re-rolling it every year.
//!
//! Why this file is long: one household is drawn in Phiếu B1's order, each answer beside those it
//! depends on, and splitting it would scatter one seeded stream.

use rasoat_domain::{
    AreaType, Assets, BirthDate, ColumnMaterial, Date, Education, Electricity, Employment,
    HardshipCause, HealthInsurance, Household, Housing, Income, IncomeKind, IncomeSource, JobKind,
    Land, Latrine, Livestock, Location, Member, Pension, Policy, PowerSource, Relation,
    RoofMaterial, SchoolLevel, Sex, SocialAllowance, Support, Training, WageJob, WallMaterial,
    WasteHandling, WaterSource, WorksAway, HOUSEHOLD_V1,
};
use uuid::Uuid;

use crate::names::{self, DAO, HOA, KINH, MONG, NUNG, TAY};
use crate::places::{village_name, DemoCommune};
use crate::prng::Rng;

/// Purposes of the keyed streams (any distinct numbers).
const PROFILE: u64 = 1;
const TRAITS: u64 = 2;
const MEMBER: u64 = 3;
const STEP: u64 = 4;
const SURVEY: u64 = 5;

/// Calibration of the latent wealth (in standard deviations), chosen by measuring the real
/// classifier on generated data (see the crate's tests): with it, about 42 % of households are
/// poor under Decree 07/2021's score method in the origin year, the district's starting point.
const WEALTH_BASE: f64 = 0.28;
/// Mean yearly gain: the poor share falls by a few points a year, as the district planned.
const WEALTH_DRIFT: f64 = 0.2;
/// Spread of the yearly change.
const WEALTH_NOISE: f64 = 0.25;
/// Chance of a bad year (illness, a lost herd, a landslide) and its size.
const SHOCK_CHANCE: f64 = 0.05;
const SHOCK: f64 = 1.0;

/// A person of the family with what never changes between years.
struct Person {
    number: u64,
    relation: Relation,
    sex: Sex,
    birth: Date,
    /// Only the year is known for people born before 1990 (common on the forms).
    year_only: bool,
    name: String,
    ethnicity: &'static str,
    /// Leaves the household at this age (a daughter marrying out, a son setting up his own
    /// household); `None` stays.
    leaves_at: Option<i32>,
}

/// What is drawn once for the household.
struct Profile {
    commune: usize,
    village: u32,
    ethnicity: &'static str,
    wealth0: f64,
    people: Vec<Person>,
}

fn date(y: i32, m: u8, d: u8) -> Date {
    // Callers pass day 1–28, which exists in every month; fall back rather than panic.
    Date::new(y, m, d)
        .or_else(|| Date::new(y, 1, 1))
        .unwrap_or(FALLBACK)
}

const FALLBACK: Date = match Date::new(2000, 1, 1) {
    Some(d) => d,
    None => panic!("2000-01-01 exists"),
};

/// A deterministic id in the UUIDv7 layout: a fixed time part (2020-01-01) and 74 bits from
/// the seed, the household and the member, so ids are stable across runs and rounds.
pub(crate) fn demo_uuid(seed: u64, household: u64, member: u64) -> Uuid {
    let mut r = Rng::stream(seed, &[household, MEMBER, member, 0x1d]);
    let mut bytes = [0u8; 16];
    bytes[0..6].copy_from_slice(&0x016F_5E66_E800u64.to_be_bytes()[2..8]);
    bytes[6..8].copy_from_slice(&r.next_u64().to_be_bytes()[0..2]);
    bytes[8..16].copy_from_slice(&r.next_u64().to_be_bytes());
    bytes[6] = 0x70 | (bytes[6] & 0x0F);
    bytes[8] = 0x80 | (bytes[8] & 0x3F);
    Uuid::from_bytes(bytes)
}

fn ethnicity_of(r: &mut Rng, town: bool) -> &'static str {
    // Đồng Văn: Mông above 87 % (poverty-standards.md §5.1); the towns are more mixed.
    const GROUPS: [&str; 6] = [MONG, TAY, DAO, KINH, NUNG, HOA];
    let weights: [u32; 6] = if town {
        [56, 12, 5, 19, 4, 4]
    } else {
        [930, 25, 25, 10, 7, 3]
    };
    GROUPS[r.weighted(&weights) % GROUPS.len()]
}

fn wealth_shift_of(ethnicity: &str) -> f64 {
    match ethnicity {
        KINH => 1.0,
        TAY | HOA => 0.5,
        NUNG | DAO => 0.1,
        _ => 0.0,
    }
}

fn profile(seed: u64, index: u64, origin: i32, communes: &[DemoCommune]) -> Profile {
    let mut r = Rng::stream(seed, &[index, PROFILE]);
    let weights: Vec<u32> = communes.iter().map(|c| c.weight).collect();
    let commune = r.weighted(&weights);
    let (town, villages, shift) = communes.get(commune).map_or((false, 1, 0.0), |c| {
        (c.town, c.villages.max(1), c.wealth_shift)
    });
    let village = r.below(u64::from(villages)) as u32;
    let ethnicity = ethnicity_of(&mut r, town);
    let wealth0 = WEALTH_BASE + r.normal() + shift + wealth_shift_of(ethnicity);
    let mong = ethnicity == MONG;

    let mut people = Vec::new();
    let family = names::family(&mut r, ethnicity);
    // Heads are mostly men; a woman heads the household after her husband died or left.
    let head_sex = if r.chance(0.9) {
        Sex::Male
    } else {
        Sex::Female
    };
    let head_age = 20 + ((r.unit() + r.unit()) * 25.0) as i32;
    let head_born = origin - head_age;
    let born_on = |r: &mut Rng, year: i32| date(year, 1 + r.below(12) as u8, 1 + r.below(28) as u8);
    let head_birth = born_on(&mut r, head_born);
    people.push(Person {
        number: 1,
        relation: Relation::Head,
        sex: head_sex,
        birth: head_birth,
        year_only: head_born < 1990,
        name: names::full_name(&mut r, ethnicity, family, head_sex),
        ethnicity,
        leaves_at: None,
    });
    let mut mother_born = head_born;
    if head_sex == Sex::Male && r.chance(if head_age < 60 { 0.94 } else { 0.75 }) {
        let born = head_born + r.between(-1, 6) as i32;
        mother_born = born;
        let clan = names::other_family(&mut r, ethnicity, family);
        people.push(Person {
            number: 2,
            relation: Relation::Spouse,
            sex: Sex::Female,
            birth: born_on(&mut r, born),
            year_only: born < 1990,
            name: names::full_name(&mut r, ethnicity, clan, Sex::Female),
            ethnicity,
            leaves_at: None,
        });
    }
    // Children: H'Mông families are large (5–8 people common), others smaller.
    let children = if mong {
        2 + r.weighted(&[10, 18, 24, 22, 15, 8, 3]) as i32
    } else {
        1 + r.weighted(&[25, 40, 25, 10]) as i32
    };
    let mut next_birth = mother_born
        + if mong {
            r.between(17, 21)
        } else {
            r.between(20, 26)
        } as i32;
    let mut eldest_son_kept = false;
    for k in 0..children {
        if next_birth > mother_born + 43 || next_birth > origin + 5 {
            break;
        }
        let sex = if r.chance(0.51) {
            Sex::Male
        } else {
            Sex::Female
        };
        let age_at_origin = origin - next_birth;
        // Daughters marry out at 17–21; sons set up their own household at 20–26, except the
        // eldest son of an older head, who stays with his wife and children (the H'Mông
        // custom of the parents living with a son).
        let stays = sex == Sex::Male && !eldest_son_kept && head_age >= 48 && age_at_origin >= 18;
        let leaves_at = if stays {
            eldest_son_kept = true;
            None
        } else if sex == Sex::Female {
            Some(r.between(17, 21) as i32)
        } else {
            Some(r.between(20, 26) as i32)
        };
        let number = 3 + k as u64;
        let child_family = if head_sex == Sex::Male {
            family
        } else {
            names::family(&mut r, ethnicity)
        };
        people.push(Person {
            number,
            relation: Relation::Child,
            sex,
            birth: born_on(&mut r, next_birth),
            year_only: false,
            name: names::full_name(&mut r, ethnicity, child_family, sex),
            ethnicity,
            leaves_at,
        });
        if stays {
            // His wife and children: relation "other" on the form (daughter-in-law, grandchild).
            let son_born = next_birth;
            let wife_born = son_born + r.between(0, 3) as i32;
            let clan = names::other_family(&mut r, ethnicity, family);
            people.push(Person {
                number: 20,
                relation: Relation::Other,
                sex: Sex::Female,
                birth: born_on(&mut r, wife_born),
                year_only: wife_born < 1990,
                name: names::full_name(&mut r, ethnicity, clan, Sex::Female),
                ethnicity,
                leaves_at: None,
            });
            let grandchildren = r.between(1, 4);
            let mut g_born = wife_born + r.between(18, 21) as i32;
            for g in 0..grandchildren as u64 {
                if g_born > origin + 6 {
                    break;
                }
                let gsex = if r.chance(0.51) {
                    Sex::Male
                } else {
                    Sex::Female
                };
                people.push(Person {
                    number: 21 + g,
                    relation: Relation::Other,
                    sex: gsex,
                    birth: born_on(&mut r, g_born),
                    year_only: false,
                    name: names::full_name(&mut r, ethnicity, family, gsex),
                    ethnicity,
                    leaves_at: Some(if gsex == Sex::Female { 19 } else { 24 }),
                });
                g_born += r.between(1, 3) as i32;
            }
        }
        next_birth += r.between(1, 3) as i32;
    }
    // A widowed parent living with a younger head.
    if head_age < 45 && r.chance(0.22) {
        let born = head_born - r.between(20, 28) as i32;
        let sex = if r.chance(0.7) {
            Sex::Female
        } else {
            Sex::Male
        };
        let clan = if sex == Sex::Male {
            family
        } else {
            names::other_family(&mut r, ethnicity, family)
        };
        people.push(Person {
            number: 30,
            relation: Relation::Parent,
            sex,
            birth: born_on(&mut r, born),
            year_only: true,
            name: names::full_name(&mut r, ethnicity, clan, sex),
            ethnicity,
            leaves_at: None,
        });
    }
    Profile {
        commune,
        village,
        ethnicity,
        wealth0,
        people,
    }
}

/// Latent wealth in `year`: the origin's, plus each year's step after it (or minus each
/// step before it), so any year can be made on its own.
fn wealth_in(seed: u64, index: u64, wealth0: f64, origin: i32, year: i32) -> f64 {
    let step = |y: i32| {
        let mut r = Rng::stream(seed, &[index, STEP, y as u64]);
        let mut s = WEALTH_DRIFT + WEALTH_NOISE * r.normal();
        if r.chance(SHOCK_CHANCE) {
            s -= SHOCK;
        }
        s
    };
    if year >= origin {
        wealth0 + ((origin + 1)..=year).map(step).sum::<f64>()
    } else {
        wealth0 - ((year + 1)..=origin).map(step).sum::<f64>()
    }
}

/// True with a probability rising linearly with wealth around `center` (½ there), compared
/// with a fixed draw `u`: as the household gets richer the answer turns good and stays good.
fn has(wealth: f64, u: f64, center: f64, slope: f64) -> bool {
    u < (0.5 + slope * (wealth - center)).clamp(0.02, 0.98)
}

/// The fixed draws of a household's living conditions, in a fixed order.
struct Traits {
    house: f64,
    house_kind: f64,
    area: f64,
    loft: f64,
    latrine: f64,
    latrine_kind: f64,
    water: f64,
    water_kind: f64,
    grid: f64,
    kwh: f64,
    motorbike: f64,
    tv: f64,
    radio: f64,
    phone: f64,
    smartphone: f64,
    fridge: f64,
    washing: f64,
    heater: f64,
    computer: f64,
    car: f64,
    sound: f64,
    land: f64,
    forest: f64,
    cattle: f64,
    goats: f64,
    poultry: f64,
    income: f64,
    waste: f64,
    loudspeaker: f64,
    credit: f64,
}

impl Traits {
    fn draw(r: &mut Rng) -> Traits {
        Traits {
            house: r.unit(),
            house_kind: r.unit(),
            area: r.normal(),
            loft: r.unit(),
            latrine: r.unit(),
            latrine_kind: r.unit(),
            water: r.unit(),
            water_kind: r.unit(),
            grid: r.unit(),
            kwh: r.normal(),
            motorbike: r.unit(),
            tv: r.unit(),
            radio: r.unit(),
            phone: r.unit(),
            smartphone: r.unit(),
            fridge: r.unit(),
            washing: r.unit(),
            heater: r.unit(),
            computer: r.unit(),
            car: r.unit(),
            sound: r.unit(),
            land: r.unit(),
            forest: r.unit(),
            cattle: r.unit(),
            goats: r.unit(),
            poultry: r.unit(),
            income: r.normal(),
            waste: r.unit(),
            loudspeaker: r.unit(),
            credit: r.unit(),
        }
    }
}

/// Final schooling of a person, by birth cohort (older H'Mông women most often never went to
/// school), nudged by the family's wealth: the level they reach if they stay in school.
fn final_education(u: f64, born: i32, sex: Sex, wealth0: f64) -> Education {
    let cut: [f64; 3] = match born {
        ..=1969 => [0.75, 0.92, 0.98],
        1970..=1984 => [0.5, 0.8, 0.94],
        1985..=1994 => [0.25, 0.6, 0.87],
        1995..=2004 => [0.08, 0.33, 0.7],
        _ => [0.03, 0.15, 0.55],
    };
    let older_woman = if sex == Sex::Female && born < 1995 {
        0.1
    } else {
        0.0
    };
    let x = (u + older_woman - 0.08 * wealth0).clamp(0.0, 0.9999);
    if x < cut[0] {
        Education::None
    } else if x < cut[1] {
        Education::Primary
    } else if x < cut[2] {
        Education::LowerSecondary
    } else {
        Education::UpperSecondary
    }
}

/// The age at which a child with this final schooling leaves school.
fn leaving_age(final_level: Education) -> i32 {
    match final_level {
        Education::None => 10,
        Education::Primary => 13,
        Education::LowerSecondary => 16,
        Education::UpperSecondary => 18,
    }
}

/// Median height (cm) and weight (kg) by age in years, piecewise linear (WHO-like growth,
/// rounded): the demo draws children around it, some of them stunted or underweight.
fn growth_median(age_months: i32, sex: Sex) -> (f64, f64) {
    const AGES: [f64; 9] = [0.0, 1.0, 2.0, 3.0, 5.0, 7.0, 10.0, 13.0, 16.0];
    const HEIGHT: [f64; 9] = [50.0, 75.5, 87.5, 96.0, 110.0, 121.5, 138.0, 156.0, 170.0];
    const WEIGHT: [f64; 9] = [3.3, 9.6, 12.2, 14.3, 18.3, 22.5, 31.0, 45.0, 58.0];
    let a = (f64::from(age_months) / 12.0).clamp(0.0, 16.0);
    let mut i = 0;
    while i + 2 < AGES.len() && a > AGES[i + 1] {
        i += 1;
    }
    let t = (a - AGES[i]) / (AGES[i + 1] - AGES[i]);
    let lerp = |v: &[f64; 9]| v[i] + t * (v[i + 1] - v[i]);
    let girl = if sex == Sex::Female { 0.98 } else { 1.0 };
    (lerp(&HEIGHT) * girl, lerp(&WEIGHT) * girl)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The household `index` of the demo, as surveyed in `year`.
pub(crate) fn household(
    seed: u64,
    index: u64,
    origin: i32,
    year: i32,
    communes: &[DemoCommune],
) -> Household {
    let p = profile(seed, index, origin, communes);
    let w = wealth_in(seed, index, p.wealth0, origin, year);
    let t = Traits::draw(&mut Rng::stream(seed, &[index, TRAITS]));
    let commune = communes.get(p.commune);
    let town = commune.is_some_and(|c| c.town);

    let mut rs = Rng::stream(seed, &[index, SURVEY, year as u64]);
    let day = rs.below(59) as u8;
    let surveyed_on = if day < 31 {
        date(year, 10, 1 + day)
    } else {
        date(year, 11, day - 30)
    };

    let (province, commune_code) = commune.map_or(("02", ""), |c| c.codes_in(year));
    let area = if commune.is_some_and(|c| c.urban_in(year)) {
        AreaType::Urban
    } else {
        AreaType::Rural
    };

    // Members present on the interview day: born by then, not yet gone.
    let present: Vec<&Person> = p
        .people
        .iter()
        .filter(|m| m.birth <= surveyed_on)
        .filter(|m| {
            let age = BirthDate::Full(m.birth).age_years(surveyed_on);
            m.leaves_at.is_none_or(|at| age < at)
        })
        .collect();
    let size = present.len().max(1) as f64;

    // Assets first: whether anyone can use the internet depends on a smartphone.
    let motorbikes = ((w + 1.2) * 0.9 + t.motorbike).clamp(0.0, 3.0) as u32;
    let smartphones = ((w + 1.1) * 1.0 + t.smartphone).clamp(0.0, 4.0) as u32;
    let assets = Assets {
        car: Some(u32::from(has(w, t.car, 2.6, 0.2))),
        motorbike: Some(motorbikes),
        color_tv: Some(u32::from(has(w, t.tv, -0.9, 0.35))),
        sound_system: Some(u32::from(has(w, t.sound, 1.0, 0.25))),
        desktop_computer: Some(u32::from(has(w, t.computer, 2.2, 0.25))),
        fridge: Some(u32::from(has(w, t.fridge, 1.0, 0.3))),
        washing_machine: Some(u32::from(has(w, t.washing, 1.5, 0.3))),
        water_heater: Some(u32::from(has(w, t.heater, 1.7, 0.3))),
        mobile_phone: Some(u32::from(t.phone < 0.55)),
        smartphone: Some(smartphones),
        radio: Some(u32::from(t.radio < 0.05)),
        ..Assets::default()
    };

    let mut members = Vec::with_capacity(present.len());
    let mut workers_away = 0u32;
    let mut wage_workers = 0u32;
    let mut elderly_allowances = 0u32;
    let mut disabled_allowances = 0u32;
    let mut illness = false;
    for person in &present {
        members.push(member(
            seed,
            index,
            person,
            surveyed_on,
            w,
            p.wealth0,
            town,
            smartphones > 0,
        ));
    }
    for m in &members {
        if m.works_away.is_some() {
            workers_away += 1;
        }
        if m.wage_job.is_some_and(|j| j != WageJob::NotWage) && m.works_away.is_none() {
            wage_workers += 1;
        }
        match m.social_allowance {
            Some(SocialAllowance::Elderly) => elderly_allowances += 1,
            Some(SocialAllowance::Disabled) => disabled_allowances += 1,
            _ => {}
        }
        illness |= m.serious_illness == Some(true);
    }

    // Housing: makeshift (wood, bamboo, earth, thatch: the "không bền chắc" kind), traditional
    // stone or rammed-earth with yin-yang tiles, or a new brick-and-concrete house.
    let (column, roof, wall) = if has(w, t.house, 0.5, 0.3) {
        (
            ColumnMaterial::ReinforcedConcrete,
            if t.house_kind < 0.5 {
                RoofMaterial::MetalSheet
            } else if t.house_kind < 0.8 {
                RoofMaterial::ReinforcedConcrete
            } else {
                RoofMaterial::Tiles
            },
            WallMaterial::BrickStone,
        )
    } else if has(w, t.house, -0.5, 0.3) {
        (
            ColumnMaterial::SteelOrDurableWood,
            RoofMaterial::Tiles,
            if t.house_kind < 0.6 {
                WallMaterial::BrickStone
            } else {
                WallMaterial::Other
            },
        )
    } else {
        (
            ColumnMaterial::Other,
            if t.house_kind < 0.4 {
                RoofMaterial::Tiles
            } else {
                RoofMaterial::Other
            },
            WallMaterial::Other,
        )
    };
    let floor_area_m2 = (34.0 + 11.0 * w + 9.0 * t.area + 1.5 * size)
        .clamp(12.0, 180.0)
        .round();
    let loft_area_m2 = if t.loft < 0.6 {
        (10.0 + 25.0 * t.loft).round()
    } else {
        0.0
    };

    let latrine = if has(w, t.latrine, -0.2, 0.3) {
        if w > 1.0 && t.latrine_kind < 0.7 {
            Latrine::SepticOrSemiSeptic
        } else if t.latrine_kind < 0.6 {
            Latrine::PitWithSlab
        } else if t.latrine_kind < 0.85 {
            Latrine::DoubleVault
        } else {
            Latrine::SepticOrSemiSeptic
        }
    } else if t.latrine_kind < 0.65 {
        Latrine::Other
    } else {
        Latrine::None
    };

    // Đồng Văn is karst: little surface water, many rain tanks, gravity-fed schemes from springs.
    let water = if has(w, t.water, -0.1, 0.3) || (town && t.water < 0.85) {
        if town && t.water_kind < 0.7 {
            WaterSource::Tap
        } else if t.water_kind < 0.5 {
            WaterSource::ProtectedSpring
        } else if t.water_kind < 0.85 {
            WaterSource::Tap
        } else {
            WaterSource::BottledOrBought
        }
    } else if t.water_kind < 0.55 {
        WaterSource::Rainwater
    } else if t.water_kind < 0.9 {
        WaterSource::UnprotectedSpring
    } else {
        WaterSource::SurfaceWater
    };

    let source = if t.grid < 0.03 {
        PowerSource::None
    } else if t.grid < 0.05 {
        PowerSource::Other
    } else {
        PowerSource::Grid
    };
    let kwh_per_month = if source == PowerSource::Grid {
        (20.0 + 28.0 * (w + 1.0) + 3.0 * size + 12.0 * t.kwh)
            .clamp(3.0, 450.0)
            .round()
    } else {
        0.0
    };
    let kwh_per_month = Some(kwh_per_month);

    let land = Land {
        garden_pond: Some((100.0 + 500.0 * t.land).round()),
        annual_crops: Some(
            (1500.0 + 3000.0 * t.land + 300.0 * size + 600.0 * w)
                .clamp(0.0, 12_000.0)
                .round(),
        ),
        perennial_crops: Some(if t.forest > 0.8 {
            (800.0 + 3000.0 * t.land).round()
        } else {
            0.0
        }),
        water_surface: Some(0.0),
        forest: Some(if t.forest < 0.3 {
            (3000.0 + 40_000.0 * t.forest).round()
        } else {
            0.0
        }),
    };
    let livestock = Livestock {
        // H'Mông yellow cattle and horses: the family's savings.
        buffalo_cattle_horse: Some(((w + 1.3) * 1.1 + 1.5 * t.cattle).clamp(0.0, 8.0) as u32),
        pig_goat_sheep: Some(((w + 1.4) * 2.5 + 4.0 * t.goats).clamp(0.0, 25.0) as u32),
        poultry: Some((8.0 + 12.0 * w + 30.0 * t.poultry).clamp(0.0, 150.0) as u32),
        other: Some(0),
    };

    // Measured income, so the middle-standard test and the income-only standards can run.
    let per_person_month = (1_350_000.0 * (1.0 + 0.42 * (w + 0.35 * t.income))).max(250_000.0);
    let total = (per_person_month * 12.0 * size) as i64;
    let social_allowances = i64::from(elderly_allowances) * 360_000 * 12
        + i64::from(disabled_allowances) * 540_000 * 12;
    let wages = i64::from(wage_workers) * 2_500_000 * 8;
    let remittances = i64::from(workers_away) * 1_500_000 * 12;
    let farm_net = (total - social_allowances - wages - remittances).max(total / 10);
    let farm_gross = farm_net * 4 / 3;
    let mut sources = vec![
        IncomeSource {
            kind: IncomeKind::Crops,
            amount: farm_gross * 55 / 100,
            note: String::new(),
        },
        IncomeSource {
            kind: IncomeKind::Livestock,
            amount: farm_gross - farm_gross * 55 / 100,
            note: String::new(),
        },
    ];
    if wages > 0 {
        sources.push(IncomeSource {
            kind: IncomeKind::Wages,
            amount: wages,
            note: String::new(),
        });
    }
    if remittances > 0 {
        sources.push(IncomeSource {
            kind: IncomeKind::Remittances,
            amount: remittances,
            note: String::new(),
        });
    }
    let income = Income {
        sources,
        production_costs: farm_gross - farm_net,
        social_allowances,
    };

    let poorish = w < -0.2;
    let mut hardship_causes = Vec::new();
    if poorish {
        hardship_causes.push(HardshipCause::NoCapital);
        if land.annual_crops.is_some_and(|a| a < 3000.0) {
            hardship_causes.push(HardshipCause::NoProductionLand);
        }
        if t.credit < 0.5 {
            hardship_causes.push(HardshipCause::NoSkills);
        }
        if illness {
            hardship_causes.push(HardshipCause::IllnessInFamily);
        }
    }
    let mut received = vec![Policy::Health];
    if members.iter().any(|m| m.in_school == Some(true)) {
        received.push(Policy::Education);
    }
    if poorish && t.credit < 0.6 {
        received.push(Policy::Credit);
    }
    let mut needed = Vec::new();
    if poorish {
        needed.push(Policy::Livelihood);
        if t.credit < 0.7 {
            needed.push(Policy::Credit);
        }
    }
    if column == ColumnMaterial::Other {
        needed.push(Policy::Housing);
    }
    if matches!(
        water,
        WaterSource::Rainwater | WaterSource::UnprotectedSpring | WaterSource::SurfaceWater
    ) {
        needed.push(Policy::WaterSanitation);
    }

    let waste = Some(if town && t.waste < 0.8 {
        WasteHandling::Collected
    } else if has(w, t.waste, 0.0, 0.3) {
        WasteHandling::TreatedOnSite
    } else {
        WasteHandling::Dumped
    });

    let village = village_name(p.commune, p.village);
    // A province with no real commune code is known by its province code (its old one, so a
    // household keeps its code across the 2025 merger like Đồng Văn's do).
    let old_code = match commune {
        Some(c) if c.code == crate::places::PLACEHOLDER_COMMUNE => format!("T{}", c.province),
        Some(c) => c.code.clone(),
        None => String::new(),
    };
    Household {
        format: HOUSEHOLD_V1.into(),
        id: demo_uuid(seed, index, 0),
        code: format!("{old_code}-{:02}-{:06}", p.village + 1, index + 1),
        location: Location {
            province: province.into(),
            commune: commune_code.into(),
            village,
        },
        area: Some(area),
        surveyed_on,
        address: String::new(),
        // No phone number and no ID number: a random but well-formed one could be a real
        // person's.
        phone: None,
        previous_class: None,
        members,
        housing: Housing {
            column: Some(column),
            roof: Some(roof),
            wall: Some(wall),
            floor_area_m2: Some(floor_area_m2),
            loft_area_m2,
        },
        latrine: Some(latrine),
        electricity: Electricity {
            source: Some(source),
            kwh_per_month,
        },
        water: Some(water),
        assets,
        land,
        livestock,
        aquaculture: Some(false),
        hardship_causes,
        support: Support { received, needed },
        income: Some(income),
        waste,
        hears_loudspeaker: Some(t.loudspeaker < 0.85),
        phieu_a: None,
        notes: format!(
            "Hộ mẫu tổng hợp (dữ liệu demo, dân tộc chủ hộ mã {}), không phải hộ thật / synthetic demo household",
            p.ethnicity
        ),
    }
}

#[allow(clippy::too_many_arguments)]
fn member(
    seed: u64,
    index: u64,
    person: &Person,
    on: Date,
    wealth: f64,
    wealth0: f64,
    town: bool,
    smartphone: bool,
) -> Member {
    let mut r = Rng::stream(seed, &[index, MEMBER, person.number]);
    let u_edu = r.unit();
    let u_preschool = r.unit();
    let u_training = r.unit();
    let u_insurance = r.unit();
    let u_job = r.unit();
    let u_hired = r.unit();
    let u_away = r.unit();
    let u_unemployed = r.unit();
    let u_internet = r.unit();
    let u_disabled = r.unit();
    let u_stunted = r.unit();
    let u_growth = r.normal();
    let u_underweight = r.unit();
    let u_illness = r.unit();
    let u_party = r.unit();
    let u_merit = r.unit();
    let u_college = r.unit();

    let birth = if person.year_only {
        BirthDate::Year(person.birth.year())
    } else {
        BirthDate::Full(person.birth)
    };
    let age = birth.age_years(on);
    let age_months = birth.age_months(on);
    let born = person.birth.year();

    let final_level = final_education(u_edu, born, person.sex, wealth0);
    let leaves = leaving_age(final_level);
    let to_college = final_level == Education::UpperSecondary && u_college < 0.12;
    // In school now?
    let (in_school, school_level) = match age {
        3..=5 => {
            let attends = u_preschool < 0.8 + 0.1 * wealth0.clamp(-1.0, 1.0);
            (attends, attends.then_some(SchoolLevel::Preschool))
        }
        6..=17 if age < leaves => {
            let level = match age {
                6..=10 => SchoolLevel::Primary,
                11..=14 => SchoolLevel::LowerSecondary,
                _ => SchoolLevel::UpperSecondary,
            };
            (true, Some(level))
        }
        18..=21 if to_college => (true, Some(SchoolLevel::College)),
        _ => (false, None),
    };
    // Completed so far: capped by what the age allows.
    let by_age = match age {
        ..=10 => Education::None,
        11..=14 => Education::Primary,
        15..=17 => Education::LowerSecondary,
        _ => Education::UpperSecondary,
    };
    let education = final_level.min(by_age);

    let disabled = u_disabled < 0.02;
    let civil_servant = (22..60).contains(&age)
        && (to_college || final_level == Education::UpperSecondary)
        && has(wealth, u_job, 1.8, 0.25);
    let training = if civil_servant || (to_college && age >= 22) {
        if u_college < 0.06 {
            Training::University
        } else {
            Training::College
        }
    } else if age >= 18 && u_training < 0.12 + 0.04 * wealth.clamp(-1.0, 2.0) {
        Training::Elementary
    } else {
        Training::None
    };

    let health_insurance = if civil_servant {
        HealthInsurance::Employment
    } else if age < 6 || u_insurance < 0.99 {
        // Ethnic minorities of communes in extreme difficulty, and poor households, get a
        // card paid by the state budget; so do children under 6.
        HealthInsurance::StateBudget
    } else {
        HealthInsurance::None
    };

    let social_allowance = if disabled {
        Some(SocialAllowance::Disabled)
    } else if age >= 80 {
        Some(SocialAllowance::Elderly)
    } else {
        Some(SocialAllowance::None)
    };

    let adult = age >= 15;
    let (employment, job_kind, wage_job, non_farm_work, works_away) = if !adult {
        (None, None, None, false, None)
    } else if in_school {
        (Some(Employment::Studying), None, None, false, None)
    } else if disabled {
        (Some(Employment::UnableToWork), None, None, false, None)
    } else if age >= 70 {
        (
            Some(Employment::RetiredOrHomemaker),
            None,
            None,
            false,
            None,
        )
    } else if civil_servant {
        (
            Some(Employment::Working),
            Some(JobKind::CivilServant),
            Some(WageJob::WithContract),
            true,
            None,
        )
    } else if u_unemployed < (0.03 - 0.01 * wealth).clamp(0.005, 0.08) {
        (Some(Employment::Unemployed), None, None, false, None)
    } else if (18..=35).contains(&age) && u_away < 0.1 {
        // Factory work in the lowland industrial zones, with a contract.
        (
            Some(Employment::Working),
            Some(JobKind::Enterprise),
            Some(WageJob::WithContract),
            true,
            Some(WorksAway::OtherProvince),
        )
    } else if u_hired < (0.12 - 0.05 * wealth).clamp(0.02, 0.3) {
        // Day labour for other households, without a contract.
        (
            Some(Employment::Working),
            Some(JobKind::HiredByHousehold),
            Some(WageJob::WithoutContract),
            true,
            None,
        )
    } else {
        (
            Some(Employment::Working),
            Some(JobKind::Other),
            Some(WageJob::NotWage),
            town && u_hired > 0.7,
            None,
        )
    };

    let internet = smartphone && (12..=55).contains(&age) && u_internet < 0.8;
    let (height_cm, weight_kg) = if age < 16 {
        let (h, wt) = growth_median(age_months, person.sex);
        let stunted = u_stunted < (0.2 - 0.06 * wealth).clamp(0.04, 0.4);
        let h_factor = if stunted {
            0.88 + 0.02 * u_growth
        } else {
            1.0 + 0.02 * u_growth
        };
        let w_factor = if u_underweight < (0.15 - 0.05 * wealth).clamp(0.02, 0.35) {
            0.75 + 0.03 * u_growth
        } else {
            1.0 + 0.05 * u_growth
        };
        (
            Some(round1(h * h_factor)),
            (age < 10).then(|| round1(wt * w_factor)),
        )
    } else {
        (None, None)
    };

    Member {
        height_cm,
        weight_kg,
        in_school: Some(in_school),
        school_level,
        education: Some(education),
        training: Some(training),
        health_insurance: Some(health_insurance),
        internet: Some(internet),
        social_allowance,
        disabled: Some(disabled),
        employment,
        job_kind,
        wage_job,
        non_farm_work: Some(non_farm_work),
        pension: Some(if age >= 60 && u_merit < 0.03 {
            Pension::MeritAllowance
        } else {
            Pension::None
        }),
        serious_illness: Some(u_illness < 0.02),
        sick_without_care: Some(u_illness > 0.97),
        works_away,
        party_member: person.relation == Relation::Head
            && age >= 25
            && u_party < 0.06 + 0.03 * wealth,
        ..Member::new(
            demo_uuid(seed, index, person.number),
            person.name.clone(),
            person.relation,
            person.sex,
            birth,
            person.ethnicity,
        )
    }
}
