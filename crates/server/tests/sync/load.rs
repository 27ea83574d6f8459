//! The hostile load scenario, shared by the `hostile_load` test (small) and the `hostile_load`
//! bench (the full target): honest communes sync, first on a quiet server and then while, at
//! the same time, a challenge flood from many addresses, idle sockets, silent TLS connections
//! and one enrolled installation looping sign-ins and maximal pulls all run. Every attacker
//! loop is bounded by a count and by the attack's end; all traffic stays on 127.0.0.0/8.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rasoat_sync_client::{sync_once_with, sync_state, SyncOptions};

use crate::attack::*;
use crate::common::*;

pub const CODES: [&str; 9] = [
    "00712", "00715", "00718", "00721", "00724", "00727", "00730", "00733", "00736",
];

/// How big the scenario is.
#[derive(Debug, Clone)]
pub struct Scale {
    pub communes: usize,
    /// Households each honest commune saves, in `rounds` equal parts: the first synced on a
    /// quiet server, the others under attack.
    pub households_per_commune: u64,
    pub rounds: usize,
    /// Households of one more commune, synced before the attack, for the hostile puller to
    /// pull.
    pub bulk_households: u64,
    pub idle_sockets: usize,
    pub silent_tls: usize,
    pub flood_addresses: u8,
    pub flood_per_address: usize,
    pub pullers: usize,
    /// Whether the honest communes also pull what the server holds.
    pub honest_pull: bool,
    /// The attack stops after this long, or once the honest communes are done.
    pub attack_for: Duration,
}

/// Where the server listens, and its process (0: this one) whose memory is measured.
pub struct Target {
    pub plain: SocketAddr,
    pub tls: SocketAddr,
    pub cert_pem: String,
    pub server_pid: u32,
}

/// What was measured.
#[derive(Debug, Default)]
pub struct Figures {
    pub quiet_passes: Vec<Duration>,
    pub loaded_passes: Vec<Duration>,
    pub failed_passes: usize,
    pub rss_before_kib: u64,
    pub rss_peak_kib: u64,
    pub challenges_answered: u64,
    pub sessions_opened: u64,
    pub pulls_answered: u64,
    /// Pulls answered with a refusal (rate limited, busy, timed out), and ones that failed.
    pub pulls_refused: u64,
    pub pulls_failed: u64,
    pub sockets_opened: u64,
    /// The slowest honest handshake right after the attackers stopped.
    pub after_attack: Duration,
    pub after_attack_failures: usize,
}

pub fn p95(passes: &[Duration]) -> Duration {
    let mut sorted = passes.to_vec();
    sorted.sort();
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64) * 0.95).ceil() as usize;
    sorted[index.clamp(1, sorted.len()) - 1]
}

/// The district store at `dir` with the honest communes, the bulk commune and the hostile
/// installation, all enrolled with it. Returns (district path, its id, honest, bulk, hostile).
pub fn sites(dir: &Path, scale: &Scale) -> (std::path::PathBuf, String, Vec<Site>, Site, Site) {
    let (path, mut district) = district(dir);
    let honest: Vec<Site> = (0..scale.communes)
        .map(|i| {
            let code = CODES[i % CODES.len()];
            let mut site = commune_on_disk(dir, &format!("c{i}"), code);
            enrol_both(&mut site, &mut district);
            site
        })
        .collect();
    let mut bulk = commune_on_disk(dir, "bulk", "00715");
    enrol_both(&mut bulk, &mut district);
    // Household numbers apart from the honest communes' (commune i surveys from i × 100,000):
    // the same ids under another commune are refused as a move of a household.
    survey(
        &mut bulk,
        "00715",
        9_000_000..9_000_000 + scale.bulk_households,
    );
    let mut hostile = commune_on_disk(dir, "hostile", "00718");
    enrol_both(&mut hostile, &mut district);
    (path, district.id.clone(), honest, bulk, hostile)
}

/// A commune whose store is a file: many in-memory stores would weigh on the memory the
/// scenario measures.
fn commune_on_disk(dir: &Path, name: &str, unit: &str) -> Site {
    let store = rasoat_store::Store::open(dir.join(format!("{name}.sqlite"))).expect("store");
    site_in(store, rasoat_domain::workflow::Role::Commune, unit)
}

