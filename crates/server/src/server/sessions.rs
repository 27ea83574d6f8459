//! Who is calling: installation ids checked before any work, rates per installation and per
//! address, sign-in by signed challenge, sessions, and the handshake.

use super::*;

pub(super) fn rate_limited(wait: Duration) -> ApiError {
    ApiError {
        code: ErrorCode::RateLimited,
        message: "quá nhiều yêu cầu, thử lại sau / too many requests, retry later".into(),
        retry_after: Some(wait.as_secs_f64().ceil().max(1.0) as u64),
    }
}

/// Takes one token from `key`'s bucket, or says how long to wait. Buckets of keys not seen
/// for a while are dropped once there are many, so the limiter's memory stays bounded.
pub(super) fn take_token<K>(limiter: &DefaultKeyedRateLimiter<K>, key: &K) -> Result<(), ApiError>
where
    K: std::hash::Hash + Eq + Clone,
{
    if limiter.len() >= MAX_RATE_KEYS {
        limiter.retain_recent();
        limiter.shrink_to_fit();
    }
    limiter
        .check_key(key)
        .map_err(|not_until| rate_limited(not_until.wait_time_from(DefaultClock::default().now())))
}

/// Ids on the wire are UUIDs (36 characters); anything else is refused before any work.
pub(super) fn is_uuid(id: &str) -> bool {
    id.len() == 36 && uuid::Uuid::try_parse(id).is_ok()
}

pub(super) fn check_installation_id(installation: &str) -> Result<(), ApiError> {
    if is_uuid(installation) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Malformed,
            "mã máy không hợp lệ / malformed installation id",
        ))
    }
}

/// The installation of the session token in `Authorization: Bearer …`, rate-limited.
pub(super) fn authenticate(state: &ServerState, headers: &HeaderMap) -> Result<String, ApiError> {
    let unauthenticated = || {
        ApiError::new(
            ErrorCode::Unauthenticated,
            "cần phiên làm việc / a session token is required (POST /v1/session)",
        )
    };
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(unauthenticated)?;
    let installation = {
        let mut sessions = lock(&state.sessions);
        let now = Instant::now();
        match sessions.by_token.get(token) {
            Some(session) if session.expires > now => session.installation.clone(),
            Some(_) => {
                sessions.by_token.remove(token);
                return Err(unauthenticated());
            }
            None => return Err(unauthenticated()),
        }
    };
    monitor::note(|n| n.installation = Some(installation.clone()));
    take_token(&state.installation_rate, &installation)?;
    Ok(installation)
}

pub(super) fn random_hex() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| internal(format!("random: {e}")))?;
    Ok(to_hex(&bytes))
}

pub(super) async fn challenge(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let request: ChallengeRequest = read_json(&headers, body).await?;
    check_installation_id(&request.installation)?;
    let challenge = random_hex()?;
    {
        let mut challenges = lock(&state.challenges);
        let challenges = &mut *challenges;
        // The oldest challenge makes room: an honest client signs within a moment, so only a
        // flood larger than `max_challenges` within that moment could push its one out.
        while challenges.by_value.len() >= state.config.max_challenges.max(1) {
            match challenges.order.pop_front() {
                Some(oldest) => {
                    challenges.by_value.remove(&oldest);
                }
                None => break,
            }
        }
        if challenges.order.len() >= 2 * state.config.max_challenges.max(1) {
            // Used challenges leave the map but not the queue: forget them now and then.
            let by_value = &challenges.by_value;
            challenges.order.retain(|c| by_value.contains_key(c));
        }
        challenges.by_value.insert(
            challenge.clone(),
            Challenge {
                installation: request.installation,
                expires: Instant::now() + state.config.challenge_ttl,
            },
        );
        challenges.order.push_back(challenge.clone());
    }
    Ok(json_response(&ChallengeResponse {
        server: state.server_id.clone(),
        challenge,
        expires_in_ms: u64::try_from(state.config.challenge_ttl.as_millis()).unwrap_or(u64::MAX),
    }))
}

