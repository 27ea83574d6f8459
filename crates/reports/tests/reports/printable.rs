//! The posting lists and certificates: who is on them, and that no name can become markup.

use rasoat_domain::classify::Class;
use rasoat_reports::printable;

use crate::support::fixture;

/// The page as a browser shows its text: the templates escape "/" in what was typed.
fn as_shown(html: &str) -> String {
    html.replace("&#x2f;", "/")
}

/// No page of an official document carries the reference's internal confidence marks.
fn assert_no_marks(html: &str, page: &std::path::Path) {
    for mark in ["[C]", "[P]", "[U]"] {
        assert!(!html.contains(mark), "{mark} in {}", page.display());
    }
}

/// A commune installation with one round of 2025, for pages of households whose review
/// went as far as a test says.
fn commune_store(dir: &std::path::Path) -> (rasoat_store::Store, rasoat_store::Round) {
    use rasoat_domain::workflow::Role;
    use rasoat_store::{RoundKind, Store};

    let mut store = Store::open(dir.join("store.sqlite")).expect("open");
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
    (store, round)
}

fn result(class: &str) -> rasoat_store::SurveyResult {
    rasoat_store::SurveyResult {
        standard_id: "nd07-2021".into(),
        method: "score".into(),
        class: class.into(),
        score_a: Some(120),
        score_b: Some(if class == "poor" { 40 } else { 10 }),
        deprived: Vec::new(),
        phieu_a: None,
    }
}

/// Takes a saved household through the review, step by step, until it is in `to`.
fn walk(
    store: &mut rasoat_store::Store,
    round_id: &str,
    household_id: &str,
    to: rasoat_domain::workflow::ReviewState,
) {
    use rasoat_domain::workflow::{ReviewAction, ReviewState as S};
    let steps = [
        (S::Completed, ReviewAction::Complete),
        (S::Accepted, ReviewAction::Accept),
        (
            S::Agreed,
            ReviewAction::Meeting {
                attendees: 20,
                agreeing: 15,
            },
        ),
        (
            S::Recognised,
            ReviewAction::Recognise {
                decision_number: "12/QĐ-UBND".into(),
                decided_on: "2025-11-20".parse().expect("date"),
            },
        ),
        (S::Reported, ReviewAction::Report),
    ];
    if to == S::Draft {
        return;
    }
    for (reached, action) in steps {
        store
            .review(
                household_id,
                round_id,
                &action,
                "thử",
                "thử",
                crate::support::AT,
            )
            .expect("review step");
        if reached == to {
            return;
        }
    }
    panic!("{to:?} is not on the way");
}

