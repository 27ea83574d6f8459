//! The households a transition round's opening list prints (its posting lists and
//! certificates): each finished form classified from its answers under the opening standard the
//! installation holds (`round::classify_opening`, the round's settings), its state on the
//! opening track deciding whether it may be printed. Derived when asked, like the opening tally,
//! so a standards file loaded later changes it at once.

use rasoat_domain::opening_review::{opening_standard, OpeningState};
use rasoat_domain::round::{classify_opening, status_year};
use rasoat_domain::standard::Standard;
use rasoat_domain::workflow::{ReviewState, TransitionError};
use rusqlite::params;

use crate::error::{Result, StoreError};
use crate::report_lists::PoorOrNearPoor;
use crate::rounds::RoundKind;
use crate::Store;

impl Store {
    /// The standard of a round's opening list as this installation holds it, with the year it
    /// opens; refused when the round is not a transition round.
    pub fn opening_list_standard(&self, round_id: &str) -> Result<(Standard, i32)> {
        let round = self.round(round_id)?;
        let standards = self.standards()?;
        opening_standard(
            &standards,
            round.year,
            round.kind == RoundKind::Periodic,
            &round.standard_id,
        )
        .map(|s| (s.clone(), status_year(round.year)))
        .ok_or(StoreError::Transition(
            TransitionError::NotTransitionRound { year: round.year },
        ))
    }

    /// Calls `each` with every household of a transition round whose opening class is poor or
    /// near-poor and whose state on the opening list is `allowed`, in commune, village, class
    /// and name order, `class`, the scores and the decision being the opening list's; returns
    /// how many such households were held back (not `allowed`). Refused when the round has no
    /// opening list.
    pub fn for_each_opening_poor_or_near_poor<E: From<StoreError>>(
        &self,
        round_id: &str,
        commune: Option<&str>,
        allowed: impl Fn(OpeningState) -> bool,
        mut each: impl FnMut(PoorOrNearPoor) -> Result<(), E>,
    ) -> Result<u64, E> {
        let round = self.round(round_id)?;
        let (standard, year) = self.opening_list_standard(round_id)?;
        let settings = self.round_settings(round_id)?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT r.household_id, h.code, h.head_name, r.commune_code, r.village,
                        r.answers_hash, COALESCE(r.surveyed_on, ?3), r.status,
                        o.status, o.answers_hash, o.decision_number, o.decided_on
                 FROM survey_record r JOIN household h ON h.id = r.household_id
                 LEFT JOIN opening_review o
                        ON o.household_id = r.household_id AND o.round_id = r.round_id
                 WHERE r.round_id = ?1 AND r.answers_hash IS NOT NULL
                   AND (?2 IS NULL OR r.commune_code = ?2)
                 ORDER BY r.commune_code, r.village, h.search_key",
            )
            .map_err(StoreError::from)?;
        let mut rows = stmt
            .query(params![round_id, commune, crate::report::round_day(&round)])
            .map_err(StoreError::from)?;
        // The opening class is known only once classified: a village's rows are gathered and
        // put in class order (poor first) before they are given, as the closing list orders
        // them.
        let mut village: Vec<PoorOrNearPoor> = Vec::new();
        let mut held_back = 0;
        let flush = |village: &mut Vec<PoorOrNearPoor>,
                     each: &mut dyn FnMut(PoorOrNearPoor) -> Result<(), E>|
         -> Result<(), E> {
            village.sort_by(|a, b| b.class.cmp(&a.class));
            for h in village.drain(..) {
                each(h)?;
            }
            Ok(())
        };
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let form: String = r.get(7).map_err(StoreError::from)?;
            if !ReviewState::parse(&form).is_some_and(ReviewState::is_reviewed) {
                continue;
            }
            let hash: String = r.get(5).map_err(StoreError::from)?;
            let household = self.answers(&hash)?;
            let opening = classify_opening(&household, &standard, year, round.method, &settings);
            let Some(classification) = opening.classification else {
                continue;
            };
            let class = classification.class.as_str();
            if !matches!(class, "poor" | "near_poor") {
                continue;
            }
            let met_on: Option<String> = r.get(9).map_err(StoreError::from)?;
            let state = match r.get::<_, Option<String>>(8).map_err(StoreError::from)? {
                Some(word) if met_on.as_deref() == Some(hash.as_str()) => {
                    // A state this version does not know is never taken for a later one.
                    OpeningState::parse(&word).unwrap_or(OpeningState::NotMet)
                }
                _ => OpeningState::NotMet,
            };
            if !allowed(state) {
                held_back += 1;
                continue;
            }
            let commune_code: String = r.get(3).map_err(StoreError::from)?;
            let village_name: String = r.get(4).map_err(StoreError::from)?;
            let same = village
                .last()
                .is_some_and(|v| v.commune == commune_code && v.village == village_name);
            if !same {
                flush(&mut village, &mut each)?;
            }
            village.push(PoorOrNearPoor {
                household_id: r.get(0).map_err(StoreError::from)?,
                code: r.get(1).map_err(StoreError::from)?,
                head: r.get(2).map_err(StoreError::from)?,
                commune: commune_code,
                village: village_name,
                class: class.to_string(),
                score_a: classification.score_a.map(|a| i64::from(a.total)),
                score_b: classification.score_b.map(i64::from),
                answers: Some(household),
                surveyed_on: r.get(6).map_err(StoreError::from)?,
                decision_number: r.get(10).map_err(StoreError::from)?,
                decided_on: r.get(11).map_err(StoreError::from)?,
            });
        }
        flush(&mut village, &mut each)?;
        Ok(held_back)
    }
}
