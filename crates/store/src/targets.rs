//! The resolution dashboard: each target a review can measure, for the whole territory and
//! each commune, with its value, the gap to the target and the trend across the periodic
//! rounds up to the one asked for.
//!
//! The measures need the answers (insurance cards, schooling, training, water, latrines,
//! devices, income): each household's answers are streamed once through the domain's
//! `targets::measure` and the counts kept as a digest (`digest.rs`); reports then add up the
//! digests per commune, keeping only sums: memory does not grow with the number of
//! households.
//!
//! The targets measure the households the summary's class columns count: finished forms
//! (`report::is_reviewed`); a draft is left out of every measure until its form is finished.
//!
//! Why this file is long: the sums, the records they gather and the pass over the digests that
//! adds one to the other (one round's, or several rounds' shared by two connections) all work
//! on the private `Sums` and `Measured`, which no other module should build or read.

use std::collections::{BTreeMap, HashMap};

use rasoat_domain::standard::Confidence;
use rasoat_domain::targets::{
    percent, poverty_reduction_per_year, HouseholdMeasure, MeasureKind, Target, Targets,
};
use rasoat_domain::AreaType;
use rusqlite::params;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::digest::{measure_from_row, rules_fingerprint, DIGEST_COLUMNS};
use crate::error::{Result, StoreError};
use crate::report::{
    bytes_at, key_of, optional_bytes_at, optional_text_at, round_day, text_at, Placer, ReportLevel,
    ReportUnit, UnitVersion,
};
use crate::report_memo::{sums_key_prefix, ContentStamp, Found, Reads};
use crate::rounds::{Round, RoundKind};
use crate::units::UnitBasis;
use crate::Store;

/// One target, measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetRow {
    /// The target as the resolution file states it (value, comparison, formula, source,
    /// confidence).
    pub target: Target,
    /// How sure the rule behind the measure is (which water is hygienic, who is labour…),
    /// and what it says; `None` when the measure needs no rule of its own.
    pub rule_confidence: Option<Confidence>,
    pub rule_note_vi: Option<String>,
    /// The same note in English, for the window's English mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_note_en: Option<String>,
    /// The whole territory first, then each commune.
    pub units: Vec<TargetValue>,
}

/// A target's value in one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetValue {
    pub unit: ReportUnit,
    /// In the round asked for; `None` when nobody is counted (no children of school age…).
    pub value: Option<f64>,
    pub numerator: f64,
    pub denominator: f64,
    /// Whether the value meets the target.
    pub met: Option<bool>,
    /// How far from the target, in the target's unit: positive is still to go, negative is
    /// beyond it.
    pub gap: Option<f64>,
    /// The value in each periodic round up to the one asked for, oldest first.
    pub trend: Vec<TrendPoint>,
    /// For the poverty target of the whole territory: the yearly reduction since the
    /// resolution's baseline (another standard: see the baseline's note).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since_baseline: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub year: i32,
    pub value: Option<f64>,
}

/// The dashboard of one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetReport {
    pub targets_id: String,
    pub targets_name_vi: String,
    /// An English gloss of the resolution's name.
    #[serde(default)]
    pub targets_name_en: String,
    pub round: Round,
    /// Years of the rounds in the trend.
    pub years: Vec<i32>,
    pub rows: Vec<TargetRow>,
}

/// Sums of one unit in one round.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Sums {
    households: [u64; 2],
    members: [u64; 2],
    insured: [u64; 2],
    water_people: [u64; 2],
    latrine_households: [u64; 2],
    children: [u64; 2],
    in_school: [u64; 2],
    labour: [u64; 2],
    trained: [u64; 2],
    informed: [u64; 2],
    income: [i128; 2],
    income_people: [u64; 2],
    poor: [u64; 2],
    poor_party: [u64; 2],
    reviewed: u64,
}

