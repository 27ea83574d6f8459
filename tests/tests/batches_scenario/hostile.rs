//! Damaged and hostile batches: each is refused with a clear reason (Vietnamese, then English
//! after " / ") and the receiving store's every table is unchanged.

use ed25519_dalek::{Signer, SigningKey};
use rasoat_batch::{
    export_batch, export_receipt, import_batch, import_receipt, install_identity, IdentitySecrets,
    Manifest,
};
use rasoat_domain::workflow::Role;
use rasoat_store::Store;
use sha2::{Digest, Sha256};

use crate::support::{digest_all, enrol_both, household, site, survey, Site, AT};

const SEED: [u8; 32] = [7; 32];

/// An enumerator with a known signing seed (so the test can forge correctly signed files), a
/// commune, and a batch from the first to the second.
struct Bench {
    enumerator: Site,
    commune: Site,
    batch: Vec<u8>,
    seed_key: SigningKey,
}

fn bench() -> Bench {
    let mut enumerator = site_with_seed(Role::Enumerator);
    let mut commune = site(Role::Commune, "00721");
    enrol_both(&mut enumerator, &mut commune);
    survey(&mut enumerator, "00721", 0..5);
    let batch = export_batch(&mut enumerator.store, &commune.id, AT + 100).expect("export");
    Bench {
        enumerator,
        commune,
        batch,
        seed_key: SigningKey::from_bytes(&SEED),
    }
}

/// Like `site`, but with a signing key the test knows.
pub(crate) fn site_with_seed(role: Role) -> Site {
    let mut store = Store::open_in_memory().expect("store");
    store.load_reference_units().expect("units");
    let installation = store
        .init_installation(role, "00721", "thử", AT)
        .expect("init");
    let round = store
        .open_round(
            2025,
            rasoat_store::RoundKind::Periodic,
            None,
            "nd07-2021",
            "thử",
            AT,
        )
        .expect("round");
    use age::secrecy::ExposeSecret;
    let secrets = IdentitySecrets {
        signing_seed: SEED,
        encryption: age::x25519::Identity::generate()
            .to_string()
            .expose_secret()
            .to_string(),
    };
    let identity = install_identity(&mut store, &secrets, AT).expect("keys");
    let card = identity
        .card(&store)
        .expect("card")
        .to_file_bytes()
        .expect("bytes");
    Site {
        store,
        id: installation.id,
        card,
        round,
    }
}

/// Splits a batch into (manifest, body).
pub(crate) fn parts(batch: &[u8]) -> (Manifest, Vec<u8>) {
    let len = u32::from_be_bytes(batch[10..14].try_into().expect("len")) as usize;
    let manifest: Manifest = serde_json::from_slice(&batch[14..14 + len]).expect("manifest");
    let body_len =
        u64::from_be_bytes(batch[14 + len..22 + len].try_into().expect("body len")) as usize;
    (manifest, batch[22 + len..22 + len + body_len].to_vec())
}

/// A file laid out as format v1 says, signed with `key` (what a forger holding a real key, or
/// a buggy writer, could produce).
pub(crate) fn forge(key: &SigningKey, version: u16, manifest: &[u8], body: &[u8]) -> Vec<u8> {
    let mut file = b"RASOATBT".to_vec();
    file.extend_from_slice(&version.to_be_bytes());
    file.extend_from_slice(&(manifest.len() as u32).to_be_bytes());
    file.extend_from_slice(manifest);
    file.extend_from_slice(&(body.len() as u64).to_be_bytes());
    file.extend_from_slice(body);
    let mut message = Vec::new();
    message.extend_from_slice(&15u64.to_be_bytes());
    message.extend_from_slice(b"rasoat-batch-v1");
    message.extend_from_slice(&32u64.to_be_bytes());
    message.extend_from_slice(&Sha256::digest(&file));
    file.extend_from_slice(&key.sign(&message).to_bytes());
    file
}

/// A body holding `payload` compressed and encrypted to the commune.
pub(crate) fn body_for(commune: &Site, payload: &[u8]) -> Vec<u8> {
    let card: rasoat_batch::IdentityCard = serde_json::from_slice(&commune.card).expect("card");
    let recipient: age::x25519::Recipient = card.encryption_key.parse().expect("recipient");
    let compressed = zstd::bulk::compress(payload, 3).expect("zstd");
    age::encrypt(&recipient, &compressed).expect("encrypt")
}