pub(super) async fn session(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let request: SessionRequest = read_json(&headers, body).await?;
    monitor::note(|n| {
        n.event = Some(rasoat_store::AuditEvent::SignIn);
        n.installation = monitor::claimed_installation(&request.installation);
    });
    check_installation_id(&request.installation)?;
    // A challenge is used once, whatever the outcome.
    let issued = lock(&state.challenges).by_value.remove(&request.challenge);
    // One answer for a forged signature, a stale challenge and an installation this server
    // does not know: a caller without a session learns nothing about who is enrolled.
    let bad = || {
        ApiError::new(
            ErrorCode::BadSignature,
            "chữ ký hoặc mã thử thách không hợp lệ, hoặc máy chưa được đăng ký ở máy chủ / invalid signature or challenge, or installation not enrolled on this server",
        )
    };
    let Some(issued) = issued else {
        return Err(bad());
    };
    if issued.expires <= Instant::now() || issued.installation != request.installation {
        return Err(bad());
    }
    let installation = request.installation.clone();
    let peer = with_store(&state, move |store, _| {
        Ok(rasoat_batch::identity::peer(store, &installation)?)
    })
    .await?
    .filter(|p| p.enrolled_by.is_none())
    .ok_or_else(bad)?;
    if !rasoat_batch::session::verify_challenge(
        &peer,
        &state.server_id,
        &request.challenge,
        &request.signature,
    ) {
        return Err(bad());
    }
    // Only now, the caller proven: a revoked installation is told so, with the day.
    let revoked_id = request.installation.clone();
    let revoked = with_store(&state, move |store, _| Ok(store.revocation(&revoked_id)?)).await?;
    if let Some(stored) = revoked {
        return Err(ApiError::new(
            ErrorCode::NotEnrolled,
            rasoat_batch::revoked_error(&stored.revocation).to_string(),
        ));
    }
    // Likewise an installation outside the period this server granted it at enrolment.
    if let Some(validity) = peer.validity {
        validity
            .check(&request.installation, now_ms())
            .map_err(|e| ApiError::new(ErrorCode::NotEnrolled, e.to_string()))?;
    } else {
        return Err(ApiError::new(
            ErrorCode::NotEnrolled,
            rasoat_batch::BatchError::CertificateWithoutPeriod {
                installation: request.installation.clone(),
            }
            .to_string(),
        ));
    }
    let token = random_hex()?;
    {
        let mut sessions = lock(&state.sessions);
        let sessions = &mut *sessions;
        let now = Instant::now();
        // An installation's oldest session ends when it opens one too many: it can crowd out
        // only itself.
        let mine = sessions
            .by_installation
            .entry(request.installation.clone())
            .or_default();
        mine.retain(|t| sessions.by_token.get(t).is_some_and(|s| s.expires > now));
        while mine.len() >= state.config.max_sessions_per_installation.max(1) {
            if let Some(oldest) = mine.pop_front() {
                sessions.by_token.remove(&oldest);
            }
        }
        if sessions.by_token.len() >= state.config.max_sessions {
            sessions.by_token.retain(|_, s| s.expires > now);
            sessions
                .by_installation
                .retain(|_, tokens| !tokens.is_empty());
        }
        if sessions.by_token.len() >= state.config.max_sessions {
            return Err(ApiError::new(
                ErrorCode::RateLimited,
                "máy chủ bận / server busy",
            ));
        }
        sessions.by_token.insert(
            token.clone(),
            Session {
                installation: request.installation.clone(),
                expires: now + state.config.session_ttl,
            },
        );
        sessions
            .by_installation
            .entry(request.installation)
            .or_default()
            .push_back(token.clone());
    }
    Ok(json_response(&SessionResponse {
        token,
        expires_in_ms: u64::try_from(state.config.session_ttl.as_millis()).unwrap_or(u64::MAX),
    }))
}

pub(super) async fn handshake(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let installation = authenticate(&state, &headers)?;
    let _turn = take_turn(&state, &installation)?;
    let handshake = with_store(&state, move |store, state| {
        let receipt = rasoat_batch::export_receipt(store, &installation, now_ms())?;
        Ok(Handshake {
            server: state.server_id.clone(),
            holds: store.status_vector()?,
            receipt: to_hex(&receipt),
            max_chunk_bytes: MAX_CHUNK_BYTES as u64,
        })
    })
    .await?;
    Ok(json_response(&handshake))
}
