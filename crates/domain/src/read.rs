//! Reading and writing `household.v1` documents, with errors that name the field.

use crate::model::{Household, HOUSEHOLD_V1};

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
