//! Which head of a record in conflict every installation shows until a person resolves it,
//! and which heads a resolution sets aside: both judged from all the record's entries at each
//! rebuild, by rules every installation applies alike, so the order entries arrived in never
//! matters.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use rasoat_domain::review_steps::may_set_aside;
use rasoat_domain::workflow::Role;
use rusqlite::{Connection, OptionalExtension};

use super::Edit;
use crate::error::Result;
use crate::households::Snapshot;

/// How many edits of the record lie under `edit`, following parent hashes: the receiver's
/// own measure of how much history an edit builds on. Bounded by the number of edits, so an
/// edit that returns to an earlier content cannot make it loop.
fn depth(edits: &[Edit], edit: &Edit) -> usize {
    let parents: BTreeMap<&str, Option<&str>> = edits
        .iter()
        .rev()
        .map(|e| (e.content_hash.as_str(), e.parent_hash.as_deref()))
        .collect();
    let mut depth = 0;
    let mut next = edit.parent_hash.as_deref();
    while let Some(hash) = next {
        if depth >= edits.len() {
            break;
        }
        depth += 1;
        next = parents.get(hash).copied().flatten();
    }
    depth
}

/// The role the installation behind each origin acts in, read only for a record with a
/// resolution or more than one head (rare), once per origin.
pub(super) struct Makers<'c> {
    conn: &'c Connection,
    roles: RefCell<BTreeMap<String, Option<Role>>>,
}

impl<'c> Makers<'c> {
    pub(super) fn new(conn: &'c Connection) -> Self {
        Makers {
            conn,
            roles: RefCell::new(BTreeMap::new()),
        }
    }

    /// The enrolled card's role for another installation's entries; this installation's own
    /// for its entries, under its id or under a former id (a copied store made a new
    /// installation keeps the entries its peers acknowledged under the old id, which is no
    /// peer of its own: every other installation knows that id by its card, of the same role).
    pub(super) fn role(&self, origin: &str) -> Result<Option<Role>> {
        if let Some(known) = self.roles.borrow().get(origin) {
            return Ok(*known);
        }
        let peer: Option<String> = self
            .conn
            .prepare_cached("SELECT role FROM sync_peer WHERE installation_id = ?1")?
            .query_row([origin], |r| r.get(0))
            .optional()?;
        let word = match peer {
            Some(word) => Some(word),
            None => self
                .conn
                .prepare_cached("SELECT role FROM installation")?
                .query_row([], |r| r.get(0))
                .optional()?,
        };
        let role = word.as_deref().and_then(Role::parse);
        self.roles.borrow_mut().insert(origin.to_string(), role);
        Ok(role)
    }

    /// Whether `origin` acts for the commune or an office above.
    fn is_office(&self, origin: &str) -> Result<bool> {
        Ok(self
            .role(origin)?
            .is_some_and(|role| role != Role::Enumerator))
    }
}

/// Whether two records hold the same content but the round id each installation gives its
/// copy of the round.
fn same_but_round(a: &Snapshot, b: &Snapshot) -> bool {
    let value = |s: &Snapshot| {
        let mut v = serde_json::to_value(s).ok();
        if let Some(serde_json::Value::Object(map)) = v.as_mut() {
            map.remove("round_id");
        }
        v
    };
    value(a).is_some() && value(a) == value(b)
}

/// Whether a resolution made by an installation acting as `resolver`, keeping `kept`, may set
/// aside `head` (`may_set_aside`); a head holding the kept content (another installation's
/// copy of it) is not set aside but kept.
pub(super) fn may_set_aside_head(
    resolver: Role,
    head: &Edit,
    kept: &Snapshot,
    makers: &Makers<'_>,
) -> Result<bool> {
    if same_but_round(&head.snapshot, kept) {
        return Ok(true);
    }
    // A head whose maker's role is unknown here is judged as the commune's.
    let maker = makers.role(&head.origin)?.unwrap_or(Role::Commune);
    Ok(may_set_aside(resolver, maker, head.snapshot.status))
}

