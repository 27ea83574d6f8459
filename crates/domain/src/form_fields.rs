//! The form's fields in Phiếu B1's order, with the UI's wording key and option group of each:
//! the one ordered list of what a household.v1 document holds, kept here so that every screen
//! and report that walks the form field by field (the conflicts screen's comparison first)
//! walks it in the order and wording of the paper form.
//!
//! Paths are household.v1's JSON paths (`housing.roof`); a member's and an income source's
//! paths are relative to the member or the source. Labels are translation keys of the UI
//! (`ui/src/lib/i18n.ts`), which holds the words themselves in Vietnamese and English.

/// How a field's values are put into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    /// As written (numbers, names, free text).
    AsWritten,
    /// The form's option words of this group (`roof` → the roof materials).
    Options(&'static str),
    /// A translation key: this prefix followed by the value (`status.` + `draft`).
    Keys(&'static str),
}

impl Words {
    /// The UI's display hint: `opt:<group>`, `key:<prefix>`, or `None` (as written).
    pub fn hint(self) -> Option<String> {
        match self {
            Words::AsWritten => None,
            Words::Options(group) => Some(format!("opt:{group}")),
            Words::Keys(prefix) => Some(format!("key:{prefix}")),
        }
    }
}

/// One field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormField {
    /// Where it is in household.v1 (relative to the member or source for those tables).
    pub path: &'static str,
    /// The UI's translation key of the form's wording.
    pub label: &'static str,
    pub words: Words,
}

const fn plain(path: &'static str, label: &'static str) -> FormField {
    FormField {
        path,
        label,
        words: Words::AsWritten,
    }
}

const fn options(path: &'static str, label: &'static str, group: &'static str) -> FormField {
    FormField {
        path,
        label,
        words: Words::Options(group),
    }
}

/// The review record's own fields, shown before the answers: its review state and the class
/// it carries.
pub const RECORD: &[FormField] = &[
    FormField {
        path: "status",
        label: "list.status",
        words: Words::Keys("status."),
    },
    FormField {
        path: "class",
        label: "list.class",
        words: Words::Keys("class."),
    },
];

/// The household's fields in the order of Phiếu B1: the header, then part A items I–XIV.
pub const HOUSEHOLD: &[FormField] = &[
    plain("code", "f.code"),
    plain("location.village", "f.village"),
    options("area", "f.area", "area"),
    plain("surveyed_on", "f.surveyed_on"),
    plain("address", "f.address"),
    plain("phone", "f.phone"),
    options("previous_class", "f.previous_class", "previous_class"),
    options("housing.column", "f.column", "column"),
    options("housing.roof", "f.roof", "roof"),
    options("housing.wall", "f.wall", "wall"),
    plain("housing.floor_area_m2", "f.floor_area"),
    plain("housing.loft_area_m2", "f.loft_area"),
    options("latrine", "f.latrine", "latrine"),
    options("electricity.source", "f.power", "power"),
    plain("electricity.kwh_per_month", "f.kwh"),
    options("water", "f.water", "water"),
    plain("assets.car", "asset.car"),
    plain("assets.motorbike", "asset.motorbike"),
    plain("assets.motor_boat", "asset.motor_boat"),
    plain("assets.generator", "asset.generator"),
    plain("assets.printer_fax", "asset.printer_fax"),
    plain("assets.color_tv", "asset.color_tv"),
    plain("assets.sound_system", "asset.sound_system"),
    plain("assets.desktop_computer", "asset.desktop_computer"),
    plain("assets.laptop", "asset.laptop"),
    plain("assets.tablet", "asset.tablet"),
    plain("assets.fridge", "asset.fridge"),
    plain("assets.air_conditioner", "asset.air_conditioner"),
    plain("assets.washing_machine", "asset.washing_machine"),
    plain("assets.water_heater", "asset.water_heater"),
    plain("assets.microwave_oven", "asset.microwave_oven"),
    plain("assets.landline_phone", "asset.landline_phone"),
    plain("assets.mobile_phone", "asset.mobile_phone"),
    plain("assets.smartphone", "asset.smartphone"),
    plain("assets.radio", "asset.radio"),
    plain("land.garden_pond", "f.garden_pond"),
    plain("land.annual_crops", "f.annual_crops"),
    plain("land.perennial_crops", "f.perennial_crops"),
    plain("land.water_surface", "f.water_surface"),
    plain("land.forest", "f.forest"),
    plain("livestock.buffalo_cattle_horse", "f.buffalo"),
    plain("livestock.pig_goat_sheep", "f.pigs"),
    plain("livestock.poultry", "f.poultry"),
    plain("livestock.other", "f.other_livestock"),
    plain("aquaculture", "f.aquaculture"),
    options("hardship_causes", "f.hardship", "hardship"),
    options("support.received", "f.support_received", "policy"),
    options("support.needed", "f.support_needed", "policy"),
    plain("income.production_costs", "inc.costs"),
    plain("income.social_allowances", "inc.allowances"),
    options("waste", "f.waste", "waste"),
    plain("hears_loudspeaker", "f.loudspeaker"),
    plain("notes", "f.notes"),
];