impl Sums {
    fn add(&mut self, m: &HouseholdMeasure, area: AreaType, poor: bool) {
        let a = usize::from(area == AreaType::Urban);
        self.households[a] += 1;
        self.members[a] += u64::from(m.members);
        self.insured[a] += u64::from(m.insured);
        if m.hygienic_water {
            self.water_people[a] += u64::from(m.members);
        }
        self.latrine_households[a] += u64::from(m.hygienic_latrine);
        self.children[a] += u64::from(m.school_age_children);
        self.in_school[a] += u64::from(m.school_age_in_school);
        self.labour[a] += u64::from(m.labour);
        self.trained[a] += u64::from(m.trained_labour);
        self.informed[a] += u64::from(m.information_access);
        if let Some(income) = m.net_income {
            self.income[a] += i128::from(income);
            self.income_people[a] += u64::from(m.members);
        }
        self.poor[a] += u64::from(poor);
        self.poor_party[a] += u64::from(poor && m.party_member);
    }

    fn merge(&mut self, o: &Sums) {
        for a in 0..2 {
            self.households[a] += o.households[a];
            self.members[a] += o.members[a];
            self.insured[a] += o.insured[a];
            self.water_people[a] += o.water_people[a];
            self.latrine_households[a] += o.latrine_households[a];
            self.children[a] += o.children[a];
            self.in_school[a] += o.in_school[a];
            self.labour[a] += o.labour[a];
            self.trained[a] += o.trained[a];
            self.informed[a] += o.informed[a];
            self.income[a] += o.income[a];
            self.income_people[a] += o.income_people[a];
            self.poor[a] += o.poor[a];
            self.poor_party[a] += o.poor_party[a];
        }
        self.reviewed += o.reviewed;
    }

    /// (numerator, denominator) of a measure, over the area asked for.
    fn ratio(&self, kind: MeasureKind, area: Option<AreaType>) -> (f64, f64) {
        let pick = |x: &[u64; 2]| -> f64 {
            match area {
                Some(AreaType::Rural) => x[0] as f64,
                Some(AreaType::Urban) => x[1] as f64,
                None => (x[0] + x[1]) as f64,
            }
        };
        match kind {
            MeasureKind::HealthInsurance => (pick(&self.insured), pick(&self.members)),
            MeasureKind::HygienicWater => (pick(&self.water_people), pick(&self.members)),
            MeasureKind::HygienicLatrine => {
                (pick(&self.latrine_households), pick(&self.households))
            }
            MeasureKind::SchoolAttendance => (pick(&self.in_school), pick(&self.children)),
            MeasureKind::TrainedLabour => (pick(&self.trained), pick(&self.labour)),
            MeasureKind::InformationAccess => (pick(&self.informed), pick(&self.households)),
            MeasureKind::IncomePerPerson => {
                let income = match area {
                    Some(AreaType::Rural) => self.income[0],
                    Some(AreaType::Urban) => self.income[1],
                    None => self.income[0] + self.income[1],
                };
                (income as f64, pick(&self.income_people))
            }
            MeasureKind::PoorPartyMemberHouseholds => (pick(&self.poor_party), 1.0),
            MeasureKind::PovertyReduction => (pick(&self.poor), self.reviewed as f64),
        }
    }
}

/// What a round's target sums are kept under, in the memo and in the file.
pub(crate) fn sums_key(round_id: &str, basis: UnitBasis, fingerprint: &str) -> String {
    format!("{}{fingerprint}", sums_key_prefix(round_id, basis))
}

/// What a round's target sums read: the round, and the earlier ones for the old units.
pub(crate) fn sums_reads(round_id: &str, basis: UnitBasis) -> Reads {
    Reads::round(round_id, basis == UnitBasis::Old)
}

fn value_of(kind: MeasureKind, numerator: f64, denominator: f64) -> Option<f64> {
    match kind {
        MeasureKind::PoorPartyMemberHouseholds => Some(numerator),
        MeasureKind::IncomePerPerson => (denominator > 0.0).then(|| numerator / denominator),
        _ => (denominator > 0.0).then(|| 100.0 * numerator / denominator),
    }
}

