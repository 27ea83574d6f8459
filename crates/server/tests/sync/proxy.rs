//! A fault-injecting TCP proxy on loopback, standing for a commune's mobile link: each new
//! connection gets the next fault of a plan — cut after N bytes from the client, stall (hold
//! the request until the client gives up, then deliver it late on a fresh connection, so it
//! reaches the server after the client's retry), refuse — or passes bytes through.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// Close both sides once this many bytes went from the client to the server.
    CutAfter(u64),
    /// Close both sides once this many bytes went from the server to the client (an answer,
    /// a pulled page, cut on its way down).
    CutDownAfter(u64),
    /// Forward nothing; when the client gives up, send what it sent to the server anyway.
    StallThenDeliverLate,
    /// Close the connection as soon as it is accepted.
    Refuse,
}

struct Shared {
    upstream: Mutex<SocketAddr>,
    plan: Mutex<VecDeque<Fault>>,
    stop: AtomicBool,
    client_bytes: AtomicU64,
    late_deliveries: AtomicU64,
}

pub struct Proxy {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

/// Sockets that idle this long are closed, so every proxy thread ends by itself.
const IDLE: Duration = Duration::from_secs(10);

impl Proxy {
    pub fn start(upstream: SocketAddr, plan: Vec<Fault>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("addr");
        let shared = Arc::new(Shared {
            upstream: Mutex::new(upstream),
            plan: Mutex::new(plan.into()),
            stop: AtomicBool::new(false),
            client_bytes: AtomicU64::new(0),
            late_deliveries: AtomicU64::new(0),
        });
        let accept = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                while !shared.stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((client, _)) => {
                            let _ = client.set_nonblocking(false);
                            let fault = shared.plan.lock().expect("plan").pop_front();
                            let shared = Arc::clone(&shared);
                            std::thread::spawn(move || handle(client, fault, &shared));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Proxy {
            addr,
            shared,
            accept: Some(accept),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Points the proxy at another server (a restarted one).
    pub fn set_upstream(&self, upstream: SocketAddr) {
        *self.shared.upstream.lock().expect("upstream") = upstream;
    }

    /// Faults for the next connections, replacing what was left of the plan.
    pub fn set_plan(&self, plan: Vec<Fault>) {
        *self.shared.plan.lock().expect("plan") = plan.into();
    }

    pub fn late_deliveries(&self) -> u64 {
        self.shared.late_deliveries.load(Ordering::SeqCst)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn handle(client: TcpStream, fault: Option<Fault>, shared: &Shared) {
    let _ = client.set_read_timeout(Some(IDLE));
    let upstream = *shared.upstream.lock().expect("upstream");
    match fault {
        Some(Fault::Refuse) => {
            let _ = client.shutdown(Shutdown::Both);
        }
        Some(Fault::StallThenDeliverLate) => {
            let mut held = Vec::new();
            let mut reader = &client;
            let mut buf = [0u8; 16 * 1024];
            // Until the client gives up (closes) or stays silent for the idle time.
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                held.extend_from_slice(&buf[..n]);
            }
            if held.is_empty() {
                return;
            }
            if let Ok(mut late) = TcpStream::connect(upstream) {
                let _ = late.set_read_timeout(Some(IDLE));
                if late.write_all(&held).is_ok() {
                    shared.late_deliveries.fetch_add(1, Ordering::SeqCst);
                    let _ = late.shutdown(Shutdown::Write);
                    let mut sink = Vec::new();
                    let _ = late.read_to_end(&mut sink);
                }
            }
        }
        cut => {
            let Ok(server) = TcpStream::connect(upstream) else {
                return;
            };
            let _ = server.set_read_timeout(Some(IDLE));
            let (limit, down_limit) = match cut {
                Some(Fault::CutAfter(n)) => (n, u64::MAX),
                Some(Fault::CutDownAfter(n)) => (u64::MAX, n),
                _ => (u64::MAX, u64::MAX),
            };
            let (Ok(client_r), Ok(server_w)) = (client.try_clone(), server.try_clone()) else {
                return;
            };
            let up = std::thread::scope(|scope| {
                let down = scope.spawn(|| {
                    if copy(&server, &client, down_limit, None) >= down_limit {
                        let _ = client.shutdown(Shutdown::Both);
                        let _ = server.shutdown(Shutdown::Both);
                    }
                });
                let up = copy(&client_r, &server_w, limit, Some(&shared.client_bytes));
                if up >= limit {
                    // The cut: both directions die at once, like a dropped mobile link.
                    let _ = client.shutdown(Shutdown::Both);
                    let _ = server.shutdown(Shutdown::Both);
                } else {
                    let _ = server.shutdown(Shutdown::Write);
                }
                let _ = down.join();
                up
            });
            let _ = up;
        }
    }
}

/// Copies until end, error or `limit` bytes; returns the bytes copied.
fn copy(from: &TcpStream, to: &TcpStream, limit: u64, count: Option<&AtomicU64>) -> u64 {
    let mut from = from;
    let mut to = to;
    let mut buf = [0u8; 8 * 1024];
    let mut total = 0u64;
    while total < limit {
        let want = usize::try_from((limit - total).min(buf.len() as u64)).unwrap_or(buf.len());
        let n = match from.read(&mut buf[..want]) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
        total += n as u64;
        if let Some(count) = count {
            count.fetch_add(n as u64, Ordering::SeqCst);
        }
    }
    let _ = to.shutdown(Shutdown::Write);
    total
}
