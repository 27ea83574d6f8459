//! Realistic synthetic households for demos, trainings and load tests, shaped like the Đồng
//! Văn highlands (Hà Giang, now Tuyên Quang): its 19 communes before 07/2025 and their 6
//! successors after, H'Mông families of 5–8 people, stone and earth houses, rain tanks and
//! springs, maize terraces, cattle and goats. Classified by the real domain, about 42 % are
//! poor in the origin year (the district resolution's starting point, 41.96 % at end-2020),
//! and the share falls by a few points a year across rounds. The same households can be
//! placed in any other province (`DemoCommune::in_province`) to show its region's score A.
//!
//! Pure, like the domain: no I/O, no clock, no OS randomness. A seed gives byte-identical
//! households on every platform (a hand-written SplitMix64, integer and basic float
//! arithmetic only). Households stream one at a time: 200,000 never sit in memory together.
//!
//! Every person is invented: names are random combinations of common name parts of the
//! person's ethnic group, villages are invented and marked "(mẫu)", and no ID number or phone
//! number is ever generated (a random well-formed one could belong to someone).

mod household;
mod names;
mod places;
mod prng;
pub mod synthetic;

use rasoat_domain::classify::{classify_with, Class, Method, Settings, StandardChoice};
use rasoat_domain::standard::Standards;
use rasoat_domain::{Household, PreviousClass};

pub use places::{
    DemoCommune, ProvinceError, FIRST_YEAR_OF_NEW_UNITS, HA_GIANG, PLACEHOLDER_COMMUNE, TUYEN_QUANG,
};

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoSpec {
    /// Number of households.
    pub households: usize,
    /// Same seed, same households.
    pub seed: u64,
    /// The origin review year: the year whose poor share is calibrated (about 42 %); other
    /// years of `generate_rounds` evolve from it, forward or backward. The calibration is for
    /// years reviewed by score under Decree 07/2021 (2022–2026). Years of other standards are
    /// classified by measured income and give other shares for the same households (seed 1,
    /// 2,000 households: about 20 % poor under QĐ 59/2015 in 2020, about 35 % poor and 28 %
    /// near-poor under NĐ 351/2025's higher lines in 2027).
    pub year: i32,
    /// Where households live, weighted; default: Đồng Văn's 19 units; any other province
    /// with `DemoCommune::in_province`.
    pub communes: Vec<DemoCommune>,
}

impl Default for DemoSpec {
    fn default() -> DemoSpec {
        DemoSpec {
            households: 1000,
            seed: 1,
            year: 2022,
            communes: DemoCommune::dong_van(),
        }
    }
}

impl DemoSpec {
    /// `households` households of Đồng Văn for `seed`, origin `year`.
    pub fn new(households: usize, seed: u64, year: i32) -> DemoSpec {
        DemoSpec {
            households,
            seed,
            year,
            communes: DemoCommune::dong_van(),
        }
    }
}

/// The households of the origin year, one at a time.
pub fn generate(spec: &DemoSpec) -> impl Iterator<Item = Household> {
    DemoRound {
        year: spec.year,
        spec: spec.clone(),
    }
    .into_households()
}

/// The same households in each of `years` (any order, any years): the same people, a year
/// older each year, with babies born and daughters married away, and living conditions that
/// improve with shocks along the way, so that between two rounds some households escape
/// poverty and some become poor. Each household carries `previous_class`, its class in the
/// year before (by the national standard of that year), as Phiếu B1 asks.
pub fn generate_rounds(spec: &DemoSpec, years: &[i32]) -> impl Iterator<Item = DemoRound> {
    let spec = spec.clone();
    // Owned, so the rounds outlive the caller's slice.
    let years: Vec<i32> = years.to_vec();
    years.into_iter().map(move |year| DemoRound {
        year,
        spec: spec.clone(),
    })
}

/// One review year of a demo.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoRound {
    pub year: i32,
    spec: DemoSpec,
}

impl DemoRound {
    /// The households of this year, one at a time, in household order.
    pub fn households(&self) -> impl Iterator<Item = Household> + '_ {
        Households::new(&self.spec, self.year)
    }

    /// Same, owning the round.
    pub fn into_households(self) -> impl Iterator<Item = Household> {
        Households::new(&self.spec, self.year)
    }
}