/// Sums of one round: the whole territory and each commune. Kept in the store file too
/// (`kept_figures`), where a unit, a list of three texts, cannot be a JSON object's key: the
/// maps are written as lists of pairs.
#[serde_with::serde_as]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RoundSums {
    year: i32,
    total: Sums,
    #[serde_as(as = "Vec<(_, _)>")]
    communes: BTreeMap<UnitVersion, Sums>,
    /// Resident households entered for the year, by commune and for the top unit.
    #[serde_as(as = "Vec<(_, _)>")]
    resident: BTreeMap<UnitVersion, u64>,
    resident_total: Option<u64>,
}

impl RoundSums {
    fn poor_rate(&self, unit: Option<&UnitVersion>) -> Option<f64> {
        let (sums, resident) = match unit {
            Some(u) => (self.communes.get(u)?, self.resident.get(u).copied()),
            None => (&self.total, self.resident_total),
        };
        let poor = sums.poor[0] + sums.poor[1];
        percent(poor, resident.unwrap_or(sums.reviewed))
    }
}

impl Store {
    /// The resolution dashboard for a round: every target, for the whole territory and each
    /// commune, with the gap and the trend across the periodic rounds up to this one.
    pub fn target_report(
        &self,
        round_id: &str,
        targets: &Targets,
        basis: UnitBasis,
    ) -> Result<TargetReport> {
        let round = self.round(round_id)?;
        let mut rounds: Vec<Round> = self
            .rounds()?
            .into_iter()
            .filter(|r| r.kind == RoundKind::Periodic && r.year <= round.year)
            .collect();
        if round.kind != RoundKind::Periodic {
            rounds.push(round.clone());
        }
        rounds.sort_by_key(|r| r.year);
        // The asked round first: what its report gathered for its sums (`SumsInput`, about
        // 16 MiB at 200,000 finished forms) is then taken before the earlier rounds' sums
        // gather their own, not held beside them.
        let mut per_round = Vec::new();
        for r in rounds.iter().rev() {
            per_round.push(self.round_sums(r, targets, basis)?);
        }
        per_round.reverse();
        let top = self.top_unit_named(&round)?;
        let Some(current) = per_round.last() else {
            return Err(StoreError::RoundNotFound {
                what: round.id.clone(),
            });
        };
        let mut units: Vec<Option<UnitVersion>> = vec![None];
        units.extend(current.communes.keys().cloned().map(Some));

        let mut rows = Vec::new();
        for target in &targets.targets {
            let (rule_confidence, rule_note_vi) = rule_of(targets, target.measure);
            let mut values = Vec::new();
            for unit in &units {
                values.push(self.target_value(target, targets, unit.as_ref(), &per_round, &top));
            }
            rows.push(TargetRow {
                target: target.clone(),
                rule_confidence,
                rule_note_vi,
                rule_note_en: rule_note_en(targets, target.measure),
                units: values,
            });
        }
        Ok(TargetReport {
            targets_id: targets.id.clone(),
            targets_name_vi: targets.name_vi.clone(),
            targets_name_en: targets.name_en.clone(),
            round,
            years: per_round.iter().map(|r| r.year).collect(),
            rows,
        })
    }