/// Posting lists only after the village meeting agreed (QĐ 24/2021 Art. 4 steps 3–4),
/// certificates only once recognised (step 6); the others are counted as held back, and the
/// pages carry no internal marks.
#[test]
fn pages_are_written_only_for_households_the_procedure_allows() {
    use rasoat_domain::workflow::ReviewState as S;

    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round) = commune_store(dir.path());
    let surveyed = "2025-10-01".parse().expect("date");
    // (state, class, village): every state once as poor, two near-poor, one middle household
    // recognised that is on no page at all.
    let plan = [
        (S::Draft, "poor", "Thôn Một (mẫu)"),
        (S::Completed, "poor", "Thôn Một (mẫu)"),
        (S::Accepted, "poor", "Thôn Một (mẫu)"),
        (S::Agreed, "poor", "Thôn Một (mẫu)"),
        (S::Recognised, "poor", "Thôn Một (mẫu)"),
        (S::Reported, "poor", "Thôn Hai (mẫu)"),
        (S::Agreed, "near_poor", "Thôn Hai (mẫu)"),
        (S::Recognised, "near_poor", "Thôn Hai (mẫu)"),
        (S::Recognised, "middle", "Thôn Ba (mẫu)"),
    ];
    let mut codes = Vec::new();
    for (i, (state, class, village)) in plan.iter().enumerate() {
        let h =
            rasoat_demo::synthetic::household(i as u64 + 1, "08", "00721", village, 4, surveyed);
        store
            .save_household(
                &round.id,
                &h,
                Some(&result(class)),
                "thử",
                crate::support::AT,
            )
            .expect("save");
        walk(&mut store, &round.id, &h.id.to_string(), *state);
        codes.push(h.code.clone());
    }
    let code_on = |pages: &[std::path::PathBuf], i: usize| {
        pages.iter().any(|p| {
            std::fs::read_to_string(p)
                .expect("page")
                .contains(&codes[i])
        })
    };

    let posting =
        printable::write_posting_lists(&store, &round.id, None, &dir.path().join("niem-yet"))
            .expect("posting");
    // Agreed or later: rows 3, 4, 5, 6, 7; held back: the draft, completed and accepted ones.
    assert_eq!(posting.held_back, 3);
    assert_eq!(posting.files.len(), 2, "Thôn Một and Thôn Hai");
    for (i, (state, class, _)) in plan.iter().enumerate() {
        let want = state.may_be_posted() && *class != "middle";
        assert_eq!(code_on(&posting.files, i), want, "{state:?} {class}");
    }
    for page in &posting.files {
        let html = std::fs::read_to_string(page).expect("page");
        assert_no_marks(&html, page);
        assert!(
            html.contains("Điều 4 Quyết định số 24/2021/QĐ-TTg"),
            "cites the step"
        );
        // Which list it is: the one the 2025 review makes for 2026, under the round's standard.
        assert!(
            html.contains("danh sách áp dụng năm 2026 theo Nghị định 07"),
            "{html}"
        );
        assert!(html.contains("(kết quả rà soát năm 2025)"));
    }

    let certificates =
        printable::write_certificates(&store, &round.id, None, &dir.path().join("gcn"))
            .expect("certificates");
    // Recognised or later: rows 4, 5, 7; held back: the five poor or near-poor before.
    assert_eq!(certificates.held_back, 5);
    assert_eq!(certificates.files.len(), 3);
    for (i, (state, class, _)) in plan.iter().enumerate() {
        let want = state.may_be_certified() && *class != "middle";
        assert_eq!(code_on(&certificates.files, i), want, "{state:?} {class}");
    }
    for page in &certificates.files {
        let html = std::fs::read_to_string(page).expect("page");
        assert_no_marks(&html, page);
        assert!(
            as_shown(&html).contains("Số: ......./GCN-HN.HCN"),
            "the certificate's own number, written by hand"
        );
        assert!(
            html.contains("Năm 2026"),
            "the certificate's year is the status year"
        );
        assert!(html.contains("danh sách áp dụng năm 2026 theo Nghị định 07"));
    }

    // Printed at once: one file of every page, one sheet per household (per village for the
    // posting lists), the same households as the files and only those.
    let sections = |html: &str| html.matches("<section class=\"page\">").count();
    let all = std::fs::read_to_string(certificates.combined.as_ref().expect("combined"))
        .expect("combined");
    assert_eq!(sections(&all), 3);
    assert_eq!(
        all.matches("Mẫu số 03 (QĐ 24/2021/QĐ-TTg)").count(),
        3,
        "one certificate a sheet"
    );
    for (i, (state, class, _)) in plan.iter().enumerate() {
        let want = state.may_be_certified() && *class != "middle";
        assert_eq!(all.contains(&codes[i]), want, "{state:?} {class}");
    }
    assert!(all.contains("break-after: page") && all.contains("@media print"));
    assert!(all.contains("<table>"), "the pages go in as markup");
    assert_no_marks(&all, certificates.combined.as_ref().expect("combined"));
    assert!(!certificates
        .files
        .contains(certificates.combined.as_ref().expect("path")));
    let all_posted =
        std::fs::read_to_string(posting.combined.as_ref().expect("combined")).expect("combined");
    assert_eq!(sections(&all_posted), 2, "Thôn Một and Thôn Hai");
    for (i, (state, class, _)) in plan.iter().enumerate() {
        let want = state.may_be_posted() && *class != "middle";
        assert_eq!(all_posted.contains(&codes[i]), want, "{state:?} {class}");
    }

    // The window's printout is the same document, written nowhere.
    let shown = printable::print_certificates(&store, &round.id, None).expect("printout");
    assert_eq!(shown.html, all);
    assert_eq!((shown.pages, shown.households, shown.held_back), (3, 3, 5));
    let shown = printable::print_posting_lists(&store, &round.id, None).expect("printout");
    assert_eq!(shown.html, all_posted);
    assert_eq!((shown.pages, shown.held_back), (2, 3));
}

