//! The review steps a batch carries, judged by the office of the installation that took them
//! (`rasoat_domain::review_steps`): a survey entry's step runs from the content it builds on
//! (its parent) to the content it carries, and an opening-list step is the commune's only.
//!
//! The parent is the same record's content (the same household, a round of the same review:
//! every installation keeps its own copy of a round, joined by year, kind and month), held by
//! this store or carried by another entry of the batch whose own chain of parents ends in
//! content held here, in no parent at all, or in content neither holds; an entry naming itself,
//! or entries naming each other, ground in nothing and are refused. Whatever order honest entries arrive
//! in, the parent is there: a batch file carries every entry its recipient has not
//! acknowledged, and a pull page adds the content its entries build on (`export.rs`). A parent
//! neither held nor carried is judged as a record its office started, from a draft; the one
//! exception is a record a district or province transferred to a commune that never held it,
//! which arrives as that office held it.

use serde_json::Value;
use std::cell::RefCell;

use rasoat_domain::authorisation::Office;
use rasoat_domain::authorisation::Scope;
use rasoat_domain::opening_review::OpeningState;
use rasoat_domain::review_steps::{
    kept_content, may_take_opening_step, may_take_step, KeptContent, StepNotAllowed,
};
use rasoat_domain::workflow::ReviewState;
use rasoat_store::step_states::RoundReview;

use super::transfers::Moves;
use super::*;
use crate::error::{HouseholdAt, StepTaken};

#[derive(Deserialize)]
struct SurveyContent {
    record: SurveyRecord,
}

#[derive(Deserialize)]
struct SurveyRecord {
    household_id: String,
    round_id: String,
    status: ReviewState,
    #[serde(default)]
    answers_hash: Option<String>,
    #[serde(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct OpeningStep {
    record: OpeningStepRecord,
}

#[derive(Deserialize)]
struct OpeningStepRecord {
    status: String,
}

/// What a step is judged by in a record's content: its state, its answers, and the rest but its
/// household and round (the class, the head's name, the review's words).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Built {
    status: ReviewState,
    answers_hash: Option<String>,
    rest: serde_json::Map<String, serde_json::Value>,
}

impl Built {
    /// Whether `self`, built on `from` by `office`, changes only what `office` may change there.
    fn keeps(&self, office: Office, from: &Built) -> bool {
        match kept_content(office, from.status) {
            KeptContent::Free => true,
            KeptContent::Copied => {
                self.status == from.status
                    && self.answers_hash == from.answers_hash
                    && same_fields(&self.rest, &from.rest)
            }
            KeptContent::Decided => ["result", "review", "head_name"].iter().all(|field| {
                same_value(
                    self.rest.get(*field).unwrap_or(&Value::Null),
                    from.rest.get(*field).unwrap_or(&Value::Null),
                )
            }),
        }
    }
}

/// Two records' fields alike, a field left out the same as one written `null`: apps of
/// different versions write an unset field either way, and refusing an honest copy for it would
/// stop that installation's sync.
fn same_fields(a: &serde_json::Map<String, Value>, b: &serde_json::Map<String, Value>) -> bool {
    a.keys().chain(b.keys()).all(|key| {
        same_value(
            a.get(key).unwrap_or(&Value::Null),
            b.get(key).unwrap_or(&Value::Null),
        )
    })
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => same_fields(a, b),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_value(x, y))
        }
        _ => a == b,
    }
}

/// A record's content: the household, the review its round stands for (every installation
/// keeps its own copy of a round, so a record's entries name different round ids) and the
/// content hash.
type ContentKey = (String, RoundReview, String);

