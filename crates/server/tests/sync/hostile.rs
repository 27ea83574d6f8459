//! Each hostile pattern measured against the first server, one test each: unbounded ids,
//! challenge floods, one installation hoarding sessions, half-sent heads and silent sockets,
//! silent TLS connections, unfinished uploads. Each asserts that honest work still goes
//! through, or that the server let go of what the attacker held.

use std::time::Duration;

use rasoat_server::ServerConfig;
use rasoat_sync_client::sync_once_with;

use crate::attack::*;
use crate::common::*;

#[test]
fn ids_that_are_not_uuids_are_refused_before_any_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut good = commune("00721");
    enrol_both(&mut good, &mut district);
    drop(district);
    let server = start(&path, ServerConfig::default());
    let url = server.url();
    // 60 KB of installation id: the first server kept each one with its challenge.
    let huge = format!(r#"{{"installation":"{}"}}"#, "a".repeat(60_000));
    let (status, body) = call(
        "POST",
        &format!("{url}/v1/session/challenge"),
        None,
        huge.as_bytes(),
    );
    assert_eq!((status, code_of(&body).as_str()), (400, "malformed"));
    let session = serde_json::json!({
        "installation": "not-a-uuid",
        "challenge": "00",
        "signature": "00",
    });
    let (status, body) = call(
        "POST",
        &format!("{url}/v1/session"),
        None,
        session.to_string().as_bytes(),
    );
    assert_eq!((status, code_of(&body).as_str()), (400, "malformed"));
    // Thirty-six characters of hex digits and dashes, but not a UUID.
    let token = token_for(&url, &good);
    let (status, body) = call(
        "GET",
        &format!("{url}/v1/uploads/{}", "-".repeat(36)),
        Some(&token),
        b"",
    );
    assert_eq!((status, code_of(&body).as_str()), (400, "malformed"));
    // The honest installation still syncs.
    survey(&mut good, "00721", 0..5);
    sync_once_with(&mut good.store, &url, &quick_options()).expect("sync");
    assert_eq!(records_at(&path), 5);
}

#[test]
fn a_challenge_flood_from_twenty_addresses_locks_nobody_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut good = commune("00721");
    enrol_both(&mut good, &mut district);
    drop(district);
    // The defaults: each address may burst 600 challenges, twenty of them more than the
    // 10,000 the first server could hold before answering everyone "busy" for a minute.
    let server = start(&path, ServerConfig::default());
    let addr = server.addr;
    let attackers = runtime();
    let answered: usize = attackers.block_on(async move {
        let floods = (0..20u8).map(|n| {
            tokio::spawn(async move {
                let Ok(mut stream) = connect_from(loopback(n), addr).await else {
                    return 0;
                };
                let mut ok = 0;
                for _ in 0..520 {
                    match exchange(&mut stream, &random_challenge()).await {
                        Some(200) => ok += 1,
                        Some(_) => {}
                        None => break,
                    }
                }
                ok
            })
        });
        let mut total = 0;
        for flood in floods.collect::<Vec<_>>() {
            total += flood.await.unwrap_or(0);
        }
        total
    });
    assert!(answered > 10_000, "the flood got {answered} challenges");
    // Right after, an honest sign-in and sync go through.
    survey(&mut good, "00721", 0..5);
    let mut options = quick_options();
    options.attempts = 1;
    sync_once_with(&mut good.store, &server.url(), &options).expect("honest sync");
    assert_eq!(records_at(&path), 5);
}

#[test]
fn one_installation_opening_sessions_crowds_out_only_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut greedy = commune("00724");
    let mut good = commune("00721");
    enrol_both(&mut greedy, &mut district);
    enrol_both(&mut good, &mut district);
    drop(district);
    let config = ServerConfig {
        max_sessions: 40,
        max_sessions_per_installation: 8,
        ..ServerConfig::default()
    };
    let server = start(&path, config);
    let url = server.url();
    let tokens: Vec<String> = (0..60).map(|_| token_for(&url, &greedy)).collect();
    // Its oldest sessions ended; its newest still work.
    let handshake = |token: &str| call("GET", &format!("{url}/v1/handshake"), Some(token), b"").0;
    assert_eq!(handshake(&tokens[0]), 401);
    assert_eq!(handshake(&tokens[59]), 200);
    // Another commune signs in and syncs.
    survey(&mut good, "00721", 0..5);
    sync_once_with(&mut good.store, &url, &quick_options()).expect("sync");
    assert_eq!(records_at(&path), 5);
}

