//! The authorisation rule (`rasoat_domain::authorisation`) applied to batches: what a receiver
//! accepts from each origin, judged against what the receiver already holds, and what a sender
//! leaves out of a batch because its recipient may not read it. The server's upload, a file
//! import and a relayed import all pass through `authorise`; pull pages and batch files alike
//! through `readable`.

use rasoat_domain::authorisation::{self, Cadence, Office, Refusal, Scope, UnitTree};

use super::review_steps;
use super::transfers;
use super::*;
use crate::error::HouseholdAt;
use crate::identity::IdentityCard;

/// The office and units an identity card asks for. `None` when its role is not an office.
pub(crate) fn card_scope(card: &IdentityCard) -> Option<Scope> {
    Office::parse(&card.role).map(|office| Scope::new(office, [card.unit_code.clone()]))
}

/// The refusal that names a revoked installation and the day it was revoked.
pub(crate) fn revoked(revocation: &rasoat_store::Revocation) -> BatchError {
    BatchError::Revoked {
        installation: revocation.installation.clone(),
        date: rasoat_domain::Date::from_unix_millis(revocation.revoked_at)
            .map_or_else(|| revocation.revoked_at.to_string(), |d| d.to_string()),
    }
}

/// The part of a survey entry's payload that says which household it is and where it lives.
#[derive(Deserialize)]
struct SurveyPlace {
    record: Place,
}

#[derive(Deserialize)]
struct Place {
    household_id: String,
    code: String,
    commune_code: String,
}

/// The part of a round entry's payload that says which round it opens.
#[derive(Deserialize)]
struct RoundOpened {
    year: i32,
    kind: String,
    month: u8,
}

impl Place {
    fn at(&self) -> HouseholdAt {
        HouseholdAt {
            code: self.code.clone(),
            unit: self.commune_code.clone(),
        }
    }
}

/// Whether an entry is about one household's record, its payload naming the place: a survey
/// record's change, or a step on a transition round's opening list.
fn is_about_a_household(entry: &JournalEntry) -> bool {
    matches!(entry.entity.as_str(), "survey" | "opening_review")
}

fn place_of(entry: &JournalEntry) -> Result<Place> {
    serde_json::from_str::<SurveyPlace>(&entry.payload)
        .map(|p| p.record)
        .map_err(|_| malformed(entry))
}

