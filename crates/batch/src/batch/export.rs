//! Writing batches: which entries a recipient lacks (from its receipts), a page of them for
//! a pull, the rows of action logs the recipient was not sent yet when it is the office above,
//! the certificates for relayed origins, and the signed, encrypted file.

use super::*;
use crate::error::CardKey;

/// Who the journal names for villages listed before the list travelled.
const VILLAGES_LISTED_BEFORE: &str = "Rà soát: danh sách thôn có từ trước / villages listed before";

/// Writes a batch for `recipient` (an installation enrolled here) with every entry it has not
/// acknowledged, encrypted to it and signed by this installation.
pub fn export_batch(store: &mut Store, recipient: &str, at: UnixMillis) -> Result<Vec<u8>> {
    Ok(export_batch_page(store, recipient, at, usize::MAX)?.bytes)
}

/// One page of what `recipient` lacks: a batch file, and whether more remains after it.
#[derive(Debug, Clone)]
pub struct BatchPage {
    pub bytes: Vec<u8>,
    pub more: bool,
}

/// Like `export_batch`, but with about `max_entries` entries: what a sync server answers a pull
/// with, so a cut link loses at most one page. The page is a batch like any other: for each
/// origin, the entries right after what `recipient` acknowledged, so once it imported the page
/// its next receipt is the cursor of the next one. A page never holds an entry whose round's
/// creation, or the content it builds on, the recipient would lack (a record cannot be applied
/// without its round, and a step is judged from the content it builds on): each origin's
/// entries stop before such an entry (`page_ranges`).
pub fn export_batch_page(
    store: &mut Store,
    recipient: &str,
    at: UnixMillis,
    max_entries: usize,
) -> Result<BatchPage> {
    let this = ensure_identity(store, at)?;
    // A commune's villages listed before its list travelled go with its next batch, whatever
    // makes it (the window, `rasoat batch export`, a sync pass): the app journals them, as the
    // upgrade of the list, not a person's change.
    store.journal_unsent_villages(VILLAGES_LISTED_BEFORE, at)?;
    let to = peer(store, recipient)?
        .filter(|p| p.enrolled_by.is_none())
        .ok_or_else(|| BatchError::NotEnrolled {
            id: recipient.to_string(),
        })?;
    let recipient_key = <age::x25519::Recipient as std::str::FromStr>::from_str(
        &to.card.encryption_key,
    )
    .map_err(|_| BatchError::CardKey {
        which: CardKey::Encryption,
    })?;
    let acks = acknowledged(store, recipient)?;
    let status = store.status_vector()?;
    let (page, more) = page_ranges(store, recipient, &acks, &status, max_entries)?;
    let mut requires = BTreeMap::new();
    let mut ranges = BTreeMap::new();
    let mut withheld: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
    let mut entries: Vec<SignedEntry> = Vec::new();
    // The recipient gets the households of its units only; the seqs left out (and those this
    // store was itself never sent) are named, so its status vector passes over them.
    let reader = authorise::card_scope(&to.card);
    let units = store.unit_tree()?;
    for (origin, (acked, last)) in page {
        let chunk: Vec<JournalEntry> = store.journal_between(&origin, acked, last)?;
        requires.insert(origin.clone(), acked);
        ranges.insert(origin.clone(), (acked + 1, last));
        let mut next = acked + 1;
        let mut left_out: Vec<(i64, i64)> = Vec::new();
        let mut leave_out = |from: i64, to: i64| {
            if from > to {
                return;
            }
            match left_out.last_mut() {
                Some(range) if range.1 + 1 == from => range.1 = to,
                _ => left_out.push((from, to)),
            }
        };
        for entry in chunk {
            leave_out(next, entry.seq - 1);
            next = entry.seq + 1;
            if !reader
                .as_ref()
                .is_some_and(|scope| authorise::readable(scope, &units, &entry))
            {
                leave_out(entry.seq, entry.seq);
                continue;
            }
            // A journal row edited in the file is never signed and sent on.
            if implied_content_hash(&entry.entity, &entry.payload).as_deref()
                != Some(entry.content_hash.as_str())
            {
                return Err(BatchError::ContentHash {
                    origin: entry.origin.clone(),
                    seq: entry.seq,
                    household: authorise::household_named(&entry),
                });
            }
            let signature = if origin == this.installation_id() {
                this.sign(entry_signed(&entry).bytes()).to_bytes()
            } else {
                stored_signature(store, &entry.origin, entry.seq)?
            };
            entries.push(SignedEntry { entry, signature });
        }
        leave_out(next, last);
        if !left_out.is_empty() {
            withheld.insert(origin.clone(), left_out);
        }
    }
    if entries.is_empty() && withheld.is_empty() {
        return Err(BatchError::NothingToSend {
            recipient: recipient.to_string(),
        });
    }
    // The log rides along with the entries, never makes a batch alone: every unlock writes a
    // sign-in row, so a batch of log rows alone would never let "nothing new to send" be said.
    let outgoing = actions::outgoing(store, &this, recipient, reader.as_ref(), &units)?;
    // Relayed rows need their origin vouched for like relayed entries do.
    let origins: BTreeSet<&String> = ranges
        .keys()
        .chain(outgoing.rows.iter().map(|row| &row.action.origin))
        .collect();
    let mut certificates = certificates_for(store, &this, origins.into_iter(), recipient)?;
    // The recipient's own certificate from the office that enrolled it: the office and unit
    // this installation vouches it for and the period granted, which the recipient keeps to
    // show how it is certified. Only an office that may vouch for it issues one.
    if let Some(validity) = to.validity {
        let this_card = this.card(store)?;
        if super::verify::may_vouch(&units, &this_card, &to.card) {
            certificates.push(EnrolmentCertificate::issue(
                &this,
                to.card.clone(),
                validity,
            ));
        }
    }
    let mut answers = Vec::new();
    let mut seen = BTreeSet::new();
    for signed in &entries {
        if let Some(hash) = merge::answers_hash_of(&signed.entry)? {
            if seen.insert(hash.clone()) {
                let json = store.answers_json(&hash)?.ok_or_else(|| {
                    BatchError::Payload(format!("answers {hash} missing from this store"))
                })?;
                answers.push((hash, json));
            }
        }
    }
    let version = FORMAT_VERSION;
    let payload = encode_payload(&certificates, &answers, &entries, &outgoing.rows)?;
    let compressed = compress(&payload, max_entries != usize::MAX)
        .map_err(|source| BatchError::Compress { source })?;
    let body = age::encrypt(&recipient_key, &compressed)
        .map_err(|source| BatchError::Encrypt { source })?;
    let round = store.current_round().ok().map(|r| r.label());
    let manifest = Manifest {
        format: "rasoat-batch".to_string(),
        version,
        batch_id: rasoat_store::new_id(at).to_string(),
        sender: this.installation_id().to_string(),
        recipient: recipient.to_string(),
        round,
        created_at: at,
        requires,
        ranges,
        n_entries: entries.len() as u64,
        n_answers: answers.len() as u64,
        n_certificates: certificates.len() as u64,
        payload_size: payload.len() as u64,
        payload_hash: to_hex(&sha256(&payload)),
        withheld,
        n_actions: outgoing.rows.len() as u64,
    };
    let manifest_json =
        serde_json::to_vec(&manifest).map_err(|source| BatchError::Encode { source })?;
    let mut file = Vec::with_capacity(body.len() + manifest_json.len() + 100);
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&version.to_be_bytes());
    file.extend_from_slice(&(manifest_json.len() as u32).to_be_bytes());
    file.extend_from_slice(&manifest_json);
    file.extend_from_slice(&(body.len() as u64).to_be_bytes());
    file.extend_from_slice(&body);
    let signature = this.sign(file_signed(&file).bytes());
    file.extend_from_slice(&signature.to_bytes());
    // Each row goes to each office once: the next batch for this recipient carries later rows
    // only (docs/batch-format.md says what a batch lost on the way takes with it).
    if !outgoing.rows.is_empty() {
        store.mark_actions_sent(recipient, &outgoing.own, &outgoing.relayed)?;
    }
    Ok(BatchPage { bytes: file, more })
}

