//! The window's allocator hands what its commands freed back to the system (Linux with glibc,
//! where `allocator::give_back` is more than a no-op).

/// This process's resident memory, in KiB (`/proc/self/statm` counts 4 KiB pages).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn resident_kib() -> i64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("statm");
    let pages: i64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .expect("resident pages");
    pages * 4
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn freed_pages_go_back_to_the_system() {
    // 48 MiB in pieces of SQLite's page size (16 KiB: under glibc's threshold for a mapping of
    // their own, so they live in the arena), allocated and freed on another thread as a
    // command's pages are on the blocking pool. The piece allocated after them stays alive,
    // so the arena cannot shrink from its top by itself: only the trim returns the rest.
    let kept = std::thread::spawn(|| {
        let pieces: Vec<Vec<u8>> = (0..3072u32)
            .map(|i| vec![u8::try_from(i % 200).unwrap_or(0) + 1; 16 * 1024])
            .collect();
        let kept = vec![7u8; 16 * 1024];
        drop(pieces);
        kept
    })
    .join()
    .expect("the allocating thread ends");
    let before = resident_kib();
    assert!(rasoat_desktop::allocator::give_back());
    let after = resident_kib();
    assert!(
        before - after >= 32 * 1024,
        "resident {before} KiB before the trim, {after} KiB after"
    );
    assert_eq!(kept[0], 7);
}

/// Whether a thread of this process bears `name` (`/proc/self/task/*/comm`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn thread_named(name: &str) -> bool {
    std::fs::read_dir("/proc/self/task")
        .expect("tasks")
        .filter_map(Result::ok)
        .any(|task| {
            std::fs::read_to_string(task.path().join("comm")).is_ok_and(|comm| comm.trim() == name)
        })
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn no_trim_once_the_app_exits() {
    // The app's exit (`RunEvent::Exit`) stops the trim: the thread is there while the window
    // runs, and once stopped, the next piece of store work ends it instead of trimming.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    rasoat_desktop::allocator::start();
    // The thread names itself once it runs.
    while !thread_named("allocator-trim") {
        assert!(
            std::time::Instant::now() < deadline,
            "no trim thread while the app runs"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    rasoat_desktop::allocator::stop();
    rasoat_desktop::allocator::work_done();
    while thread_named("allocator-trim") {
        assert!(
            std::time::Instant::now() < deadline,
            "the trim thread still runs after the exit began"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
