//! Shared setup: installations in memory with their keys, enrolment both ways, synthetic
//! households, and digests of a store's tables to prove a refused batch changed nothing.

use std::collections::BTreeMap;

use rasoat_demo::synthetic;
use rasoat_domain::workflow::Role;
use rasoat_domain::{Date, Household};
use rasoat_store::{Round, RoundKind, Store, SurveyResult};

/// A fixed instant (2025-10-01 08:00 UTC); tests never read the clock.
pub const AT: i64 = 1_759_305_600_000;

/// One installation: its store, id and identity card file.
pub struct Site {
    pub store: Store,
    pub id: String,
    pub card: Vec<u8>,
    pub round: Round,
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Site({})", self.id)
    }
}

/// Every scenario ends with each installation's household list in step with its records: the
/// list's own tables (migration 0028) are written by the store's write paths, and each
/// scenario runs some of them (imports, conflicts and their resolution, transfers, review
/// steps, reclassification). Not checked while a test is already failing.
impl Drop for Site {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            assert_eq!(
                self.store.household_list_mismatches().expect("list check"),
                0,
                "the household list of {} differs from its records",
                self.id
            );
        }
    }
}

/// A fresh installation of `role` serving `unit`, with the 2025 periodic round open and keys.
pub fn site(role: Role, unit: &str) -> Site {
    let mut store = Store::open_in_memory().expect("store");
    store.load_reference_units().expect("units");
    let installation = store
        .init_installation(role, unit, "cán bộ thử", AT)
        .expect("init");
    let round = store
        .open_round(
            2025,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "cán bộ thử",
            AT,
        )
        .expect("round");
    let identity = rasoat_batch::ensure_identity(&mut store, AT).expect("keys");
    let card = identity
        .card(&store)
        .expect("card")
        .to_file_bytes()
        .expect("card bytes");
    Site {
        store,
        id: installation.id,
        card,
        round,
    }
}

/// Each side enrols the other's card (batches go up, receipts come back).
pub fn enrol_both(a: &mut Site, b: &mut Site) {
    rasoat_batch::enrol(&mut a.store, &b.card, AT).expect("enrol");
    rasoat_batch::enrol(&mut b.store, &a.card, AT).expect("enrol");
}

pub fn date(text: &str) -> Date {
    text.parse().expect("test date")
}

/// Synthetic household `n` of commune `commune`.
pub fn household(n: u64, commune: &str) -> Household {
    synthetic::household(n, "02", commune, "Thôn Thử", 4, date("2025-10-01"))
}

/// The class an enumerator records for household `n` (the store keeps what it is given).
pub fn class_of(n: u64) -> &'static str {
    match n % 4 {
        0 => "poor",
        1 => "near_poor",
        2 => "middle",
        _ => "other",
    }
}

pub fn result(class: &str) -> SurveyResult {
    SurveyResult {
        standard_id: "nd07-2021".into(),
        method: "score".into(),
        class: class.into(),
        score_a: Some(120),
        score_b: Some(2),
        deprived: vec![],
        phieu_a: None,
    }
}

/// Saves households `range` at `site`, each with its class.
pub fn survey(site: &mut Site, commune: &str, range: std::ops::Range<u64>) {
    let households: Vec<_> = range
        .map(|n| (household(n, commune), Some(result(class_of(n)))))
        .collect();
    site.store
        .save_households(&site.round.id, &households, "điều tra viên", AT + 1000)
        .expect("save");
}

/// The store's digest of each listed table (every table when `tables` is empty), by name.
pub fn digest_tables(store: &Store, tables: &[&str]) -> BTreeMap<String, String> {
    let all = store.table_digests().expect("table digests");
    if tables.is_empty() {
        return all;
    }
    tables
        .iter()
        .map(|t| {
            let digest = all.get(*t).unwrap_or_else(|| panic!("no table {t}"));
            (t.to_string(), digest.clone())
        })
        .collect()
}

/// Every table: a refused batch must leave this unchanged.
pub fn digest_all(store: &Store) -> BTreeMap<String, String> {
    digest_tables(store, &[])
}

/// The merged state that must not depend on delivery order.
pub fn digest_state(store: &Store) -> BTreeMap<String, String> {
    digest_tables(
        store,
        &[
            "journal",
            "answers",
            "household",
            "survey_record",
            "record_summary",
            "record_conflict",
            "opening_review",
        ],
    )
}

/// (household id, class) of every record of `round`, sorted.
pub fn classes(store: &Store, round_id: &str) -> Vec<(String, String)> {
    store
        .sql_for_tests()
        .prepare(
            "SELECT household_id, COALESCE(class, '') FROM survey_record WHERE round_id = ?1
             ORDER BY household_id",
        )
        .expect("select")
        .query_map([round_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// A build that ignores the workflow's roles: the enumerator's store acts as a commune for the
/// steps `act` takes, then says it is an enumerator again, so its entries are the enumerator's
/// own, signed by its key, exactly as a modified app would write them.
pub fn as_tampered_build(enumerator: &mut Site, act: impl FnOnce(&mut Site)) {
    let set_role = |site: &Site, role: &str| {
        site.store
            .sql_for_tests()
            .execute("UPDATE installation SET role = ?1", [role])
            .expect("role");
    };
    set_role(enumerator, "commune");
    act(enumerator);
    set_role(enumerator, "enumerator");
}
