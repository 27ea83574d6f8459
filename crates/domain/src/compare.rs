//! Two (or more) versions of one household's review record compared field by field, as the
//! conflicts screen shows them side by side: rows in Phiếu B1's order and wording
//! (`form_fields`), members matched by their id so a member added on one side does not shift
//! the others. Pure: the versions come in as values, the rows go out.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::form_fields::{self, FormField, INCOME_SOURCES};

/// One competing version of a record, as the comparison reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Edit {
    /// The record's review state (`draft`, `completed`…), when the version carries one.
    pub status: Option<String>,
    /// The class the version carries, when it was classified.
    pub class: Option<String>,
    /// The household.v1 answers, when the version has them. Read as JSON, not as a typed
    /// `Household`: a version written by another release must still be shown, not refused.
    pub answers: Option<Value>,
}

/// One field of the record in every competing edit.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldDiff {
    /// Where the field is (`housing.roof`, `members[2].name`), for when no label is known.
    pub path: String,
    /// The UI's translation key of the form's wording for this field, when there is one.
    pub label_key: Option<String>,
    /// The member's number (1-based) for a member's field.
    pub member: Option<u32>,
    /// How to show the values: `opt:<group>` (the form's option words), `key:<prefix>` (a
    /// translation key prefix), `bool`, or `null` (as written).
    pub display: Option<String>,
    /// Per edit, in the order of `heads`: the value's words (several for a list), `null` when
    /// the edit does not have the field.
    pub values: Vec<Option<Vec<String>>>,
    pub differs: bool,
}

/// Every field any edit has, in the form's order, with each edit's value and whether they
/// differ. Members are numbered in the order they first appear in the edits' lists.
pub fn compare(edits: &[Edit]) -> Vec<FieldDiff> {
    let versions: Vec<Version> = edits.iter().map(Version::of).collect();
    diff_fields(&versions)
}

/// One leaf of an edit: a scalar, or a list of scalars (a multiple choice).
type Leaf = Vec<String>;

/// One edit's fields (with whether the value is a yes/no), and its members' ids in the order
/// of its list.
#[derive(Debug, Default)]
struct Version {
    fields: BTreeMap<FieldKey, (Leaf, bool)>,
    members: Vec<String>,
}

impl Version {
    /// The record's review state and class, then the answers flattened to paths.
    fn of(edit: &Edit) -> Version {
        let mut out = Version::default();
        for (name, value) in [("status", &edit.status), ("class", &edit.class)] {
            if let Some(value) = value {
                out.fields
                    .insert(FieldKey::record(name), (vec![value.clone()], false));
            }
        }
        if let Some(answers) = &edit.answers {
            flatten(answers, "", None, &mut out);
        }
        out
    }
}

/// Where a field sits: its order on the form, then its path. Members are keyed by id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct FieldKey {
    /// The form's order: record fields, household fields, then members, then the rest.
    rank: (u8, usize),
    member: Option<String>,
    path: String,
}

impl FieldKey {
    fn record(name: &str) -> FieldKey {
        FieldKey {
            rank: (
                0,
                form_fields::find(form_fields::RECORD, name).map_or(0, |(i, _)| i),
            ),
            member: None,
            path: name.to_string(),
        }
    }
}

/// Fields that identify rather than describe: never a difference a person resolves.
const SKIPPED: &[&str] = &["format", "id"];

fn flatten(value: &Value, path: &str, member: Option<&str>, out: &mut Version) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, v) in map {
                if member.is_none() && path.is_empty() && SKIPPED.contains(&key.as_str()) {
                    continue;
                }
                if member.is_some() && path.is_empty() && key == "id" {
                    continue;
                }
                if member.is_none() && path.is_empty() && key == "members" {
                    for (i, m) in v.as_array().into_iter().flatten().enumerate() {
                        // Keyed by the member's id; a member without one (never saved) by
                        // its position.
                        let id = m["id"]
                            .as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| format!("#{i}"));
                        flatten(m, "", Some(&id), out);
                        out.members.push(id);
                    }
                    continue;
                }
                flatten(v, &join(key), member, out);
            }
        }
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let words = items.iter().map(scalar).collect();
            out.fields.insert(key_of(path, member), (words, false));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(item, &format!("{path}[{i}]"), member, out);
            }
        }
        Value::Bool(_) => {
            out.fields
                .insert(key_of(path, member), (vec![scalar(value)], true));
        }
        _ => {
            out.fields
                .insert(key_of(path, member), (vec![scalar(value)], false));
        }
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn key_of(path: &str, member: Option<&str>) -> FieldKey {
    let rank = match member {
        Some(_) => (
            2,
            form_fields::find(form_fields::MEMBER, path).map_or(usize::MAX, |(i, _)| i),
        ),
        None => match form_fields::find(form_fields::HOUSEHOLD, path) {
            Some((i, _)) => (1, i),
            None => (3, 0),
        },
    };
    FieldKey {
        rank,
        member: member.map(str::to_string),
        path: path.to_string(),
    }
}

/// The form's field for a key (`income.sources[2].amount` → the source's `amount`).
fn field_of(key: &FieldKey) -> Option<&'static FormField> {
    let table = match (key.rank.0, &key.member) {
        (0, _) => form_fields::RECORD,
        (_, Some(_)) => form_fields::MEMBER,
        _ => form_fields::HOUSEHOLD,
    };
    form_fields::find(table, &key.path)
        .or_else(|| {
            let (list, field) = key.path.split_once("].")?;
            if list.starts_with(INCOME_SOURCES) && list[INCOME_SOURCES.len()..].starts_with('[') {
                form_fields::find(form_fields::INCOME_SOURCE, field)
            } else {
                None
            }
        })
        .map(|(_, f)| f)
}

