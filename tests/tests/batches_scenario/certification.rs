//! An installation holds the certificate the office that enrolled it issues with its batches:
//! the office and unit it is certified for, the period granted and who granted it. It is kept
//! as the installation's own (never as a peer), only an office that may vouch issues one, a
//! period that ended is shown rather than a reason to refuse the office's batch, and a store
//! made a new installation drops it (it certified the old id).

use rasoat_batch::{export_batch, import_batch, own_certificates, own_certification, Validity};
use rasoat_domain::workflow::Role;

use crate::support::{date, site, survey, AT};

#[test]
fn the_office_batch_carries_the_recipients_certificate_kept_as_its_own() {
    let mut commune = site(Role::Commune, "00721");
    let mut enumerator = site(Role::Enumerator, "00721");
    let granted = Validity::between_days(date("2025-09-01"), date("2026-08-31")).expect("period");
    rasoat_batch::enrol_for(&mut commune.store, &enumerator.card, AT, granted).expect("enrol");
    rasoat_batch::enrol(&mut enumerator.store, &commune.card, AT).expect("enrol");
    assert_eq!(
        own_certification(&enumerator.store).expect("read"),
        None,
        "nothing certified before the office's first batch"
    );

    // Up: an enumerator vouches for nobody, so the commune receives no certificate of its own.
    survey(&mut enumerator, "00721", 0..2);
    let up = export_batch(&mut enumerator.store, &commune.id, AT + 2_000).expect("up");
    import_batch(&mut commune.store, &up, AT + 3_000).expect("import up");
    assert!(own_certificates(&commune.store).expect("read").is_empty());

    // Down: the commune's batch certifies the enumerator for what and how long it granted.
    let down = export_batch(&mut commune.store, &enumerator.id, AT + 4_000).expect("down");
    import_batch(&mut enumerator.store, &down, AT + 5_000).expect("import down");
    let own = own_certification(&enumerator.store)
        .expect("read")
        .expect("certified");
    assert_eq!(own.issuer, commune.id);
    assert_eq!(own.card.installation, enumerator.id);
    assert_eq!(own.card.role, "enumerator");
    assert_eq!(own.card.unit_code, "00721");
    assert_eq!(own.validity, Some(granted));
    assert!(
        rasoat_batch::peers(&enumerator.store)
            .expect("peers")
            .iter()
            .all(|p| p.installation_id() != enumerator.id),
        "an installation is never its own peer"
    );

    // The commune shortens the period to one that has ended: its next batch still imports,
    // and the enumerator now holds the ended period to show.
    let ended = Validity {
        not_before: AT,
        not_after: AT + 10_000,
    };
    rasoat_batch::enrol_for(&mut commune.store, &enumerator.card, AT, ended).expect("shorten");
    survey(&mut commune, "00721", 10..11);
    let later = export_batch(&mut commune.store, &enumerator.id, AT + 20_000).expect("later");
    import_batch(&mut enumerator.store, &later, AT + 30_000)
        .expect("an ended certificate of the receiver's own is no refusal");
    let own = own_certification(&enumerator.store)
        .expect("read")
        .expect("certified");
    assert_eq!(own.validity, Some(ended));
    assert_eq!(own_certificates(&enumerator.store).expect("read").len(), 1);

    // Made a new installation, the store no longer holds what certified the old id.
    rasoat_batch::become_new_installation(&mut enumerator.store, AT + 40_000).expect("new");
    assert!(own_certificates(&enumerator.store)
        .expect("read")
        .is_empty());
}
