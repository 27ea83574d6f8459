//! Reading a batch without writing: the sender's signature, the recipient, decryption,
//! bounded decompression, every entry's origin signature, and the entries against this store.

use super::*;
use crate::identity::IdentityCard;

/// Reads and checks a batch without writing anything: what `rasoat batch verify` prints and
/// what `import_batch` does before it writes.
pub fn verify_batch(store: &Store, bytes: &[u8]) -> Result<VerifiedBatch> {
    verify_batch_observed(store, bytes, |_| {})
}

/// The stages of `verify_batch`, in order, for a progress bar: decryption and the entries'
/// signatures are what takes time in a large batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyStep {
    /// The file's shape and the sender's signature.
    Signature,
    /// Decryption and decompression of the payload.
    Decrypt,
    /// Every entry's origin signature, then the entries against this store.
    Entries,
}

/// `verify_batch`, telling `step` as each stage starts (the desktop's progress bar).
pub fn verify_batch_observed(
    store: &Store,
    bytes: &[u8],
    step: impl FnMut(VerifyStep),
) -> Result<VerifiedBatch> {
    let mut step = step;
    let opened = open_batch(store, bytes, &mut step)?;
    if let Some(verified) = settle(store, opened)? {
        return Ok(verified);
    }
    // Another process (the sync task, a CLI command) enrolled or vouched for an installation
    // between the two: open the file again against the store as it is now.
    settle(store, open_batch(store, bytes, &mut step)?)?
        .ok_or_else(|| BatchError::Payload("origin keys changed while verifying".into()))
}

/// A batch opened and its signatures checked: the costly part of verification, which reads
/// from the store only the identities and keys it trusts. `import_batches` opens the next
/// file on a second core, on a reading connection, while this one is written; [`settle`]
/// then checks it against the store as it is by then.
pub(super) struct OpenedBatch {
    manifest: Manifest,
    file_hash: String,
    entries: Vec<SignedEntry>,
    answers: Vec<(String, String)>,
    certificates: Vec<EnrolmentCertificate>,
    actions: Vec<actions::SignedAction>,
    /// The keys the signatures were checked with, by origin.
    keys: BTreeMap<String, VerifyingKey>,
}

pub(super) fn open_batch(
    store: &Store,
    bytes: &[u8],
    mut step: impl FnMut(VerifyStep),
) -> Result<OpenedBatch> {
    step(VerifyStep::Signature);
    let parts = split_file(bytes)?;
    let manifest = parts.manifest;
    let this = identity(store)?;
    if manifest.sender == this.installation_id() {
        return Err(BatchError::FromSelf);
    }
    let sender = enrolled_sender(store, &manifest)?;
    sender
        .signing_key
        .verify(
            file_signed(&bytes[..parts.signed_len]).bytes(),
            &parts.signature,
        )
        .map_err(|_| BatchError::BadSignature {
            what: "lô / batch"
        })?;
    if manifest.recipient != this.installation_id() {
        return Err(BatchError::WrongRecipient {
            recipient: manifest.recipient.clone(),
            this: this.installation_id().to_string(),
        });
    }
    let file_hash = to_hex(&sha256(bytes));
    if manifest.payload_size > MAX_PAYLOAD_BYTES {
        return Err(BatchError::TooLarge {
            what: "nội dung giải nén / decompressed payload",
            size: manifest.payload_size,
            limit: MAX_PAYLOAD_BYTES,
        });
    }
    step(VerifyStep::Decrypt);
    let compressed = age::decrypt(this.age_identity(), parts.body)
        .map_err(|source| BatchError::Decrypt { source })?;
    let payload = decompress(&compressed, manifest.payload_size)?;
    if to_hex(&sha256(&payload)) != manifest.payload_hash {
        return Err(BatchError::PayloadMismatch("payload_hash".into()));
    }
    let (certificates, answers, entries, actions) = decode_payload(&payload, manifest.version)?;
    if entries.len() as u64 != manifest.n_entries
        || answers.len() as u64 != manifest.n_answers
        || certificates.len() as u64 != manifest.n_certificates
        || actions.len() as u64 != manifest.n_actions
    {
        return Err(BatchError::PayloadMismatch("counts".into()));
    }
    step(VerifyStep::Entries);
    let keys = origin_keys(store, &this, &certificates)?;
    check_entries(&manifest, &entries, &keys)?;
    Ok(OpenedBatch {
        manifest,
        file_hash,
        entries,
        answers,
        certificates,
        actions,
        keys,
    })
}

