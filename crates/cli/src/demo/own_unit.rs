//! The communes an installation's demo households live in: its own unit's only, so the
//! installation and the office above it accept every one (no `wrong_unit`). Đồng Văn's
//! communes keep the demo's calibrated shape; any other unit's come from the unit lists the
//! installation loaded (`rasoat units load`), each commune placed in its own province, so score A
//! uses that province's region.

use anyhow::bail;
use rasoat_demo::DemoCommune;
use rasoat_domain::authorisation::{covers, Office, Scope, UnitTree};
use rasoat_domain::score_a::MERGER_DAY;
use rasoat_store::{AdminUnit, Installation, Store};

/// A commune version, as a demo household carries it.
#[derive(Debug, Clone)]
struct Side {
    province: String,
    code: String,
    name: String,
    town: bool,
}

/// The communes of `installation`'s own unit for a demo of `years`: for a commune or an
/// enumerator its commune (and, across the 2025 reorganisation, the communes it came from or
/// became); for a district or province office every commune the authorisation rule says it
/// holds in each year asked. Đồng Văn's calibrated communes when the unit holds some of them,
/// else the communes of the installation's loaded unit lists.
pub fn communes(
    store: &Store,
    installation: &Installation,
    years: &[i32],
) -> anyhow::Result<Vec<DemoCommune>> {
    let unit = installation.unit_code.as_str();
    let tree = store.unit_tree()?;
    let office = installation.role.is_office();
    // An office holds what the authorisation rule says, in every year asked; a commune or an
    // enumerator the communes named by its own code before or after the reorganisation.
    let ours = |carried: &[&str], both: [&str; 2]| match Office::parse(installation.role.as_str()) {
        Some(o) if office => {
            let scope = Scope::new(o, [unit]);
            carried.iter().all(|code| covers(&scope, &tree, code))
        }
        _ => both.contains(&unit),
    };
    let dong_van: Vec<DemoCommune> = match office {
        true => DemoCommune::dong_van()
            .into_iter()
            .filter(|c| {
                let carried: Vec<&str> = years.iter().map(|&y| c.codes_in(y).1).collect();
                ours(&carried, [&c.code, &c.successor_code])
            })
            .collect(),
        false => rasoat_demo::communes_of(unit),
    };
    if !dong_van.is_empty() {
        return Ok(dong_van);
    }
    let before = years
        .iter()
        .any(|&y| y < rasoat_demo::FIRST_YEAR_OF_NEW_UNITS);
    let after = years
        .iter()
        .any(|&y| y >= rasoat_demo::FIRST_YEAR_OF_NEW_UNITS);
    let all = pairs(store, &tree, installation, before, after)?;
    let has_old = all.iter().any(|(old, _)| old.is_some());
    let has_new = all.iter().any(|(_, new)| new.is_some());
    let loaded = all
        .into_iter()
        .filter_map(|(old, new)| {
            // A year the demo makes needs the commune of that year.
            if (before && old.is_none()) || (after && new.is_none()) {
                return None;
            }
            let old = old.or_else(|| new.clone())?;
            let new = new.unwrap_or_else(|| old.clone());
            let mut codes = Vec::new();
            if before {
                codes.push(old.code.as_str());
            }
            if after {
                codes.push(new.code.as_str());
            }
            ours(&codes, [&old.code, &new.code]).then(|| demo_commune(&old, &new))
        })
        .collect::<Vec<_>>();
    if loaded.is_empty() {
        // Names the time the lists lack.
        let (when, when_en) = if before && !has_old {
            ("trước 01/07/2025", "before 1 July 2025")
        } else if after && !has_new {
            ("từ 01/07/2025", "from 1 July 2025")
        } else if before && after {
            (
                "có cả trước và sau 01/07/2025",
                "known both before and after 1 July 2025",
            )
        } else {
            ("cho các năm đã chọn", "for the years asked")
        };
        bail!(
            "đơn vị {unit} của máy này chưa có xã, phường nào {when} trong danh mục đơn vị hành chính của máy; nạp danh mục của Cục Thống kê bằng `rasoat units load` rồi chạy lại / this installation's unit {unit} has no commune {when_en} among the administrative units it holds; load the statistics office's list with `rasoat units load`, then run again"
        );
    }
    Ok(loaded)
}

