//! The standards file an office loads for its installation (`rasoat standards load`): NĐ
//! 351/2025's method and thresholds once the ministry publishes them, in the `standards.v1`
//! format, laid over the national standards the app ships. The file may settle what the app
//! marks partial or unconfirmed; it may never change a confirmed fact (a line, a year, the
//! deprivations that make a household poor, a confirmed indicator's rule). TT 07/2021's points
//! stand for TT 07's lines: a standard is scored on TT 07's compiled-in table only with TT 07's
//! own 140 / 175 cut-offs and only where the app ships it so (NĐ 07/2021). Any other standard
//! reviewed by scores (NĐ 351/2025 once its table is published) carries its own point table in
//! the file, and its cut-offs are that table's; TT 07's points are never rescaled to new lines.

use crate::messages::{Code, Message, Words};
use crate::standard::{Confidence, Scope, Standard, Standards, StandardsError};

/// The score rule TT 07/2021 Art. 1 sets (a rural household at or below 140 points of score A
/// is income-poor, an urban one at or below 175; 10 points a deprivation, poor from 30).
const TT07_SCORE: (i32, i32, i32, i32) = (140, 175, 10, 30);

/// Why an office's standards file was refused, in words a cadre reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficeStandardsError {
    #[error("tệp chuẩn nghèo không đọc được: chỗ `{path}` sai dạng (cần tệp standards.v1) / the standards file cannot be read: `{path}` is not in the standards.v1 form")]
    Malformed { path: String },
    #[error("tệp chuẩn nghèo có chuẩn `{id}` sai: {reason} / standard `{id}` in the file is inconsistent: {reason}")]
    Inconsistent { id: String, reason: String },
    #[error("tệp không có chuẩn nghèo nào / the file holds no standard")]
    Empty,
    #[error("chuẩn `{id}` đổi ngưỡng điểm của Thông tư 07/2021 (140/175 điểm, 10 điểm mỗi chỉ số, nghèo từ 30 điểm): điểm của TT 07 chỉ ứng với chuẩn nghèo của TT 07, không được quy đổi; ngưỡng khác chỉ được nêu cùng bảng điểm riêng của chuẩn / standard `{id}` changes TT 07/2021's score cut-offs (140/175 points): TT 07's points stand for TT 07's lines and are never rescaled; other cut-offs come only with the standard's own score table")]
    RescaledScore { id: String },
    #[error("chuẩn `{id}` nêu cách tính điểm nhưng không kèm bảng điểm riêng: bảng điểm của Thông tư 07/2021 chỉ ứng với chuẩn nghèo của TT 07, không dùng để xếp loại theo chuẩn này / standard `{id}` gives a score rule without a score table of its own: TT 07/2021's points stand for TT 07's lines and never classify households under this standard")]
    ScoreWithoutTable { id: String },
    #[error("chuẩn `{id}` có bảng điểm riêng sai: {fault_vi} / standard `{id}` carries a faulty score table: {fault_en}", fault_vi = .fault.vi, fault_en = .fault.en)]
    BadScoreTable { id: String, fault: Words },
    #[error("chuẩn `{id}` đổi điều đã xác nhận trong văn bản: {fact_vi} / standard `{id}` changes a confirmed fact: {fact_en}", fact_vi = .fact.vi, fact_en = .fact.en)]
    ConfirmedFactChanged { id: String, fact: Words },
    #[error("năm {year} có hai chuẩn quốc gia (`{first}` và `{second}`) / year {year} would have two national standards (`{first}` and `{second}`)")]
    TwoNationalStandards {
        year: i32,
        first: String,
        second: String,
    },
}

