//! Classification: poor, near-poor, middle living standard or other, by the standard of the
//! review year, measured either by income or by the TT 07/2021 scores — with the sentence that
//! explains it.

use serde::{Deserialize, Serialize};

use crate::indicators::{evaluate_all, IndicatorResult, IndicatorSettings};
use crate::messages::{bilingual, text, Code, Lang, Message, Money, Words};
use crate::model::{AreaType, Dong, Household};
use crate::procedure::ProcedureSettings;
use crate::score_a::{
    score_a_placed, FormerProvinces, Placement, PlacementError, Region, RegionSettings, Regions,
    ScoreA, ScoreSettings,
};
use crate::standard::{Confidence, ScoreRule, Standard, Standards};

mod open;
pub use open::classify;
use open::provisional;

/// The classes of the review, poorest first (the order is used: `Poor < NearPoor`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    Poor,
    NearPoor,
    /// "Hộ có mức sống trung bình".
    Middle,
    /// Above every line of the standard.
    Other,
}

impl Class {
    /// The class's name in the catalogue.
    pub fn code(self) -> Code {
        match self {
            Class::Poor => Code::ClassPoor,
            Class::NearPoor => Code::ClassNearPoor,
            Class::Middle => Code::ClassMiddle,
            Class::Other => Code::ClassOther,
        }
    }

    pub fn label_vi(self) -> &'static str {
        text(Lang::Vi, self.code())
    }

    pub fn label_en(self) -> &'static str {
        text(Lang::En, self.code())
    }

    /// Phụ lục I's short code: N (nghèo), CN (cận nghèo), KN (không nghèo).
    pub fn list_code(self) -> &'static str {
        match self {
            Class::Poor => "N",
            Class::NearPoor => "CN",
            Class::Middle | Class::Other => "KN",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Class::Poor => "poor",
            Class::NearPoor => "near_poor",
            Class::Middle => "middle",
            Class::Other => "other",
        }
    }
}

/// How a round measures income: directly (12 months of itemised income) or by score A.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Income,
    #[default]
    Score,
}

impl Method {
    /// The word the store, the CLI and the UI use: `score` or `income`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Income => "income",
            Method::Score => "score",
        }
    }

    pub fn parse(word: &str) -> Option<Method> {
        match word {
            "income" => Some(Method::Income),
            "score" => Some(Method::Score),
            _ => None,
        }
    }

    /// The method shown beside this one, for information.
    pub fn other(self) -> Method {
        match self {
            Method::Income => Method::Score,
            Method::Score => Method::Income,
        }
    }

    /// The method's name in the catalogue.
    pub fn code(self) -> Code {
        match self {
            Method::Income => Code::MethodIncome,
            Method::Score => Code::MethodScore,
        }
    }

    pub fn label_vi(self) -> &'static str {
        text(Lang::Vi, self.code())
    }
}

/// The method a round uses unless it says otherwise: score A and B (TT 07/2021) when the
/// standard has a score table, measured income otherwise (QĐ 59/2015; NĐ 351/2025 until its
/// circular is known; a standard this installation does not know). The only place this rule
/// lives: the store fills old rounds with it and the CLI defaults `rounds open` with it.
pub fn default_method(standard: Option<&Standard>) -> Method {
    match standard {
        Some(s) if s.score.is_some() => Method::Score,
        _ => Method::Income,
    }
}

/// Every choice the official text leaves open, in one place, so a round can record them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub indicators: IndicatorSettings,
    pub score: ScoreSettings,
    /// The region whose score-A column applies; derived from the province code when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    /// The readings of the region lists the texts leave open.
    pub regions: RegionSettings,
    /// Who is consulted and who recognises (not a classification reading, but the round's
    /// too). Written only when chosen, so an app without these keys still reads the rest.
    #[serde(skip_serializing_if = "ProcedureSettings::is_unset")]
    pub procedure: ProcedureSettings,
    /// Keys a newer app set that this one does not know, as they came: ignored here, kept so
    /// they travel on with the round's settings (`round_settings::from_json`).
    #[serde(skip)]
    pub kept: serde_json::Map<String, serde_json::Value>,
}

