//! What the real-window test and the window benchmark share: the WebDriver process they start.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `tauri-driver`, stopped with everything it started however the run ends.
pub struct Driver(pub Child);

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM first, so tauri-driver stops its WebKitWebDriver and the app itself; then
        // SIGKILL to whatever of them is left, so a driver that hung never leaves a
        // WebKitWebDriver holding port 4445 for the next run. The descendants are listed before
        // any signal: once the driver is gone they are orphans no longer found under it.
        let pid = self.0.id();
        let family = descendants(pid);
        let _ = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
        for child in family {
            let _ = Command::new("kill")
                .args(["-KILL", &child.to_string()])
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// Every process started under `pid`, children before their own children.
fn descendants(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    let mut next = vec![pid];
    while let Some(parent) = next.pop() {
        let Ok(out) = Command::new("pgrep")
            .args(["-P", &parent.to_string()])
            .output()
        else {
            continue;
        };
        for child in String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .filter_map(|p| p.parse::<u32>().ok())
        {
            found.push(child);
            next.push(child);
        }
    }
    found
}
