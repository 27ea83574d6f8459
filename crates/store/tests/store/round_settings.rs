//! A household's region is the same on every installation of its round: from the round's
//! settings and the shipped commune cross-reference, never from a unit list one installation
//! loaded; and the statistics office's lists load with their successions.

use rasoat_domain::classify::{classify, Method, Settings};
use rasoat_domain::round_settings::set;
use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::Role;
use rasoat_domain::Household;
use rasoat_store::Store;

use crate::support::{household, store_with_role, AT};

/// Two former provinces of different regions with one district and one commune each, and the
/// new Lâm Đồng's two communes: one made of the Đắk Nông commune alone, one of both.
const UNITS: &str = "
INSERT INTO admin_unit (code, valid_from, valid_to, name, level, kind, parent_code, source) VALUES
  ('67', '2004-01-01', '2025-06-30', 'Tỉnh Đắk Nông', 'province', 'Tỉnh', NULL, 'thử'),
  ('60', '2004-01-01', '2025-06-30', 'Tỉnh Bình Thuận', 'province', 'Tỉnh', NULL, 'thử'),
  ('68', '2025-07-01', NULL, 'Tỉnh Lâm Đồng', 'province', 'Tỉnh', NULL, 'thử'),
  ('991', '2004-01-01', '2025-06-30', 'Huyện Thử Một', 'district', 'Huyện', '67', 'thử'),
  ('992', '2004-01-01', '2025-06-30', 'Huyện Thử Hai', 'district', 'Huyện', '60', 'thử'),
  ('99901', '2004-01-01', '2025-06-30', 'Xã Thử Một', 'commune', 'Xã', '991', 'thử'),
  ('99902', '2004-01-01', '2025-06-30', 'Xã Thử Hai', 'commune', 'Xã', '992', 'thử'),
  ('99910', '2025-07-01', NULL, 'Xã Thử Mới', 'commune', 'Xã', '68', 'thử'),
  ('99920', '2025-07-01', NULL, 'Xã Thử Ghép', 'commune', 'Xã', '68', 'thử'),
  ('22963', '2025-07-01', NULL, 'Xã Tuyên Quang', 'commune', 'Xã', '68', 'thử');
INSERT INTO admin_unit_succession
  (old_code, old_valid_from, new_code, new_valid_from, effective_on, basis) VALUES
  ('99901', '2004-01-01', '99910', '2025-07-01', '2025-07-01', 'thử'),
  ('99901', '2004-01-01', '99920', '2025-07-01', '2025-07-01', 'thử'),
  ('99902', '2004-01-01', '99920', '2025-07-01', '2025-07-01', 'thử'),
  ('99901', '2004-01-01', '22963', '2025-07-01', '2025-07-01', 'thử');
";

fn of_commune(n: u64, commune: &str) -> Household {
    let mut h = household(n);
    h.location.province = "68".into();
    h.location.commune = commune.into();
    h
}

/// (score A column, total) the domain gives `h` when the round names its former province.
fn scored_as_from(h: &Household, former: &str) -> (Option<i32>, String) {
    let mut s = Settings::default();
    s.regions
        .commune_former_province
        .insert(h.location.commune.clone(), former.into());
    let standards = Standards::national();
    let nd07 = standards.by_id("nd07-2021").expect("nd07");
    let c = classify(h, nd07, Method::Score, &s).expect("classifies");
    (c.score_a.map(|a| a.total), c.class.as_str().to_string())
}

