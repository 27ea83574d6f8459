//! A certificate's period, enforced by file and by the server: an expired or not-yet-valid
//! certificate, sent or relayed, and a pull page from a server whose enrolment ended.

use rasoat_batch::BatchError;
use rasoat_domain::workflow::Role;
use rasoat_server::ServerConfig;
use rasoat_store::Store;
use rasoat_sync_client::sync_once_with;

use crate::common::*;
use crate::hostile_peers::*;

/// A period from `AT` to the end of 2 October 2025: long past at the server's real clock.
fn two_days() -> rasoat_batch::Validity {
    let day = |s: &str| s.parse::<rasoat_domain::Date>().expect("date");
    rasoat_batch::Validity::between_days(day("2025-10-01"), day("2025-10-02")).expect("period")
}

#[test]
fn an_expired_certificate_is_refused_by_file_sent_or_relayed() {
    const DAY: i64 = 86_400_000;
    // The commune's own enrolment at the district has ended.
    let mut district = district_in_memory();
    let mut a = commune("00721");
    enrol(&mut a.store, &district.card, AT).expect("enrol district");
    let granted = rasoat_batch::enrol_for(&mut district.store, &a.card, AT, two_days())
        .expect("enrol commune");
    assert_eq!(
        granted.validity.days(),
        ("2025-10-01".to_string(), "2025-10-02".to_string())
    );
    survey(&mut a, "00721", 0..3);
    let file = rasoat_batch::export_batch(&mut a.store, &district.id, AT + 2000).expect("export");
    let err = refused_by_file(&mut district, &file, AT + 3 * DAY);
    assert!(
        matches!(&err, BatchError::CertificateExpired { installation, date } if *installation == a.id && date == "2025-10-02"),
        "{err}"
    );
    assert!(err.to_string().contains("hết hạn"), "{err}");
    // Within the period the same file lands; renewed later, the commune sends again.
    rasoat_batch::import_batch(&mut district.store, &file, AT + DAY).expect("in period");

    // An enumerator relayed by a commune whose certificate for it has ended.
    let mut district = district_in_memory();
    let mut c = commune("00721");
    let mut e = site_in(
        Store::open_in_memory().expect("store"),
        Role::Enumerator,
        "00721",
    );
    enrol_both(&mut c, &mut district);
    enrol(&mut e.store, &c.card, AT).expect("enrol commune");
    rasoat_batch::enrol_for(&mut c.store, &e.card, AT, two_days()).expect("enrol enumerator");
    survey(&mut e, "00721", 0..2);
    let file = rasoat_batch::export_batch(&mut e.store, &c.id, AT + 2000).expect("export");
    rasoat_batch::import_batch(&mut c.store, &file, AT + 3000).expect("commune imports");
    let file = rasoat_batch::export_batch(&mut c.store, &district.id, AT + 4000).expect("export");
    let err = refused_by_file(&mut district, &file, AT + 3 * DAY);
    assert!(
        matches!(&err, BatchError::CertificateExpired { installation, .. } if *installation == e.id),
        "{err}"
    );
    // A certificate not yet valid at the receiver's clock is refused the same way.
    let later = rasoat_batch::Validity {
        not_before: AT + 10 * DAY,
        not_after: AT + 20 * DAY,
    };
    rasoat_batch::enrol_for(&mut c.store, &e.card, AT, later).expect("re-enrol");
    let file = rasoat_batch::export_batch(&mut c.store, &district.id, AT + 5000).expect("export");
    let err = refused_by_file(&mut district, &file, AT + 6000);
    assert!(
        matches!(&err, BatchError::CertificateNotYetValid { installation, date } if *installation == e.id && date == "2025-10-11"),
        "{err}"
    );
}

#[test]
fn an_expired_certificate_is_refused_by_the_server() {
    // The district enrolled the commune for two days of October 2025, long past at the
    // server's clock: its sign-in is refused in plain words, and nothing is stored.
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut a = commune("00721");
    enrol(&mut a.store, &district.card, AT).expect("enrol district");
    rasoat_batch::enrol_for(&mut district.store, &a.card, AT, two_days()).expect("enrol");
    drop(district);
    survey(&mut a, "00721", 0..3);
    let server = start(&path, ServerConfig::default());
    let before = server_digest(&path);
    let err = sync_once_with(&mut a.store, &server.url(), &quick_options()).expect_err("refused");
    let text = err.to_string();
    assert!(
        text.contains(&a.id) && text.contains("2025-10-02") && text.contains("hết hạn"),
        "names the installation and the day: {text}"
    );
    assert_eq!(server_digest(&path), before);
    assert_eq!(records_at(&path), 0);
    drop(server);

    // A commune enrolled for good relays an enumerator whose certificate has ended: the
    // server refuses the upload.
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = crate::common::district(dir.path());
    let mut c = commune("00721");
    let mut e = site_in(
        Store::open_in_memory().expect("store"),
        Role::Enumerator,
        "00721",
    );
    let for_good = rasoat_batch::Validity {
        not_before: AT,
        not_after: i64::MAX,
    };
    enrol(&mut c.store, &district.card, AT).expect("enrol district");
    rasoat_batch::enrol_for(&mut district.store, &c.card, AT, for_good).expect("enrol");
    drop(district);
    enrol(&mut e.store, &c.card, AT).expect("enrol commune");
    rasoat_batch::enrol_for(&mut c.store, &e.card, AT, two_days()).expect("enrol enumerator");
    survey(&mut e, "00721", 0..2);
    let file = rasoat_batch::export_batch(&mut e.store, &c.id, AT + 2000).expect("export");
    rasoat_batch::import_batch(&mut c.store, &file, AT + 3000).expect("commune imports");
    let server = start(&path, ServerConfig::default());
    refused_over_http(&mut c, &server.url(), &path, "batch_refused");
    assert_eq!(records_at(&path), 0);
}

#[test]
fn a_pull_page_from_a_server_whose_enrolment_ended_is_refused() {
    // The commune enrolled the district's server for two days of October 2025; the server
    // still knows the commune, but its pages are refused at the commune's clock.
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut a = commune("00721");
    rasoat_batch::enrol_for(&mut a.store, &district.card, AT, two_days()).expect("enrol");
    enrol(&mut district.store, &a.card, AT).expect("enrol commune");
    drop(district);
    let server = start(&path, ServerConfig::default());
    // What the commune sends is its own honest write: send it first, so that the pass below
    // can only change the commune's store through the page it refuses.
    let mut upload = quick_options();
    upload.pull = false;
    sync_once_with(&mut a.store, &server.url(), &upload).expect("upload");
    // Every table but the sync history, which records the failed pass on purpose.
    let kept = |store: &Store| {
        let mut digests = digest(store);
        digests.remove("sync_history");
        digests
    };
    let before = kept(&a.store);
    let err = sync_once_with(&mut a.store, &server.url(), &quick_options()).expect_err("refused");
    let text = err.to_string();
    assert!(
        text.contains("2025-10-02") && text.contains("hết hạn"),
        "names the day: {text}"
    );
    assert_eq!(kept(&a.store), before, "nothing of the page was kept");
    let failed: i64 = a
        .store
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM sync_history WHERE ok = 0", [], |r| {
            r.get(0)
        })
        .expect("count");
    assert_eq!(failed, 1, "the refused pass is in the history");
}