fn diff_fields(versions: &[Version]) -> Vec<FieldDiff> {
    let keys: BTreeSet<&FieldKey> = versions.iter().flat_map(|v| v.fields.keys()).collect();
    // Member numbers: the order members first appear in the versions' lists.
    let mut numbers: BTreeMap<&str, u32> = BTreeMap::new();
    for id in versions.iter().flat_map(|v| v.members.iter()) {
        let next = numbers.len() as u32 + 1;
        numbers.entry(id.as_str()).or_insert(next);
    }
    let mut rows: Vec<(u8, u32, usize, FieldDiff)> = keys
        .into_iter()
        .map(|key| {
            let values: Vec<Option<Leaf>> = versions
                .iter()
                .map(|v| v.fields.get(key).map(|(leaf, _)| leaf.clone()))
                .collect();
            let is_bool = versions
                .iter()
                .any(|v| v.fields.get(key).is_some_and(|(_, b)| *b));
            let differs = values.windows(2).any(|w| w[0] != w[1]);
            let field = field_of(key);
            let member = key.member.as_deref().and_then(|m| numbers.get(m).copied());
            let path = match member {
                Some(n) => format!("members[{}].{}", n - 1, key.path),
                None => key.path.clone(),
            };
            (
                key.rank.0,
                member.unwrap_or(0),
                key.rank.1,
                FieldDiff {
                    path,
                    label_key: field.map(|f| f.label.to_string()),
                    member,
                    display: field
                        .and_then(|f| f.words.hint())
                        .or_else(|| is_bool.then(|| "bool".to_string())),
                    values,
                    differs,
                },
            )
        })
        .collect();
    rows.sort_by(|a, b| (a.0, a.1, a.2, &a.3.path).cmp(&(b.0, b.1, b.2, &b.3.path)));
    rows.into_iter().map(|(_, _, _, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn edit(answers: Value, status: &str) -> Edit {
        Edit {
            status: Some(status.to_string()),
            class: None,
            answers: Some(answers),
        }
    }

    #[test]
    fn only_the_changed_fields_differ_and_members_match_by_id() {
        let a = json!({"format": "household.v1", "id": "h", "code": "00721-1",
            "housing": {"roof": "concrete", "floor_area_m2": 40},
            "members": [{"id": "m1", "name": "A", "in_school": false},
                        {"id": "m2", "name": "B", "in_school": true}],
            "hardship_causes": ["no_capital"],
            "income": {"sources": [{"kind": "wages", "amount": 100}]}});
        let b = json!({"format": "household.v1", "id": "h", "code": "00721-1",
            "housing": {"roof": "other", "floor_area_m2": 40},
            "members": [{"id": "m2", "name": "B", "in_school": false}],
            "hardship_causes": ["no_capital", "illness"],
            "income": {"sources": [{"kind": "wages", "amount": 120}]}});
        let rows = compare(&[edit(a, "draft"), edit(b, "completed")]);
        let find = |p: &str| rows.iter().find(|r| r.path == p).expect(p);

        assert_eq!(rows[0].path, "status", "record fields first");
        assert!(find("status").differs);
        assert_eq!(find("status").display.as_deref(), Some("key:status."));
        assert!(!find("code").differs);
        let roof = find("housing.roof");
        assert!(roof.differs);
        assert_eq!(roof.label_key.as_deref(), Some("f.roof"));
        assert_eq!(roof.display.as_deref(), Some("opt:roof"));
        assert!(!find("housing.floor_area_m2").differs);
        // Member m2 is the same person on both sides although its position moved.
        assert!(!find("members[1].name").differs);
        assert_eq!(find("members[1].name").member, Some(2));
        assert!(find("members[1].in_school").differs);
        assert_eq!(
            find("members[1].in_school").display.as_deref(),
            Some("bool")
        );
        // Member m1 exists on one side only.
        assert_eq!(
            find("members[0].name").values,
            vec![Some(vec!["A".to_string()]), None]
        );
        assert!(find("hardship_causes").differs);
        assert_eq!(
            find("income.sources[0].amount").label_key.as_deref(),
            Some("inc.amount")
        );
        assert!(rows.iter().all(|r| r.path != "format" && r.path != "id"));
        // Form order: housing before members.
        let pos = |p: &str| rows.iter().position(|r| r.path == p).expect(p);
        assert!(pos("housing.roof") < pos("members[0].name"));
        assert!(pos("members[0].name") < pos("members[1].name"));
    }

    #[test]
    fn the_class_is_a_record_field_and_a_missing_version_part_is_absent() {
        let rows = compare(&[
            Edit {
                status: Some("completed".into()),
                class: Some("poor".into()),
                answers: None,
            },
            Edit {
                status: Some("completed".into()),
                class: None,
                answers: Some(json!({"notes": "x"})),
            },
        ]);
        let paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["status", "class", "notes"]);
        assert_eq!(rows[1].display.as_deref(), Some("key:class."));
        assert_eq!(rows[1].values, vec![Some(vec!["poor".to_string()]), None]);
        assert!(!rows[0].differs);
        assert!(rows[2].differs);
        assert_eq!(rows[2].label_key.as_deref(), Some("f.notes"));
    }
}
