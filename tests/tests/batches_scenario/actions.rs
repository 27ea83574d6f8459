//! The action log travels up with the batches: an enumerator's sign-ins and exports reach its
//! commune and, relayed unchanged, the district, each row once however often it arrives; never
//! down; a row altered on the way, or the log of an installation the receiver does not answer
//! for, refuses the batch with every table unchanged.

use ed25519_dalek::{Signer, SigningKey};
use rasoat_batch::{export_batch, import_batch, verify_batch, Manifest};
use rasoat_domain::workflow::Role;
use rasoat_store::{ActionEvent, OfficeActionFilter, OfficeActionRow, Person, PersonRole, Store};
use sha2::{Digest, Sha256};

use crate::hostile::{body_for, forge, parts, refused, site_with_seed};
use crate::support::{digest_all, enrol_both, site, survey, AT};

/// A synthetic person of an installation.
fn person(id: &str, name: &str, role: PersonRole) -> Person {
    Person {
        id: id.into(),
        name: name.into(),
        role,
        created_at: AT,
        disabled_at: None,
    }
}

fn rows_of(store: &Store, origin: Option<&str>) -> Vec<OfficeActionRow> {
    store
        .office_actions(&OfficeActionFilter {
            origin: origin.map(str::to_string),
            since: None,
            limit: 1000,
        })
        .expect("office actions")
}

fn manifest_of(batch: &[u8]) -> Manifest {
    parts(batch).0
}

#[test]
fn action_logs_travel_up_by_file_each_row_once_and_never_down() {
    let mut enumerator = site(Role::Enumerator, "00721");
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut enumerator, &mut commune);
    enrol_both(&mut commune, &mut district);
    let reviewer = person("p-rsv-1", "Rà soát viên Thử Một", PersonRole::Reviewer);
    let officer = person("p-cbx-1", "Cán bộ xã Thử Hai", PersonRole::CommuneOfficer);

    enumerator
        .store
        .record_action(AT + 10, Some(&reviewer), ActionEvent::SignIn, None, 0)
        .expect("sign-in row");
    enumerator
        .store
        .record_action(
            AT + 20,
            Some(&reviewer),
            ActionEvent::ExportWithNames,
            Some("danh-sach-ho.xlsx"),
            12,
        )
        .expect("export row");
    survey(&mut enumerator, "00721", 0..3);
    let first = export_batch(&mut enumerator.store, &commune.id, AT + 100).expect("export");
    let manifest = manifest_of(&first);
    assert_eq!((manifest.version, manifest.n_actions), (4, 2));

    let report = import_batch(&mut commune.store, &first, AT + 200).expect("import");
    assert_eq!(report.new_actions, 2);
    let received = rows_of(&commune.store, Some(&enumerator.id));
    assert_eq!(received.len(), 2);
    let export = &received[0];
    assert_eq!(export.action.event, "export_with_names");
    assert_eq!(
        export.action.person_name.as_deref(),
        Some("Rà soát viên Thử Một")
    );
    assert_eq!(export.action.person_id.as_deref(), Some("p-rsv-1"));
    assert_eq!(export.action.subject.as_deref(), Some("danh-sach-ho.xlsx"));
    assert_eq!(export.action.households, 12);
    assert_eq!(export.received_at, Some(AT + 200));

    // The same file again changes nothing.
    let before = digest_all(&commune.store);
    let again = import_batch(&mut commune.store, &first, AT + 300).expect("again");
    assert!(again.already_imported);
    assert_eq!(digest_all(&commune.store), before);

    // The next batch carries only the row written since.
    enumerator
        .store
        .record_action(AT + 30, Some(&reviewer), ActionEvent::SignIn, None, 0)
        .expect("second sign-in");
    let second = export_batch(&mut enumerator.store, &commune.id, AT + 400).expect("export");
    assert_eq!(manifest_of(&second).n_actions, 1);
    // Rows sent twice (a batch written again after a lost stick) are kept once.
    enumerator
        .store
        .sql_for_tests()
        .execute("DELETE FROM action_log_sent", [])
        .expect("forget what was sent");
    let resent = export_batch(&mut enumerator.store, &commune.id, AT + 500).expect("export");
    assert_eq!(manifest_of(&resent).n_actions, 3);
    let report = import_batch(&mut commune.store, &second, AT + 600).expect("second");
    assert_eq!(report.new_actions, 1);
    let report = import_batch(&mut commune.store, &resent, AT + 700).expect("resent");
    assert_eq!(report.new_actions, 0);
    assert_eq!(rows_of(&commune.store, Some(&enumerator.id)).len(), 3);

    // The commune relays them to the district with its own, unchanged.
    commune
        .store
        .record_action(
            AT + 800,
            Some(&officer),
            ActionEvent::ReviewDecision,
            Some("ho-thu-0001"),
            1,
        )
        .expect("decision row");
    let up = export_batch(&mut commune.store, &district.id, AT + 900).expect("export");
    assert_eq!(manifest_of(&up).n_actions, 4);
    let report = import_batch(&mut district.store, &up, AT + 1000).expect("import");
    assert_eq!(report.new_actions, 4);
    let at_district = rows_of(&district.store, Some(&enumerator.id));
    assert_eq!(
        at_district
            .iter()
            .map(|r| r.action.clone())
            .collect::<Vec<_>>(),
        rows_of(&commune.store, Some(&enumerator.id))
            .into_iter()
            .map(|r| r.action)
            .collect::<Vec<_>>(),
        "relayed byte for byte"
    );
    let commune_rows = rows_of(&district.store, Some(&commune.id));
    assert_eq!(commune_rows.len(), 1);
    assert_eq!(
        commune_rows[0].action.person_name.as_deref(),
        Some("Cán bộ xã Thử Hai")
    );
    assert_eq!(rows_of(&district.store, None).len(), 4);

    // Never down: the district's own rows and what it received stay with it.
    district
        .store
        .record_action(AT + 1100, None, ActionEvent::Import, Some("lo.rsb"), 3)
        .expect("district row");
    let down = export_batch(&mut district.store, &commune.id, AT + 1200).expect("export");
    let manifest = manifest_of(&down);
    assert_eq!((manifest.version, manifest.n_actions), (4, 0));
    // And the enumerator, below the commune, gets none of the commune's.
    assert!(
        export_batch(&mut commune.store, &enumerator.id, AT + 1300)
            .map(|b| manifest_of(&b).n_actions == 0)
            .unwrap_or(true),
        "nothing of the log goes down"
    );
}

