//! Makes `tests/fixtures/store-v1.sqlite`: a small store as release 0.1.0 (schema 1) writes
//! it, which every later release must still open (tests/store/migrations.rs).
//!
//!     cargo run -p rasoat-store --example make_store_fixture -- crates/store/tests/fixtures/store-v1.sqlite
//!
//! Run it once per released schema, into a new file name; never regenerate an existing
//! fixture. Synthetic households only; fixed timestamps so two runs differ only in random ids.

use rasoat_demo::synthetic;
use rasoat_domain::workflow::{ReviewAction, Role};
use rasoat_store::{RoundKind, Store, SurveyResult};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .ok_or("usage: make_store_fixture OUT.sqlite")?;
    if std::path::Path::new(&out).exists() {
        return Err(format!("{out} exists: fixtures are never regenerated").into());
    }
    let at = 1_759_305_600_000; // 2025-10-01 08:00 UTC
    let mut store = Store::open(&out)?;
    store.load_reference_units()?;
    store.init_installation(Role::Commune, "00721", "cán bộ thử", at)?;
    let round_2024 = store.open_round(
        2024,
        RoundKind::Periodic,
        None,
        "nd07-2021",
        "cán bộ thử",
        at,
    )?;
    let round_2025 = store.open_round(
        2025,
        RoundKind::Periodic,
        None,
        "nd07-2021",
        "cán bộ thử",
        at + 1,
    )?;
    let result = SurveyResult {
        standard_id: "nd07-2021".into(),
        method: "score".into(),
        class: "poor".into(),
        score_a: Some(95),
        score_b: Some(40),
        deprived: vec!["housing_area".into(), "water".into()],
        phieu_a: None,
    };
    let day = |s: &str| s.parse::<rasoat_domain::Date>();
    for n in 1..=3u64 {
        let then = synthetic::household(
            n,
            "02",
            "00739",
            "Thôn Tả Phìn (thử)",
            4,
            day("2024-10-15")?,
        );
        store.save_household(
            &round_2024.id,
            &then,
            Some(&result),
            "rà soát viên thử",
            at + 10,
        )?;
        let now = synthetic::household(
            n,
            "08",
            "00721",
            "Thôn Tả Phìn (thử)",
            5,
            day("2025-10-15")?,
        );
        store.save_household(
            &round_2025.id,
            &now,
            Some(&result),
            "rà soát viên thử",
            at + 20,
        )?;
    }
    let first = synthetic::household(1, "08", "00721", "", 5, day("2025-10-15")?)
        .id
        .to_string();
    let steps = [
        ReviewAction::Complete,
        ReviewAction::Accept,
        ReviewAction::Meeting {
            attendees: 32,
            agreeing: 25,
        },
        ReviewAction::Recognise {
            decision_number: "125/QĐ-UBND".into(),
            decided_on: day("2025-12-10")?,
        },
        ReviewAction::Report,
    ];
    for (i, step) in steps.iter().enumerate() {
        store.review(
            &first,
            &round_2025.id,
            step,
            "cán bộ thử",
            "quy trình thử",
            at + 30 + i as i64,
        )?;
    }
    // One file, no WAL beside it: check the journal into the main file and leave WAL mode.
    store
        .sql_for_tests()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
    println!("wrote {out}");
    Ok(())
}
