//! `rasoat demo generate` into an office installation makes households of that office's own
//! unit only: a province office of Hà Nội (01) gets households of the Hà Nội communes its
//! loaded unit list holds, a Lâm Đồng office after the 2025 merger gets its new communes', each
//! scored in the region of the province it came from, and Tuyên Quang's (08) still gets Đồng
//! Văn's. Every household is one the authorisation rule lets the office hold, so its own server
//! never refuses them as `wrong_unit`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rasoat_domain::authorisation::{may_write, Office, Scope};
use rasoat_domain::workflow::Role;

use common::{ok, outcome, rasoat, unlock};

/// Statistics office lists in the `rasoat units load` format, with invented commune codes
/// (99xxx, no real commune's) under real province codes.
const HA_NOI: &str = "Tỉnh / Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp\n\
    Thành phố Hà Nội,01,Quận Thử,991,Phường Thử Một,99801,Phường\n\
    Thành phố Hà Nội,01,Huyện Thử,992,Xã Thử Hai,99802,Xã\n\
    Thành phố Hải Phòng,31,Huyện Thử Ba,993,Xã Thử Ba,99803,Xã\n";

const TAY_NGUYEN_BEFORE: &str = "Tỉnh / Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp\n\
    Tỉnh Đắk Nông,67,Huyện Thử Một,981,Xã Thử Một,99901,Xã\n\
    Tỉnh Bình Thuận,60,Huyện Thử Hai,982,Xã Thử Hai,99902,Xã\n\
    Tỉnh Lâm Đồng,68,Thành phố Thử,983,Phường Thử Ba,99903,Phường\n\
    Tỉnh Gia Lai,64,Huyện Thử Bốn,984,Xã Thử Bốn,99904,Xã\n";

const TAY_NGUYEN_AFTER: &str = "Tỉnh / Thành Phố,Mã TP,Phường Xã,Mã PX,Cấp,Mã xã cũ\n\
    Tỉnh Lâm Đồng,68,Xã Cư Jút,24640,Xã,99901\n\
    Tỉnh Lâm Đồng,68,Xã Tuyên Quang,22963,Xã,99902\n\
    Tỉnh Lâm Đồng,68,Phường Lâm Viên - Đà Lạt,24778,Phường,99903\n";

/// A province office at `unit`, made in the test process as `rasoat init` makes one, after
/// loading `lists` (text, first valid day): `rasoat init` needs the unit known first.
fn office(dir: &Path, name: &str, unit: &str, lists: &[(&str, &str)]) -> PathBuf {
    installation(dir, name, Role::Province, unit, lists)
}

fn installation(dir: &Path, name: &str, role: Role, unit: &str, lists: &[(&str, &str)]) -> PathBuf {
    let db = dir.join(format!("{name}.sqlite"));
    let mut store = common::protect(&db);
    store.load_reference_units().expect("units");
    for (i, (text, day)) in lists.iter().enumerate() {
        let file = dir.join(format!("{name}-{i}.csv"));
        std::fs::write(&file, text).expect("write list");
        store.load_gso_units(&file, day, "thử").expect("list loads");
    }
    store
        .init_installation(role, unit, "test", rasoat_store::unix_millis_now())
        .expect("init");
    db
}

/// Every (year, commune code) the store's records carry.
fn communes_by_year(db: &Path) -> BTreeSet<(i32, String)> {
    let store = unlock(db);
    let mut stmt = store
        .sql_for_tests()
        .prepare(
            "SELECT DISTINCT r.year, s.commune_code FROM survey_record s
             JOIN round r ON r.id = s.round_id",
        )
        .expect("prepare");
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query");
    rows.map(|r| r.expect("row")).collect()
}

/// The authorisation rule the office's server applies to every batch accepts each commune.
fn accepted_by_the_office(db: &Path, unit: &str, communes: &BTreeSet<(i32, String)>) {
    let store = unlock(db);
    let tree = store.unit_tree().expect("tree");
    let scope = Scope::new(Office::Province, [unit]);
    for (year, commune) in communes {
        assert!(
            may_write(&scope, &tree, None, commune).is_ok(),
            "{year}: commune {commune} is outside {unit}"
        );
    }
}

fn generate(db: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["demo", "generate", "--households", "60", "--seed", "5"];
    args.extend_from_slice(extra);
    rasoat(db, &args)
}

