//! The HTTP(S) link to the server: requests with bounded retries and waits, answers read
//! within limits, the TLS settings (system roots plus a district's own certificate), and the
//! classification of link failures into typed errors.

use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

use rasoat_sync_protocol::{
    path, ChallengeRequest, ChallengeResponse, ErrorBody, ErrorCode, PullRequest, SessionRequest,
    SessionResponse, MORE_HEADER,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::client::{Result, SyncOptions};
use crate::error::SyncError;

/// The HTTP side: one agent, a session token, bounded retries.
pub(crate) struct Http {
    agent: ureq::Agent,
    /// The same with the import timeout, for `complete` and `pull`.
    patient: ureq::Agent,
    base: String,
    token: Option<String>,
    pub(crate) attempts: u32,
    max_wait: Duration,
    pub(crate) retries: u32,
    /// `MORE_HEADER` of the last answer.
    more: bool,
}

enum Body<'a> {
    None,
    Json(Vec<u8>),
    Raw(&'a [u8]),
}

impl Http {
    pub(crate) fn new(server_url: &str, options: &SyncOptions) -> Result<Http> {
        let mut agent = ureq::AgentBuilder::new()
            .timeout_connect(options.timeout)
            .timeout_read(options.timeout)
            .timeout_write(options.timeout);
        let mut patient = ureq::AgentBuilder::new()
            .timeout_connect(options.timeout)
            .timeout_read(options.import_timeout.max(options.timeout))
            .timeout_write(options.timeout);
        if server_url
            .get(..8)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
        {
            let tls = client_tls(options.trusted_ca.as_deref())?;
            agent = agent.tls_config(Arc::clone(&tls));
            patient = patient.tls_config(tls);
        }
        let (agent, patient) = (agent.build(), patient.build());
        Ok(Http {
            agent,
            patient,
            base: server_url.trim_end_matches('/').to_string(),
            token: None,
            attempts: options.attempts.max(1),
            max_wait: options.max_wait,
            retries: 0,
            more: false,
        })
    }

    /// Signs a fresh challenge and keeps the session token; returns the server's id.
    pub(crate) fn authenticate(&mut self, identity: &rasoat_batch::Identity) -> Result<String> {
        let request = ChallengeRequest {
            installation: identity.installation_id().to_string(),
        };
        let body = encode(&request)?;
        let challenge: ChallengeResponse =
            decode(&self.send("POST", path::CHALLENGE, &Body::Json(body), false)?)?;
        let session = SessionRequest {
            installation: identity.installation_id().to_string(),
            signature: rasoat_batch::session::sign_challenge(
                identity,
                &challenge.server,
                &challenge.challenge,
            ),
            challenge: challenge.challenge,
        };
        let body = encode(&session)?;
        let session: SessionResponse =
            decode(&self.send("POST", path::SESSION, &Body::Json(body), false)?)?;
        self.token = Some(session.token);
        Ok(challenge.server)
    }

    pub(crate) fn json<T: DeserializeOwned>(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&impl Serialize>,
        identity: &rasoat_batch::Identity,
    ) -> Result<T> {
        let body = match body {
            Some(value) => Body::Json(encode(value)?),
            None => Body::None,
        };
        let bytes = self.authed(method, path, &body, identity)?;
        decode(&bytes)
    }

    pub(crate) fn raw_json<T: DeserializeOwned>(
        &mut self,
        method: &str,
        path: &str,
        bytes: &[u8],
        identity: &rasoat_batch::Identity,
    ) -> Result<T> {
        let response = self.authed(method, path, &Body::Raw(bytes), identity)?;
        decode(&response)
    }

    /// One pull page and whether more follows; `None` when the server has nothing more.
    pub(crate) fn pull(
        &mut self,
        request: &PullRequest,
        identity: &rasoat_batch::Identity,
        limit: u64,
    ) -> Result<Option<(Vec<u8>, bool)>> {
        let body = Body::Json(encode(request)?);
        let bytes = self.authed_limited("POST", path::PULL, &body, identity, limit)?;
        Ok(if bytes.is_empty() {
            None
        } else {
            Some((bytes, self.more))
        })
    }

    /// An authenticated request; a server that forgot the session (restarted) gets a new one.
    fn authed(
        &mut self,
        method: &str,
        path: &str,
        body: &Body<'_>,
        identity: &rasoat_batch::Identity,
    ) -> Result<Vec<u8>> {
        self.authed_limited(method, path, body, identity, 1 << 20)
    }

    fn authed_limited(
        &mut self,
        method: &str,
        path: &str,
        body: &Body<'_>,
        identity: &rasoat_batch::Identity,
        limit: u64,
    ) -> Result<Vec<u8>> {
        match self.send_limited(method, path, body, true, limit) {
            Err(SyncError::Refused {
                code: ErrorCode::Unauthenticated,
                ..
            }) => {
                self.authenticate(identity)?;
                self.send_limited(method, path, body, true, limit)
            }
            other => other,
        }
    }

    fn send(&mut self, method: &str, path: &str, body: &Body<'_>, auth: bool) -> Result<Vec<u8>> {
        self.send_limited(method, path, body, auth, 1 << 20)
    }

    /// One request, tried again after a cut, a stall or a rate limit, at most `attempts` times.
    fn send_limited(
        &mut self,
        method: &str,
        path: &str,
        body: &Body<'_>,
        auth: bool,
        limit: u64,
    ) -> Result<Vec<u8>> {
        let url = format!("{}{path}", self.base);
        let mut last = String::new();
        let mut offline = false;
        let mut waited = Duration::ZERO;
        for attempt in 0..self.attempts {
            // Only the last try's failure says whether the machine is offline.
            offline = false;
            if attempt > 0 {
                self.retries += 1;
                // A short, growing pause: a dropped link often comes back within seconds.
                let pause = Duration::from_millis(50 << attempt.min(6));
                std::thread::sleep(pause);
            }
            let slow = path == rasoat_sync_protocol::path::PULL || path.ends_with("/complete");
            let agent = if slow { &self.patient } else { &self.agent };
            let mut request = agent.request(method, &url);
            if auth {
                if let Some(token) = &self.token {
                    request = request.set("Authorization", &format!("Bearer {token}"));
                }
            }
            let result = match body {
                Body::None => request.call(),
                Body::Json(bytes) => request
                    .set("Content-Type", "application/json")
                    .send_bytes(bytes),
                Body::Raw(bytes) => request
                    .set("Content-Type", "application/octet-stream")
                    .send_bytes(bytes),
            };
            match result {
                Ok(response) => {
                    self.more = response.header(MORE_HEADER) == Some("true");
                    let mut out = Vec::new();
                    match response
                        .into_reader()
                        .take(limit.saturating_add(1))
                        .read_to_end(&mut out)
                    {
                        Ok(_) if out.len() as u64 > limit => {
                            return Err(SyncError::Protocol("answer too large".into()))
                        }
                        Ok(_) => return Ok(out),
                        // The answer was cut: the request may have taken effect, which every
                        // request of the protocol tolerates being repeated.
                        Err(e) => last = e.to_string(),
                    }
                }
                Err(ureq::Error::Status(status, response)) => {
                    let retry_after = response
                        .header("Retry-After")
                        .and_then(|v| v.parse::<u64>().ok());
                    let mut text = Vec::new();
                    let _ = response
                        .into_reader()
                        .take(64 * 1024)
                        .read_to_end(&mut text);
                    let Ok(refusal) = serde_json::from_slice::<ErrorBody>(&text) else {
                        if status >= 500 {
                            last = format!("HTTP {status}");
                            continue;
                        }
                        return Err(SyncError::Status { status });
                    };
                    match refusal.code {
                        ErrorCode::RateLimited | ErrorCode::Timeout | ErrorCode::Internal => {
                            let wait = Duration::from_secs(retry_after.unwrap_or(1));
                            if refusal.code == ErrorCode::RateLimited {
                                waited += wait;
                                if waited > self.max_wait {
                                    return Err(SyncError::Refused {
                                        code: refusal.code,
                                        message: refusal.message,
                                    });
                                }
                                std::thread::sleep(wait);
                            }
                            last = refusal.message;
                        }
                        code => {
                            return Err(SyncError::Refused {
                                code,
                                message: refusal.message,
                            })
                        }
                    }
                }
                Err(ureq::Error::Transport(transport)) => {
                    if let Some(reason) = tls_failure(&transport) {
                        return Err(SyncError::Tls { reason });
                    }
                    offline = is_offline(&transport);
                    last = transport.to_string();
                }
            }
        }
        if offline {
            return Err(SyncError::NoNetwork {
                attempts: self.attempts,
                reason: last,
            });
        }
        Err(SyncError::Unreachable {
            attempts: self.attempts,
            reason: last,
        })
    }
}

/// Whether a failed connection means this machine has no network at all, as opposed to a server
/// that does not answer: the name lookup failed, or the system has no route.
pub(crate) fn is_offline(transport: &ureq::Transport) -> bool {
    if transport.kind() == ureq::ErrorKind::Dns {
        return true;
    }
    let mut source = std::error::Error::source(transport);
    while let Some(error) = source {
        if let Some(io) = error.downcast_ref::<std::io::Error>() {
            // Only "network unreachable" (no route at all): "host unreachable" is what a
            // switched-off server on a working network gives.
            if io.kind() == std::io::ErrorKind::NetworkUnreachable {
                return true;
            }
        }
        source = error.source();
    }
    false
}

/// The TLS settings of the client: the system's roots, plus `trusted_ca` (PEM) when given.
pub(crate) fn client_tls(trusted_ca: Option<&[u8]>) -> Result<Arc<rustls::ClientConfig>> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::CertificateDer;
    let mut roots = rustls::RootCertStore::empty();
    // Unreadable system certificates are skipped: the district's own may still be given.
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    if let Some(pem) = trusted_ca {
        let extra: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem)
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| SyncError::Tls {
                reason: format!("tệp --ca không đọc được / the --ca file is not PEM: {e}"),
            })?;
        if extra.is_empty() {
            return Err(SyncError::Tls {
                reason: "tệp --ca không có chứng chỉ nào / the --ca file holds no certificate"
                    .into(),
            });
        }
        for cert in extra {
            roots.add(cert).map_err(|e| SyncError::Tls {
                reason: format!("chứng chỉ --ca không dùng được / unusable --ca certificate: {e}"),
            })?;
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| SyncError::Tls {
        reason: e.to_string(),
    })?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The TLS error behind a transport failure, if it is one: an untrusted certificate, a name
/// that does not match, a handshake the server refused. A cut or a stall is not one of these.
pub(crate) fn tls_failure(transport: &ureq::Transport) -> Option<String> {
    let mut source: Option<&(dyn std::error::Error + 'static)> =
        std::error::Error::source(transport);
    while let Some(error) = source {
        if let Some(tls) = error.downcast_ref::<rustls::Error>() {
            return Some(tls.to_string());
        }
        // ureq passes rustls' errors on inside an io::Error, whose `source` skips them.
        if let Some(tls) = error
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            return Some(tls.to_string());
        }
        source = error.source();
    }
    None
}

pub(crate) fn encode(value: &impl Serialize) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| SyncError::Protocol(e.to_string()))
}

pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| SyncError::Protocol(format!("answer: {e}")))
}
