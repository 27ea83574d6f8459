//! A round's settings by key: the readings of `classify::Settings` a round records, each named
//! by a stable key (`score.working_age`) with the words it takes (`fixed_bands`), so an office
//! can list and change them one at a time, and the rule of which office may change them.
//!
//! Every setting here is a reading the texts leave open ("chưa rõ trong văn bản"); a value
//! that is not one of the key's words is refused with the words it takes, never guessed.

use serde_json::{Map, Value};

use crate::authorisation::{may_open_round, Cadence, Office, Refusal};
use crate::classify::Settings;
use crate::procedure::{procedure, Consulted, Recogniser};
use crate::readings::{readings, Reading};
use crate::score_a::Regions;
use crate::workflow::ReviewState;

/// Who the commune consults before recognising (`procedure::Consulted`).
pub const CONSULTED: &str = "procedure.consulted";
/// Who recognises the lists (`procedure::Recogniser`).
pub const RECOGNISED_BY: &str = "procedure.recognised_by";

/// The prefix of the keys that name the former province of one commune.
pub const COMMUNE_FORMER_PROVINCE: &str = "regions.commune_former_province";

/// The keys of one-word settings and the words each takes, in the order of the form.
const KEYS: &[(&str, &[&str])] = &[
    ("score.working_age", &["fixed_bands", "labour_code2019"]),
    ("score.section_5", &["highest_row", "add_up"]),
    ("score.section_13", &["add_up", "highest_row"]),
    ("score.section_14", &["add_up", "highest_row"]),
    ("score.large_household", &["seven_person_row", "no_row"]),
    ("score.central_highlands_motorbikes", &["mau33", "mau38"]),
    (
        "indicators.health_insurance",
        &[
            "state_budget_group_excluded",
            "state_budget_card_not_counted",
        ],
    ),
    ("regions.hue_central_city", &["false", "true"]),
];

/// One setting of a round as listed: its key, the word it holds, the words it takes, and the
/// reading it stands for (names, the choice in words, whether it is the default).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SettingLine {
    pub key: String,
    /// The word the round holds (`fixed_bands`), or the former province's code.
    pub value: String,
    /// The words the key takes (empty for a commune's former province: a province code).
    pub values: Vec<String>,
    /// No text settles it: "chưa rõ trong văn bản".
    pub unclear_in_text: bool,
    pub reading: Reading,
}

/// Why a setting could not be changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    #[error("không có thiết lập `{key}` / no such setting (keys: {known})")]
    UnknownKey { key: String, known: String },
    #[error("thiết lập `{key}` không nhận giá trị `{value}` (nhận: {allowed}) / invalid value")]
    UnknownValue {
        key: String,
        value: String,
        allowed: String,
    },
    #[error(
        "`{value}` không phải mã tỉnh trước 01/07/2025 / not a province code before the merger"
    )]
    UnknownProvince { value: String },
    #[error("xã `{commune}` không phải mã xã (5 chữ số) / not a commune code (5 digits)")]
    UnknownCommune { commune: String },
}

fn word_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn at<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    key.split('.').try_fold(value, |v, part| v.get(part))
}

/// Every setting of `settings`, one-word keys first, then one line per commune whose former
/// province the round names.
pub fn setting_lines(settings: &Settings) -> Vec<SettingLine> {
    let json = serde_json::to_value(settings).unwrap_or(Value::Null);
    let all = readings(settings);
    let reading_of = |key: &str| {
        all.iter()
            .find(|r| r.setting == key)
            .cloned()
            .or_else(|| all.last().cloned())
    };
    let mut lines = Vec::new();
    for (key, values) in KEYS {
        let Some(reading) = reading_of(key) else {
            continue;
        };
        lines.push(SettingLine {
            key: (*key).to_string(),
            value: word_of(at(&json, key)),
            values: values.iter().map(|v| (*v).to_string()).collect(),
            unclear_in_text: true,
            reading,
        });
    }
    if let Some(reading) = reading_of(COMMUNE_FORMER_PROVINCE) {
        if settings.regions.commune_former_province.is_empty() {
            lines.push(SettingLine {
                key: COMMUNE_FORMER_PROVINCE.to_string(),
                value: String::new(),
                values: Vec::new(),
                unclear_in_text: true,
                reading: reading.clone(),
            });
        }
        for (commune, former) in &settings.regions.commune_former_province {
            lines.push(SettingLine {
                key: format!("{COMMUNE_FORMER_PROVINCE}.{commune}"),
                value: former.clone(),
                values: Vec::new(),
                unclear_in_text: true,
                reading: reading.clone(),
            });
        }
    }
    lines
}

