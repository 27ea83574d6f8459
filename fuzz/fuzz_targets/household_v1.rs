//! Fuzz target: the household.v1 reader and everything that runs on what it accepts.
//! `from_json` must refuse bad input with an error, and a household it accepts must go
//! through `validate` and `classify` under every national standard, by both methods, without
//! a panic (arithmetic overflow included: the fuzz profile keeps overflow checks on).

#![no_main]

use libfuzzer_sys::fuzz_target;
use rasoat_domain::classify::{classify, classify_with, Method, Settings, StandardChoice};
use rasoat_domain::standard::Standards;
use rasoat_domain::validate::validate;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(household) = rasoat_domain::from_json(text) else {
        return;
    };
    let _ = validate(&household);
    // Written back and read again, a household must round-trip (the store keeps the JSON).
    let again = rasoat_domain::from_json(&rasoat_domain::to_json(&household));
    assert!(
        again.is_ok(),
        "to_json output must be readable by from_json"
    );
    let standards = Standards::national();
    let settings = Settings::default();
    for standard in &standards.standards {
        for method in [Method::Score, Method::Income] {
            let _ = classify(&household, standard, method, &settings);
        }
    }
    let year = household.surveyed_on.year();
    let _ = classify_with(
        &household,
        &standards,
        &StandardChoice::Year(year),
        Method::Score,
        &settings,
    );
});
