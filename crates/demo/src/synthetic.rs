//! Plain synthetic households for benchmarks, fixtures and tests: one fixed shape (head,
//! spouse, children, a modest house) numbered `n`, unlike the crate's realistic generator. Every
//! name here is made up from syllable lists: no real person's data is ever used to exercise
//! the store. The golden batch (`tests/fixtures/batch-v1`) was made of these and carries its
//! own copies: it keeps importing whatever this makes now.
//!
//! Each household answers every question the form asks it (employment from 15, height under
//! 16, weight under 10), so it can be completed as the window completes a form, and its class
//! is final, never provisional.

use rasoat_domain::{
    AreaType, Assets, BirthDate, ColumnMaterial, Date, Electricity, Employment, Household, Housing,
    JobKind, Land, Latrine, Livestock, Location, Member, PowerSource, Relation, RoofMaterial, Sex,
    Support, WageJob, WallMaterial, WaterSource, HOUSEHOLD_V1,
};
use uuid::Uuid;

const FAMILY: [&str; 8] = ["Giàng", "Vừ", "Sùng", "Lý", "Thào", "Ma", "Lầu", "Hoàng"];
const MIDDLE_MALE: [&str; 3] = ["Mí", "Seo", "Văn"];
const MIDDLE_FEMALE: [&str; 2] = ["Thị", "Thị Mỷ"];
const GIVEN: [&str; 12] = [
    "Pó", "Dính", "Sử", "Chứ", "Dế", "Pà", "Súa", "Chính", "Mua", "Tráng", "Dợ", "Khai",
];

/// A made-up name, different for different `n`.
pub fn name(n: u64, sex: Sex) -> String {
    let family = FAMILY[(n % 8) as usize];
    let middle = match sex {
        Sex::Male => MIDDLE_MALE[((n / 8) % 3) as usize],
        Sex::Female => MIDDLE_FEMALE[((n / 8) % 2) as usize],
    };
    let given = GIVEN[((n / 24) % 12) as usize];
    format!("{family} {middle} {given}")
}

/// A deterministic id: the same `n` and `part` give the same UUID (version 7 layout).
pub fn id(n: u64, part: u16) -> Uuid {
    let mut bytes = [0u8; 16];
    bytes[0..6].copy_from_slice(&0x0193_a1b2_0000u64.to_be_bytes()[2..8]);
    bytes[6] = 0x70;
    bytes[8] = 0x80;
    bytes[9..15].copy_from_slice(&n.to_be_bytes()[2..8]);
    bytes[15] = (part & 0xff) as u8;
    bytes[7] = (part >> 8) as u8;
    Uuid::from_bytes(bytes)
}

/// The member questions the form asks by age (Phiếu B1's skip rules), answered: working from
/// 15, and a child's height and weight near the median for the age, so nutrition is measured
/// and not deprived.
fn answer_by_age(member: &mut Member, surveyed_on: Date) {
    let Some(age) = member.age_on(surveyed_on) else {
        return;
    };
    if age >= 15 {
        // Columns 15–17 of a member who works.
        member.employment = Some(Employment::Working);
        member.job_kind = Some(JobKind::Other);
        member.wage_job = Some(WageJob::NotWage);
    }
    if age < 16 {
        member.height_cm = Some(75.0 + 6.0 * f64::from(age.max(1)));
    }
    if age < 10 {
        member.weight_kg = Some(8.0 + 2.0 * f64::from(age.max(1)));
    }
}

/// Household number `n` of a commune: `n_members` members (head, spouse, children), a
/// modest house, surveyed on `surveyed_on`.
pub fn household(
    n: u64,
    province: &str,
    commune: &str,
    village: &str,
    n_members: usize,
    surveyed_on: Date,
) -> Household {
    let members = (0..n_members)
        .map(|i| {
            let (relation, sex, birth) = match i {
                0 => (
                    Relation::Head,
                    Sex::Male,
                    BirthDate::Year(1970 + (n % 30) as i32),
                ),
                1 => (
                    Relation::Spouse,
                    Sex::Female,
                    BirthDate::Year(1972 + (n % 30) as i32),
                ),
                _ => (
                    Relation::Child,
                    if i % 2 == 0 { Sex::Male } else { Sex::Female },
                    BirthDate::Year(2000 + (i as i32) + (n % 10) as i32),
                ),
            };
            let mut member = Member::new(
                id(n, i as u16 + 1),
                name(n.wrapping_mul(7).wrapping_add(i as u64), sex),
                relation,
                sex,
                birth,
                "08",
            );
            answer_by_age(&mut member, surveyed_on);
            member
        })
        .collect();
    Household {
        format: HOUSEHOLD_V1.into(),
        id: id(n, 0),
        code: format!("{commune}-{n:06}"),
        location: Location {
            province: province.into(),
            commune: commune.into(),
            village: village.into(),
        },
        area: Some(AreaType::Rural),
        surveyed_on,
        address: String::new(),
        phone: None,
        previous_class: None,
        members,
        housing: Housing {
            column: Some(ColumnMaterial::Other),
            roof: Some(RoofMaterial::MetalSheet),
            wall: Some(WallMaterial::Other),
            floor_area_m2: Some(30.0 + (n % 40) as f64),
            loft_area_m2: 0.0,
        },
        latrine: Some(Latrine::Other),
        electricity: Electricity {
            source: Some(PowerSource::Grid),
            kwh_per_month: Some(40.0),
        },
        water: Some(WaterSource::ProtectedSpring),
        assets: Assets {
            motorbike: Some((n % 2) as u32),
            smartphone: Some(1),
            ..Assets::default()
        },
        land: Land {
            annual_crops: Some(2000.0),
            ..Land::default()
        },
        livestock: Livestock {
            pig_goat_sheep: Some((n % 5) as u32),
            poultry: Some(10),
            ..Livestock::default()
        },
        aquaculture: Some(false),
        hardship_causes: Vec::new(),
        support: Support::default(),
        income: None,
        waste: None,
        hears_loudspeaker: None,
        phieu_a: None,
        notes: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_question_the_form_asks_is_answered() {
        for on in ["2024-10-01", "2025-10-01", "2026-03-15"] {
            let on: Date = on.parse().expect("date");
            for n in 0..40 {
                for size in 1..9 {
                    let h = household(n, "02", "00721", "Thôn Thử (mẫu)", size, on);
                    assert_eq!(
                        rasoat_domain::validate::unanswered(&h),
                        Vec::new(),
                        "household {n} of {size} on {on}"
                    );
                }
            }
        }
    }
}