fn held(store: &Store, round: &str, h: &Household) -> (Option<i32>, String) {
    store
        .sql_for_tests()
        .query_row(
            "SELECT score_a, COALESCE(class, '') FROM survey_record
             WHERE household_id = ?1 AND round_id = ?2",
            [h.id.to_string(), round.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("record")
}

/// What the shipped cross-reference gives `h` (no choice of the round).
fn scored_by_table(h: &Household) -> (Option<i32>, String) {
    let standards = Standards::national();
    let nd07 = standards.by_id("nd07-2021").expect("nd07");
    let c = classify(h, nd07, Method::Score, &Settings::default()).expect("classifies");
    (c.score_a.map(|a| a.total), c.class.as_str().to_string())
}

/// A district that loaded a unit list and one that did not hold the same score for the same
/// household: the list (here one saying xã Tuyên Quang of Lâm Đồng came from Đắk Nông, where
/// the shipped table says Bình Thuận) never enters classification; the round's choice does.
#[test]
fn a_loaded_unit_list_never_changes_a_household_s_score() {
    let households = [
        of_commune(1, "99910"),
        of_commune(2, "99920"),
        of_commune(3, "22963"),
    ];
    let run = |with_units: bool| {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut store, round, _) = store_with_role(dir.path(), Role::District);
        if with_units {
            store.sql_for_tests().execute_batch(UNITS).expect("units");
        }
        let all: Vec<(Household, Option<_>)> =
            households.iter().map(|h| (h.clone(), None)).collect();
        store
            .save_households(&round.id, &all, "điều tra viên", AT + 1000)
            .expect("save");
        // Any change of the round's settings classifies its households again.
        let settings = set(&Settings::default(), "score.section_14", "highest_row").expect("set");
        store
            .set_round_settings(&round.id, &settings, "cán bộ huyện", AT + 2000)
            .expect("set");
        let first: Vec<_> = households
            .iter()
            .map(|h| held(&store, &round.id, h))
            .collect();
        let settings = set(&settings, "regions.commune_former_province.99920", "60").expect("set");
        store
            .set_round_settings(&round.id, &settings, "cán bộ huyện", AT + 3000)
            .expect("set");
        let chosen: Vec<_> = households
            .iter()
            .map(|h| held(&store, &round.id, h))
            .collect();
        assert_eq!(store.record_summary_mismatches().expect("summary"), 0);
        assert_eq!(store.household_list_mismatches().expect("list"), 0);
        (first, chosen)
    };
    let (loaded_first, loaded_chosen) = run(true);
    let (plain_first, plain_chosen) = run(false);
    assert_eq!(loaded_first, plain_first);
    assert_eq!(loaded_chosen, plain_chosen);
    // Communes the table does not name have no region until the round names one.
    assert_eq!(plain_first[0], (None, String::new()));
    assert_eq!(plain_first[1], (None, String::new()));
    assert_eq!(plain_chosen[1], scored_as_from(&households[1], "60"));
    // The table's Bình Thuận, not the loaded list's Đắk Nông.
    assert_eq!(plain_first[2], scored_by_table(&households[2]));
    assert_eq!(plain_first[2], scored_as_from(&households[2], "60"));
    assert_ne!(
        scored_as_from(&households[2], "60").0,
        scored_as_from(&households[2], "67").0,
        "the two former provinces score differently"
    );
}

/// The statistics office's lists, before and after 1 July 2025: the new list names the
/// communes each new commune was formed from.
const BEFORE: &str = "Tỉnh / Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp\n\
    Tỉnh Đắk Nông,67,Huyện Thử Một,991,Xã Thử Một,99901,Xã\n\
    Tỉnh Bình Thuận,60,Huyện Thử Hai,992,Xã Thử Hai,99902,Xã\n";
const AFTER: &str = "Tỉnh / Thành Phố,Mã TP,Phường Xã,Mã PX,Cấp,Mã xã cũ\n\
    Tỉnh Lâm Đồng,68,Xã Thử Mới,99910,Xã,99901\n\
    Tỉnh Lâm Đồng,68,Xã Thử Ghép,99920,Xã,99901; 99902\n";

#[test]
fn the_successions_load_with_the_new_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = store_with_role(dir.path(), Role::District);
    let before = dir.path().join("truoc.csv");
    let after = dir.path().join("sau.csv");
    std::fs::write(&before, BEFORE).expect("write");
    std::fs::write(&after, AFTER).expect("write");
    store
        .load_gso_units(&before, "2004-01-01", "thử")
        .expect("before");
    assert_eq!(
        store
            .load_gso_units(&after, "2025-07-01", "thử")
            .expect("after"),
        2
    );
    let successors = store.successors("99902", "2004-01-01").expect("successors");
    assert_eq!(
        successors
            .iter()
            .map(|u| u.code.as_str())
            .collect::<Vec<_>>(),
        vec!["99920"]
    );
    // The former commune's version closes the day before the merger.
    let old = store
        .unit_on("99901", "2025-06-30")
        .expect("unit")
        .expect("held");
    assert_eq!(old.valid_to.as_deref(), Some("2025-06-30"));
    assert!(store
        .unit_on("99901", "2025-07-01")
        .expect("unit")
        .is_none());
}