/// The demo district's households are all drafts: nothing is posted or certified, and every
/// poor or near-poor household is counted as held back.
#[test]
fn drafts_of_a_whole_district_are_neither_posted_nor_certified() {
    let fx = fixture(90, &[2024]);
    let round = fx.store.periodic_round_of_year(2024).expect("round");
    let want = fx.known[&2024]
        .values()
        .filter(|k| matches!(k.class, Class::Poor | Class::NearPoor))
        .count() as u64;
    assert!(want > 0);
    let dir = fx.dir.path().join("niem-yet");
    let posting =
        printable::write_posting_lists(&fx.store, &round.id, None, &dir).expect("posting");
    assert_eq!((posting.files.len(), posting.held_back), (0, want));
    assert_eq!(posting.combined, None, "no printout of no page");
    let dir = fx.dir.path().join("gcn");
    let certificates =
        printable::write_certificates(&fx.store, &round.id, None, &dir).expect("certificates");
    assert_eq!(
        (certificates.files.len(), certificates.held_back),
        (0, want)
    );
}

/// Names, villages and addresses are typed by people: whatever they hold, the pages show it
/// as text. Every name here is invented.
#[test]
fn names_that_look_like_markup_are_printed_as_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round) = commune_store(dir.path());
    let surveyed = "2025-10-01".parse().expect("date");
    let village = "Thôn <b>Má</b> & Lủng (thử)";
    let mut h = rasoat_demo::synthetic::household(1, "08", "00721", village, 4, surveyed);
    h.members[0].name = "Giàng <script>alert(1)</script> & Pó".into();
    h.members[1].name = "Vừ <Mí> & \"Pó\"".into();
    h.address = "<script>alert(1)</script> & bản 1".into();
    store
        .save_household(
            &round.id,
            &h,
            Some(&result("poor")),
            "thử",
            crate::support::AT,
        )
        .expect("save");
    walk(
        &mut store,
        &round.id,
        &h.id.to_string(),
        rasoat_domain::workflow::ReviewState::Recognised,
    );

    let posting =
        printable::write_posting_lists(&store, &round.id, None, &dir.path().join("niem-yet"))
            .expect("posting");
    let certificates =
        printable::write_certificates(&store, &round.id, None, &dir.path().join("gcn"))
            .expect("certificates");
    assert_eq!((posting.files.len(), certificates.files.len()), (1, 1));
    let combined =
        [&posting.combined, &certificates.combined].map(|c| c.clone().expect("combined"));
    for page in posting
        .files
        .iter()
        .chain(&certificates.files)
        .chain(&combined)
    {
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
    let certificate = std::fs::read_to_string(&certificates.files[0]).expect("certificate");
    assert!(certificate.contains("Vừ &lt;Mí&gt; &amp; &quot;Pó&quot;"));
    assert!(certificate.contains("&lt;script&gt;alert(1)&lt;"));
    assert!(certificate.contains("&amp; bản 1"));
}

/// A round decided by a standard without an official method (NĐ 351/2025 until its method is
/// published) prints no certificate: refused before any folder is made.
#[test]
fn no_certificate_for_a_list_without_an_official_method() {
    use rasoat_store::{RoundKind, StoreError};

    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = commune_store(dir.path());
    let round = store
        .open_round(
            2027,
            RoundKind::Periodic,
            None,
            "nd351-2025",
            "cán bộ thử",
            crate::support::AT,
        )
        .expect("round");
    let folder = dir.path().join("gcn");
    let err = printable::write_certificates(&store, &round.id, None, &folder)
        .expect_err("no official method");
    assert!(
        matches!(
            err,
            rasoat_reports::ReportError::Store(StoreError::Transition(_))
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("chưa có phương pháp chính thức"));
    assert!(!folder.exists(), "nothing written");
}

/// One recognised poor household of commune 00721 in `round`, surveyed on `surveyed`; the
/// certificate and posting pages written for it.
fn pages_of_one(
    store: &mut rasoat_store::Store,
    round: &rasoat_store::Round,
    surveyed: &str,
    n: u64,
    dir: &std::path::Path,
) -> (String, String) {
    let h = rasoat_demo::synthetic::household(
        n,
        "08",
        "00721",
        "Thôn Một (mẫu)",
        4,
        surveyed.parse().expect("date"),
    );
    store
        .save_household(
            &round.id,
            &h,
            Some(&result("poor")),
            "thử",
            crate::support::AT,
        )
        .expect("save");
    walk(
        store,
        &round.id,
        &h.id.to_string(),
        rasoat_domain::workflow::ReviewState::Recognised,
    );
    let read = |files: &[std::path::PathBuf]| {
        assert_eq!(files.len(), 1);
        std::fs::read_to_string(&files[0]).expect("page")
    };
    let posting = printable::write_posting_lists(store, &round.id, None, &dir.join("niem-yet"))
        .expect("posting");
    let certificates =
        printable::write_certificates(store, &round.id, None, &dir.join("gcn")).expect("gcn");
    (read(&certificates.files), read(&posting.files))
}

/// A recognised household's certificate is dated the day of the decision that recognised it;
/// its "Số" stays the certificate's own number, written by hand from the commune's register
/// (…/GCN-HN.HCN), never the decision's number. Dots only when no day is recorded.
#[test]
fn a_certificate_carries_its_recognition_day() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round) = commune_store(dir.path());
    let (certificate, _) = pages_of_one(&mut store, &round, "2025-10-01", 1, dir.path());
    let certificate = as_shown(&certificate);
    assert!(
        certificate.contains("<br>Số: ......./GCN-HN.HCN</div>"),
        "{certificate}"
    );
    assert!(
        certificate.contains("Đồng Văn, ngày 20 tháng 11 năm 2025<br>"),
        "{certificate}"
    );
    assert!(!certificate.contains("12/QĐ-UBND") && !certificate.contains("ngày ...."));

    // A recognition whose day is not in the store (the window and the CLI refuse one without
    // a number; the columns may still be empty): the form's dots, nothing made up.
    store
        .sql_for_tests()
        .execute(
            "UPDATE survey_record SET decision_number = NULL, decided_on = NULL",
            [],
        )
        .expect("forget the decision");
    let shown = printable::print_certificates(&store, &round.id, None).expect("printout");
    assert_eq!(shown.households, 1);
    let html = as_shown(&shown.html);
    assert!(html.contains("Số: ......./GCN-HN.HCN"), "{html}");
    assert!(html.contains("ngày .... tháng .... năm ....<br>"));
}

