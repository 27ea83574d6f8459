//! Prints demo households as compact household.v1 documents, one per line, for the years
//! given: the sample the store's answers dictionary is trained on
//! (`scripts/train-answers-dictionary`): `cargo run -p rasoat-demo --release --example
//! documents -- 2000 7 2022,2024,2026`.

use std::io::Write;

use rasoat_demo::{generate_rounds, DemoSpec};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let n = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(7);
    let years: Vec<i32> = args
        .get(3)
        .map(|s| s.split(',').filter_map(|y| y.parse().ok()).collect())
        .unwrap_or_else(|| vec![2022, 2024, 2026]);
    let spec = DemoSpec::new(n, seed, years.first().copied().unwrap_or(2022));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for round in generate_rounds(&spec, &years) {
        for household in round.households() {
            // Compact, as the store keeps answers (and as batches carry them).
            let json = serde_json::to_string(&household).map_err(std::io::Error::other)?;
            writeln!(out, "{json}")?;
        }
    }
    out.flush()
}