/// Where the household is scored, from its province on the day of the interview.
fn place(h: &Household, settings: &Settings) -> Result<Placement, ClassifyError> {
    let commune = h.location.commune.trim();
    let rural = h.area == Some(AreaType::Rural);
    // The round's reading for a commune, when it names one: it travels with the round, so
    // every installation scores the household alike. An installation's own unit list never
    // enters here, for the same reason.
    let chosen = settings
        .regions
        .commune_former_province
        .get(commune)
        .map(String::as_str);
    let regions = Regions::embedded();
    regions
        .place_household(
            &h.location.province,
            h.surveyed_on,
            chosen,
            rural,
            &settings.regions,
        )
        .or_else(|e| match e {
            // The round says nothing of the commune: the shipped, unofficial table may,
            // labelled as such.
            PlacementError::SeveralRegions { .. } if chosen.is_none() => {
                FormerProvinces::embedded()
                    .place(
                        regions,
                        &h.location.province,
                        commune,
                        h.surveyed_on,
                        rural,
                        &settings.regions,
                    )
                    .unwrap_or(Err(e))
            }
            e => Err(e),
        })
        .map(|mut placed| {
            if chosen.is_some() && placed.why.code == Code::ClassifyRegionMerged {
                placed.unclear_in_text = true;
                placed.why.code = Code::ClassifyRegionChosen;
            }
            placed
        })
        .map_err(|e| match e {
            PlacementError::UnknownProvince { code } => {
                ClassifyError::UnknownRegion { province: code }
            }
            PlacementError::SeveralRegions { name_vi, .. } => {
                ClassifyError::SeveralRegions { province: name_vi }
            }
        })
}

/// The region's name in the catalogue's words.
fn region_words(region: Region, central_city: bool) -> Message {
    let name: Message = match region {
        Region::Dbsh => Code::RegionDbsh,
        Region::Tdmnpb => Code::RegionTdmnpb,
        Region::BtbDhmt => Code::RegionBtbDhmt,
        Region::Tn => Code::RegionTn,
        Region::Dnb => Code::RegionDnb,
        Region::Dbscl => Code::RegionDbscl,
    }
    .into();
    if central_city {
        Message::new(Code::RegionCentralCity).with("region", name)
    } else {
        name
    }
}

/// The income test as computed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeTest {
    /// Net income per person per month, allowances included (rounded down).
    pub per_person_month: Dong,
    /// The same without state social allowances (the middle-standard basis).
    pub per_person_month_without_allowances: Dong,
    pub poverty_line: Dong,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_line: Option<Dong>,
}

/// A household classified by one standard.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    pub standard_id: String,
    pub standard_name_vi: String,
    /// The standard's English name (absent from results written before it was added).
    #[serde(default)]
    pub standard_name_en: String,
    pub method: Method,
    pub class: Class,
    /// The area whose lines were applied; `None` while "Khu vực" is not answered (the class is
    /// then provisional, see `classify`).
    pub area: Option<AreaType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub income: Option<IncomeTest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score_a: Option<ScoreA>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score_b: Option<i32>,
    pub deprivation_count: u32,
    /// Every indicator of the standard, deprived or not, with its reason.
    pub indicators: Vec<IndicatorResult>,
    /// Why, in the catalogue's words (`messages.rs`): "Hộ nghèo: thu nhập … ≤ … và thiếu hụt 4
    /// chỉ số: …".
    pub explanation: Message,
    /// What the user should know about how sure this is (unconfirmed lines or rules), in the
    /// catalogue's words (`messages.rs`).
    pub caveats: Vec<Message>,
    /// The answers not given yet that the class depends on, as household.v1 paths in the
    /// form's order: while any is open the class is provisional ("tạm tính"), never final.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provisional: Vec<String>,
}

impl Classification {
    pub fn deprived(&self) -> impl Iterator<Item = &IndicatorResult> {
        self.indicators.iter().filter(|i| i.deprived)
    }

    /// Whether the class rests on answers not given yet.
    pub fn is_provisional(&self) -> bool {
        !self.provisional.is_empty() || self.indicators.iter().any(|i| i.unknown)
    }
}

