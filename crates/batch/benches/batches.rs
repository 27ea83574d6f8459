//! Batch figures (`cargo bench -p rasoat-batch`): bytes per household in a batch of 1,000
//! generated households, and the time to import 17,000 Đồng Văn demo households sent as 19
//! commune batches into a district store on disk. Prints a table; measures, asserts nothing
//! (tests assert behaviour, benches measure). In the same run, `sqlite3 .import` loads the
//! same household documents from CSV: the physical limit the import is compared with
//! (`sqlite3_import_comparison`, at the end). With `RASOAT_BENCH_ENCRYPTED=1` the district
//! store is encrypted (SQLCipher, unlocked by PIN), as the app makes every store it creates.

use std::time::Instant;

use rasoat_demo::synthetic;
use rasoat_domain::workflow::Role;
use rasoat_domain::Date;
use rasoat_store::{Round, RoundKind, Store, SurveyResult};

const AT: i64 = 1_759_305_600_000;

struct Site {
    store: Store,
    id: String,
    card: Vec<u8>,
    round: Round,
}

/// Bytes this process has written through system calls (`wchar` of /proc/self/io, Linux).
fn bytes_written() -> Option<u64> {
    let io = std::fs::read_to_string("/proc/self/io").ok()?;
    io.lines()
        .find_map(|l| l.strip_prefix("wchar: "))
        .and_then(|v| v.trim().parse().ok())
}

fn site(role: Role, unit: &str) -> Result<Site, Box<dyn std::error::Error>> {
    site_at(role, unit, None)
}

/// A site whose store is the file at `path` (encrypted when `RASOAT_BENCH_ENCRYPTED=1`), or in
/// memory (the senders, which are not timed).
fn site_at(
    role: Role,
    unit: &str,
    path: Option<&std::path::Path>,
) -> Result<Site, Box<dyn std::error::Error>> {
    let encrypted = std::env::var("RASOAT_BENCH_ENCRYPTED").is_ok_and(|v| v == "1");
    let mut store = match path {
        Some(path) if encrypted => {
            rasoat_store::Store::protect(
                path,
                "bench",
                "246810",
                rasoat_store::KdfParams::STANDARD,
                AT,
            )?
            .store
        }
        Some(path) => Store::open(path)?,
        None => Store::open_in_memory()?,
    };
    store.load_reference_units()?;
    let installation = store.init_installation(role, unit, "bench", AT)?;
    let round = store.open_round(2025, RoundKind::Periodic, None, "nd07-2021", "bench", AT)?;
    let identity = rasoat_batch::ensure_identity(&mut store, AT)?;
    let card = identity.card(&store)?.to_file_bytes()?;
    Ok(Site {
        store,
        id: installation.id,
        card,
        round,
    })
}

fn enrol_both(a: &mut Site, b: &mut Site) -> Result<(), Box<dyn std::error::Error>> {
    rasoat_batch::enrol(&mut a.store, &b.card, AT)?;
    rasoat_batch::enrol(&mut b.store, &a.card, AT)?;
    Ok(())
}