/// The streaming generator: keeps only the spec and the national standards (to fill in
/// `previous_class`), never the households already made.
#[derive(Debug)]
struct Households {
    seed: u64,
    origin: i32,
    year: i32,
    communes: Vec<DemoCommune>,
    next: u64,
    end: u64,
    standards: Standards,
    settings: Settings,
}

impl Households {
    fn new(spec: &DemoSpec, year: i32) -> Households {
        Households {
            seed: spec.seed,
            origin: spec.year,
            year,
            communes: spec.communes.clone(),
            next: 0,
            end: if spec.communes.is_empty() {
                0
            } else {
                spec.households as u64
            },
            standards: Standards::national(),
            settings: Settings::default(),
        }
    }

    /// The household's class a year earlier, as the review of that year would have found it.
    fn previous_class(&self, index: u64) -> Option<PreviousClass> {
        let before =
            household::household(self.seed, index, self.origin, self.year - 1, &self.communes);
        let year = before.surveyed_on.year();
        let classes = classify_with(
            &before,
            &self.standards,
            &StandardChoice::Year(year),
            Method::Score,
            &self.settings,
        )
        .ok()?;
        Some(match classes.first()?.class {
            Class::Poor => PreviousClass::Poor,
            Class::NearPoor => PreviousClass::NearPoor,
            Class::Middle | Class::Other => PreviousClass::NotPoor,
        })
    }
}

impl Iterator for Households {
    type Item = Household;

    fn next(&mut self) -> Option<Household> {
        if self.next >= self.end {
            return None;
        }
        let index = self.next;
        self.next += 1;
        let mut h = household::household(self.seed, index, self.origin, self.year, &self.communes);
        h.previous_class = self.previous_class(index);
        Some(h)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.end - self.next) as usize;
        (left, Some(left))
    }
}

/// The same household with ids and a code of its own for `installation`: two installations
/// generating demo data with the same seed then make different households as far as any store
/// can tell, instead of the same ids with other answers, which a district showed as conflicts,
/// or the same codes, which a commune showed as duplicate codes. The same installation keeps
/// the same ids and codes from round to round (the same people a year on).
pub fn for_installation(mut household: Household, installation: &str) -> Household {
    let salt = installation
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| prng::mix(h ^ u64::from(b)));
    household.code = installation_code(&household.code, salt);
    let rekey = |id: uuid::Uuid| {
        let (high, low) = id.as_u64_pair();
        let mut r = prng::Rng::stream(salt, &[high, low, 0x1d]);
        let mut bytes = [0u8; 16];
        // Keep the time part, so ids still sort by when the demo says they were made.
        bytes[0..6].copy_from_slice(&id.as_bytes()[0..6]);
        bytes[6..8].copy_from_slice(&r.next_u64().to_be_bytes()[0..2]);
        bytes[8..16].copy_from_slice(&r.next_u64().to_be_bytes());
        bytes[6] = 0x70 | (bytes[6] & 0x0F);
        bytes[8] = 0x80 | (bytes[8] & 0x3F);
        uuid::Uuid::from_bytes(bytes)
    };
    household.id = rekey(household.id);
    for member in &mut household.members {
        member.id = rekey(member.id);
    }
    household
}

/// Letters a tired reader does not take for digits (no I, no O).
const TAG_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

/// `code` with the installation's tag of four letters before its number: `00721-01-000001`
/// becomes `00721-01-HKTR-000001`. The number part is unchanged, so the code stays short and
/// a store still continues each prefix's numbering (`rasoat demo generate`'s second seed);
/// two installations share a tag once in about 330,000 pairs.
fn installation_code(code: &str, salt: u64) -> String {
    let digits = code.len() - code.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return code.to_string();
    }
    let (prefix, number) = code.split_at(code.len() - digits);
    let mut r = prng::Rng::stream(salt, &[0x7a9]);
    let tag: String = (0..4)
        .map(|_| {
            let i = r.below(TAG_LETTERS.len() as u64) as usize;
            char::from(TAG_LETTERS[i])
        })
        .collect();
    format!("{prefix}{tag}-{number}")
}

/// Only the communes of `unit` (a commune code before or after the 2025 reorganisation), for
/// a commune or enumerator installation, whose own server refuses households of other units.
/// Empty when the demo has no such commune.
pub fn communes_of(unit: &str) -> Vec<DemoCommune> {
    DemoCommune::dong_van()
        .into_iter()
        .filter(|c| c.code == unit || c.successor_code == unit)
        .collect()
}