/// Each commune before the reorganisation with the commune it became (itself when it went on
/// unchanged), and each new commune none of those became; `None` where the installation's
/// lists do not say.
fn pairs(
    store: &Store,
    tree: &UnitTree,
    installation: &Installation,
    before: bool,
    after: bool,
) -> anyhow::Result<Vec<(Option<Side>, Option<Side>)>> {
    let units = store.units()?;
    let side = |u: &AdminUnit| -> Option<Side> {
        Some(Side {
            province: province_of(&units, u)?,
            code: u.code.clone(),
            name: u.name.clone(),
            town: is_town(&u.kind),
        })
    };
    let scope = Office::parse(installation.role.as_str())
        .map(|o| Scope::new(o, [installation.unit_code.as_str()]));
    // Only the communes the rule lets this installation hold are followed to their successors.
    let near = |code: &str| scope.as_ref().is_some_and(|s| covers(s, tree, code));
    // Unit days are `YYYY-MM-DD` text, which orders as the days do.
    let merger_day = MERGER_DAY.to_string();
    let merger_day = merger_day.as_str();
    let mut out = Vec::new();
    let mut successors_paired = Vec::new();
    for u in units
        .iter()
        .filter(|u| u.level == "commune" && near(&u.code))
    {
        if u.valid_from.as_str() < merger_day {
            let old = side(u);
            let unchanged = u.valid_to.as_deref().is_none_or(|to| to >= merger_day);
            let new = match (unchanged, after) {
                (true, _) => old.clone(),
                (false, false) => None,
                (false, true) => store
                    .successors(&u.code, &u.valid_from)?
                    .iter()
                    .find(|s| s.level == "commune" && s.valid_from.as_str() >= merger_day)
                    .and_then(side),
            };
            if let Some(new) = &new {
                successors_paired.push(new.code.clone());
            }
            out.push((old, new));
        } else if !before {
            out.push((None, side(u)));
        }
    }
    // A new commune some paired commune became already has its households.
    out.retain(|(old, new)| {
        old.is_some()
            || new
                .as_ref()
                .is_some_and(|n| !successors_paired.contains(&n.code))
    });
    Ok(out)
}

/// The province a unit version lies in, through its parents.
fn province_of(units: &[AdminUnit], unit: &AdminUnit) -> Option<String> {
    let mut at = unit;
    for _ in 0..4 {
        if at.level == "province" {
            return Some(at.code.clone());
        }
        let parent = at.parent_code.as_deref()?;
        // The parent's version valid when this one began (a code may have several versions).
        let day = at.valid_from.as_str();
        at = units
            .iter()
            .find(|p| {
                p.code == parent
                    && p.valid_from.as_str() <= day
                    && p.valid_to.as_deref().is_none_or(|to| day <= to)
            })
            .or_else(|| units.iter().find(|p| p.code == parent))?;
    }
    None
}

/// A ward (phường) or a township (thị trấn): its households are urban.
fn is_town(kind: &str) -> bool {
    let kind = kind.trim().to_lowercase();
    kind.starts_with("phường") || kind.starts_with("thị trấn")
}

fn demo_commune(old: &Side, new: &Side) -> DemoCommune {
    DemoCommune {
        province: old.province.clone(),
        successor_province: new.province.clone(),
        code: old.code.clone(),
        name: old.name.clone(),
        successor_code: new.code.clone(),
        successor_name: new.name.clone(),
        town: old.town,
        successor_town: new.town,
        weight: 1,
        wealth_shift: 0.0,
        villages: 6,
    }
}