/// Why a household could not be classified. Never a panic: the form shows this instead, in
/// the catalogue's words (`message`); as an error it reads "vi / en", like every CLI message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClassifyError {
    NoMembers,
    MissingIncome,
    ScoreUnavailable {
        standard: String,
    },
    UnknownRegion {
        province: String,
    },
    /// A province made on 1 July 2025 from provinces of several regions, the household's
    /// former province unknown.
    SeveralRegions {
        province: String,
    },
    NoStandardForYear {
        year: i32,
    },
    UnknownStandard {
        id: String,
    },
}

impl ClassifyError {
    /// What to tell the person.
    pub fn message(&self) -> Message {
        match self {
            ClassifyError::NoMembers => Code::ClassifyNoMembers.into(),
            ClassifyError::MissingIncome => Code::ClassifyMissingIncome.into(),
            ClassifyError::ScoreUnavailable { standard } => {
                Message::new(Code::ClassifyScoreUnavailable).with("standard", standard.as_str())
            }
            ClassifyError::UnknownRegion { province } => {
                Message::new(Code::ClassifyUnknownRegion).with("province", province.as_str())
            }
            ClassifyError::SeveralRegions { province } => {
                Message::new(Code::ClassifyRegionSeveral).with("province", province.as_str())
            }
            ClassifyError::NoStandardForYear { year } => {
                Message::new(Code::ClassifyNoStandardForYear).with("year", *year)
            }
            ClassifyError::UnknownStandard { id } => {
                Message::new(Code::ClassifyUnknownStandard).with("id", id.as_str())
            }
        }
    }
}

impl std::fmt::Display for ClassifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&bilingual(&self.message()))
    }
}

impl std::error::Error for ClassifyError {}

/// The TT 07/2021 score rule (Art. 1): with score A at or below the area's line, poor when
/// score B reaches the threshold and near-poor otherwise; `None` above the line (the
/// middle-standard test then needs measured income).
pub fn score_class(rule: &ScoreRule, area: AreaType, a: i32, b: i32) -> Option<Class> {
    if a > rule.a_max(area) {
        None
    } else if b >= rule.b_min_poor {
        Some(Class::Poor)
    } else {
        Some(Class::NearPoor)
    }
}