#[test]
fn a_new_list_naming_an_unknown_former_commune_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = store_with_role(dir.path(), Role::District);
    let before = dir.path().join("truoc.csv");
    let after = dir.path().join("sau.csv");
    std::fs::write(&before, BEFORE).expect("write");
    // The second row (line 3 of the file) names a former commune no list held: the whole
    // file is refused.
    std::fs::write(&after, AFTER.replace("99901; 99902", "99901; 99903")).expect("write");
    store
        .load_gso_units(&before, "2004-01-01", "thử")
        .expect("before");
    let digests = store.table_digests().expect("digests");
    let err = store
        .load_gso_units(&after, "2025-07-01", "thử")
        .expect_err("refused");
    let text = err.to_string();
    assert!(text.contains("99903"), "{text}");
    assert!(text.contains("dòng 3"), "{text}");
    assert_eq!(store.table_digests().expect("digests"), digests);
}

/// The shipped, unofficial table of communes of 1 July 2025 gives a commune's former province
/// (xã Nhơn Châu of the new Gia Lai: Bình Định), also where this installation's units say
/// otherwise (xã Tuyên Quang of the new Lâm Đồng, which the table gives to Bình Thuận, loaded
/// here as made from a Đắk Nông commune): every installation of the round scores alike.
#[test]
fn the_shipped_table_of_communes_places_a_household_whatever_units_are_loaded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = store_with_role(dir.path(), Role::District);
    store
        .sql_for_tests()
        .execute_batch(
            "INSERT INTO admin_unit (code, valid_from, valid_to, name, level, kind, parent_code, source) VALUES
               ('67', '2004-01-01', '2025-06-30', 'Tỉnh Đắk Nông', 'province', 'Tỉnh', NULL, 'thử'),
               ('68', '2025-07-01', NULL, 'Tỉnh Lâm Đồng', 'province', 'Tỉnh', NULL, 'thử'),
               ('991', '2004-01-01', '2025-06-30', 'Huyện Thử Một', 'district', 'Huyện', '67', 'thử'),
               ('99901', '2004-01-01', '2025-06-30', 'Xã Thử Một', 'commune', 'Xã', '991', 'thử'),
               ('22963', '2025-07-01', NULL, 'Xã Tuyên Quang', 'commune', 'Xã', '68', 'thử');
             INSERT INTO admin_unit_succession
               (old_code, old_valid_from, new_code, new_valid_from, effective_on, basis) VALUES
               ('99901', '2004-01-01', '22963', '2025-07-01', '2025-07-01', 'thử');",
        )
        .expect("units");
    let mut nhon_chau = household(1);
    nhon_chau.location.province = "52".into();
    nhon_chau.location.commune = "21607".into();
    let loaded = of_commune(2, "22963");
    store
        .save_households(
            &round.id,
            &[(nhon_chau.clone(), None), (loaded.clone(), None)],
            "điều tra viên",
            AT + 1000,
        )
        .expect("save");
    let settings = set(&Settings::default(), "score.section_14", "highest_row").expect("set");
    store
        .set_round_settings(&round.id, &settings, "cán bộ huyện", AT + 2000)
        .expect("set");
    assert_eq!(
        held(&store, &round.id, &nhon_chau),
        scored_as_from(&nhon_chau, "52")
    );
    assert_ne!(
        scored_as_from(&nhon_chau, "52").0,
        scored_as_from(&nhon_chau, "64").0,
        "Bình Định and Gia Lai score differently"
    );
    assert_eq!(
        held(&store, &round.id, &loaded),
        scored_as_from(&loaded, "60")
    );
    assert_ne!(
        scored_as_from(&loaded, "67").0,
        scored_as_from(&loaded, "60").0,
        "Đắk Nông and Bình Thuận score differently"
    );
}
