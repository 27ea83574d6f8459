//! The golden batch is not committed yet (see docs/batch-format.md, "Golden file"): this
//! module only checks that the documented file layout starts as the writer writes it.

use rasoat_domain::workflow::Role;

use crate::support::{enrol_both, site, survey, AT};

#[test]
fn a_batch_starts_with_the_documented_magic_and_version() {
    let mut enumerator = site(Role::Enumerator, "00721");
    let mut commune = site(Role::Commune, "00721");
    enrol_both(&mut enumerator, &mut commune);
    survey(&mut enumerator, "00721", 0..1);
    let batch = rasoat_sync::export_batch(&mut enumerator.store, &commune.id, AT).expect("batch");
    assert_eq!(&batch[..8], b"RASOATBT");
    assert_eq!(&batch[8..10], &1u16.to_be_bytes());
}