/// zstd at [`ZSTD_LEVEL`]. For a bounded page (`paged`) its match window and search tables are
/// capped at [`ZSTD_PAGE_WINDOW_LOG`]: at level 19 zstd sizes them for the whole payload (an
/// 8 MiB window and about 90 MiB of tables per call), which a server building pages for
/// several callers at once cannot afford (under the hostile load its peak fell from 420 to
/// 256 MiB). A whole batch file, made once on a laptop, keeps the full window: the cap made it
/// 3.6 % larger.
fn compress(payload: &[u8], paged: bool) -> std::io::Result<Vec<u8>> {
    use zstd::stream::raw::CParameter;
    let mut compressor = zstd::bulk::Compressor::new(ZSTD_LEVEL)?;
    if paged {
        compressor.set_parameter(CParameter::WindowLog(ZSTD_PAGE_WINDOW_LOG))?;
        compressor.set_parameter(CParameter::HashLog(ZSTD_PAGE_WINDOW_LOG))?;
        compressor.set_parameter(CParameter::ChainLog(ZSTD_PAGE_WINDOW_LOG))?;
    }
    compressor.compress(payload)
}

/// Per origin, the entries of a page after the acknowledged seq, up to the last one carried.
pub(super) type PageRanges = BTreeMap<String, (i64, i64)>;