pub(crate) fn refused(commune: &mut Site, file: &[u8], expect: &str) -> String {
    let before = digest_all(&commune.store);
    let err = import_batch(&mut commune.store, file, AT + 500).expect_err(expect);
    assert!(err.is_refusal(), "{expect}: {err}");
    let message = err.to_string();
    assert!(
        message.contains(" / "),
        "{expect}: Vietnamese / English: {message}"
    );
    assert!(
        message.to_lowercase().contains(expect),
        "{expect} not in: {message}"
    );
    assert_eq!(
        digest_all(&commune.store),
        before,
        "{expect}: store changed"
    );
    message
}

#[test]
fn damaged_files_are_refused_and_change_nothing() {
    let mut b = bench();
    let batch = b.batch.clone();
    let (manifest, _) = parts(&batch);
    let manifest_end = 14 + serde_json::to_vec(&manifest).expect("json").len();
    refused(&mut b.commune, &[], "empty file");
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    refused(&mut b.commune, &random, "not a rà soát batch");
    for cut in [
        4,
        9,
        12,
        14 + 20,
        manifest_end + 4,
        manifest_end + 200,
        batch.len() - 1,
    ] {
        refused(&mut b.commune, &batch[..cut], "truncated");
    }
    let mut flipped = batch.clone();
    flipped[14 + 30] ^= 0x01;
    let message = refused_any(&mut b.commune, &flipped);
    assert!(
        message.contains("manifest")
            || message.contains("signature")
            || message.contains("enrolled"),
        "{message}"
    );
    let mut flipped = batch.clone();
    flipped[manifest_end + 300] ^= 0x40;
    refused(&mut b.commune, &flipped, "invalid signature");
    let mut flipped = batch.clone();
    let last = flipped.len() - 10;
    flipped[last] ^= 0x01;
    refused(&mut b.commune, &flipped, "invalid signature");
    let mut longer = batch.clone();
    longer.extend_from_slice(b"extra");
    refused(&mut b.commune, &longer, "trailing bytes");
}

fn refused_any(commune: &mut Site, file: &[u8]) -> String {
    let before = digest_all(&commune.store);
    let err = import_batch(&mut commune.store, file, AT + 500).expect_err("refused");
    assert!(err.is_refusal(), "{err}");
    assert_eq!(digest_all(&commune.store), before, "store changed");
    err.to_string().to_lowercase()
}

#[test]
fn misaddressed_unknown_replayed_and_newer_batches_are_refused() {
    let mut b = bench();
    // A newer format version.
    let mut newer = b.batch.clone();
    newer[8..10].copy_from_slice(&(rasoat_batch::batch::FORMAT_VERSION + 1).to_be_bytes());
    refused(&mut b.commune, &newer, "newer rà soát");
    // A version 0 file is not ours.
    let mut zero = b.batch.clone();
    zero[9] = 0;
    refused(&mut b.commune, &zero, "not a rà soát batch");
    // A receipt is not a batch.
    let receipt = export_receipt(&mut b.commune.store, &b.enumerator.id, AT).expect("receipt");
    refused(&mut b.commune, &receipt, "not a rà soát batch");
    // For another installation (a second installation of the same commune, which the
    // enumerator may enrol).
    let mut other = site(Role::Commune, "00721");
    enrol_both(&mut b.enumerator, &mut other);
    let elsewhere = export_batch(&mut b.enumerator.store, &other.id, AT + 200).expect("export");
    refused(&mut b.commune, &elsewhere, "another installation");
    // From an installation the commune never enrolled.
    let mut stranger = site(Role::Enumerator, "00721");
    rasoat_batch::enrol(&mut stranger.store, &b.commune.card, AT).expect("enrol");
    survey(&mut stranger, "00721", 100..102);
    let strange = export_batch(&mut stranger.store, &b.commune.id, AT + 200).expect("export");
    refused(&mut b.commune, &strange, "not enrolled");
    // Its own batch coming back.
    let mut district = site(Role::District, "026");
    enrol_both(&mut b.commune, &mut district);
    import_batch(&mut b.commune.store, &b.batch, AT + 300).expect("import");
    let own = export_batch(&mut b.commune.store, &district.id, AT + 400).expect("export");
    refused(&mut b.commune, &own, "sent by this installation");
    // A replay of a batch already imported changes nothing and says so.
    let before = digest_all(&b.commune.store);
    let replay = import_batch(&mut b.commune.store, &b.batch, AT + 600).expect("replay");
    assert!(replay.already_imported);
    assert_eq!(digest_all(&b.commune.store), before);
}

