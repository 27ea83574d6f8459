//! The pull comes in pages, each imported in its own transaction, with the puller's receipt as
//! the cursor: a pull cut on its way down keeps the pages already imported, and the next pass
//! fetches only the rest; nothing arrives twice.

use rasoat_server::ServerConfig;
use rasoat_sync_client::{sync_once_with, SyncOptions};

use crate::common::*;
use crate::proxy::{Fault, Proxy};

fn count(store: &rasoat_store::Store, sql: &str) -> i64 {
    store
        .sql_for_tests()
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

#[test]
fn a_pull_cut_on_its_way_down_resumes_after_the_pages_imported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut server_site) = district(dir.path());
    let mut commune = commune("00721");
    enrol_both(&mut commune, &mut server_site);
    let mut desktop = site_in(
        rasoat_store::Store::open_in_memory().expect("store"),
        rasoat_domain::workflow::Role::District,
        "026",
    );
    enrol_both(&mut desktop, &mut server_site);
    let server_id = server_site.id.clone();
    drop(server_site);
    survey(&mut commune, "00721", 0..300);
    let server = start(&path, ServerConfig::default());
    // The desktop's own work is at the server already: what follows is only the pull.
    sync_once_with(&mut desktop.store, &server.url(), &quick_options()).expect("desktop sync");
    sync_once_with(&mut commune.store, &server.url(), &quick_options()).expect("commune sync");
    // Each pulled page carries the puller's own certificate from the server that enrolled it.
    for (site, role, unit) in [
        (&commune, "commune", "00721"),
        (&desktop, "district", "026"),
    ] {
        let own = rasoat_batch::own_certification(&site.store)
            .expect("read")
            .unwrap_or_else(|| panic!("{role} certified by the server"));
        assert_eq!(own.issuer, server_id);
        assert_eq!(
            (own.card.role.as_str(), own.card.unit_code.as_str()),
            (role, unit)
        );
        assert!(own.validity.is_some(), "with the period the server granted");
    }
    let commune_entries = commune.store.status_vector().expect("status")[&commune.id];

    // Pages of 40 entries; the link dies in the middle of the pull: the requests' connection
    // passes, the pull's own (the client keeps one for slow answers) is cut after 40 KB on its
    // way down, and every later one is refused.
    let paged = SyncOptions {
        pull_page_entries: 40,
        attempts: 2,
        ..quick_options()
    };
    let plan = [Fault::CutAfter(u64::MAX), Fault::CutDownAfter(40_000)]
        .into_iter()
        .chain(std::iter::repeat_n(Fault::Refuse, 30))
        .collect();
    let proxy = Proxy::start(server.addr, plan);
    let cut = sync_once_with(&mut desktop.store, &proxy.url(), &paged);
    assert!(cut.is_err(), "the pull was cut");
    let first = count(&desktop.store, "SELECT COUNT(*) FROM survey_record");
    assert!(
        first > 0 && first < 300,
        "some pages landed before the cut, not all: {first}"
    );
    let pages_before = count(&desktop.store, "SELECT COUNT(*) FROM sync_batch");

    let rest = sync_once_with(&mut desktop.store, &server.url(), &paged).expect("second pass");
    assert_eq!(
        rest.records_pulled as i64,
        300 - first,
        "only what the first pass did not bring"
    );
    assert!(rest.batches_pulled > 1, "in pages: {}", rest.batches_pulled);
    assert_eq!(
        count(&desktop.store, "SELECT COUNT(*) FROM sync_batch") - pages_before,
        rest.batches_pulled as i64
    );
    assert_eq!(
        count(&desktop.store, "SELECT COUNT(*) FROM survey_record"),
        300
    );
    let held: i64 = desktop
        .store
        .sql_for_tests()
        .query_row(
            "SELECT COUNT(*) FROM journal WHERE origin = ?1",
            [&commune.id],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(held, commune_entries, "every entry once");
    let again = sync_once_with(&mut desktop.store, &server.url(), &paged).expect("third pass");
    assert_eq!(again.batches_pulled, 0, "nothing left");
}