/// Classifies a household in an area (`classify` decides which).
pub(crate) fn classify_in(
    h: &Household,
    area: AreaType,
    standard: &Standard,
    method: Method,
    settings: &Settings,
) -> Result<Classification, ClassifyError> {
    let n = h.members.len() as i64;
    if n == 0 {
        return Err(ClassifyError::NoMembers);
    }
    let indicators = evaluate_all(h, &standard.indicators, &settings.indicators);
    let d = indicators.iter().filter(|i| i.deprived).count() as u32;
    let lines = standard.lines(area);
    let mut caveats = caveats(standard, &indicators);
    let provisional = provisional(h);
    let unknown: Vec<Words> = indicators
        .iter()
        .filter(|i| i.unknown)
        .map(|i| Words {
            vi: i.name_vi.clone(),
            en: i.name_en.clone(),
        })
        .collect();
    if !provisional.is_empty() || !unknown.is_empty() {
        let list = if unknown.is_empty() {
            vec![Words {
                vi: "các câu hỏi tính điểm".into(),
                en: "the scored questions".into(),
            }]
        } else {
            unknown
        };
        caveats.insert(0, Message::new(Code::CaveatProvisional).with("list", list));
    }

    // Lines are per person per month; compare annual totals so no division rounds a
    // household across a line.
    let annual = |line: Dong| line.saturating_mul(12).saturating_mul(n);
    let income = h.income.as_ref().map(|inc| {
        let total = inc.net_annual();
        let without = inc.net_annual_without_allowances();
        (
            total,
            without,
            IncomeTest {
                per_person_month: total.div_euclid(12 * n),
                per_person_month_without_allowances: without.div_euclid(12 * n),
                poverty_line: lines.poverty,
                middle_line: lines.middle,
            },
        )
    });
    // The deprived indicators' names as a sentence uses them, in both languages of the
    // standard's data.
    let deprived_names: Vec<Words> = indicators
        .iter()
        .filter(|i| i.deprived)
        .map(|i| Words {
            vi: i.name_vi.to_lowercase(),
            en: i.name_en.to_lowercase(),
        })
        .collect();
    let min = standard.min_deprivations;
    let deprivations = |ok: bool| {
        let cmp = if ok { "≥" } else { "<" };
        if d == 0 {
            Message::new(Code::ExplanationNoDeprivation)
                .with("cmp", cmp)
                .with("min", min)
        } else {
            Message::new(Code::ExplanationDeprivations)
                .with("count", d)
                .with("cmp", cmp)
                .with("min", min)
                .with("names", deprived_names.clone())
        }
    };
    let money = |dong: Dong| Money { dong };

    // The middle-standard test reads measured income without allowances (Phụ lục VIII).
    let middle_test = |caveats: &mut Vec<Message>| -> Option<(Class, Message)> {
        let (_, without, test) = income.as_ref()?;
        let said = |code: Code, line: Dong| {
            Message::new(code)
                .with("income", money(test.per_person_month_without_allowances))
                .with("line", money(line))
        };
        match lines.middle {
            Some(m) if *without <= annual(m) => {
                Some((Class::Middle, said(Code::ExplanationMiddle, m)))
            }
            Some(m) => Some((Class::Other, said(Code::ExplanationMiddleOther, m))),
            None => {
                caveats.push(Code::CaveatMiddleLineUnconfirmed.into());
                None
            }
        }
    };

    let (class, explanation, score_a_result, score_b) = match method {
        Method::Income => {
            let Some((total, _, test)) = income.as_ref() else {
                return Err(ClassifyError::MissingIncome);
            };
            let per = money(test.per_person_month);
            if let Some(l1) = lines.poor_income_only.filter(|l1| *total <= annual(*l1)) {
                let said = Message::new(Code::ExplanationIncomeOnlyPoor)
                    .with("income", per)
                    .with("line", money(l1));
                (Class::Poor, said, None, None)
            } else if *total <= annual(lines.poverty) {
                let poor = d >= min;
                let class = if poor { Class::Poor } else { Class::NearPoor };
                let said = Message::new(Code::ExplanationIncomeLine)
                    .with("class", class.code())
                    .with("income", per)
                    .with("line", money(lines.poverty))
                    .with("deprivations", deprivations(poor));
                (class, said, None, None)
            } else {
                match middle_test(&mut caveats) {
                    Some((class, said)) => (class, said, None, None),
                    None => {
                        let said = Message::new(Code::ExplanationIncomeOther)
                            .with("income", per)
                            .with("line", money(lines.poverty));
                        (Class::Other, said, None, None)
                    }
                }
            }
        }
        Method::Score => {
            let Some(rule) = standard.score else {
                return Err(ClassifyError::ScoreUnavailable {
                    standard: standard.id.clone(),
                });
            };
            let (region, central_city) = match settings.region {
                // Chosen for the round: it stands, and the panel and the export say so, as
                // they say every reading the text leaves open.
                Some(region) => {
                    caveats.push(
                        Message::new(Code::CaveatRegion)
                            .with("region", region_words(region, false))
                            .with("why", Message::new(Code::ClassifyRegionRound)),
                    );
                    caveats.push(crate::score_a::region_unclear(&[
                        crate::score_a::RegionDoubt::RoundRegion,
                    ]));
                    (region, false)
                }
                None => {
                    let placed = place(h, settings)?;
                    let chosen = placed.why.code == Code::ClassifyRegionChosen;
                    caveats.push(
                        Message::new(Code::CaveatRegion)
                            .with("region", region_words(placed.region, placed.central_city))
                            .with("why", placed.why),
                    );
                    // Item 15 names the cities for their urban households; the rural tables
                    // have no column for them, so a rural household's column is a reading.
                    let rural_city = placed.central_city && area == AreaType::Rural;
                    if placed.unclear_in_text || rural_city {
                        let mut doubts = placed.doubts.clone();
                        if rural_city {
                            doubts.push(crate::score_a::RegionDoubt::RuralCity);
                        }
                        // The round's choice of a former province is made known by its why.
                        if chosen {
                            doubts.push(crate::score_a::RegionDoubt::FormerChosen);
                        }
                        caveats.push(crate::score_a::region_unclear(&doubts));
                    }
                    (placed.region, placed.central_city)
                }
            };
            // The standard's own table when its file carries one (its cut-offs are that
            // table's, `office_standards`), TT 07/2021's otherwise; the panel names which.
            if let Some(table) = &standard.score_table {
                caveats.push(
                    Message::new(Code::CaveatOwnScoreTable)
                        .with("standard", standard.id.as_str())
                        .with("table", table.id())
                        .with("title", table.title_vi())
                        .with("source", table.source().text_vi.as_str()),
                );
            }
            let a = score_a_placed(h, region, central_city, standard.points(), &settings.score);
            let b = rule.b_per_deprivation.saturating_mul(d as i32);
            let a_max = rule.a_max(area);
            let total = a.total;
            if let Some(class) = score_class(&rule, area, total, b) {
                let poor = class == Class::Poor;
                let code = if d == 0 {
                    Code::ExplanationScore
                } else {
                    Code::ExplanationScoreDeprived
                };
                let mut said = Message::new(code)
                    .with("class", class.code())
                    .with("a", total)
                    .with("a_max", a_max)
                    .with("b", b)
                    .with("cmp", if poor { "≥" } else { "<" })
                    .with("b_min", rule.b_min_poor)
                    .with("count", d);
                if d > 0 {
                    said = said.with("names", deprived_names.clone());
                }
                (class, said, Some(a), Some(b))
            } else {
                match middle_test(&mut caveats) {
                    Some((class, said)) => {
                        let said = Message::new(Code::ExplanationAboveA)
                            .with("explanation", said)
                            .with("a", total)
                            .with("a_max", a_max);
                        (class, said, Some(a), Some(b))
                    }
                    None => {
                        if income.is_none() {
                            caveats.push(Code::CaveatNoIncomeForMiddle.into());
                        }
                        let said = Message::new(Code::ExplanationNotPoorScore)
                            .with("a", total)
                            .with("a_max", a_max);
                        (Class::Other, said, Some(a), Some(b))
                    }
                }
            }
        }
    };

    Ok(Classification {
        standard_id: standard.id.clone(),
        standard_name_vi: standard.name_vi.clone(),
        standard_name_en: standard.name_en.clone(),
        method,
        class,
        area: Some(area),
        income: income.map(|(_, _, t)| t),
        score_a: score_a_result,
        score_b,
        deprivation_count: d,
        indicators,
        explanation,
        caveats,
        provisional,
    })
}

