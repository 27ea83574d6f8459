//! Hostile peers: enrolled installations that try to read or change what is not theirs, over
//! HTTP against the real server and by batch file. Every attack asserts a refusal and that no
//! table of the receiver changed (`Store::table_digests`; on the server, every table but the
//! audit log, which records the refusal on purpose).

use std::collections::BTreeMap;
use std::path::Path;

use rasoat_batch::BatchError;
use rasoat_domain::workflow::Role;
use rasoat_server::ServerConfig;
use rasoat_store::{RoundKind, Store};
use rasoat_sync_client::{sync_once_with, SyncError};

use crate::common::*;

/// The server's tables, read through a second connection, without the audit log.
pub(crate) fn server_digest(path: &Path) -> BTreeMap<String, String> {
    let mut digests = Store::open(path)
        .expect("open")
        .table_digests()
        .expect("digests");
    digests.remove("audit_log");
    digests
}

pub(crate) fn digest(store: &Store) -> BTreeMap<String, String> {
    store.table_digests().expect("digests")
}

/// The commune codes of the households a store holds, with their count.
fn communes_held(store: &Store) -> BTreeMap<String, i64> {
    store
        .sql_for_tests()
        .prepare("SELECT commune_code, COUNT(*) FROM household GROUP BY commune_code")
        .expect("select")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// A district in memory, for the attacks by file.
pub(crate) fn district_in_memory() -> Site {
    site_in(
        Store::open_in_memory().expect("store"),
        Role::District,
        "026",
    )
}

/// A card for `site`'s installation, with its own keys, claiming another office: what a
/// hostile sender enrols for its recipient so that its exports withhold nothing (a modified
/// build would do the same).
pub(crate) fn card_claiming(site: &Site, role: Role, unit: &str) -> Vec<u8> {
    let secrets = site.store.stored_identity().expect("keys").expect("keys");
    let mut twin = Store::open_in_memory().expect("store");
    twin.load_reference_units().expect("units");
    twin.init_installation_with_id(&site.id, role, unit, "test", AT)
        .expect("init");
    let identity = rasoat_batch::install_identity(
        &mut twin,
        &rasoat_batch::IdentitySecrets {
            signing_seed: secrets.signing_secret.as_slice().try_into().expect("seed"),
            encryption: secrets.encryption_secret.clone(),
        },
        AT,
    )
    .expect("keys");
    identity
        .card(&twin)
        .expect("card")
        .to_file_bytes()
        .expect("bytes")
}

/// `sender` enrols `receiver` as if it were a district, and `receiver` holds `sender` as
/// enrolled: stores this build would not make (it enrols no card beyond its units), as a
/// modified or older app's may be. The receiver's own checks must refuse what follows.
fn enrol_hostile(sender: &mut Site, receiver: &mut Site) {
    let fake = card_claiming(receiver, Role::District, "026");
    enrol_past_the_check(&mut sender.store, &fake);
    enrol_past_the_check(&mut receiver.store, &sender.card);
}

/// Imports `file` at `receiver`, which must refuse it and change nothing.
pub(crate) fn refused_by_file(receiver: &mut Site, file: &[u8], at: i64) -> BatchError {
    let before = digest(&receiver.store);
    let err = rasoat_batch::import_batch(&mut receiver.store, file, at).expect_err("refused");
    assert!(err.is_refusal(), "{err}");
    let text = err.to_string();
    assert!(text.contains(" / "), "Vietnamese / English: {text}");
    assert_eq!(
        digest(&receiver.store),
        before,
        "{text}: the receiver changed"
    );
    err
}

/// Syncs `site` with the server at `url`, which must refuse its batch with `code` and leave
/// the server's tables as they were.
pub(crate) fn refused_over_http(site: &mut Site, url: &str, path: &Path, code: &str) {
    let before = server_digest(path);
    // Upload only: a pull would record the caller's receipt, an honest write of its own.
    let mut options = quick_options();
    options.pull = false;
    let err = sync_once_with(&mut site.store, url, &options).expect_err("refused");
    assert!(
        matches!(&err, SyncError::BatchRefused { code: c, .. } if c == code),
        "expected {code}: {err}"
    );
    assert_eq!(server_digest(path), before, "{code}: the server changed");
}

#[test]
fn a_commune_pulls_only_the_households_of_its_own_commune() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut a = commune("00715");
    let mut b = commune("00730");
    enrol_both(&mut a, &mut district);
    enrol_both(&mut b, &mut district);
    drop(district);
    survey(&mut a, "00715", 0..6);
    survey(&mut b, "00730", 100..140);
    let server = start(&path, ServerConfig::default());
    let url = server.url();
    sync_once_with(&mut a.store, &url, &quick_options()).expect("a syncs");
    sync_once_with(&mut b.store, &url, &quick_options()).expect("b syncs");
    // Small pages: most of them carry nothing a may read, and must still advance.
    let mut options = quick_options();
    options.pull_page_entries = 7;
    let before = digest(&a.store);
    sync_once_with(&mut a.store, &url, &options).expect("a pulls");
    assert_eq!(
        communes_held(&a.store),
        BTreeMap::from([("00715".to_string(), 6)]),
        "nothing of commune 00730 reached 00715"
    );
    // What a did pull is bookkeeping of what it may not read, never a household of b's.
    let after = digest(&a.store);
    for table in ["household", "survey_record", "record_summary", "answers"] {
        assert_eq!(after[table], before[table], "{table}");
    }
    // The next pass is offered nothing more: the withheld entries are never sent again.
    let again = sync_once_with(&mut a.store, &url, &options).expect("again");
    assert_eq!(again.batches_pulled, 0);
    assert_eq!(
        communes_held(&b.store),
        BTreeMap::from([("00730".to_string(), 40)])
    );

    // By file: the district exports to a what a may read.
    let mut district = district_in_memory();
    let mut a = commune("00715");
    let mut b = commune("00730");
    enrol_both(&mut a, &mut district);
    enrol_both(&mut b, &mut district);
    survey(&mut a, "00715", 0..6);
    survey(&mut b, "00730", 100..140);
    for site in [&mut a, &mut b] {
        let file =
            rasoat_batch::export_batch(&mut site.store, &district.id, AT + 2000).expect("export");
        rasoat_batch::import_batch(&mut district.store, &file, AT + 3000).expect("import");
    }
    let file = rasoat_batch::export_batch(&mut district.store, &a.id, AT + 4000).expect("export");
    let report = rasoat_batch::import_batch(&mut a.store, &file, AT + 5000).expect("import");
    assert_eq!(report.new, 0);
    assert_eq!(
        communes_held(&a.store),
        BTreeMap::from([("00715".to_string(), 6)])
    );
}