/// The sender, enrolled here directly and not revoked.
fn enrolled_sender(store: &Store, manifest: &Manifest) -> Result<crate::identity::Peer> {
    let sender = peer(store, &manifest.sender)?
        .filter(|p| p.enrolled_by.is_none())
        .ok_or_else(|| BatchError::UnknownSender {
            sender: manifest.sender.clone(),
        })?;
    if let Some(revoked) = store.revocation(&manifest.sender)? {
        return Err(authorise::revoked(&revoked.revocation));
    }
    Ok(sender)
}

/// An opened batch checked against `store` as it is now: the sender still enrolled and not
/// revoked, the keys still those the signatures were checked with (a batch applied since
/// may have vouched for an installation, or revoked one), the action log's rows, what is
/// already held and what is missing. `None` when the keys changed: open the file again.
pub(super) fn settle(store: &Store, opened: OpenedBatch) -> Result<Option<VerifiedBatch>> {
    let this = identity(store)?;
    let sender = enrolled_sender(store, &opened.manifest)?;
    let keys = origin_keys(store, &this, &opened.certificates)?;
    if keys != opened.keys || opened.keys.get(&opened.manifest.sender) != Some(&sender.signing_key)
    {
        return Ok(None);
    }
    actions::check_actions(store, &this, &opened.actions, &keys)?;
    let hashed_by_sender = opened.manifest.version < 4;
    let n_new_entries = check_against_store(
        store,
        &opened.manifest,
        &opened.entries,
        &opened.answers,
        hashed_by_sender,
    )?;
    Ok(Some(VerifiedBatch {
        already_imported: store.batch_imported(&opened.manifest.batch_id)?,
        manifest: opened.manifest,
        file_hash: opened.file_hash,
        n_new_entries,
        entries: opened.entries,
        answers: opened.answers,
        certificates: opened.certificates,
        actions: opened.actions,
    }))
}

/// Decompresses at most `declared` bytes: a payload that expands beyond what its signed
/// manifest declares is refused as soon as it does, without reading the rest.
pub(super) fn decompress(compressed: &[u8], declared: u64) -> Result<Vec<u8>> {
    let decoder = zstd::stream::read::Decoder::new(compressed)
        .map_err(|source| BatchError::Decompress { source })?;
    // Grow as the data really comes, never by the declared size up front.
    let mut out = Vec::with_capacity(usize::try_from(declared.min(1 << 20)).unwrap_or(0));
    decoder
        .take(declared.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|source| BatchError::Decompress { source })?;
    if out.len() as u64 != declared {
        return Err(BatchError::PayloadMismatch(format!(
            "kích thước giải nén khác mô tả / decompressed size differs from the manifest ({} vs {declared})",
            if out.len() as u64 > declared { "more".to_string() } else { out.len().to_string() }
        )));
    }
    Ok(out)
}

