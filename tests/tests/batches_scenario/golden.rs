//! The golden batch (`tests/fixtures/batch-v1/`): a format-v1 file every later release must
//! still verify and import, into a fresh district store set up to receive it, with the same
//! households, classes and review states as when it was written.
//!
//! It was made by `writes_the_golden_batch` below, which runs only with `RASOAT_WRITE_GOLDEN=1`
//! (`RASOAT_WRITE_GOLDEN=1 cargo test -p rasoat-tests --test batches_scenario writes_the_golden`).
//! Keys and installation ids are fixed (`keys.json`), and so are the instants and the
//! households; entry and batch ids (UUIDv7) and the age encryption carry fresh randomness, so a
//! rewrite gives a different file with the same content. Never rewrite it once released: an old file that no
//! longer imports is the bug this test exists to catch; add `batch-v2/` beside it instead.

use std::path::PathBuf;

use rasoat_batch::{
    enrol, export_batch, import_batch, install_identity, verify_batch, IdentitySecrets,
};
use rasoat_domain::workflow::{ReviewAction, Role};
use rasoat_store::{RoundKind, Store};
use serde_json::{json, Value};

use crate::support::{class_of, household, survey, Site, AT};

/// The households the golden batch carries, and the one the commune accepted.
const HOUSEHOLDS: std::ops::Range<u64> = 0..6;
const ACCEPTED: u64 = 2;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/batch-v1")
}

fn read_json(name: &str) -> Value {
    let text = std::fs::read_to_string(dir().join(name)).expect("golden fixture");
    serde_json::from_str(&text).expect("golden json")
}

fn seed(hex: &str) -> [u8; 32] {
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex seed"))
        .collect();
    bytes.try_into().expect("32-byte seed")
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().expect("fixture field")
}

/// A fresh store with the fixed id and keys of `keys.json`'s `name`: (store, id, card).
fn fixed_store(name: &str) -> (Store, String, Vec<u8>) {
    let keys = &read_json("keys.json")[name];
    let role = Role::parse(text(keys, "role")).expect("role");
    let mut store = Store::open_in_memory().expect("store");
    store.load_reference_units().expect("units");
    let installation = store
        .init_installation_with_id(
            text(keys, "installation"),
            role,
            text(keys, "unit"),
            "cán bộ thử",
            AT,
        )
        .expect("init");
    let secrets = IdentitySecrets {
        signing_seed: seed(text(keys, "signing_seed")),
        encryption: text(keys, "encryption").to_string(),
    };
    let identity = install_identity(&mut store, &secrets, AT).expect("keys");
    let card = identity
        .card(&store)
        .expect("card")
        .to_file_bytes()
        .expect("card bytes");
    (store, installation.id, card)
}

/// A fixed installation with the 2025 periodic round open (the writers of the batch).
fn fixed_site(name: &str) -> Site {
    let (mut store, id, card) = fixed_store(name);
    let round = store
        .open_round(
            2025,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "cán bộ thử",
            AT,
        )
        .expect("round");
    Site {
        store,
        id,
        card,
        round,
    }
}

/// The district's store, set up as the golden batch's recipient: its fixed id and keys, the
/// commune's card enrolled from the fixture, and the 2025 periodic round, which only the
/// reporting office opens (the commune's copy of it in the batch joins it).
fn district() -> Store {
    let (mut store, _, _) = fixed_store("district");
    let card = std::fs::read(dir().join("commune.card")).expect("commune card");
    enrol(&mut store, &card, AT).expect("enrol the commune");
    store
        .open_round(2025, RoundKind::Periodic, None, "nd07-2021", "cán bộ", AT)
        .expect("the district's round");
    store
}

