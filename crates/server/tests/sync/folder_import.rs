//! A folder of batches imported at once (`import_batches`, `rasoat batch import FILES…`): the
//! next file is opened on a second connection while the one before is written, and must
//! still be judged by the store as that one left it.

use rasoat_domain::workflow::Role;
use rasoat_store::Store;

use crate::common::*;
use crate::hostile_peers::{digest, district_in_memory};

#[test]
fn a_folder_holding_a_revocation_and_the_revoked_installations_batch_refuses_the_batch() {
    // `import_batches` opens the next file on a second connection while it writes this one:
    // the enumerator's batch may be opened before the district's revocation is written, and
    // must still be refused once it is.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut district = district_in_memory();
    let mut c = site_in(
        Store::open(dir.path().join("commune.sqlite")).expect("store"),
        Role::Commune,
        "00721",
    );
    let mut e = site_in(
        Store::open_in_memory().expect("store"),
        Role::Enumerator,
        "00721",
    );
    enrol_both(&mut c, &mut district);
    enrol_both(&mut e, &mut c);
    survey(&mut e, "00721", 0..3);
    let file = rasoat_batch::export_batch(&mut e.store, &c.id, AT + 2000).expect("export");
    rasoat_batch::import_batch(&mut c.store, &file, AT + 3000).expect("commune imports");
    let file = rasoat_batch::export_batch(&mut c.store, &district.id, AT + 4000).expect("export");
    rasoat_batch::import_batch(&mut district.store, &file, AT + 5000).expect("district imports");
    rasoat_batch::revoke(&mut district.store, &e.id, "cán bộ huyện", AT + 6000).expect("revoke");
    let revocation =
        rasoat_batch::export_batch(&mut district.store, &c.id, AT + 7000).expect("export");
    survey(&mut e, "00721", 3..5);
    let late = rasoat_batch::export_batch(&mut e.store, &c.id, AT + 7500).expect("export");

    // What the commune holds after the revocation alone, on a copy of its store.
    let copy = dir.path().join("copy.sqlite");
    c.store
        .sql_for_tests()
        .execute("VACUUM INTO ?1", [copy.display().to_string()])
        .expect("copy");
    let mut alone = Store::open(&copy).expect("copy");
    rasoat_batch::import_batch(&mut alone, &revocation, AT + 8000).expect("revocation");

    let folder = vec![
        ("1-huyen.rsbatch".to_string(), revocation),
        ("2-dtv.rsbatch".to_string(), late),
    ];
    let report = rasoat_batch::import_batches(&mut c.store, &folder, AT + 8000).expect("import");
    assert_eq!(report.batches, 1, "{report:?}");
    assert_eq!(report.refused_with_reasons.len(), 1, "{report:?}");
    let (name, reason) = &report.refused_with_reasons[0];
    assert_eq!(name, "2-dtv.rsbatch");
    assert!(
        reason.contains(&e.id),
        "the message names the installation: {reason}"
    );
    // Nothing of the revoked batch is kept: every table as after the revocation alone.
    assert_eq!(digest(&c.store), digest(&alone));
}