fn caveats(standard: &Standard, indicators: &[IndicatorResult]) -> Vec<Message> {
    let mut out = Vec::new();
    if standard.lines_confidence != Confidence::Confirmed {
        out.push(
            Message::new(Code::CaveatLinesConfidence)
                .with("standard", standard.id.as_str())
                .with("confidence", confidence_word(standard.lines_confidence)),
        );
    }
    let name = |i: &IndicatorResult| Words {
        vi: i.name_vi.clone(),
        en: i.name_en.clone(),
    };
    let unsure: Vec<_> = indicators
        .iter()
        .filter(|i| i.confidence != Confidence::Confirmed)
        .map(|i| {
            Message::new(Code::CaveatIndicatorConfidence)
                .with("name", name(i))
                .with("confidence", confidence_word(i.confidence))
        })
        .collect();
    if !unsure.is_empty() {
        out.push(Message::new(Code::CaveatThresholdsUnconfirmed).with("list", unsure));
    }
    let missing: Vec<_> = indicators
        .iter()
        .filter(|i| i.missing_answers)
        .map(name)
        .collect();
    if !missing.is_empty() {
        out.push(Message::new(Code::CaveatMissingAnswers).with("list", missing));
    }
    out
}

/// How sure a line or a threshold is, as the catalogue words it.
pub fn confidence_word(c: Confidence) -> Code {
    match c {
        Confidence::Confirmed => Code::ConfidenceConfirmed,
        Confidence::Partial => Code::ConfidencePartial,
        Confidence::Unconfirmed => Code::ConfidenceUnconfirmed,
    }
}

