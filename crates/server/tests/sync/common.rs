//! Installations and a server on loopback for the sync tests: a district store on disk (so a
//! test can restart the server on it), communes in memory, each enrolled with the other, and
//! a server on `127.0.0.1:0` in its own runtime, which a test can stop or kill.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rasoat_demo::synthetic;
use rasoat_domain::workflow::Role;
use rasoat_domain::Date;
use rasoat_server::{ServerConfig, ServerState};
use rasoat_store::{Round, RoundKind, Store, SurveyResult};

pub const AT: i64 = 1_759_305_600_000;

pub struct Site {
    pub store: Store,
    pub id: String,
    pub card: Vec<u8>,
    pub round: Round,
}

/// Every scenario ends with each installation's household list in step with its records (the
/// list's own tables, migration 0028, written by the store's write paths: imports, transfers,
/// review steps, late edits). Not checked while a test is already failing.
impl Drop for Site {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            assert_eq!(
                self.store.household_list_mismatches().expect("list check"),
                0,
                "the household list of an installation differs from its records"
            );
        }
    }
}

pub fn site_in(store: Store, role: Role, unit: &str) -> Site {
    let mut store = store;
    store.load_reference_units().expect("units");
    let installation = store
        .init_installation(role, unit, "test", AT)
        .expect("init");
    let round = store
        .open_round(2025, RoundKind::Periodic, None, "nd07-2021", "test", AT)
        .expect("round");
    let identity = rasoat_batch::ensure_identity(&mut store, AT).expect("identity");
    let card = identity
        .card(&store)
        .expect("card")
        .to_file_bytes()
        .expect("card bytes");
    Site {
        store,
        id: installation.id,
        card,
        round,
    }
}

pub fn commune(unit: &str) -> Site {
    site_in(Store::open_in_memory().expect("store"), Role::Commune, unit)
}

/// The district store on disk, and its card.
pub fn district(dir: &Path) -> (PathBuf, Site) {
    let path = dir.join("district.sqlite");
    let site = site_in(Store::open(&path).expect("store"), Role::District, "026");
    (path, site)
}

/// What a hostile or mistaken installation's own store can hold whatever this build refuses:
/// `card` written straight into its table of peers as enrolled here, the way a modified app
/// would. The receivers' checks must hold against it.
pub fn enrol_past_the_check(store: &mut Store, card: &[u8]) {
    let card = rasoat_batch::IdentityCard::from_file_bytes(card).expect("card");
    let mut signing_key = [0u8; 32];
    for (i, byte) in signing_key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&card.signing_key[2 * i..2 * i + 2], 16).expect("hex key");
    }
    let validity = rasoat_batch::Validity::from_enrolment(AT);
    store
        .save_peer(
            &rasoat_store::PeerRecord {
                installation_id: card.installation.clone(),
                role: card.role.clone(),
                unit_code: card.unit_code.clone(),
                signing_key,
                encryption_key: card.encryption_key.clone(),
                card_json: serde_json::to_string(&card).expect("card json"),
                enrolled_by: None,
                certificate: None,
                not_before: Some(validity.not_before),
                not_after: Some(validity.not_after),
            },
            AT,
        )
        .expect("enrolled past the check");
}

/// Enrols each with the other, as the commune and district do with card files.
pub fn enrol_both(commune: &mut Site, district: &mut Site) {
    enrol(&mut commune.store, &district.card, AT).expect("enrol district");
    enrol(&mut district.store, &commune.card, AT).expect("enrol commune");
}

/// Saves `range` synthetic households of `commune_code` at the site, in its round.
pub fn survey(site: &mut Site, commune_code: &str, range: std::ops::Range<u64>) {
    let round = site.round.id.clone();
    survey_at(site, &round, commune_code, range, AT + 1000);
}