/// The survey content a batch carries, and which of it is grounded.
pub(super) struct Steps {
    /// The rounds the batch opens, by id: a record's round may arrive with it.
    rounds: BTreeMap<String, RoundReview>,
    /// The state and answers of each content carried.
    carried: BTreeMap<ContentKey, Built>,
    /// Content carried by an entry whose chain of parents ends outside the batch.
    grounded: BTreeSet<ContentKey>,
    /// What this store holds of each content asked for, read once per batch.
    held: RefCell<BTreeMap<ContentKey, Option<Built>>>,
    /// The review each round id asked for stands for here, read once per batch.
    reviews: RefCell<BTreeMap<String, Option<RoundReview>>>,
    /// Whether this store holds any survey entry of each household asked for: a household new
    /// here (most of a commune's first batch at the district) has no content to look up.
    households: RefCell<BTreeMap<String, bool>>,
    /// Each survey entry read, by origin and seq: its payload is parsed once per batch.
    reads: BTreeMap<(String, i64), Read>,
}

/// Where an entry's parent was found.
enum Parent {
    /// The entry builds on nothing: a record started by its origin.
    None,
    /// Held here, or carried and grounded.
    Found(Built),
    /// Neither held nor carried.
    Missing,
}

/// A survey entry as the judge reads it.
#[derive(Clone)]
struct Read {
    household_id: String,
    review: Option<RoundReview>,
    built: Built,
}

impl Steps {
    /// Reads the survey content `verified` carries and finds which of it is grounded: content
    /// carried by an entry building on nothing, on content this store holds, on content neither
    /// holds nor the batch carries, or on grounded content. Repeated until nothing changes, so
    /// the order entries come in never matters; content reached only through a cycle stays
    /// ungrounded.
    pub(super) fn of(store: &Store, verified: &VerifiedBatch) -> Result<Steps> {
        let mut steps = Steps {
            rounds: BTreeMap::new(),
            carried: BTreeMap::new(),
            grounded: BTreeSet::new(),
            held: RefCell::new(BTreeMap::new()),
            reviews: RefCell::new(BTreeMap::new()),
            households: RefCell::new(BTreeMap::new()),
            reads: BTreeMap::new(),
        };
        for signed in &verified.entries {
            let entry = &signed.entry;
            if entry.entity == "round" && entry.operation == "create" {
                if let Ok(round) = serde_json::from_str::<RoundCreated>(&entry.payload) {
                    steps.rounds.insert(
                        round.id,
                        RoundReview {
                            year: round.year,
                            kind: round.kind,
                            month: round.month,
                        },
                    );
                }
            }
        }
        let mut survey: Vec<(&JournalEntry, ContentKey)> = Vec::new();
        for signed in &verified.entries {
            let entry = &signed.entry;
            if entry.entity != "survey" {
                continue;
            }
            let read = steps.read(store, entry)?;
            steps
                .reads
                .insert((entry.origin.clone(), entry.seq), read.clone());
            // A record whose round is known nowhere cannot be applied; its entries are judged
            // as building on nothing held.
            let Some(review) = read.review else { continue };
            let key = (read.household_id, review, entry.content_hash.clone());
            steps.carried.insert(key.clone(), read.built);
            survey.push((entry, key));
        }
        let mut waiting: Vec<(&JournalEntry, ContentKey, ContentKey)> = Vec::new();
        for (entry, key) in survey {
            let Some(parent) = entry.parent_hash.as_deref() else {
                steps.grounded.insert(key);
                continue;
            };
            let parent_key = (key.0.clone(), key.1.clone(), parent.to_string());
            if steps.held(store, &parent_key)?.is_some() || !steps.carried.contains_key(&parent_key)
            {
                steps.grounded.insert(key);
            } else {
                waiting.push((entry, key, parent_key));
            }
        }
        loop {
            let before = waiting.len();
            let grounded = &mut steps.grounded;
            waiting.retain(|(_, key, parent_key)| {
                if grounded.contains(parent_key) {
                    grounded.insert(key.clone());
                    false
                } else {
                    true
                }
            });
            if waiting.len() == before {
                break;
            }
        }
        Ok(steps)
    }

