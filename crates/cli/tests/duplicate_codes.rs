//! `rasoat conflicts list` names a household code two enumerators gave two households, each
//! household by commune, village and who entered it, once the commune imported both batches.

mod common;

use common::{installation, ok, path, rasoat, Installation};

#[test]
fn a_code_two_enumerators_gave_is_listed_with_both_households() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let Installation {
        db: xa,
        id: xa_id,
        card: xa_card,
    } = installation(d, "xa", "commune", "00721", None);
    let mut batches = Vec::new();
    for (name, village) in [("a", "Thôn Một (thử)"), ("b", "Thôn Hai (thử)")] {
        let Installation { db, card, .. } = installation(d, name, "enumerator", "00721", None);
        ok(&rasoat(&db, &["rounds", "open", "--year", "2025"]));
        let list = d.join(format!("{name}.csv"));
        std::fs::write(
            &list,
            format!(
                "Mã hộ,Họ và tên chủ hộ,Thôn/bản,Số thành viên,Hiện trạng\n00721-TH-001,Chủ hộ thử {name},{village},3,Hộ nghèo\n"
            ),
        )
        .expect("list");
        ok(&rasoat(&db, &["households", "import", path(&list)]));
        ok(&rasoat(&db, &["enrol", path(&xa_card)]));
        ok(&rasoat(&xa, &["enrol", path(&card)]));
        let batch = d.join(format!("{name}.rsbatch"));
        ok(&rasoat(
            &db,
            &["batch", "export", "--to", &xa_id, "--out", path(&batch)],
        ));
        batches.push(batch);
    }
    ok(&rasoat(&xa, &["rounds", "open", "--year", "2025"]));
    for (i, batch) in batches.iter().enumerate() {
        let out = ok(&rasoat(&xa, &["batch", "import", path(batch)]));
        assert!(out.contains("Hộ mới 1"), "{out}");
        // The second batch makes the pair, and the import says where to look.
        assert_eq!(
            out.contains("cần đánh lại mã một hộ: 1 (xem `rasoat conflicts list`)"),
            i == 1,
            "{out}"
        );
    }
    let listed = ok(&rasoat(&xa, &["households", "list"]));
    assert_eq!(listed.lines().count(), 1 + 2, "both kept: {listed}");

    let out = ok(&rasoat(&xa, &["conflicts", "list"]));
    assert!(
        out.contains(
            "Trùng mã hộ / shared household code 00721-TH-001 kỳ / round 2025 (2 hộ / households)"
        ),
        "{out}"
    );
    for village in [
        "thôn / village Thôn Một (thử)",
        "thôn / village Thôn Hai (thử)",
    ] {
        assert!(out.contains(village), "{village} in {out}");
    }
    // Never the head's name: the list is printed and may be pasted anywhere.
    assert!(!out.contains("Chủ hộ thử"), "{out}");
    assert!(!out.contains("Không có xung đột"), "{out}");
}