/// The signing key of every origin whose entries this installation accepts in this batch:
/// itself, its peers, and installations certified by a peer enrolled here.
pub(super) fn origin_keys(
    store: &Store,
    this: &Identity,
    certificates: &[EnrolmentCertificate],
) -> Result<BTreeMap<String, VerifyingKey>> {
    let mut keys = BTreeMap::new();
    let units = store.unit_tree()?;
    keys.insert(this.installation_id().to_string(), this.verifying_key());
    // Certificates form chains: the server vouches for a commune it enrolled, the commune for
    // its enumerators, so a desktop that enrolled only the server reads entries relayed from
    // an enumerator. A certificate is accepted once its issuer is trusted here (this
    // installation, an installation enrolled here, or the subject of a certificate already
    // accepted in this batch), each link only narrowing office and units.
    let mut vouched: BTreeMap<String, IdentityCard> = BTreeMap::new();
    let mut pending: Vec<&EnrolmentCertificate> = certificates.iter().collect();
    while !pending.is_empty() {
        let mut waiting = Vec::new();
        let mut progressed = false;
        for certificate in pending {
            let subject = &certificate.card.installation;
            if certificate.issuer == this.installation_id() {
                // This installation's own certificate coming back: an enumerator's entries
                // relayed by a sibling enumerator, vouched for by the commune that now receives
                // them. Its signature is checked with this installation's key, and the subject
                // must be the peer enrolled here (the key comparison below).
                let key = certificate.verify(&this.verifying_key())?;
                let known = peer(store, subject)?.filter(|p| p.enrolled_by.is_none());
                if known.as_ref().map(|p| p.signing_key) != Some(key) {
                    return Err(BatchError::Certificate {
                        subject: subject.clone(),
                        reason: "khóa khác với khóa đã đăng ký / key differs from the enrolled one"
                            .into(),
                    });
                }
                keys.insert(subject.clone(), key);
                if let Some(known) = known {
                    vouched.insert(subject.clone(), known.card);
                }
                progressed = true;
                continue;
            }
            let issuer = match peer(store, &certificate.issuer)?.filter(|p| p.enrolled_by.is_none())
            {
                Some(direct) => Some((direct.card, direct.signing_key)),
                None => vouched
                    .get(&certificate.issuer)
                    .zip(keys.get(&certificate.issuer))
                    .map(|(card, key)| (card.clone(), *key)),
            };
            let Some((issuer_card, issuer_key)) = issuer else {
                waiting.push(certificate);
                continue;
            };
            check_within(&units, &issuer_card, certificate)?;
            let key = certificate.verify(&issuer_key)?;
            if let Some(known) = peer(store, subject)? {
                if known.signing_key != key {
                    return Err(BatchError::Certificate {
                        subject: subject.clone(),
                        reason: "khóa khác với khóa đã biết / key differs from the known one"
                            .into(),
                    });
                }
            }
            if keys.get(subject).is_some_and(|k| *k != key) {
                return Err(BatchError::Certificate {
                    subject: subject.clone(),
                    reason: "hai chứng nhận với hai khóa khác nhau / two certificates, two keys"
                        .into(),
                });
            }
            keys.insert(subject.clone(), key);
            vouched.insert(subject.clone(), certificate.card.clone());
            progressed = true;
        }
        if !progressed {
            // No chain reaches an installation trusted here.
            let first = waiting[0];
            return Err(BatchError::Certificate {
                subject: first.card.installation.clone(),
                reason: format!(
                    "máy chứng nhận {} chưa được đăng ký ở đây / issuer not enrolled here",
                    first.issuer
                ),
            });
        }
        pending = waiting;
    }
    let ids = store.peer_ids()?;
    for id in ids {
        if keys.contains_key(&id) {
            continue;
        }
        if let Some(known) = peer(store, &id)? {
            keys.insert(id, known.signing_key);
        }
    }
    Ok(keys)
}

/// An issuer vouches only within its own office and units: a commune for its own commune's
/// enumerators, never for another unit, a higher office, or itself; an enumerator for nobody.
fn check_within(
    units: &rasoat_domain::authorisation::UnitTree,
    issuer: &IdentityCard,
    certificate: &EnrolmentCertificate,
) -> Result<()> {
    let subject = &certificate.card;
    if issuer.role == "enumerator" || issuer.installation == subject.installation {
        return Err(BatchError::Certificate {
            subject: subject.installation.clone(),
            reason: "máy chứng nhận không có quyền / issuer may not vouch".into(),
        });
    }
    if !may_vouch(units, issuer, subject) {
        return Err(BatchError::Certificate {
            subject: subject.installation.clone(),
            reason: format!(
                "máy chứng nhận không phụ trách đơn vị {} / the issuer does not serve that unit or role",
                subject.unit_code
            ),
        });
    }
    Ok(())
}

