//! Store benchmark (not a test): inserts synthetic households (5 members each, default
//! 200,000; `RASOAT_BENCH_N` to change) and prints households per second, the store size, the
//! p95 of a head-name / household-code search and of a single form save, and the time of a
//! report grouped by unit and class.
//!
//!     cargo bench -p rasoat-store
//!     RASOAT_BENCH_ENCRYPTED=1 cargo bench -p rasoat-store
//!
//! The second run makes the same store encrypted (SQLCipher, a PIN slot at the standard
//! Argon2id cost) and also prints the time of an unlock by PIN.
//!
//! Target: 200,000 inserts in ≤ 15 s; search p95 ≤ 100 ms; save p95 ≤ 50 ms.

use std::time::{Duration, Instant};

use rasoat_demo::synthetic;
use rasoat_domain::workflow::Role;
use rasoat_domain::Date;
use rasoat_store::households::search_key;
use rasoat_store::{Credential, KdfParams, ListFilter, RoundKind, Store, SurveyResult, UnitBasis};

const AT: i64 = 1_759_305_600_000;
const CHUNK: u64 = 5_000;

/// User + system CPU seconds of this process (Linux), to tell our cost from a busy machine's.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0) // USER_HZ is 100 on Linux.
}

const PIN: &str = "246810";

/// The store at `path`: plain, or encrypted when `RASOAT_BENCH_ENCRYPTED=1` (made on the first
/// call, unlocked by PIN after).
fn open(
    path: &std::path::Path,
    encrypted: bool,
    announce: bool,
) -> Result<Store, Box<dyn std::error::Error>> {
    if !encrypted {
        return Ok(Store::open(path)?);
    }
    if !path.exists() {
        return Ok(Store::protect(path, "bench", PIN, KdfParams::STANDARD, AT)?.store);
    }
    let t = Instant::now();
    let unlocked = Store::unlock(
        path,
        &Credential::Pin {
            person: "bench",
            pin: PIN,
        },
        AT,
    )?;
    if announce {
        println!(
            "unlock by PIN after the insert (Argon2id 64 MiB, t=3, p=1; includes the insert's write-back): {:?}",
            t.elapsed()
        );
    }
    Ok(unlocked.store)
}

