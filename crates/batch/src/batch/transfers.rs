//! Household transfers in batches: who may make one (`authorisation::may_transfer`, the rule a
//! sender and every receiver apply alike), where the household stands after the transfers a
//! batch carries, which entries are the household's history at its old commune, and who is
//! sent a transfer.

use rasoat_domain::authorisation::{self, Refusal, Scope, UnitTree};
use rasoat_store::{StoredTransfer, Transfer};

use super::*;
use crate::batch::authorise::{origin_scope, refusal_naming};

/// Whether `entry` is a household transfer.
pub(super) fn is_transfer(entry: &JournalEntry) -> bool {
    entry.entity == "household" && entry.operation == "transfer"
}

fn transfer_of(entry: &JournalEntry) -> Result<Transfer> {
    serde_json::from_str::<Transfer>(&entry.payload)
        .ok()
        .filter(|t| t.household_id == entry.entity_id)
        .ok_or_else(|| {
            BatchError::Payload(format!(
                "entry {}#{}: payload malformed",
                entry.origin, entry.seq
            ))
        })
}

/// Whether `reader` is sent a transfer: the offices of the commune the household leaves (it
/// sees where the household went) and of the one it joins.
pub(super) fn readable(reader: &Scope, units: &UnitTree, entry: &JournalEntry) -> bool {
    match transfer_of(entry) {
        Ok(t) => {
            authorisation::may_read(reader, units, &t.from)
                || authorisation::may_read(reader, units, &t.to)
        }
        Err(_) => false,
    }
}

/// Where the households a batch transfers stand after it, and the transfers themselves.
#[derive(Default)]
pub(super) struct Moves {
    /// Household id → the commune its last transfer in the batch took it to.
    pub current: BTreeMap<String, String>,
    /// Household id → the transfers of it in the batch.
    in_batch: BTreeMap<String, Vec<Transfer>>,
}

impl Moves {
    /// The household's transfers held here, then those the batch carries.
    fn of_household(&self, store: &Store, household_id: &str) -> Result<Vec<Transfer>> {
        Ok(store
            .household_transfers(household_id)?
            .into_iter()
            .map(|t: StoredTransfer| t.transfer)
            .chain(
                self.in_batch
                    .get(household_id)
                    .into_iter()
                    .flatten()
                    .cloned(),
            )
            .collect())
    }

    /// Whether a transfer held here or carried in the batch took the household to `commune`.
    pub(super) fn transferred_to(
        &self,
        store: &Store,
        household_id: &str,
        commune: &str,
    ) -> Result<bool> {
        Ok(self
            .of_household(store, household_id)?
            .iter()
            .any(|t| t.to == commune))
    }

    /// The commune `entry` is judged against when it names `named` for a household recorded
    /// elsewhere: `named` when a transfer away from `named` counts the entry in the history it
    /// held (the entry was made before the household left, and is applied), or when the entry
    /// is one the store keeps as history only (`rasoat_store::late_edits`: delivered after a
    /// transfer took the household away from `named`, it is judged as the edit of `named` it
    /// was and never applied); else none, and the entry is a move.
    pub(super) fn history_place(
        &self,
        store: &Store,
        entry: &JournalEntry,
        household_id: &str,
        named: &str,
    ) -> Result<Option<String>> {
        let held = self.of_household(store, household_id)?;
        let in_history = held
            .iter()
            .any(|t| t.from == named && t.held.get(&entry.origin).is_some_and(|s| entry.seq <= *s));
        let kept =
            rasoat_store::late_edits::kept_as_history(&held, &entry.origin, entry.seq, named);
        Ok((in_history || kept).then(|| named.to_string()))
    }
}