#[test]
fn a_ha_noi_province_office_gets_households_of_its_own_communes_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = office(dir.path(), "ha-noi", "01", &[(HA_NOI, "2004-01-01")]);
    let out = ok(&generate(&db, &["--years", "2023,2024"]));
    assert!(!out.contains("unclassified"), "{out}");
    let held = communes_by_year(&db);
    let codes: BTreeSet<&str> = held.iter().map(|(_, c)| c.as_str()).collect();
    assert_eq!(
        codes,
        BTreeSet::from(["99801", "99802"]),
        "Hà Nội's communes only, never Đồng Văn's nor Hải Phòng's"
    );
    accepted_by_the_office(&db, "01", &held);

    // Its own province by name is the same; any other is refused, nothing written.
    ok(&generate(&db, &["--year", "2024", "--province", "01"]));
    let before = communes_by_year(&db);
    let (code, _, stderr) = outcome(&generate(&db, &["--year", "2024", "--province", "02"]));
    assert_ne!(code, 0);
    assert!(
        stderr.contains("không tạo được hộ của tỉnh 02") && stderr.contains("--out-dir"),
        "{stderr}"
    );
    assert_eq!(communes_by_year(&db), before);

    // A commune installation of Hà Nội gets its own commune's households.
    let db = installation(
        dir.path(),
        "xa",
        Role::Commune,
        "99802",
        &[(HA_NOI, "2004-01-01")],
    );
    ok(&generate(&db, &["--year", "2024"]));
    assert_eq!(
        communes_by_year(&db),
        BTreeSet::from([(2024, "99802".to_string())])
    );
}

/// An office whose loaded lists hold no commune of a year asked is told, in plain words, to load
/// the list of that time; nothing is written.
#[test]
fn an_office_without_communes_of_the_year_is_refused_plainly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let after_only = "Tỉnh / Thành Phố,Mã TP,Phường Xã,Mã PX,Cấp\n\
        Tỉnh Lâm Đồng,68,Xã Thử Mới,99910,Xã\n";
    let db = office(dir.path(), "moi", "68", &[(after_only, "2025-07-01")]);
    let (code, _, stderr) = outcome(&generate(&db, &["--years", "2024,2025"]));
    assert_ne!(code, 0);
    assert!(
        stderr.contains("chưa có xã, phường nào trước 01/07/2025")
            && stderr.contains("rasoat units load"),
        "{stderr}"
    );
    assert!(communes_by_year(&db).is_empty(), "nothing written");
    ok(&generate(&db, &["--year", "2025"]));
    let held = communes_by_year(&db);
    assert_eq!(held, BTreeSet::from([(2025, "99910".to_string())]));
    accepted_by_the_office(&db, "68", &held);
}

/// Lâm Đồng (68) after 1 July 2025 took in Đắk Nông (Tây Nguyên) and Bình Thuận (Bắc Trung Bộ
/// và Duyên hải miền Trung): its demo households of 2025 carry its new communes (real codes of
/// 1 July 2025, as the statistics office's list names them), each scored by the province the
/// shipped commune table says it was formed from, so none is left unclassified.
#[test]
fn a_merged_province_office_gets_its_new_communes_scored_by_their_former_province() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = office(
        dir.path(),
        "lam-dong",
        "68",
        &[
            (TAY_NGUYEN_BEFORE, "2004-01-01"),
            (TAY_NGUYEN_AFTER, "2025-07-01"),
        ],
    );
    let out = ok(&generate(&db, &["--years", "2024,2025"]));
    assert!(!out.contains("unclassified"), "{out}");
    let held = communes_by_year(&db);
    let expected: BTreeSet<(i32, String)> = [
        (2024, "99901"),
        (2024, "99902"),
        (2024, "99903"),
        (2025, "24640"),
        (2025, "22963"),
        (2025, "24778"),
    ]
    .into_iter()
    .map(|(y, c)| (y, c.to_string()))
    .collect();
    assert_eq!(held, expected, "never Gia Lai's 99904");
    accepted_by_the_office(&db, "68", &held);
}

/// Tuyên Quang (08), the province Đồng Văn's communes report to since 1 July 2025, still gets
/// Đồng Văn's calibrated households.
#[test]
fn tuyen_quang_s_office_still_gets_dong_van_s_households() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = common::installation(dir.path(), "tinh", "province", "08", None);
    ok(&generate(&site.db, &["--year", "2025"]));
    let held = communes_by_year(&site.db);
    let own: BTreeSet<String> = rasoat_demo::DemoCommune::dong_van()
        .into_iter()
        .map(|c| c.successor_code)
        .collect();
    assert!(!held.is_empty());
    assert!(held.iter().all(|(_, c)| own.contains(c)), "{held:?}");
    accepted_by_the_office(&site.db, "08", &held);
}