impl OfficeStandardsError {
    /// The refusal as a code and its values, for a window that renders it in its own language;
    /// `bilingual` of it is the `Display` text.
    pub fn message(&self) -> Message {
        use OfficeStandardsError as E;
        match self {
            E::Malformed { path } => {
                Message::new(Code::StandardsMalformed).with("path", path.as_str())
            }
            E::Inconsistent { id, reason } => Message::new(Code::StandardsInconsistent)
                .with("id", id.as_str())
                .with("reason", reason.as_str()),
            E::Empty => Message::new(Code::StandardsEmpty),
            E::RescaledScore { id } => {
                Message::new(Code::StandardsRescaledScore).with("id", id.as_str())
            }
            E::ScoreWithoutTable { id } => {
                Message::new(Code::StandardsScoreWithoutTable).with("id", id.as_str())
            }
            E::BadScoreTable { id, fault } => Message::new(Code::StandardsBadScoreTable)
                .with("id", id.as_str())
                .with("fault", fault.clone()),
            E::ConfirmedFactChanged { id, fact } => {
                Message::new(Code::StandardsConfirmedFactChanged)
                    .with("id", id.as_str())
                    .with("fact", fact.clone())
            }
            E::TwoNationalStandards {
                year,
                first,
                second,
            } => Message::new(Code::StandardsTwoNational)
                .with("year", *year)
                .with("first", first.as_str())
                .with("second", second.as_str()),
        }
    }
}

/// Reads and checks an office's file against `shipped` (the national standards compiled in):
/// the file as the office gave it, refused whole at its first fault.
pub fn read_office_file(
    text: &str,
    shipped: &Standards,
) -> Result<Standards, OfficeStandardsError> {
    let file = Standards::from_json(text).map_err(|e| match e {
        // The parser's own text is never shown: the path names where the file is wrong.
        StandardsError::Invalid { path, .. } => OfficeStandardsError::Malformed { path },
        StandardsError::Inconsistent { id, message } => OfficeStandardsError::Inconsistent {
            id,
            reason: message,
        },
        StandardsError::ScoreTable { id, fault } => OfficeStandardsError::BadScoreTable {
            id,
            fault: fault.words(),
        },
    })?;
    if file.standards.is_empty() {
        return Err(OfficeStandardsError::Empty);
    }
    for standard in &file.standards {
        check_score(standard, shipped.by_id(&standard.id))?;
        if let Some(known) = shipped.by_id(&standard.id) {
            keeps_confirmed_facts(known, standard)?;
        }
    }
    let mut combined = shipped.clone();
    combined.extend(file.clone());
    one_national_standard_a_year(&combined)?;
    Ok(file)
}

/// The standards an installation classifies by: those the app ships, with each file the
/// offices loaded laid over them in the order given (a later file's standard replaces an
/// earlier one of the same id).
pub fn installation_standards(shipped: Standards, loaded: Vec<Standards>) -> Standards {
    let mut all = shipped;
    for file in loaded {
        all.extend(file);
    }
    all
}

/// A standard's own table comes with its own cut-offs, and any cut-offs but TT 07's come with
/// a table of the standard's own. Without a table, score A is TT 07's compiled-in table, which
/// only the standard the app ships with TT 07's rule (NĐ 07/2021) may use: a file giving NĐ 351
/// or a new standard a score rule without its own table would have TT 07's points decide lines
/// they were never made for.
fn check_score(
    standard: &Standard,
    shipped: Option<&Standard>,
) -> Result<(), OfficeStandardsError> {
    let id = || standard.id.clone();
    match (&standard.score, &standard.score_table) {
        (None, Some(_)) => Err(OfficeStandardsError::BadScoreTable {
            id: id(),
            fault: Words {
                vi: "bảng điểm không kèm ngưỡng điểm của nó (`score`)".into(),
                en: "the table comes without its cut-offs (`score`)".into(),
            },
        }),
        (Some(s), None) => {
            let rule = (
                s.a_max_rural,
                s.a_max_urban,
                s.b_per_deprivation,
                s.b_min_poor,
            );
            if rule != TT07_SCORE {
                return Err(OfficeStandardsError::RescaledScore { id: id() });
            }
            if shipped.and_then(|k| k.score.as_ref()) != Some(s) {
                return Err(OfficeStandardsError::ScoreWithoutTable { id: id() });
            }
            Ok(())
        }
        (Some(s), Some(_)) => {
            let positive = [
                s.a_max_rural,
                s.a_max_urban,
                s.b_per_deprivation,
                s.b_min_poor,
            ]
            .iter()
            .all(|v| *v > 0);
            if positive {
                Ok(())
            } else {
                Err(OfficeStandardsError::BadScoreTable {
                    id: id(),
                    fault: Words {
                        vi: "ngưỡng điểm (`score`) phải là số dương".into(),
                        en: "the cut-offs (`score`) must be positive".into(),
                    },
                })
            }
        }
        (None, None) => Ok(()),
    }
}