/// Every entry new to this store is one its origin may make, judged by the rule against what
/// this store holds: the commune on record for a household (not the one the entry claims), the
/// rounds already open here, and this store's clock `now`.
pub(super) fn authorise(store: &Store, verified: &VerifiedBatch, now: UnixMillis) -> Result<()> {
    in_period(store, verified, now)?;
    let installation = store.installation()?;
    let this = installation.id;
    // A receiver keeps only households it may read itself: an installation it enrolled cannot
    // make it hold another unit's people.
    let receiver = Office::parse(installation.role.as_str())
        .map(|office| Scope::new(office, [installation.unit_code.clone()]));
    let units = store.unit_tree()?;
    let mut scopes: BTreeMap<String, Option<Scope>> = BTreeMap::new();
    for certificate in &verified.certificates {
        scopes.insert(
            certificate.card.installation.clone(),
            card_scope(&certificate.card),
        );
    }
    // Transfers first: where each household stands after them is what its edits in this batch
    // are judged against, whichever origin's entries come first.
    let moves = transfers::judge(
        store,
        verified,
        &this,
        receiver.as_ref(),
        &units,
        &mut scopes,
    )?;
    let steps = review_steps::Steps::of(store, verified)?;
    // Which of the batch's entries this store holds already, read per origin in one range.
    let mut spans: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for signed in &verified.entries {
        let entry = &signed.entry;
        let span = spans
            .entry(entry.origin.as_str())
            .or_insert((entry.seq, entry.seq));
        span.0 = span.0.min(entry.seq);
        span.1 = span.1.max(entry.seq);
    }
    let mut held: BTreeMap<&str, BTreeSet<i64>> = BTreeMap::new();
    for (origin, (from, to)) in spans {
        held.insert(origin, store.held_seqs_between(origin, from, to)?);
    }
    // Households first seen in this batch: their first entry's commune is their record.
    let mut placed: BTreeMap<String, String> = BTreeMap::new();
    let mut rounds_opened: BTreeSet<(i32, String, u8)> = BTreeSet::new();
    // Villages first seen in this batch: their first entry's commune is theirs.
    let mut villages: BTreeMap<String, String> = BTreeMap::new();
    for signed in &verified.entries {
        let entry = &signed.entry;
        if entry.origin == this {
            continue;
        }
        let refused =
            |refusal: Refusal, household: Option<&Place>| refusal_error(entry, refusal, household);
        authorisation::may_be_recorded_at(entry.recorded_at, now).map_err(|r| {
            let named = is_about_a_household(entry)
                .then(|| place_of(entry).ok())
                .flatten();
            refused(r, named.as_ref())
        })?;
        // What a revoked installation made after the office's last word on it is refused;
        // what it made before stays.
        if let Some(stored) = store.revocation(&entry.origin)? {
            if entry.seq > stored.revocation.last_seq {
                return Err(revoked(&stored.revocation));
            }
        }
        let scope = origin_scope(store, &mut scopes, entry)?;
        match entry.entity.as_str() {
            // An opening-list step names the household's place as a survey entry does, and is
            // judged by the same rule.
            "survey" | "opening_review" => {
                let place = place_of(entry)?;
                let recorded = match moves.current.get(&place.household_id) {
                    Some(moved) => Some(moved.clone()),
                    None => match store.household_commune(&place.household_id)? {
                        Some(recorded) => Some(recorded),
                        None => placed.get(&place.household_id).cloned(),
                    },
                };
                // An entry made before a transfer is the household's history where it was.
                let recorded = match recorded {
                    Some(recorded) if recorded != place.commune_code => Some(
                        moves
                            .history_place(store, entry, &place.household_id, &place.commune_code)?
                            .unwrap_or(recorded),
                    ),
                    other => other,
                };
                authorisation::may_write(&scope, &units, recorded.as_deref(), &place.commune_code)
                    .map_err(|r| refused(r, Some(&place)))?;
                if !receiver
                    .as_ref()
                    .is_some_and(|scope| authorisation::covers(scope, &units, &place.commune_code))
                {
                    return Err(refused(
                        Refusal::OutsideScope {
                            unit: place.commune_code.clone(),
                        },
                        Some(&place),
                    ));
                }
                // The step it takes is one its origin's office may take; an entry held here
                // already was judged when it first came.
                if !held
                    .get(entry.origin.as_str())
                    .is_some_and(|seqs| seqs.contains(&entry.seq))
                {
                    steps.judge(store, entry, &scope, place.at(), &moves)?;
                }
                placed
                    .entry(place.household_id.clone())
                    .or_insert(place.commune_code.clone());
            }
            "round" if entry.operation == "create" => {
                let (round, cadence) = round_named(entry)?;
                let key = (round.year, round.kind.clone(), round.month);
                let held = rounds_opened.contains(&key)
                    || store.holds_round_like(round.year, &round.kind, round.month)?;
                let receiver_office = receiver.as_ref().map_or(Office::Enumerator, |r| r.office);
                authorisation::may_open_round(scope.office, receiver_office, cadence, held)
                    .map_err(|r| refused(r, None))?;
                rounds_opened.insert(key);
            }
            "round" if entry.operation == rasoat_store::round_settings::SETTINGS_OPERATION => {
                // A round's readings change only by the office that may open such a round.
                let (_, cadence) = round_named(entry)?;
                rasoat_domain::round_settings::may_set_round_settings(scope.office, cadence)
                    .map_err(|r| refused(r, None))?;
            }
            // A standards file decides who may be recognised: only an office loads one.
            "standards" if !matches!(scope.office, Office::District | Office::Province) => {
                return Err(BatchError::StandardsNotAllowed {
                    origin: entry.origin.clone(),
                    seq: entry.seq,
                });
            }
            "village" => authorise_village(
                store,
                entry,
                &scope,
                receiver.as_ref(),
                &units,
                &mut villages,
            )?,
            "installation" if entry.operation == "revoke" => {
                let revocation: rasoat_store::Revocation =
                    serde_json::from_str(&entry.payload).map_err(|_| malformed(entry))?;
                let target = match scopes.get(&revocation.installation) {
                    Some(scope) => scope.clone(),
                    None => {
                        peer(store, &revocation.installation)?.and_then(|p| card_scope(&p.card))
                    }
                };
                authorisation::may_revoke(&scope, &units, target.as_ref()).map_err(|_| {
                    BatchError::RevocationNotAllowed {
                        origin: entry.origin.clone(),
                        seq: entry.seq,
                    }
                })?;
            }
            _ => {}
        }
    }
    actions::authorise_actions(store, verified, receiver.as_ref(), &units)
}