    fn target_value(
        &self,
        target: &Target,
        targets: &Targets,
        unit: Option<&UnitVersion>,
        per_round: &[RoundSums],
        top: &UnitVersion,
    ) -> TargetValue {
        let kind = target.measure;
        let reduction = target
            .reduction
            .unwrap_or(rasoat_domain::targets::Reduction::Points);
        let sums_of = |r: &RoundSums| match unit {
            Some(u) => r.communes.get(u).cloned(),
            None => Some(r.total.clone()),
        };
        let mut trend = Vec::new();
        let mut last = (None, 0.0, 0.0);
        for (i, r) in per_round.iter().enumerate() {
            let point = if kind == MeasureKind::PovertyReduction {
                let now = r.poor_rate(unit);
                let before = i
                    .checked_sub(1)
                    .and_then(|j| per_round.get(j))
                    .and_then(|p| p.poor_rate(unit).map(|rate| (p.year, rate)));
                let value = match (before, now) {
                    (Some((year, before)), Some(now)) => {
                        poverty_reduction_per_year(before, now, r.year - year, reduction)
                    }
                    _ => None,
                };
                last = (value, before.map_or(0.0, |b| b.1), now.unwrap_or(0.0));
                value
            } else {
                match sums_of(r) {
                    Some(s) => {
                        let (n, d) = s.ratio(kind, target.area);
                        let v = value_of(kind, n, d);
                        last = (v, n, d);
                        v
                    }
                    None => {
                        last = (None, 0.0, 0.0);
                        None
                    }
                }
            };
            trend.push(TrendPoint {
                year: r.year,
                value: point,
            });
        }
        let (value, numerator, denominator) = last;
        let met = value.map(|v| target.comparison.holds(v, target.value));
        let gap = value.map(|v| match target.comparison {
            rasoat_domain::targets::Comparison::Gt | rasoat_domain::targets::Comparison::Ge => {
                target.value - v
            }
            rasoat_domain::targets::Comparison::Lt | rasoat_domain::targets::Comparison::Le => {
                v - target.value
            }
        });
        let since_baseline = match (kind, unit, &targets.baseline, per_round.last()) {
            (MeasureKind::PovertyReduction, None, Some(b), Some(r)) => {
                r.poor_rate(None).and_then(|now| {
                    poverty_reduction_per_year(b.poor_rate_percent, now, r.year - b.year, reduction)
                })
            }
            _ => None,
        };
        let (code, valid_from, name, level) = match unit {
            Some(u) => (u.0.clone(), u.1.clone(), u.2.clone(), ReportLevel::Commune),
            None => (
                top.0.clone(),
                top.1.clone(),
                top.2.clone(),
                ReportLevel::District,
            ),
        };
        TargetValue {
            unit: ReportUnit {
                level,
                code,
                valid_from,
                name,
                village: None,
            },
            value,
            numerator,
            denominator,
            met,
            gap,
            trend,
            since_baseline,
        }
    }

    fn top_unit_named(&self, round: &Round) -> Result<UnitVersion> {
        let placer = Placer::new(self, UnitBasis::AsRecorded, round)?;
        self.top_unit(placer.resolver(), &round_day(round))
    }

    /// A round's sums: each household's measures (digests computed once per answers, by
    /// streaming the answers through the domain's `targets::measure`), added up per commune.
    ///
    /// The round is read from `record_summary` (kept in round order) and the digests in one
    /// pass over `answers_digest` in its own (hash) order, matched against the round's records
    /// sorted by hash: neither is looked up one household at a time, which at 200,000
    /// households is a random page read each (seconds on a store larger than its page cache),
    /// where a pass reads each page once.
    /// A round's sums, the ones already counted while the store is unchanged (`report_memo`).
    fn round_sums(&self, round: &Round, targets: &Targets, basis: UnitBasis) -> Result<RoundSums> {
        let fingerprint = rules_fingerprint(&targets.rules)?;
        let Some(stamp) = ContentStamp::of(&self.conn)? else {
            return self.count_round_sums(round, targets, basis, &fingerprint);
        };
        let key = sums_key(&round.id, basis, &fingerprint);
        let counting = match self.reports.sums(stamp, &key) {
            Found::Kept(kept) => return Ok(kept),
            Found::Count(counting) => counting,
        };
        let reads = sums_reads(&round.id, basis);
        // Counted by an earlier connection from the same content (`kept_figures`).
        let (at, in_file) = self.kept_figure::<RoundSums>("sums", &key, &reads);
        if let Some(sums) = in_file {
            self.reports.gave_from_file();
            // What this round's report gathered for them is not needed.
            let _ = self.reports.take_sums_input(stamp, &round.id, basis);
            let now = ContentStamp::of(&self.conn)?;
            self.reports.keep_sums(counting, now, key, reads, &sums);
            return Ok(sums);
        }
        let sums = match self.reports.take_sums_input(stamp, &round.id, basis) {
            Some(input) => self.sum_input(round, targets, &fingerprint, input)?,
            None => self.count_round_sums(round, targets, basis, &fingerprint)?,
        };
        // Kept only when nothing was written while they were counted but the answers'
        // digests they filled (`ensure_answers_digests`, which says so).
        let now = ContentStamp::of(&self.conn)?;
        if self
            .reports
            .keep_sums(counting, now, key.clone(), reads.clone(), &sums)
        {
            self.keep_figure("sums", &key, &reads, at, now, &sums);
        }
        Ok(sums)
    }