fn p95(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[(samples.len() * 95 / 100).min(samples.len() - 1)]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = std::env::var("RASOAT_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let dir = tempfile::tempdir()?;
    // RASOAT_BENCH_OUT keeps the store for inspection (sqlite3 FILE, dbstat).
    let path = match std::env::var("RASOAT_BENCH_OUT") {
        Ok(out) => std::path::PathBuf::from(out),
        Err(_) => dir.path().join("bench.sqlite"),
    };
    let encrypted = std::env::var("RASOAT_BENCH_ENCRYPTED").is_ok_and(|v| v == "1");
    println!("encrypted: {encrypted}");
    if encrypted {
        // Unlock on its own: a small store, so the time is Argon2id, the open and the audit
        // row, not the write-back of the big insert below.
        let small = dir.path().join("unlock.sqlite");
        drop(open(&small, true, false)?);
        let mut times: Vec<Duration> = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            drop(open(&small, true, false)?);
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "unlock by PIN, small store, 5 runs: median {:?}, max {:?}",
            times[2], times[4]
        );
    }
    let mut store = open(&path, encrypted, true)?;
    // For experiments only, e.g. RASOAT_BENCH_PRAGMA="PRAGMA synchronous = OFF;".
    if let Ok(pragmas) = std::env::var("RASOAT_BENCH_PRAGMA") {
        store.sql_for_tests().execute_batch(&pragmas)?;
    }
    store.load_reference_units()?;
    store.init_installation(Role::Commune, "00721", "bench", AT)?;
    let round = store.open_round(2025, RoundKind::Periodic, None, "nd07-2021", "bench", AT)?;
    let day: Date = "2025-10-15".parse()?;
    let classes = ["poor", "near_poor", "middle", "other"];
    let communes = ["00715", "00721", "00733", "00745", "00763"];

    let mut stored = Duration::ZERO;
    let mut cpu = 0.0;
    let mut start = 0;
    while start < n {
        let end = (start + CHUNK).min(n);
        // Building the households is the caller's work: not counted.
        let batch: Vec<_> = (start..end)
            .map(|i| {
                let commune = communes[(i % 5) as usize];
                let village = format!("Thôn {} (thử)", i % 40);
                let h = synthetic::household(i, "08", commune, &village, 5, day);
                let result = SurveyResult {
                    standard_id: "nd07-2021".into(),
                    method: "score".into(),
                    class: classes[(i % 4) as usize].into(),
                    score_a: Some((i % 150) as i32),
                    score_b: Some((i % 100) as i32),
                    deprived: vec!["water".into()],
                    phieu_a: None,
                };
                (h, Some(result))
            })
            .collect();
        let t = Instant::now();
        let c = cpu_seconds();
        store.save_households(&round.id, &batch, "bench", AT)?;
        stored += t.elapsed();
        cpu += cpu_seconds()
            .zip(c)
            .map_or(0.0, |(after, before)| after - before);
        start = end;
    }
    drop(store);
    let size = std::fs::metadata(&path)?.len()
        + std::fs::metadata(path.with_extension("sqlite-wal")).map_or(0, |m| m.len());
    println!(
        "inserted {n} households (5 members each) in {:.2} s: {:.0} households/s",
        stored.as_secs_f64(),
        n as f64 / stored.as_secs_f64()
    );
    println!("  CPU time of the inserts (user + system): {cpu:.2} s");
    println!(
        "store size: {:.1} MiB ({:.0} bytes per household)",
        size as f64 / (1024.0 * 1024.0),
        size as f64 / n as f64
    );

    let mut store = open(&path, encrypted, true)?;
    if let Ok(pragmas) = std::env::var("RASOAT_BENCH_PRAGMA") {
        store.sql_for_tests().execute_batch(&pragmas)?;
    }
    let mut searches = Vec::new();
    for i in 0..100u64 {
        let k = i * 1_999 % n;
        let target = synthetic::household(k, "08", communes[(k % 5) as usize], "", 5, day);
        let text = if i % 2 == 0 {
            search_key(rasoat_store::households::head_name(&target))
        } else {
            target.code.clone()
        };
        let t = Instant::now();
        let rows = store.list_households(&ListFilter {
            round_id: Some(round.id.clone()),
            text: Some(text),
            limit: Some(50),
            ..Default::default()
        })?;
        searches.push(t.elapsed());
        assert!(!rows.is_empty(), "search must find the household");
    }
    println!(
        "search by head name / code, limit 50: p95 {:?}",
        p95(searches)
    );

    // RASOAT_BENCH_SAVES: more saves, e.g. to profile them apart from the insert.
    let save_count: u64 = std::env::var("RASOAT_BENCH_SAVES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let mut saves = Vec::new();
    let c = cpu_seconds();
    for i in 0..save_count {
        let h = synthetic::household(n + i, "08", "00721", "Thôn mới (thử)", 5, day);
        let t = Instant::now();
        store.save_household(&round.id, &h, None, "bench", AT)?;
        saves.push(t.elapsed());
    }
    // CPU per save beside the wall time: on this shared machine a save's p95 is mostly
    // waiting (the fsync, other builds), while its CPU is what encryption adds to.
    let per_save_ms = |before: Option<f64>| {
        cpu_seconds().zip(before).map_or(0.0, |(after, before)| {
            (after - before) * 1000.0 / save_count as f64
        })
    };
    println!(
        "single form save (own transaction, fsync): p95 {:?}, {:.3} ms of CPU per save",
        p95(saves),
        per_save_ms(c)
    );
    let wal_after_new = std::fs::metadata(path.with_extension("sqlite-wal")).map_or(0, |m| m.len());

    // The save a person runs most: a household already in the store, opened, one answer
    // changed (its notes), saved again with the same classification.
    let mut resaves = Vec::new();
    let c = cpu_seconds();
    for i in 0..save_count {
        let k = i * 7_919 % n;
        let commune = communes[(k % 5) as usize];
        let village = format!("Thôn {} (thử)", k % 40);
        let mut h = synthetic::household(k, "08", commune, &village, 5, day);
        h.notes = format!("lần lưu {i}");
        let result = SurveyResult {
            standard_id: "nd07-2021".into(),
            method: "score".into(),
            class: classes[(k % 4) as usize].into(),
            score_a: Some((k % 150) as i32),
            score_b: Some((k % 100) as i32),
            deprived: vec!["water".into()],
            phieu_a: None,
        };
        let t = Instant::now();
        store.save_household(&round.id, &h, Some(&result), "bench", AT)?;
        resaves.push(t.elapsed());
    }
    println!(
        "form save of a stored household, one answer changed (own transaction, fsync): p95 {:?}, {:.3} ms of CPU per save",
        p95(resaves),
        per_save_ms(c)
    );
    if std::env::var("RASOAT_BENCH_WAL").is_ok() {
        let wal = std::fs::metadata(path.with_extension("sqlite-wal")).map_or(0, |m| m.len());
        println!("  WAL after the new households' saves: {wal_after_new} bytes; after the stored households' saves: {wal} bytes");
        // RASOAT_BENCH_WAL_KEEP=DIR copies the store and its WAL there before they are
        // checkpointed, to see which tables and indexes the saves wrote (each WAL frame's page
        // number against `sqlite3 store.sqlite "SELECT name, pageno FROM dbstat"`).
        if let Ok(keep) = std::env::var("RASOAT_BENCH_WAL_KEEP") {
            let keep = std::path::Path::new(&keep);
            std::fs::copy(&path, keep.join("store.sqlite"))?;
            std::fs::copy(
                path.with_extension("sqlite-wal"),
                keep.join("store.sqlite-wal"),
            )?;
        }
    }

    let t = Instant::now();
    let c = cpu_seconds();
    let counts = store.class_counts(&round.id, UnitBasis::AsRecorded)?;
    println!(
        "report by unit and class: {} lines in {:?} ({:.2} s of CPU)",
        counts.len(),
        t.elapsed(),
        cpu_seconds()
            .zip(c)
            .map_or(0.0, |(after, before)| after - before)
    );
    Ok(())
}