/// A village entry: its state names its own id, and the commune whose list it changes is
/// one its origin keeps as the commune's office (the commune itself, or an office above it;
/// never an enumerator, never another commune) and one this store may read; a village never
/// moves to another commune's list.
fn authorise_village(
    store: &Store,
    entry: &JournalEntry,
    scope: &Scope,
    receiver: Option<&Scope>,
    units: &UnitTree,
    placed: &mut BTreeMap<String, String>,
) -> Result<()> {
    let state: rasoat_store::VillageState =
        serde_json::from_str(&entry.payload).map_err(|_| malformed(entry))?;
    if state.id != entry.entity_id {
        return Err(BatchError::Payload(format!(
            "entry {}#{}: entity id malformed",
            entry.origin, entry.seq
        )));
    }
    let refused = || BatchError::VillagesOutsideUnit {
        origin: entry.origin.clone(),
        seq: entry.seq,
        unit: state.commune_code.clone(),
    };
    if scope.office == Office::Enumerator
        || !authorisation::covers(scope, units, &state.commune_code)
    {
        return Err(refused());
    }
    if !receiver.is_some_and(|r| authorisation::covers(r, units, &state.commune_code)) {
        return Err(refused());
    }
    let recorded = match store.village_commune_by_id(&state.id)? {
        Some(commune) => Some(commune),
        None => placed.get(&state.id).cloned(),
    };
    if recorded.is_some_and(|c| c != state.commune_code) {
        return Err(refused());
    }
    placed
        .entry(state.id.clone())
        .or_insert(state.commune_code.clone());
    Ok(())
}

/// The office and units of the installation that made `entry`: its certificate in the batch,
/// else the card enrolled here.
pub(super) fn origin_scope(
    store: &Store,
    scopes: &mut BTreeMap<String, Option<Scope>>,
    entry: &JournalEntry,
) -> Result<Scope> {
    if !scopes.contains_key(&entry.origin) {
        let scope = peer(store, &entry.origin)?.and_then(|p| card_scope(&p.card));
        scopes.insert(entry.origin.clone(), scope);
    }
    scopes
        .get(&entry.origin)
        .cloned()
        .flatten()
        .ok_or_else(|| BatchError::UnknownOrigin {
            origin: entry.origin.clone(),
            seq: entry.seq,
        })
}

/// The sender within the period this installation granted it when enrolling it, and every
/// installation a certificate in the batch vouches for within the period its issuer granted,
/// at this installation's clock `now`.
fn in_period(store: &Store, verified: &VerifiedBatch, now: UnixMillis) -> Result<()> {
    let sender = &verified.manifest.sender;
    let granted = peer(store, sender)?.and_then(|p| p.validity);
    granted
        .ok_or_else(|| BatchError::CertificateWithoutPeriod {
            installation: sender.clone(),
        })?
        .check(sender, now)?;
    let installation = store.installation()?;
    let this = installation.id;
    for certificate in &verified.certificates {
        let subject = &certificate.card.installation;
        // This installation's own certificate vouches for nothing it receives: it is kept to
        // be shown, and a period that ended is said there, not by refusing what the office
        // sends. It must certify what this installation is: an office that enrolled a card in
        // this installation's name for another office or unit (a forged card, or the wrong
        // one) would make the window show a role it does not have.
        if *subject == this {
            let card = &certificate.card;
            if card.role != installation.role.as_str() || card.unit_code != installation.unit_code {
                return Err(BatchError::Certificate {
                    subject: subject.clone(),
                    reason: format!(
                        "máy {} chứng nhận máy này là {} {}, nhưng máy này là {} {}; cơ quan đó cần đăng ký lại đúng thẻ của máy này / installation {} certifies this one as {} {}, but it is {} {}; that office must enrol this installation's own card again",
                        certificate.issuer,
                        card.role,
                        card.unit_code,
                        installation.role.as_str(),
                        installation.unit_code,
                        certificate.issuer,
                        card.role,
                        card.unit_code,
                        installation.role.as_str(),
                        installation.unit_code,
                    ),
                });
            }
            continue;
        }
        match certificate.validity {
            Some(validity) => validity.check(subject, now)?,
            // Made before periods: it holds while its issuer's enrolment does. An issuer
            // vouched for in this batch is checked by its own certificate; one enrolled here,
            // by the period granted here.
            None => {
                let issuer = &certificate.issuer;
                let vouched_in_batch = verified
                    .certificates
                    .iter()
                    .any(|c| c.card.installation == *issuer);
                if *issuer != this && !vouched_in_batch {
                    peer(store, issuer)?
                        .and_then(|p| p.validity)
                        .ok_or_else(|| BatchError::CertificateWithoutPeriod {
                            installation: issuer.clone(),
                        })?
                        .check(issuer, now)?;
                }
            }
        }
    }
    Ok(())
}

