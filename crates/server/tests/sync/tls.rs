//! Sync over HTTPS with a district's self-signed certificate, made here with rcgen: the client
//! that trusts it (`--ca`) syncs; one that trusts another certificate is refused at once with
//! a TLS error and keeps its outbox, which the next pass with the right certificate delivers.

use std::time::{Duration, Instant};

use rasoat_server::ServerConfig;
use rasoat_sync_client::{sync_once_with, sync_state, SyncError, SyncOptions};

use crate::common::*;

/// A self-signed certificate for the loopback address: (certificate PEM, key PEM).
fn self_signed() -> (String, String) {
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".into()])
            .expect("certificate");
    (certified.cert.pem(), certified.signing_key.serialize_pem())
}

fn trusting(cert_pem: &str) -> SyncOptions {
    SyncOptions {
        trusted_ca: Some(cert_pem.as_bytes().to_vec()),
        ..quick_options()
    }
}

#[test]
fn sync_over_https_trusts_the_districts_certificate_and_refuses_another() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut commune = commune("00721");
    enrol_both(&mut commune, &mut district);
    drop(district);
    survey(&mut commune, "00721", 0..30);
    let (cert, key) = self_signed();
    let server = start_tls(&path, ServerConfig::default(), &cert, &key);
    assert!(server.url().starts_with("https://"));

    // Another district's certificate: refused at once, not retried, the outbox kept.
    let (other, _) = self_signed();
    let started = Instant::now();
    let refused = sync_once_with(&mut commune.store, &server.url(), &trusting(&other));
    let Err(error) = refused else {
        panic!("a certificate nobody trusts was accepted");
    };
    assert!(matches!(error, SyncError::Tls { .. }), "{error}");
    assert_eq!(error.code(), "tls");
    assert!(
        error.to_string().contains("--ca"),
        "says what to do: {error}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "a TLS refusal is not retried like a cut"
    );
    // No --ca at all: the system roots do not know a self-signed certificate either.
    let refused = sync_once_with(&mut commune.store, &server.url(), &quick_options());
    assert!(matches!(refused, Err(SyncError::Tls { .. })));
    assert_eq!(records_at(&path), 0);
    let state = sync_state(&commune.store).expect("state");
    assert!(
        state
            .last_error
            .as_deref()
            .is_some_and(|e| e.starts_with("tls:")),
        "{:?}",
        state.last_error
    );

    let report =
        sync_once_with(&mut commune.store, &server.url(), &trusting(&cert)).expect("https sync");
    assert_eq!(report.batches_acknowledged, 1);
    assert_eq!(report.pending_batches, 0);
    assert_eq!(records_at(&path), 30);
    assert_eq!(
        entries_at(&path, &commune.id),
        commune.store.status_vector().expect("status")[&commune.id]
    );
}

#[test]
fn a_bad_ca_file_or_key_is_refused_with_a_message() {
    let options = SyncOptions {
        trusted_ca: Some(b"not a certificate".to_vec()),
        ..quick_options()
    };
    let mut commune = commune("00721");
    let error = sync_once_with(&mut commune.store, "https://127.0.0.1:9", &options)
        .expect_err("no certificate in the file");
    assert_eq!(error.code(), "tls");

    let (cert, _) = self_signed();
    let (_, other_key) = self_signed();
    assert!(rasoat_server::tls_config(cert.as_bytes(), other_key.as_bytes()).is_err());
    assert!(rasoat_server::tls_config(b"", b"").is_err());
}
