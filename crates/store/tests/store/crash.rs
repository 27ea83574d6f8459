//! Crash safety: a child process saves households and imports lists in a loop and is killed
//! with SIGKILL at random moments. After every kill the file must pass `integrity_check`, no
//! list may be half imported, and every save the child acknowledged must be there.
//!
//! The child is this same test binary, re-run on the `crash::child_loop` test with
//! `RASOAT_CRASH_CHILD` naming the store. `RASOAT_CRASH_KILLS` raises the number of kills
//! (default 30, a few seconds).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use rasoat_store::{ImportOptions, Store};

use crate::support::{commune_store, household, AT};

const LIST_ROWS: usize = 12;

/// The child's side. Without `RASOAT_CRASH_CHILD` (a normal test run) there is nothing to do.
#[test]
fn child_loop() {
    let Ok(path) = std::env::var("RASOAT_CRASH_CHILD") else {
        return;
    };
    let start: u64 = std::env::var("RASOAT_CRASH_START")
        .ok()
        .and_then(|s| s.parse().ok())
        .expect("start number");
    let dir = std::path::Path::new(&path)
        .parent()
        .expect("dir")
        .to_path_buf();
    let mut store = Store::open(&path).expect("child opens store");
    let round = store.current_round().expect("round");
    for i in 0u64.. {
        let n = start + i;
        if i % 4 == 3 {
            // A list whose rows all land in one village of its own: all or none.
            let village = format!("Thôn K{n} (thử)");
            let mut text = String::from("Họ và tên chủ hộ,Thôn/bản,Số thành viên,Hiện trạng\n");
            for row in 0..LIST_ROWS {
                text.push_str(&format!(
                    "Chủ hộ thử {},{village},4,Hộ nghèo\n",
                    crate::crash::letters(row)
                ));
            }
            let list = dir.join(format!("list-{n}.csv"));
            std::fs::write(&list, text).expect("write list");
            store
                .import_list(&list, &ImportOptions::default(), "crash", AT)
                .expect("import");
            println!("ACK list {village}");
        } else {
            let h = household(n);
            store
                .save_household(&round.id, &h, None, "crash", AT)
                .expect("save");
            println!("ACK save {}", h.id);
        }
    }
}

/// Row names without digits (names may not contain digits).
pub fn letters(mut n: usize) -> String {
    let mut out = String::new();
    loop {
        out.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            return out;
        }
    }
}

#[test]
fn killed_writers_leave_a_sound_store_with_every_acknowledged_save() {
    let kills: u64 = std::env::var("RASOAT_CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _, path) = commune_store(dir.path());
    drop(store);
    let exe = std::env::current_exe().expect("test binary");
    // A small xorshift for kill delays: reproducible from the seed printed on failure.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut acknowledged_saves: Vec<String> = Vec::new();
    let mut acknowledged_lists: Vec<String> = Vec::new();
    for kill in 0..kills {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_millis(40 + seed % 260);
        let mut child = Command::new(&exe)
            .args([
                "crash::child_loop",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("RASOAT_CRASH_CHILD", &path)
            .env("RASOAT_CRASH_START", (1_000_000 * (kill + 1)).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| line.strip_prefix("ACK ").map(str::to_string))
                .collect::<Vec<_>>()
        });
        std::thread::sleep(delay);
        child.kill().expect("SIGKILL the child"); // Child::kill is SIGKILL on Unix.
        child.wait().expect("reap");
        for ack in reader.join().expect("reader") {
            if let Some(id) = ack.strip_prefix("save ") {
                acknowledged_saves.push(id.to_string());
            } else if let Some(village) = ack.strip_prefix("list ") {
                acknowledged_lists.push(village.to_string());
            }
        }
        let store = Store::open(&path).expect("reopen after kill");
        store
            .integrity_check()
            .unwrap_or_else(|e| panic!("kill {kill} (delay {delay:?}): {e}"));
        let mut per_village: HashMap<String, i64> = HashMap::new();
        let mut stmt = store
            .sql_for_tests()
            .prepare("SELECT village, COUNT(*) FROM survey_record WHERE village LIKE 'Thôn K%' GROUP BY village")
            .expect("prepare");
        for row in stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .expect("query")
        {
            let (village, n) = row.expect("row");
            assert_eq!(
                n, LIST_ROWS as i64,
                "kill {kill}: list {village} half imported"
            );
            per_village.insert(village, n);
        }
        for village in &acknowledged_lists {
            assert!(
                per_village.contains_key(village),
                "kill {kill}: acknowledged list {village} lost"
            );
        }
        let mut present = store
            .sql_for_tests()
            .prepare("SELECT COUNT(*) FROM survey_record WHERE household_id = ?1")
            .expect("prepare");
        for id in &acknowledged_saves {
            let n: i64 = present.query_row([id], |r| r.get(0)).expect("count");
            assert_eq!(n, 1, "kill {kill}: acknowledged save {id} lost");
        }
    }
    assert!(
        !acknowledged_saves.is_empty() && !acknowledged_lists.is_empty(),
        "the children must have done work between kills ({} saves, {} lists)",
        acknowledged_saves.len(),
        acknowledged_lists.len()
    );
}
