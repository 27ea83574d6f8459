//! Earlier rounds counted on second connections while the window's connection counts its
//! own round give the figures counting them one after the other gives, and a write made
//! while they count is never hidden by what they counted.

use rasoat_domain::targets::Targets;
use rasoat_store::counted_beside::FiguresAsked;
use rasoat_store::report::{ReportRequest, RoundReport};
use rasoat_store::{Store, UnitBasis};

use crate::access::{CHEAP, PIN};
use crate::kept_reports::{
    complete, measured, poor_household, three_poor_finished, two_rounds, whole,
};
use crate::support::AT;

fn trend(round_id: &str) -> ReportRequest {
    ReportRequest {
        changes: false,
        ..whole(round_id)
    }
}

/// What the dashboard asks beside its current round's report: that round's sums, from what
/// the report gathers, and an earlier round's report and sums.
fn dashboard_split<'a>(latest: &str, earlier: &str, targets: &'a Targets) -> [FiguresAsked<'a>; 2] {
    [
        FiguresAsked {
            round_id: latest.to_string(),
            report: None,
            sums: Some((targets, UnitBasis::AsRecorded)),
            gathered_here: true,
        },
        earlier_round(earlier, targets),
    ]
}

/// An earlier round's trend report and target sums, as the dashboard asks them.
fn earlier_round<'a>(earlier: &str, targets: &'a Targets) -> FiguresAsked<'a> {
    FiguresAsked {
        round_id: earlier.to_string(),
        report: Some(trend(earlier)),
        sums: Some((targets, UnitBasis::AsRecorded)),
        gathered_here: false,
    }
}

fn targets_json(store: &Store, round_id: &str, targets: &Targets) -> String {
    let report = store
        .target_report(round_id, targets, UnitBasis::AsRecorded)
        .expect("targets");
    serde_json::to_string(&report).expect("json")
}

/// Two rounds of three finished poor households each, then the store opened again with
/// nothing kept: the store, the earlier and the latest round, the file.
fn nothing_kept(dir: &std::path::Path) -> (Store, String, String, std::path::PathBuf) {
    nothing_kept_but(dir, true)
}

/// As [`nothing_kept`]; `digests` says whether the answers' digests were written first.
fn nothing_kept_but(
    dir: &std::path::Path,
    digests: bool,
) -> (Store, String, String, std::path::PathBuf) {
    let (mut store, earlier, latest, path) = two_rounds(dir);
    three_poor_finished(&mut store, [&earlier, &latest]);
    // The answers' digests the target sums read are written by the first count (a second
    // connection cannot write them: it leaves those sums to this one).
    if digests {
        let targets = Targets::dong_van_2020().expect("targets");
        targets_json(&store, &latest, &targets);
    }
    drop(store);
    forget_kept(&path);
    let store = Store::open(&path).expect("open again");
    (store, earlier, latest, path)
}

fn forget_kept(path: &std::path::Path) {
    rusqlite::Connection::open(path)
        .expect("the file")
        .execute("DELETE FROM kept_figures", [])
        .expect("forget");
}

/// The figures one connection counts, round after round: what counting beside must give.
fn counted_alone(path: &std::path::Path, earlier: &str, latest: &str) -> (RoundReport, String) {
    forget_kept(path);
    let store = Store::open(path).expect("open");
    let targets = Targets::dong_van_2020().expect("targets");
    let report = store.round_report(&trend(earlier)).expect("report");
    let sums = targets_json(&store, latest, &targets);
    assert_eq!(store.reports_counted_beside(), 0);
    (report, sums)
}

#[test]
fn an_earlier_round_counted_beside_is_the_one_counted_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, earlier, latest, path) = nothing_kept(dir.path());
    let targets = Targets::dong_van_2020().expect("targets");
    let asked = [earlier_round(&earlier, &targets)];
    let here = store.count_beside(&asked, || {
        store.round_report(&whole(&latest)).expect("latest")
    });
    assert_eq!(here.rows[0].counts.poor, 3);
    assert_eq!(here.rows[0].counts.previous_poor, 3);
    // One core counts everything here: the connections would only take turns.
    let two_cores = two_cores();
    assert_eq!(
        store.reports_counted_beside(),
        if two_cores { 2 } else { 0 },
        "the earlier round's report and sums"
    );
    let beside_report = store.round_report(&trend(&earlier)).expect("report");
    let beside_sums = targets_json(&store, &latest, &targets);
    assert_eq!(
        store.reports_counted(),
        if two_cores { 2 } else { 4 },
        "only the latest round's report and, from what it gathered, its sums were counted here"
    );
    drop(store);

    let (alone_report, alone_sums) = counted_alone(&path, &earlier, &latest);
    assert_eq!(beside_report, alone_report);
    assert_eq!(beside_sums, alone_sums);
}