/// Judges every transfer in the batch that this store does not hold yet, against what it
/// holds: the origin may transfer between the two communes, the household is on record here
/// at `from` (when it is held here at all), and this store reads one of the two communes.
pub(super) fn judge(
    store: &Store,
    verified: &VerifiedBatch,
    this: &str,
    receiver: Option<&Scope>,
    units: &UnitTree,
    scopes: &mut BTreeMap<String, Option<Scope>>,
) -> Result<Moves> {
    let mut moves = Moves::default();
    for signed in &verified.entries {
        let entry = &signed.entry;
        if entry.origin == this || !is_transfer(entry) {
            continue;
        }
        let transfer = transfer_of(entry)?;
        let refused = |refusal: Refusal| refusal_naming(entry, refusal, transfer.code.clone());
        // A transfer already held here (a batch delivered twice) was judged when it arrived.
        let held = store.journal_id_at(&entry.origin, entry.seq)?;
        if held.as_deref() != Some(entry.id.as_str()) {
            let scope = origin_scope(store, scopes, entry)?;
            authorisation::may_transfer(&scope, units, &transfer.from, &transfer.to)
                .map_err(refused)?;
            let recorded = match moves.current.get(&transfer.household_id) {
                Some(moved) => Some(moved.clone()),
                None => store.household_commune(&transfer.household_id)?,
            };
            if let Some(recorded) = recorded {
                if recorded != transfer.from {
                    return Err(refused(Refusal::MovesHousehold {
                        from: recorded,
                        to: transfer.to.clone(),
                    }));
                }
            }
            let reads =
                |unit: &str| receiver.is_some_and(|r| authorisation::covers(r, units, unit));
            if !reads(&transfer.from) && !reads(&transfer.to) {
                return Err(refused(Refusal::OutsideScope {
                    unit: transfer.to.clone(),
                }));
            }
        }
        moves
            .current
            .insert(transfer.household_id.clone(), transfer.to.clone());
        moves
            .in_batch
            .entry(transfer.household_id.clone())
            .or_default()
            .push(transfer);
    }
    Ok(moves)
}

/// Whether this installation may transfer the household `household_id` it holds to commune
/// `to` by the authorisation rule (a district or province covering both communes), without
/// writing anything: the household's code and the commune it is on record at when it may.
pub fn check_transfer(store: &Store, household_id: &str, to: &str) -> Result<(String, String)> {
    if !store.is_commune(to)? {
        return Err(rasoat_store::StoreError::UnknownUnit {
            code: to.to_string(),
        }
        .into());
    }
    let (code, from) = store.household_place(household_id)?.ok_or_else(|| {
        rasoat_store::StoreError::HouseholdNotFound {
            id: household_id.to_string(),
        }
    })?;
    let this = store.installation()?;
    let units = store.unit_tree()?;
    let scope = authorisation::Office::parse(this.role.as_str())
        .map(|office| Scope::new(office, [this.unit_code.clone()]));
    let refused = || BatchError::TransferRefused {
        household: code.clone(),
        from: from.clone(),
        to: to.to_string(),
    };
    let scope = scope.ok_or_else(refused)?;
    match authorisation::may_transfer(&scope, &units, &from, to) {
        // A transfer moves the household's record of the round it is made in (and of any
        // round opened after): without one, the new commune would receive nothing to see.
        Ok(()) if store.rounds_a_transfer_moves(household_id)?.is_empty() => {
            Err(rasoat_store::StoreError::RecordNotFound { id: code }.into())
        }
        Ok(()) => Ok((code, from)),
        Err(Refusal::TransferWithinUnit { .. }) => Err(BatchError::TransferWithinUnit {
            household: code,
            to: to.to_string(),
        }),
        Err(_) => Err(refused()),
    }
}

/// Transfers a household this installation holds to commune `to`, when this installation may
/// by the authorisation rule (`check_transfer`): the transfer and the household's records
/// naming `to` are journalled together and travel like any entry.
pub fn transfer_household(
    store: &mut Store,
    household_id: &str,
    to: &str,
    reason: &str,
    actor: &str,
    at: UnixMillis,
) -> Result<StoredTransfer> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(BatchError::TransferReasonMissing);
    }
    check_transfer(store, household_id, to)?;
    Ok(store.transfer_household(household_id, to, reason, actor, at)?)
}
