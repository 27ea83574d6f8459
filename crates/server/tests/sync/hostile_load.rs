//! Honest communes syncing while a challenge flood, idle sockets, silent TLS connections and
//! one enrolled installation looping sign-ins and maximal pulls all hit the same server (the
//! scenario of `load.rs`, small enough for `cargo test`; the bench runs it at full size).
//! Every honest batch lands exactly once, the server's memory stays bounded, and once the
//! attackers stop every commune is answered at once.

use std::sync::Arc;
use std::time::Duration;

use rasoat_server::{ServerConfig, ServerState};
use rasoat_sync_client::sync_once_with;

use crate::common::*;
use crate::load::*;

#[test]
fn honest_communes_sync_through_a_hostile_load() {
    let scale = Scale {
        communes: 6,
        households_per_commune: 60,
        rounds: 3,
        bulk_households: 300,
        idle_sockets: 120,
        silent_tls: 60,
        flood_addresses: 10,
        flood_per_address: 1_100,
        pullers: 3,
        honest_pull: false,
        attack_for: Duration::from_secs(15),
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, server_id, mut honest, mut bulk, mut hostile) = sites(dir.path(), &scale);
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).expect("certificate");
    let cert_pem = certified.cert.pem();
    let tls = rasoat_server::tls_config(
        cert_pem.as_bytes(),
        certified.signing_key.serialize_pem().as_bytes(),
    )
    .expect("tls");
    let store = rasoat_store::Store::open(&path).expect("server store");
    let state: Arc<ServerState> = ServerState::new(store, ServerConfig::default()).expect("state");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let plain = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let secure = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let target = Target {
        plain: plain.local_addr().expect("addr"),
        tls: secure.local_addr().expect("addr"),
        cert_pem,
        server_pid: 0,
    };
    runtime.spawn(rasoat_server::serve(
        plain,
        Arc::clone(&state),
        std::future::pending(),
    ));
    runtime.spawn(rasoat_server::serve_tls(
        secure,
        state,
        tls,
        std::future::pending(),
    ));
    sync_once_with(
        &mut bulk.store,
        &format!("http://{}", target.plain),
        &quick_options(),
    )
    .expect("bulk sync");

    let figures = run(&scale, &target, &mut honest, &mut hostile, &server_id);
    let quiet = p95(&figures.quiet_passes);
    let loaded = p95(&figures.loaded_passes);
    println!("honest pass p95: quiet {quiet:?}, under attack {loaded:?}");
    println!("{figures:?}");

    assert_eq!(
        figures.failed_passes, 0,
        "every honest pass emptied its outbox"
    );
    assert_landed_once(&path, &honest);
    assert_eq!(
        records_at(&path),
        (scale.communes as u64 * scale.households_per_commune + scale.bulk_households) as i64
    );
    assert!(
        figures.challenges_answered > 0
            && figures.pulls_answered > 0
            && figures.sessions_opened > 0,
        "the attack ran: {figures:?}"
    );
    assert_eq!(
        figures.after_attack_failures, 0,
        "every commune answered at once after the attack"
    );
    // The test process holds the server and its clients; the server alone held 591 MiB
    // under the first challenge flood.
    let growth_mib = figures.rss_peak_kib.saturating_sub(figures.rss_before_kib) / 1024;
    assert!(growth_mib < 256, "memory grew by {growth_mib} MiB");
    runtime.shutdown_background();
}
