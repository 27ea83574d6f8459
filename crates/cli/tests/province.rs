//! A province office made with `rasoat init --role province`: Tuyên Quang (08), where Đồng
//! Văn's communes report since 1 July 2025, enrols a commune, opens the periodic round, hands it
//! down in a batch file and imports the commune's households.

mod common;

use common::{installation, ok, path, rasoat, Installation};

#[test]
fn a_province_installation_opens_the_periodic_round_and_imports_a_communes_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let Installation {
        db: tinh,
        id: tinh_id,
        ..
    } = installation(d, "tinh", "province", "08", None);
    let card = ok(&rasoat(
        &tinh,
        &["identity", "export", "--out", path(&d.join("again.card"))],
    ));
    assert!(card.contains("the card asks for: province 08"), "{card}");
    // Seed 36's first three demo households live in Xã Đồng Văn (00721).
    let Installation {
        db: xa, id: xa_id, ..
    } = installation(d, "xa", "commune", "00721", Some(("3", "36")));
    ok(&rasoat(&tinh, &["enrol", path(&d.join("xa.card"))]));
    ok(&rasoat(&xa, &["enrol", path(&d.join("tinh.card"))]));

    // The commune's demo households are in its copy of the 2025 round: a periodic round comes
    // from the reporting office, so the province opens that year's too, and the next.
    ok(&rasoat(&tinh, &["rounds", "open", "--year", "2025"]));
    let opened = ok(&rasoat(&tinh, &["rounds", "open", "--year", "2026"]));
    assert!(opened.contains("2026"), "{opened}");
    let down = d.join("down.rsbatch");
    ok(&rasoat(
        &tinh,
        &["batch", "export", "--to", &xa_id, "--out", path(&down)],
    ));
    assert!(!ok(&rasoat(&xa, &["rounds", "list"])).contains("2026 định kỳ"));
    ok(&rasoat(&xa, &["batch", "import", path(&down)]));
    let rounds = ok(&rasoat(&xa, &["rounds", "list"]));
    assert!(rounds.contains("2026 định kỳ"), "{rounds}");
    // A yearly review names the year whose list it decides.
    assert!(
        rounds.contains("rà soát năm 2026 — danh sách áp dụng năm 2027"),
        "{rounds}"
    );

    let up = d.join("up.rsbatch");
    ok(&rasoat(
        &xa,
        &["batch", "export", "--to", &tinh_id, "--out", path(&up)],
    ));
    let out = ok(&rasoat(&tinh, &["batch", "import", path(&up)]));
    assert!(out.contains("Hộ mới 3, cập nhật 0"), "{out}");
}

#[test]
fn an_unknown_role_names_the_four_offices() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("x.sqlite");
    let out = rasoat(&db, &["init", "--role", "tinh", "--unit", "08"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("enumerator | commune | district | province"),
        "{stderr}"
    );
}
