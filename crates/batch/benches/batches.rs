//! Batch figures (`cargo bench -p rasoat-batch`): bytes per household in a batch of 1,000
//! generated households, and the time to import 17,000 households sent as 19 commune batches.
//! Prints a table; measures, asserts nothing (tests assert behaviour, benches measure).
//! In the same run, `sqlite3 .import` loads the same rows from CSV: the physical limit the
//! import is compared with (`sqlite3_import_comparison`, at the end).

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

fn site(role: Role, unit: &str) -> Result<Site, Box<dyn std::error::Error>> {
    let mut store = Store::open_in_memory()?;
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

    // 17,000 households as 19 commune batches to one district.
    let mut district = site(Role::District, "026")?;
    let communes = [
        "00712", "00715", "00718", "00721", "00724", "00727", "00730", "00733", "00736", "00712",
        "00715", "00718", "00721", "00724", "00727", "00730", "00733", "00736", "00721",
    ];
    let mut batches = Vec::new();
    let mut total = 0u64;
    for (i, code) in communes.iter().enumerate() {
        let mut commune = site(Role::Commune, code)?;
        enrol_both(&mut commune, &mut district)?;
        let start = i as u64 * 1_000_000;
        let n = if i < 18 { 895 } else { 17_000 - 18 * 895 };
        survey(&mut commune, code, start..start + n)?;
        total += n;
        batches.push(rasoat_batch::export_batch(
            &mut commune.store,
            &district.id,
            AT + 3000,
        )?);
    }
    let bytes: usize = batches.iter().map(Vec::len).sum();
    // Timing span: verification alone (decrypt, decode, signatures, checks against the store),
    // which `import_batch` repeats before it writes; the rest of the import is the writing.
    let started = Instant::now();
    for batch in &batches {
        rasoat_batch::verify_batch(&district.store, batch)?;
    }
    let verify_time = started.elapsed();
    eprintln!("setup done");
    let started = Instant::now();
    let mut imported = 0;
    for batch in &batches {
        imported += rasoat_batch::import_batch(&mut district.store, batch, AT + 4000)?.new;
    }
    let import_time = started.elapsed();
    println!(
        "| import {imported} of {total} households, 19 batches ({bytes} bytes) into one district store | {:.0} ms | ≤ 1,000 ms |",
        import_time.as_secs_f64() * 1000.0
    );
    println!(
        "| of which verification (measured apart, on the empty store) | {:.0} ms | — |",
        verify_time.as_secs_f64() * 1000.0
    );
    println!(
        "| import per household | {:.1} µs | ≤ 59 µs |",
        import_time.as_secs_f64() * 1e6 / imported.max(1) as f64
    );
    sqlite3_import_comparison(&district.store, import_time)?;
    Ok(())
}

/// The physical limit: Debian's `sqlite3` CLI loading the rows our import wrote, as CSV with
/// `.import --csv`, into plain tables with the same columns (no keys, indexes or checks) in a
/// fresh database with the store's page size, WAL and `synchronous = FULL`. The rows are read
/// back from the district store after the import: every table a fresh district installation
/// holds no row in (the enrolments, `sync_peer`, left out). BLOB columns travel as hex text,
/// which CSV can carry; they are the signatures and hashes, a few percent of the bytes.
/// Prints both times and the ratio (target: ours ≤ 2× sqlite3's).
fn sqlite3_import_comparison(
    district: &Store,
    ours: std::time::Duration,
) -> Result<(), Box<dyn std::error::Error>> {
    use std::fmt::Write as _;
    use std::process::Command;

    use rusqlite::types::ValueRef;

    if Command::new("sqlite3").arg("--version").output().is_err() {
        return Err(
            "sqlite3 CLI not found: run scripts/install-deps (Debian package sqlite3)".into(),
        );
    }
    let fresh = site(Role::District, "026")?;
    let conn = district.sql_for_tests();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("plain.sqlite");
    let mut schema = String::from("PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;\n");
    let mut imports = vec!["PRAGMA synchronous = FULL".to_string()];
    let (mut rows, mut bytes) = (0u64, 0u64);
    for table in &tables {
        let count = |store: &Store| -> rusqlite::Result<i64> {
            store
                .sql_for_tests()
                .query_row(&format!("SELECT COUNT(*) FROM \"{table}\""), [], |r| {
                    r.get(0)
                })
        };
        if table == "sync_peer" || count(&fresh.store)? > 0 || count(district)? == 0 {
            continue;
        }
        let columns: Vec<(String, String)> = conn
            .prepare(&format!(
                "SELECT name, type FROM pragma_table_info('{table}')"
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let declared: Vec<String> = columns
            .iter()
            .map(|(name, kind)| format!("\"{name}\" {kind}"))
            .collect();
        writeln!(
            schema,
            "CREATE TABLE \"{table}\" ({});",
            declared.join(", ")
        )?;
        let mut csv = String::new();
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
        let n = stmt.column_count();
        let mut cursor = stmt.query([])?;
        while let Some(row) = cursor.next()? {
            for i in 0..n {
                if i > 0 {
                    csv.push(',');
                }
                match row.get_ref(i)? {
                    ValueRef::Null => {}
                    ValueRef::Integer(v) => write!(csv, "{v}")?,
                    ValueRef::Real(v) => write!(csv, "{v}")?,
                    ValueRef::Text(t) => {
                        csv.push('"');
                        csv.push_str(&String::from_utf8_lossy(t).replace('"', "\"\""));
                        csv.push('"');
                    }
                    ValueRef::Blob(b) => {
                        for byte in b {
                            write!(csv, "{byte:02x}")?;
                        }
                    }
                }
            }
            csv.push('\n');
            rows += 1;
        }
        bytes += csv.len() as u64;
        let file = dir.path().join(format!("{table}.csv"));
        std::fs::write(&file, csv)?;
        imports.push(format!(".import --csv {} {table}", file.display()));
    }
    let created = Command::new("sqlite3").arg(&db).arg(&schema).output()?;
    if !created.status.success() {
        return Err(format!("sqlite3: {}", String::from_utf8_lossy(&created.stderr)).into());
    }
    let started = Instant::now();
    let loaded = Command::new("sqlite3").arg(&db).args(&imports).output()?;
    let theirs = started.elapsed();
    if !loaded.status.success() || !loaded.stderr.is_empty() {
        return Err(format!(
            "sqlite3 .import: {}",
            String::from_utf8_lossy(&loaded.stderr)
        )
        .into());
    }
    println!(
        "| `sqlite3 .import --csv` of the same rows ({rows} rows in {} tables, {:.1} MB of CSV) into plain tables | {:.0} ms | — |",
        imports.len() - 1,
        bytes as f64 / 1e6,
        theirs.as_secs_f64() * 1000.0
    );
    println!(
        "| our import ÷ sqlite3 .import | {:.2}× ({:.0} ms vs {:.0} ms) | ≤ 2× |",
        ours.as_secs_f64() / theirs.as_secs_f64(),
        ours.as_secs_f64() * 1000.0,
        theirs.as_secs_f64() * 1000.0
    );
    Ok(())
}
