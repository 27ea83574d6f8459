//! What a new batch of households needs to know of the codes already held: the highest number
//! each code prefix (commune and village, `00721-02-`) has reached, so codes given next continue
//! after it instead of repeating one, and the code a household already holds.

use std::collections::BTreeMap;

use rusqlite::OptionalExtension;

use crate::error::Result;
use crate::Store;

/// A code split into its prefix and trailing number: `00721-02-000017` → (`00721-02-`, 17).
pub fn split_code(code: &str) -> Option<(&str, u64)> {
    let digits = code.len() - code.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let (prefix, number) = code.split_at(code.len() - digits);
    Some((prefix, number.parse().ok()?))
}

impl Store {
    /// The highest trailing number of the household codes held, by prefix.
    pub fn highest_code_numbers(&self) -> Result<BTreeMap<String, u64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT code FROM household WHERE code <> ''")?;
        let codes = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut highest: BTreeMap<String, u64> = BTreeMap::new();
        for code in codes {
            let code = code?;
            if let Some((prefix, n)) = split_code(&code) {
                let slot = highest.entry(prefix.to_string()).or_default();
                *slot = (*slot).max(n);
            }
        }
        Ok(highest)
    }

    /// The code of the household `id` holds, if the store holds it.
    pub fn household_code(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT code FROM household WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }
}