/// The certificate is signed by the chairman the round names, of the household's commune on
/// its survey day, and says whom the commune consulted: the district's chairman before 1 July
/// 2025, the province's after (a reading no text settles, and labelled so).
#[test]
fn pages_name_the_authorities_the_round_s_dates_give() {
    use rasoat_store::RoundKind;

    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round) = commune_store(dir.path());
    let (certificate, posting) = pages_of_one(
        &mut store,
        &round,
        "2025-10-01",
        1,
        &dir.path().join("2025"),
    );
    assert!(
        certificate.contains("<b>CHỦ TỊCH UBND XÃ ĐỒNG VĂN</b>"),
        "{certificate}"
    );
    assert!(
        certificate.contains("xin ý kiến Chủ tịch UBND tỉnh Tuyên Quang trước khi công nhận."),
        "{certificate}"
    );
    assert!(
        posting.contains(
            "báo cáo, xin ý kiến Chủ tịch UBND tỉnh Tuyên Quang và Chủ tịch UBND xã Đồng Văn công nhận"
        ),
        "{posting}"
    );
    // That no text names who is consulted after July 2025 is said in the export's notes and
    // the panel, never on the official pages a household receives.
    for page in [&certificate, &posting] {
        assert!(!page.contains("chưa rõ"), "{page}");
    }

    let before = store
        .open_round(
            2024,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "cán bộ thử",
            crate::support::AT,
        )
        .expect("round 2024");
    let (certificate, posting) = pages_of_one(
        &mut store,
        &before,
        "2024-10-01",
        2,
        &dir.path().join("2024"),
    );
    assert!(
        certificate.contains("<b>CHỦ TỊCH UBND THỊ TRẤN ĐỒNG VĂN</b>"),
        "{certificate}"
    );
    assert!(
        certificate.contains("xin ý kiến Chủ tịch UBND huyện Đồng Văn trước khi công nhận."),
        "{certificate}"
    );
    assert!(!certificate.contains("chưa rõ"), "{certificate}");
    assert!(
        posting.contains(
            "xin ý kiến Chủ tịch UBND huyện Đồng Văn và Chủ tịch UBND thị trấn Đồng Văn công nhận"
        ),
        "{posting}"
    );
}

/// The 2026 round is a transition: the list it keeps closes 2026 under Decree 07, the list
/// that opens 2027 under Decree 351 has no official method yet. Its certificates give the
/// status of 2026, never 2027, and say which list they are of.
#[test]
fn a_transition_round_certifies_the_year_its_list_closes() {
    use rasoat_store::RoundKind;

    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = commune_store(dir.path());
    let round = store
        .open_round(
            2026,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "cán bộ thử",
            crate::support::AT,
        )
        .expect("round 2026");
    let (certificate, posting) = pages_of_one(
        &mut store,
        &round,
        "2026-10-01",
        3,
        &dir.path().join("2026"),
    );
    assert!(
        certificate.contains("<b>Năm 2026</b> (theo kết quả rà soát năm 2026)"),
        "{certificate}"
    );
    assert!(!certificate.contains("Năm 2027"), "{certificate}");
    for page in [&certificate, &posting] {
        assert!(
            page.contains("danh sách năm 2026 theo Nghị định 07"),
            "{page}"
        );
        assert!(!page.contains("áp dụng năm 2027"), "{page}");
    }
}

