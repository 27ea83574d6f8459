//! Fuzz target: the standards.v1 reader (a province's local standard or a correction file,
//! which arrives from outside the release). `Standards::from_json` must refuse bad input with
//! an error; a set it accepts must be usable: selecting by year and classifying the domain's
//! baseline household with each of its standards must not panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rasoat_domain::classify::{classify, classify_with, Method, Settings, StandardChoice};
use rasoat_domain::standard::Standards;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(extra) = Standards::from_json(text) else {
        return;
    };
    let Some(household) = baseline() else {
        return;
    };
    let settings = Settings::default();
    for standard in &extra.standards {
        let _ = standard.applies_to(2024);
        for method in [Method::Score, Method::Income] {
            let _ = classify(&household, standard, method, &settings);
        }
    }
    let mut all = Standards::national();
    let ids: Vec<String> = extra.standards.iter().map(|s| s.id.clone()).collect();
    all.extend(extra);
    for id in ids {
        let _ = classify_with(
            &household,
            &all,
            &StandardChoice::Id(id),
            Method::Score,
            &settings,
        );
    }
    let _ = classify_with(
        &household,
        &all,
        &StandardChoice::Year(2024),
        Method::Score,
        &settings,
    );
});

/// A household every standard can classify (the first shipped example), parsed once.
fn baseline() -> Option<rasoat_domain::Household> {
    static TEXT: &str = include_str!("../../examples/households/01-ngheo-diem-a-90.json");
    static HOUSEHOLD: std::sync::OnceLock<Option<rasoat_domain::Household>> =
        std::sync::OnceLock::new();
    HOUSEHOLD
        .get_or_init(|| rasoat_domain::from_json(TEXT).ok())
        .clone()
}
