//! The posting lists and certificates: who is on them, and that no name can become markup.

use rasoat_domain::classify::Class;
use rasoat_reports::printable;

use crate::support::fixture;

#[test]
fn posting_lists_hold_each_village_s_poor_and_near_poor_and_certificates_their_members() {
    let fx = fixture(90, &[2024]);
    let round = fx.store.periodic_round_of_year(2024).expect("round");
    let dir = fx.dir.path().join("niem-yet");
    let pages = printable::write_posting_lists(&fx.store, &round.id, None, &dir).expect("posting");
    let listed: usize = pages
        .iter()
        .map(|p| {
            let html = std::fs::read_to_string(p).expect("page");
            assert!(html.contains("Họ và tên chủ hộ"));
            // Which list it is: the review year's, under the round's standard.
            assert!(html.contains("danh sách năm 2024 theo Nghị định 07"));
            assert!(html.contains("rà soát năm 2024 — danh sách áp dụng năm 2025"));
            html.matches("<tr><td class=\"n\">").count()
        })
        .sum();
    let known = &fx.known[&2024];
    let want = known
        .values()
        .filter(|k| matches!(k.class, Class::Poor | Class::NearPoor))
        .count();
    assert_eq!(listed, want);
    let villages: std::collections::HashSet<_> = known
        .values()
        .filter(|k| matches!(k.class, Class::Poor | Class::NearPoor))
        .map(|k| (k.commune.clone(), k.village.clone()))
        .collect();
    assert_eq!(pages.len(), villages.len());

    let dir = fx.dir.path().join("gcn");
    let certificates =
        printable::write_certificates(&fx.store, &round.id, None, &dir).expect("certificates");
    assert_eq!(certificates.len(), want);
    let h = fx.households[&2024]
        .iter()
        .find(|h| known[&h.id].class == Class::Poor)
        .expect("a poor household");
    let page = certificates
        .iter()
        .find(|p| p.to_string_lossy().contains(&h.code))
        .expect("its certificate");
    let html = std::fs::read_to_string(page).expect("read");
    for needle in [
        "GCN-HN.HCN",
        "I. Danh sách thành viên",
        "Quan hệ với chủ hộ",
        "Năm 2025",
        "☒ Hộ nghèo",
        "danh sách năm 2024 theo Nghị định 07",
        "rà soát năm 2024 — danh sách áp dụng năm 2025",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    for m in &h.members {
        assert!(html.contains(&m.name), "every member is listed");
    }
}

/// Names, villages and addresses are typed by people: whatever they hold, the pages show it
/// as text. Every name here is invented.
#[test]
fn names_that_look_like_markup_are_printed_as_text() {
    use rasoat_domain::workflow::Role;
    use rasoat_store::{RoundKind, Store, SurveyResult};

    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path().join("store.sqlite")).expect("open");
    store.load_reference_units().expect("units");
    store
        .init_installation(Role::Commune, "00721", "cán bộ thử", crate::support::AT)
        .expect("init");
    let round = store
        .open_round(
            2025,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "cán bộ thử",
            crate::support::AT,
        )
        .expect("round");
    let surveyed = "2025-10-01".parse().expect("date");
    let village = "Thôn <b>Má</b> & Lủng (thử)";
    let mut h = rasoat_demo::synthetic::household(1, "08", "00721", village, 4, surveyed);
    h.members[0].name = "Giàng <script>alert(1)</script> & Pó".into();
    h.members[1].name = "Vừ <Mí> & \"Pó\"".into();
    h.address = "<script>alert(1)</script> & bản 1".into();
    let poor = SurveyResult {
        standard_id: "nd07-2021".into(),
        method: "score".into(),
        class: "poor".into(),
        score_a: Some(120),
        score_b: Some(3),
        deprived: Vec::new(),
        phieu_a: None,
    };
    store
        .save_household(&round.id, &h, Some(&poor), "thử", crate::support::AT)
        .expect("save");

    let posting =
        printable::write_posting_lists(&store, &round.id, None, &dir.path().join("niem-yet"))
            .expect("posting");
    let certificates =
        printable::write_certificates(&store, &round.id, None, &dir.path().join("gcn"))
            .expect("certificates");
    assert_eq!((posting.len(), certificates.len()), (1, 1));
    for page in posting.iter().chain(&certificates) {
        let html = std::fs::read_to_string(page).expect("page");
        assert!(!html.contains("<script>"), "{}", page.display());
        assert!(!html.contains("<b>Má</b>"), "{}", page.display());
        assert!(
            html.contains("Giàng &lt;script&gt;alert(1)&lt;"),
            "{}",
            page.display()
        );
        assert!(html.contains("&amp; Pó"), "{}", page.display());
        assert!(html.contains("Thôn &lt;b&gt;Má&lt;"), "{}", page.display());
    }
    let certificate = std::fs::read_to_string(&certificates[0]).expect("certificate");
    assert!(certificate.contains("Vừ &lt;Mí&gt; &amp; &quot;Pó&quot;"));
    assert!(certificate.contains("&lt;script&gt;alert(1)&lt;"));
    assert!(certificate.contains("&amp; bản 1"));
}
