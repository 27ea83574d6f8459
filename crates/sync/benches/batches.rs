//! Batch figures (`cargo bench -p rasoat-sync`): bytes per household in a batch of 1,000
//! generated households, and the time to import 17,000 households sent as 19 commune batches.
//! Prints a table; measures, asserts nothing (tests assert behaviour, benches measure).

use std::time::Instant;

use rasoat_domain::workflow::Role;
use rasoat_domain::Date;
use rasoat_store::{synthetic, Round, RoundKind, Store, SurveyResult};

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
    let identity = rasoat_sync::ensure_identity(&mut store, AT)?;
    let card = identity.card(&store)?.to_file_bytes()?;
    Ok(Site {
        store,
        id: installation.id,
        card,
        round,
    })
}

fn enrol_both(a: &mut Site, b: &mut Site) -> Result<(), Box<dyn std::error::Error>> {
    rasoat_sync::enrol(&mut a.store, &b.card, AT)?;
    rasoat_sync::enrol(&mut b.store, &a.card, AT)?;
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
    let batch = rasoat_sync::export_batch(&mut enumerator.store, &commune.id, AT + 2000)?;
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
        batches.push(rasoat_sync::export_batch(
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
        rasoat_sync::verify_batch(&district.store, batch)?;
    }
    let verify_time = started.elapsed();
    eprintln!("setup done");
    let started = Instant::now();
    let mut imported = 0;
    for batch in &batches {
        imported += rasoat_sync::import_batch(&mut district.store, batch, AT + 4000)?.new;
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
    Ok(())
}