/// (household id, code, class, status, members) of every record, sorted by household id.
fn records(store: &Store) -> Vec<Value> {
    let mut stmt = store
        .sql_for_tests()
        .prepare(
            "SELECT r.household_id, h.code, COALESCE(r.class, ''), r.status,
                    COALESCE((SELECT s.members FROM record_summary s
                              WHERE s.household_id = r.household_id AND s.round_id = r.round_id),
                             0)
             FROM survey_record r JOIN household h ON h.id = r.household_id
             ORDER BY r.household_id",
        )
        .expect("select");
    stmt.query_map([], |r| {
        Ok(json!({
            "household": r.get::<_, String>(0)?,
            "code": r.get::<_, String>(1)?,
            "class": r.get::<_, String>(2)?,
            "status": r.get::<_, String>(3)?,
            "members": r.get::<_, i64>(4)?,
        }))
    })
    .expect("rows")
    .collect::<Result<_, _>>()
    .expect("rows")
}

#[test]
fn the_golden_v1_batch_still_verifies_and_imports() {
    let bytes = std::fs::read(dir().join("commune-to-district.rsbatch")).expect("golden batch");
    assert_eq!(&bytes[..8], b"RASOATBT");
    assert_eq!(&bytes[8..10], &1u16.to_be_bytes());
    let keys = read_json("keys.json");
    let mut district = district();

    let verified = verify_batch(&district, &bytes).expect("the golden batch verifies");
    let manifest = &verified.manifest;
    assert_eq!(manifest.version, 1);
    assert_eq!(manifest.sender, text(&keys["commune"], "installation"));
    assert_eq!(manifest.recipient, text(&keys["district"], "installation"));
    assert_eq!(manifest.n_certificates, 1, "the enumerator, vouched for");
    let origins: Vec<&str> = manifest.ranges.keys().map(String::as_str).collect();
    let mut expected_origins = vec![
        text(&keys["commune"], "installation"),
        text(&keys["enumerator"], "installation"),
    ];
    expected_origins.sort_unstable();
    assert_eq!(origins, expected_origins);
    assert_eq!(verified.n_new_entries as u64, manifest.n_entries);
    assert!(!verified.already_imported);

    // A district that never opened the round refuses the commune's periodic round, unchanged.
    let (mut roundless, _, _) = fixed_store("district");
    let card = std::fs::read(dir().join("commune.card")).expect("commune card");
    enrol(&mut roundless, &card, AT).expect("enrol the commune");
    let before = roundless.table_digests().expect("digests");
    let refused = import_batch(&mut roundless, &bytes, AT + 20_000).expect_err("no round here");
    assert!(
        matches!(refused, rasoat_batch::BatchError::RoundNotAllowed { .. }),
        "{refused}"
    );
    assert_eq!(roundless.table_digests().expect("digests"), before);

    // Its enumerator's certificate predates periods: it holds while the commune's enrolment
    // does, so once the commune's period has ended here the batch is refused, unchanged.
    let (mut lapsed, _, _) = fixed_store("district");
    let ended = rasoat_batch::Validity {
        not_before: AT,
        not_after: AT + 10_000,
    };
    rasoat_batch::enrol_for(&mut lapsed, &card, AT, ended).expect("enrol for a moment");
    let before = lapsed.table_digests().expect("digests");
    let refused = import_batch(&mut lapsed, &bytes, AT + 20_000).expect_err("period ended");
    assert!(
        matches!(refused, rasoat_batch::BatchError::CertificateExpired { .. }),
        "{refused}"
    );
    assert_eq!(lapsed.table_digests().expect("digests"), before);

    let report = import_batch(&mut district, &bytes, AT + 20_000).expect("import");
    assert_eq!(report.new, HOUSEHOLDS.count());
    assert!(report.conflicts.is_empty());
    let got = records(&district);
    assert_eq!(Value::Array(got.clone()), read_json("expected.json"));
    // The promises the fixture was made to keep, independent of expected.json.
    for n in HOUSEHOLDS {
        let id = household(n, "00721").id.to_string();
        let record = got
            .iter()
            .find(|r| r["household"] == id.as_str())
            .unwrap_or_else(|| panic!("household {n} imported"));
        assert_eq!(record["class"], class_of(n), "household {n}");
        assert_eq!(record["members"], 4, "household {n}");
        let status = if n == ACCEPTED { "accepted" } else { "draft" };
        assert_eq!(record["status"], status, "household {n}");
    }
    let relayed = rasoat_batch::peers(&district).expect("peers");
    assert!(
        relayed
            .iter()
            .any(|p| p.installation_id() == text(&keys["enumerator"], "installation")),
        "the enumerator's certificate was stored"
    );

    // The same stick twice changes nothing.
    let again = import_batch(&mut district, &bytes, AT + 30_000).expect("again");
    assert!(again.already_imported);
}