    /// Whether `entry`'s origin, acting as `scope`, may have taken the step `entry` carries
    /// about the household at `at`.
    pub(super) fn judge(
        &self,
        store: &Store,
        entry: &JournalEntry,
        scope: &Scope,
        at: HouseholdAt,
        moves: &Moves,
    ) -> Result<()> {
        let refused = |step: StepTaken| BatchError::ReviewStepNotAllowed {
            origin: entry.origin.clone(),
            seq: entry.seq,
            household: at.clone(),
            step,
            office: scope.office,
        };
        if entry.entity == "opening_review" {
            let step: OpeningStep =
                serde_json::from_str(&entry.payload).map_err(|_| malformed(entry))?;
            let to = OpeningState::parse(&step.record.status).ok_or_else(|| malformed(entry))?;
            return may_take_opening_step(scope.office, to)
                .map_err(|_| refused(StepTaken::OpeningList(to)));
        }
        let read = match self.reads.get(&(entry.origin.clone(), entry.seq)) {
            Some(read) => read.clone(),
            None => self.read(store, entry)?,
        };
        let mut missing = false;
        let from = match self.parent(store, entry, &read, &at)? {
            Parent::None => None,
            Parent::Found(built) => Some(built),
            Parent::Missing => {
                // Content neither here nor in the batch, under any record: not arrived yet.
                missing = match entry.parent_hash.as_deref() {
                    Some(parent) => {
                        !self.carried.keys().any(|(_, _, hash)| hash == parent)
                            && !store.holds_content(parent)?
                    }
                    None => false,
                };
                // The new commune never held the record a transfer builds on (it was withheld
                // from it): the office that may transfer sends it as it held it.
                if entry.operation == "transfer"
                    && scope.office.reports()
                    && moves.transferred_to(store, &read.household_id, &at.unit)?
                {
                    return Ok(());
                }
                None
            }
        };
        let to = read.built;
        let answers_changed = from
            .as_ref()
            .is_some_and(|from| from.answers_hash != to.answers_hash);
        may_take_step(
            scope.office,
            from.as_ref().map(|from| from.status),
            to.status,
            answers_changed,
        )
        .map_err(|refusal| match refusal {
            // Judged from a draft because what it builds on is not here: most likely an
            // earlier batch not imported yet, so the words say so (a folder import retries it).
            StepNotAllowed::State { .. } if missing => BatchError::ParentNotArrived {
                origin: entry.origin.clone(),
                seq: entry.seq,
                household: at.clone(),
            },
            StepNotAllowed::State { to, .. } => refused(StepTaken::Record(to)),
            StepNotAllowed::Answers { state, .. } => BatchError::AnswersNotEditable {
                origin: entry.origin.clone(),
                seq: entry.seq,
                household: at.clone(),
                state,
            },
        })?;
        match from {
            Some(from) if !to.keeps(scope.office, &from) => Err(BatchError::RecordNotEditable {
                origin: entry.origin.clone(),
                seq: entry.seq,
                household: at,
                state: from.status,
                office: scope.office,
            }),
            _ => Ok(()),
        }
    }

    /// The content `entry` builds on, when it is the same record's (the same household, a
    /// round of the same review) and held or grounded.
    fn parent(
        &self,
        store: &Store,
        entry: &JournalEntry,
        read: &Read,
        at: &HouseholdAt,
    ) -> Result<Parent> {
        let Some(parent) = entry.parent_hash.as_deref() else {
            return Ok(Parent::None);
        };
        let Some(review) = read.review.clone() else {
            return Ok(Parent::Missing);
        };
        let key = (read.household_id.clone(), review, parent.to_string());
        if let Some(held) = self.held(store, &key)? {
            return Ok(Parent::Found(held));
        }
        match self.carried.get(&key) {
            None => Ok(Parent::Missing),
            Some(built) if self.grounded.contains(&key) => Ok(Parent::Found(built.clone())),
            // Carried only by itself, or by entries that build on each other: nothing it
            // builds on was ever taken anywhere.
            Some(_) => Err(BatchError::ReviewStepCycle {
                origin: entry.origin.clone(),
                seq: entry.seq,
                household: at.clone(),
            }),
        }
    }