fn refusal_error(entry: &JournalEntry, refusal: Refusal, household: Option<&Place>) -> BatchError {
    if let (Refusal::RecordedInFuture, Some(place)) = (&refusal, household) {
        return BatchError::RecordedInFuture {
            origin: entry.origin.clone(),
            seq: entry.seq,
            household: Some(place.at()),
        };
    }
    let code = household.map(|p| p.code.clone()).unwrap_or_default();
    refusal_naming(entry, refusal, code)
}

/// The household a survey entry says it is about, for a refusal to name; `None` for other
/// entries and for a payload that does not say.
pub(super) fn household_named(entry: &JournalEntry) -> Option<HouseholdAt> {
    is_about_a_household(entry)
        .then(|| place_of(entry).ok())
        .flatten()
        .map(|place| place.at())
}

/// The refusal of `entry` about the household coded `code` (empty when it names none).
pub(super) fn refusal_naming(entry: &JournalEntry, refusal: Refusal, code: String) -> BatchError {
    let origin = entry.origin.clone();
    let seq = entry.seq;
    match refusal {
        Refusal::OutsideScope { unit } => BatchError::OutsideUnit {
            origin,
            seq,
            household: code,
            unit,
        },
        Refusal::MovesHousehold { from, to } => BatchError::MovesHousehold {
            origin,
            seq,
            household: code,
            from,
            to,
        },
        Refusal::PeriodicRoundNotReportingOffice | Refusal::RoundFromEnumerator => {
            BatchError::RoundNotAllowed { origin, seq }
        }
        Refusal::RecordedInFuture => BatchError::RecordedInFuture {
            origin,
            seq,
            household: None,
        },
        Refusal::RevocationNotAllowed => BatchError::RevocationNotAllowed { origin, seq },
        Refusal::TransferNotAllowed { from, to } | Refusal::TransferWithinUnit { from, to } => {
            BatchError::TransferNotAllowed {
                origin,
                seq,
                household: code,
                from,
                to,
            }
        }
    }
}

/// Whether `reader` (an installation of that office and units) may be sent `entry`: survey
/// entries only about households of its units, a commune's villages only to the installations
/// of that commune and above, a transfer to the offices of either commune; rounds and
/// everything else to all.
pub(super) fn readable(reader: &Scope, units: &UnitTree, entry: &JournalEntry) -> bool {
    if entry.entity == "village" {
        // A commune's villages go to its enumerators and the offices above it only.
        return rasoat_store::village_commune_of(entry)
            .is_some_and(|commune| authorisation::may_read(reader, units, &commune));
    }
    if transfers::is_transfer(entry) {
        return transfers::readable(reader, units, entry);
    }
    if !is_about_a_household(entry) {
        return true;
    }
    match place_of(entry) {
        Ok(place) => authorisation::may_read(reader, units, &place.commune_code),
        // An entry this store accepted always reads; never send what cannot be judged.
        Err(_) => false,
    }
}

/// The round an entry about a round names, and how often such a round is held: opening a
/// round and changing its readings are judged by the same cadence.
fn round_named(entry: &JournalEntry) -> Result<(RoundOpened, Cadence)> {
    let round: RoundOpened = serde_json::from_str(&entry.payload).map_err(|_| malformed(entry))?;
    let cadence = match round.kind.as_str() {
        "periodic" => Cadence::Periodic,
        _ => Cadence::Regular,
    };
    Ok((round, cadence))
}

/// The refusal for a signed entry whose payload does not read as its kind.
fn malformed(entry: &JournalEntry) -> BatchError {
    BatchError::Payload(format!(
        "entry {}#{}: payload malformed",
        entry.origin, entry.seq
    ))
}