#[test]
fn a_commune_cannot_rewrite_a_household_of_another_commune() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut a = commune("00715");
    let mut b = commune("00730");
    enrol_both(&mut a, &mut district);
    enrol_both(&mut b, &mut district);
    drop(district);
    survey(&mut b, "00730", 0..3);
    // The same household ids, claimed by commune 00715.
    survey(&mut a, "00715", 0..3);
    let server = start(&path, ServerConfig::default());
    let url = server.url();
    sync_once_with(&mut b.store, &url, &quick_options()).expect("b syncs");
    refused_over_http(&mut a, &url, &path, "wrong_unit");
    // B pulls nothing back: its households stay its own.
    sync_once_with(&mut b.store, &url, &quick_options()).expect("b pulls");
    assert_eq!(
        communes_held(&b.store),
        BTreeMap::from([("00730".to_string(), 3)])
    );

    // By file, at a district that holds b's households.
    let mut district = district_in_memory();
    let mut a = commune("00715");
    let mut b = commune("00730");
    enrol_both(&mut a, &mut district);
    enrol_both(&mut b, &mut district);
    survey(&mut b, "00730", 0..3);
    survey(&mut a, "00715", 0..3);
    let file = rasoat_batch::export_batch(&mut b.store, &district.id, AT + 2000).expect("export");
    rasoat_batch::import_batch(&mut district.store, &file, AT + 3000).expect("b's batch");
    let file = rasoat_batch::export_batch(&mut a.store, &district.id, AT + 2000).expect("export");
    let err = refused_by_file(&mut district, &file, AT + 3000);
    assert!(
        matches!(&err, BatchError::MovesHousehold { from, to, .. } if from == "00730" && to == "00715"),
        "{err}"
    );
}