/// Writes `tests/fixtures/batch-v1/` (keys only when missing). Runs only with
/// `RASOAT_WRITE_GOLDEN=1`; otherwise it does nothing, so a plain test run never rewrites it.
#[test]
fn writes_the_golden_batch() {
    if std::env::var_os("RASOAT_WRITE_GOLDEN").is_none_or(|v| v != "1") {
        return;
    }
    std::fs::create_dir_all(dir()).expect("fixture dir");
    if !dir().join("keys.json").exists() {
        write_keys();
    }
    let mut enumerator = fixed_site("enumerator");
    let mut commune = fixed_site("commune");
    rasoat_batch::enrol(&mut enumerator.store, &commune.card, AT).expect("enrol");
    rasoat_batch::enrol(&mut commune.store, &enumerator.card, AT).expect("enrol");
    survey(&mut enumerator, "00721", HOUSEHOLDS);
    let accepted = household(ACCEPTED, "00721").id.to_string();
    enumerator
        .store
        .review(
            &accepted,
            &enumerator.round.id,
            &ReviewAction::Complete,
            "điều tra viên",
            "",
            AT + 1500,
        )
        .expect("complete");
    let up = export_batch(&mut enumerator.store, &commune.id, AT + 2000).expect("export");
    import_batch(&mut commune.store, &up, AT + 3000).expect("import");
    commune
        .store
        .review(
            &accepted,
            &commune.round.id,
            &ReviewAction::Accept,
            "cán bộ xã",
            "",
            AT + 5000,
        )
        .expect("accept");
    let district_id = text(&read_json("keys.json")["district"], "installation").to_string();
    let district_card = fixed_store("district").2;
    rasoat_batch::enrol(&mut commune.store, &district_card, AT).expect("enrol district");
    let batch = export_batch(&mut commune.store, &district_id, AT + 9000).expect("export");
    std::fs::write(dir().join("commune-to-district.rsbatch"), &batch).expect("write batch");
    std::fs::write(dir().join("commune.card"), &commune.card).expect("write card");
    // What the district must end with: the commune's own view of the records.
    let expected = serde_json::to_string_pretty(&Value::Array(records(&commune.store)))
        .expect("expected json");
    std::fs::write(dir().join("expected.json"), expected + "\n").expect("write expected");
}

/// Fixed test keys and installation ids. Test keys only: they protect nothing.
fn write_keys() {
    use age::secrecy::ExposeSecret;
    let mut keys = serde_json::Map::new();
    for (i, (name, role, unit)) in [
        ("enumerator", "enumerator", "00721"),
        ("commune", "commune", "00721"),
        ("district", "district", "026"),
    ]
    .into_iter()
    .enumerate()
    {
        let seed: String = (0..32)
            .map(|b| format!("{:02x}", (i * 32 + b) as u8))
            .collect();
        keys.insert(
            name.to_string(),
            json!({
                "installation": format!("0199a0b0-0000-7000-8000-00000000000{}", i + 1),
                "role": role,
                "unit": unit,
                "signing_seed": seed,
                "encryption": age::x25519::Identity::generate().to_string().expose_secret(),
            }),
        );
    }
    let text = serde_json::to_string_pretty(&Value::Object(keys)).expect("keys json");
    std::fs::write(dir().join("keys.json"), text + "\n").expect("write keys");
}
