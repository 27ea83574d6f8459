//! Blank forms: a new household of this commune, or one started from an imported list. The
//! enumerator fills the rest; blank answers stay blank (never a made-up default that could be
//! saved without being asked).

use rasoat_domain::*;
use rasoat_store::households::SurveyRecord;
use rasoat_store::{new_id, Store};
use serde_json::{json, Value};

use crate::error::CommandResult;

/// The province of a commune on `day` (the unit's parent, or its district's parent).
pub fn province_of(store: &Store, commune: &str) -> CommandResult<String> {
    let units = store.units()?;
    // Prefer the unit version valid today; fall back to any version of the code.
    let unit = units
        .iter()
        .filter(|u| u.code == commune)
        .max_by(|a, b| a.valid_from.cmp(&b.valid_from));
    let mut parent = unit.and_then(|u| u.parent_code.clone());
    for _ in 0..3 {
        let Some(code) = parent.clone() else { break };
        match units.iter().find(|u| u.code == code) {
            Some(u) if u.level == "province" => return Ok(u.code.clone()),
            Some(u) => parent = u.parent_code.clone(),
            None => break,
        }
    }
    Ok(parent.unwrap_or_default())
}

fn head(now: i64, name: &str) -> Value {
    json!({
        "id": new_id(now).to_string(),
        "name": name,
        // The roster's first line is the head by the form's own layout; every answer about
        // the person starts unanswered (`null` where household.v1 would default it).
        "relation": "head",
        "education": null,
        "training": null,
        "health_insurance": null,
        "internet": null,
        "in_school": null,
        "social_allowance": null,
        "disabled": null,
        "serious_illness": null,
        "sick_without_care": null,
        "non_farm_work": null,
        "pension": null,
    })
}

/// A new household: one head member to start the roster.
pub fn blank(now: i64, today: Date, province: &str, commune: &str) -> Value {
    json!({
        "format": HOUSEHOLD_V1,
        "id": new_id(now).to_string(),
        "code": "",
        "location": { "province": province, "commune": commune, "village": "" },
        // "Khu vực" is the cadre's answer: whether a former town is urban after 2025 is not
        // settled, so no area is assumed.
        "surveyed_on": today.to_string(),
        "members": [head(now + 1, "")],
        // Housing, latrine, power, its kWh and water start unanswered: absent until the
        // enumerator asks (an empty kWh box, never a 0 nobody typed). Item IX's counts are
        // `null` (a count left out would read as 0), as are items X–XII.
        "housing": {},
        "electricity": {},
        "assets": Assets::unanswered(),
        "land": Land::unanswered(),
        "livestock": Livestock::unanswered(),
        "aquaculture": null,
    })
}

/// A household that so far exists only as a line of the imported list.
pub fn from_listing(now: i64, today: Date, record: &SurveyRecord) -> Value {
    let mut v = blank(now, today, &record.province, &record.commune_code);
    v["id"] = json!(record.household_id);
    v["code"] = json!(record.code);
    v["location"]["village"] = json!(record.village);
    v["members"] = json!([head(now + 1, &record.head_name)]);
    v
}