fn survey(
    site: &mut Site,
    commune: &str,
    range: std::ops::Range<u64>,
) -> Result<(), Box<dyn std::error::Error>> {
    let day: Date = "2025-10-01".parse().map_err(|_| "date")?;
    let households: Vec<_> = range
        .map(|n| {
            let class = ["poor", "near_poor", "middle", "other"][(n % 4) as usize];
            (
                synthetic::household(n, "02", commune, "Thôn Thử", 5, day),
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
        .save_households(&site.round.id, &households, "điều tra viên", AT + 1000)?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("| figure | value | target |");
    println!("| --- | --- | --- |");
    // 1,000 households from one enumerator to its commune.
    let mut enumerator = site(Role::Enumerator, "00721")?;
    let mut commune = site(Role::Commune, "00721")?;
    enrol_both(&mut enumerator, &mut commune)?;
    survey(&mut enumerator, "00721", 0..1000)?;
    let started = Instant::now();
    let batch = rasoat_batch::export_batch(&mut enumerator.store, &commune.id, AT + 2000)?;
    let export_time = started.elapsed();
    let per_household = batch.len() as f64 / 1000.0;
    println!(
        "| batch of 1,000 households (5 members, one save entry each) | {} bytes, {per_household:.0} bytes/household | ≤ 400 bytes/household |",
        batch.len()
    );
    println!(
        "| export time, 1,000 households | {:.0} ms | — |",
        export_time.as_secs_f64() * 1000.0
    );

    // 17,000 Đồng Văn households (`rasoat demo generate`'s of 2024, before the communes were
    // merged, 6–8 members on average) as 19
    // commune batches, imported into a district store on disk the way `rasoat batch import`
    // does: WAL, `synchronous = FULL`, every signature verified, one transaction per batch.
    let dir = tempfile::tempdir()?;
    let district_path = dir.path().join("district.sqlite");
    let mut district = site_at(Role::District, "026", Some(&district_path))?;
    // A second district store, for the folder import (`rasoat batch import` of the 19 files
    // at once): it opens the next file on the second core while it writes this one.
    let folder_path = dir.path().join("district-folder.sqlite");
    let mut folder_district = site_at(Role::District, "026", Some(&folder_path))?;
    let mut batches = Vec::new();
    let mut folder_batches = Vec::new();
    let mut documents: Vec<(String, String)> = Vec::new();
    let by_commune = demo_communes(17_000)?;
    for (code, households) in &by_commune {
        let mut commune = site(Role::Commune, code)?;
        enrol_both(&mut commune, &mut district)?;
        documents.extend(
            households
                .iter()
                // Compact JSON, as the store keeps answers and batches carry them: the
                // pretty form `to_json` writes for people is 40 % larger.
                .map(|(h, _)| Ok((h.id.to_string(), serde_json::to_string(h)?)))
                .collect::<Result<Vec<_>, serde_json::Error>>()?,
        );
        commune
            .store
            .save_households(&commune.round.id, households, "điều tra viên", AT + 1000)?;
        batches.push(rasoat_batch::export_batch(
            &mut commune.store,
            &district.id,
            AT + 3000,
        )?);
        enrol_both(&mut commune, &mut folder_district)?;
        folder_batches.push((
            format!("{code}.rsbatch"),
            rasoat_batch::export_batch(&mut commune.store, &folder_district.id, AT + 3000)?,
        ));
    }
    let total = documents.len();
    let bytes: usize = batches.iter().map(Vec::len).sum();
    // Timing span: verification alone (decrypt, decode, signatures, checks against the store),
    // which `import_batch` repeats before it writes; the rest of the import is the writing.
    let started = Instant::now();
    for batch in &batches {
        rasoat_batch::verify_batch(&district.store, batch)?;
    }
    let verify_time = started.elapsed();
    let mut per_batch = Vec::new();
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let mut imported = 0;
    let mut written_per_batch = Vec::new();
    for batch in &batches {
        let one = Instant::now();
        let written = bytes_written();
        imported += rasoat_batch::import_batch(&mut district.store, batch, AT + 4000)?.new;
        per_batch.push(one.elapsed());
        written_per_batch.push(bytes_written().zip(written).map(|(a, b)| a - b));
    }
    let import_time = started.elapsed();
    let cpu = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    println!(
        "| import {imported} of {total} households, {} batches ({bytes} bytes, {:.0} bytes/household) into a district store on disk{} | {:.0} ms | ≤ 1,000 ms |",
        batches.len(),
        bytes as f64 / total.max(1) as f64,
        if std::env::var("RASOAT_BENCH_ENCRYPTED").is_ok_and(|v| v == "1") {
            ", encrypted"
        } else {
            ", plain"
        },
        import_time.as_secs_f64() * 1000.0
    );
    println!(
        "| of which verification (measured apart, on the empty store) | {:.0} ms | — |",
        verify_time.as_secs_f64() * 1000.0
    );
    if let Some(cpu) = cpu {
        // Wall time swings with the machine's load; the CPU the import used does much less.
        println!(
            "| CPU time of the import (all threads, from /proc) | {:.0} ms | — |",
            cpu * 1000.0
        );
    }
    let ms = |d: &std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| per batch, first / last (store growing) | {:.0} ms / {:.0} ms | — |",
        per_batch.first().map_or(0.0, ms),
        per_batch.last().map_or(0.0, ms),
    );
    // Bytes the process wrote (WAL frames, checkpoints), first and last batch: what the
    // growth of the per-batch time is made of.
    let mib = |b: &Option<u64>| b.map_or(0.0, |b| b as f64 / (1024.0 * 1024.0));
    if std::env::var("RASOAT_BENCH_EACH").is_ok() {
        for (time, written) in per_batch.iter().zip(&written_per_batch) {
            println!(
                "  batch: {:.0} ms, {:.1} MiB written",
                ms(time),
                mib(written)
            );
        }
    }
    println!(
        "| bytes written per batch, first / last | {:.1} MiB / {:.1} MiB | — |",
        written_per_batch.first().map_or(0.0, mib),
        written_per_batch.last().map_or(0.0, mib),
    );
    println!(
        "| import per household | {:.1} µs | ≤ 59 µs |",
        import_time.as_secs_f64() * 1e6 / imported.max(1) as f64
    );
    // The same batches as one folder, into the second district store.
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let folder =
        rasoat_batch::import_batches(&mut folder_district.store, &folder_batches, AT + 4000)?;
    let folder_time = started.elapsed();
    let folder_cpu = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    if !folder.refused_with_reasons.is_empty() || folder.new != imported {
        return Err(format!("folder import: {:?}", folder.refused_with_reasons).into());
    }
    println!(
        "| the same 19 batches as one folder (`rasoat batch import FILES…`: the next file opened on the second core while one is written), into a second district store on disk | {:.0} ms (CPU {:.0} ms) | ≤ 1,000 ms |",
        folder_time.as_secs_f64() * 1000.0,
        folder_cpu.unwrap_or(0.0) * 1000.0
    );
    let store_bytes = std::fs::metadata(&district_path)?.len()
        + std::fs::metadata(dir.path().join("district.sqlite-wal")).map_or(0, |m| m.len());
    let document_bytes: usize = documents.iter().map(|(id, doc)| id.len() + doc.len()).sum();
    println!(
        "| district store on disk ÷ compact documents | {:.2}× ({:.1} MB vs {:.1} MB) | ≤ 1.5× |",
        store_bytes as f64 / document_bytes as f64,
        store_bytes as f64 / 1e6,
        document_bytes as f64 / 1e6
    );
    sqlite3_import_comparison(&documents, import_time, folder_time)?;
    // To see where the bytes go (`sqlite3 FILE` with the `dbstat` table), keep the store.
    if let Ok(keep) = std::env::var("RASOAT_BENCH_KEEP_STORE") {
        drop(district);
        std::fs::copy(&district_path, &keep)?;
        println!("| district store kept | {keep} | — |");
    }
    Ok(())
}

/// Households with their classification, as a commune saves them.
type Surveyed = Vec<(rasoat_domain::Household, Option<SurveyResult>)>;

/// Đồng Văn's demo households for `n`, classified as the app does, grouped by commune code.
fn demo_communes(
    n: usize,
) -> Result<std::collections::BTreeMap<String, Surveyed>, Box<dyn std::error::Error>> {
    use rasoat_domain::classify::{classify_with, Method, Settings, StandardChoice};
    let standards = rasoat_domain::standard::Standards::national();
    let settings = Settings::default();
    let mut by_commune: std::collections::BTreeMap<String, Surveyed> = Default::default();
    for household in rasoat_demo::generate(&rasoat_demo::DemoSpec::new(n, 1, 2024)) {
        let result = classify_with(
            &household,
            &standards,
            &StandardChoice::Year(2024),
            Method::Score,
            &settings,
        )?
        .first()
        .map(SurveyResult::from_classification);
        by_commune
            .entry(household.location.commune.clone())
            .or_default()
            .push((household, result));
    }
    Ok(by_commune)
}

/// The physical limit: Debian's `sqlite3` CLI loading the same households as documents —
/// one (id, compact household.v1 JSON) row each, the content the batches carry, not the rows
/// our import derives from it — with `.import --csv` into a fresh file database with the
/// store's page size, WAL and `synchronous = FULL`, in the same run. Prints both times and
/// the ratio (target: ours ≤ 2× sqlite3's).
fn sqlite3_import_comparison(
    documents: &[(String, String)],
    ours: std::time::Duration,
    folder: std::time::Duration,
) -> Result<(), Box<dyn std::error::Error>> {
    use std::process::Command;

    if Command::new("sqlite3").arg("--version").output().is_err() {
        return Err(
            "sqlite3 CLI not found: run scripts/install-deps (Debian package sqlite3)".into(),
        );
    }
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("plain.sqlite");
    let mut csv = String::new();
    for (id, document) in documents {
        csv.push_str(id);
        csv.push_str(",\"");
        csv.push_str(&document.replace('"', "\"\""));
        csv.push_str("\"\n");
    }
    let file = dir.path().join("households.csv");
    std::fs::write(&file, &csv)?;
    let created = Command::new("sqlite3")
        .arg(&db)
        .arg("PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; CREATE TABLE household (id TEXT, document TEXT);")
        .output()?;
    if !created.status.success() {
        return Err(format!("sqlite3: {}", String::from_utf8_lossy(&created.stderr)).into());
    }
    let started = Instant::now();
    let loaded = Command::new("sqlite3")
        .arg(&db)
        .arg("PRAGMA synchronous = FULL")
        .arg(format!(".import --csv {} household", file.display()))
        .output()?;
    let theirs = started.elapsed();
    if !loaded.status.success() || !loaded.stderr.is_empty() {
        return Err(format!(
            "sqlite3 .import: {}",
            String::from_utf8_lossy(&loaded.stderr)
        )
        .into());
    }
    println!(
        "| `sqlite3 .import --csv` of the same {} households as (id, document) rows ({:.1} MB of CSV) into a file, WAL, `synchronous = FULL` | {:.0} ms | — |",
        documents.len(),
        csv.len() as f64 / 1e6,
        theirs.as_secs_f64() * 1000.0
    );
    println!(
        "| our import ÷ sqlite3 .import, file by file | {:.2}× ({:.0} ms vs {:.0} ms) | ≤ 2× |",
        ours.as_secs_f64() / theirs.as_secs_f64(),
        ours.as_secs_f64() * 1000.0,
        theirs.as_secs_f64() * 1000.0
    );
    println!(
        "| our import ÷ sqlite3 .import, as one folder | {:.2}× ({:.0} ms vs {:.0} ms) | ≤ 2× |",
        folder.as_secs_f64() / theirs.as_secs_f64(),
        folder.as_secs_f64() * 1000.0,
        theirs.as_secs_f64() * 1000.0
    );
    Ok(())
}

/// This process's user + system CPU time in seconds (Linux `/proc/self/stat`, in clock ticks
/// of 1/100 s), or `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
