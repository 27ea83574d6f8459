//! The desktop window measured as a person uses it (a benchmark, run by `scripts/bench-window`,
//! never a test): sign in, the household list, searches, the dashboard and the overview, on
//! a store the script made, with the main process's memory read from `/proc` after each step.
//!
//! Needs `tauri-driver` on the PATH, an X display (the script runs it under Xvfb), and:
//! `RASOAT_DESKTOP_BIN` (the release app), `RASOAT_DB` (the store), `RASOAT_BENCH_PIN_FILE`
//! (the PIN of the store's first person, who signs in).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

use rasoat_e2e::Driver;

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} must be set (scripts/bench-window)"))
}

async fn css(c: &Client, selector: &str, within: Duration) -> Element {
    c.wait()
        .at_most(within)
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
}

async fn text_of(c: &Client, selector: &str) -> String {
    match c.find(Locator::Css(selector)).await {
        Ok(el) => el.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Waits (polling every 10 ms) until `selector`'s text differs from `before`, and returns when;
/// after two minutes, says what the screen shows instead and gives up.
async fn changed(c: &Client, selector: &str, before: &str) -> Option<Duration> {
    let started = Instant::now();
    loop {
        let now = text_of(c, selector).await;
        if !now.is_empty() && now != before {
            return Some(started.elapsed());
        }
        if started.elapsed() > Duration::from_secs(120) {
            let shown: String = text_of(c, "main").await.chars().take(300).collect();
            println!("| {selector} did not change in 120 s | the screen shows: {shown} | |");
            return None;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The app's process: the newest process running the binary the driver started.
fn app_pid(binary: &str) -> Option<u32> {
    let out = Command::new("pgrep")
        .args(["-n", "-f", binary])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn web_pid() -> Option<u32> {
    let out = Command::new("pgrep")
        .args(["-n", "-f", "WebKitWebProcess"])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// A field of `/proc/PID/status` or `smaps_rollup`, in MiB.
fn proc_mib(pid: u32, file: &str, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/{file}"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kib| kib.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

fn memory(step: &str, binary: &str) {
    let Some(pid) = app_pid(binary) else {
        println!("| {step} | app process not found | |");
        return;
    };
    let web = web_pid().map_or(0.0, |w| proc_mib(w, "status", "VmRSS:"));
    println!(
        "| {step} | main {:.0} MiB resident (peak {:.0}; anonymous {:.0}, files {:.0}; proportional {:.0}) | web process {web:.0} MiB |",
        proc_mib(pid, "status", "VmRSS:"),
        proc_mib(pid, "status", "VmHWM:"),
        proc_mib(pid, "smaps_rollup", "Anonymous:"),
        proc_mib(pid, "status", "RssFile:"),
        // Shared library pages divided among the processes mapping them (the web process
        // maps most of WebKitGTK's too): what this process adds to the machine.
        proc_mib(pid, "smaps_rollup", "Pss:"),
    );
}

/// The main process's resident memory by mapping (summed per file; anonymous mappings by
/// kind), largest first: what the summary line above is made of. Printed with
/// `RASOAT_BENCH_MAPPINGS` set, for the steps that matter (after sign-in and at the end).
fn mappings(step: &str, binary: &str) {
    if std::env::var_os("RASOAT_BENCH_MAPPINGS").is_none() {
        return;
    }
    let Some(pid) = app_pid(binary) else {
        return;
    };
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default();
    // (resident KiB, anonymous KiB) per mapping name
    let mut by_name: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    let mut name = String::new();
    for line in smaps.lines() {
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or_default();
        if first.contains('-') && !first.ends_with(':') {
            // A mapping's header: address, permissions, offset, device, inode, then its name.
            let path = words.nth(4).unwrap_or_default();
            name = match path {
                "" => "anonymous (thread arenas, large allocations, stacks)".to_string(),
                "[heap]" => "[heap] (main arena)".to_string(),
                p if p.starts_with('/') => p.rsplit('/').next().unwrap_or(p).to_string(),
                p => p.to_string(),
            };
            continue;
        }
        let kib = || {
            words
                .clone()
                .next()
                .and_then(|k| k.parse::<u64>().ok())
                .unwrap_or(0)
        };
        match first {
            "Rss:" => by_name.entry(name.clone()).or_default().0 += kib(),
            "Anonymous:" => by_name.entry(name.clone()).or_default().1 += kib(),
            _ => {}
        }
    }
    let mut rows: Vec<_> = by_name.into_iter().collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.1 .0));
    for (name, (rss, anon)) in rows.iter().take(14) {
        println!(
            "| {step}: {name} | {:.1} MiB resident, {:.1} MiB anonymous | |",
            *rss as f64 / 1024.0,
            *anon as f64 / 1024.0
        );
    }
}

fn p95(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = ((times.len() as f64 * 0.95).ceil() as usize).clamp(1, times.len()) - 1;
    (ms(times[times.len() / 2]), ms(times[at]))
}

#[tokio::main]
async fn main() {
    let binary = var("RASOAT_DESKTOP_BIN");
    let pin = std::fs::read_to_string(var("RASOAT_BENCH_PIN_FILE")).expect("PIN file");
    let app = PathBuf::from(&binary).canonicalize().expect("app binary");
    let mut command = Command::new("tauri-driver");
    command
        .env("RASOAT_DB", var("RASOAT_DB"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let driver = Driver::start(command);
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app }),
    );
    let started = Instant::now();
    let c = ClientBuilder::native()
        .capabilities(caps)
        .connect("http://127.0.0.1:4444")
        .await
        .expect("session");
    css(&c, "[data-testid=signin]", Duration::from_secs(60)).await;
    println!("| step | figure | |");
    println!("| --- | --- | --- |");
    println!(
        "| start to the sign-in screen (through WebDriver) | {:.0} ms | |",
        started.elapsed().as_secs_f64() * 1000.0
    );
    memory("sign-in screen", &binary);
    mappings("sign-in screen", &binary);

    css(&c, "[data-testid=signin-person-0]", Duration::from_secs(20))
        .await
        .click()
        .await
        .expect("person");
    css(&c, "[data-testid=signin-pin]", Duration::from_secs(20))
        .await
        .send_keys(pin.trim())
        .await
        .expect("pin");
    let unlock = Instant::now();
    css(&c, "[data-testid=signin-submit]", Duration::from_secs(20))
        .await
        .click()
        .await
        .expect("submit");
    css(&c, "[data-testid=nav-list]", Duration::from_secs(60)).await;
    println!(
        "| unlock to the first screen | {:.0} ms | |",
        unlock.elapsed().as_secs_f64() * 1000.0
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    memory("after sign-in (dashboard)", &binary);
    mappings("after sign-in", &binary);

    let before = text_of(&c, "[data-testid=list-count]").await;
    let shown = Instant::now();
    css(&c, "[data-testid=nav-list]", Duration::from_secs(20))
        .await
        .click()
        .await
        .expect("list");
    if changed(&c, "[data-testid=list-count]", &before)
        .await
        .is_none()
    {
        memory("household list not shown", &binary);
        return;
    }
    println!(
        "| household list shown | {:.0} ms | |",
        shown.elapsed().as_secs_f64() * 1000.0
    );
    memory("household list", &binary);

    // Family names and given names common in the demo's H'Mông villages, typed as a person
    // types them (without tone marks), each search timed until the list's count changes.
    let search = css(&c, "[data-testid=search]", Duration::from_secs(20)).await;
    let mut times = Vec::new();
    let words = "giang|vang|sung|thao|ly|mua|hang|lau|giang sinh|vang mi|sung pao|thao thi|ly chu|mua say|hang mai|lau dinh|giang mi|vang thi|sung seo|thao mi";
    // The count says "more than 1,000" before and after most searches: the list's rows are
    // what changes.
    for word in words.split('|') {
        let before = text_of(&c, "main").await;
        search.clear().await.expect("clear");
        let typed = Instant::now();
        search.send_keys(word).await.expect("type");
        // The list waits for typing to pause before it asks the store (debounce); the time
        // includes that pause, as the person waits it.
        let _ = tokio::time::timeout(Duration::from_secs(10), changed(&c, "main", &before)).await;
        times.push(typed.elapsed());
    }
    let (median, ninety_fifth) = p95(times);
    println!("| search, typed to list shown (20 searches, debounce included) | median {median:.0} ms, p95 {ninety_fifth:.0} ms | |");
    memory("after 20 searches", &binary);

    for (nav, what) in [
        ("[data-testid=nav-dashboard]", "dashboard"),
        ("[data-testid=nav-overview]", "overview"),
        ("[data-testid=nav-queue]", "review queue"),
    ] {
        if let Ok(el) = c.find(Locator::Css(nav)).await {
            el.click().await.expect("nav");
            tokio::time::sleep(Duration::from_secs(3)).await;
            memory(what, &binary);
        }
    }
    // What stays while the person reads the last screen: the readings above come 3 s after a
    // click, when a screen's later requests (and the allocator's quiet second after them) may
    // not be over yet.
    tokio::time::sleep(Duration::from_secs(5)).await;
    memory("at rest, 8 s after the last click", &binary);
    mappings("at the end", &binary);

    // A search after the window has been quiet (its page cache given up a second after the
    // last store work): the pages it reads come from the file again.
    if let Ok(el) = c.find(Locator::Css("[data-testid=nav-list]")).await {
        el.click().await.expect("list");
        tokio::time::sleep(Duration::from_secs(3)).await;
        let search = css(&c, "[data-testid=search]", Duration::from_secs(20)).await;
        let mut times = Vec::new();
        for word in ["mua", "lau", "hang mai", "sung seo", "thao mi"] {
            tokio::time::sleep(Duration::from_secs(3)).await;
            let before = text_of(&c, "main").await;
            search.clear().await.expect("clear");
            let typed = Instant::now();
            search.send_keys(word).await.expect("type");
            let _ =
                tokio::time::timeout(Duration::from_secs(10), changed(&c, "main", &before)).await;
            times.push(typed.elapsed());
        }
        let (median, ninety_fifth) = p95(times);
        println!("| search after 3 s quiet (5 searches, debounce included) | median {median:.0} ms, p95 {ninety_fifth:.0} ms | |");
        tokio::time::sleep(Duration::from_secs(8)).await;
        memory("at rest again, 8 s after those searches", &binary);
    }
    let _ = c.close().await;
    drop(driver);
}