#[test]
fn a_commune_refuses_a_file_of_households_of_other_communes() {
    // Commune 00721 enrolled other communes' cards: their batches of 00712 and 00724
    // households are still refused, whoever sent them. (Not 00742: since 07/2025 it is part of
    // the new 00721, which reads its history.)
    let mut receiver = commune("00721");
    let mut other = commune("00712");
    enrol_hostile(&mut other, &mut receiver);
    survey(&mut other, "00712", 0..25);
    let file =
        rasoat_batch::export_batch(&mut other.store, &receiver.id, AT + 2000).expect("export");
    let err = refused_by_file(&mut receiver, &file, AT + 3000);
    assert!(
        matches!(&err, BatchError::OutsideUnit { unit, .. } if unit == "00712"),
        "{err}"
    );
    let mut third = commune("00724");
    enrol_hostile(&mut third, &mut receiver);
    survey(&mut third, "00724", 100..125);
    let file =
        rasoat_batch::export_batch(&mut third.store, &receiver.id, AT + 2000).expect("export");
    refused_by_file(&mut receiver, &file, AT + 3000);
}

#[test]
fn an_enumerator_cannot_write_outside_its_assignment() {
    // Sent to the district, which covers commune 00724 itself: only the enumerator's own
    // assignment (00721) can refuse these households.
    let mut receiver = district_in_memory();
    let mut enumerator = site_in(
        Store::open_in_memory().expect("store"),
        Role::Enumerator,
        "00721",
    );
    enrol_both(&mut enumerator, &mut receiver);
    survey(&mut enumerator, "00724", 0..4);
    let file =
        rasoat_batch::export_batch(&mut enumerator.store, &receiver.id, AT + 2000).expect("export");
    let err = refused_by_file(&mut receiver, &file, AT + 3000);
    assert!(
        matches!(&err, BatchError::OutsideUnit { unit, .. } if unit == "00724"),
        "{err}"
    );
    // The same households from commune 00724 land at that district.
    let mut owner = commune("00724");
    enrol_both(&mut owner, &mut receiver);
    survey(&mut owner, "00724", 0..4);
    let file =
        rasoat_batch::export_batch(&mut owner.store, &receiver.id, AT + 4000).expect("export");
    let report = rasoat_batch::import_batch(&mut receiver.store, &file, AT + 5000).expect("import");
    assert_eq!(report.new, 4);
}

#[test]
fn a_commune_cannot_open_a_periodic_round_at_the_district() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut a = commune("00721");
    enrol_both(&mut a, &mut district);
    drop(district);
    let round = a
        .store
        .open_round(
            2026,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "test",
            AT + 500,
        )
        .expect("round");
    survey_at(&mut a, &round.id, "00721", 0..3, AT + 1000);
    let server = start(&path, ServerConfig::default());
    refused_over_http(&mut a, &server.url(), &path, "batch_refused");

    let mut district = district_in_memory();
    let mut a = commune("00721");
    enrol_both(&mut a, &mut district);
    a.store
        .open_round(
            2026,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "test",
            AT + 500,
        )
        .expect("round");
    let file = rasoat_batch::export_batch(&mut a.store, &district.id, AT + 2000).expect("export");
    let err = refused_by_file(&mut district, &file, AT + 3000);
    assert!(matches!(err, BatchError::RoundNotAllowed { .. }), "{err}");
    assert!(err.to_string().contains("định kỳ"), "{err}");
}

