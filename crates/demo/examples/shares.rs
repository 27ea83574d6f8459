//! Prints what the demo generator gives under the real classifier, year by year: the shares
//! of poor, near-poor and other households, the mean household size, how often each
//! deprivation occurs, and the transitions from the previous year. Used to calibrate the
//! generator: `cargo run -p rasoat-demo --release --example shares -- 2000 1 2022,2023,2024`.

use std::collections::BTreeMap;

use rasoat_demo::{generate_rounds, DemoSpec};
use rasoat_domain::classify::{classify_with, Class, Method, Settings, StandardChoice};
use rasoat_domain::standard::Standards;
use rasoat_domain::PreviousClass;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let years: Vec<i32> = args
        .get(3)
        .map(|s| s.split(',').filter_map(|y| y.parse().ok()).collect())
        .unwrap_or_else(|| vec![2022, 2023, 2024, 2025]);
    let spec = DemoSpec::new(n, seed, years.first().copied().unwrap_or(2022));
    let standards = Standards::national();
    let settings = Settings::default();
    for round in generate_rounds(&spec, &years) {
        let mut classes: BTreeMap<Class, usize> = BTreeMap::new();
        let mut deprived: BTreeMap<String, usize> = BTreeMap::new();
        let mut transitions: BTreeMap<(String, Class), usize> = BTreeMap::new();
        let (mut people, mut total, mut failed) = (0usize, 0usize, 0usize);
        for h in round.households() {
            total += 1;
            people += h.members.len();
            let choice = StandardChoice::Year(round.year);
            let Ok(c) = classify_with(&h, &standards, &choice, Method::Score, &settings) else {
                failed += 1;
                continue;
            };
            let Some(c) = c.first() else { continue };
            *classes.entry(c.class).or_default() += 1;
            for i in c.deprived() {
                *deprived.entry(i.id.as_str().to_string()).or_default() += 1;
            }
            let before = match h.previous_class {
                Some(PreviousClass::Poor) => "poor",
                Some(PreviousClass::NearPoor) => "near_poor",
                Some(PreviousClass::NotPoor) => "not_poor",
                None => "?",
            };
            *transitions
                .entry((before.to_string(), c.class))
                .or_default() += 1;
        }
        let pct = |k: usize| 100.0 * k as f64 / total.max(1) as f64;
        println!(
            "{}: {total} households, {:.2} people each, {failed} unclassified",
            round.year,
            people as f64 / total.max(1) as f64
        );
        for (class, k) in &classes {
            println!("  {:<10} {:5.1} %", class.as_str(), pct(*k));
        }
        println!("  deprivations:");
        for (id, k) in &deprived {
            println!("    {id:<20} {:5.1} %", pct(*k));
        }
        println!("  previous → now:");
        for ((before, now), k) in &transitions {
            println!("    {before:<10} → {:<10} {k}", now.as_str());
        }
    }
}
