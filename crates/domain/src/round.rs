//! Which standard a round's lists are decided by. A review done in the last months of year N
//! decides who is poor in year N + 1, its *status year* (the certificate's box is for the year
//! after the review). When the standard changes between the two years the round is a
//! *transition round* and classifies twice, as the 2015→2016 and 2021→2022 changes did: once
//! under the standard in force in the review year, to close it, and once under the standard in
//! force in the status year, to open it (poverty-standards.md §6). The 2026 round is one: NĐ
//! 07/2021 Art. 3 closes 2026 (NĐ 351/2025 keeps it for 2026) and NĐ 351/2025 opens 2027.
//!
//! The opening list may use only what is sourced. A standard that names its official review
//! method (`Standard::official_method`) is applied as it is. One that does not (NĐ 351/2025 until
//! the office loads its method) is applied with its income lines to measured income only — TT
//! 07/2021's 140 / 175 points stand for TT 07's lines and are never rescaled to new ones — and
//! counts only the indicators its data marks as sourced (confirmed or partly confirmed: for NĐ
//! 351 today the employment dimension); the list is labelled "chưa có phương pháp chính thức"
//! and `workflow::check_recognisable` refuses to recognise or certify it.

use serde::Serialize;

use crate::classify::{classify, classify_with, Class, Classification, ClassifyError, Method};
use crate::classify::{Settings, StandardChoice};
use crate::messages::{Code, Message, Words};
use crate::model::Household;
use crate::standard::{Confidence, Standard, Standards};

/// The year whose list a review of `review_year` decides.
pub fn status_year(review_year: i32) -> i32 {
    review_year.saturating_add(1)
}

/// The round's name: "rà soát năm 2026 — danh sách áp dụng năm 2027".
pub fn round_title(review_year: i32) -> Message {
    Message::new(Code::RoundTitle)
        .with("review", review_year)
        .with("status", status_year(review_year))
}

/// The standards a round's lists are decided by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoundStandards<'a> {
    pub review_year: i32,
    pub status_year: i32,
    /// In force in the review year: the list that closes it, and outside a transition the
    /// round's only list (the standard of the status year is the same one).
    pub closing: &'a Standard,
    /// In a transition round, the standard in force in the status year: the list that opens
    /// it. `None` when the status year keeps the closing standard, or when no national
    /// standard is known for it yet.
    pub opening: Option<&'a Standard>,
}

impl RoundStandards<'_> {
    pub fn is_transition(&self) -> bool {
        self.opening.is_some()
    }

    pub fn title(&self) -> Message {
        round_title(self.review_year)
    }
}

/// The national standards of a round of `review_year`.
pub fn round_standards(
    standards: &Standards,
    review_year: i32,
) -> Result<RoundStandards<'_>, ClassifyError> {
    let closing = standards
        .national_for_year(review_year)
        .ok_or(ClassifyError::NoStandardForYear { year: review_year })?;
    let status = status_year(review_year);
    let opening = standards
        .national_for_year(status)
        .filter(|s| s.id != closing.id);
    Ok(RoundStandards {
        review_year,
        status_year: status,
        closing,
        opening,
    })
}

/// A standard's two-language name, as messages carry it.
fn standard_words(s: &Standard) -> Words {
    Words {
        vi: s.name_vi.clone(),
        en: s.name_en.clone(),
    }
}

/// Which list a classification makes, in the catalogue's words: "danh sách năm 2026 theo …".
pub fn list_label(year: i32, standard: &Standard, opening: bool) -> Message {
    let code = if opening {
        Code::RoundOpening
    } else {
        Code::RoundClosing
    };
    Message::new(code)
        .with("year", year)
        .with("standard", standard_words(standard))
}

/// Which list a round's stored classes make, by the standard the round recorded: a yearly
/// review decides its status year's list ("danh sách áp dụng năm 2025 theo …"), except in a
/// transition round, whose stored classes close the review year ("danh sách năm 2026 theo
/// …"; the opening list is apart); a monthly review keeps its own year's list.
pub fn recorded_list(
    standards: &Standards,
    review_year: i32,
    yearly: bool,
    standard: &Standard,
) -> Message {
    let transition = round_standards(standards, review_year)
        .is_ok_and(|r| r.is_transition() && r.closing.id == standard.id);
    if yearly && !transition {
        list_label(status_year(review_year), standard, true)
    } else {
        list_label(review_year, standard, false)
    }
}