/// The dashboard's split: the current round's report here, its sums and the earlier round
/// beside. Each figure is counted once, and as one connection counts it alone.
#[test]
fn the_current_round_s_sums_counted_beside_its_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, earlier, latest, path) = nothing_kept(dir.path());
    let targets = Targets::dong_van_2020().expect("targets");
    let asked = dashboard_split(&latest, &earlier, &targets);
    let latest_report = store.count_beside(&asked, || {
        store.round_report(&whole(&latest)).expect("latest")
    });
    let beside_report = store.round_report(&trend(&earlier)).expect("report");
    let beside_sums = targets_json(&store, &latest, &targets);
    if two_cores() {
        assert_eq!(store.reports_counted_beside(), 3, "two sums and a report");
        assert_eq!(
            store.reports_counted(),
            1,
            "the latest round's report alone"
        );
    }
    drop(store);
    let (alone_report, alone_sums) = counted_alone(&path, &earlier, &latest);
    assert_eq!(beside_report, alone_report);
    assert_eq!(beside_sums, alone_sums);
    let store = Store::open(&path).expect("open");
    assert_eq!(
        store.round_report(&whole(&latest)).expect("latest"),
        latest_report
    );
}

/// Households finished in two rounds, six of them in both: their answers' hashes fall on both
/// sides of where two connections split the digest pass the rounds share.
#[test]
fn rounds_summed_in_one_shared_digest_pass_are_the_ones_counted_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, earlier, latest, path) = two_rounds(dir.path());
    for k in 1..=18u64 {
        let (m, poor, result) = poor_household(k * 40, 2025);
        let rounds: &[&String] = match k {
            1..=6 => &[&earlier],
            7..=12 => &[&earlier, &latest],
            _ => &[&latest],
        };
        for round in rounds {
            store
                .save_household(round, &poor, Some(&result), "thử", AT)
                .expect("save");
            complete(&mut store, round, m, AT + 1);
        }
    }
    let targets = Targets::dong_van_2020().expect("targets");
    targets_json(&store, &latest, &targets);
    targets_json(&store, &earlier, &targets);
    drop(store);
    // Each round's records, and those of the households in both, on both sides of the split.
    let file = rusqlite::Connection::open(&path).expect("the file");
    for (which, filter) in [
        ("the earlier round's", format!("r.round_id = '{earlier}'")),
        ("the latest round's", format!("r.round_id = '{latest}'")),
        (
            "the households in both rounds'",
            format!(
                "r.round_id = '{earlier}' AND EXISTS (SELECT 1 FROM survey_record o
                 WHERE o.round_id = '{latest}' AND o.answers_hash = r.answers_hash)"
            ),
        ),
    ] {
        let halves: i64 = file
            .query_row(
                &format!(
                    "SELECT count(DISTINCT substr(r.answers_hash, 1, 1) < '8')
                     FROM survey_record r WHERE r.answers_hash IS NOT NULL AND {filter}"
                ),
                [],
                |r| r.get(0),
            )
            .expect("hashes");
        assert_eq!(
            halves, 2,
            "{which} answers' hashes lie on both sides of the split"
        );
    }
    drop(file);
    forget_kept(&path);
    let store = Store::open(&path).expect("open again");
    let asked = dashboard_split(&latest, &earlier, &targets);
    store.count_beside(&asked, || {
        store.round_report(&whole(&latest)).expect("latest");
    });
    if two_cores() {
        assert_eq!(store.reports_counted_beside(), 3, "two sums and a report");
    }
    let beside_report = store.round_report(&trend(&earlier)).expect("report");
    let beside_sums = targets_json(&store, &latest, &targets);
    let beside_earlier_sums = targets_json(&store, &earlier, &targets);
    if two_cores() {
        assert_eq!(
            store.reports_counted(),
            1,
            "the latest round's report alone"
        );
    }
    // Not two empty sums alike: every finished form of each round is measured.
    for round in [&earlier, &latest] {
        assert_eq!(measured(&store, round), 12.0);
    }
    drop(store);
    let (alone_report, alone_sums) = counted_alone(&path, &earlier, &latest);
    assert_eq!(beside_report, alone_report);
    assert_eq!(beside_sums, alone_sums);
    forget_kept(&path);
    let store = Store::open(&path).expect("open");
    assert_eq!(
        targets_json(&store, &earlier, &targets),
        beside_earlier_sums
    );
}