/// Whether `issuer` may vouch for `subject`: neither an enumerator nor itself, an office at
/// least as high, serving the subject's unit.
pub(super) fn may_vouch(
    units: &rasoat_domain::authorisation::UnitTree,
    issuer: &IdentityCard,
    subject: &IdentityCard,
) -> bool {
    if issuer.role == "enumerator" || issuer.installation == subject.installation {
        return false;
    }
    match (
        authorise::card_scope(issuer),
        authorise::card_scope(subject),
    ) {
        (Some(issuer_scope), Some(subject_scope)) => {
            subject_scope.office <= issuer_scope.office
                && rasoat_domain::authorisation::covers(&issuer_scope, units, &subject.unit_code)
        }
        _ => false,
    }
}

/// Every entry signed by its origin, in the ranges the manifest declares, contiguous.
///
/// The checks answer as if each entry were checked in turn (the first failing entry names the
/// error), but the signatures are verified together: Ed25519 batch verification costs about a
/// third of checking one by one, and the signatures are most of the time a large import takes.
/// When a batch of signatures fails, they are checked one by one to name the bad entry.
pub(super) fn check_entries(
    manifest: &Manifest,
    entries: &[SignedEntry],
    keys: &BTreeMap<String, VerifyingKey>,
) -> Result<()> {
    check_withheld(manifest)?;
    let mut next: BTreeMap<&str, i64> = BTreeMap::new();
    let mut signers: Vec<VerifyingKey> = Vec::with_capacity(entries.len());
    // The first entry that fails a check other than its signature, and why.
    let mut first_error: Option<BatchError> = None;
    for signed in entries {
        let e = &signed.entry;
        let Some(key) = keys.get(&e.origin).copied() else {
            first_error = Some(BatchError::UnknownOrigin {
                origin: e.origin.clone(),
                seq: e.seq,
            });
            break;
        };
        signers.push(key);
        if let Err(error) = check_entry_shape(manifest, e, &mut next) {
            first_error = Some(error);
            break;
        }
    }
    // Entries up to the first error (and that entry itself, when its origin is known) must be
    // signed: a bad signature there is reported first, as a check in order would.
    verify_signatures(&entries[..signers.len()], &signers)?;
    if let Some(e) = first_error {
        return Err(e);
    }
    for (origin, (first, last)) in &manifest.ranges {
        let reached = skip_withheld(
            manifest,
            origin,
            next.get(origin.as_str()).copied().unwrap_or(*first),
        );
        if reached != last + 1 || *first < 1 {
            return Err(BatchError::PayloadMismatch(format!(
                "entries of {origin} do not fill the declared range"
            )));
        }
    }
    Ok(())
}

/// An entry's seq the next of its origin's declared range, its entity id well formed.
pub(super) fn check_entry_shape<'a>(
    manifest: &Manifest,
    e: &'a JournalEntry,
    next: &mut BTreeMap<&'a str, i64>,
) -> Result<()> {
    let (first, last) = manifest.ranges.get(&e.origin).copied().ok_or_else(|| {
        BatchError::PayloadMismatch(format!("origin {} not in the manifest", e.origin))
    })?;
    let expected = next.entry(e.origin.as_str()).or_insert(first);
    *expected = skip_withheld(manifest, &e.origin, *expected);
    if e.seq != *expected || e.seq > last {
        return Err(BatchError::PayloadMismatch(format!(
            "entry {}#{} out of the declared range",
            e.origin, e.seq
        )));
    }
    *expected += 1;
    if implied_content_hash(&e.entity, &e.payload).as_deref() != Some(e.content_hash.as_str()) {
        return Err(BatchError::ContentHash {
            origin: e.origin.clone(),
            seq: e.seq,
            household: super::authorise::household_named(e),
        });
    }
    if matches!(e.entity.as_str(), "survey" | "opening_review")
        && e.entity_id.split_once('/').is_none()
    {
        return Err(BatchError::Payload(format!(
            "entry {}#{}: entity id malformed",
            e.origin, e.seq
        )));
    }
    Ok(())
}

