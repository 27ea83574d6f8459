//! Inputs the fuzz targets (`fuzz/`) found, kept as regression tests: each must now be
//! refused with an error, never accepted and never a panic.

use rasoat_domain::{from_json, to_json, ReadError};

const SMALLEST: &str = r#"{
  "format": "household.v1",
  "id": "01900000-0000-7000-8000-000000010000",
  "code": "00721-001",
  "location": { "province": "02", "commune": "00721", "village": "Thôn Mẫu" },
  "area": "rural",
  "surveyed_on": "2024-10-15",
  "members": [
    { "id": "01900000-0000-7000-8000-000000010001", "name": "Người Thử", "relation": "head",
      "birth": "1980", "ethnicity": "08", "sex": "male", "employment": "working" }
  ],
  "housing": { "column": "other", "roof": "other", "wall": "other", "floor_area_m2": 20 },
  "latrine": "none",
  "electricity": { "source": "grid", "kwh_per_month": 20 },
  "water": "unprotected_spring"
}
"#;

/// Found by `household_v1` after 12.9 million runs: a `household.v0` document followed by more
/// text was accepted (the tag check only ran on texts that are one JSON value, and the reader
/// ignored what followed the document), so `to_json` wrote a file `from_json` refused.
#[test]
fn a_wrong_tag_followed_by_trailing_text_is_refused() {
    let text = include_str!("fuzz-regressions/household_v1-wrong-tag-with-trailing-text.json");
    assert!(matches!(
        from_json(text),
        Err(ReadError::Syntax { .. } | ReadError::Format { .. })
    ));

    let v0 = SMALLEST.replace("household.v1", "household.v0");
    let with_tail = format!("{v0}\n    \"commune\": \"34569\"\n");
    assert!(from_json(&with_tail).is_err());
}

#[test]
fn trailing_text_after_a_good_document_is_refused_but_trailing_whitespace_is_not() {
    assert!(from_json(SMALLEST).is_ok());
    assert!(from_json(&format!("{SMALLEST}\n\n  \t")).is_ok());
    for tail in ["}", "{}", "x", SMALLEST] {
        let text = format!("{SMALLEST}{tail}");
        assert!(
            matches!(from_json(&text), Err(ReadError::Syntax { .. })),
            "trailing {tail:?} accepted"
        );
    }
}

#[test]
fn whatever_is_read_is_written_back_readable() {
    let household = from_json(SMALLEST).expect("the smallest household reads");
    assert_eq!(from_json(&to_json(&household)), Ok(household));
}