    fn count_round_sums(
        &self,
        round: &Round,
        targets: &Targets,
        basis: UnitBasis,
        fingerprint: &str,
    ) -> Result<RoundSums> {
        let input = self.round_sums_input(round, basis)?;
        self.sum_input(round, targets, fingerprint, input)
    }

    /// What a round's sums read of its summary rows, in its own sweep.
    pub(crate) fn round_sums_input(&self, round: &Round, basis: UnitBasis) -> Result<SumsInput> {
        let placer = Placer::new(self, basis, round)?;
        let mut input = SumsInput::default();
        {
            let mut stmt = self.conn.prepare(
                "SELECT s.household_id, s.commune_code, COALESCE(s.surveyed_on, ?2), s.class,
                        s.answers_hash, s.status, s.provisional
                 FROM record_summary s
                 WHERE s.round_id = ?1",
            )?;
            let mut rows = stmt.query(params![round.id, round_day(round)])?;
            // Outside the old-units basis a record's unit depends on its commune code and day
            // only: placed once per pair (code -> day -> index in `units`). A row's text is
            // read where SQLite holds it, not copied.
            let mut placed: FxHashMap<String, FxHashMap<String, usize>> = FxHashMap::default();
            while let Some(row) = rows.next()? {
                let id = bytes_at(row, 0)?;
                let code = text_at(row, 1)?;
                let on = text_at(row, 2)?;
                let class = optional_text_at(row, 3)?;
                let hash = optional_bytes_at(row, 4)?;
                // The poverty rate counts as the summary tables do: finished forms with a
                // final class, over the finished forms (`report::count`).
                let reviewed = crate::report::is_reviewed(optional_text_at(row, 5)?);
                let provisional = crate::provisional::is_provisional(optional_text_at(row, 6)?);
                let known = match basis {
                    UnitBasis::Old => None,
                    _ => placed.get(code).and_then(|days| days.get(on)).copied(),
                };
                let at = match known {
                    Some(at) => at,
                    None => {
                        let (unit, _) = placer.place(key_of(id), code, on, String::new());
                        let at = input.unit(unit);
                        if basis != UnitBasis::Old {
                            placed
                                .entry(code.to_string())
                                .or_default()
                                .insert(on.to_string(), at);
                        }
                        at
                    }
                };
                input.add(at, reviewed, provisional, class, hash);
            }
        }
        Ok(input)
    }

    /// The sums of a round's records as read from its summary rows, by this round's own sweep
    /// or by its report's.
    fn sum_input(
        &self,
        round: &Round,
        targets: &Targets,
        fingerprint: &str,
        input: SumsInput,
    ) -> Result<RoundSums> {
        let (mut units, missing) = self.digested(fingerprint, input)?;
        if !missing.is_empty() {
            // Answers new since the last report: parse them once, then add what was missing.
            self.ensure_answers_digests(&round.id, &targets.rules)?;
            self.add_digests(&missing, fingerprint, &mut units)?;
        }
        self.sums_of(round, units)
    }

    /// Each unit's sums of the digests `input`'s records have, and the records without one.
    fn digested(&self, fingerprint: &str, input: SumsInput) -> Result<(UnitSums, Vec<Measured>)> {
        let SumsInput {
            mut units,
            mut records,
            ..
        } = input;
        records.sort_unstable_by_key(|r| r.hash);
        let missing = self.add_digests(&records, fingerprint, &mut units)?;
        Ok((units, missing))
    }

