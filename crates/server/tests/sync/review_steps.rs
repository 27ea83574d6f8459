//! Review steps over HTTP: the server refuses a tampered enumerator's recognition of its own
//! form with every table unchanged, and an enumerator's correction of a returned form, paged by
//! the server before the commune's return it builds on, is taken by a replaced commune laptop
//! pulling in small pages (the server's page carries the return with it).

use rasoat_domain::workflow::{ReviewAction, ReviewState, Role};
use rasoat_server::ServerConfig;
use rasoat_store::Store;
use rasoat_sync_client::{sync_once_with, SyncOptions};

use crate::common::*;
use crate::hostile_peers::refused_over_http;

/// Household `n` of commune 00721 as `survey` saves it.
fn household(n: u64) -> rasoat_domain::Household {
    let day = "2025-10-01".parse().expect("date");
    rasoat_demo::synthetic::household(n, "02", "00721", "Thôn Thử", 5, day)
}

fn household_id(n: u64) -> String {
    household(n).id.to_string()
}

fn step(site: &mut Site, n: u64, action: ReviewAction) {
    let id = household_id(n);
    let round = site.round.id.clone();
    site.store
        .review(&id, &round, &action, "người thử", "", AT + 2000)
        .expect("step");
}

#[test]
fn the_server_refuses_an_enumerator_s_recognition_of_its_own_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut enumerator = site_in(
        Store::open_in_memory().expect("store"),
        Role::Enumerator,
        "00721",
    );
    enrol_both(&mut enumerator, &mut district);
    drop(district);
    survey(&mut enumerator, "00721", 0..2);
    // A build that ignores the workflow's roles takes the commune's steps on its own form.
    let set_role = |site: &Site, role: &str| {
        site.store
            .sql_for_tests()
            .execute("UPDATE installation SET role = ?1", [role])
            .expect("role");
    };
    set_role(&enumerator, "commune");
    for action in [
        ReviewAction::Complete,
        ReviewAction::Accept,
        ReviewAction::Meeting {
            attendees: 30,
            agreeing: 20,
        },
        ReviewAction::Recognise {
            decision_number: "12/QĐ-UBND".into(),
            decided_on: "2025-12-01".parse().expect("date"),
        },
    ] {
        step(&mut enumerator, 0, action);
    }
    set_role(&enumerator, "enumerator");
    let server = start(&path, ServerConfig::default());
    refused_over_http(&mut enumerator, &server.url(), &path, "batch_refused");
}

#[test]
fn a_correction_paged_before_the_return_it_builds_on_is_pulled_by_a_replaced_laptop() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    // Ids grow with each installation made: the server pages the enumerator's entries before
    // the commune's, so the correction comes before the return it builds on.
    let mut enumerator = site_in(
        Store::open_in_memory().expect("store"),
        Role::Enumerator,
        "00721",
    );
    let mut commune = commune("00721");
    let mut laptop = commune_laptop();
    assert!(enumerator.id < commune.id);
    enrol_both(&mut enumerator, &mut district);
    enrol_both(&mut commune, &mut district);
    enrol_both(&mut laptop, &mut district);
    drop(district);
    let server = start(&path, ServerConfig::default());
    let url = server.url();

    survey(&mut enumerator, "00721", 0..4);
    for n in 0..4 {
        step(&mut enumerator, n, ReviewAction::Complete);
    }
    sync_once_with(&mut enumerator.store, &url, &quick_options()).expect("enumerator syncs");
    sync_once_with(&mut commune.store, &url, &quick_options()).expect("commune pulls");
    for n in [0, 2, 3] {
        step(&mut commune, n, ReviewAction::Accept);
    }
    step(
        &mut commune,
        1,
        ReviewAction::Return {
            comment: "thiếu thông tin / missing answers".into(),
        },
    );
    sync_once_with(&mut commune.store, &url, &quick_options()).expect("commune syncs");
    sync_once_with(&mut enumerator.store, &url, &quick_options()).expect("the return");
    // The enumerator corrects the returned form: it stays returned, built on the return.
    let mut corrected = household(1);
    corrected.surveyed_on = "2025-10-03".parse().expect("date");
    let round = enumerator.round.id.clone();
    enumerator
        .store
        .save_household(&round, &corrected, None, "điều tra viên", AT + 6000)
        .expect("corrected");
    sync_once_with(&mut enumerator.store, &url, &quick_options()).expect("the correction");

    // The commune's replaced laptop pulls everything, two entries a page.
    let paged = SyncOptions {
        pull_page_entries: 2,
        ..quick_options()
    };
    sync_once_with(&mut laptop.store, &url, &paged).expect("every page taken");
    let id = household_id(1);
    let held = laptop
        .store
        .survey_record(&id, &laptop.round.id)
        .expect("the corrected record");
    assert_eq!(held.status, ReviewState::Returned);
    let at_enumerator = enumerator
        .store
        .survey_record(&id, &enumerator.round.id)
        .expect("record");
    assert_eq!(held.content_hash, at_enumerator.content_hash);
}

/// A commune installation made after the others (a replaced laptop of the same commune).
fn commune_laptop() -> Site {
    commune("00721")
}
