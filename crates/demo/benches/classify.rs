//! Classification throughput (a benchmark, not a test): households per second through the
//! domain's classifier, by score (Phiếu B1/B2, 2022–2025 rounds) and by measured income, with
//! validation, on generated Đồng Văn households held in memory (no I/O in the timed part).
//!
//!     cargo bench -p rasoat-demo --bench classify      (RASOAT_BENCH_N to change 20,000)

use std::time::Instant;

use rasoat_demo::{generate, DemoSpec};
use rasoat_domain::classify::{classify_with, Method, Settings, StandardChoice};
use rasoat_domain::standard::Standards;
use rasoat_domain::validate::validate;
use rasoat_domain::Household;

fn main() {
    let n: usize = std::env::var("RASOAT_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let year = 2024;
    let households: Vec<Household> = generate(&DemoSpec::new(n, 1, year)).collect();
    let members: usize = households.iter().map(|h| h.members.len()).sum();
    let standards = Standards::national();
    let settings = Settings::default();
    let choice = StandardChoice::Year(year);

    println!("classification, {n} generated households ({members} members), one core");
    println!("| what | time | households/s |");
    println!("| --- | ---: | ---: |");
    for (label, method) in [
        ("score (A and B)", Method::Score),
        ("measured income", Method::Income),
    ] {
        // One untimed pass warms the caches the way an enumerator's session would.
        let _ = run(&households, &standards, &choice, method, &settings);
        let started = Instant::now();
        let classified = run(&households, &standards, &choice, method, &settings);
        let secs = started.elapsed().as_secs_f64();
        println!(
            "| classify by {label} ({classified} classified) | {:.0} ms | {:.0} |",
            secs * 1000.0,
            n as f64 / secs
        );
    }
    let started = Instant::now();
    let findings: usize = households.iter().map(|h| validate(h).len()).sum();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "| validate ({findings} findings) | {:.0} ms | {:.0} |",
        secs * 1000.0,
        n as f64 / secs
    );
}

fn run(
    households: &[Household],
    standards: &Standards,
    choice: &StandardChoice,
    method: Method,
    settings: &Settings,
) -> usize {
    households
        .iter()
        .filter(|h| classify_with(h, standards, choice, method, settings).is_ok())
        .count()
}