#[test]
fn forged_and_oversized_payloads_are_refused() {
    let mut b = bench();
    let (manifest, body) = parts(&b.batch);
    let json = |m: &Manifest| serde_json::to_vec(m).expect("json");
    // Correctly signed, but the manifest lies about the payload.
    let mut lying = manifest.clone();
    lying.payload_hash = "0".repeat(64);
    let forged = forge(&b.seed_key, manifest.version, &json(&lying), &body);
    refused(&mut b.commune, &forged, "does not match the manifest");
    // Zip bomb declared: the manifest announces more than the cap.
    let mut bomb = manifest.clone();
    bomb.payload_size = 8 * 1024 * 1024 * 1024;
    let forged = forge(&b.seed_key, manifest.version, &json(&bomb), &body);
    refused(&mut b.commune, &forged, "too large");
    // Zip bomb hidden: 64 MiB of zeros compress to a few KB; the manifest says 1 KB.
    let zeros = vec![0u8; 64 * 1024 * 1024];
    let mut hidden = manifest.clone();
    hidden.payload_size = 1024;
    let forged = forge(
        &b.seed_key,
        manifest.version,
        &json(&hidden),
        &body_for(&b.commune, &zeros),
    );
    refused(&mut b.commune, &forged, "decompressed size differs");
    // Encrypted to someone else.
    let other = site(Role::Commune, "00724");
    let forged = forge(
        &b.seed_key,
        manifest.version,
        &json(&manifest),
        &body_for(&other, &[1, 2, 3]),
    );
    refused(&mut b.commune, &forged, "cannot decrypt");
    // Garbage inside a correctly signed, encrypted and hashed payload.
    let garbage: Vec<u8> = (0..500u32).map(|i| (i * 7919 % 251) as u8).collect();
    let mut with_garbage = manifest.clone();
    with_garbage.payload_size = garbage.len() as u64;
    with_garbage.payload_hash = Sha256::digest(&garbage)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect();
    let forged = forge(
        &b.seed_key,
        manifest.version,
        &json(&with_garbage),
        &body_for(&b.commune, &garbage),
    );
    let message = refused_any(&mut b.commune, &forged);
    assert!(
        message.contains("payload") || message.contains("truncated"),
        "{message}"
    );
    // A manifest length field far beyond the cap.
    let mut huge = b.batch.clone();
    huge[10..14].copy_from_slice(&u32::MAX.to_be_bytes());
    refused(&mut b.commune, &huge, "too large");
    // A body length field far beyond the cap.
    let len = u32::from_be_bytes(b.batch[10..14].try_into().expect("len")) as usize;
    let mut huge = b.batch.clone();
    huge[14 + len..22 + len].copy_from_slice(&u64::MAX.to_be_bytes());
    refused(&mut b.commune, &huge, "too large");
    // The original still imports: nothing above poisoned the store.
    import_batch(&mut b.commune.store, &b.batch, AT + 700).expect("genuine batch");
}