/// A regular round consults no one (QĐ 24/2021 Art. 5) until its office says otherwise; the
/// change shows on the next certificate printed.
#[test]
fn a_change_of_the_round_s_setting_shows_on_the_certificate() {
    use rasoat_domain::round_settings::{set, CONSULTED};
    use rasoat_store::RoundKind;

    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = commune_store(dir.path());
    let round = store
        .open_round(
            2025,
            RoundKind::Regular,
            Some(10),
            "nd07-2021",
            "cán bộ thử",
            crate::support::AT,
        )
        .expect("regular round");
    let (certificate, posting) =
        pages_of_one(&mut store, &round, "2025-10-20", 1, &dir.path().join("a"));
    assert!(!certificate.contains("xin ý kiến"), "{certificate}");
    assert!(
        certificate.contains("<b>CHỦ TỊCH UBND XÃ ĐỒNG VĂN</b>"),
        "{certificate}"
    );
    assert!(
        posting.contains("trước khi Chủ tịch UBND xã Đồng Văn công nhận"),
        "{posting}"
    );

    // Once a household is recognised its certificate stands: the round's steps no longer change.
    let settings = store.round_settings(&round.id).expect("settings");
    let settings = set(&settings, CONSULTED, "province_chairman").expect("set");
    store
        .set_round_settings(&round.id, &settings, "cán bộ xã", crate::support::AT + 1)
        .expect_err("recognised already");

    // The next month's round, whose office (the commune opens regular rounds) names the
    // province's chairman before anyone is recognised.
    let next = store
        .open_round(
            2025,
            RoundKind::Regular,
            Some(11),
            "nd07-2021",
            "cán bộ thử",
            crate::support::AT,
        )
        .expect("regular round");
    store
        .set_round_settings(&next.id, &settings, "cán bộ xã", crate::support::AT + 1)
        .expect("a commune sets its regular round's settings");
    let (certificate, posting) =
        pages_of_one(&mut store, &next, "2025-11-20", 2, &dir.path().join("b"));
    assert!(
        certificate.contains("xin ý kiến Chủ tịch UBND tỉnh Tuyên Quang trước khi công nhận."),
        "{certificate}"
    );
    assert!(
        posting.contains("xin ý kiến Chủ tịch UBND tỉnh Tuyên Quang và Chủ tịch UBND xã Đồng Văn"),
        "{posting}"
    );
}