    /// A round's sums from each unit's.
    fn sums_of(&self, round: &Round, units: UnitSums) -> Result<RoundSums> {
        let communes: BTreeMap<UnitVersion, Sums> = units.into_iter().collect();
        let mut total = Sums::default();
        for s in communes.values() {
            total.merge(s);
        }
        let entered = self.entered_households(round.year)?;
        let resident = communes
            .keys()
            .filter_map(|u| {
                entered
                    .get(&(u.0.clone(), u.1.clone(), String::new()))
                    .map(|n| (u.clone(), *n))
            })
            .collect::<BTreeMap<_, _>>();
        let top = self.top_unit_named(round)?;
        let resident_total = entered
            .get(&(top.0.clone(), top.1.clone(), String::new()))
            .copied()
            .or_else(|| {
                (resident.len() == communes.len() && !communes.is_empty())
                    .then(|| resident.values().sum())
            });
        Ok(RoundSums {
            year: round.year,
            total,
            communes,
            resident,
            resident_total,
        })
    }
}

/// The rule behind a measure: its confidence and note, from the targets file.
fn rule_of(targets: &Targets, kind: MeasureKind) -> (Option<Confidence>, Option<String>) {
    let r = &targets.rules;
    match kind {
        MeasureKind::HygienicWater => (
            Some(r.hygienic_water_confidence),
            Some(r.hygienic_water_note_vi.clone()),
        ),
        MeasureKind::HygienicLatrine => (
            Some(r.hygienic_latrines_confidence),
            Some(r.hygienic_latrines_note_vi.clone()),
        ),
        MeasureKind::SchoolAttendance => {
            (Some(r.school_confidence), Some(r.school_note_vi.clone()))
        }
        MeasureKind::TrainedLabour => (Some(r.labour_confidence), Some(r.labour_note_vi.clone())),
        MeasureKind::InformationAccess => (
            Some(r.information_confidence),
            Some(r.information_note_vi.clone()),
        ),
        _ => (None, None),
    }
}

/// The English of the rule's note, for the measures `rule_of` gives a note.
fn rule_note_en(targets: &Targets, kind: MeasureKind) -> Option<String> {
    let r = &targets.rules;
    let note = match kind {
        MeasureKind::HygienicWater => &r.hygienic_water_note_en,
        MeasureKind::HygienicLatrine => &r.hygienic_latrines_note_en,
        MeasureKind::SchoolAttendance => &r.school_note_en,
        MeasureKind::TrainedLabour => &r.labour_note_en,
        MeasureKind::InformationAccess => &r.information_note_en,
        _ => return None,
    };
    Some(note.clone())
}

/// Each unit met with its sums so far.
type UnitSums = Vec<(UnitVersion, Sums)>;

/// A round's records as its target sums read them: each unit met with the finished forms
/// counted in it, and each finished form's answers. Gathered by the sums' own sweep of the
/// round's summary rows, or by the round's report in its sweep of the same rows
/// (`report::count_round_report`), so a dashboard reads the round once for both.
#[derive(Debug, Default)]
pub(crate) struct SumsInput {
    units: UnitSums,
    index: HashMap<UnitVersion, usize>,
    records: Vec<Measured>,
}

impl SumsInput {
    /// The index of `unit` among the units met.
    pub(crate) fn unit(&mut self, unit: UnitVersion) -> usize {
        if let Some(at) = self.index.get(&unit) {
            return *at;
        }
        self.index.insert(unit.clone(), self.units.len());
        self.units.push((unit, Sums::default()));
        self.units.len() - 1
    }

    /// One record of the round, in the unit at `at`, with its kept review state, whether its
    /// class rests on open answers, its class and its answers' hash.
    pub(crate) fn add(
        &mut self,
        at: usize,
        reviewed: bool,
        provisional: bool,
        class: Option<&str>,
        answers_hash: Option<&[u8]>,
    ) {
        // `at` is an index `unit` gave.
        debug_assert!(at < self.units.len());
        let Some(unit) = self.units.get_mut(at) else {
            return;
        };
        unit.1.reviewed += u64::from(reviewed);
        // Every measure counts the households the class columns count: a draft's answers
        // are still being typed, so it stays out of the targets too.
        if !reviewed {
            return;
        }
        if let Some(hash) = answers_hash.and_then(hash_text) {
            self.records.push(Measured {
                hash,
                unit: at,
                poor: !provisional && class == Some("poor"),
            });
        }
    }
}