#[test]
fn a_commune_may_open_a_regular_round_and_the_district_keeps_it() {
    let mut district = district_in_memory();
    let mut a = commune("00721");
    enrol_both(&mut a, &mut district);
    let round = a
        .store
        .open_round(
            2025,
            RoundKind::Regular,
            Some(11),
            "nd07-2021",
            "test",
            AT + 500,
        )
        .expect("round");
    survey_at(&mut a, &round.id, "00721", 0..3, AT + 1000);
    let file = rasoat_batch::export_batch(&mut a.store, &district.id, AT + 2000).expect("export");
    let report = rasoat_batch::import_batch(&mut district.store, &file, AT + 3000).expect("import");
    assert_eq!(report.new, 3);
}

#[test]
fn an_entry_whose_payload_does_not_match_its_hash_is_never_sent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut a = commune("00721");
    enrol_both(&mut a, &mut district);
    drop(district);
    survey(&mut a, "00721", 0..3);
    // A journal row edited in the file: the class changed, the hash left as it was.
    a.store
        .sql_for_tests()
        .execute(
            "UPDATE journal SET payload = replace(payload, '\"poor\"', '\"other\"')
             WHERE entity = 'survey' AND seq = (SELECT MAX(seq) FROM journal)",
            [],
        )
        .expect("edit the journal");
    let mut receiver = district_in_memory();
    enrol_both(&mut a, &mut receiver);
    let err = rasoat_batch::export_batch(&mut a.store, &receiver.id, AT + 2000)
        .expect_err("an altered entry is not signed");
    assert!(
        matches!(&err, BatchError::ContentHash { household: Some(at), .. }
            if at.unit == "00721" && err.to_string().contains(&format!("hộ {} của đơn vị 00721", at.code))),
        "names the household and its unit: {err}"
    );
    let server = start(&path, ServerConfig::default());
    let before = server_digest(&path);
    sync_once_with(&mut a.store, &server.url(), &quick_options()).expect_err("nothing sent");
    assert_eq!(server_digest(&path), before);
}

#[test]
fn a_time_chosen_far_ahead_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut a = commune("00721");
    enrol_both(&mut a, &mut district);
    drop(district);
    // A year past the server's clock: it would win every conflict by its time.
    let ahead = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64
        + 365 * 24 * 3600 * 1000;
    let round = a.round.id.clone();
    survey_at(&mut a, &round, "00721", 0..3, ahead);
    let server = start(&path, ServerConfig::default());
    refused_over_http(&mut a, &server.url(), &path, "batch_refused");

    let mut district = district_in_memory();
    let mut a = commune("00721");
    enrol_both(&mut a, &mut district);
    let round = a.round.id.clone();
    survey_at(&mut a, &round, "00721", 0..3, AT + 10 * 24 * 3600 * 1000);
    let file = rasoat_batch::export_batch(&mut a.store, &district.id, AT + 2000).expect("export");
    let err = refused_by_file(&mut district, &file, AT + 3000);
    assert!(
        matches!(&err, BatchError::RecordedInFuture { household: Some(at), .. }
            if at.unit == "00721" && err.to_string().contains(&format!("household {} of unit 00721", at.code))),
        "names the household and its unit: {err}"
    );
}