/// Refuses a file standard that changes what the shipped standard of the same id marks
/// confirmed.
fn keeps_confirmed_facts(known: &Standard, file: &Standard) -> Result<(), OfficeStandardsError> {
    let changed = |vi: String, en: String| OfficeStandardsError::ConfirmedFactChanged {
        id: known.id.clone(),
        fact: Words { vi, en },
    };
    if known.scope != file.scope || known.province != file.province {
        return Err(changed(
            "phạm vi của chuẩn".into(),
            "the standard's scope".into(),
        ));
    }
    if known.years != file.years {
        return Err(changed(
            format!("năm áp dụng {}–{}", known.years[0], known.years[1]),
            format!("the years {}–{}", known.years[0], known.years[1]),
        ));
    }
    if known.lines_confidence == Confidence::Confirmed {
        for (vi, en, k, f) in [
            ("nông thôn", "rural", &known.rural, &file.rural),
            ("thành thị", "urban", &known.urban, &file.urban),
        ] {
            if k.poverty != f.poverty || k.poor_income_only != f.poor_income_only {
                return Err(changed(
                    format!("chuẩn nghèo {vi} {} đồng/người/tháng", k.poverty),
                    format!(
                        "the {en} poverty line of {} đồng a person a month",
                        k.poverty
                    ),
                ));
            }
            if k.middle_confidence == Some(Confidence::Confirmed) && k.middle != f.middle {
                return Err(changed(
                    format!("chuẩn mức sống trung bình {vi}"),
                    format!("the {en} middle living standard line"),
                ));
            }
        }
        if known.min_deprivations != file.min_deprivations {
            return Err(changed(
                format!(
                    "hộ nghèo thiếu hụt từ {} chỉ số trở lên",
                    known.min_deprivations
                ),
                format!("poor from {} deprivations or more", known.min_deprivations),
            ));
        }
    }
    if known.score.is_some() && known.score != file.score {
        return Err(OfficeStandardsError::RescaledScore {
            id: known.id.clone(),
        });
    }
    // TT 07/2021's own standard is scored on TT 07's published table, compiled in.
    if known.score.is_some() && known.score_table.is_none() && file.score_table.is_some() {
        return Err(changed(
            "bảng điểm của Thông tư 07/2021".into(),
            "the point table of Circular 07/2021".into(),
        ));
    }
    for indicator in known
        .indicators
        .iter()
        .filter(|i| i.confidence == Confidence::Confirmed)
    {
        let kept = file
            .indicator(indicator.id)
            .is_some_and(|f| f.rule == indicator.rule);
        if !kept {
            return Err(changed(
                format!("chỉ số «{}»", indicator.name_vi),
                format!("the indicator \"{}\"", indicator.name_en),
            ));
        }
    }
    Ok(())
}

