//! Shared setup: a fresh installation in a temporary directory, with the reference units.

use std::path::{Path, PathBuf};

use rasoat_demo::synthetic;
use rasoat_domain::workflow::Role;
use rasoat_domain::{Date, Household};
use rasoat_store::{Round, RoundKind, Store};

/// What migration 0028 made (the household list in display order), dropped first by a test
/// that steps a store back before it: its view names columns those steps drop.
pub const DROP_0028: &str = "DROP VIEW household_list_source; DROP TABLE household_list;
     DROP TABLE household_list_row; DROP TABLE list_round;";

/// Undoes migration 0030 (what answers leave open, kept in their own row): the table 0024 made
/// is back with the same values, for a test that steps a store back before 0030.
pub const UNDO_0030: &str = "CREATE TABLE answers_open (hash TEXT PRIMARY KEY, open TEXT NOT NULL)
         STRICT, WITHOUT ROWID;
     INSERT INTO answers_open SELECT hash, open FROM answers WHERE open IS NOT NULL;
     ALTER TABLE answers DROP COLUMN open;";

/// A fixed instant (2025-10-01 08:00 UTC): the store never reads the clock, so tests pass time.
pub const AT: i64 = 1_759_305_600_000;

pub fn date(text: &str) -> Date {
    text.parse().expect("test date")
}

/// A commune installation of xã Đồng Văn (00721) with the 2025 periodic round open.
pub fn commune_store(dir: &Path) -> (Store, Round, PathBuf) {
    store_with_role(dir, Role::Commune)
}

pub fn store_with_role(dir: &Path, role: Role) -> (Store, Round, PathBuf) {
    let path = dir.join("store.sqlite");
    let mut store = Store::open(&path).expect("open store");
    store.load_reference_units().expect("reference units");
    store
        .init_installation(role, "00721", "cán bộ thử", AT)
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
        .expect("open round");
    (store, round, path)
}

/// Synthetic household `n` of xã Đồng Văn, village "Thôn Má Lủng (thử)", 5 members.
pub fn household(n: u64) -> Household {
    synthetic::household(
        n,
        "08",
        "00721",
        "Thôn Má Lủng (thử)",
        5,
        date("2025-10-01"),
    )
}

/// Runs the test `child` of this binary alone, with `env`, as a crash test's child: it prints
/// START when its work begins and `DONE <µs>` when it ends. With `kill_after` it is killed
/// (SIGKILL) that long after START and nothing is returned; without, its run time in µs.
pub fn crash_child(
    exe: &Path,
    child: &str,
    env: &[(&str, &Path)],
    kill_after: Option<std::time::Duration>,
) -> Option<u128> {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let mut command = Command::new(exe);
    command
        .args([child, "--exact", "--nocapture", "--test-threads=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("spawn child");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    // Wait until the child is about to start its work, so the delay falls inside it.
    for line in lines.by_ref() {
        // libtest may print the test's name on the same line first.
        if line.expect("line").ends_with("START") {
            break;
        }
    }
    match kill_after {
        Some(delay) => {
            std::thread::sleep(delay);
            child.kill().expect("SIGKILL the child"); // Child::kill is SIGKILL on Unix.
            child.wait().expect("reap");
            None
        }
        None => {
            let done = lines
                .map_while(Result::ok)
                .find_map(|l| l.split_once("DONE ").map(|(_, t)| t.trim().to_string()))
                .expect("the child finishes");
            child.wait().expect("reap");
            done.parse().ok()
        }
    }
}