#[test]
fn a_sign_in_tells_nobody_whether_an_installation_is_enrolled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut known = commune("00721");
    enrol_both(&mut known, &mut district);
    let stranger = commune("00724");
    drop(district);
    let server = start(&path, ServerConfig::default());
    let url = server.url();
    let sign_in = |site: &Site, forge: bool| {
        let (_, body) = call(
            "POST",
            &format!("{url}/v1/session/challenge"),
            None,
            format!(r#"{{"installation":"{}"}}"#, site.id).as_bytes(),
        );
        let challenge: serde_json::Value = serde_json::from_slice(&body).expect("json");
        let identity = rasoat_batch::identity(&site.store).expect("identity");
        let signature = if forge {
            "00".repeat(64)
        } else {
            rasoat_batch::session::sign_challenge(
                &identity,
                challenge["server"].as_str().expect("server"),
                challenge["challenge"].as_str().expect("challenge"),
            )
        };
        let request = serde_json::json!({
            "installation": site.id,
            "challenge": challenge["challenge"],
            "signature": signature,
        });
        call(
            "POST",
            &format!("{url}/v1/session"),
            None,
            request.to_string().as_bytes(),
        )
    };
    let before = server_digest(&path);
    let unknown = sign_in(&stranger, false);
    let forged = sign_in(&known, true);
    assert_eq!(unknown, forged, "the same status, code and words");
    assert_eq!(code_of(&unknown.1), "bad_signature");
    assert_eq!(server_digest(&path), before);
    // The known installation, signing honestly, still gets in.
    assert_eq!(sign_in(&known, false).0, 200);
}

#[test]
fn an_enumerator_cannot_vouch_for_another_installation() {
    // A relay chain broken at its first link: an enumerator enrolled a second enumerator and
    // relays its households to the commune with a certificate of its own making.
    let mut receiver = commune("00721");
    let mut relay = site_in(
        Store::open_in_memory().expect("store"),
        Role::Enumerator,
        "00721",
    );
    let mut hidden = site_in(
        Store::open_in_memory().expect("store"),
        Role::Enumerator,
        "00721",
    );
    enrol_both(&mut relay, &mut receiver);
    enrol_both(&mut hidden, &mut relay);
    survey(&mut hidden, "00721", 0..3);
    let file = rasoat_batch::export_batch(&mut hidden.store, &relay.id, AT + 2000).expect("export");
    rasoat_batch::import_batch(&mut relay.store, &file, AT + 3000).expect("relay imports");
    let file =
        rasoat_batch::export_batch(&mut relay.store, &receiver.id, AT + 4000).expect("export");
    let err = refused_by_file(&mut receiver, &file, AT + 5000);
    assert!(
        matches!(&err, BatchError::Certificate { subject, .. } if *subject == hidden.id),
        "{err}"
    );
}

#[test]
fn a_certificate_for_another_unit_is_refused_along_the_chain() {
    // Commune 00721 enrolled an enumerator's card for commune 00724: the server, which trusts
    // the commune for 00721 only, refuses the commune's certificate for it.
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut a = commune("00721");
    enrol_both(&mut a, &mut district);
    drop(district);
    let mut stray = site_in(
        Store::open_in_memory().expect("store"),
        Role::Enumerator,
        "00724",
    );
    // This build refuses that enrolment (`an_office_never_enrols_a_card_beyond_its_units`);
    // a hostile commune's own store holds it anyway.
    enrol_past_the_check(&mut stray.store, &a.card);
    enrol_past_the_check(&mut a.store, &stray.card);
    // Only its installation and round entries: the commune itself accepts those.
    let file = rasoat_batch::export_batch(&mut stray.store, &a.id, AT + 2000).expect("export");
    rasoat_batch::import_batch(&mut a.store, &file, AT + 3000).expect("commune imports");
    let server = start(&path, ServerConfig::default());
    refused_over_http(&mut a, &server.url(), &path, "batch_refused");

    // By file, the same chain to a district.
    let mut receiver = district_in_memory();
    enrol_both(&mut a, &mut receiver);
    let file = rasoat_batch::export_batch(&mut a.store, &receiver.id, AT + 4000).expect("export");
    let err = refused_by_file(&mut receiver, &file, AT + 5000);
    assert!(
        matches!(&err, BatchError::Certificate { subject, reason } if *subject == stray.id && reason.contains("00724")),
        "{err}"
    );
}