/// Per origin, the entries a page carries: `(acknowledged, last)`, at most `max_entries` in
/// all, and whether entries remain beyond them.
///
/// A cut page stops each origin's entries just before the first one that names a round whose
/// creation, or builds on content whose entry, the recipient neither holds nor gets in the
/// page, and hands the entries freed to the origins after it: pages are filled origin by
/// origin, so an enumerator's correction of a returned form could otherwise come a page before
/// the commune's return, and the recipient judges each step from the content it builds on
/// (`review_steps.rs`). Stopping, rather than adding what is lacking, keeps the page within its
/// budget (a district's first pull could otherwise become most of the district in one page).
/// The page still moves on: of the first entries not yet sent of each origin, the one this
/// store took earliest builds on content and names rounds it took earlier still, whose own
/// origins' first unsent entries come before it, so what it needs was sent already.
pub(super) fn page_ranges(
    store: &Store,
    recipient: &str,
    acks: &BTreeMap<String, i64>,
    status: &BTreeMap<String, i64>,
    max_entries: usize,
) -> Result<(PageRanges, bool)> {
    let max = i64::try_from(max_entries.max(1)).unwrap_or(i64::MAX);
    let acked = |origin: &str| acks.get(origin).copied().unwrap_or(0);
    let mut page = PageRanges::new();
    let mut blocked: BTreeSet<String> = BTreeSet::new();
    fill(&mut page, recipient, acks, status, &blocked, max);
    let remains = |page: &PageRanges| {
        status.iter().any(|(origin, held)| {
            origin != recipient && *held > page.get(origin).map_or(acked(origin), |r| r.1)
        })
    };
    if !remains(&page) {
        return Ok((page, false));
    }
    let first_fill = page.clone();
    let mut needs: BTreeMap<String, Needs> = BTreeMap::new();
    let mut creations: BTreeMap<String, Option<(String, i64)>> = BTreeMap::new();
    loop {
        for (origin, (from, last)) in &page {
            let need = needs.entry(origin.clone()).or_insert_with(|| Needs {
                scanned: *from,
                ..Needs::default()
            });
            if *last > need.scanned {
                need.read(store, &mut creations, origin, *last)?;
            }
        }
        // Cutting one origin may leave another's entry without what it needs: until none does.
        loop {
            let mut cuts: Vec<(String, i64)> = Vec::new();
            for (origin, (from, last)) in &page {
                let reached = |o: &str, seq: i64| {
                    o == recipient
                        || seq <= acked(o)
                        || page.get(o).is_some_and(|(_, to)| seq <= *to)
                };
                if let Some(seq) = needs
                    .get(origin)
                    .and_then(|need| need.first_lacking(*from, *last, &reached))
                {
                    cuts.push((origin.clone(), seq));
                }
            }
            if cuts.is_empty() {
                break;
            }
            for (origin, seq) in cuts {
                if let Some(range) = page.get_mut(&origin) {
                    range.1 = seq - 1;
                }
                blocked.insert(origin);
            }
        }
        let used: i64 = page.values().map(|(from, last)| last - from).sum();
        if fill(&mut page, recipient, acks, status, &blocked, max - used) == 0 {
            break;
        }
    }
    page.retain(|_, (from, last)| last > from);
    if page.is_empty() {
        // Only when this store took content after an entry building on it (nothing it makes or
        // takes now does that): the page is filled as it was before steps were judged, with the
        // creations of the rounds it names.
        page = with_round_creations(store, recipient, acks, status, first_fill)?;
    }
    let more = remains(&page);
    Ok((page, more))
}

