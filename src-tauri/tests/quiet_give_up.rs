//! Once store work goes quiet, what the window set to be given up (its store's page cache)
//! goes, once per burst of work and never while work goes on. A binary of its own: the trim's
//! thread and hook are the process's, set once.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_page_cache_is_given_up_once_store_work_is_quiet() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(std::sync::Mutex::new(
        rasoat_store::Store::open(dir.path().join("store.sqlite")).expect("store"),
    ));
    let given_up = Arc::new(AtomicUsize::new(0));
    {
        let store = Arc::clone(&store);
        let given_up = Arc::clone(&given_up);
        rasoat_desktop::allocator::when_quiet(move || {
            if let Ok(store) = store.try_lock() {
                store
                    .release_page_cache(
                        rasoat_desktop::PAGE_CACHE_AT_REST_MIB,
                        rasoat_desktop::PAGE_CACHE_MIB,
                    )
                    .expect("page cache given up");
                given_up.fetch_add(1, Ordering::SeqCst);
            }
        });
    }
    rasoat_desktop::allocator::start();
    let wait_for = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(10);
        while given_up.load(Ordering::SeqCst) < n {
            assert!(Instant::now() < deadline, "given up {given_up:?} times");
            std::thread::sleep(Duration::from_millis(20));
        }
    };

    // A burst of work: nothing goes while it lasts, and once after it.
    let started = Instant::now();
    for _ in 0..5 {
        store
            .lock()
            .expect("store")
            .rounds()
            .expect("the store answers");
        rasoat_desktop::allocator::work_done();
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(given_up.load(Ordering::SeqCst), 0, "not while work goes on");
    wait_for(1);
    assert!(started.elapsed() >= Duration::from_millis(1400));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(given_up.load(Ordering::SeqCst), 1, "once per burst");

    // The store still answers from the file, and the next quiet gives up again.
    assert!(store
        .lock()
        .expect("store")
        .rounds()
        .expect("read again")
        .is_empty());
    rasoat_desktop::allocator::work_done();
    wait_for(2);
    rasoat_desktop::allocator::stop();
}
