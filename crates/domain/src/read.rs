//! Reading and writing `household.v1` documents, with errors that name the field.

use crate::messages::{Code, Message};
use crate::model::{Household, HOUSEHOLD_V1};
use crate::validate::{Finding, Severity};

/// Why a `household.v1` document could not be read. The path is the JSON path of the
/// offending field (`members[2].sex`), so a cadre can find it in the form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("tệp không phải JSON hợp lệ hoặc bị cắt cụt (dòng {line}, cột {column}) / not valid JSON: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("trường `{path}` không hợp lệ / invalid field `{path}`: {message}")]
    Field { path: String, message: String },
    #[error("định dạng `{found}` không được hỗ trợ, cần `{HOUSEHOLD_V1}` / unsupported format `{found}`, expected `{HOUSEHOLD_V1}`")]
    Format { found: String },
}

impl ReadError {
    /// The JSON path of the field at fault, when there is one.
    pub fn path(&self) -> Option<&str> {
        match self {
            ReadError::Field { path, .. } => Some(path),
            ReadError::Format { .. } => Some("format"),
            ReadError::Syntax { .. } => None,
        }
    }
}

/// Parses one `household.v1` document.
pub fn from_json(text: &str) -> Result<Household, ReadError> {
    // Check the tag first, so that a household.v2 file gets "unsupported format", not a
    // confusing complaint about some field v1 does not know.
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) {
        match map.get("format") {
            Some(serde_json::Value::String(f)) if f == HOUSEHOLD_V1 => {}
            Some(other) => {
                let found = other
                    .as_str()
                    .map_or_else(|| other.to_string(), str::to_string);
                return Err(ReadError::Format { found });
            }
            None => {
                return Err(ReadError::Field {
                    path: "format".into(),
                    message: "thiếu trường / missing field".into(),
                })
            }
        }
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    let result: Result<Household, _> = serde_path_to_error::deserialize(&mut *de);
    let household = result.map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() || path == "." {
            ReadError::Syntax {
                line: inner.line(),
                column: inner.column(),
                message: inner.to_string(),
            }
        } else {
            ReadError::Field {
                path,
                message: inner.to_string(),
            }
        }
    })?;
    // Text after the document (two files pasted together, a broken save) is refused, not
    // ignored; such a text is not one JSON value, so the tag check above never saw it, and the
    // tag is checked again here (found by fuzzing: a `household.v0` with trailing text passed).
    de.end().map_err(|e| ReadError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if household.format != HOUSEHOLD_V1 {
        return Err(ReadError::Format {
            found: household.format,
        });
    }
    Ok(household)
}

/// Writes a household as pretty `household.v1` JSON.
pub fn to_json(household: &Household) -> String {
    // Serialising plain data structs with string keys cannot fail.
    serde_json::to_string_pretty(household).unwrap_or_default()
}

/// The most fields a draft may have that cannot be read, before the form is called unreadable.
const MAX_UNREADABLE_FIELDS: usize = 64;

/// Reads a form as it stands while it is being typed: each answer that cannot be read (a date
/// that does not exist, letters where a number goes) becomes a plain finding on its own field
/// and is left out, so the rest of the form is still read, checked and classified. `None` only
/// when the document itself cannot be read (not JSON, another format, an identity missing).
pub fn read_draft(value: &serde_json::Value) -> (Option<Household>, Vec<Finding>) {
    let mut value = value.clone();
    let mut findings = Vec::new();
    for _ in 0..MAX_UNREADABLE_FIELDS {
        match from_json(&value.to_string()) {
            Ok(h) => return (Some(h), findings),
            Err(ReadError::Field { path, .. }) => {
                let typed = at_path(&value, &path).cloned();
                // Leaving the answer out must make progress; a field the format requires
                // (identity, format, interview day) cannot be left out.
                if typed.is_none() || !clear_path(&mut value, &path) {
                    findings.push(unreadable_field(&path, typed.as_ref()));
                    return (None, findings);
                }
                let stuck = from_json(&value.to_string())
                    .err()
                    .and_then(|e| e.path().map(str::to_string))
                    == Some(path.clone());
                // A number box emptied again (null) of an answer that has a default is simply
                // not given: nothing to say about it, and the draft still saves.
                if stuck || !typed.as_ref().is_some_and(serde_json::Value::is_null) {
                    findings.push(unreadable_field(&path, typed.as_ref()));
                }
                if stuck {
                    return (None, findings);
                }
            }
            Err(e) => {
                findings.push(Finding {
                    severity: Severity::Error,
                    path: e.path().unwrap_or("").to_string(),
                    code: "unreadable".into(),
                    message: Message::new(Code::FindingUnreadable).with("detail", e.to_string()),
                });
                return (None, findings);
            }
        }
    }
    (None, findings)
}