/// A form finished in the earlier round by another process while that round is counted
/// beside: what the second connection counted before the write is never given after it.
/// (Whichever came first, the write or the second connection's count, the figures given
/// must be the ones counted alone after the write.)
#[test]
fn a_write_while_a_round_is_counted_beside_is_in_the_figures_given_after() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, earlier, latest, path) = nothing_kept(dir.path());
    let targets = Targets::dong_van_2020().expect("targets");
    let asked = [earlier_round(&earlier, &targets)];
    let (m, poor, result) = poor_household(200, 2025);
    store.count_beside(&asked, || {
        // The second connection reads the generations first and counts three forms: long
        // done by now, before the write.
        std::thread::sleep(std::time::Duration::from_millis(300));
        let mut other = Store::open(&path).expect("another process");
        other
            .save_household(&earlier, &poor, Some(&result), "thử", AT)
            .expect("save");
        complete(&mut other, &earlier, m, AT + 2);
    });
    let given = store.round_report(&trend(&earlier)).expect("report");
    assert_eq!(given.rows[0].counts.poor, 4);
    let given_sums = targets_json(&store, &latest, &targets);
    drop(store);
    let (alone_report, alone_sums) = counted_alone(&path, &earlier, &latest);
    assert_eq!(given, alone_report);
    assert_eq!(given_sums, alone_sums);
}

fn two_cores() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
}

/// While another process holds the write lock, nothing counted beside can be written to the
/// file: the window's connection keeps it in its memo and does not count it again.
#[test]
fn figures_counted_beside_while_another_writer_holds_the_lock_are_not_counted_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, earlier, latest, path) = nothing_kept(dir.path());
    let targets = Targets::dong_van_2020().expect("targets");
    let asked = [earlier_round(&earlier, &targets)];
    let writer = rusqlite::Connection::open(&path).expect("another process");
    writer
        .execute_batch("BEGIN IMMEDIATE")
        .expect("holds the write lock");
    store.count_beside(&asked, || {
        store.round_report(&whole(&latest)).expect("latest");
    });
    let given = store.round_report(&trend(&earlier)).expect("report");
    let given_sums = targets_json(&store, &latest, &targets);
    if two_cores() {
        assert_eq!(store.reports_counted_beside(), 2);
        assert_eq!(
            store.reports_counted(),
            2,
            "the latest round's report and sums alone"
        );
    }
    writer.execute_batch("ROLLBACK").expect("lets go");
    drop(store);
    let (alone_report, alone_sums) = counted_alone(&path, &earlier, &latest);
    assert_eq!(given, alone_report);
    assert_eq!(given_sums, alone_sums);
}

/// Answers without their digests: the second connection counts the report and leaves the
/// sums, whose digests must first be written, to the window's connection.
#[test]
fn sums_whose_digests_are_missing_are_left_to_the_window_s_connection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, earlier, latest, path) = nothing_kept_but(dir.path(), false);
    let targets = Targets::dong_van_2020().expect("targets");
    let asked = [earlier_round(&earlier, &targets)];
    store.count_beside(&asked, || {
        store.round_report(&whole(&latest)).expect("latest");
    });
    if two_cores() {
        assert_eq!(store.reports_counted_beside(), 1, "the report alone");
    }
    let given = store.round_report(&trend(&earlier)).expect("report");
    let given_sums = targets_json(&store, &latest, &targets);
    drop(store);
    let (alone_report, alone_sums) = counted_alone(&path, &earlier, &latest);
    assert_eq!(given, alone_report);
    assert_eq!(given_sums, alone_sums);
}

/// An encrypted store's second connections open with the window's key and count the same.
#[test]
fn an_encrypted_store_counts_beside_with_its_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, earlier, latest, path) = nothing_kept(dir.path());
    drop(store);
    let (alone_report, alone_sums) = counted_alone(&path, &earlier, &latest);
    forget_kept(&path);
    let store = Store::protect(&path, "Quản trị thử", PIN, CHEAP, AT)
        .expect("encrypted in place")
        .store;
    let targets = Targets::dong_van_2020().expect("targets");
    let asked = [earlier_round(&earlier, &targets)];
    store.count_beside(&asked, || {
        store.round_report(&whole(&latest)).expect("latest");
    });
    if two_cores() {
        assert_eq!(store.reports_counted_beside(), 2);
    }
    assert_eq!(
        store.round_report(&trend(&earlier)).expect("report"),
        alone_report
    );
    assert_eq!(targets_json(&store, &latest, &targets), alone_sums);
}

/// A store with no file counts everything on its one connection.
#[test]
fn a_store_without_a_file_counts_here() {
    let store = Store::open_in_memory().expect("store");
    let targets = Targets::dong_van_2020().expect("targets");
    let asked = [FiguresAsked {
        round_id: "no-such-round".into(),
        report: Some(trend("no-such-round")),
        sums: Some((&targets, UnitBasis::AsRecorded)),
        gathered_here: false,
    }];
    assert_eq!(store.count_beside(&asked, || 7), 7);
    assert_eq!(store.reports_counted_beside(), 0);
}