/// A record of a round whose answers are held: the answers' hash, the unit it counts in (an
/// index into the round's units) and whether it is classed poor.
#[derive(Debug, Clone, Copy)]
struct Measured {
    hash: HashText,
    unit: usize,
    poor: bool,
}

/// An answers hash (SHA-256) as the 64 bytes of its hex text, not decoded: byte order is the
/// order in which SQLite gives the `answers_digest` table's text key, so the two lists merge
/// as they come; decoding each of the table's rows for every round was a fifth of the
/// dashboard's time at 200,000 finished forms.
type HashText = [u8; 64];

fn hash_text(text: &[u8]) -> Option<HashText> {
    text.try_into().ok()
}

impl Store {
    /// Adds each record's digest under the rules `fingerprint` to its unit's sums, reading the
    /// digests once in hash order beside `records` (sorted by hash); returns the records whose
    /// answers have no digest yet.
    fn add_digests(
        &self,
        records: &[Measured],
        fingerprint: &str,
        units: &mut [(UnitVersion, Sums)],
    ) -> Result<Vec<Measured>> {
        let mut missing =
            self.add_digests_of(&[records], fingerprint, Hashes::All, &mut [units])?;
        Ok(missing.pop().unwrap_or_default())
    }

    /// As [`Store::add_digests`] for several rounds' records at once, each list sorted by hash
    /// and added to its own units (`units[i]` for `lists[i]`), over the hashes of `range`
    /// alone: one pass over the digests for every round, where a pass each read the whole
    /// table once per round (three times for a dashboard's trend). Returns each list's records
    /// in `range` without a digest.
    fn add_digests_of(
        &self,
        lists: &[&[Measured]],
        fingerprint: &str,
        range: Hashes,
        units: &mut [&mut [(UnitVersion, Sums)]],
    ) -> Result<Vec<Vec<Measured>>> {
        let lists: Vec<&[Measured]> = lists.iter().map(|l| range.of(l)).collect();
        let mut missing = vec![Vec::new(); lists.len()];
        let mut next = vec![0; lists.len()];
        if lists.iter().all(|l| l.is_empty()) {
            return Ok(missing);
        }
        let columns = format!("SELECT d.hash, {DIGEST_COLUMNS} FROM answers_digest d");
        let mut stmt;
        let mut rows = match range {
            Hashes::All => {
                stmt = self
                    .conn
                    .prepare(&format!("{columns} WHERE d.rules = ?1 ORDER BY d.hash"))?;
                stmt.query([fingerprint])?
            }
            Hashes::Below(split) => {
                stmt = self.conn.prepare(&format!(
                    "{columns} WHERE d.rules = ?1 AND d.hash < ?2 ORDER BY d.hash"
                ))?;
                stmt.query(params![fingerprint, split_text(split)])?
            }
            Hashes::From(split) => {
                stmt = self.conn.prepare(&format!(
                    "{columns} WHERE d.rules = ?1 AND d.hash >= ?2 ORDER BY d.hash"
                ))?;
                stmt.query(params![fingerprint, split_text(split)])?
            }
        };
        while let Some(row) = rows.next()? {
            let Some(hash) = row.get_ref(0)?.as_bytes().ok().and_then(hash_text) else {
                continue;
            };
            // Read from the row once, by the first list that holds its hash.
            let mut measure = None;
            let mut open = false;
            for (l, records) in lists.iter().enumerate() {
                let at = &mut next[l];
                while *at < records.len() && records[*at].hash < hash {
                    missing[l].push(records[*at]);
                    *at += 1;
                }
                while *at < records.len() && records[*at].hash == hash {
                    if measure.is_none() {
                        measure = Some(measure_from_row(row, 1)?);
                    }
                    let record = records[*at];
                    if let Some(Some((area, m))) = &measure {
                        units[l][record.unit].1.add(m, *area, record.poor);
                    }
                    *at += 1;
                }
                open |= *at < records.len();
            }
            if !open {
                break;
            }
        }
        for (l, records) in lists.iter().enumerate() {
            missing[l].extend_from_slice(&records[next[l]..]);
        }
        Ok(missing)
    }
}