/// `settings` with `key` set to `value`. A commune's former province is set with
/// `regions.commune_former_province.<commune>=<former province code>` and removed with `-`.
pub fn set(settings: &Settings, key: &str, value: &str) -> Result<Settings, SettingError> {
    let key = key.trim();
    let value = value.trim();
    if let Some(commune) = key
        .strip_prefix(COMMUNE_FORMER_PROVINCE)
        .and_then(|rest| rest.strip_prefix('.'))
    {
        if commune.len() != 5 || !commune.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SettingError::UnknownCommune {
                commune: commune.to_string(),
            });
        }
        let mut out = settings.clone();
        if value == "-" || value.is_empty() {
            out.regions.commune_former_province.remove(commune);
        } else {
            if Regions::embedded().former(value).is_none() {
                return Err(SettingError::UnknownProvince {
                    value: value.to_string(),
                });
            }
            out.regions
                .commune_former_province
                .insert(commune.to_string(), value.to_string());
        }
        return Ok(out);
    }
    if key == CONSULTED || key == RECOGNISED_BY {
        return set_procedure(settings, key, value);
    }
    let Some((_, words)) = KEYS.iter().find(|(k, _)| *k == key) else {
        return Err(SettingError::UnknownKey {
            key: key.to_string(),
            known: KEYS
                .iter()
                .map(|(k, _)| *k)
                .chain([CONSULTED, RECOGNISED_BY, COMMUNE_FORMER_PROVINCE])
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    let unknown = || SettingError::UnknownValue {
        key: key.to_string(),
        value: value.to_string(),
        allowed: words.join(" | "),
    };
    if !words.contains(&value) {
        return Err(unknown());
    }
    let mut json = serde_json::to_value(settings).map_err(|_| unknown())?;
    let new = match value {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        word => Value::String(word.to_string()),
    };
    let mut slot = &mut json;
    for part in key.split('.') {
        slot = slot.get_mut(part).ok_or_else(unknown)?;
    }
    *slot = new;
    let mut out: Settings = serde_json::from_value(json).map_err(|_| unknown())?;
    out.kept = settings.kept.clone();
    Ok(out)
}

/// `settings` with one of the procedure's keys set to a word, or back to the round's default
/// (by its dates) with `-`.
fn set_procedure(settings: &Settings, key: &str, value: &str) -> Result<Settings, SettingError> {
    let mut out = settings.clone();
    let back = value == "-" || value.is_empty();
    let unknown = |words: Vec<&str>| SettingError::UnknownValue {
        key: key.to_string(),
        value: value.to_string(),
        allowed: format!("{} | -", words.join(" | ")),
    };
    if key == CONSULTED {
        out.procedure.consulted = if back {
            None
        } else {
            let words = Consulted::ALL.iter().map(|c| c.as_str()).collect();
            Some(Consulted::parse(value).ok_or_else(|| unknown(words))?)
        };
    } else {
        out.procedure.recognised_by = if back {
            None
        } else {
            let words = Recogniser::ALL.iter().map(|r| r.as_str()).collect();
            Some(Recogniser::parse(value).ok_or_else(|| unknown(words))?)
        };
    }
    Ok(out)
}

/// The procedure's two settings for a round of `year` and `month` (0 for the periodic round):
/// the authority held, whether it is the round's default by its dates, and whether the texts
/// leave it open.
pub fn procedure_lines(settings: &Settings, year: i32, month: u8) -> Vec<SettingLine> {
    let p = procedure(&settings.procedure, year, month);
    let (default_consulted, _) = crate::procedure::default_consulted(year, month);
    let consulted = SettingLine {
        key: CONSULTED.to_string(),
        value: p.consulted.as_str().to_string(),
        values: Consulted::ALL
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        unclear_in_text: p.consulted_unclear_in_text,
        reading: Reading {
            setting: CONSULTED.to_string(),
            name_vi: "Xin ý kiến trước khi công nhận (bước 5, QĐ 24/2021)".to_string(),
            name_en: "Consulted before recognition (step 5, QĐ 24/2021)".to_string(),
            chosen_vi: p.consulted.label_vi().to_string(),
            chosen_en: p.consulted.label_en().to_string(),
            others_vi: Consulted::ALL
                .iter()
                .filter(|c| **c != p.consulted)
                .map(|c| {
                    if *c == default_consulted {
                        format!("{} (mặc định theo thời gian của kỳ)", c.label_vi())
                    } else {
                        c.label_vi().to_string()
                    }
                })
                .collect(),
            is_default: p.consulted_is_default,
        },
    };
    let recognised = SettingLine {
        key: RECOGNISED_BY.to_string(),
        value: p.recognised_by.as_str().to_string(),
        values: Recogniser::ALL
            .iter()
            .map(|r| r.as_str().to_string())
            .collect(),
        unclear_in_text: false,
        reading: Reading {
            setting: RECOGNISED_BY.to_string(),
            name_vi: "Người công nhận danh sách, cấp giấy chứng nhận (bước 6)".to_string(),
            name_en: "Who recognises the lists and issues certificates (step 6)".to_string(),
            chosen_vi: p.recognised_by.label_vi().to_string(),
            chosen_en: p.recognised_by.label_en().to_string(),
            others_vi: Vec::new(),
            is_default: p.recognised_by_is_default,
        },
    };
    vec![consulted, recognised]
}

/// Settings as they travel and are stored: the keys this app knows, and those a newer app set
/// that it does not (`Settings::kept`), merged back where they came from.
pub fn to_json(settings: &Settings) -> Value {
    let mut json = serde_json::to_value(settings).unwrap_or_else(|_| Value::Object(Map::new()));
    merge(&mut json, &settings.kept);
    json
}

fn merge(into: &mut Value, kept: &Map<String, Value>) {
    let Value::Object(object) = into else {
        return;
    };
    for (key, value) in kept {
        match (object.get_mut(key), value) {
            (Some(slot @ Value::Object(_)), Value::Object(inner)) => merge(slot, inner),
            (Some(_), _) => {}
            (None, _) => {
                object.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Reads settings as they travel and are stored. A key this app does not know (one a newer
/// app added) is not an error: it is left out of the classification and kept as it came, so
/// it goes on with the round's settings; an unknown word of a known key is still refused.
pub fn from_json(json: &Value) -> Result<Settings, serde_json::Error> {
    let mut rest = json.clone();
    let mut kept = Map::new();
    // Each pass moves one unknown key aside; a document has finitely many.
    loop {
        match serde_path_to_error::deserialize::<_, Settings>(&rest) {
            Ok(mut settings) => {
                settings.kept = kept;
                return Ok(settings);
            }
            Err(e) => {
                let Some(field) = unknown_field(e.inner()) else {
                    return Err(e.into_inner());
                };
                let mut path: Vec<String> = e
                    .path()
                    .iter()
                    .filter_map(|segment| match segment {
                        serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                        _ => None,
                    })
                    .collect();
                if path.last() != Some(&field) {
                    path.push(field);
                }
                let Some(value) = take(&mut rest, &path) else {
                    return Err(e.into_inner());
                };
                put(&mut kept, &path, value);
            }
        }
    }
}

/// The name in serde's "unknown field `x`, expected …".
fn unknown_field(e: &serde_json::Error) -> Option<String> {
    let text = e.to_string();
    let rest = text.strip_prefix("unknown field `")?;
    Some(rest.split('`').next()?.to_string())
}

fn take(value: &mut Value, path: &[String]) -> Option<Value> {
    let (last, parents) = path.split_last()?;
    let mut slot = value;
    for part in parents {
        slot = slot.get_mut(part)?;
    }
    slot.as_object_mut()?.remove(last)
}

fn put(kept: &mut Map<String, Value>, path: &[String], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut slot = kept;
    for part in parents {
        let entry = slot
            .entry(part.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        let Value::Object(inner) = entry else {
            return;
        };
        slot = inner;
    }
    slot.insert(last.clone(), value);
}

/// Serde's `with` for a field of settings that travels: `to_json` and `from_json`.
pub mod travelling {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::classify::Settings;

    pub fn serialize<S: Serializer>(settings: &Settings, s: S) -> Result<S::Ok, S::Error> {
        super::to_json(settings).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Settings, D::Error> {
        let json = serde_json::Value::deserialize(d)?;
        super::from_json(&json).map_err(serde::de::Error::custom)
    }
}

/// Whether an installation of `office` may change the settings of a round of `cadence`: the
/// office that may open such a round itself (a periodic round's are the reporting office's, a
/// regular round's a commune's or above), the rule `may_open_round` applies to rounds.
pub fn may_set_round_settings(office: Office, cadence: Cadence) -> Result<(), Refusal> {
    may_open_round(office, office, cadence, false)
}

/// Whether a record in `state` keeps the classification it was recognised with: from the
/// chairman's recognition on, a change of the round's settings no longer touches it.
pub fn recognised(state: ReviewState) -> bool {
    matches!(state, ReviewState::Recognised | ReviewState::Reported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score_a::{SeveralRows, WorkingAge};

    #[test]
    fn every_key_is_listed_with_its_default_word() {
        let lines = setting_lines(&Settings::default());
        let by = |k: &str| lines.iter().find(|l| l.key == k).expect(k);
        assert_eq!(by("score.working_age").value, "fixed_bands");
        assert_eq!(by("score.section_5").value, "highest_row");
        assert_eq!(by("score.section_13").value, "add_up");
        assert_eq!(by("regions.hue_central_city").value, "false");
        assert_eq!(
            by("indicators.health_insurance").value,
            "state_budget_group_excluded"
        );
        assert!(lines
            .iter()
            .all(|l| l.reading.is_default && l.unclear_in_text));
        // Each listed word is the one the default holds: the first of the key's words.
        for line in lines.iter().filter(|l| !l.values.is_empty()) {
            assert_eq!(line.values[0], line.value, "{}", line.key);
        }
    }

    #[test]
    fn setting_a_word_changes_that_reading_only() {
        let s = set(&Settings::default(), "score.working_age", "labour_code2019").expect("set");
        assert_eq!(s.score.working_age, WorkingAge::LabourCode2019);
        let s = set(&s, "score.section_13", "highest_row").expect("set");
        assert_eq!(s.score.section_13, SeveralRows::HighestRow);
        let s = set(&s, "regions.hue_central_city", "true").expect("set");
        assert!(s.regions.hue_central_city);
        let back = set(&s, "score.working_age", "fixed_bands").expect("set");
        assert_eq!(back.score.working_age, WorkingAge::FixedBands);
        assert_eq!(back.score.section_13, SeveralRows::HighestRow);
    }

    #[test]
    fn unknown_keys_and_words_are_refused_with_what_is_allowed() {
        let s = Settings::default();
        let e = set(&s, "score.working_ages", "x").expect_err("key");
        assert!(matches!(e, SettingError::UnknownKey { .. }));
        assert!(e.to_string().contains("score.working_age"));
        let e = set(&s, "score.section_5", "sum").expect_err("value");
        assert!(e.to_string().contains("highest_row | add_up"), "{e}");
        let e = set(&s, "regions.hue_central_city", "yes").expect_err("bool");
        assert!(matches!(e, SettingError::UnknownValue { .. }));
        let e = set(&s, "regions.commune_former_province.24000", "99").expect_err("province");
        assert!(matches!(e, SettingError::UnknownProvince { .. }));
        let e = set(&s, "regions.commune_former_province.x", "62").expect_err("commune");
        assert!(matches!(e, SettingError::UnknownCommune { .. }));
    }

    #[test]
    fn a_commune_former_province_is_set_and_removed() {
        let s = set(
            &Settings::default(),
            "regions.commune_former_province.22870",
            "60",
        )
        .expect("set");
        assert_eq!(
            s.regions
                .commune_former_province
                .get("22870")
                .map(String::as_str),
            Some("60")
        );
        let lines = setting_lines(&s);
        assert!(lines
            .iter()
            .any(|l| l.key == "regions.commune_former_province.22870" && l.value == "60"));
        let s = set(&s, "regions.commune_former_province.22870", "-").expect("remove");
        assert!(s.regions.commune_former_province.is_empty());
    }

    #[test]
    fn the_procedure_s_keys_are_set_and_listed_by_the_round_s_dates() {
        let lines = procedure_lines(&Settings::default(), 2024, 0);
        assert_eq!(lines[0].key, CONSULTED);
        assert_eq!(lines[0].value, "district_chairman");
        assert!(lines[0].reading.is_default && !lines[0].unclear_in_text);
        assert_eq!(lines[1].value, "commune_chairman");
        let lines = procedure_lines(&Settings::default(), 2025, 0);
        assert_eq!(lines[0].value, "province_chairman");
        assert!(lines[0].reading.is_default && lines[0].unclear_in_text);

        let s = set(&Settings::default(), CONSULTED, "district_chairman").expect("set");
        let lines = procedure_lines(&s, 2025, 0);
        assert_eq!(lines[0].value, "district_chairman");
        assert!(!lines[0].reading.is_default);
        let back = set(&s, CONSULTED, "-").expect("back");
        assert_eq!(back, Settings::default());
        let e = set(&s, CONSULTED, "ward_chairman").expect_err("word");
        assert!(e.to_string().contains("province_chairman"), "{e}");
        let e = set(&s, RECOGNISED_BY, "province_chairman").expect_err("no source names it");
        assert!(e.to_string().contains("commune_chairman | -"), "{e}");
    }

    #[test]
    fn settings_nobody_chose_travel_as_before() {
        // An app without the procedure's keys reads what this one writes, until one is chosen.
        let json = to_json(&Settings::default());
        assert!(json.get("procedure").is_none(), "{json}");
        let s = set(&Settings::default(), CONSULTED, "province_chairman").expect("set");
        assert_eq!(
            to_json(&s)["procedure"]["consulted"],
            Value::String("province_chairman".into())
        );
        assert_eq!(from_json(&to_json(&s)).expect("read"), s);
    }

    #[test]
    fn unknown_keys_are_ignored_and_kept() {
        let mut json =
            to_json(&set(&Settings::default(), "score.section_5", "add_up").expect("set"));
        json["score"]["section_7"] = Value::String("add_up".into());
        json["household_size"] = serde_json::json!({"counted": "residents"});
        let s = from_json(&json).expect("a newer app's keys are no error");
        assert_eq!(s.score.section_5, crate::score_a::SeveralRows::AddUp);
        assert_eq!(s.kept["score"]["section_7"], "add_up");
        assert_eq!(s.kept["household_size"]["counted"], "residents");
        // They go on as they came, and through a change of a key this app knows.
        assert_eq!(to_json(&s), json);
        let changed = set(&s, "score.section_13", "highest_row").expect("set");
        let out = to_json(&changed);
        assert_eq!(out["score"]["section_7"], "add_up");
        assert_eq!(out["household_size"]["counted"], "residents");
        // A known key's unknown word is still refused: it would classify wrongly.
        json["score"]["section_5"] = Value::String("average".into());
        assert!(from_json(&json).is_err());
    }

    #[test]
    fn only_the_office_that_opens_a_round_sets_it() {
        use Cadence::*;
        use Office::*;
        assert_eq!(may_set_round_settings(District, Periodic), Ok(()));
        assert_eq!(may_set_round_settings(Province, Periodic), Ok(()));
        assert_eq!(
            may_set_round_settings(Commune, Periodic),
            Err(Refusal::PeriodicRoundNotReportingOffice)
        );
        assert_eq!(may_set_round_settings(Commune, Regular), Ok(()));
        assert_eq!(
            may_set_round_settings(Enumerator, Regular),
            Err(Refusal::RoundFromEnumerator)
        );
    }
}