/// A member's fields in the order of Phiếu B1 part B (columns 2–19).
pub const MEMBER: &[FormField] = &[
    plain("name", "m.name"),
    options("relation", "m.relation", "relation"),
    plain("birth", "m.birth"),
    plain("id_number", "m.id_number"),
    plain("ethnicity", "m.ethnicity"),
    options("sex", "m.sex", "sex"),
    plain("height_cm", "m.height"),
    plain("weight_kg", "m.weight"),
    plain("in_school", "m.in_school"),
    options("school_level", "m.school_level", "school_level"),
    options("education", "m.education", "education"),
    options("training", "m.training", "training"),
    options("health_insurance", "m.health_insurance", "health_insurance"),
    plain("state_budget_group_no_card", "m.state_budget_group"),
    plain("internet", "m.internet"),
    options("social_allowance", "m.social_allowance", "social_allowance"),
    plain("disabled", "m.disabled"),
    options("employment", "m.employment", "employment"),
    options("job_kind", "m.job_kind", "job_kind"),
    options("wage_job", "m.wage_job", "wage_job"),
    plain("non_farm_work", "m.non_farm"),
    options("pension", "m.pension", "pension"),
    plain("serious_illness", "m.serious_illness"),
    plain("sick_without_care", "m.sick_without_care"),
    options("works_away", "m.works_away", "works_away"),
];

/// The list under `income.sources` holds rows of these (one row per source on the form).
pub const INCOME_SOURCES: &str = "income.sources";

/// An income source's fields.
pub const INCOME_SOURCE: &[FormField] = &[
    options("kind", "inc.kind", "income_kind"),
    plain("amount", "inc.amount"),
    plain("note", "inc.note"),
];

/// A field's place in `table` and the field, by path.
pub fn find(table: &'static [FormField], path: &str) -> Option<(usize, &'static FormField)> {
    table.iter().enumerate().find(|(_, f)| f.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_path_is_listed_once() {
        for table in [RECORD, HOUSEHOLD, MEMBER, INCOME_SOURCE] {
            let paths: BTreeSet<&str> = table.iter().map(|f| f.path).collect();
            assert_eq!(paths.len(), table.len());
        }
    }

    #[test]
    fn the_fields_are_household_v1_fields() {
        // A household as the form fills it: every answer the table lists that the baseline
        // has must be found at the table's path, so a renamed field cannot leave the list.
        let household = crate::testkit::baseline();
        let json = serde_json::to_value(&household).expect("a household serialises");
        let at = |value: &serde_json::Value, path: &str| {
            path.split('.')
                .try_fold(value.clone(), |v, key| v.get(key).cloned())
        };
        for path in [
            "code",
            "area",
            "housing.roof",
            "latrine",
            "water",
            "electricity.source",
        ] {
            let (_, field) = find(HOUSEHOLD, path).expect(path);
            assert!(at(&json, field.path).is_some(), "{path}");
        }
        let member = &json["members"][0];
        for field in MEMBER
            .iter()
            .filter(|f| ["name", "relation", "sex"].contains(&f.path))
        {
            assert!(at(member, field.path).is_some(), "{}", field.path);
        }
        let top: BTreeSet<&str> = HOUSEHOLD
            .iter()
            .map(|f| f.path.split('.').next().unwrap_or(f.path))
            .collect();
        for key in json.as_object().expect("an object").keys() {
            // Identity, the members (their own table) and Phiếu A (its own form) aside.
            let known = top.contains(key.as_str())
                || ["format", "id", "members", "phieu_a"].contains(&key.as_str());
            assert!(
                known,
                "{key} is a household.v1 field the form list does not have"
            );
        }
    }
}