/// An enumerator whose laptop got its round from the commune: its records name a round whose
/// creation is another origin's entry. A page cut before that entry would leave the puller
/// unable to apply them, so the page carries the round's creation with them.
#[test]
fn a_page_carries_the_round_its_records_name_from_another_origin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut server_site) = district(dir.path());
    let mut commune = commune("00721");
    enrol_both(&mut commune, &mut server_site);
    // The enumerator's id sorts before every other, so a page takes its entries first.
    let mut enumerator_store = rasoat_store::Store::open_in_memory().expect("store");
    enumerator_store.load_reference_units().expect("units");
    let enumerator_id = enumerator_store
        .init_installation_with_id(
            "00000000-0000-7000-8000-000000000001",
            rasoat_domain::workflow::Role::Enumerator,
            "00721",
            "test",
            AT,
        )
        .expect("init")
        .id;
    let identity = rasoat_batch::ensure_identity(&mut enumerator_store, AT).expect("identity");
    let enumerator_card = identity
        .card(&enumerator_store)
        .expect("card")
        .to_file_bytes()
        .expect("card bytes");
    enrol(&mut enumerator_store, &commune.card, AT).expect("enrol commune");
    enrol(&mut commune.store, &enumerator_card, AT).expect("enrol enumerator");
    // The round comes from the commune; the enumerator surveys in it.
    let to_enumerator =
        rasoat_batch::export_batch(&mut commune.store, &enumerator_id, AT).expect("export");
    rasoat_batch::import_batch(&mut enumerator_store, &to_enumerator, AT).expect("import round");
    let day: rasoat_domain::Date = "2025-10-01".parse().expect("date");
    let households: Vec<_> = (0..60)
        .map(|n| {
            (
                rasoat_demo::synthetic::household(n, "02", "00721", "Thôn Thử", 5, day),
                None,
            )
        })
        .collect();
    enumerator_store
        .save_households(&commune.round.id, &households, "điều tra viên", AT + 1000)
        .expect("save in the commune's round");
    let to_commune = rasoat_batch::export_batch(&mut enumerator_store, &commune.id, AT)
        .expect("export to commune");
    rasoat_batch::import_batch(&mut commune.store, &to_commune, AT).expect("commune imports");

    let mut desktop = site_in(
        rasoat_store::Store::open_in_memory().expect("store"),
        rasoat_domain::workflow::Role::District,
        "026",
    );
    enrol_both(&mut desktop, &mut server_site);
    // The server knows the enumerator's card itself, so it vouches for it to the desktop (a
    // certificate of the commune's would need the desktop to know the commune: not so today).
    enrol(&mut server_site.store, &enumerator_card, AT).expect("enrol enumerator");
    drop(server_site);
    let server = start(&path, ServerConfig::default());
    sync_once_with(&mut desktop.store, &server.url(), &quick_options()).expect("desktop sync");
    sync_once_with(&mut commune.store, &server.url(), &quick_options()).expect("commune sync");
    assert!(enumerator_id < commune.id && enumerator_id < desktop.id);

    let paged = SyncOptions {
        pull_page_entries: 10,
        ..quick_options()
    };
    let pulled = sync_once_with(&mut desktop.store, &server.url(), &paged).expect("paged pull");
    assert!(
        pulled.batches_pulled > 1,
        "in pages: {}",
        pulled.batches_pulled
    );
    assert_eq!(
        count(&desktop.store, "SELECT COUNT(*) FROM survey_record"),
        60
    );
}

/// Enumerators, their commune and the server, after the relay: the enumerators handed their
/// batches to the commune on a stick and the commune synced, so the server knows the
/// enumerators only through the commune's certificates. Also a district desktop that enrolled
/// the server, and the commune's card too when `desktop_enrols_commune`.
struct Relayed {
    _dir: tempfile::TempDir,
    server: Running,
    commune: Site,
    enumerators: Vec<Site>,
    desktop: Site,
}

fn relayed(desktop_enrols_commune: bool) -> Relayed {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut server_site) = district(dir.path());
    let mut commune = commune("00721");
    enrol_both(&mut commune, &mut server_site);
    let mut enumerators: Vec<Site> = (0..2)
        .map(|_| {
            site_in(
                rasoat_store::Store::open_in_memory().expect("store"),
                rasoat_domain::workflow::Role::Enumerator,
                "00721",
            )
        })
        .collect();
    for enumerator in &mut enumerators {
        enrol_both(enumerator, &mut commune);
    }
    survey(&mut enumerators[0], "00721", 0..30);
    survey(&mut enumerators[1], "00721", 30..50);
    survey(&mut commune, "00721", 50..55);

    // Enumerators → commune by file: the server never hears of the enumerators themselves.
    for enumerator in &mut enumerators {
        let stick = rasoat_batch::export_batch(&mut enumerator.store, &commune.id, AT + 2000)
            .expect("export to commune");
        rasoat_batch::import_batch(&mut commune.store, &stick, AT + 3000).expect("commune imports");
    }
    let mut desktop = site_in(
        rasoat_store::Store::open_in_memory().expect("store"),
        rasoat_domain::workflow::Role::District,
        "026",
    );
    enrol_both(&mut desktop, &mut server_site);
    if desktop_enrols_commune {
        enrol(&mut desktop.store, &commune.card, AT).expect("enrol commune");
    }
    drop(server_site);
    let peers = rasoat_batch::peers(&desktop.store).expect("peers");
    for enumerator in &enumerators {
        assert!(
            !peers.iter().any(|p| p.installation_id() == enumerator.id),
            "the desktop never enrolled the enumerators"
        );
    }

    let server = start(&path, ServerConfig::default());
    sync_once_with(&mut commune.store, &server.url(), &quick_options()).expect("commune sync");
    for enumerator in &enumerators {
        assert_eq!(
            entries_at(&path, &enumerator.id),
            enumerator.store.status_vector().expect("status")[&enumerator.id],
            "the server holds the relayed entries"
        );
    }
    Relayed {
        _dir: dir,
        server,
        commune,
        enumerators,
        desktop,
    }
}

