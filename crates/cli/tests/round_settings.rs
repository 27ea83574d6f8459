//! `rasoat rounds settings`: a round's readings listed with what the texts leave open and
//! which are the defaults, changed one key at a time by the office, refused in plain words.

mod common;

use std::path::Path;

use common::{failed, ok, rasoat};

/// The id of the only round in the store.
fn round_id(db: &Path) -> String {
    let list = ok(&rasoat(db, &["rounds", "list"]));
    list.split('\t').next().expect("a round").trim().to_string()
}

#[test]
fn the_district_lists_and_changes_its_round_s_settings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("huyen.sqlite");
    ok(&rasoat(
        &db,
        &["init", "--role", "district", "--unit", "026"],
    ));
    ok(&rasoat(&db, &["rounds", "open", "--year", "2025"]));
    let round = round_id(&db);

    let listed = ok(&rasoat(&db, &["rounds", "settings", "--round", &round]));
    assert!(
        listed.contains(
            "score.working_age = fixed_bands (mặc định / default) [chưa rõ trong văn bản]"
        ),
        "{listed}"
    );
    assert!(
        listed.contains("nhận / values: fixed_bands | labour_code2019"),
        "{listed}"
    );
    assert!(
        listed.contains("regions.hue_central_city = false"),
        "{listed}"
    );

    let changed = ok(&rasoat(
        &db,
        &[
            "rounds",
            "settings",
            "--round",
            &round,
            "--set",
            "score.section_13=highest_row",
        ],
    ));
    assert!(
        changed.contains("đã đổi score.section_13 = highest_row"),
        "{changed}"
    );
    assert!(
        changed.contains("score.section_13 = highest_row (đã chọn / chosen)"),
        "{changed}"
    );
    let listed = ok(&rasoat(&db, &["rounds", "settings", "--round", &round]));
    assert!(
        listed.contains("score.section_13 = highest_row (đã chọn"),
        "{listed}"
    );
    assert!(
        listed.contains("score.section_14 = add_up (mặc định"),
        "{listed}"
    );

    let unknown = failed(&rasoat(
        &db,
        &[
            "rounds",
            "settings",
            "--round",
            &round,
            "--set",
            "score.sections=add_up",
        ],
    ));
    assert!(
        unknown.contains("không có thiết lập `score.sections`"),
        "{unknown}"
    );
    let bad = failed(&rasoat(
        &db,
        &[
            "rounds",
            "settings",
            "--round",
            &round,
            "--set",
            "score.section_5=sum",
        ],
    ));
    assert!(bad.contains("nhận: highest_row | add_up"), "{bad}");
    let shapeless = failed(&rasoat(
        &db,
        &[
            "rounds",
            "settings",
            "--round",
            &round,
            "--set",
            "score.section_5",
        ],
    ));
    assert!(shapeless.contains("khóa=giá trị"), "{shapeless}");
    // Nothing refused was kept.
    let listed = ok(&rasoat(&db, &["rounds", "settings", "--round", &round]));
    assert!(
        listed.contains("score.section_5 = highest_row (mặc định"),
        "{listed}"
    );

    // Who is consulted and who recognises: a 2025 round runs after the district level ended.
    assert!(
        listed.contains(
            "procedure.consulted = province_chairman (mặc định / default) [chưa rõ trong văn bản]"
        ),
        "{listed}"
    );
    assert!(listed.contains("Chủ tịch UBND cấp tỉnh"), "{listed}");
    assert!(
        listed.contains("procedure.recognised_by = commune_chairman (mặc định / default)\n"),
        "{listed}"
    );
    let changed = ok(&rasoat(
        &db,
        &[
            "rounds",
            "settings",
            "--round",
            &round,
            "--set",
            "procedure.consulted=district_chairman",
        ],
    ));
    assert!(
        changed.contains("procedure.consulted = district_chairman (đã chọn / chosen)"),
        "{changed}"
    );
    let bad = failed(&rasoat(
        &db,
        &[
            "rounds",
            "settings",
            "--round",
            &round,
            "--set",
            "procedure.recognised_by=province_chairman",
        ],
    ));
    assert!(bad.contains("nhận: commune_chairman | -"), "{bad}");
}

#[test]
fn a_round_before_the_merger_consults_the_district_s_chairman() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("huyen.sqlite");
    ok(&rasoat(
        &db,
        &["init", "--role", "district", "--unit", "026"],
    ));
    ok(&rasoat(&db, &["rounds", "open", "--year", "2024"]));
    let round = round_id(&db);
    let listed = ok(&rasoat(&db, &["rounds", "settings", "--round", &round]));
    assert!(
        listed.contains("procedure.consulted = district_chairman (mặc định / default)\n"),
        "{listed}"
    );
    assert!(listed.contains("Chủ tịch UBND cấp huyện"), "{listed}");
}

#[test]
fn a_commune_is_told_it_may_not_change_a_periodic_round() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("xa.sqlite");
    ok(&rasoat(
        &db,
        &["init", "--role", "commune", "--unit", "00721"],
    ));
    ok(&rasoat(&db, &["rounds", "open", "--year", "2025"]));
    let round = round_id(&db);
    let refused = failed(&rasoat(
        &db,
        &[
            "rounds",
            "settings",
            "--round",
            &round,
            "--set",
            "score.working_age=labour_code2019",
        ],
    ));
    assert!(
        refused.contains("chỉ cơ quan được mở kỳ rà soát"),
        "{refused}"
    );
    assert!(refused.contains("only the office"), "{refused}");
    // Listing is for everyone.
    let listed = ok(&rasoat(&db, &["rounds", "settings", "--round", &round]));
    assert!(
        listed.contains("score.working_age = fixed_bands"),
        "{listed}"
    );
}