/// A household classified by the round's method (the official result) and, when it has what
/// the other method needs too, by that one as well (informative only).
#[derive(Debug, Clone, PartialEq)]
pub struct MethodComparison {
    pub official: Result<Classification, ClassifyError>,
    /// The other method's result: only when the standard has a score table and the household
    /// a measured income, so both methods can be applied.
    pub informative: Option<Classification>,
}

/// Whether both methods can be applied: the standard has a score table (score A and B from
/// Phiếu B1) and the household's 12-month income was measured.
pub fn both_methods_apply(h: &Household, standard: &Standard) -> bool {
    standard.score.is_some() && h.income.is_some()
}

/// Classifies by `official` and, when both methods apply, by the other one beside it.
pub fn compare_methods(
    h: &Household,
    standard: &Standard,
    official: Method,
    settings: &Settings,
) -> MethodComparison {
    let informative = if both_methods_apply(h, standard) {
        classify(h, standard, official.other(), settings).ok()
    } else {
        None
    };
    MethodComparison {
        official: classify(h, standard, official, settings),
        informative,
    }
}

/// Which standard to use: the national one of a review year, or one named explicitly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StandardChoice {
    Year(i32),
    Id(String),
}

/// Classifies by the national standard (of the year, or the one named) and by every local
/// standard of the household's province for that year: the official forms show both.
pub fn classify_with(
    h: &Household,
    standards: &Standards,
    choice: &StandardChoice,
    method: Method,
    settings: &Settings,
) -> Result<Vec<Classification>, ClassifyError> {
    let chosen = chosen_standards(h, standards, choice)?;
    // A standard without a score table (QĐ 59/2015, NĐ 351/2025 until its circular is
    // known) can only be applied to measured income: say so rather than refuse.
    let run = |s: &Standard| -> Result<Classification, ClassifyError> {
        if method == Method::Score && s.score.is_none() {
            let mut c = classify(h, s, Method::Income, settings)?;
            c.caveats.insert(
                0,
                Message::new(Code::CaveatNoScoreTable).with("standard", s.id.as_str()),
            );
            Ok(c)
        } else {
            classify(h, s, method, settings)
        }
    };
    chosen.into_iter().map(run).collect()
}

/// Like `classify_with`, with both methods side by side for each standard: the official one
/// is `official`, or the standard's default (`default_method`) when `None`.
pub fn compare_with(
    h: &Household,
    standards: &Standards,
    choice: &StandardChoice,
    official: Option<Method>,
    settings: &Settings,
) -> Result<Vec<MethodComparison>, ClassifyError> {
    Ok(chosen_standards(h, standards, choice)?
        .into_iter()
        .map(|s| {
            let method = official.unwrap_or_else(|| default_method(Some(s)));
            compare_methods(h, s, method, settings)
        })
        .collect())
}

/// The national standard (of the year, or the one named) first, then the province's local
/// standards of that year.
fn chosen_standards<'a>(
    h: &Household,
    standards: &'a Standards,
    choice: &StandardChoice,
) -> Result<Vec<&'a Standard>, ClassifyError> {
    let (primary, year) = match choice {
        StandardChoice::Year(y) => (
            standards
                .national_for_year(*y)
                .ok_or(ClassifyError::NoStandardForYear { year: *y })?,
            *y,
        ),
        StandardChoice::Id(id) => {
            let s = standards
                .by_id(id)
                .ok_or(ClassifyError::NoStandardForYear {
                    year: h.surveyed_on.year(),
                })?;
            (s, s.years[0].max(h.surveyed_on.year()).min(s.years[1]))
        }
    };
    let mut out = vec![primary];
    for local in standards.local_for(&h.location.province, year) {
        if local.id != primary.id {
            out.push(local);
        }
    }
    Ok(out)
}