#[test]
fn a_revoked_installation_is_refused_by_the_server_and_its_earlier_entries_stay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut a = commune("00721");
    enrol_both(&mut a, &mut district);
    drop(district);
    survey(&mut a, "00721", 0..3);
    let server = start(&path, ServerConfig::default());
    sync_once_with(&mut a.store, &server.url(), &quick_options()).expect("before revocation");
    drop(server);
    // The laptop is lost: the district revokes it.
    let mut store = Store::open(&path).expect("open");
    rasoat_batch::revoke(&mut store, &a.id, "cán bộ huyện", AT + 10_000).expect("revoke");
    drop(store);
    survey(&mut a, "00721", 3..6);
    let server = start(&path, ServerConfig::default());
    let before = server_digest(&path);
    let err = sync_once_with(&mut a.store, &server.url(), &quick_options()).expect_err("refused");
    let text = err.to_string();
    assert!(
        text.contains(&a.id) && text.contains("2025-10-01") && text.contains("thu hồi"),
        "names the installation and the day: {text}"
    );
    assert_eq!(server_digest(&path), before);
    assert_eq!(records_at(&path), 3, "what it sent before stays");
}

#[test]
fn a_revoked_installation_is_refused_by_file_even_in_a_batch_made_before() {
    let mut district = district_in_memory();
    let mut a = commune("00721");
    enrol_both(&mut a, &mut district);
    survey(&mut a, "00721", 0..3);
    let first = rasoat_batch::export_batch(&mut a.store, &district.id, AT + 2000).expect("export");
    rasoat_batch::import_batch(&mut district.store, &first, AT + 3000).expect("import");
    // A second batch made before the revocation, delivered after it.
    survey(&mut a, "00721", 3..6);
    let late = rasoat_batch::export_batch(&mut a.store, &district.id, AT + 4000).expect("export");
    rasoat_batch::revoke(&mut district.store, &a.id, "cán bộ huyện", AT + 5000).expect("revoke");
    let err = refused_by_file(&mut district, &late, AT + 6000);
    assert!(
        matches!(&err, BatchError::Revoked { installation, date } if *installation == a.id && date == "2025-10-01"),
        "{err}"
    );
    // The old batch replayed is refused too, and what it brought before stays.
    let err = refused_by_file(&mut district, &first, AT + 7000);
    assert!(matches!(err, BatchError::Revoked { .. }), "{err}");
    let held: i64 = district
        .store
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM survey_record", [], |r| r.get(0))
        .expect("count");
    assert_eq!(held, 3);
    // A commune may not revoke the district.
    let err = rasoat_batch::revoke(&mut a.store, &district.id, "xã", AT + 8000)
        .expect_err("not the commune's to revoke");
    assert!(
        matches!(err, BatchError::RevocationNotAllowed { .. }),
        "{err}"
    );
}

#[test]
fn a_revocation_travels_down_and_the_commune_refuses_the_revoked_enumerator() {
    let mut district = district_in_memory();
    let mut c = commune("00721");
    let mut e = site_in(
        Store::open_in_memory().expect("store"),
        Role::Enumerator,
        "00721",
    );
    enrol_both(&mut c, &mut district);
    enrol_both(&mut e, &mut c);
    survey(&mut e, "00721", 0..3);
    let file = rasoat_batch::export_batch(&mut e.store, &c.id, AT + 2000).expect("export");
    rasoat_batch::import_batch(&mut c.store, &file, AT + 3000).expect("commune imports");
    let file = rasoat_batch::export_batch(&mut c.store, &district.id, AT + 4000).expect("export");
    rasoat_batch::import_batch(&mut district.store, &file, AT + 5000).expect("district imports");
    // The district revokes the enumerator it knows through the commune's certificate; the
    // revocation reaches the commune with the district's next batch.
    rasoat_batch::revoke(&mut district.store, &e.id, "cán bộ huyện", AT + 6000).expect("revoke");
    let file = rasoat_batch::export_batch(&mut district.store, &c.id, AT + 7000).expect("export");
    rasoat_batch::import_batch(&mut c.store, &file, AT + 8000).expect("the revocation arrives");
    assert!(c.store.revocation(&e.id).expect("read").is_some());
    survey(&mut e, "00721", 3..5);
    let file = rasoat_batch::export_batch(&mut e.store, &c.id, AT + 9000).expect("export");
    let err = refused_by_file(&mut c, &file, AT + 10_000);
    assert!(matches!(err, BatchError::Revoked { .. }), "{err}");
}