/// Hands up to `free` entries to the origins not `blocked`, in order, after what `page` carries
/// of each; how many it handed.
fn fill(
    page: &mut PageRanges,
    recipient: &str,
    acks: &BTreeMap<String, i64>,
    status: &BTreeMap<String, i64>,
    blocked: &BTreeSet<String>,
    mut free: i64,
) -> i64 {
    let mut handed = 0;
    for (origin, held) in status {
        if free <= 0 {
            break;
        }
        if origin == recipient || blocked.contains(origin) {
            continue;
        }
        let acked = acks.get(origin).copied().unwrap_or(0);
        let from = page.get(origin).map_or(acked, |r| r.1);
        if *held <= from {
            continue;
        }
        let take = (*held - from).min(free);
        page.entry(origin.clone()).or_insert((acked, acked)).1 = from + take;
        free -= take;
        handed += take;
    }
    handed
}

/// What the survey entries of one origin in a page need the recipient to hold, read up to
/// `scanned`: for each entry building on content, every entry of this store holding it; for each
/// round named, the first seq naming it and the entry creating it.
#[derive(Default)]
struct Needs {
    scanned: i64,
    parents: Vec<(i64, Vec<(String, i64)>)>,
    rounds: Vec<(i64, (String, i64))>,
}

impl Needs {
    /// Reads the needs of `origin`'s entries after `scanned` up to `last`.
    fn read(
        &mut self,
        store: &Store,
        creations: &mut BTreeMap<String, Option<(String, i64)>>,
        origin: &str,
        last: i64,
    ) -> Result<()> {
        for held in store.parents_of_between(origin, self.scanned, last)? {
            match self.parents.last_mut() {
                Some((seq, holders)) if *seq == held.child_seq => {
                    holders.push((held.origin, held.seq));
                }
                _ => self
                    .parents
                    .push((held.child_seq, vec![(held.origin, held.seq)])),
            }
        }
        for (round, seq) in store.rounds_first_named_between(origin, self.scanned, last)? {
            let created = match creations.get(&round) {
                Some(known) => known.clone(),
                None => {
                    let created = store.round_creation(&round)?;
                    creations.insert(round, created.clone());
                    created
                }
            };
            if let Some(created) = created {
                self.rounds.push((seq, created));
            }
        }
        self.scanned = last;
        Ok(())
    }

    /// The first seq in `from < seq <= last` whose round's creation or parent content is not
    /// `reached`.
    fn first_lacking(
        &self,
        from: i64,
        last: i64,
        reached: &dyn Fn(&str, i64) -> bool,
    ) -> Option<i64> {
        let within = |seq: i64| seq > from && seq <= last;
        let parents = self
            .parents
            .iter()
            .filter(|(seq, holders)| {
                within(*seq) && !holders.iter().any(|(o, held)| reached(o, *held))
            })
            .map(|(seq, _)| *seq);
        let rounds = self
            .rounds
            .iter()
            .filter(|(seq, (o, created))| within(*seq) && !reached(o, *created))
            .map(|(seq, _)| *seq);
        parents.chain(rounds).min()
    }
}

