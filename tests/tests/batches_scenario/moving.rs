//! A commune laptop moved to a new machine by a move file stays the same installation for the
//! district: its next batch continues the seq under the same keys and is accepted with no
//! fork; the old laptop can no longer export; the move is in both action logs, and the
//! district's audit names the commune the rows came from.

use std::path::Path;

use rasoat_batch::{export_batch, import_batch, BatchError};
use rasoat_domain::workflow::Role;
use rasoat_store::{
    ActionEvent, KdfParams, MoveCost, MovePassphrase, OfficeActionFilter, Person, RoundKind, Store,
    StoreError,
};

use crate::support::{household, result, site, AT};

const CHEAP: KdfParams = KdfParams {
    m_kib: 1024,
    t: 1,
    p: 1,
};

const PASSPHRASE: &str = "đèo Mã Pì Lèng trong sương sớm";

struct Laptop {
    store: Store,
    administrator: Person,
    round_id: String,
    card: Vec<u8>,
}

/// An encrypted commune laptop of xã 00721 at `path`, with keys and the 2025 round.
fn commune_laptop(path: &Path) -> Laptop {
    let protected = Store::protect(path, "Quản trị xã thử", "246810", CHEAP, AT).expect("protect");
    let mut store = protected.store;
    store.load_reference_units().expect("units");
    store
        .init_installation(Role::Commune, "00721", &protected.administrator.actor(), AT)
        .expect("init");
    let round = store
        .open_round(2025, RoundKind::Periodic, None, "nd07-2021", "thử", AT)
        .expect("round");
    let identity = rasoat_batch::ensure_identity(&mut store, AT).expect("keys");
    let card = identity
        .card(&store)
        .expect("card")
        .to_file_bytes()
        .expect("card bytes");
    Laptop {
        store,
        administrator: protected.administrator,
        round_id: round.id,
        card,
    }
}

fn survey(store: &mut Store, round_id: &str, range: std::ops::Range<u64>, at: i64) {
    let households: Vec<_> = range
        .map(|n| (household(n, "00721"), Some(result("poor"))))
        .collect();
    store
        .save_households(round_id, &households, "điều tra viên", at)
        .expect("save");
}

#[test]
fn a_moved_laptop_keeps_sending_to_its_district_as_the_same_installation() {
    let dir = tempfile::tempdir().expect("dir");
    let mut laptop = commune_laptop(&dir.path().join("xa.sqlite"));
    let laptop_id = laptop.store.installation().expect("installation").id;
    let mut district = site(Role::District, "026");
    rasoat_batch::enrol(&mut laptop.store, &district.card, AT).expect("enrol district");
    rasoat_batch::enrol(&mut district.store, &laptop.card, AT).expect("enrol laptop");

    survey(&mut laptop.store, &laptop.round_id, 1..4, AT + 1000);
    let first = export_batch(&mut laptop.store, &district.id, AT + 2000).expect("export");
    import_batch(&mut district.store, &first, AT + 3000).expect("import");
    // The district's receipt reaches the laptop before it moves: the moved store knows what
    // the district holds, as the old one did.
    let receipt =
        rasoat_batch::export_receipt(&mut district.store, &laptop_id, AT + 3500).expect("receipt");
    rasoat_batch::import_receipt(&mut laptop.store, &receipt).expect("import receipt");

    let file = dir.path().join("xa.rasoat-move");
    let passphrase = MovePassphrase::new(PASSPHRASE).expect("passphrase");
    let by = laptop.administrator.clone();
    let cost = MoveCost {
        scrypt_log_n: Some(10),
    };
    laptop
        .store
        .move_out(&by, &file, &passphrase, cost, AT + 4000)
        .expect("move out");
    let refused = export_batch(&mut laptop.store, &district.id, AT + 4500).expect_err("moved");
    assert!(
        matches!(
            refused,
            BatchError::Store(StoreError::InstallationMoved { .. })
        ),
        "{refused:?}"
    );

    let new_dir = tempfile::tempdir().expect("new machine");
    let moved = Store::move_in(
        &file,
        &new_dir.path().join("xa.sqlite"),
        &passphrase,
        AT + 5000,
    )
    .expect("move in");
    let mut store = moved.store;
    assert_eq!(store.installation().expect("installation").id, laptop_id);
    let sent_seq = district
        .store
        .status_vector()
        .expect("status")
        .get(&laptop_id)
        .copied()
        .expect("district holds the laptop's entries");

    survey(&mut store, &laptop.round_id, 4..6, AT + 6000);
    let next = export_batch(&mut store, &district.id, AT + 7000).expect("export after the move");
    let report = import_batch(&mut district.store, &next, AT + 8000)
        .expect("the district accepts the moved laptop's batch: no fork");
    assert_eq!(report.new, 2, "{report:?}");
    assert_eq!(
        report.duplicates, 0,
        "what the district acknowledged is not sent again: {report:?}"
    );
    let held = district
        .store
        .status_vector()
        .expect("status")
        .get(&laptop_id)
        .copied()
        .expect("held");
    let own = store
        .status_vector()
        .expect("status")
        .get(&laptop_id)
        .copied()
        .expect("own");
    assert!(
        held > sent_seq,
        "the seq continued: {held} after {sent_seq}"
    );
    assert_eq!(
        held, own,
        "the district holds every entry of the moved laptop"
    );

    // The arrival travelled up with the batch; the district names the commune it came from.
    let rows = district
        .store
        .office_actions(&OfficeActionFilter {
            origin: Some(laptop_id.clone()),
            since: None,
            limit: 100,
        })
        .expect("rows");
    let arrival = rows
        .iter()
        .find(|r| r.action.event == ActionEvent::MovedIn.as_str())
        .expect("the arrival reached the district");
    let unit = arrival
        .origin_unit
        .as_ref()
        .expect("the district knows the card");
    assert_eq!(unit.code, "00721");
    assert!(unit.name.is_some(), "the reference units name the commune");
    // The old laptop logged the move too.
    let own_rows = laptop
        .store
        .office_actions(&OfficeActionFilter {
            origin: None,
            since: None,
            limit: 100,
        })
        .expect("rows");
    assert!(own_rows
        .iter()
        .any(|r| r.action.event == ActionEvent::MovedOut.as_str()));
}