#[test]
fn a_revocation_arrives_in_a_pull_page_and_the_commune_refuses_the_revoked_enumerator() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut c = commune("00721");
    let mut e = site_in(
        Store::open_in_memory().expect("store"),
        Role::Enumerator,
        "00721",
    );
    enrol_both(&mut c, &mut district);
    drop(district);
    enrol_both(&mut e, &mut c);
    survey(&mut e, "00721", 0..3);
    let file = rasoat_batch::export_batch(&mut e.store, &c.id, AT + 2000).expect("export");
    rasoat_batch::import_batch(&mut c.store, &file, AT + 3000).expect("commune imports");
    let server = start(&path, ServerConfig::default());
    sync_once_with(&mut c.store, &server.url(), &quick_options()).expect("the commune relays");
    drop(server);
    // The enumerator's laptop is lost: the district revokes it, knowing it through the
    // commune's certificate.
    let mut store = Store::open(&path).expect("open");
    rasoat_batch::revoke(&mut store, &e.id, "cán bộ huyện", AT + 10_000).expect("revoke");
    drop(store);
    assert!(c.store.revocation(&e.id).expect("read").is_none());
    let server = start(&path, ServerConfig::default());
    sync_once_with(&mut c.store, &server.url(), &quick_options()).expect("the commune pulls");
    assert!(
        c.store.revocation(&e.id).expect("read").is_some(),
        "the revocation came down in the pull page"
    );
    survey(&mut e, "00721", 3..5);
    let file = rasoat_batch::export_batch(&mut e.store, &c.id, AT + 20_000).expect("export");
    let err = refused_by_file(&mut c, &file, AT + 30_000);
    assert!(
        matches!(&err, BatchError::Revoked { installation, .. } if *installation == e.id),
        "{err}"
    );
}

#[test]
fn a_copied_store_is_told_apart_as_a_fork() {
    // A commune's store copied to a second laptop: both go on writing under the same
    // installation id, so both write a different entry under the same seq.
    let dir = tempfile::tempdir().expect("tempdir");
    let original_path = dir.path().join("commune.sqlite");
    let mut original = site_in(
        Store::open(&original_path).expect("store"),
        Role::Commune,
        "00721",
    );
    let mut district = district_in_memory();
    enrol_both(&mut original, &mut district);
    survey(&mut original, "00721", 0..2);
    let first =
        rasoat_batch::export_batch(&mut original.store, &district.id, AT + 2000).expect("export");
    rasoat_batch::import_batch(&mut district.store, &first, AT + 3000).expect("import");
    let copy_path = dir.path().join("copy.sqlite");
    original
        .store
        .sql_for_tests()
        .execute("VACUUM INTO ?1", [copy_path.display().to_string()])
        .expect("copy the store");
    let mut copy = Site {
        store: Store::open(&copy_path).expect("copy"),
        id: original.id.clone(),
        card: original.card.clone(),
        round: original.round.clone(),
    };
    survey(&mut copy, "00721", 10..12);
    survey(&mut original, "00721", 20..22);
    let from_copy =
        rasoat_batch::export_batch(&mut copy.store, &district.id, AT + 4000).expect("export");
    rasoat_batch::import_batch(&mut district.store, &from_copy, AT + 5000).expect("the copy lands");
    let from_original =
        rasoat_batch::export_batch(&mut original.store, &district.id, AT + 6000).expect("export");
    let err = refused_by_file(&mut district, &from_original, AT + 7000);
    assert!(
        matches!(&err, BatchError::Fork { origin, .. } if *origin == original.id),
        "{err}"
    );
    assert!(err.to_string().contains("sao chép"), "{err}");
}
