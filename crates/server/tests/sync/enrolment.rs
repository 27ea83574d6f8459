//! What an office may enrol: a card only asks, and an office grants what it asks only within
//! its own units.

use rasoat_batch::{enrol, BatchError};
use rasoat_domain::workflow::Role;

use crate::common::*;
use crate::hostile_peers::{card_claiming, digest, district_in_memory};

/// The card only asks: an office enrols what a card asks only within its own units, since it
/// vouches for what it enrols to everyone it relays to. A card claiming an office above that
/// does not hold the enroller, a unit the enroller does not cover, or another commune's
/// enumerator is refused in plain words, with nothing stored.
#[test]
fn an_office_never_enrols_a_card_beyond_its_units() {
    let mut district = district_in_memory();
    let mut commune_site = commune("00721");
    let cases = [
        (Role::Province, "08", true),
        (Role::Enumerator, "00724", false),
        (Role::Commune, "00724", false),
    ];
    for (role, unit, at_district) in cases {
        let asker = commune("00733");
        let card = card_claiming(&asker, role, unit);
        let receiver = if at_district {
            &mut district
        } else {
            &mut commune_site
        };
        let before = digest(&receiver.store);
        let err = enrol(&mut receiver.store, &card, AT).expect_err("refused");
        assert!(
            matches!(&err, BatchError::EnrolmentNotAllowed { id, unit: u, .. } if *id == asker.id && u == unit),
            "{role:?} {unit}: {err}"
        );
        let text = err.to_string();
        assert!(text.contains(" / ") && text.contains(unit), "{text}");
        assert_eq!(digest(&receiver.store), before, "{role:?} {unit}");
    }
    // Within its units it enrols as before: the district a commune of its own, the commune its
    // district and an enumerator of its own commune.
    let own = commune("00721");
    enrol(&mut district.store, &own.card, AT).expect("a commune of the district");
    enrol(&mut commune_site.store, &district.card, AT).expect("its district");
    let enumerator = card_claiming(&commune("00730"), Role::Enumerator, "00721");
    enrol(&mut commune_site.store, &enumerator, AT).expect("an enumerator of the commune");
}
