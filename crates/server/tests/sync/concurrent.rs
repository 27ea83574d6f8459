//! Nineteen communes uploading at once (Đồng Văn's communes before the 2025 merger): every
//! batch lands, every outbox empties.

use rasoat_server::ServerConfig;
use rasoat_sync_client::{sync_once_with, sync_state};

use crate::common::*;

const CODES: [&str; 9] = [
    "00712", "00715", "00718", "00721", "00724", "00727", "00730", "00733", "00736",
];

#[test]
fn nineteen_communes_uploading_at_once_all_land() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut communes: Vec<Site> = (0..19)
        .map(|i| {
            let code = CODES[i % CODES.len()];
            let mut site = commune(code);
            enrol_both(&mut site, &mut district);
            let start = i as u64 * 10_000;
            survey(&mut site, code, start..start + 30);
            site
        })
        .collect();
    drop(district);
    let server = start(&path, ServerConfig::default());
    let url = server.url();
    std::thread::scope(|scope| {
        for site in &mut communes {
            let url = url.clone();
            scope.spawn(move || {
                let mut options = quick_options();
                options.pull = false;
                // A pass that meets a busy server is followed by another, as in the field.
                for _ in 0..3 {
                    if sync_once_with(&mut site.store, &url, &options).is_ok() {
                        break;
                    }
                }
            });
        }
    });
    for site in &communes {
        assert_eq!(
            sync_state(&site.store).expect("state").pending_batches,
            0,
            "outbox of {} empty",
            site.id
        );
        assert_eq!(
            entries_at(&path, &site.id),
            site.store.status_vector().expect("status")[&site.id]
        );
    }
    assert_eq!(records_at(&path), 19 * 30);
}
