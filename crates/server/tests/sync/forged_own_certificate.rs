//! A forged own certificate over HTTP: the district's server enrolled a card in a commune's
//! name that the commune never made. Pull pages carry the certificate the server issues from
//! what it enrolled, so a card claiming another commune reaches the commune in its first page,
//! which it refuses with every table unchanged; a card with another signing key never gets
//! that far, because the commune's own key does not sign in as it.
//! (By file, with forged issuers and signatures too: `tests/tests/batches_scenario`.)

use rasoat_batch::{install_identity, IdentitySecrets};
use rasoat_domain::workflow::Role;
use rasoat_server::ServerConfig;
use rasoat_store::Store;
use rasoat_sync_client::{sync_once_with, SyncError};

use crate::common::*;
use crate::hostile_peers::digest;

/// The tables whose digest differs.
fn changed(
    before: &std::collections::BTreeMap<String, String>,
    after: &std::collections::BTreeMap<String, String>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(table, digest)| before.get(*table) != Some(*digest))
        .map(|(table, _)| table.clone())
        .collect()
}

/// A card in `site`'s name and with its encryption key, but for `unit` and, when given,
/// another signing key: what the district could have been handed to enrol instead.
fn card_in_the_name_of(site: &Site, unit: &str, signing: Option<[u8; 32]>) -> Vec<u8> {
    let secrets = site.store.stored_identity().expect("keys").expect("keys");
    let mut twin = Store::open_in_memory().expect("store");
    twin.load_reference_units().expect("units");
    twin.init_installation_with_id(&site.id, Role::Commune, unit, "thử", AT)
        .expect("init");
    let identity = install_identity(
        &mut twin,
        &IdentitySecrets {
            signing_seed: signing
                .unwrap_or_else(|| secrets.signing_secret.as_slice().try_into().expect("seed")),
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

/// A district server holding two households of 00730, and a commune of 00715 the district
/// enrolled from `forged` (a card made from the commune's own by `card_in_the_name_of`).
fn server_with_forged_enrolment(
    dir: &std::path::Path,
    forged: impl Fn(&Site) -> Vec<u8>,
) -> (Running, Site) {
    let (path, mut district) = district(dir);
    let mut b = commune("00730");
    enrol_both(&mut b, &mut district);
    let mut a = commune("00715");
    enrol(&mut district.store, &forged(&a), AT).expect("enrol the forged card");
    enrol(&mut a.store, &district.card, AT).expect("enrol district");
    drop(district);
    survey(&mut b, "00730", 0..2);
    let server = start(&path, ServerConfig::default());
    sync_once_with(&mut b.store, &server.url(), &quick_options()).expect("b syncs");
    (server, a)
}

#[test]
fn a_pull_page_certifying_the_commune_as_another_unit_is_refused_with_nothing_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, mut a) =
        server_with_forged_enrolment(dir.path(), |a| card_in_the_name_of(a, "00730", None));
    // Its own entries (the round it opened) go up first, as in any pass: accepted.
    let mut up_only = quick_options();
    up_only.pull = false;
    sync_once_with(&mut a.store, &server.url(), &up_only).expect("upload");
    let before = digest(&a.store);
    let err = sync_once_with(&mut a.store, &server.url(), &quick_options()).expect_err("refused");
    let text = err.to_string();
    assert!(
        text.contains("certifies this one as commune 00730, but it is commune 00715"),
        "{text}"
    );
    assert!(text.contains(&a.id), "{text}");
    assert!(text.contains(" / "), "Vietnamese / English: {text}");
    // Only the pass is recorded (the window's sync history says it failed and why): nothing
    // of the page is stored.
    assert_eq!(changed(&before, &digest(&a.store)), ["sync_history"]);
    assert!(rasoat_batch::own_certification(&a.store)
        .expect("read")
        .is_none());
}

#[test]
fn a_card_with_another_key_in_the_communes_name_never_signs_it_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, mut a) = server_with_forged_enrolment(dir.path(), |a| {
        card_in_the_name_of(a, "00715", Some([3; 32]))
    });
    let before = digest(&a.store);
    let err = sync_once_with(&mut a.store, &server.url(), &quick_options()).expect_err("refused");
    assert!(
        matches!(&err, SyncError::Refused { code, .. } if code.as_str() == "bad_signature"),
        "{err}"
    );
    assert!(err.to_string().contains(" / "), "{err}");
    assert_eq!(changed(&before, &digest(&a.store)), ["sync_history"]);
    assert!(rasoat_batch::own_certification(&a.store)
        .expect("read")
        .is_none());
}
