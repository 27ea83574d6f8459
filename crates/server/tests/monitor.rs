//! What the server tells the people who run it, on loopback: the log of a whole scenario
//! (an installation syncs households with names and ID numbers, others are refused) holds none
//! of those names or numbers; the audit log has a row per sign-in, refusal, upload, import and
//! pull; the health endpoint answers without a session; a damaged store is not served.
//!
//! Every log line of this test binary, at every level and from every crate, goes into one
//! buffer (a global subscriber), which the scenario then searches.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use rasoat_demo::synthetic;
use rasoat_domain::Date;
use rasoat_server::{ServerConfig, ServerError, ServerState};
use rasoat_store::{AuditEvent, AuditFilter, Store, SurveyResult};

#[path = "sync/common.rs"]
#[allow(dead_code)]
mod common;

use common::*;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs the capturing subscriber once for the whole binary: JSON lines, every level.
fn captured() -> &'static Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        tracing_subscriber::fmt()
            .json()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .init();
        captured
    })
}

fn log_text() -> String {
    let bytes = captured()
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `count` households of `commune_code` whose members have made-up names and 12-digit ID
/// numbers; returns every name and number used, to search the log for.
fn survey_with_ids(site: &mut Site, commune_code: &str, first: u64, count: u64) -> Vec<String> {
    let day: Date = "2025-10-01".parse().expect("date");
    let mut personal = Vec::new();
    let households: Vec<_> = (first..first + count)
        .map(|n| {
            let mut household = synthetic::household(n, "02", commune_code, "Thôn Thử", 4, day);
            for (i, member) in household.members.iter_mut().enumerate() {
                let number = format!("0011{:08}", n * 10 + i as u64);
                member.id_number = Some(number.clone());
                personal.push(member.name.clone());
                personal.push(number);
            }
            (
                household,
                Some(SurveyResult {
                    standard_id: "nd07-2021".into(),
                    method: "score".into(),
                    class: "poor".into(),
                    score_a: Some(100),
                    score_b: Some(1),
                    deprived: vec![],
                    phieu_a: None,
                }),
            )
        })
        .collect();
    let round = site.round.id.clone();
    site.store
        .save_households(&round, &households, "điều tra viên", AT + 1000)
        .expect("save");
    personal
}

#[test]
fn a_whole_scenario_logs_and_audits_no_name_or_id_number() {
    captured();
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut good = commune("00721");
    let mut wrong_unit = commune("00724");
    enrol_both(&mut good, &mut district);
    enrol_both(&mut wrong_unit, &mut district);
    let stranger = commune("00727");
    drop(district);
    let mut personal = survey_with_ids(&mut good, "00721", 1, 12);
    // Households of another commune than the sender's: refused as wrong_unit.
    personal.extend(survey_with_ids(&mut wrong_unit, "00721", 100, 3));
    personal.sort();
    personal.dedup();
    assert!(personal.len() > 20, "names and numbers to look for");

    let server = start(&path, ServerConfig::default());
    let url = server.url();
    let options = quick_options();
    let report = rasoat_sync_client::sync_once_with(&mut good.store, &url, &options)
        .expect("the good commune syncs");
    assert!(report.batches_acknowledged > 0);
    rasoat_sync_client::sync_once_with(&mut wrong_unit.store, &url, &options)
        .expect_err("households of another commune are refused");

    // Refusals that carry personal data in what the caller sent: a name as an installation
    // id, a name and an ID number in a body of the wrong shape.
    let name = personal
        .iter()
        .find(|p| p.contains(' '))
        .expect("a name")
        .clone();
    let (status, _) = call(
        "POST",
        &format!("{url}/v1/session/challenge"),
        None,
        serde_json::json!({ "installation": name })
            .to_string()
            .as_bytes(),
    );
    // An installation id is a UUID: a name is refused before any work.
    assert_eq!(status, 400);
    let (status, _) = call(
        "POST",
        &format!("{url}/v1/session"),
        None,
        serde_json::json!({ "installation": name, "challenge": "00", "signature": "00" })
            .to_string()
            .as_bytes(),
    );
    assert_eq!(status, 400);
    // A well-formed id with a challenge the server never issued: a forged sign-in.
    let (status, answer) = call(
        "POST",
        &format!("{url}/v1/session"),
        None,
        serde_json::json!({ "installation": stranger.id, "challenge": "00", "signature": "00" })
            .to_string()
            .as_bytes(),
    );
    assert_eq!((status, code_of(&answer).as_str()), (401, "bad_signature"));
    let (status, answer) = call(
        "POST",
        &format!("{url}/v1/session"),
        None,
        serde_json::json!({ "installation": 5, "challenge": name, "signature": "001100000011" })
            .to_string()
            .as_bytes(),
    );
    assert_eq!(status, 400);
    assert_eq!(code_of(&answer), "malformed");
    // Not enrolled, and no session at all.
    let (_, body) = call(
        "POST",
        &format!("{url}/v1/session/challenge"),
        None,
        format!(r#"{{"installation":"{}"}}"#, stranger.id).as_bytes(),
    );
    let challenge: serde_json::Value = serde_json::from_slice(&body).expect("json");
    let identity = rasoat_batch::identity(&stranger.store).expect("identity");
    let signed = serde_json::json!({
        "installation": stranger.id,
        "challenge": challenge["challenge"],
        "signature": rasoat_batch::session::sign_challenge(
            &identity,
            challenge["server"].as_str().expect("server"),
            challenge["challenge"].as_str().expect("challenge"),
        ),
    });
    let (status, answer) = call(
        "POST",
        &format!("{url}/v1/session"),
        None,
        signed.to_string().as_bytes(),
    );
    // Not enrolled is answered as a bad signature: no caller learns who is enrolled.
    assert_eq!((status, code_of(&answer).as_str()), (401, "bad_signature"));
    let (status, _) = call("GET", &format!("{url}/v1/handshake"), None, b"");
    assert_eq!(status, 401);
    let health = call("GET", &format!("{url}/v1/health"), None, b"");
    assert_eq!(health.0, 200);
    drop(server);

    // The log speaks of requests: routes, codes and installations…
    let log = log_text();
    for expected in [
        "/v1/session",
        "/v1/uploads/{batch_id}/complete",
        "/v1/pull",
        "wrong_unit",
        "bad_signature",
        "unauthenticated",
        good.id.as_str(),
    ] {
        assert!(log.contains(expected), "the log names {expected}");
    }
    // …and never of people.
    let leaked: Vec<&String> = personal
        .iter()
        .filter(|p| log.contains(p.as_str()))
        .collect();
    assert!(leaked.is_empty(), "personal data in the log: {leaked:?}");

    // The audit log: a row per sign-in, upload, import, pull and refusal, with counts.
    let store = Store::open(&path).expect("open");
    let rows = store.audit(&AuditFilter::default()).expect("audit");
    let of = |event: AuditEvent, installation: &str| {
        rows.iter()
            .filter(|r| r.event == event && r.installation.as_deref() == Some(installation))
            .collect::<Vec<_>>()
    };
    let sign_ins = of(AuditEvent::SignIn, &good.id);
    assert!(!sign_ins.is_empty());
    assert_eq!(sign_ins[0].unit_code.as_deref(), Some("00721"));
    assert!(of(AuditEvent::Upload, &good.id).iter().all(|r| r.bytes > 0));
    assert!(!of(AuditEvent::Upload, &good.id).is_empty());
    let imports = of(AuditEvent::Import, &good.id);
    assert_eq!(imports.iter().map(|r| r.records).sum::<i64>(), 12);
    assert!(imports.iter().all(|r| r.outcome == "ok" && r.entries > 0));
    assert!(!of(AuditEvent::Pull, &good.id).is_empty());
    let refused = of(AuditEvent::Refusal, &wrong_unit.id);
    assert!(
        refused
            .iter()
            .any(|r| r.action == Some(AuditEvent::Import) && r.outcome == "wrong_unit"),
        "{refused:?}"
    );
    assert!(!rows.iter().any(|r| r.outcome == "not_enrolled"));
    // A forged sign-in is audited under the id it claimed; a name sent as an id is refused as
    // malformed before any work and never reaches the audit (the leak check below).
    assert!(of(AuditEvent::Refusal, &stranger.id)
        .iter()
        .any(|r| r.action == Some(AuditEvent::SignIn) && r.outcome == "bad_signature"));
    let audit_text = serde_json::to_string(&rows).expect("json");
    let leaked: Vec<&String> = personal
        .iter()
        .filter(|p| audit_text.contains(p.as_str()))
        .collect();
    assert!(leaked.is_empty(), "personal data in the audit: {leaked:?}");
}

#[test]
fn health_answers_without_a_session_and_names_no_installation() {
    captured();
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut good = commune("00721");
    enrol_both(&mut good, &mut district);
    drop(district);
    let server = start(&path, ServerConfig::default());
    let (status, body) = call("GET", &format!("{}/v1/health", server.url()), None, b"");
    assert_eq!(status, 200);
    let health: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(health["status"], "ok");
    assert_eq!(health["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        health["schema_version"],
        rasoat_store::migrations::latest_version()
    );
    assert!(health["uptime_seconds"].is_u64());
    assert!(health["requests"].as_u64().expect("requests") >= 1);
    assert_eq!(health["sessions"], 0);
    assert_eq!(health["uploads_in_progress"], 0);
    let text = String::from_utf8_lossy(&body);
    assert!(!text.contains(&good.id), "{text}");
    assert!(body.len() < 512, "a tiny answer");
    // Only GET.
    let (status, _) = call("POST", &format!("{}/v1/health", server.url()), None, b"");
    assert_eq!(status, 405);
}

#[test]
fn a_damaged_store_is_not_served() {
    captured();
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut site) = district(dir.path());
    let day: Date = "2025-10-01".parse().expect("date");
    let households: Vec<_> = (0..300)
        .map(|n| {
            (
                synthetic::household(n, "02", "00721", "Thôn Thử", 5, day),
                None,
            )
        })
        .collect();
    let round = site.round.id.clone();
    site.store
        .save_households(&round, &households, "thử", AT)
        .expect("save");
    drop(site);
    let mut bytes = std::fs::read(&path).expect("read");
    let page = 16_384;
    let start = bytes.len() - 2 * page;
    bytes[start..start + page].fill(0xA5);
    std::fs::write(&path, bytes).expect("damage");
    let refused = match Store::open(&path) {
        // Opening read the damaged page already: refused before any server.
        Err(e) => e.to_string(),
        Ok(store) => match ServerState::new(store, ServerConfig::default()) {
            Err(e @ ServerError::Damaged { .. }) => e.to_string(),
            Err(e) => panic!("another error: {e}"),
            Ok(_) => panic!("a damaged store was served"),
        },
    };
    assert!(
        refused.contains("hỏng") || refused.contains("malformed"),
        "{refused}"
    );
}