#[test]
fn altered_entries_and_missing_prerequisites_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut enumerator = site(Role::Enumerator, "00721");
    let path = dir.path().join("commune.sqlite");
    let mut commune = {
        let mut store = Store::open(&path).expect("open");
        store.load_reference_units().expect("units");
        let installation = store
            .init_installation(Role::Commune, "00721", "thử", AT)
            .expect("init");
        let round = store
            .open_round(
                2025,
                rasoat_store::RoundKind::Periodic,
                None,
                "nd07-2021",
                "thử",
                AT,
            )
            .expect("round");
        let identity = rasoat_batch::ensure_identity(&mut store, AT).expect("keys");
        let card = identity
            .card(&store)
            .expect("card")
            .to_file_bytes()
            .expect("bytes");
        Site {
            store,
            id: installation.id,
            card,
            round,
        }
    };
    let mut district = site(Role::District, "026");
    enrol_both(&mut enumerator, &mut commune);
    enrol_both(&mut commune, &mut district);
    let before_path = dir.path().join("before.sqlite");
    commune
        .store
        .sql_for_tests()
        .execute("VACUUM INTO ?1", [before_path.to_string_lossy()])
        .expect("backup");
    survey(&mut enumerator, "00721", 0..3);
    let first = export_batch(&mut enumerator.store, &commune.id, AT + 100).expect("export");
    import_batch(&mut commune.store, &first, AT + 200).expect("import");
    let receipt = export_receipt(&mut commune.store, &enumerator.id, AT + 300).expect("receipt");
    import_receipt(&mut enumerator.store, &receipt).expect("receipt");
    survey(&mut enumerator, "00721", 3..5);
    let second = export_batch(&mut enumerator.store, &commune.id, AT + 400).expect("export");
    // The commune as it was before the first batch: the second names what is missing.
    let mut earlier = Site {
        store: Store::open(&before_path).expect("open backup"),
        id: commune.id.clone(),
        card: commune.card.clone(),
        round: commune.round.clone(),
    };
    let message = refused(&mut earlier, &second, "missing prerequisites");
    assert!(
        message.contains(&enumerator.id),
        "names the origin: {message}"
    );
    // Once the first arrives (late), the second applies.
    import_batch(&mut earlier.store, &first, AT + 500).expect("late first");
    import_batch(&mut earlier.store, &second, AT + 500).expect("second");

    // An entry altered at the relay: the commune's batch is validly signed by the commune,
    // but the enumerator's signature on the entry no longer matches.
    commune
        .store
        .sql_for_tests()
        .execute(
            "UPDATE journal SET reason = 'sửa lén / altered' WHERE origin = ?1 AND seq = 3",
            [&enumerator.id],
        )
        .expect("tamper");
    let relayed = export_batch(&mut commune.store, &district.id, AT + 600).expect("export");
    refused(&mut district, &relayed, "signature invalid");

    // The same entry id with different content: the enumerator's own journal was altered
    // after sending (it signs what it holds now).
    enumerator
        .store
        .sql_for_tests()
        .execute(
            "UPDATE journal SET reason = 'khác / different' WHERE origin = ?1 AND seq = 2",
            [&enumerator.id],
        )
        .expect("tamper");
    enumerator
        .store
        .sql_for_tests()
        .execute("DELETE FROM sync_ack", [])
        .expect("forget receipts");
    let resent = export_batch(&mut enumerator.store, &commune.id, AT + 700).expect("export");
    refused(&mut earlier, &resent, "different content");
}

