//! The action log over HTTP: an enumerator's rows reach its commune by file, and the commune's
//! sync pass carries them with its own to the district server, which keeps each row once; the
//! server's pull pages carry none back down.

use rasoat_domain::workflow::Role;
use rasoat_server::ServerConfig;
use rasoat_store::{ActionEvent, OfficeActionFilter, Person, PersonRole, Store};
use rasoat_sync_client::sync_once_with;

use crate::common::*;

fn person(id: &str, name: &str, role: PersonRole) -> Person {
    Person {
        id: id.into(),
        name: name.into(),
        role,
        created_at: AT,
        disabled_at: None,
    }
}

/// (event, person name) of `origin`'s rows held at `path`, oldest first.
fn rows_at(path: &std::path::Path, origin: &str) -> Vec<(String, Option<String>)> {
    let store = Store::open(path).expect("open");
    let mut rows: Vec<_> = store
        .office_actions(&OfficeActionFilter {
            origin: Some(origin.to_string()),
            since: None,
            limit: 1000,
        })
        .expect("rows")
        .into_iter()
        .map(|r| (r.action.event, r.action.person_name))
        .collect();
    rows.reverse();
    rows
}

#[test]
fn a_commune_relays_its_enumerators_log_with_its_own_to_the_server_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut commune = commune("00721");
    let mut enumerator = site_in(
        Store::open_in_memory().expect("store"),
        Role::Enumerator,
        "00721",
    );
    enrol_both(&mut commune, &mut district);
    enrol_both(&mut enumerator, &mut commune);
    drop(district);

    let reviewer = person("p-rsv-9", "Rà soát viên Thử Chín", PersonRole::Reviewer);
    enumerator
        .store
        .record_action(AT + 10, Some(&reviewer), ActionEvent::SignIn, None, 0)
        .expect("row");
    enumerator
        .store
        .record_action(
            AT + 20,
            Some(&reviewer),
            ActionEvent::ExportWithNames,
            Some("danh-sach.xlsx"),
            25,
        )
        .expect("row");
    survey(&mut enumerator, "00721", 0..5);
    let batch =
        rasoat_batch::export_batch(&mut enumerator.store, &commune.id, AT + 100).expect("export");
    let report = rasoat_batch::import_batch(&mut commune.store, &batch, AT + 200).expect("import");
    assert_eq!(report.new_actions, 2);
    let officer = person("p-cbx-9", "Cán bộ xã Thử Mười", PersonRole::CommuneOfficer);
    commune
        .store
        .record_action(
            AT + 300,
            Some(&officer),
            ActionEvent::ReviewDecision,
            Some("ho-thu-0002"),
            1,
        )
        .expect("row");

    let server = start(&path, ServerConfig::default());
    let pass = sync_once_with(&mut commune.store, &server.url(), &quick_options()).expect("sync");
    assert_eq!(pass.batches_exported, 1);
    assert_eq!(
        rows_at(&path, &enumerator.id),
        vec![
            (
                "sign_in".to_string(),
                Some("Rà soát viên Thử Chín".to_string())
            ),
            (
                "export_with_names".to_string(),
                Some("Rà soát viên Thử Chín".to_string())
            ),
        ]
    );
    assert_eq!(
        rows_at(&path, &commune.id),
        vec![(
            "review_decision".to_string(),
            Some("Cán bộ xã Thử Mười".to_string())
        )]
    );

    // New work: the next batch carries only the row written since, and nothing comes back
    // down with the pull.
    commune
        .store
        .record_action(AT + 400, Some(&officer), ActionEvent::SignIn, None, 0)
        .expect("row");
    survey(&mut commune, "00721", 100..103);
    let pass = sync_once_with(&mut commune.store, &server.url(), &quick_options()).expect("sync");
    assert_eq!(pass.batches_exported, 1);
    assert_eq!(rows_at(&path, &enumerator.id).len(), 2);
    assert_eq!(rows_at(&path, &commune.id).len(), 2);
    let mine = commune
        .store
        .office_actions(&OfficeActionFilter {
            origin: None,
            since: None,
            limit: 1000,
        })
        .expect("rows");
    assert_eq!(
        mine.len(),
        4,
        "the commune's own two and the enumerator's two"
    );
}
