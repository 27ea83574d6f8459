//! Crash safety of a batch import: a child process verifies and imports a commune's batch into
//! a district store on disk and is killed with SIGKILL at random moments. After every kill the
//! file must pass `PRAGMA integrity_check`, hold the batch wholly or not at all (a digest of
//! every table equals the digest before the import or the digest after a complete one), and
//! importing the batch again must complete it exactly once.
//!
//! The child is this same test binary, re-run on `child_imports_the_batch` with
//! `RASOAT_CRASH_CHILD` naming the store and `RASOAT_CRASH_BATCH` the batch file. Half of the
//! kills fall at a random moment from the child's start (opening, verifying, writing), half
//! at a random moment after it has verified the batch, so most of those land inside the write
//! transaction (the ranges adapt to the machine's speed as the kills go). `RASOAT_CRASH_KILLS`
//! raises the number of kills (default 10, about 30 s in a debug build):
//! `RASOAT_CRASH_KILLS=200 cargo test -p rasoat-batch --release --test crash -- --nocapture`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rasoat_demo::synthetic;
use rasoat_domain::workflow::Role;
use rasoat_domain::Date;
use rasoat_store::{RoundKind, Store, SurveyResult};

/// A fixed instant (2025-10-01 08:00 UTC); the test never reads the clock, so the complete
/// import is the same in every process and its digest can be compared.
const AT: i64 = 1_759_305_600_000;
/// Households in the batch that is killed: its write transaction takes a few hundred
/// milliseconds in a debug build, long enough for random kills to land inside it, small
/// enough to keep the default run brief (verification in a debug build is the slow part).
const BATCH_HOUSEHOLDS: u64 = 150;
/// Households the district already holds from an earlier batch of the same commune (the
/// killed batch carries them again: duplicates on the way).
const EARLIER_HOUSEHOLDS: u64 = 20;

/// The child's side. Without `RASOAT_CRASH_CHILD` (a normal test run) there is nothing to do.
#[test]
fn child_imports_the_batch() {
    let (Ok(path), Ok(batch)) = (
        std::env::var("RASOAT_CRASH_CHILD"),
        std::env::var("RASOAT_CRASH_BATCH"),
    ) else {
        return;
    };
    let bytes = std::fs::read(batch).expect("child reads the batch");
    let mut store = Store::open(&path).expect("child opens the store");
    let verified = rasoat_batch::verify_batch(&store, &bytes).expect("child verifies");
    println!("VERIFIED");
    let report = rasoat_batch::import_verified(&mut store, verified, AT).expect("child imports");
    println!("DONE {}", report.new_entries);
}

struct Site {
    store: Store,
    id: String,
    card: Vec<u8>,
}

fn site(mut store: Store, role: Role, unit: &str) -> Site {
    store.load_reference_units().expect("units");
    let installation = store
        .init_installation(role, unit, "cán bộ thử", AT)
        .expect("init");
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
    }
}

fn survey(commune: &mut Site, round_id: &str, range: std::ops::Range<u64>) {
    let day: Date = "2025-10-01".parse().expect("date");
    let households: Vec<_> = range
        .map(|n| {
            (
                synthetic::household(n, "02", "00721", "Thôn Thử", 5, day),
                Some(SurveyResult {
                    standard_id: "nd07-2021".into(),
                    method: "score".into(),
                    class: ["poor", "near_poor", "middle", "other"][(n % 4) as usize].into(),
                    score_a: Some(100 + (n % 50) as i32),
                    score_b: Some((n % 5) as i32),
                    deprived: vec![],
                    phieu_a: None,
                }),
            )
        })
        .collect();
    commune
        .store
        .save_households(round_id, &households, "điều tra viên", AT + 1000)
        .expect("save");
}

/// Every table's digest (rows sorted: content, not insertion order), from the store.
fn digest(store: &Store) -> BTreeMap<String, String> {
    store.table_digests().expect("table digests")
}