fn honest_options(cert_pem: &str, tls: bool, pull: bool) -> SyncOptions {
    SyncOptions {
        pull,
        timeout: Duration::from_secs(10),
        attempts: 8,
        chunk_bytes: 256 * 1024,
        trusted_ca: tls.then(|| cert_pem.as_bytes().to_vec()),
        ..quick_options()
    }
}

/// One honest pass until the outbox is empty (as in the field, a failed pass is followed by
/// another); its duration, or `None` if five passes did not empty it.
fn honest_pass(site: &mut Site, url: &str, options: &SyncOptions) -> Option<Duration> {
    let started = Instant::now();
    for _ in 0..5 {
        if sync_once_with(&mut site.store, url, options).is_ok()
            && sync_state(&site.store).ok()?.pending_batches == 0
        {
            return Some(started.elapsed());
        }
    }
    None
}

/// One raw request with ureq, never panicking: the status and body, or `None`.
fn request(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    token: Option<&str>,
    body: &[u8],
) -> Option<(u16, Vec<u8>)> {
    use std::io::Read;
    let mut request = agent.request(method, url);
    if let Some(token) = token {
        request = request.set("Authorization", &format!("Bearer {token}"));
    }
    let response = match request.send_bytes(body) {
        Ok(response) => response,
        Err(ureq::Error::Status(_, response)) => response,
        Err(_) => return None,
    };
    let status = response.status();
    let mut out = Vec::new();
    response.into_reader().read_to_end(&mut out).ok()?;
    Some((status, out))
}

/// Who signs in: an installation id and its keys (shareable between threads, a store is not).
pub struct Signer {
    id: String,
    identity: rasoat_batch::Identity,
}

impl Signer {
    pub fn of(site: &Site) -> Signer {
        Signer {
            id: site.id.clone(),
            identity: rasoat_batch::identity(&site.store).expect("identity"),
        }
    }
}

/// The hostile installation's own receipt for the server (hex), the cursor of its pulls.
fn receipt_of(site: &mut Site, server: &str) -> String {
    let receipt = rasoat_batch::export_receipt(&mut site.store, server, AT).expect("receipt");
    rasoat_batch::codec::to_hex(&receipt)
}