    /// The content `key` names, when this store holds it in that record.
    fn held(&self, store: &Store, key: &ContentKey) -> Result<Option<Built>> {
        if let Some(known) = self.held.borrow().get(key) {
            return Ok(known.clone());
        }
        let (household_id, review, hash) = key;
        let known = self.households.borrow().get(household_id).copied();
        let holds = match known {
            Some(holds) => holds,
            None => {
                let holds = store.holds_survey_of(household_id)?;
                self.households
                    .borrow_mut()
                    .insert(household_id.clone(), holds);
                holds
            }
        };
        if !holds {
            return Ok(None);
        }
        let mut found = None;
        for (round_id, held) in store.survey_contents_held(household_id, hash)? {
            if self.review_of(store, &round_id)?.as_ref() == Some(review) {
                found = Some(Built {
                    status: held.status,
                    answers_hash: held.answers_hash,
                    rest: held.rest,
                });
                break;
            }
        }
        self.held.borrow_mut().insert(key.clone(), found.clone());
        Ok(found)
    }

    /// The review round `round_id` stands for: held here, or opened by the batch.
    fn review_of(&self, store: &Store, round_id: &str) -> Result<Option<RoundReview>> {
        if let Some(known) = self.reviews.borrow().get(round_id) {
            return Ok(known.clone());
        }
        let review = match store.round_review(round_id)? {
            Some(review) => Some(review),
            None => self.rounds.get(round_id).cloned(),
        };
        self.reviews
            .borrow_mut()
            .insert(round_id.to_string(), review.clone());
        Ok(review)
    }

    /// The household, review and content `entry` carries; its record key must be the record
    /// its content names.
    fn read(&self, store: &Store, entry: &JournalEntry) -> Result<Read> {
        let content: SurveyContent =
            serde_json::from_str(&entry.payload).map_err(|_| malformed(entry))?;
        let record = content.record;
        if entry.entity_id != format!("{}/{}", record.household_id, record.round_id) {
            return Err(BatchError::Payload(format!(
                "entry {}#{}: entity id malformed",
                entry.origin, entry.seq
            )));
        }
        Ok(Read {
            review: self.review_of(store, &record.round_id)?,
            household_id: record.household_id,
            built: Built {
                status: record.status,
                answers_hash: record.answers_hash,
                rest: record.rest,
            },
        })
    }
}

/// The part of a round's creation that says which review it is.
#[derive(Deserialize)]
struct RoundCreated {
    id: String,
    year: i32,
    kind: String,
    month: u8,
}

fn malformed(entry: &JournalEntry) -> BatchError {
    BatchError::Payload(format!(
        "entry {}#{}: payload malformed",
        entry.origin, entry.seq
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> serde_json::Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!("an object"),
        }
    }

    /// An unset field written `null` by one app and left out by another is the same field;
    /// any other difference, however deep, is not.
    #[test]
    fn a_field_left_out_is_the_same_as_null_and_nothing_else_is() {
        let full = map(json!({"result": {"class": "poor", "phieu_a": null}, "note": null}));
        let short = map(json!({"result": {"class": "poor"}}));
        assert!(same_fields(&full, &short));
        assert!(same_fields(&short, &full));
        let other = map(json!({"result": {"class": "near_poor"}}));
        assert!(!same_fields(&full, &other));
        let added = map(json!({"result": {"class": "poor", "phieu_a": "stop"}}));
        assert!(!same_fields(&short, &added));
        let listed = map(json!({"flags": [1, null]}));
        assert!(!same_fields(&listed, &map(json!({"flags": [1]}))));
    }
}
