//! `rasoat serve` over HTTPS and `rasoat sync` end to end, on the built binary and store files:
//! a commune without the district's certificate is refused with what to do; with it, its batch
//! of households of other communes is refused for good, listed by `sync status` and dropped by
//! `sync discard`; a district desktop trusting the certificate syncs.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{demo_households, failed, installation, ok, path, rasoat, Server};

#[test]
fn serve_over_https_and_sync_with_the_districts_certificate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).expect("certificate");
    let cert = dir.path().join("cert.pem");
    let key = dir.path().join("key.pem");
    std::fs::write(&cert, certified.cert.pem()).expect("write cert");
    std::fs::write(&key, certified.signing_key.serialize_pem()).expect("write key");
    let other = dir.path().join("other.pem");
    let stranger =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).expect("certificate");
    std::fs::write(&other, stranger.cert.pem()).expect("write other");

    let district = installation(dir.path(), "server", "district", "026", None);
    let commune = installation(dir.path(), "commune", "commune", "00721", None);
    let desktop = installation(dir.path(), "desktop", "district", "026", None);
    for (db, card) in [
        (&district.db, &commune.card),
        (&district.db, &desktop.card),
        (&commune.db, &district.card),
        (&desktop.db, &district.card),
    ] {
        ok(&rasoat(db, &["enrol", path(card)]));
    }
    let (server_db, commune_db, desktop_db) = (district.db, commune.db, desktop.db);
    // The periodic round is the reporting office's to open; the communes' copies join it.
    ok(&rasoat(&server_db, &["rounds", "open", "--year", "2025"]));
    // Households of several communes, so the district refuses the commune's batch.
    for db in [&commune_db, &desktop_db] {
        demo_households(db, "12", "5");
    }

    let mut child = Command::new(env!("CARGO_BIN_EXE_rasoat"))
        .args([
            "serve",
            "--db",
            path(&server_db),
            "--listen",
            "127.0.0.1:0",
            "--tls-cert",
            path(&cert),
            "--tls-key",
            path(&key),
        ])
        // Signed in as a person this time (the operations test starts from a key file).
        .env("RASOAT_USER", common::TEST_USER)
        .env("RASOAT_PIN_FILE", common::test_pin_file())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start rasoat serve");
    let stdout = child.stdout.take().expect("stdout");
    let server = Server(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the listening line");
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("https://"))
        .unwrap_or_else(|| panic!("an https URL in {line}"))
        .to_string();

    // Without the district's certificate, or with another one: refused, says what to do.
    let refused = failed(&rasoat(&commune_db, &["sync", "--server", &url]));
    assert!(refused.contains("--ca"), "{refused}");
    let refused = failed(&rasoat(
        &commune_db,
        &["sync", "--server", &url, "--ca", path(&other)],
    ));
    assert!(refused.contains("--ca"), "{refused}");

    // With it: the demo households belong to several communes, so the server refuses the
    // commune's batch for good; status lists it, discard drops it.
    let refused = failed(&rasoat(
        &commune_db,
        &["sync", "--server", &url, "--ca", path(&cert)],
    ));
    assert!(refused.contains("wrong_unit"), "{refused}");
    assert!(refused.contains("rasoat sync discard"), "{refused}");
    let status: serde_json::Value =
        serde_json::from_str(&ok(&rasoat(&commune_db, &["sync", "status"]))).expect("json");
    let batch = &status["outbox"][0];
    assert_eq!(batch["status"], "refused", "{status}");
    assert_eq!(batch["refusal_code"], "wrong_unit");
    assert_eq!(batch["attempts"], 1);
    assert_eq!(status["state"]["refused_batches"], 1);
    let batch_id = batch["batch_id"].as_str().expect("batch id").to_string();
    let discarded = ok(&rasoat(&commune_db, &["sync", "discard", &batch_id]));
    assert!(discarded.contains(&batch_id), "{discarded}");
    let status: serde_json::Value =
        serde_json::from_str(&ok(&rasoat(&commune_db, &["sync", "status"]))).expect("json");
    assert_eq!(status["outbox"], serde_json::json!([]));
    failed(&rasoat(&commune_db, &["sync", "discard", &batch_id]));

    // A district desktop may send households of any commune: its batch lands over HTTPS.
    let sent = ok(&rasoat(
        &desktop_db,
        &["sync", "--server", &url, "--ca", path(&cert)],
    ));
    assert!(sent.contains("sent 1 batches"), "{sent}");
    assert!(sent.contains("0 pending"), "{sent}");
    drop(server);
}

#[test]
fn serve_help_names_every_limit_with_its_default() {
    let output = Command::new(env!("CARGO_BIN_EXE_rasoat"))
        .args(["serve", "--help"])
        .output()
        .expect("run rasoat");
    let help = ok(&output);
    for (flag, default) in [
        ("--request-timeout", "60"),
        ("--header-read-timeout", "15"),
        ("--tls-handshake-timeout", "10"),
        ("--max-connections", "4096"),
        ("--max-connections-per-address", "64"),
        ("--session-ttl", "1800"),
        ("--max-sessions", "10000"),
        ("--max-sessions-per-installation", "16"),
        ("--challenge-ttl", "60"),
        ("--max-challenges", "10000"),
        ("--rate-burst", "120"),
        ("--rate-per-second", "40"),
        ("--anonymous-burst", "600"),
        ("--anonymous-per-second", "100"),
        ("--max-requests-per-installation", "4"),
        ("--pull-readers", "2"),
        ("--writer-page-cache-mib", "64"),
        ("--max-pull-page-entries", "5000"),
        ("--max-uploads-per-installation", "8"),
        ("--max-upload-bytes-per-installation", "268435456"),
        ("--upload-ttl", "86400"),
    ] {
        let line = help
            .lines()
            .position(|l| l.trim_start().starts_with(&format!("{flag} ")))
            .unwrap_or_else(|| panic!("{flag} missing from serve --help:\n{help}"));
        // clap puts the default at the end of the flag's description, which runs to the next
        // flag (blank lines inside it when the help is in its long form).
        let described: String = help
            .lines()
            .skip(line)
            .enumerate()
            .take_while(|(i, l)| *i == 0 || !l.trim_start().starts_with('-'))
            .map(|(_, l)| l)
            .collect();
        assert!(
            described.contains(&format!("[default: {default}]")),
            "{flag} does not show its default {default}:\n{described}"
        );
    }
}
