//! The window's freed memory handed back to the system once store work goes quiet (Linux with
//! glibc only).
//!
//! Every command runs its store work on a thread of the blocking pool, and glibc gives each
//! thread that allocates an arena of its own (up to eight per core). SQLite's pages, the
//! temporary b-trees of a count and the rows of a list are allocated in whichever arena the
//! thread had, and when they are freed glibc keeps them there for the next allocation: the
//! process stays at its peak. So a second after the last piece of store work the main process
//! asks glibc (`malloc_trim`) to return the free pages of every arena. It never runs inside a
//! command, so no save or search waits for it (`docs/benchmarks.md`, the desktop window at
//! 200,000 households; limiting the arenas to two was measured too, kept nothing off the
//! resident memory on its own, and is not done). Just before, the store's connection gives up
//! its page cache but for the 8 MiB it used last (`when_quiet`): the rest of the 32 MiB a list
//! or a count filled, live until then, which no trim could return.
//!
//! The only unsafe code of the workspace (one call into the C library, which the `libc` crate
//! declares unsafe like any foreign function); `tests/tests/architecture.rs` keeps it here.

/// How long store work must be quiet before the free pages go back: long enough that a burst
/// of commands (a screen asks for several things at once) is trimmed once, at its end.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const QUIET: std::time::Duration = std::time::Duration::from_secs(1);

#[cfg(all(target_os = "linux", target_env = "gnu"))]
static WORK_DONE: std::sync::OnceLock<std::sync::mpsc::Sender<()>> = std::sync::OnceLock::new();

/// Held while the free pages go back; `true` once the app has begun to exit. The exit's
/// handlers free what they hold while a trim would walk every arena under its lock: the two
/// are kept apart as a precaution (no hang from their meeting was ever seen, see
/// `docs/benchmarks.md`): `stop` waits for a trim under way, and none starts after it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
static STOPPED: std::sync::Mutex<bool> = std::sync::Mutex::new(false);

/// What else goes once store work is quiet, before the free pages go back: the store's page
/// cache (`run` sets it). Set once.
static WHEN_QUIET: std::sync::OnceLock<Box<dyn Fn() + Send + Sync>> = std::sync::OnceLock::new();

/// Sets what is given up, once store work is quiet, before the free pages go back (the
/// window's page cache, whose pages the trim then returns). A second call is ignored.
pub fn when_quiet(give_up: impl Fn() + Send + Sync + 'static) {
    let _ = WHEN_QUIET.set(Box::new(give_up));
}

/// Starts the thread that returns free pages after store work. Called once, first thing in
/// `run`.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn start() {
    use std::sync::mpsc::{self, RecvTimeoutError};

    let (done, quiet) = mpsc::channel();
    if WORK_DONE.set(done).is_err() {
        return;
    }
    // Without this thread the app works as before, only keeping more memory: a failure to
    // start it is not worth stopping the window for.
    let _ = std::thread::Builder::new()
        .name("allocator-trim".to_string())
        .spawn(move || {
            while quiet.recv().is_ok() {
                loop {
                    match quiet.recv_timeout(QUIET) {
                        Ok(()) => continue,
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                if !give_back_unless_stopped() {
                    return;
                }
            }
        });
}

/// Gives the free pages back unless the app is exiting; whether it still may.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back_unless_stopped() -> bool {
    // A poisoned lock only means a panic elsewhere held it; the flag is still right.
    let stopped = STOPPED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if *stopped {
        return false;
    }
    if let Some(give_up) = WHEN_QUIET.get() {
        give_up();
    }
    give_back();
    true
}

/// Called when the app begins to exit: waits for a trim under way to end, and none starts
/// after, so the exit's own freeing never meets the trim's walk.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn stop() {
    *STOPPED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = true;
}

/// Other systems: nothing to stop.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn stop() {}

/// Other systems' allocators return memory on their own terms, and have no such calls.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn start() {}

/// Says that a piece of store work has just ended: its free memory goes back once the work is
/// quiet for a second.
pub fn work_done() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if let Some(done) = WORK_DONE.get() {
        let _ = done.send(());
    }
}

/// Returns the free pages of every arena to the system now; whether any went back.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn give_back() -> bool {
    // SAFETY: `malloc_trim` takes no pointer and has no precondition: it walks glibc's own
    // free lists under each arena's lock, leaving every live allocation where it is.
    #[allow(unsafe_code)]
    let released = unsafe { libc::malloc_trim(0) };
    released == 1
}

/// Other systems: nothing to give back by hand.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back() -> bool {
    false
}
