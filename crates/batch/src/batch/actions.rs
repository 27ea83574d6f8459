//! The action log's section of a batch (format v3): the rows of this installation's log and of
//! the logs it received from installations below it that its recipient, the office above, has
//! not been sent yet, each signed by its origin so a commune relays its enumerators' rows to
//! the district unchanged; and on the receiving side, their signatures, who may send them, and
//! rows already held.

use rasoat_domain::authorisation::{self, Office, Scope, UnitTree};
use rasoat_store::TravellingAction;

use super::*;

const ACTION_DOMAIN: &str = "rasoat-action-v1";

/// A row of an action log with its origin's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SignedAction {
    pub action: TravellingAction,
    pub signature: [u8; 64],
}

/// The bytes an origin signs for one row of its action log.
pub(crate) fn action_signed(action: &TravellingAction) -> Signed {
    let mut signed = Signed::new(ACTION_DOMAIN);
    signed
        .text(&action.origin)
        .int(action.seq)
        .int(action.at)
        .text(&action.event)
        .opt(action.person_id.as_deref())
        .opt(action.person_name.as_deref())
        .opt(action.subject.as_deref())
        .int(action.households)
        .text(&action.outcome);
    signed
}

/// The rows a batch for a recipient of scope `to` carries, and which of them to mark sent
/// once the batch is made: this installation's own, then relayed ones, each origin's only when
/// the recipient is the office that answers for it (`may_receive_actions`).
pub(super) struct Outgoing {
    pub rows: Vec<SignedAction>,
    pub own: Vec<i64>,
    pub relayed: Vec<(String, i64)>,
}

pub(super) fn outgoing(
    store: &Store,
    this: &Identity,
    recipient: &str,
    to: Option<&Scope>,
    units: &UnitTree,
) -> Result<Outgoing> {
    let mut out = Outgoing {
        rows: Vec::new(),
        own: Vec::new(),
        relayed: Vec::new(),
    };
    let installation = store.installation()?;
    let here = Office::parse(installation.role.as_str())
        .map(|office| Scope::new(office, [installation.unit_code.clone()]));
    // Logs go up only: a recipient that is not above this installation gets none, which also
    // keeps a district's pull pages to its communes free of any query here.
    let Some(to) = to.filter(|to| {
        here.as_ref()
            .is_some_and(|here| authorisation::may_receive_actions(to, units, here))
    }) else {
        return Ok(out);
    };
    for action in store.own_actions_unsent(recipient, this.installation_id())? {
        let signature = this.sign(action_signed(&action).bytes()).to_bytes();
        out.own.push(action.seq);
        out.rows.push(SignedAction { action, signature });
    }
    let mut allowed: BTreeMap<String, bool> = BTreeMap::new();
    for (action, signature) in store.received_actions_unsent(recipient)? {
        if !allowed.contains_key(&action.origin) {
            let origin_scope = peer(store, &action.origin)?.and_then(|p| card_scope(&p.card));
            let may = origin_scope
                .is_some_and(|origin| authorisation::may_receive_actions(to, units, &origin));
            allowed.insert(action.origin.clone(), may);
        }
        if !allowed.get(&action.origin).copied().unwrap_or(false) {
            continue;
        }
        let signature = <[u8; 64]>::try_from(signature.as_slice()).map_err(|_| {
            BatchError::ActionSignature {
                origin: action.origin.clone(),
                seq: action.seq,
            }
        })?;
        out.relayed.push((action.origin.clone(), action.seq));
        out.rows.push(SignedAction { action, signature });
    }
    Ok(out)
}

pub(super) fn encode_actions(w: &mut Writer, rows: &[SignedAction]) {
    let opt = |w: &mut Writer, text: Option<&str>| match text {
        None => w.varint(0),
        Some(text) => {
            w.varint(1);
            w.str(text);
        }
    };
    w.varint(rows.len() as u64);
    for row in rows {
        let a = &row.action;
        w.str(&a.origin);
        w.varint(zigzag(a.seq));
        w.varint(zigzag(a.at));
        w.str(&a.event);
        opt(w, a.person_id.as_deref());
        opt(w, a.person_name.as_deref());
        opt(w, a.subject.as_deref());
        w.varint(zigzag(a.households));
        w.str(&a.outcome);
        w.raw(&row.signature);
    }
}

