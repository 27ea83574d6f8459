//! A batch carries its recipient's own certificate (what the office that enrolled it vouches
//! it for). A forged one is refused with the whole batch and every table unchanged, never kept
//! to be shown: one issued by an installation the recipient does not trust, one whose issuer's
//! signature is not the issuer's, one for another key, and one a trusted office signed for a
//! card in the recipient's name that claims another office.

use ed25519_dalek::SigningKey;
use rasoat_batch::{
    enrol_for, export_batch, import_batch, install_identity, EnrolmentCertificate, IdentitySecrets,
    Validity,
};
use rasoat_domain::workflow::Role;
use rasoat_store::Store;
use sha2::{Digest, Sha256};

use crate::hostile::{forge, parts, refused, site_with_seed};
use crate::support::{site, survey, Site, AT};

const PERIOD: Validity = Validity {
    not_before: AT,
    not_after: AT + 400 * 86_400_000,
};

/// The payload of a batch addressed to `recipient`, decrypted with its key.
fn payload_for(recipient: &Site, batch: &[u8]) -> Vec<u8> {
    let (_, body) = parts(batch);
    let secrets = recipient
        .store
        .stored_identity()
        .expect("keys")
        .expect("keys");
    let identity: age::x25519::Identity = secrets.encryption_secret.parse().expect("identity");
    let compressed = age::decrypt(&identity, &body).expect("decrypt");
    zstd::stream::decode_all(compressed.as_slice()).expect("zstd")
}

/// Where the certificate of `subject` lies in a payload, and the certificate.
fn certificate_in(payload: &[u8], subject: &str) -> (usize, usize, EnrolmentCertificate) {
    let marker = b"{\"card\":";
    let mut from = 0;
    while let Some(at) = payload[from..]
        .windows(marker.len())
        .position(|w| w == marker)
        .map(|p| p + from)
    {
        let mut stream = serde_json::Deserializer::from_slice(&payload[at..])
            .into_iter::<EnrolmentCertificate>();
        if let Some(Ok(certificate)) = stream.next() {
            if certificate.card.installation == subject {
                return (at, at + stream.byte_offset(), certificate);
            }
        }
        from = at + 1;
    }
    panic!("no certificate of {subject} in the payload");
}

/// `batch` (from the seeded `sender` to `recipient`) with the recipient's own certificate
/// replaced by `forged` (of the same length), resealed with the sender's key: what a sender
/// holding its real key could write.
fn with_own_certificate(recipient: &Site, batch: &[u8], forged: &[u8]) -> Vec<u8> {
    let (manifest, _) = parts(batch);
    let mut payload = payload_for(recipient, batch);
    let (start, end, _) = certificate_in(&payload, &recipient.id);
    assert_eq!(end - start, forged.len(), "the forgery keeps every length");
    payload[start..end].copy_from_slice(forged);
    let mut manifest = manifest;
    manifest.payload_hash = Sha256::digest(&payload)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect();
    let body = crate::hostile::body_for(recipient, &payload);
    forge(
        &SigningKey::from_bytes(&[7; 32]),
        manifest.version,
        &serde_json::to_vec(&manifest).expect("json"),
        &body,
    )
}

/// A commune with a known key, its enumerator enrolled for `PERIOD`, and a batch down to it.
fn office_and_enumerator() -> (Site, Site, Vec<u8>) {
    let mut office = site_with_seed(Role::Commune);
    let mut enumerator = site(Role::Enumerator, "00721");
    enrol_for(&mut office.store, &enumerator.card, AT, PERIOD).expect("enrol");
    enrol_for(&mut enumerator.store, &office.card, AT, PERIOD).expect("enrol");
    survey(&mut office, "00721", 0..2);
    let batch = export_batch(&mut office.store, &enumerator.id, AT + 100).expect("export");
    (office, enumerator, batch)
}

#[test]
fn an_own_certificate_not_signed_by_a_trusted_issuer_is_refused() {
    let (_office, mut enumerator, batch) = office_and_enumerator();
    // A stranger (a commune the enumerator never enrolled) certifies it, correctly signed.
    let mut stranger = site(Role::Commune, "00721");
    enrol_for(&mut stranger.store, &enumerator.card, AT, PERIOD).expect("enrol");
    survey(&mut stranger, "00721", 10..11);
    let theirs = export_batch(&mut stranger.store, &enumerator.id, AT + 100).expect("export");
    let payload = payload_for(&enumerator, &theirs);
    let (start, end, certificate) = certificate_in(&payload, &enumerator.id);
    assert_eq!(certificate.issuer, stranger.id);
    let forged = with_own_certificate(&enumerator, &batch, &payload[start..end]);
    refused(&mut enumerator, &forged, "issuer not enrolled here");

    // The office's own certificate with a signature that is not the office's.
    let payload = payload_for(&enumerator, &batch);
    let (start, end, mut certificate) = certificate_in(&payload, &enumerator.id);
    let flipped = if certificate.signature.starts_with('0') {
        "1"
    } else {
        "0"
    };
    certificate.signature.replace_range(0..1, flipped);
    let json = serde_json::to_vec(&certificate).expect("json");
    assert_eq!(json.len(), end - start);
    let forged = with_own_certificate(&enumerator, &batch, &json);
    refused(&mut enumerator, &forged, "issuer signature invalid");

    // The genuine batch still imports, and only then is the enumerator certified.
    assert!(rasoat_batch::own_certification(&enumerator.store)
        .expect("read")
        .is_none());
    import_batch(&mut enumerator.store, &batch, AT + 700).expect("genuine");
    assert!(rasoat_batch::own_certification(&enumerator.store)
        .expect("read")
        .is_some());
}

/// A card in `site`'s name and with its encryption key, but `role`, `unit` and, when given,
/// another signing key: what an office could be handed to enrol instead of the real card.
fn card_in_the_name_of(site: &Site, role: Role, unit: &str, signing: Option<[u8; 32]>) -> Vec<u8> {
    let secrets = site.store.stored_identity().expect("keys").expect("keys");
    let mut twin = Store::open_in_memory().expect("store");
    twin.load_reference_units().expect("units");
    twin.init_installation_with_id(&site.id, role, unit, "thử", AT)
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

#[test]
fn an_own_certificate_for_another_key_or_office_is_refused() {
    for (card_of, expect) in [
        (
            (|e: &Site| card_in_the_name_of(e, Role::Enumerator, "00721", Some([3; 32])))
                as fn(&Site) -> Vec<u8>,
            "key",
        ),
        (
            |e: &Site| card_in_the_name_of(e, Role::Commune, "00721", None),
            "certifies this one as commune 00721, but it is enumerator 00721",
        ),
    ] {
        let mut office = site_with_seed(Role::Commune);
        let mut enumerator = site(Role::Enumerator, "00721");
        // The office enrolled a card in the enumerator's name that the enumerator never made.
        enrol_for(&mut office.store, &card_of(&enumerator), AT, PERIOD).expect("enrol");
        enrol_for(&mut enumerator.store, &office.card, AT, PERIOD).expect("enrol");
        survey(&mut office, "00721", 0..2);
        let batch = export_batch(&mut office.store, &enumerator.id, AT + 100).expect("export");
        let message = refused(&mut enumerator, &batch, expect);
        assert!(message.contains(&enumerator.id), "{message}");
        assert!(rasoat_batch::own_certification(&enumerator.store)
            .expect("read")
            .is_none());
    }
}