/// Withheld ranges lie inside their origin's declared range, in order, without overlap.
fn check_withheld(manifest: &Manifest) -> Result<()> {
    for (origin, ranges) in &manifest.withheld {
        let (first, last) = manifest.ranges.get(origin).copied().ok_or_else(|| {
            BatchError::PayloadMismatch(format!("withheld origin {origin} not in the manifest"))
        })?;
        let mut after = first - 1;
        for (from, to) in ranges {
            if *from <= after || to < from || *to > last {
                return Err(BatchError::PayloadMismatch(format!(
                    "withheld entries of {origin} outside the declared range"
                )));
            }
            after = *to;
        }
    }
    Ok(())
}

/// The next seq an origin's entries must carry from `seq` on, past the withheld ones.
fn skip_withheld(manifest: &Manifest, origin: &str, mut seq: i64) -> i64 {
    for (from, to) in manifest.withheld.get(origin).into_iter().flatten() {
        if *from <= seq && seq <= *to {
            seq = to + 1;
        }
    }
    seq
}

/// Entries signed per batch verification: large enough that the shared work pays, small
/// enough to bound the memory of the signed messages held at once.
pub(super) const SIGNATURE_CHUNK: usize = 4096;

/// The fewest entries worth a thread of their own: below this, starting it costs more than
/// the share of the work it takes.
const SIGNATURES_PER_THREAD: usize = 256;