/// The plain words for an answer that cannot be read, by the kind of field it is.
fn unreadable_field(path: &str, typed: Option<&serde_json::Value>) -> Finding {
    let field = path.rsplit('.').next().unwrap_or(path);
    let text = typed.and_then(serde_json::Value::as_str).unwrap_or("");
    let message = if matches!(field, "birth" | "surveyed_on" | "screened_on") {
        match impossible_day(text) {
            Some(date) => Message::new(Code::FindingNoSuchDate).with("date", date),
            None => Message::new(Code::FindingDateFormat),
        }
    } else if typed.is_some_and(|v| v.is_string() || v.is_number())
        && (NUMBER_FIELDS.contains(&field)
            || path.starts_with("assets.")
            || path.starts_with("land.")
            || path.starts_with("livestock."))
    {
        Message::new(Code::FindingNotANumber)
    } else {
        Message::new(Code::FindingUnreadableAnswer)
    };
    Finding {
        severity: Severity::Error,
        path: path.to_string(),
        code: "unreadable_answer".into(),
        message,
    }
}

/// Fields whose answer is a number.
const NUMBER_FIELDS: [&str; 8] = [
    "floor_area_m2",
    "loft_area_m2",
    "kwh_per_month",
    "height_cm",
    "weight_kg",
    "amount",
    "production_costs",
    "social_allowances",
];

/// "31/02/2020" (or 2020-02-31): a day/month/year of plain numbers that is not a day of the
/// calendar, as typed; `None` for anything else.
fn impossible_day(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (d, m, y) = if a.len() == 4 { (c, b, a) } else { (a, b, c) };
    let (day, month, year) = (
        d.parse::<u8>().ok()?,
        m.parse::<u8>().ok()?,
        y.parse::<i32>().ok()?,
    );
    if y.len() != 4 {
        return None;
    }
    match crate::date::Date::new(year, month, day) {
        Some(_) => None,
        None => Some(format!("{day:02}/{month:02}/{year}")),
    }
}

/// Splits `members[2].birth` into `members`, `2`, `birth`.
fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        match part.split_once('[') {
            Some((name, rest)) => {
                out.push(Segment::Key(name));
                for index in rest.split('[') {
                    if let Ok(i) = index.trim_end_matches(']').parse() {
                        out.push(Segment::Index(i));
                    }
                }
            }
            None => out.push(Segment::Key(part)),
        }
    }
    out
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

fn at_path<'v>(value: &'v serde_json::Value, path: &str) -> Option<&'v serde_json::Value> {
    segments(path).iter().try_fold(value, |v, s| match s {
        Segment::Key(k) => v.get(*k),
        Segment::Index(i) => v.get(*i),
    })
}

/// Leaves the answer at `path` out; false when there is nothing there.
fn clear_path(value: &mut serde_json::Value, path: &str) -> bool {
    let segments = segments(path);
    let Some((last, parents)) = segments.split_last() else {
        return false;
    };
    let mut v = value;
    for s in parents {
        let next = match s {
            Segment::Key(k) => v.get_mut(*k),
            Segment::Index(i) => v.get_mut(*i),
        };
        match next {
            Some(n) => v = n,
            None => return false,
        }
    }
    // An item IX–XII answer left out of a file is 0 or no, a member's column 8, 10–14, 18–19
    // answer left out its v1 default (what v1 always meant): one that cannot be read is made `null`, the draft's "not
    // answered yet", never an answer nobody gave.
    let open_is_null = path.starts_with("assets.")
        || path.starts_with("land.")
        || path.starts_with("livestock.")
        || path == "aquaculture"
        || [
            "education",
            "training",
            "health_insurance",
            "internet",
            "in_school",
            "social_allowance",
            "disabled",
            "non_farm_work",
            "pension",
            "serious_illness",
            "sick_without_care",
        ]
        .iter()
        .any(|f| path.starts_with("members[") && path.ends_with(&format!("].{f}")));
    match last {
        Segment::Key(k) if open_is_null => match v.get_mut(*k) {
            Some(slot) if !slot.is_null() => {
                *slot = serde_json::Value::Null;
                true
            }
            _ => false,
        },
        // A key is taken out, so an answer with a default (a count, an area) reads as not
        // given, as an optional one does; a member's place in the list is kept as null.
        Segment::Key(k) => v.as_object_mut().is_some_and(|o| o.remove(*k).is_some()),
        Segment::Index(i) => match v.get_mut(*i) {
            Some(slot) => {
                *slot = serde_json::Value::Null;
                true
            }
            None => false,
        },
    }
}