/// Appends `text` as the payload layout writes a string: its length as a varint, then its bytes.
fn put_str(out: &mut Vec<u8>, text: &str) {
    put_varint(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn put_int(out: &mut Vec<u8>, value: i64) {
    put_varint(out, ((value << 1) ^ (value >> 63)) as u64);
}

/// One journal row as the sender's store holds it.
struct Row {
    id: String,
    origin: String,
    seq: i64,
    entity: String,
    entity_id: String,
    operation: String,
    parent_hash: Option<String>,
    content_hash: String,
    recorded_at: i64,
    actor: String,
    reason: String,
    payload: String,
}

/// The bytes an origin signs for one entry, with `payload` in place of the row's own.
fn entry_message(row: &Row, payload: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut field = |bytes: &[u8]| {
        out.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
        out.extend_from_slice(bytes);
    };
    field(b"rasoat-entry-v1");
    field(row.id.as_bytes());
    field(row.origin.as_bytes());
    field(&row.seq.to_be_bytes());
    field(row.entity.as_bytes());
    field(row.entity_id.as_bytes());
    field(row.operation.as_bytes());
    match &row.parent_hash {
        Some(parent) => {
            field(b"1");
            field(parent.as_bytes());
        }
        None => field(b"0"),
    }
    field(row.content_hash.as_bytes());
    field(&row.recorded_at.to_be_bytes());
    field(row.actor.as_bytes());
    field(row.reason.as_bytes());
    field(payload.as_bytes());
    out
}

#[test]
fn an_entry_whose_payload_does_not_match_its_hash_is_refused_even_when_signed() {
    // A hostile enumerator (a modified build that skips the check at export) changes a
    // household's class after it was hashed, keeps the old hash, and signs the entry and the
    // batch with its own real key: only the content hash can tell.
    let mut b = bench();
    let (manifest, body) = parts(&b.batch);
    let secret = b
        .commune
        .store
        .stored_identity()
        .expect("keys")
        .expect("keys")
        .encryption_secret;
    let key: age::x25519::Identity = secret.parse().expect("identity");
    let compressed = age::decrypt(&key, &body).expect("decrypt");
    let payload =
        zstd::bulk::decompress(&compressed, manifest.payload_size as usize).expect("zstd");
    let row = b
        .enumerator
        .store
        .sql_for_tests()
        .query_row(
            "SELECT id, origin, seq, entity, entity_id, operation, parent_hash, content_hash,
                    recorded_at, actor, reason, payload
             FROM journal WHERE entity = 'survey' AND payload LIKE '%\"poor\"%'
             ORDER BY seq LIMIT 1",
            [],
            |r| {
                Ok(Row {
                    id: r.get(0)?,
                    origin: r.get(1)?,
                    seq: r.get(2)?,
                    entity: r.get(3)?,
                    entity_id: r.get(4)?,
                    operation: r.get(5)?,
                    parent_hash: r.get(6)?,
                    content_hash: r.get(7)?,
                    recorded_at: r.get(8)?,
                    actor: r.get(9)?,
                    reason: r.get(10)?,
                    payload: r.get(11)?,
                })
            },
        )
        .expect("a poor household's entry");
    let altered = row.payload.replacen("\"poor\"", "\"other\"", 1);
    // The entry as written: its hash implied by the payload (flag 0), then the rest.
    let mut head = Vec::new();
    put_str(&mut head, &row.entity);
    put_str(&mut head, &row.entity_id);
    put_str(&mut head, &row.operation);
    match &row.parent_hash {
        Some(parent) => {
            head.push(1);
            head.extend(rasoat_batch::codec::from_hex_array::<32>(parent).expect("parent hash"));
        }
        None => head.push(0),
    }
    let mut tail = vec![0];
    put_int(&mut tail, row.recorded_at);
    put_str(&mut tail, &row.actor);
    put_str(&mut tail, &row.reason);
    put_str(&mut tail, &row.payload);
    let start = payload
        .windows(head.len() + tail.len())
        .position(|w| w[..head.len()] == head[..] && w[head.len()..] == tail[..])
        .expect("the entry in the payload")
        + head.len();
    let end = start + tail.len() + 64;
    // The entry rewritten: the old hash written out, `text` as its payload, signed anew.
    let rewritten = |text: &str| {
        let mut entry = vec![1];
        put_str(&mut entry, &row.content_hash);
        put_int(&mut entry, row.recorded_at);
        put_str(&mut entry, &row.actor);
        put_str(&mut entry, &row.reason);
        put_str(&mut entry, text);
        entry.extend_from_slice(&b.seed_key.sign(&entry_message(&row, text)).to_bytes());
        let mut inner = payload[..start].to_vec();
        inner.extend_from_slice(&entry);
        inner.extend_from_slice(&payload[end..]);
        let mut declared = manifest.clone();
        declared.payload_size = inner.len() as u64;
        declared.payload_hash = Sha256::digest(&inner)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect();
        forge(
            &b.seed_key,
            manifest.version,
            &serde_json::to_vec(&declared).expect("json"),
            &body_for(&b.commune, &inner),
        )
    };
    let forged = rewritten(&altered);
    let honest = rewritten(&row.payload);
    let message = refused(&mut b.commune, &forged, "does not match its content hash");
    assert!(
        message.contains("không khớp mã băm")
            && message.contains(&format!("{}#{}", row.origin, row.seq)),
        "plain Vietnamese naming the entry: {message}"
    );
    // It names the household by its code and unit, and nobody by name.
    let claimed: serde_json::Value = serde_json::from_str(&row.payload).expect("json");
    let code = claimed["record"]["code"].as_str().expect("code");
    assert!(
        message.contains(&format!("hộ {code} của đơn vị 00721")),
        "{message}"
    );
    let surveyed = (0..5)
        .map(|n| household(n, "00721"))
        .find(|h| h.code == code)
        .expect("the household surveyed");
    let names: Vec<String> = surveyed
        .members
        .iter()
        .map(|m| m.name.clone())
        .filter(|name| !name.is_empty())
        .collect();
    assert!(!names.is_empty(), "the household has named members");
    assert!(
        names
            .iter()
            .all(|name| !message.contains(&name.to_lowercase())),
        "{message}"
    );
    // Rewritten the same way with its own payload, the entry lands: only the hash refused it.
    let report = import_batch(&mut b.commune.store, &honest, AT + 700).expect("honest entry");
    assert_eq!(report.new, 5);
}
