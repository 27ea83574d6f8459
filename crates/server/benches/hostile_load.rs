//! The hostile load at full size (`cargo bench -p rasoat-server --bench hostile_load`): 19
//! communes syncing 17,000 households (a third on a quiet server, the rest under attack) while
//! a challenge flood from 20 addresses, 1,000 idle sockets, 300 silent TLS connections and one
//! enrolled installation looping sign-ins and maximal pulls run, all on 127.0.0.0/8. The
//! server runs as a child process (this program again, with `RASOAT_BENCH_SERVE` set) so its
//! memory is its own. The honest communes only send here: a first pass that pulled would
//! fetch the 20,000 households the hostile installation pulls, later passes a few hundred, and
//! their times would not compare. Prints the honest passes' p95 quiet and under attack, the server's
//! peak memory and what the attackers got; measures, asserts nothing. The scenario is the
//! `hostile_load` test's (`tests/sync/load.rs`).

#[allow(dead_code)]
#[path = "../tests/sync/attack.rs"]
mod attack;
#[allow(dead_code)]
#[path = "../tests/sync/common.rs"]
mod common;
#[allow(dead_code)]
#[path = "../tests/sync/load.rs"]
mod load;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use rasoat_server::{ServerConfig, ServerState};

type Error = Box<dyn std::error::Error>;

/// The child: serves the store at `path` on two loopback ports, plain and TLS, prints them,
/// and stops when its standard input closes.
fn serve(path: &str, cert: &str, key: &str) -> Result<(), Error> {
    let tls = rasoat_server::tls_config(&std::fs::read(cert)?, &std::fs::read(key)?)?;
    let store = rasoat_store::Store::open(path)?;
    let state = ServerState::new(store, ServerConfig::default())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let plain = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let secure = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        println!("{} {}", plain.local_addr()?, secure.local_addr()?);
        let (stop, stopped) = tokio::sync::watch::channel(false);
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = std::io::stdin().read_line(&mut line);
            let _ = stop.send(true);
        });
        let until = |mut stopped: tokio::sync::watch::Receiver<bool>| async move {
            let _ = stopped.changed().await;
        };
        let plain = rasoat_server::serve(plain, state.clone(), until(stopped.clone()));
        let secure = rasoat_server::serve_tls(secure, state, tls, until(stopped));
        let (a, b) = tokio::join!(plain, secure);
        a?;
        b?;
        Ok::<(), Error>(())
    })
}

fn main() -> Result<(), Error> {
    if let Ok(spec) = std::env::var("RASOAT_BENCH_SERVE") {
        let mut parts = spec.splitn(3, '\n');
        let (Some(path), Some(cert), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err("RASOAT_BENCH_SERVE: path, cert, key".into());
        };
        return serve(path, cert, key);
    }
    let scale = load::Scale {
        communes: 19,
        households_per_commune: 894,
        rounds: 3,
        bulk_households: 20_000,
        idle_sockets: 1_000,
        silent_tls: 300,
        flood_addresses: 20,
        flood_per_address: 5_000,
        pullers: 4,
        honest_pull: false,
        attack_for: Duration::from_secs(600),
    };
    let dir = tempfile::tempdir()?;
    let (path, server_id, mut honest, mut bulk, mut hostile) = load::sites(dir.path(), &scale);
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()])?;
    let cert = dir.path().join("cert.pem");
    let key = dir.path().join("key.pem");
    std::fs::write(&cert, certified.cert.pem())?;
    std::fs::write(&key, certified.signing_key.serialize_pem())?;
    let spec = format!("{}\n{}\n{}", path.display(), cert.display(), key.display());
    let mut child = Command::new(std::env::current_exe()?)
        .env("RASOAT_BENCH_SERVE", spec)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut ports = String::new();
    BufReader::new(child.stdout.take().ok_or("child stdout")?).read_line(&mut ports)?;
    let mut ports = ports.split_whitespace();
    let target = load::Target {
        plain: ports.next().ok_or("plain port")?.parse()?,
        tls: ports.next().ok_or("tls port")?.parse()?,
        cert_pem: certified.cert.pem(),
        server_pid: child.id(),
    };
    let started = std::time::Instant::now();
    let bulk_options = rasoat_sync_client::SyncOptions {
        pull: false,
        ..common::quick_options()
    };
    rasoat_sync_client::sync_once_with(
        &mut bulk.store,
        &format!("http://{}", target.plain),
        &bulk_options,
    )?;
    println!(
        "bulk commune: {} households sent in {:.1?}",
        scale.bulk_households,
        started.elapsed()
    );
    let figures = load::run(&scale, &target, &mut honest, &mut hostile, &server_id);
    let quiet = load::p95(&figures.quiet_passes);
    let loaded = load::p95(&figures.loaded_passes);
    println!(
        "honest passes: {} quiet, p95 {quiet:.2?}; {} under attack, p95 {loaded:.2?} ({:.1}× quiet); {} failed",
        figures.quiet_passes.len(),
        figures.loaded_passes.len(),
        loaded.as_secs_f64() / quiet.as_secs_f64().max(1e-9),
        figures.failed_passes
    );
    println!(
        "server memory: {} MiB before the attack, peak {} MiB",
        figures.rss_before_kib / 1024,
        figures.rss_peak_kib / 1024
    );
    println!(
        "attackers got: {} challenges, {} sessions, {} pulls asking for 20,000 entries ({} refused, {} failed), {} sockets opened",
        figures.challenges_answered,
        figures.sessions_opened,
        figures.pulls_answered,
        figures.pulls_refused,
        figures.pulls_failed,
        figures.sockets_opened
    );
    println!(
        "after the attack: slowest honest sign-in + handshake {:.1?}, {} failed",
        figures.after_attack, figures.after_attack_failures
    );
    let mut landed = 0;
    for site in &honest {
        if common::entries_at(&path, &site.id) == site.store.status_vector()?[&site.id] {
            landed += 1;
        }
    }
    println!(
        "communes whose every entry landed once: {landed} of {}",
        honest.len()
    );
    // Measured: the server may still be building a page for a puller; it goes now.
    let _ = child.kill();
    let _ = child.wait();
    Ok(())
}