/// Puts the snapshot back as the store file, with no WAL left from a killed child.
fn restore(snapshot: &Path, path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            std::fs::remove_file(&file).expect("remove store file");
        }
    }
    std::fs::copy(snapshot, path).expect("restore snapshot");
}

/// What a child printed before it ended or was killed.
struct Child {
    process: std::process::Child,
    lines: mpsc::Receiver<String>,
    reader: std::thread::JoinHandle<()>,
}

fn spawn_child(path: &Path, batch: &Path) -> Child {
    let exe = std::env::current_exe().expect("test binary");
    let mut process = Command::new(exe)
        .args([
            "child_imports_the_batch",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("RASOAT_CRASH_CHILD", path)
        .env("RASOAT_CRASH_BATCH", batch)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let stdout = process.stdout.take().expect("stdout");
    let (send, lines) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                return;
            }
        }
    });
    Child {
        process,
        lines,
        reader,
    }
}

/// Waits for a line with `prefix`; false when the child ended without it.
fn wait_for(child: &Child, prefix: &str) -> bool {
    while let Ok(line) = child.lines.recv_timeout(Duration::from_secs(120)) {
        // libtest prints the test's name on the same line as its first output.
        if line.contains(prefix) {
            return true;
        }
    }
    false
}

#[test]
fn a_killed_batch_import_is_all_or_nothing_and_a_rerun_completes_it_once() {
    let kills: u64 = std::env::var("RASOAT_CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("district.rasoat");
    let snapshot = dir.path().join("before.rasoat");
    let complete = dir.path().join("complete.rasoat");
    let batch_path = dir.path().join("commune.rsbatch");

    // A commune's households; the district on disk holds the first few already.
    let mut commune = site(
        Store::open_in_memory().expect("store"),
        Role::Commune,
        "00721",
    );
    let round = commune
        .store
        .open_round(2025, RoundKind::Periodic, None, "nd07-2021", "cán bộ", AT)
        .expect("round");
    let mut district = site(Store::open(&path).expect("store"), Role::District, "026");
    // The periodic round is the district's to open; the commune's copy only joins it.
    district
        .store
        .open_round(2025, RoundKind::Periodic, None, "nd07-2021", "cán bộ", AT)
        .expect("district round");
    rasoat_batch::enrol(&mut district.store, &commune.card, AT).expect("enrol commune");
    rasoat_batch::enrol(&mut commune.store, &district.card, AT).expect("enrol district");
    survey(&mut commune, &round.id, 0..EARLIER_HOUSEHOLDS);
    let earlier =
        rasoat_batch::export_batch(&mut commune.store, &district.id, AT + 2000).expect("export");
    rasoat_batch::import_batch(&mut district.store, &earlier, AT).expect("earlier batch");
    survey(
        &mut commune,
        &round.id,
        EARLIER_HOUSEHOLDS..EARLIER_HOUSEHOLDS + BATCH_HOUSEHOLDS,
    );
    let batch =
        rasoat_batch::export_batch(&mut commune.store, &district.id, AT + 3000).expect("export");
    std::fs::write(&batch_path, &batch).expect("write batch");
    let batch_id = rasoat_batch::verify_batch(&district.store, &batch)
        .expect("verify")
        .manifest
        .batch_id;
    let snapshot_sql = format!("VACUUM INTO '{}'", snapshot.display());
    district
        .store
        .sql_for_tests()
        .execute_batch(&snapshot_sql)
        .expect("snapshot");
    let before = digest(&district.store);
    drop(district);

    // The complete import, done here, and once by a child left alone: the same digest, which
    // also proves the import is deterministic enough to compare digests at all.
    restore(&snapshot, &complete);
    let after = {
        let mut store = Store::open(&complete).expect("open copy");
        let report = rasoat_batch::import_batch(&mut store, &batch, AT).expect("import");
        assert_eq!(report.new_entries as u64, BATCH_HOUSEHOLDS);
        digest(&store)
    };
    assert_ne!(before, after);
    restore(&snapshot, &path);
    let started = Instant::now();
    let mut child = spawn_child(&path, &batch_path);
    assert!(wait_for(&child, "VERIFIED"), "the child verifies the batch");
    let verified_after = started.elapsed();
    assert!(wait_for(&child, "DONE"), "the child imports the batch");
    let total = started.elapsed();
    child.process.wait().expect("reap");
    child.reader.join().expect("reader");
    let write_time = total - verified_after;
    {
        let store = Store::open(&path).expect("open");
        assert_eq!(digest(&store), after, "a child's complete import");
    }

    // A small xorshift for the kill delays: reproducible, printed on failure.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |bound: Duration| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        Duration::from_micros(seed % (bound.as_micros() as u64).max(1))
    };
    let (mut in_verification, mut in_write, mut whole) = (0u32, 0u32, 0u32);
    // The ranges the delays are drawn from, from the calibration run, adjusted as the kills go
    // (the machine's speed varies): narrowed after a kill that came after the commit, widened
    // after one that came before, so most kills keep landing inside the import.
    let mut start_bound = total + total / 5;
    let mut write_bound = write_time + write_time / 10;
    for kill in 0..kills {
        restore(&snapshot, &path);
        let mut child = spawn_child(&path, &batch_path);
        let after_verify = kill % 2 == 1;
        let delay = if after_verify {
            next(write_bound)
        } else {
            next(start_bound)
        };
        let mut verified = after_verify && wait_for(&child, "VERIFIED");
        std::thread::sleep(delay);
        child.process.kill().expect("SIGKILL the child"); // Child::kill is SIGKILL on Unix.
        child.process.wait().expect("reap");
        // What the child said before it died (all of it: the reader ends at the pipe's end):
        // verified, and whether it reported the commit.
        child.reader.join().expect("reader");
        let mut done = false;
        for line in child.lines.try_iter() {
            verified |= line.contains("VERIFIED");
            done |= line.contains("DONE");
        }
        let phase = if after_verify {
            "verification"
        } else {
            "start"
        };
        let context = format!("kill {kill} ({delay:?} after {phase})");

        let mut store = Store::open(&path).unwrap_or_else(|e| panic!("{context}: reopen: {e}"));
        store
            .integrity_check()
            .unwrap_or_else(|e| panic!("{context}: {e}"));
        let found = digest(&store);
        let bound = if after_verify {
            &mut write_bound
        } else {
            &mut start_bound
        };
        *bound = if found == after {
            *bound * 7 / 10
        } else {
            *bound * 11 / 10
        };
        let applied = if found == before {
            assert!(
                !done,
                "{context}: an import the child reported done is lost"
            );
            if verified {
                in_write += 1;
            } else {
                in_verification += 1;
            }
            false
        } else if found == after {
            assert!(verified, "{context}: applied before it was verified");
            whole += 1;
            true
        } else {
            panic!("{context}: the batch is half applied (digest matches neither state)");
        };
        // Importing again completes it, once.
        let report = rasoat_batch::import_batch(&mut store, &batch, AT)
            .unwrap_or_else(|e| panic!("{context}: re-run: {e}"));
        assert_eq!(report.already_imported, applied, "{context}");
        let expected_new = if applied { 0 } else { BATCH_HOUSEHOLDS };
        assert_eq!(report.new_entries as u64, expected_new, "{context}");
        assert_eq!(digest(&store), after, "{context}: after the re-run");
        let recorded: i64 = store
            .sql_for_tests()
            .query_row(
                "SELECT COUNT(*) FROM sync_batch WHERE id = ?1",
                [&batch_id],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(recorded, 1, "{context}: the batch recorded once");
    }
    println!(
        "{kills} kills: {in_verification} while verifying and {in_write} while writing left the \
         store as before, {whole} after the commit found the batch complete \
         (child: {total:?} in all, {write_time:?} writing)"
    );
}