/// The heads `edit`, a conflict's resolution, sets aside: those it names that its maker may
/// set aside (`may_set_aside`: an enumerator's resolution never sets aside the commune's
/// return, acceptance, meeting or recognition, so such a resolution, from a tampered build or
/// an older release, leaves the conflict listed). Judged here, from every edit the record
/// has, rather than when the resolution arrives: a head it names that arrives later is judged
/// at that rebuild, so the order of arrival never matters. A head the resolution keeps (its
/// parent, or a copy of its content) and a head not held yet are taken as named.
fn set_aside<'e>(edits: &'e [Edit], edit: &'e Edit, makers: &Makers<'_>) -> Result<Vec<&'e str>> {
    let mut out = Vec::new();
    if edit.resolves.is_empty() {
        return Ok(out);
    }
    // A resolution whose maker's role is unknown here is judged as an enumerator's.
    let resolver = makers.role(&edit.origin)?.unwrap_or(Role::Enumerator);
    for id in &edit.resolves {
        let taken = match edits.iter().find(|h| &h.id == id) {
            None => true,
            Some(head) if edit.parent_hash.as_deref() == Some(head.content_hash.as_str()) => true,
            Some(head) => may_set_aside_head(resolver, head, &edit.snapshot, makers)?,
        };
        if taken {
            out.push(id.as_str());
        }
    }
    Ok(out)
}

/// The standing of the latest decision of the commune or an office above that `edit` is or
/// builds on (`None` when its whole chain is enumerators'): a correction of a form the commune
/// returned carries that return's weight, a form completed offline from the draft before it
/// does not. Bounded by the number of edits, as `depth`.
fn last_decision(edits: &[Edit], edit: &Edit, makers: &Makers<'_>) -> Result<Option<u8>> {
    let mut by_hash: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
    for e in edits {
        by_hash.entry(e.content_hash.as_str()).or_default().push(e);
    }
    let mut next = Some(edit.content_hash.as_str());
    let mut steps = 0;
    while let Some(hash) = next {
        if steps > edits.len() {
            break;
        }
        steps += 1;
        let Some(group) = by_hash.get(hash) else {
            break;
        };
        for e in group {
            if makers.is_office(&e.origin)? {
                return Ok(Some(e.snapshot.status.standing()));
            }
        }
        next = group.first().and_then(|e| e.parent_hash.as_deref());
    }
    Ok(None)
}

/// A head's rank, greatest first: its latest decision's standing, its own, its depth.
type Rank = (Option<u8>, u8, usize);

/// The entries nothing later builds on, the provisional winner first.
pub(super) fn heads<'e>(edits: &'e [Edit], makers: &Makers<'_>) -> Result<Vec<&'e Edit>> {
    let mut resolved: BTreeSet<&str> = BTreeSet::new();
    for edit in edits {
        resolved.extend(set_aside(edits, edit, makers)?);
    }
    let mut heads: Vec<&Edit> = edits
        .iter()
        .filter(|e| {
            // A later edit builds on `e` when it starts from e's content and changes it; a
            // resolution that keeps `e` unchanged supersedes it by naming it in `resolves`.
            let built_on = edits.iter().any(|f| {
                f.id != e.id
                    && f.parent_hash.as_deref() == Some(e.content_hash.as_str())
                    && f.content_hash != e.content_hash
            });
            !built_on && !resolved.contains(e.id.as_str())
        })
        .collect();
    if heads.iter().any(|e| e.snapshot.answers_hash.is_some()) {
        heads.retain(|e| e.snapshot.answers_hash.is_some());
    }
    if heads.len() < 2 {
        return Ok(heads);
    }
    // The provisional winner by the receiver's rule, never a time the sender chose: the head
    // whose latest decision of the commune or an office above went further (its return,
    // acceptance, meeting or recognition over a form an enumerator carried on offline from
    // before it), then the one whose own review went further (`ReviewState::standing`: a
    // finished correction over an edit of the returned form), then the one that builds on more
    // history, then the greater content hash, then the greater entry id.
    let mut ranked: Vec<(Rank, &Edit)> = Vec::with_capacity(heads.len());
    for e in heads {
        let key = (
            last_decision(edits, e, makers)?,
            e.snapshot.status.standing(),
            depth(edits, e),
        );
        ranked.push((key, e));
    }
    ranked.sort_by(|(ra, a), (rb, b)| {
        (rb, &b.content_hash, &b.id).cmp(&(ra, &a.content_hash, &a.id))
    });
    Ok(ranked.into_iter().map(|(_, e)| e).collect())
}
