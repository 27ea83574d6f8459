//! Fuzz target: the batch reader (`rasoat_batch::verify_batch`, then `import_batch` on what it
//! accepts). Whatever bytes come in, reading must refuse bad input with an error, never panic,
//! never allocate without bound.
//!
//! The receiver is the golden batch's district (`tests/fixtures/batch-v1/keys.json`, fixed test
//! keys) with one enrolled sender, the golden commune. A mutated file fails the commune's
//! signature at once, so most of the reader would stay out of reach: the first byte therefore
//! picks what the rest of the input is, and the target signs (and, below the signature,
//! encrypts and compresses) it as the commune would, so mutations reach each layer:
//!
//! - 0: a whole file, as it would arrive on a USB stick (magic, lengths, manifest JSON);
//! - 1: the encrypted body (age header and stream), signed under the golden manifest;
//! - 2: the compressed body (zstd frames, bombs), encrypted and signed;
//! - 3: the payload (origins, certificates, answers, entries), compressed, encrypted and signed
//!   under the golden manifest with its size and hash made to match.

#![no_main]

use std::str::FromStr;
use std::sync::{Mutex, OnceLock};

use ed25519_dalek::{Signer, SigningKey};
use libfuzzer_sys::fuzz_target;
use rasoat_batch::{
    enrol, import_batch, install_identity, verify_batch, IdentitySecrets, Manifest,
};
use rasoat_domain::workflow::Role;
use rasoat_store::{RoundKind, Store};
use sha2::{Digest, Sha256};

const KEYS: &str = include_str!("../../tests/fixtures/batch-v1/keys.json");
const CARD: &[u8] = include_bytes!("../../tests/fixtures/batch-v1/commune.card");
const GOLDEN: &[u8] = include_bytes!("../../tests/fixtures/batch-v1/commune-to-district.rsbatch");
const AT: i64 = 1_759_305_600_000;

struct Fixture {
    district: Mutex<Store>,
    commune_signing: SigningKey,
    district_recipient: age::x25519::Recipient,
    manifest: Manifest,
}

fn seed(hex: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex seed");
    }
    out
}

/// The district's store as the golden batch's recipient: fixed id and keys, the commune's card
/// enrolled (what `tests/tests/batches_scenario/golden.rs` sets up).
fn district_store(keys: &serde_json::Value) -> Store {
    let district = &keys["district"];
    let text = |k: &str| district[k].as_str().expect("keys.json field").to_string();
    let mut store = Store::open_in_memory().expect("store");
    store.load_reference_units().expect("units");
    store
        .init_installation_with_id(
            &text("installation"),
            Role::parse(&text("role")).expect("role"),
            &text("unit"),
            "fuzz",
            AT,
        )
        .expect("installation");
    let secrets = IdentitySecrets {
        signing_seed: seed(&text("signing_seed")),
        encryption: text("encryption"),
    };
    install_identity(&mut store, &secrets, AT).expect("keys");
    enrol(&mut store, CARD, AT).expect("enrol the commune");
    // The 2025 periodic round, which only the reporting office opens: the golden batch's copy
    // of it joins this one.
    store
        .open_round(2025, RoundKind::Periodic, None, "nd07-2021", "fuzz", AT)
        .expect("the district's round");
    store
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let keys: serde_json::Value = serde_json::from_str(KEYS).expect("keys.json");
        let district_identity =
            age::x25519::Identity::from_str(keys["district"]["encryption"].as_str().expect("key"))
                .expect("age identity");
        let commune_seed = seed(keys["commune"]["signing_seed"].as_str().expect("seed"));
        // The golden file's manifest: magic (8), version (2), length (4), JSON.
        let manifest_len = u32::from_be_bytes(GOLDEN[10..14].try_into().expect("len")) as usize;
        let manifest: Manifest =
            serde_json::from_slice(&GOLDEN[14..14 + manifest_len]).expect("golden manifest");
        let store = district_store(&keys);
        // The golden batch itself must pass, or the harness is testing nothing.
        verify_batch(&store, GOLDEN).expect("the golden batch verifies");
        Fixture {
            district: Mutex::new(store),
            commune_signing: SigningKey::from_bytes(&commune_seed),
            district_recipient: district_identity.to_public(),
            manifest,
        }
    })
}

/// A file as `export_batch` writes it: header, manifest, body, the sender's signature over the
/// domain tag and the SHA-256 of everything before it (`file_signed` in crates/batch).
fn signed_file(f: &Fixture, manifest: &Manifest, body: &[u8]) -> Vec<u8> {
    let json = serde_json::to_vec(manifest).expect("manifest json");
    let mut file = Vec::with_capacity(body.len() + json.len() + 100);
    file.extend_from_slice(b"RASOATBT");
    file.extend_from_slice(&1u16.to_be_bytes());
    file.extend_from_slice(&(json.len() as u32).to_be_bytes());
    file.extend_from_slice(&json);
    file.extend_from_slice(&(body.len() as u64).to_be_bytes());
    file.extend_from_slice(body);
    let mut signed = Vec::new();
    let domain = b"rasoat-batch-v1";
    signed.extend_from_slice(&(domain.len() as u64).to_be_bytes());
    signed.extend_from_slice(domain);
    signed.extend_from_slice(&32u64.to_be_bytes());
    signed.extend_from_slice(&Sha256::digest(&file));
    let signature = f.commune_signing.sign(&signed);
    file.extend_from_slice(&signature.to_bytes());
    file
}

fn encrypted(f: &Fixture, plain: &[u8]) -> Vec<u8> {
    age::encrypt(&f.district_recipient, plain).expect("encrypt")
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn check(f: &Fixture, file: &[u8]) {
    let verified = {
        let store = f.district.lock().expect("store lock");
        verify_batch(&store, file)
    };
    if verified.is_ok() {
        // Accepted: the import must go through too, on a fresh store so every run starts alike.
        let keys: serde_json::Value = serde_json::from_str(KEYS).expect("keys.json");
        let mut store = district_store(&keys);
        let before = store.table_digests().expect("digests");
        match import_batch(&mut store, file, AT) {
            Ok(_) => store.integrity_check().expect("integrity after import"),
            // A verified batch may still be refused by the authorisation rule (a mutated round
            // or unit): refused means nothing stored.
            Err(_) => assert_eq!(
                store.table_digests().expect("digests"),
                before,
                "a refused import changed the store"
            ),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let f = fixture();
    match mode % 4 {
        0 => check(f, rest),
        1 => check(f, &signed_file(f, &f.manifest, rest)),
        2 => check(f, &signed_file(f, &f.manifest, &encrypted(f, rest))),
        _ => {
            let mut manifest = f.manifest.clone();
            manifest.payload_size = rest.len() as u64;
            manifest.payload_hash = to_hex(&Sha256::digest(rest));
            let compressed = zstd::bulk::compress(rest, 1).expect("compress");
            check(f, &signed_file(f, &manifest, &encrypted(f, &compressed)));
        }
    }
});