/// The field's setup (the district enrols the communes' cards): the district desktop
/// enrolled the server and the commune. The server forwards the commune's certificates for the
/// enumerators; the desktop accepts them because it enrolled their issuer, and ends with every
/// household exactly once.
#[test]
fn a_desktop_that_enrolled_the_commune_pulls_entries_relayed_through_it() {
    let Relayed {
        _dir,
        server,
        commune,
        enumerators,
        mut desktop,
    } = relayed(true);
    let paged = SyncOptions {
        pull_page_entries: 15,
        ..quick_options()
    };
    let pulled = sync_once_with(&mut desktop.store, &server.url(), &paged).expect("desktop pull");
    assert!(
        pulled.batches_pulled > 1,
        "in pages: {}",
        pulled.batches_pulled
    );
    assert_eq!(
        count(&desktop.store, "SELECT COUNT(*) FROM survey_record"),
        55
    );
    for n in 0..55u64 {
        let day: rasoat_domain::Date = "2025-10-01".parse().expect("date");
        let id = rasoat_demo::synthetic::household(n, "02", "00721", "Thôn Thử", 5, day)
            .id
            .to_string();
        let held: i64 = desktop
            .store
            .sql_for_tests()
            .query_row(
                "SELECT COUNT(*) FROM survey_record WHERE household_id = ?1",
                [&id],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(held, 1, "household {n} exactly once");
    }
    // The enumerators' entries reach the desktop as they wrote them, vouched for by the commune.
    for enumerator in &enumerators {
        let theirs = enumerator
            .store
            .journal_since(&enumerator.id, 0)
            .expect("journal");
        let held = desktop
            .store
            .journal_since(&enumerator.id, 0)
            .expect("journal");
        assert_eq!(theirs, held, "relayed byte for byte");
        let vouched = rasoat_batch::peers(&desktop.store)
            .expect("peers")
            .into_iter()
            .find(|p| p.installation_id() == enumerator.id)
            .and_then(|p| p.enrolled_by);
        assert_eq!(
            vouched,
            Some(commune.id.clone()),
            "vouched for by the commune"
        );
    }
    let again = sync_once_with(&mut desktop.store, &server.url(), &paged).expect("second pass");
    assert_eq!(again.batches_pulled, 0, "nothing left");
}

/// A desktop that enrolled only the server reads the entries relayed through a commune: the
/// server's certificate vouches for the commune, the commune's for its enumerators, and the
/// desktop checks the chain link by link.
#[test]
fn a_desktop_that_enrolled_only_the_server_reads_entries_relayed_through_a_commune() {
    let Relayed {
        _dir,
        server,
        commune,
        enumerators,
        mut desktop,
    } = relayed(false);
    sync_once_with(&mut desktop.store, &server.url(), &quick_options()).expect("desktop pull");
    assert_eq!(
        count(&desktop.store, "SELECT COUNT(*) FROM survey_record"),
        55
    );
    let peers = rasoat_batch::peers(&desktop.store).expect("peers");
    let issuer_of = |id: &str| {
        peers
            .iter()
            .find(|p| p.installation_id() == id)
            .and_then(|p| p.enrolled_by.clone())
    };
    assert!(
        issuer_of(&commune.id).is_some(),
        "the commune, vouched for by the server"
    );
    for enumerator in &enumerators {
        assert_eq!(issuer_of(&enumerator.id), Some(commune.id.clone()));
        assert_eq!(
            enumerator
                .store
                .journal_since(&enumerator.id, 0)
                .expect("journal"),
            desktop
                .store
                .journal_since(&enumerator.id, 0)
                .expect("journal"),
            "relayed byte for byte"
        );
    }
}