/// Which answers hashes a pass over the digests reads: all, or those below or from a first
/// hex digit, so that two connections can share one pass.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Hashes {
    All,
    Below(u8),
    From(u8),
}

impl Hashes {
    /// The records of a list sorted by hash whose hash is in this range.
    fn of(self, records: &[Measured]) -> &[Measured] {
        match self {
            Hashes::All => records,
            Hashes::Below(split) => &records[..records.partition_point(|r| r.hash[0] < split)],
            Hashes::From(split) => &records[records.partition_point(|r| r.hash[0] < split)..],
        }
    }
}

/// A split digit as the text the digests' key compares with: a hash is below "8" exactly
/// when its first digit is.
fn split_text(split: u8) -> String {
    char::from(split).to_string()
}

/// A round's sums input with its records in hash order, to be summed in a digest pass shared
/// with other rounds (`Store::share_of_digest_pass`).
#[derive(Debug)]
pub(crate) struct SortedSumsInput {
    units: UnitSums,
    records: Vec<Measured>,
}

impl SumsInput {
    /// Sorts the records by hash, on the thread that gathered them.
    pub(crate) fn sorted(self) -> SortedSumsInput {
        let SumsInput {
            units, mut records, ..
        } = self;
        records.sort_unstable_by_key(|r| r.hash);
        SortedSumsInput { units, records }
    }
}

/// One share of a digest pass shared by several rounds: each round's unit sums from the
/// records whose hashes it read, and whether some of those have no digest.
#[derive(Debug)]
pub(crate) struct DigestShare {
    rounds: Vec<(UnitSums, bool)>,
}

impl Store {
    /// One share of a digest pass shared by several rounds' `inputs` under the rules
    /// `fingerprint`: the sums of the records whose hashes are in `range`, each round's unit
    /// sums starting from nothing but the review counts `with_reviewed` asks for.
    pub(crate) fn share_of_digest_pass(
        &self,
        inputs: &[&SortedSumsInput],
        fingerprint: &str,
        range: Hashes,
        with_reviewed: bool,
    ) -> Result<DigestShare> {
        let mut units: Vec<UnitSums> = inputs
            .iter()
            .map(|input| {
                input
                    .units
                    .iter()
                    .map(|(unit, sums)| {
                        let start = if with_reviewed {
                            Sums {
                                reviewed: sums.reviewed,
                                ..Sums::default()
                            }
                        } else {
                            Sums::default()
                        };
                        (unit.clone(), start)
                    })
                    .collect()
            })
            .collect();
        let lists: Vec<&[Measured]> = inputs.iter().map(|i| i.records.as_slice()).collect();
        let mut targets: Vec<&mut [(UnitVersion, Sums)]> =
            units.iter_mut().map(|u| u.as_mut_slice()).collect();
        let missing = self.add_digests_of(&lists, fingerprint, range, &mut targets)?;
        Ok(DigestShare {
            rounds: units
                .into_iter()
                .zip(missing)
                .map(|(u, m)| (u, !m.is_empty()))
                .collect(),
        })
    }

    /// The sums of the round at `index` of a shared digest pass's inputs, from the pass's
    /// shares (`share_of_digest_pass`), or `None` when some of its answers have no digest yet.
    pub(crate) fn sums_of_shares(
        &self,
        round: &Round,
        index: usize,
        shares: &mut [DigestShare],
    ) -> Result<Option<RoundSums>> {
        let mut whole: Option<UnitSums> = None;
        for share in shares.iter_mut() {
            let Some((units, missing)) = share.rounds.get_mut(index).map(std::mem::take) else {
                return Ok(None);
            };
            if missing {
                return Ok(None);
            }
            match whole.as_mut() {
                None => whole = Some(units),
                Some(whole) => {
                    // Every share starts from the same units, in the same order.
                    for ((_, sums), (_, more)) in whole.iter_mut().zip(&units) {
                        sums.merge(more);
                    }
                }
            }
        }
        match whole {
            Some(units) => self.sums_of(round, units).map(Some),
            None => Ok(None),
        }
    }
}