/// A session for `site`, or `None` when refused.
fn sign_in(agent: &ureq::Agent, url: &str, site: &Signer) -> Option<String> {
    let identity = &site.identity;
    let (status, body) = request(
        agent,
        "POST",
        &format!("{url}/v1/session/challenge"),
        None,
        format!(r#"{{"installation":"{}"}}"#, site.id).as_bytes(),
    )?;
    if status != 200 {
        return None;
    }
    let challenge: serde_json::Value = serde_json::from_slice(&body).ok()?;
    let server = challenge["server"].as_str()?;
    let challenge = challenge["challenge"].as_str()?;
    let signature = rasoat_batch::session::sign_challenge(identity, server, challenge);
    let body = serde_json::json!({"installation": site.id, "challenge": challenge, "signature": signature});
    let (status, body) = request(
        agent,
        "POST",
        &format!("{url}/v1/session"),
        None,
        body.to_string().as_bytes(),
    )?;
    if status != 200 {
        return None;
    }
    let session: serde_json::Value = serde_json::from_slice(&body).ok()?;
    Some(session["token"].as_str()?.to_string())
}

pub fn run(
    scale: &Scale,
    target: &Target,
    honest: &mut [Site],
    hostile: &mut Site,
    server: &str,
) -> Figures {
    let receipt = receipt_of(hostile, server);
    let hostile = &Signer::of(hostile);
    let plain_url = format!("http://{}", target.plain);
    let tls_url = format!("https://{}", target.tls);
    let url_of = |i: usize| {
        if i.is_multiple_of(2) {
            &tls_url
        } else {
            &plain_url
        }
    };
    let per_round = scale.households_per_commune / scale.rounds.max(1) as u64;
    let mut figures = Figures {
        rss_before_kib: resident_kib_of(target.server_pid),
        ..Figures::default()
    };

    // Quiet: every commune syncs its first round at once.
    let quiet: Vec<Option<Duration>> = std::thread::scope(|scope| {
        let passes: Vec<_> = honest
            .iter_mut()
            .enumerate()
            .map(|(i, site)| {
                let url = url_of(i).clone();
                let options =
                    honest_options(&target.cert_pem, i.is_multiple_of(2), scale.honest_pull);
                let code = CODES[i % CODES.len()];
                scope.spawn(move || {
                    let start = i as u64 * 100_000;
                    survey(site, code, start..start + per_round);
                    honest_pass(site, &url, &options)
                })
            })
            .collect();
        passes
            .into_iter()
            .map(|p| p.join().ok().flatten())
            .collect()
    });
    figures.failed_passes += quiet.iter().filter(|p| p.is_none()).count();
    figures.quiet_passes = quiet.into_iter().flatten().collect();

    // Under attack.
    let stop = Arc::new(AtomicBool::new(false));
    let deadline = Instant::now() + scale.attack_for;
    let challenges = Arc::new(AtomicU64::new(0));
    let sessions = Arc::new(AtomicU64::new(0));
    let pulls = Arc::new(AtomicU64::new(0));
    let refused = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let sockets = Arc::new(AtomicU64::new(0));
    let peak = Arc::new(AtomicU64::new(figures.rss_before_kib));
    let attackers = runtime();
    let mut tasks = Vec::new();
    // The challenge flood: well-formed ids and 60 KB ones, from many addresses.
    for n in 0..scale.flood_addresses {
        let (stop, challenges, addr) = (Arc::clone(&stop), Arc::clone(&challenges), target.plain);
        let per_address = scale.flood_per_address;
        tasks.push(attackers.spawn(async move {
            let huge = post(
                "/v1/session/challenge",
                &format!(r#"{{"installation":"{}"}}"#, "7".repeat(60_000)),
            );
            let mut sent = 0;
            while sent < per_address && !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                let Ok(mut stream) = connect_from(loopback(n), addr).await else {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                while sent < per_address
                    && !stop.load(Ordering::Relaxed)
                    && Instant::now() < deadline
                {
                    sent += 1;
                    let request = if sent.is_multiple_of(2) {
                        huge.clone()
                    } else {
                        random_challenge()
                    };
                    match exchange(&mut stream, &request).await {
                        Some(200) => {
                            challenges.fetch_add(1, Ordering::Relaxed);
                        }
                        Some(_) => {}
                        None => break,
                    }
                }
            }
        }));
    }
    // Idle sockets on the plain port and silent ones on the TLS port, sixty per address,
    // each reopened when the server closes it.
    let holders = |count: usize, addr: SocketAddr, first_address: u8| {
        (0..count)
            .map(|k| {
                let from = loopback(first_address + (k / 60) as u8);
                let (stop, sockets) = (Arc::clone(&stop), Arc::clone(&sockets));
                attackers.spawn(async move {
                    for _ in 0..100 {
                        if stop.load(Ordering::Relaxed) || Instant::now() >= deadline {
                            break;
                        }
                        let Ok(mut stream) = connect_from(from, addr).await else {
                            tokio::time::sleep(Duration::from_millis(200)).await;
                            continue;
                        };
                        sockets.fetch_add(1, Ordering::Relaxed);
                        // Held until the server closes it or the attack ends, looking at the
                        // clock every second.
                        let mut closed = false;
                        while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                            if closed_within(&mut stream, Duration::from_secs(1)).await {
                                closed = true;
                                break;
                            }
                        }
                        if !closed {
                            break;
                        }
                    }
                })
            })
            .collect::<Vec<_>>()
    };
    tasks.extend(holders(scale.idle_sockets, target.plain, 60));
    tasks.extend(holders(scale.silent_tls, target.tls, 120));
    // The memory of the server, sampled.
    {
        let (stop, peak, pid) = (Arc::clone(&stop), Arc::clone(&peak), target.server_pid);
        tasks.push(attackers.spawn(async move {
            while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                peak.fetch_max(resident_kib_of(pid), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }));
    }
    let loaded: Vec<Option<Duration>> = std::thread::scope(|scope| {
        // The hostile installation: sign-ins in a loop, and pullers asking for maximal pages.
        // A patient attacker: it waits for every page it asked for.
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(120))
            .build();
        {
            let (agent, url, stop, sessions) = (agent.clone(), plain_url.clone(), &stop, &sessions);
            scope.spawn(move || {
                for _ in 0..100_000 {
                    if stop.load(Ordering::Relaxed) || Instant::now() >= deadline {
                        break;
                    }
                    if sign_in(&agent, &url, hostile).is_some() {
                        sessions.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
        for _ in 0..scale.pullers {
            let (agent, url, stop, pulls) = (agent.clone(), plain_url.clone(), &stop, &pulls);
            let (refused, failed) = (&refused, &failed);
            let body = serde_json::json!({"receipt": receipt, "max_entries": 20_000}).to_string();
            scope.spawn(move || {
                let mut token = None;
                for _ in 0..10_000 {
                    if stop.load(Ordering::Relaxed) || Instant::now() >= deadline {
                        break;
                    }
                    if token.is_none() {
                        token = sign_in(&agent, &url, hostile);
                    }
                    let Some(bearer) = token.as_deref() else {
                        std::thread::sleep(Duration::from_millis(100));
                        continue;
                    };
                    let pull = format!("{url}/v1/pull");
                    match request(&agent, "POST", &pull, Some(bearer), body.as_bytes()) {
                        Some((200, _)) => {
                            pulls.fetch_add(1, Ordering::Relaxed);
                        }
                        Some((401, _)) => token = None,
                        Some(_) => {
                            refused.fetch_add(1, Ordering::Relaxed);
                            std::thread::sleep(Duration::from_millis(20));
                        }
                        None => {
                            failed.fetch_add(1, Ordering::Relaxed);
                            std::thread::sleep(Duration::from_millis(20));
                        }
                    }
                }
            });
        }
        // Let the attack build up, then the honest communes sync the rest of their rounds.
        std::thread::sleep(Duration::from_millis(500));
        let passes: Vec<_> = honest
            .iter_mut()
            .enumerate()
            .map(|(i, site)| {
                let url = url_of(i).clone();
                let options =
                    honest_options(&target.cert_pem, i.is_multiple_of(2), scale.honest_pull);
                let code = CODES[i % CODES.len()];
                scope.spawn(move || {
                    let mut passes = Vec::new();
                    for round in 1..scale.rounds.max(1) {
                        let start = i as u64 * 100_000 + round as u64 * per_round;
                        survey(site, code, start..start + per_round);
                        passes.push(honest_pass(site, &url, &options));
                    }
                    passes
                })
            })
            .collect();
        let passes = passes
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_default())
            .collect();
        stop.store(true, Ordering::Relaxed);
        passes
    });
    stop.store(true, Ordering::Relaxed);
    attackers.block_on(async {
        let _ = tokio::time::timeout(Duration::from_secs(20), async {
            for task in tasks {
                let _ = task.await;
            }
        })
        .await;
    });
    drop(attackers);
    figures.failed_passes += loaded.iter().filter(|p| p.is_none()).count();
    figures.loaded_passes = loaded.into_iter().flatten().collect();
    figures.rss_peak_kib = peak.load(Ordering::Relaxed);
    figures.challenges_answered = challenges.load(Ordering::Relaxed);
    figures.sessions_opened = sessions.load(Ordering::Relaxed);
    figures.pulls_answered = pulls.load(Ordering::Relaxed);
    figures.pulls_refused = refused.load(Ordering::Relaxed);
    figures.pulls_failed = failed.load(Ordering::Relaxed);
    figures.sockets_opened = sockets.load(Ordering::Relaxed);

    // After: every commune's handshake answers at once (one attempt, a two-second limit).
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(2))
        .build();
    for site in honest.iter() {
        let started = Instant::now();
        let answered = sign_in(&agent, &plain_url, &Signer::of(site)).and_then(|token| {
            request(
                &agent,
                "GET",
                &format!("{plain_url}/v1/handshake"),
                Some(&token),
                b"",
            )
            .filter(|(status, _)| *status == 200)
        });
        if answered.is_none() {
            figures.after_attack_failures += 1;
        }
        figures.after_attack = figures.after_attack.max(started.elapsed());
    }
    figures
}

/// The resident memory of process `pid` in KiB (0: this process).
pub fn resident_kib_of(pid: u32) -> u64 {
    if pid == 0 {
        return resident_kib();
    }
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Checks that every honest commune's entries landed exactly once at `path`.
pub fn assert_landed_once(path: &Path, honest: &[Site]) {
    for site in honest {
        let held = site.store.status_vector().expect("status")[&site.id];
        assert_eq!(
            entries_at(path, &site.id),
            held,
            "every entry of {} landed exactly once",
            site.id
        );
        assert_eq!(
            sync_state(&site.store).expect("state").pending_batches,
            0,
            "outbox of {} empty",
            site.id
        );
    }
}
