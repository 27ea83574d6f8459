//! Hostile and broken requests: each is refused with a 4xx and its stable code, the server
//! keeps serving, and a well-formed upload right after succeeds.

use rasoat_server::ServerConfig;
use rasoat_sync_client::sync_once_with;

use crate::common::*;
use crate::hostile_peers::refused_over_http;

#[test]
fn every_bad_request_is_refused_with_its_code_and_a_good_one_still_lands() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut good = commune("00721");
    let mut wrong_unit = commune("00724");
    enrol_both(&mut good, &mut district);
    enrol_both(&mut wrong_unit, &mut district);
    let stranger = commune("00727");
    drop(district);
    let server = start(&path, ServerConfig::default());
    let url = server.url();
    let refused = |method: &str, path: &str, token: Option<&str>, body: &[u8]| {
        let (status, answer) = call(method, &format!("{url}{path}"), token, body);
        assert!((400..500).contains(&status), "{path}: HTTP {status}");
        code_of(&answer)
    };

    // Unauthenticated: no token, or a token the server never issued.
    assert_eq!(
        refused("GET", "/v1/handshake", None, b""),
        "unauthenticated"
    );
    assert_eq!(
        refused("GET", "/v1/handshake", Some("00ff"), b""),
        "unauthenticated"
    );
    assert_eq!(
        refused("POST", "/v1/uploads", None, b"{}"),
        "unauthenticated"
    );

    // Wrongly signed: a challenge answered with a signature that is not the installation's.
    let (_, body) = call(
        "POST",
        &format!("{url}/v1/session/challenge"),
        None,
        format!(r#"{{"installation":"{}"}}"#, good.id).as_bytes(),
    );
    let challenge: serde_json::Value = serde_json::from_slice(&body).expect("json");
    let forged = serde_json::json!({
        "installation": good.id,
        "challenge": challenge["challenge"],
        "signature": "00".repeat(64),
    });
    assert_eq!(
        refused("POST", "/v1/session", None, forged.to_string().as_bytes()),
        "bad_signature"
    );
    // The same challenge cannot be tried again, even with a real signature.
    let identity = rasoat_batch::identity(&good.store).expect("identity");
    let replay = serde_json::json!({
        "installation": good.id,
        "challenge": challenge["challenge"],
        "signature": rasoat_batch::session::sign_challenge(
            &identity,
            challenge["server"].as_str().expect("server"),
            challenge["challenge"].as_str().expect("challenge"),
        ),
    });
    assert_eq!(
        refused("POST", "/v1/session", None, replay.to_string().as_bytes()),
        "bad_signature"
    );
    // Signed by an installation the server never enrolled.
    let (_, body) = call(
        "POST",
        &format!("{url}/v1/session/challenge"),
        None,
        format!(r#"{{"installation":"{}"}}"#, stranger.id).as_bytes(),
    );
    let challenge: serde_json::Value = serde_json::from_slice(&body).expect("json");
    let stranger_identity = rasoat_batch::identity(&stranger.store).expect("identity");
    let unknown = serde_json::json!({
        "installation": stranger.id,
        "challenge": challenge["challenge"],
        "signature": rasoat_batch::session::sign_challenge(
            &stranger_identity,
            challenge["server"].as_str().expect("server"),
            challenge["challenge"].as_str().expect("challenge"),
        ),
    });
    // Answered exactly as a forged signature: status, code and words.
    let (status, answer) = call(
        "POST",
        &format!("{url}/v1/session"),
        None,
        unknown.to_string().as_bytes(),
    );
    let (forged_status, forged_answer) = call(
        "POST",
        &format!("{url}/v1/session"),
        None,
        forged.to_string().as_bytes(),
    );
    assert_eq!((status, &answer), (forged_status, &forged_answer));
    assert_eq!(code_of(&answer), "bad_signature");

    // Truncated and malformed JSON.
    let token = token_for(&url, &good);
    assert_eq!(
        refused(
            "POST",
            "/v1/session/challenge",
            None,
            br#"{"installation": "01"#
        ),
        "malformed"
    );
    assert_eq!(
        refused("POST", "/v1/session/challenge", None, b"\xff\xfe not json"),
        "malformed"
    );
    assert_eq!(
        refused(
            "POST",
            "/v1/uploads",
            Some(&token),
            br#"{"batch_id": "x", "size": "#
        ),
        "malformed"
    );
    assert_eq!(
        refused(
            "PUT",
            "/v1/uploads/not-a-batch/chunks/zero",
            Some(&token),
            b"abc"
        ),
        "malformed"
    );

    // Oversized: a JSON body, an announced batch, a chunk.
    let (status, body) = call_announcing(
        server.addr,
        "POST",
        "/v1/session/challenge",
        &token,
        100 * 1024,
    );
    assert_eq!((status, code_of(&body).as_str()), (413, "too_large"));
    let batch_id = "01890000-0000-7000-8000-000000000001";
    let huge =
        serde_json::json!({"batch_id": batch_id, "size": 1u64 << 40, "sha256": "0".repeat(64)});
    assert_eq!(
        refused(
            "POST",
            "/v1/uploads",
            Some(&token),
            huge.to_string().as_bytes()
        ),
        "too_large"
    );
    let small = serde_json::json!({"batch_id": batch_id, "size": 10, "sha256": "0".repeat(64)});
    let (status, _) = call(
        "POST",
        &format!("{url}/v1/uploads"),
        Some(&token),
        small.to_string().as_bytes(),
    );
    assert_eq!(status, 200);
    let (status, body) = call_announcing(
        server.addr,
        "PUT",
        &format!("/v1/uploads/{batch_id}/chunks/0"),
        &token,
        2 * 1024 * 1024,
    );
    assert_eq!((status, code_of(&body).as_str()), (413, "too_large"));
    // Past the announced size, a gap, completing early, then garbage that is whole.
    assert_eq!(
        refused(
            "PUT",
            &format!("/v1/uploads/{batch_id}/chunks/0"),
            Some(&token),
            &[0u8; 11]
        ),
        "too_large"
    );
    assert_eq!(
        refused(
            "PUT",
            &format!("/v1/uploads/{batch_id}/chunks/5"),
            Some(&token),
            &[0u8; 5]
        ),
        "chunk_gap"
    );
    assert_eq!(
        refused(
            "POST",
            &format!("/v1/uploads/{batch_id}/complete"),
            Some(&token),
            b""
        ),
        "upload_incomplete"
    );
    let (status, _) = call(
        "PUT",
        &format!("{url}/v1/uploads/{batch_id}/chunks/0"),
        Some(&token),
        &[0u8; 10],
    );
    assert_eq!(status, 200);
    assert_eq!(
        refused(
            "POST",
            &format!("/v1/uploads/{batch_id}/complete"),
            Some(&token),
            b""
        ),
        "hash_mismatch"
    );
    let garbage = b"RASOATBT garbage that is not a batch";
    let announce = serde_json::json!({
        "batch_id": batch_id,
        "size": garbage.len(),
        "sha256": rasoat_batch::codec::sha256_hex(garbage),
    });
    call(
        "POST",
        &format!("{url}/v1/uploads"),
        Some(&token),
        announce.to_string().as_bytes(),
    );
    call(
        "PUT",
        &format!("{url}/v1/uploads/{batch_id}/chunks/0"),
        Some(&token),
        garbage,
    );
    assert_eq!(
        refused(
            "POST",
            &format!("/v1/uploads/{batch_id}/complete"),
            Some(&token),
            b""
        ),
        "batch_refused"
    );

    // Unknown paths and methods.
    assert_eq!(refused("GET", "/v1/nothing-here", None, b""), "not_found");
    assert_eq!(
        refused("DELETE", "/v1/handshake", None, b""),
        "method_not_allowed"
    );

    // Wrong unit: commune 00724 sends households of 00721.
    survey(&mut wrong_unit, "00721", 0..5);
    refused_over_http(&mut wrong_unit, &url, &path, "wrong_unit");
    assert_eq!(
        rasoat_sync_client::sync_state(&wrong_unit.store)
            .expect("state")
            .refused_batches,
        1,
        "the refused batch stays in the outbox for a person to look at"
    );

    // And a well-formed upload right after lands.
    survey(&mut good, "00721", 0..12);
    let report = sync_once_with(&mut good.store, &url, &quick_options()).expect("good sync");
    assert_eq!(report.batches_acknowledged, 1);
    assert_eq!(records_at(&path), 12);
}

#[test]
fn a_server_that_rate_limits_slows_a_client_down_without_losing_anything() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut good = commune("00721");
    enrol_both(&mut good, &mut district);
    drop(district);
    survey(&mut good, "00721", 0..30);
    let config = ServerConfig {
        rate_burst: 3,
        rate_per_second: 20,
        ..ServerConfig::default()
    };
    let server = start(&path, config);
    let report = sync_once_with(&mut good.store, &server.url(), &quick_options()).expect("sync");
    assert!(report.retries > 0, "the client met the rate limit");
    assert_eq!(report.pending_batches, 0);
    assert_eq!(records_at(&path), 30);
    drop(server);
    // The refusal itself, from a server slow enough to refill that a loaded test machine
    // cannot outpace it (10 handshakes, 3 allowed at once and one more a second).
    let strict = start(
        &path,
        ServerConfig {
            rate_burst: 3,
            rate_per_second: 1,
            ..ServerConfig::default()
        },
    );
    let token = token_for(&strict.url(), &good);
    let codes: Vec<String> = (0..10)
        .map(|_| {
            let (_, body) = call(
                "GET",
                &format!("{}/v1/handshake", strict.url()),
                Some(&token),
                b"",
            );
            serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["code"].as_str().map(str::to_string))
                .unwrap_or_default()
        })
        .collect();
    assert!(codes.iter().any(|c| c == "rate_limited"), "{codes:?}");
}