#[test]
fn half_sent_heads_idle_sockets_and_sockets_past_the_address_limit_are_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut good = commune("00721");
    enrol_both(&mut good, &mut district);
    drop(district);
    let config = ServerConfig {
        header_read_timeout: Duration::from_millis(500),
        max_connections_per_address: 8,
        ..ServerConfig::default()
    };
    let server = start(&path, config);
    let addr = server.addr;
    let attackers = runtime();
    let (half_closed, idle_closed, over_closed, held) = attackers.block_on(async move {
        use tokio::io::AsyncWriteExt;
        let mut half = connect_from(loopback(0), addr).await.expect("connect");
        half.write_all(b"POST /v1/session HTTP/1.1\r\nHost: loopback\r\n")
            .await
            .expect("half a head");
        let mut idle = connect_from(loopback(0), addr).await.expect("connect");
        // Eight from one address are held; the ones past them are closed at once.
        let mut others = Vec::new();
        for _ in 0..6 {
            others.push(connect_from(loopback(1), addr).await.expect("connect"));
        }
        let mut over = Vec::new();
        for _ in 0..2 {
            others.push(connect_from(loopback(1), addr).await.expect("connect"));
        }
        for _ in 0..4 {
            over.push(connect_from(loopback(1), addr).await.expect("connect"));
        }
        let mut over_closed = 0;
        for stream in &mut over {
            if closed_within(stream, Duration::from_millis(400)).await {
                over_closed += 1;
            }
        }
        let mut held = 0;
        for stream in &mut others[..2] {
            if !closed_within(stream, Duration::from_millis(50)).await {
                held += 1;
            }
        }
        (
            closed_within(&mut half, Duration::from_secs(5)).await,
            closed_within(&mut idle, Duration::from_secs(5)).await,
            over_closed,
            held,
        )
    });
    assert!(
        half_closed,
        "a half-sent head was held past the header timeout"
    );
    assert!(
        idle_closed,
        "a silent socket was held past the header timeout"
    );
    assert_eq!(over_closed, 4, "sockets past the address limit were closed");
    assert_eq!(held, 2, "sockets within the limit were served");
    survey(&mut good, "00721", 0..5);
    sync_once_with(&mut good.store, &server.url(), &quick_options()).expect("sync");
    assert_eq!(records_at(&path), 5);
}

#[test]
fn three_hundred_silent_tls_connections_leave_https_open_to_others() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut good = commune("00721");
    enrol_both(&mut good, &mut district);
    drop(district);
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).expect("certificate");
    let (cert, key) = (certified.cert.pem(), certified.signing_key.serialize_pem());
    let server = start_tls(&path, ServerConfig::default(), &cert, &key);
    let addr = server.addr;
    let attackers = runtime();
    // Five addresses, sixty connections each, none saying a word; held while the honest
    // commune syncs.
    let silent = attackers.block_on(async move {
        let mut silent = Vec::new();
        for n in 0..5u8 {
            for _ in 0..60 {
                if let Ok(stream) = connect_from(loopback(n), addr).await {
                    silent.push(stream);
                }
            }
        }
        silent
    });
    assert_eq!(silent.len(), 300);
    survey(&mut good, "00721", 0..5);
    let options = rasoat_sync_client::SyncOptions {
        trusted_ca: Some(cert.as_bytes().to_vec()),
        attempts: 2,
        ..quick_options()
    };
    sync_once_with(&mut good.store, &server.url(), &options).expect("https sync");
    assert_eq!(records_at(&path), 5);
    drop(silent);
}

#[test]
fn unfinished_uploads_expire_and_an_installation_parks_only_its_share() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut good = commune("00721");
    enrol_both(&mut good, &mut district);
    drop(district);
    let config = ServerConfig {
        upload_ttl: Duration::from_millis(600),
        max_upload_bytes_per_installation: 3 * 1024 * 1024,
        ..ServerConfig::default()
    };
    let server = start(&path, config);
    let url = server.url();
    let token = token_for(&url, &good);
    let announce = |batch_id: &str, size: u64| {
        let body =
            serde_json::json!({"batch_id": batch_id, "size": size, "sha256": "ab".repeat(32)});
        call(
            "POST",
            &format!("{url}/v1/uploads"),
            Some(&token),
            body.to_string().as_bytes(),
        )
    };
    let state_of = |batch_id: &str| {
        let (status, body) = call(
            "GET",
            &format!("{url}/v1/uploads/{batch_id}"),
            Some(&token),
            b"",
        );
        (
            status,
            serde_json::from_slice::<serde_json::Value>(&body).expect("json"),
        )
    };
    let first = "01900000-0000-7000-8000-000000000001";
    let second = "01900000-0000-7000-8000-000000000002";
    // Two MiB parked, then two more: the first makes room.
    assert_eq!(announce(first, 2 * 1024 * 1024).0, 200);
    let (status, _) = call(
        "PUT",
        &format!("{url}/v1/uploads/{first}/chunks/0"),
        Some(&token),
        &vec![7u8; 64 * 1024],
    );
    assert_eq!(status, 200);
    assert_eq!(announce(second, 2 * 1024 * 1024).0, 200);
    assert_eq!(state_of(first).1["code"], "upload_unknown");
    assert_eq!(state_of(second).0, 200);
    // More than the share at once is refused outright.
    let third = "01900000-0000-7000-8000-000000000003";
    let (status, body) = announce(third, 4 * 1024 * 1024);
    assert_eq!((status, code_of(&body).as_str()), (413, "too_large"));
    // Left unfinished, the second expires.
    std::thread::sleep(Duration::from_millis(1_500));
    assert_eq!(state_of(second).1["code"], "upload_unknown");
    let parked = rasoat_store::Store::open(&path)
        .expect("open")
        .announced_upload_bytes(&good.id)
        .expect("bytes");
    assert_eq!(parked, 0);
}