/// `page` with the creation of every round its survey entries name when the recipient may lack
/// it, until nothing more is needed (rounds are few, so this ends quickly).
fn with_round_creations(
    store: &Store,
    recipient: &str,
    acks: &BTreeMap<String, i64>,
    status: &BTreeMap<String, i64>,
    mut page: PageRanges,
) -> Result<PageRanges> {
    let mut checked: BTreeSet<String> = BTreeSet::new();
    let mut scanned: BTreeMap<String, i64> = BTreeMap::new();
    loop {
        let mut rounds: BTreeSet<String> = BTreeSet::new();
        for (origin, (acked, last)) in &page {
            let from = scanned.get(origin).copied().unwrap_or(*acked).max(*acked);
            for round in store.rounds_named_between(origin, from, *last)? {
                if !checked.contains(&round) {
                    rounds.insert(round);
                }
            }
        }
        for (origin, (_, last)) in &page {
            scanned.insert(origin.clone(), *last);
        }
        if rounds.is_empty() {
            return Ok(page);
        }
        for round in rounds {
            let created = store.round_creation(&round)?;
            checked.insert(round);
            let Some((origin, seq)) = created else {
                continue;
            };
            let acked = acks.get(&origin).copied().unwrap_or(0);
            let held = status.get(&origin).copied().unwrap_or(0);
            if origin == recipient || seq <= acked || seq > held {
                continue;
            }
            let range = page.entry(origin).or_insert((acked, acked));
            range.1 = range.1.max(seq);
        }
    }
}

/// What `recipient` acknowledged holding, per origin (from its receipts).
pub fn acknowledged(store: &Store, recipient: &str) -> Result<BTreeMap<String, i64>> {
    Ok(store.acknowledged(recipient)?)
}

pub(super) fn stored_signature(store: &Store, origin: &str, seq: i64) -> Result<[u8; 64]> {
    store
        .entry_signature(origin, seq)?
        .and_then(|b| <[u8; 64]>::try_from(b.as_slice()).ok())
        .ok_or_else(|| BatchError::EntrySignature {
            origin: origin.to_string(),
            seq,
        })
}

/// A certificate for every relayed origin: issued here for installations enrolled here, the
/// stored one for installations vouched for by another.
pub(super) fn certificates_for<'a>(
    store: &Store,
    this: &Identity,
    origins: impl Iterator<Item = &'a String>,
    recipient: &str,
) -> Result<Vec<EnrolmentCertificate>> {
    let mut out = Vec::new();
    for origin in origins {
        if origin == this.installation_id() || origin == recipient {
            continue;
        }
        let known =
            peer(store, origin)?.ok_or_else(|| BatchError::NotEnrolled { id: origin.clone() })?;
        match (&known.enrolled_by, &known.certificate) {
            // Enrolled here: vouched for with the period granted here. Every enrolment since
            // periods exist has one, and the migration gave older enrolments the default.
            (None, _) => out.push(EnrolmentCertificate::issue(
                this,
                known.card,
                known
                    .validity
                    .ok_or_else(|| BatchError::CertificateWithoutPeriod {
                        installation: origin.clone(),
                    })?,
            )),
            // Vouched for by another: relayed as signed (without a period when an older
            // version signed it, which the recipient refuses in plain words).
            (Some(issuer), Some(signature)) => out.push(EnrolmentCertificate {
                card: known.card,
                issuer: issuer.clone(),
                validity: known.validity,
                signature: signature.clone(),
            }),
            (Some(_), None) => {
                return Err(BatchError::NotEnrolled { id: origin.clone() });
            }
        }
    }
    Ok(out)
}