/// The 2026 round's opening list, once the office's file names NĐ 351's method: its posting
/// list holds the households its own village meeting agreed on and its certificates those its
/// chairman recognised, each with the opening class, for 2027 under NĐ 351; certificates are
/// refused without a method and outside a transition round, and a household recognised only
/// on the closing list gets none of the opening list's.
#[test]
fn the_opening_list_prints_its_own_class_year_and_standard() {
    use rasoat_domain::classify::Settings;
    use rasoat_domain::round::classify_opening;
    use rasoat_domain::workflow::{ReviewAction, ReviewState};
    use rasoat_reports::printable::PrintedList;
    use rasoat_store::{RoundKind, StoreError};

    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, r2025) = commune_store(dir.path());
    let round = store
        .open_round(
            2026,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "cán bộ thử",
            crate::support::AT,
        )
        .expect("round 2026");
    let folder = dir.path().join("ds-2027");
    let err =
        printable::write_certificates_of(&store, &round.id, PrintedList::Opening, None, &folder)
            .expect_err("no official method");
    assert!(
        err.to_string().contains("chưa có phương pháp chính thức"),
        "{err}"
    );
    assert!(!folder.exists(), "nothing written");
    let err = printable::print_posting_lists_of(&store, &r2025.id, PrintedList::Opening, None)
        .expect_err("not a transition round");
    assert!(
        matches!(
            err,
            rasoat_reports::ReportError::Store(StoreError::Transition(_))
        ),
        "{err:?}"
    );

    // The district's file, as its batch would bring it: the shipped standards, NĐ 351 naming
    // its method.
    let shipped = include_str!("../../../../assets/standards/national.json");
    let text = shipped.replacen(
        "\"id\": \"nd351-2025\",",
        "\"id\": \"nd351-2025\", \"official_method\": \"Thông tư hướng dẫn (tệp thử)\",",
        1,
    );
    assert_ne!(text, shipped);
    let role = |store: &rasoat_store::Store, role: &str| {
        store
            .sql_for_tests()
            .execute("UPDATE installation SET role = ?1", [role])
            .expect("role");
    };
    role(&store, "district");
    store
        .load_standards(&text, None, "cán bộ huyện", crate::support::AT)
        .expect("loaded");
    role(&store, "commune");

    // A household poor or near-poor on the opening list.
    let held = store.standards().expect("standards");
    let standard = held.by_id("nd351-2025").expect("NĐ 351");
    assert!(standard.official_method.is_some());
    let spec = rasoat_demo::DemoSpec {
        communes: rasoat_demo::communes_of("00721"),
        ..rasoat_demo::DemoSpec::new(60, 1, 2026)
    };
    let (h, class) = rasoat_demo::generate(&spec)
        .find_map(|h| {
            let opening = classify_opening(
                &h,
                standard,
                2027,
                rasoat_domain::classify::Method::Score,
                &Settings::default(),
            );
            let class = opening.classification?.class;
            matches!(class, Class::Poor | Class::NearPoor).then_some((h, class))
        })
        .expect("a synthetic household poor under NĐ 351");
    let id = h.id.to_string();
    store
        .save_household(
            &round.id,
            &h,
            Some(&result("middle")),
            "thử",
            crate::support::AT,
        )
        .expect("save");
    walk(&mut store, &round.id, &id, ReviewState::Accepted);

    let posted = printable::print_posting_lists_of(&store, &round.id, PrintedList::Opening, None)
        .expect("posting");
    assert_eq!(
        (posted.households, posted.held_back),
        (0, 1),
        "not met on yet"
    );
    let step = |store: &mut rasoat_store::Store, action: ReviewAction| {
        store
            .review_opening(&id, &round.id, &action, "thử", "thử", crate::support::AT)
            .expect("opening step");
    };
    step(
        &mut store,
        ReviewAction::Meeting {
            attendees: 20,
            agreeing: 15,
        },
    );
    let posting = printable::write_posting_lists_of(
        &store,
        &round.id,
        PrintedList::Opening,
        None,
        &dir.path().join("niem-yet"),
    )
    .expect("posting");
    assert_eq!(posting.households, 1);
    let page = std::fs::read_to_string(&posting.files[0]).expect("page");
    assert!(
        posting.files[0]
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("ds-2027-niem-yet-00721")),
        "{:?}",
        posting.files
    );
    assert!(page.contains("danh sách áp dụng năm 2027 theo"), "{page}");
    assert!(page.contains("dự kiến năm 2027</h1>"), "{page}");
    assert!(page.contains("351"), "{page}");
    let class_words = if class == Class::Poor {
        "Hộ nghèo"
    } else {
        "Hộ cận nghèo"
    };
    assert!(page.contains(class_words), "{page}");
    // The round's own list holds none: its class is middle, its meeting not held.
    let own = printable::print_posting_lists(&store, &round.id, None).expect("own");
    assert_eq!(own.households, 0);
    let none = printable::print_certificates_of(&store, &round.id, PrintedList::Opening, None)
        .expect("certificates");
    assert_eq!(
        (none.households, none.held_back),
        (0, 1),
        "agreed, not recognised"
    );

    step(
        &mut store,
        ReviewAction::Recognise {
            decision_number: "45/QĐ-UBND".into(),
            decided_on: "2026-12-15".parse().expect("date"),
        },
    );
    let certificates = printable::write_certificates_of(
        &store,
        &round.id,
        PrintedList::Opening,
        None,
        &dir.path().join("gcn"),
    )
    .expect("certificates");
    assert_eq!(certificates.households, 1);
    let certificate = as_shown(&std::fs::read_to_string(&certificates.files[0]).expect("page"));
    assert!(
        certificate.contains("<b>Năm 2027</b> (theo kết quả rà soát năm 2026)"),
        "{certificate}"
    );
    assert!(
        certificate.contains("danh sách áp dụng năm 2027 theo"),
        "{certificate}"
    );
    assert!(
        certificate.contains("ngày 15 tháng 12 năm 2026"),
        "{certificate}"
    );
    assert!(!certificate.contains("Năm 2026</b>"), "{certificate}");
    assert_no_marks(&certificate, &certificates.files[0]);
}
