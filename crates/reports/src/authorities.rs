//! The authorities a round's pages name: who recognises the lists and issues the certificates,
//! and who is consulted before (QĐ 24/2021 Art. 4 steps 5–6), as the round's settings say,
//! each named by the unit the household's commune belonged to on its survey day ("Chủ tịch
//! UBND xã Lũng Cú", "Chủ tịch UBND tỉnh Tuyên Quang").

use std::collections::HashMap;

use rasoat_domain::procedure::{chairman_of, procedure, Consulted, Procedure};
use rasoat_store::{AdminUnit, Store};

use crate::error::Result;

/// The authorities of one round, with the units already looked up.
pub(crate) struct Authorities<'s> {
    store: &'s Store,
    pub(crate) procedure: Procedure,
    units: Option<Vec<AdminUnit>>,
    named: HashMap<(String, String), Option<String>>,
}

impl<'s> Authorities<'s> {
    pub(crate) fn of_round(store: &'s Store, round_id: &str) -> Result<Self> {
        let round = store.round(round_id)?;
        let settings = store.round_settings(round_id)?;
        Ok(Authorities {
            store,
            procedure: procedure(&settings.procedure, round.year, round.month),
            units: None,
            named: HashMap::new(),
        })
    }

    /// "Chủ tịch UBND xã …" of a commune already named.
    pub(crate) fn recogniser(&self, commune_name: &str) -> String {
        chairman_of(Some(commune_name), self.procedure.recognised_by.label_vi())
    }

    /// "Chủ tịch UBND tỉnh …" (or "huyện …") above the commune on `day`, or `None` when the
    /// round consults no one. Without the unit in the reference list, the level's words.
    pub(crate) fn consulted(&mut self, commune: &str, day: &str) -> Result<Option<String>> {
        let level = match self.procedure.consulted {
            Consulted::None => return Ok(None),
            Consulted::DistrictChairman => "district",
            Consulted::ProvinceChairman => "province",
        };
        let key = (commune.to_string(), day.get(..7).unwrap_or(day).to_string());
        if let Some(name) = self.named.get(&key) {
            return Ok(name.clone());
        }
        if self.units.is_none() {
            self.units = Some(self.store.units()?);
        }
        let units = self.units.as_deref().unwrap_or_default();
        let on = |code: &str| {
            units.iter().find(|u| {
                u.code == code
                    && u.valid_from.as_str() <= day
                    && u.valid_to.as_deref().is_none_or(|to| day <= to)
            })
        };
        // Up from the commune, at most through a district to a province.
        let mut unit = on(commune);
        for _ in 0..3 {
            match unit {
                Some(u) if u.level == level => break,
                Some(u) => unit = u.parent_code.as_deref().and_then(on),
                None => break,
            }
        }
        let name = unit.filter(|u| u.level == level).map(|u| u.name.as_str());
        let named = Some(chairman_of(name, self.procedure.consulted.label_vi()));
        self.named.insert(key, named.clone());
        Ok(named)
    }
}