pub(super) fn decode_actions(r: &mut Reader<'_>) -> Result<Vec<SignedAction>> {
    fn opt(r: &mut Reader<'_>, what: &'static str) -> Result<Option<String>> {
        match r.varint(what)? {
            0 => Ok(None),
            1 => Ok(Some(r.str(what)?.to_string())),
            other => Err(BatchError::Payload(format!("{what} tag {other}"))),
        }
    }
    // A row takes at least 64 (signature) + 9 one-byte fields.
    let n = r.count(73, "actions")?;
    let mut rows = Vec::with_capacity(n);
    for _ in 0..n {
        let origin = r.str("action origin")?.to_string();
        let seq = unzigzag(r.varint("action seq")?);
        let at = unzigzag(r.varint("action time")?);
        let event = r.str("action event")?.to_string();
        let person_id = opt(r, "action person id")?;
        let person_name = opt(r, "action person name")?;
        let subject = opt(r, "action subject")?;
        let households = unzigzag(r.varint("action households")?);
        let outcome = r.str("action outcome")?.to_string();
        let signature = r.array::<64>("action signature")?;
        rows.push(SignedAction {
            action: TravellingAction {
                origin,
                seq,
                at,
                event,
                person_id,
                person_name,
                subject,
                households,
                outcome,
            },
            signature,
        });
    }
    Ok(rows)
}

/// Every row signed by its origin, whose key this installation accepts in this batch (the same
/// keys as the entries'), never this installation's own, each origin's row once; a row held
/// here already must be the same row.
pub(super) fn check_actions(
    store: &Store,
    this: &Identity,
    rows: &[SignedAction],
    keys: &BTreeMap<String, VerifyingKey>,
) -> Result<()> {
    let mut seen: BTreeSet<(&str, i64)> = BTreeSet::new();
    for row in rows {
        let a = &row.action;
        let named = || (a.origin.clone(), a.seq);
        if a.origin == this.installation_id() || !seen.insert((a.origin.as_str(), a.seq)) {
            let (origin, seq) = named();
            return Err(BatchError::PayloadMismatch(format!(
                "action {origin}#{seq} repeated or this installation's own"
            )));
        }
        let key = keys.get(&a.origin).ok_or_else(|| {
            let (origin, seq) = named();
            BatchError::UnknownOrigin { origin, seq }
        })?;
        key.verify(
            action_signed(a).bytes(),
            &Signature::from_bytes(&row.signature),
        )
        .map_err(|_| {
            let (origin, seq) = named();
            BatchError::ActionSignature { origin, seq }
        })?;
        if let Some(held) = store.received_action_signature(&a.origin, a.seq)? {
            if held.as_slice() != row.signature.as_slice() {
                // Deterministic signatures: another row under the same origin and seq means
                // two copies of one store wrote on.
                let (origin, seq) = named();
                return Err(BatchError::Fork { origin, seq });
            }
        }
    }
    Ok(())
}

/// Every origin of the rows is one this installation answers for (`may_receive_actions`),
/// judged by its card as enrolled here or vouched for in the batch.
pub(super) fn authorise_actions(
    store: &Store,
    verified: &VerifiedBatch,
    receiver: Option<&Scope>,
    units: &UnitTree,
) -> Result<()> {
    let mut judged: BTreeSet<&str> = BTreeSet::new();
    for row in &verified.actions {
        let origin = row.action.origin.as_str();
        if !judged.insert(origin) {
            continue;
        }
        let vouched = verified
            .certificates
            .iter()
            .find(|c| c.card.installation == origin)
            .and_then(|c| card_scope(&c.card));
        let scope = match vouched {
            Some(scope) => Some(scope),
            None => peer(store, origin)?.and_then(|p| card_scope(&p.card)),
        };
        let allowed = match (receiver, scope.as_ref()) {
            (Some(receiver), Some(origin)) => {
                authorisation::may_receive_actions(receiver, units, origin)
            }
            _ => false,
        };
        if !allowed {
            return Err(BatchError::ActionsNotAllowed {
                origin: origin.to_string(),
            });
        }
    }
    Ok(())
}