#[test]
fn a_row_altered_at_the_relay_refuses_the_batch_and_changes_nothing() {
    let mut enumerator = site(Role::Enumerator, "00721");
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut enumerator, &mut commune);
    enrol_both(&mut commune, &mut district);
    let reviewer = person("p-rsv-2", "Rà soát viên Thử Ba", PersonRole::Reviewer);
    enumerator
        .store
        .record_action(
            AT + 10,
            Some(&reviewer),
            ActionEvent::ExportWithNames,
            Some("giay-chung-nhan.html"),
            40,
        )
        .expect("row");
    survey(&mut enumerator, "00721", 0..2);
    let batch = export_batch(&mut enumerator.store, &commune.id, AT + 100).expect("export");
    import_batch(&mut commune.store, &batch, AT + 200).expect("import");

    // The commune rewrites who exported the names before relaying.
    let conn = commune.store.sql_for_tests();
    conn.execute_batch("DROP TRIGGER action_log_received_no_update")
        .expect("drop trigger");
    conn.execute(
        "UPDATE action_log_received SET person_name = 'Người khác', households = 4
         WHERE origin = ?1",
        [&enumerator.id],
    )
    .expect("tamper");
    let relayed = export_batch(&mut commune.store, &district.id, AT + 300).expect("export");
    let message = refused(&mut district, &relayed, "action log row");
    assert!(
        message.contains(&enumerator.id),
        "names the origin: {message}"
    );
    assert!(rows_of(&district.store, None).is_empty());
}

/// The payload of a batch holding nothing but one row of an action log, laid out as format v3
/// says: no origins, certificates, answers or entries, then the row.
fn payload_with_row(key: &SigningKey, origin: &str, seq: i64, at: i64) -> Vec<u8> {
    fn field(out: &mut Vec<u8>, bytes: &[u8]) {
        out.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
        out.extend_from_slice(bytes);
    }
    fn varint(out: &mut Vec<u8>, mut value: u64) {
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }
    fn text(out: &mut Vec<u8>, value: &str) {
        varint(out, value.len() as u64);
        out.extend_from_slice(value.as_bytes());
    }
    let zigzag = |v: i64| ((v << 1) ^ (v >> 63)) as u64;
    let mut signed = Vec::new();
    field(&mut signed, b"rasoat-action-v1");
    field(&mut signed, origin.as_bytes());
    field(&mut signed, &seq.to_be_bytes());
    field(&mut signed, &at.to_be_bytes());
    field(&mut signed, b"sign_in");
    field(&mut signed, b"0");
    field(&mut signed, b"0");
    field(&mut signed, b"0");
    field(&mut signed, &0i64.to_be_bytes());
    field(&mut signed, b"ok");
    let signature = key.sign(&signed).to_bytes();
    let mut payload = vec![0, 0, 0, 0, 1];
    text(&mut payload, origin);
    varint(&mut payload, zigzag(seq));
    varint(&mut payload, zigzag(at));
    text(&mut payload, "sign_in");
    payload.extend_from_slice(&[0, 0, 0]);
    varint(&mut payload, 0);
    text(&mut payload, "ok");
    payload.extend_from_slice(&signature);
    payload
}

#[test]
fn the_log_of_an_installation_the_receiver_does_not_answer_for_is_refused() {
    // A commune sends its own log down to its enumerator: correctly signed and laid out, but
    // the enumerator does not answer for the commune.
    let mut commune = site_with_seed(Role::Commune);
    let mut enumerator = site(Role::Enumerator, "00721");
    enrol_both(&mut commune, &mut enumerator);
    let key = SigningKey::from_bytes(&[7; 32]);
    let payload = payload_with_row(&key, &commune.id, 1, AT + 10);
    let manifest = Manifest {
        format: "rasoat-batch".into(),
        version: 3,
        batch_id: rasoat_store::new_id(AT + 20).to_string(),
        sender: commune.id.clone(),
        recipient: enumerator.id.clone(),
        round: None,
        created_at: AT + 20,
        requires: Default::default(),
        ranges: Default::default(),
        n_entries: 0,
        n_answers: 0,
        n_certificates: 0,
        payload_size: payload.len() as u64,
        payload_hash: Sha256::digest(&payload)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect(),
        withheld: Default::default(),
        n_actions: 1,
    };
    let json = serde_json::to_vec(&manifest).expect("json");
    let file = forge(&key, 3, &json, &body_for(&enumerator, &payload));
    // The layout is right: it verifies, and is refused only by whom it is about.
    let verified = verify_batch(&enumerator.store, &file).expect("verifies");
    assert_eq!(verified.actions().count(), 1);
    refused(&mut enumerator, &file, "does not answer for");

    // The same row in a version 2 file is refused as not matching its manifest.
    let mut older = manifest.clone();
    older.version = 2;
    let json = serde_json::to_vec(&older).expect("json");
    let old = forge(&key, 2, &json, &body_for(&enumerator, &payload));
    refused(&mut enumerator, &old, "does not match the manifest");
}