/// The list that opens the status year of a transition round.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpeningClassification {
    pub standard_id: String,
    pub status_year: i32,
    /// "danh sách áp dụng năm 2027 theo …".
    pub label: Message,
    /// The standard names its official review method; without it the list is shown as "chưa
    /// có phương pháp chính thức" and cannot be recognised or certified.
    pub official: bool,
    /// The class, or why there is none (without an official method only measured income can
    /// be compared with the new lines).
    pub classification: Option<Classification>,
    pub error: Option<Message>,
}

/// A household classified by a round: the list of the review year (national, then the
/// province's local standards, exactly as a round of that year always classified) and, in a
/// transition round, the list that opens the status year.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundClassification {
    pub review_year: i32,
    pub status_year: i32,
    /// "rà soát năm 2026 — danh sách áp dụng năm 2027".
    pub title: Message,
    /// "danh sách năm 2026 theo …": which list `closing` is.
    pub closing_label: Message,
    pub closing: Vec<Classification>,
    pub opening: Option<OpeningClassification>,
}

/// Classifies a household for a round of `review_year` by `method` (the round's method for
/// the closing list; the opening list uses the method its standard allows).
pub fn classify_round(
    h: &Household,
    standards: &Standards,
    review_year: i32,
    method: Method,
    settings: &Settings,
) -> Result<RoundClassification, ClassifyError> {
    let round = round_standards(standards, review_year)?;
    let closing = classify_with(
        h,
        standards,
        &StandardChoice::Year(review_year),
        method,
        settings,
    )?;
    let opening = round
        .opening
        .map(|s| classify_opening(h, s, round.status_year, method, settings));
    Ok(RoundClassification {
        review_year,
        status_year: round.status_year,
        title: round.title(),
        closing_label: list_label(review_year, round.closing, false),
        closing,
        opening,
    })
}

/// The opening list of one household under `standard`, for `status_year`.
pub fn classify_opening(
    h: &Household,
    standard: &Standard,
    status_year: i32,
    method: Method,
    settings: &Settings,
) -> OpeningClassification {
    let official = standard.official_method.is_some();
    let result = if official {
        // Applied as the official file says; a standard without a score table is applied to
        // measured income, as a round of its own years would be.
        let method = if standard.score.is_some() {
            method
        } else {
            Method::Income
        };
        classify(h, standard, method, settings)
    } else {
        provisional_opening(h, standard, settings)
    };
    let (classification, error) = match result {
        Ok(c) => (Some(c), None),
        Err(e) => (None, Some(e.message())),
    };
    OpeningClassification {
        standard_id: standard.id.clone(),
        status_year,
        label: list_label(status_year, standard, true),
        official,
        classification,
        error,
    }
}

/// Without an official method: the income lines on measured income, and only the sourced
/// indicators counted; near-poor then means "poor or near-poor", said in a caveat.
fn provisional_opening(
    h: &Household,
    standard: &Standard,
    settings: &Settings,
) -> Result<Classification, ClassifyError> {
    let mut sourced = standard.clone();
    sourced
        .indicators
        .retain(|i| i.confidence != Confidence::Unconfirmed);
    // Never a score: TT 07's points stand for TT 07's lines.
    sourced.score = None;
    let mut c = classify(h, &sourced, Method::Income, settings)?;
    let counted: Vec<Words> = sourced
        .indicators
        .iter()
        .map(|i| Words {
            vi: i.name_vi.clone(),
            en: i.name_en.clone(),
        })
        .collect();
    let mut caveats = vec![Message::new(Code::CaveatNoOfficialMethod)
        .with("standard", standard_words(standard))
        .with("list", counted)];
    let uncounted = standard.indicators.len() - sourced.indicators.len();
    if c.class == Class::NearPoor && uncounted > 0 {
        caveats
            .push(Message::new(Code::CaveatPoorOrNearPoor).with("min", standard.min_deprivations));
    }
    caveats.append(&mut c.caveats);
    c.caveats = caveats;
    Ok(c)
}