/// Verifies the entries' signatures together, chunk by chunk; a failing chunk is checked entry
/// by entry so the error names the first bad one. Batch verification accepts exactly the
/// signatures the signers' keys made (it is the cofactored equation, so it may also accept a
/// few odd encodings single verification refuses, which only the key's holder can make).
///
/// The entries are shared among the machine's cores: a district import spends a quarter of
/// its time here, and the office's computer has a second core the writing does not use. The
/// first failing part, in entry order, names the error, as one thread would.
pub(super) fn verify_signatures(entries: &[SignedEntry], signers: &[VerifyingKey]) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let share = entries
        .len()
        .div_ceil(cores.max(1))
        .clamp(SIGNATURES_PER_THREAD, SIGNATURE_CHUNK);
    if share >= entries.len() {
        return verify_signatures_here(entries, signers);
    }
    std::thread::scope(|scope| {
        let parts: Vec<_> = entries
            .chunks(share)
            .zip(signers.chunks(share))
            .map(|(part, keys)| scope.spawn(move || verify_signatures_here(part, keys)))
            .collect();
        parts.into_iter().try_for_each(|part| {
            part.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    })
}

/// `verify_signatures` on this thread.
fn verify_signatures_here(entries: &[SignedEntry], signers: &[VerifyingKey]) -> Result<()> {
    for (chunk, keys) in entries
        .chunks(SIGNATURE_CHUNK)
        .zip(signers.chunks(SIGNATURE_CHUNK))
    {
        let signed: Vec<Signed> = chunk.iter().map(|s| entry_signed(&s.entry)).collect();
        let messages: Vec<&[u8]> = signed.iter().map(Signed::bytes).collect();
        let signatures: Vec<Signature> = chunk
            .iter()
            .map(|s| Signature::from_bytes(&s.signature))
            .collect();
        if ed25519_dalek::verify_batch(&messages, &signatures, keys).is_ok() {
            continue;
        }
        for ((entry, key), (message, signature)) in
            chunk.iter().zip(keys).zip(messages.iter().zip(&signatures))
        {
            key.verify(message, signature)
                .map_err(|_| BatchError::EntrySignature {
                    origin: entry.entry.origin.clone(),
                    seq: entry.entry.seq,
                })?;
        }
        // Each passes alone yet not together: refuse rather than guess.
        let first = &chunk[0].entry;
        return Err(BatchError::EntrySignature {
            origin: first.origin.clone(),
            seq: first.seq,
        });
    }
    Ok(())
}

/// Prerequisites held, known entries identical, answers present: returns how many entries
/// are new here.
pub(super) fn check_against_store(
    store: &Store,
    manifest: &Manifest,
    entries: &[SignedEntry],
    answers: &[(String, String)],
    hashed_by_sender: bool,
) -> Result<usize> {
    let status = store.status_vector()?;
    let mut missing = Vec::new();
    for (origin, (first, _)) in &manifest.ranges {
        let held = status.get(origin).copied().unwrap_or(0);
        let needed = (*first - 1).max(manifest.requires.get(origin).copied().unwrap_or(0));
        if held < needed {
            missing.push(format!(
                "các mục {}..={} của máy {origin} / entries {}..={} of {origin}",
                held + 1,
                needed,
                held + 1,
                needed
            ));
        }
    }
    let mut n_new = 0;
    for signed in entries {
        let e = &signed.entry;
        let by_id = store.journal_entry(&e.id)?;
        let by_seq = store.journal_id_at(&e.origin, e.seq)?;
        match (by_id, by_seq) {
            (None, None) => n_new += 1,
            (Some(held), Some(_)) if held == *e => {}
            (None, Some(_)) => {
                // Another entry holds this origin's seq: two copies of one store wrote on.
                return Err(BatchError::Fork {
                    origin: e.origin.clone(),
                    seq: e.seq,
                });
            }
            _ => {
                return Err(BatchError::EntryMismatch {
                    id: e.id.clone(),
                    origin: e.origin.clone(),
                    seq: e.seq,
                })
            }
        }
    }
    let carried: BTreeSet<&str> = answers.iter().map(|(h, _)| h.as_str()).collect();
    // From version 4 the reader computed each hash from its text: nothing to compare.
    if hashed_by_sender {
        for (hash, json) in answers {
            if rasoat_store::journal::content_hash(json.as_bytes()) != *hash {
                return Err(BatchError::PayloadMismatch(format!("answers {hash}")));
            }
        }
    }
    for signed in entries {
        let hash = merge::answers_hash_of(&signed.entry).map_err(|_| {
            BatchError::Payload(format!(
                "entry {}#{}: payload malformed",
                signed.entry.origin, signed.entry.seq
            ))
        })?;
        if let Some(hash) = hash {
            if !carried.contains(hash.as_str()) && store.answers_json(&hash)?.is_none() {
                missing.push(format!("câu trả lời {hash} / answers {hash}"));
            }
        }
    }
    if !missing.is_empty() {
        return Err(BatchError::MissingPrerequisites(missing));
    }
    Ok(n_new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(origin: &str, last: i64, withheld: Vec<(i64, i64)>) -> Manifest {
        Manifest {
            format: "rasoat-batch".into(),
            version: FORMAT_VERSION,
            batch_id: "b".into(),
            sender: origin.into(),
            recipient: "r".into(),
            round: None,
            created_at: 0,
            requires: BTreeMap::new(),
            ranges: BTreeMap::from([(origin.to_string(), (1, last))]),
            n_entries: 0,
            n_answers: 0,
            n_certificates: 0,
            payload_size: 0,
            payload_hash: String::new(),
            withheld: if withheld.is_empty() {
                BTreeMap::new()
            } else {
                BTreeMap::from([(origin.to_string(), withheld)])
            },
            n_actions: 0,
        }
    }

    fn entry(seq: i64, payload: &str) -> JournalEntry {
        JournalEntry {
            id: format!("e-{seq}"),
            origin: "o".into(),
            seq,
            entity: "round".into(),
            entity_id: "r-1".into(),
            operation: "create".into(),
            parent_hash: None,
            content_hash: rasoat_store::journal::content_hash(payload.as_bytes()),
            recorded_at: 0,
            actor: "a".into(),
            reason: "r".into(),
            payload: payload.into(),
        }
    }

    #[test]
    fn an_entry_whose_payload_does_not_match_its_hash_is_refused() {
        let manifest = manifest("o", 1, vec![]);
        let mut next = BTreeMap::new();
        let good = entry(1, r#"{"year":2025}"#);
        assert!(check_entry_shape(&manifest, &good, &mut next).is_ok());
        let mut altered = entry(1, r#"{"year":2025}"#);
        altered.payload = r#"{"year":2026}"#.into();
        let mut next = BTreeMap::new();
        assert!(matches!(
            check_entry_shape(&manifest, &altered, &mut next),
            Err(BatchError::ContentHash { seq: 1, .. })
        ));
    }

    #[test]
    fn withheld_seqs_are_passed_over_and_must_lie_in_the_range() {
        let manifest = manifest("o", 5, vec![(2, 3)]);
        check_withheld(&manifest).expect("inside the range");
        let entries: Vec<JournalEntry> = (1..=5).map(|seq| entry(seq, "{}")).collect();
        let mut next = BTreeMap::new();
        for seq in [1, 4, 5] {
            check_entry_shape(&manifest, &entries[seq - 1], &mut next).expect("in order");
        }
        assert_eq!(skip_withheld(&manifest, "o", next["o"]), 6);
        // An entry inside a withheld range is out of order.
        let mut next = BTreeMap::new();
        check_entry_shape(&manifest, &entries[0], &mut next).expect("first");
        assert!(check_entry_shape(&manifest, &entries[1], &mut next).is_err());
        for bad in [
            vec![(0, 1)],
            vec![(4, 6)],
            vec![(3, 2)],
            vec![(2, 3), (3, 4)],
        ] {
            assert!(
                check_withheld(&manifest_with(bad.clone())).is_err(),
                "{bad:?}"
            );
        }
    }

    fn manifest_with(withheld: Vec<(i64, i64)>) -> Manifest {
        manifest("o", 5, withheld)
    }

    fn signed_entries(n: i64, key: &ed25519_dalek::SigningKey) -> Vec<SignedEntry> {
        use ed25519_dalek::Signer;
        (1..=n)
            .map(|seq| {
                let entry = entry(seq, &format!("{{\"n\":{seq}}}"));
                let signature = key.sign(entry_signed(&entry).bytes()).to_bytes();
                SignedEntry { entry, signature }
            })
            .collect()
    }

    #[test]
    fn signatures_shared_among_threads_name_the_first_bad_entry() {
        let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
        let mut entries = signed_entries(600, &key);
        let signers = vec![key.verifying_key(); entries.len()];
        assert!(verify_signatures(&entries, &signers).is_ok());
        // On two cores the 600 entries are two parts of 300. Bad signatures in the later
        // part and in the earlier one: the earlier one is named, whichever finishes first.
        entries[550].signature[5] ^= 1;
        assert!(matches!(
            verify_signatures(&entries, &signers),
            Err(BatchError::EntrySignature { seq: 551, .. })
        ));
        entries[100].signature[5] ^= 1;
        assert!(matches!(
            verify_signatures(&entries, &signers),
            Err(BatchError::EntrySignature { seq: 101, .. })
        ));
        // Another origin's key for an entry is refused as that entry's bad signature.
        entries[100].signature[5] ^= 1;
        entries[550].signature[5] ^= 1;
        let mut wrong = signers.clone();
        wrong[399] = ed25519_dalek::SigningKey::from_bytes(&[8; 32]).verifying_key();
        assert!(matches!(
            verify_signatures(&entries, &wrong),
            Err(BatchError::EntrySignature { seq: 400, .. })
        ));
    }
}
