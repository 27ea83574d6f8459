//! Ingest over loopback HTTP (`cargo bench -p rasoat-server --bench ingest`): 17,000
//! households from 19 communes, each batch already in its commune's outbox, sent to a district
//! server on 127.0.0.1 — all at once, then one after another. Prints households per second and
//! the bytes sent; measures, asserts nothing (tests assert behaviour, benches measure).

use std::sync::Arc;
use std::time::Instant;

use rasoat_demo::synthetic;
use rasoat_domain::workflow::Role;
use rasoat_domain::Date;
use rasoat_server::{ServerConfig, ServerState};
use rasoat_store::{RoundKind, Store, SurveyResult};
use rasoat_sync_client::SyncOptions;

type Error = Box<dyn std::error::Error>;

const AT: i64 = 1_759_305_600_000;
/// Enrolments until 2100: the server judges certificates by the real clock, the sites are
/// made on a fixed day of 2025.
const LONG: rasoat_batch::Validity = rasoat_batch::Validity {
    not_before: AT,
    not_after: 4_102_444_800_000,
};
const CODES: [&str; 9] = [
    "00712", "00715", "00718", "00721", "00724", "00727", "00730", "00733", "00736",
];

struct Site {
    store: Store,
    card: Vec<u8>,
}

fn site(store: Store, role: Role, unit: &str) -> Result<Site, Error> {
    let mut store = store;
    store.load_reference_units()?;
    store.init_installation(role, unit, "bench", AT)?;
    store.open_round(2025, RoundKind::Periodic, None, "nd07-2021", "bench", AT)?;
    let identity = rasoat_batch::ensure_identity(&mut store, AT)?;
    let card = identity.card(&store)?.to_file_bytes()?;
    Ok(Site { store, card })
}

fn survey(site: &mut Site, code: &str, range: std::ops::Range<u64>) -> Result<(), Error> {
    let day: Date = "2025-10-01".parse().map_err(|_| "date")?;
    let round = site.store.current_round()?.id;
    let households: Vec<_> = range
        .map(|n| {
            let class = ["poor", "near_poor", "middle", "other"][(n % 4) as usize];
            (
                synthetic::household(n, "02", code, "Thôn Thử", 5, day),
                Some(SurveyResult {
                    standard_id: "nd07-2021".into(),
                    method: "score".into(),
                    class: class.into(),
                    score_a: Some(100 + (n % 50) as i32),
                    score_b: Some((n % 5) as i32),
                    deprived: vec![],
                    phieu_a: None,
                }),
            )
        })
        .collect();
    site.store
        .save_households(&round, &households, "điều tra viên", AT + 1000)?;
    Ok(())
}

/// 19 communes with their batches in the outbox, and a district store that enrolled them.
fn prepare(dir: &std::path::Path) -> Result<(std::path::PathBuf, String, Vec<Site>), Error> {
    let path = dir.join("district.sqlite");
    let mut district = site(Store::open(&path)?, Role::District, "026")?;
    let district_id = district.store.installation()?.id;
    let mut communes = Vec::new();
    for i in 0..19u64 {
        let code = CODES[i as usize % CODES.len()];
        let mut commune = site(Store::open_in_memory()?, Role::Commune, code)?;
        rasoat_batch::enrol_for(&mut commune.store, &district.card, AT, LONG)?;
        rasoat_batch::enrol_for(&mut district.store, &commune.card, AT, LONG)?;
        let n = if i < 18 { 895 } else { 17_000 - 18 * 895 };
        survey(&mut commune, code, i * 1_000_000..i * 1_000_000 + n)?;
        rasoat_sync_client::fill_outbox(&mut commune.store, &district_id)?;
        communes.push(commune);
    }
    Ok((path, district_id, communes))
}

fn run(concurrent: bool) -> Result<(), Error> {
    let dir = tempfile::tempdir()?;
    let (path, _, mut communes) = prepare(dir.path())?;
    let state: Arc<ServerState> = ServerState::new(Store::open(&path)?, ServerConfig::default())?;
    let runtime = tokio::runtime::Runtime::new()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let url = format!("http://{}", listener.local_addr()?);
    runtime.spawn(rasoat_server::serve(
        listener,
        state,
        std::future::pending(),
    ));
    let options = SyncOptions {
        pull: false,
        chunk_bytes: 1024 * 1024,
        ..SyncOptions::default()
    };
    let started = Instant::now();
    let reports: Vec<_> = if concurrent {
        std::thread::scope(|scope| {
            let handles: Vec<_> = communes
                .iter_mut()
                .map(|c| {
                    let url = url.clone();
                    let options = options.clone();
                    scope.spawn(move || {
                        rasoat_sync_client::sync_once_with(&mut c.store, &url, &options)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().map_err(|_| "thread"))
                .collect::<Result<Vec<_>, _>>()
        })?
    } else {
        communes
            .iter_mut()
            .map(|c| rasoat_sync_client::sync_once_with(&mut c.store, &url, &options))
            .collect()
    };
    let elapsed = started.elapsed();
    let mut bytes = 0;
    for report in reports {
        bytes += report?.bytes_sent;
    }
    let landed: i64 = Store::open(&path)?.sql_for_tests().query_row(
        "SELECT COUNT(*) FROM survey_record",
        [],
        |r| r.get(0),
    )?;
    println!(
        "| {} | {landed} households, 19 batches, {bytes} bytes of batches ({:.0} bytes/household) | {:.0} ms | {:.0} households/s | ≥ 10,000 households/s |",
        if concurrent { "19 communes at once" } else { "19 communes one after another" },
        bytes as f64 / landed.max(1) as f64,
        elapsed.as_secs_f64() * 1000.0,
        landed as f64 / elapsed.as_secs_f64(),
    );
    runtime.shutdown_background();
    Ok(())
}

fn main() -> Result<(), Error> {
    println!("| ingest over loopback HTTP | what landed | time | rate | target |");
    println!("| --- | --- | --- | --- | --- |");
    run(true)?;
    run(false)?;
    Ok(())
}
