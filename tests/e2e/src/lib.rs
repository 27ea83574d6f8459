//! What the real-window test and the window benchmark share: the WebDriver process they start.

use std::net::TcpStream;
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

/// The port the tests talk WebDriver on (tauri-driver's).
pub const PORT: u16 = 4444;
/// The port of the WebKitWebDriver behind it.
pub const NATIVE_PORT: u16 = 4445;

impl Driver {
    /// Starts `tauri-driver` (`command`, its environment set by the caller) on the two ports,
    /// and waits until both listen. A port another process still holds (a driver of an earlier
    /// step still dying, or another run sharing this network namespace) is waited for a few
    /// seconds, then named in the failure with its holder, instead of the session failing later
    /// with a proxy error from someone else's driver.
    pub fn start(mut command: Command) -> Driver {
        for port in [PORT, NATIVE_PORT] {
            let deadline = Instant::now() + Duration::from_secs(10);
            let started = Instant::now();
            while listening(port) {
                assert!(
                    Instant::now() < deadline,
                    "port {port} is still taken before the driver starts:\n{}",
                    holders(port)
                );
                std::thread::sleep(Duration::from_millis(50));
            }
            if started.elapsed() > Duration::from_millis(100) {
                eprintln!(
                    "port {port} was free only after {:?} (the driver before still ending)",
                    started.elapsed()
                );
            }
        }
        let mut driver = Driver(
            command
                .args([
                    "--port",
                    &PORT.to_string(),
                    "--native-port",
                    &NATIVE_PORT.to_string(),
                ])
                .spawn()
                .expect("tauri-driver starts"),
        );
        let deadline = Instant::now() + Duration::from_secs(15);
        for port in [PORT, NATIVE_PORT] {
            while !listening(port) {
                if let Ok(Some(status)) = driver.0.try_wait() {
                    panic!("tauri-driver ended before listening on {port}: {status}");
                }
                assert!(
                    Instant::now() < deadline,
                    "nothing listens on {port} 15 s after tauri-driver started"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        driver
    }
}

/// Whether something accepts connections on `port` of the loopback.
fn listening(port: u16) -> bool {
    TcpStream::connect(("127.0.0.1", port)).is_ok()
}

/// The processes listening on `port`, as `ss` lists them.
fn holders(port: u16) -> String {
    Command::new("ss")
        .args(["-ltnpH", &format!("sport = :{port}")])
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
        .unwrap_or_else(|e| format!("(ss did not run: {e})"))
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