fn one_national_standard_a_year(all: &Standards) -> Result<(), OfficeStandardsError> {
    let national: Vec<&Standard> = all
        .standards
        .iter()
        .filter(|s| s.scope == Scope::National)
        .collect();
    for (i, a) in national.iter().enumerate() {
        for b in &national[i + 1..] {
            let from = a.years[0].max(b.years[0]);
            if from <= a.years[1].min(b.years[1]) {
                return Err(OfficeStandardsError::TwoNationalStandards {
                    year: from,
                    first: a.id.clone(),
                    second: b.id.clone(),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nd351_file() -> serde_json::Value {
        let mut all = Standards::national();
        all.standards.retain(|s| s.id == "nd351-2025");
        serde_json::to_value(&all).expect("json")
    }

    fn read(doc: &serde_json::Value) -> Result<Standards, OfficeStandardsError> {
        read_office_file(&doc.to_string(), &Standards::national())
    }

    #[test]
    fn a_file_naming_nd351s_method_is_accepted() {
        let mut doc = nd351_file();
        doc["standards"][0]["official_method"] = "Thông tư hướng dẫn (mẫu)".into();
        doc["standards"][0]["indicators"][2]["confidence"] = "confirmed".into();
        let file = read(&doc).expect("accepted");
        let all = installation_standards(Standards::national(), vec![file]);
        let nd351 = all.by_id("nd351-2025").expect("nd351");
        assert!(nd351.official_method.is_some());
        assert_eq!(all.standards.len(), 3);
    }

    #[test]
    fn a_parser_error_names_the_place_not_the_parser() {
        let err = read_office_file(
            "{\"format\": \"standards.v1\", \"standards\": [{]}",
            &Standards::national(),
        )
        .expect_err("malformed");
        assert!(
            matches!(err, OfficeStandardsError::Malformed { .. }),
            "{err}"
        );
        assert!(!err.to_string().contains("expected"), "{err}");
    }

    #[test]
    fn tt07s_points_are_never_rescaled_to_the_new_lines() {
        let mut doc = nd351_file();
        doc["standards"][0]["score"] = serde_json::json!({
            "a_max_rural": 205, "a_max_urban": 245, "b_per_deprivation": 10, "b_min_poor": 30
        });
        assert!(matches!(
            read(&doc),
            Err(OfficeStandardsError::RescaledScore { .. })
        ));
        let mut all = serde_json::to_value(Standards::national()).expect("json");
        all["standards"][1]["score"]["a_max_rural"] = 150.into();
        assert!(matches!(
            read(&all),
            Err(OfficeStandardsError::RescaledScore { .. })
        ));
    }

    #[test]
    fn a_confirmed_fact_of_nd07_stays() {
        let nd07 = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut all = serde_json::to_value(Standards::national()).expect("json");
            edit(&mut all["standards"][1]);
            read(&all)
        };
        for edit in [
            &(|s: &mut serde_json::Value| s["rural"]["poverty"] = 1_600_000.into())
                as &dyn Fn(&mut serde_json::Value),
            &|s| s["urban"]["middle"] = 3_100_000.into(),
            &|s| s["years"] = serde_json::json!([2022, 2027]),
            &|s| s["min_deprivations"] = 2.into(),
            &|s| s["indicators"][6]["rule"]["min_non_durable_parts"] = 3.into(),
            &|s| s["indicators"][7]["rule"]["min_m2_per_person"] = 6.0.into(),
        ] {
            let err = nd07(edit).expect_err("confirmed fact changed");
            assert!(
                matches!(err, OfficeStandardsError::ConfirmedFactChanged { .. }),
                "{err}"
            );
        }
        // A partial indicator of NĐ 07 may be corrected.
        nd07(&|s| s["indicators"][8]["confidence"] = "confirmed".into()).expect("partial");
    }

    #[test]
    fn refusals_say_the_same_words_from_the_catalogue() {
        use crate::messages::bilingual;
        let s = |t: &str| t.to_string();
        let every = [
            OfficeStandardsError::Malformed {
                path: s("standards[0].rural"),
            },
            OfficeStandardsError::Inconsistent {
                id: s("nd351-2025"),
                reason: s("năm bắt đầu sau năm kết thúc"),
            },
            OfficeStandardsError::Empty,
            OfficeStandardsError::RescaledScore {
                id: s("nd351-2025"),
            },
            OfficeStandardsError::ScoreWithoutTable {
                id: s("nd351-2025"),
            },
            OfficeStandardsError::BadScoreTable {
                id: s("nd351-2025"),
                fault: crate::score_a::ScoreTableError::MissingRow {
                    key: s("s1.people_1"),
                }
                .words(),
            },
            OfficeStandardsError::ConfirmedFactChanged {
                id: s("nd07-2021"),
                fact: Words {
                    vi: s("năm áp dụng 2022–2026"),
                    en: s("the years 2022–2026"),
                },
            },
            OfficeStandardsError::TwoNationalStandards {
                year: 2027,
                first: s("nd351-2025"),
                second: s("khac"),
            },
        ];
        for e in every {
            assert_eq!(bilingual(&e.message()), e.to_string(), "{e:?}");
        }
    }

    #[test]
    fn nd351s_sourced_lines_stay() {
        let mut doc = nd351_file();
        doc["standards"][0]["rural"]["poverty"] = 2_000_000.into();
        assert!(matches!(
            read(&doc),
            Err(OfficeStandardsError::ConfirmedFactChanged { .. })
        ));
    }

    #[test]
    fn a_second_national_standard_for_a_year_is_refused() {
        let mut doc = nd351_file();
        doc["standards"][0]["id"] = "nd351-khac".into();
        assert!(matches!(
            read(&doc),
            Err(OfficeStandardsError::TwoNationalStandards { year: 2027, .. })
        ));
    }
}