/// Households `range` of `commune_code` saved at `site` in `round_id` at instant `at`.
pub fn survey_at(
    site: &mut Site,
    round_id: &str,
    commune_code: &str,
    range: std::ops::Range<u64>,
    at: i64,
) {
    let day: Date = "2025-10-01".parse().expect("date");
    let households: Vec<_> = range
        .map(|n| {
            (
                synthetic::household(n, "02", commune_code, "Thôn Thử", 5, day),
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
    site.store
        .save_households(round_id, &households, "điều tra viên", at)
        .expect("save");
}

/// Survey records held by the store at `path` (read through a second connection).
pub fn records_at(path: &Path) -> i64 {
    let store = Store::open(path).expect("open");
    store
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM survey_record", [], |r| r.get(0))
        .expect("count")
}

/// Journal entries of `origin` held at `path`.
pub fn entries_at(path: &Path, origin: &str) -> i64 {
    let store = Store::open(path).expect("open");
    store
        .sql_for_tests()
        .query_row(
            "SELECT COUNT(*) FROM journal WHERE origin = ?1",
            [origin],
            |r| r.get(0),
        )
        .expect("count")
}

/// A server running in its own runtime on loopback.
pub struct Running {
    pub addr: SocketAddr,
    tls: bool,
    runtime: Option<tokio::runtime::Runtime>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Running {
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Ends the server at once, connections and uploads in flight included, like a kill.
    pub fn kill(mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

pub fn start(path: &Path, config: ServerConfig) -> Running {
    start_with(path, config, None)
}

/// The same server over TLS with `cert_pem` and `key_pem`; its URL is `https://127.0.0.1:…`.
pub fn start_tls(path: &Path, config: ServerConfig, cert_pem: &str, key_pem: &str) -> Running {
    let tls = rasoat_server::tls_config(cert_pem.as_bytes(), key_pem.as_bytes()).expect("tls");
    start_with(path, config, Some(tls))
}

fn start_with(
    path: &Path,
    config: ServerConfig,
    tls: Option<Arc<rustls::ServerConfig>>,
) -> Running {
    let tls_flag = tls.is_some();
    let store = Store::open(path).expect("server store");
    let state: Arc<ServerState> = ServerState::new(store, config).expect("state");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind loopback");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async move {
        let _ = stopped.await;
    };
    match tls {
        Some(tls) => {
            runtime.spawn(
                async move { rasoat_server::serve_tls(listener, state, tls, shutdown).await },
            );
        }
        None => {
            runtime.spawn(rasoat_server::serve(listener, state, shutdown));
        }
    }
    Running {
        tls: tls_flag,
        addr,
        runtime: Some(runtime),
        stop: Some(stop),
    }
}

/// Options for tests: short timeouts so a stall is noticed quickly, small chunks so a batch
/// takes many requests.
pub fn quick_options() -> rasoat_sync_client::SyncOptions {
    rasoat_sync_client::SyncOptions {
        timeout: std::time::Duration::from_secs(2),
        import_timeout: std::time::Duration::from_secs(120),
        attempts: 8,
        chunk_bytes: 4 * 1024,
        pull: true,
        max_wait: std::time::Duration::from_secs(5),
        max_pull_bytes: 64 * 1024 * 1024,
        pull_page_entries: 2_000,
        trusted_ca: None,
    }
}

/// One raw request, for the refusal tests: the status and the body, whatever the status.
pub fn call(method: &str, url: &str, token: Option<&str>, body: &[u8]) -> (u16, Vec<u8>) {
    use std::io::Read;
    let agent = ureq::AgentBuilder::new()
        .timeout(std::time::Duration::from_secs(10))
        .build();
    let mut request = agent.request(method, url);
    if let Some(token) = token {
        request = request.set("Authorization", &format!("Bearer {token}"));
    }
    let response = match request.send_bytes(body) {
        Ok(response) => response,
        Err(ureq::Error::Status(_, response)) => response,
        Err(e) => panic!("transport: {e}"),
    };
    let status = response.status();
    let mut out = Vec::new();
    response
        .into_reader()
        .read_to_end(&mut out)
        .expect("read answer");
    (status, out)
}

/// The refusal code of an answer body.
pub fn code_of(body: &[u8]) -> String {
    let value: serde_json::Value = serde_json::from_slice(body).expect("a JSON error body");
    value["code"].as_str().expect("a code").to_string()
}

/// A session token for `site`, obtained the way the client does.
pub fn token_for(url: &str, site: &Site) -> String {
    let identity = rasoat_batch::identity(&site.store).expect("identity");
    let (status, body) = call(
        "POST",
        &format!("{url}/v1/session/challenge"),
        None,
        format!(r#"{{"installation":"{}"}}"#, site.id).as_bytes(),
    );
    assert_eq!(status, 200);
    let challenge: serde_json::Value = serde_json::from_slice(&body).expect("json");
    let server = challenge["server"].as_str().expect("server");
    let challenge = challenge["challenge"].as_str().expect("challenge");
    let signature = rasoat_batch::session::sign_challenge(&identity, server, challenge);
    let (status, body) = call(
        "POST",
        &format!("{url}/v1/session"),
        None,
        serde_json::json!({"installation": site.id, "challenge": challenge, "signature": signature})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let session: serde_json::Value = serde_json::from_slice(&body).expect("json");
    session["token"].as_str().expect("token").to_string()
}

/// Sends only the head of a request announcing `content_length` bytes and reads the answer: a
/// server that refuses by the announced size answers before any body arrives.
pub fn call_announcing(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    content_length: u64,
) -> (u16, Vec<u8>) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Length: {content_length}\r\nConnection: close\r\n\r\n"
    )
    .expect("write head");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.as_bytes().to_vec())
        .unwrap_or_default();
    (status, body)
}

/// The first day of 2100, in Unix milliseconds.
pub const YEAR_2100: i64 = 4_102_444_800_000;

/// Enrols `card` at `at` for as long as these tests may run: the sites are made on a fixed
/// day of 2025, and a server judges certificates by the real clock, so the default five years
/// would make every test here fail from October 2030.
pub fn enrol(
    store: &mut Store,
    card: &[u8],
    at: i64,
) -> rasoat_batch::Result<rasoat_batch::Enrolment> {
    rasoat_batch::enrol_for(
        store,
        card,
        at,
        rasoat_batch::Validity {
            not_before: at,
            not_after: YEAR_2100,
        },
    )
}
