//! `rasoat serve` (the district sync server) and `rasoat sync` (one pass of this
//! installation's outbox to a server). Only translates arguments to `rasoat_server`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args as ClapArgs;
use rasoat_store::Store;

fn store_path(db: &Option<PathBuf>) -> anyhow::Result<PathBuf> {
    Ok(match db {
        Some(path) => path.clone(),
        None => match std::env::var_os("RASOAT_DB") {
            Some(db) if !db.is_empty() => PathBuf::from(db),
            _ => bail!("cần --db (hoặc biến RASOAT_DB) / need --db (or RASOAT_DB)"),
        },
    })
}

fn open_store(db: &Option<PathBuf>) -> anyhow::Result<Store> {
    crate::signin::open(&store_path(db)?, false)
}

/// How `rasoat serve` writes its log lines to stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One readable line per event (what the systemd journal shows).
    Text,
    /// One JSON object per line, for a log collector.
    Json,
}

/// Logs to stderr, filtered by `RASOAT_LOG` (e.g. `info`, `debug`, `rasoat_server=debug`;
/// default `info`). Lines name routes, codes and installations, never a person.
fn init_logs(format: LogFormat) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_env("RASOAT_LOG")
        .or_else(|_| tracing_subscriber::EnvFilter::try_new("info"))
        .context("RASOAT_LOG")?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let installed = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder
            .compact()
            .with_ansi(std::io::stderr().is_terminal())
            .try_init(),
    };
    installed.map_err(|e| anyhow::anyhow!("log: {e}"))
}

#[derive(Debug, ClapArgs)]
pub struct ServeArgs {
    /// The server's store, an initialised installation (default: $RASOAT_DB).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Address to listen on, e.g. 0.0.0.0:8443 (127.0.0.1:0 picks a free port).
    #[arg(long)]
    listen: String,
    /// Unlock the store with this key file (made by `rasoat people service-key`; mode 0600,
    /// readable by the server's account only) instead of a person's PIN; default
    /// $RASOAT_KEY_FILE.
    #[arg(long, value_name = "PATH")]
    key_file: Option<PathBuf>,
    /// Serve HTTPS with this certificate chain (PEM). A district without a public CA makes a
    /// self-signed one, not marked as a CA (docs/sync-protocol.md, TLS), and gives the file to
    /// its communes, who pass it to `rasoat sync --ca`.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Log lines on stderr: text, or json for a log collector. `RASOAT_LOG` sets the level.
    #[arg(long, value_enum, default_value = "text")]
    log_format: LogFormat,
    #[command(flatten)]
    limits: Limits,
}

/// Every limit of the server, with the defaults of `rasoat_server::ServerConfig` (a test
/// keeps the two the same).
#[derive(Debug, ClapArgs)]
#[command(next_help_heading = "Giới hạn / Limits")]
struct Limits {
    /// Seconds a request (body included) may take before it is answered `timeout`.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    request_timeout: u64,
    /// Seconds a connection has to send a whole request head, after opening and after each
    /// answer; a half-sent head or a silent socket is closed then.
    #[arg(long, value_name = "SECONDS", default_value_t = 15)]
    header_read_timeout: u64,
    /// Seconds a TLS client has to finish its handshake.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    tls_handshake_timeout: u64,
    /// Connections open at once, in all; lowered to fit the descriptor limit (`ulimit -n`),
    /// which the server raises as far as the system allows.
    #[arg(long, value_name = "N", default_value_t = 4_096)]
    max_connections: usize,
    /// Connections open at once from one client address (an IPv6 /64 counts as one).
    #[arg(long, value_name = "N", default_value_t = 64)]
    max_connections_per_address: usize,
    /// Seconds a session lives.
    #[arg(long, value_name = "SECONDS", default_value_t = 1800)]
    session_ttl: u64,
    /// Sessions held at once, in all.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_sessions: usize,
    /// Sessions per installation; one more ends its oldest.
    #[arg(long, value_name = "N", default_value_t = 16)]
    max_sessions_per_installation: usize,
    /// Seconds a sign-in challenge waits for its signature.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    challenge_ttl: u64,
    /// Challenges waiting at once; one more drops the oldest.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_challenges: usize,
    /// Requests an installation may make in a burst…
    #[arg(long, value_name = "N", default_value_t = 120)]
    rate_burst: u32,
    /// …and how many more it earns per second.
    #[arg(long, value_name = "N", default_value_t = 40)]
    rate_per_second: u32,
    /// Sign-in requests one client address may make in a burst…
    #[arg(long, value_name = "N", default_value_t = 600)]
    anonymous_burst: u32,
    /// …and how many more it earns per second.
    #[arg(long, value_name = "N", default_value_t = 100)]
    anonymous_per_second: u32,
    /// Requests of one installation at the store at once.
    #[arg(long, value_name = "N", default_value_t = 4)]
    max_requests_per_installation: usize,
    /// Read-only database connections serving pulls beside the writer.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pull_readers: usize,
    /// MiB of database page cache for the writer at most (each pull reader keeps 16).
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    writer_page_cache_mib: u32,
    /// Entries in one pull page at most, whatever the client asks.
    #[arg(long, value_name = "N", default_value_t = 5_000)]
    max_pull_page_entries: u64,
    /// Unfinished uploads per installation; one more drops its oldest.
    #[arg(long, value_name = "N", default_value_t = 8)]
    max_uploads_per_installation: usize,
    /// Bytes the unfinished uploads of one installation may announce in all.
    #[arg(long, value_name = "BYTES", default_value_t = 268_435_456)]
    max_upload_bytes_per_installation: u64,
    /// Seconds an upload may stay unfinished before it is dropped and its space reused.
    #[arg(long, value_name = "SECONDS", default_value_t = 86_400)]
    upload_ttl: u64,
}

impl Limits {
    fn config(&self) -> rasoat_server::ServerConfig {
        use std::time::Duration;
        rasoat_server::ServerConfig {
            request_timeout: Duration::from_secs(self.request_timeout),
            header_read_timeout: Duration::from_secs(self.header_read_timeout),
            tls_handshake_timeout: Duration::from_secs(self.tls_handshake_timeout),
            max_connections: self.max_connections,
            max_connections_per_address: self.max_connections_per_address,
            session_ttl: Duration::from_secs(self.session_ttl),
            max_sessions: self.max_sessions,
            max_sessions_per_installation: self.max_sessions_per_installation,
            challenge_ttl: Duration::from_secs(self.challenge_ttl),
            max_challenges: self.max_challenges,
            rate_burst: self.rate_burst,
            rate_per_second: self.rate_per_second,
            anonymous_burst: self.anonymous_burst,
            anonymous_per_second: self.anonymous_per_second,
            max_requests_per_installation: self.max_requests_per_installation,
            pull_readers: self.pull_readers,
            writer_page_cache_mib: self.writer_page_cache_mib,
            max_pull_page_entries: self.max_pull_page_entries,
            max_uploads_per_installation: self.max_uploads_per_installation,
            max_upload_bytes_per_installation: self.max_upload_bytes_per_installation,
            upload_ttl: Duration::from_secs(self.upload_ttl),
        }
    }
}

/// Every connection is a descriptor, and so are the store's files: a server that ran out of
/// them could accept nobody. Takes what the system allows, and keeps the connections within it.
#[cfg(unix)]
fn fit_descriptors(mut config: rasoat_server::ServerConfig) -> rasoat_server::ServerConfig {
    if let Ok(descriptors) = rlimit::increase_nofile_limit(u64::MAX) {
        let room = usize::try_from(descriptors.saturating_sub(64)).unwrap_or(usize::MAX);
        if config.max_connections > room {
            eprintln!(
                "Chỉ mở được {descriptors} tệp: nhận tối đa {room} kết nối / only {descriptors} descriptors: at most {room} connections"
            );
            config.max_connections = room;
        }
    }
    config
}

#[cfg(not(unix))]
fn fit_descriptors(config: rasoat_server::ServerConfig) -> rasoat_server::ServerConfig {
    config
}

/// Listens on `address` with a long queue of connections not yet accepted (the system's cap
/// permitting): a burst of connections, hostile or not, then waits instead of being dropped
/// unseen by the kernel.
async fn listen(address: &str) -> std::io::Result<tokio::net::TcpListener> {
    let mut last = std::io::Error::from(std::io::ErrorKind::AddrNotAvailable);
    for addr in tokio::net::lookup_host(address).await? {
        let socket = if addr.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        socket.set_reuseaddr(true)?;
        match socket.bind(addr).and_then(|()| socket.listen(4_096)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = e,
        }
    }
    Err(last)
}

fn read_file(path: &PathBuf) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("không đọc được / cannot read {}", path.display()))
}

pub fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    // Read and checked before anything listens: a bad certificate must stop the start, never
    // fall back to serving in clear.
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(rasoat_server::tls_config(
            &read_file(cert)?,
            &read_file(key)?,
        )?),
        _ => None,
    };
    init_logs(args.log_format)?;
    let path = store_path(&args.db)?;
    let store = match &args.key_file {
        // A service unlocks from its key file, which only its account may read.
        Some(key_file) => crate::signin::open_with_key_file(&path, key_file),
        None => crate::signin::open(&path, false),
    }
    .map_err(|e| crate::operations::explain_if_damaged(&path, e))?;
    let state = rasoat_server::ServerState::new(store, fit_descriptors(args.limits.config()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("tokio")?;
    runtime.block_on(async move {
        let listener = listen(&args.listen)
            .await
            .with_context(|| format!("không nghe được / cannot listen on {}", args.listen))?;
        let addr = listener.local_addr()?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        println!(
            "Máy chủ {} đang nghe / listening on {scheme}://{addr}",
            state.server_id()
        );
        std::io::stdout().flush()?;
        tracing::info!(
            server = state.server_id(),
            address = %addr,
            scheme,
            version = env!("CARGO_PKG_VERSION"),
            "listening"
        );
        // Ctrl-C at a console, SIGTERM from systemd: both let requests in flight finish.
        let shutdown = async {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{signal, SignalKind};
                match signal(SignalKind::terminate()) {
                    Ok(mut terminate) => {
                        tokio::select! {
                            _ = tokio::signal::ctrl_c() => {}
                            _ = terminate.recv() => {}
                        }
                    }
                    Err(_) => {
                        let _ = tokio::signal::ctrl_c().await;
                    }
                }
            }
            #[cfg(not(unix))]
            {
                let _ = tokio::signal::ctrl_c().await;
            }
        };
        match tls {
            Some(tls) => rasoat_server::serve_tls(listener, state, tls, shutdown).await?,
            None => rasoat_server::serve(listener, state, shutdown).await?,
        }
        tracing::info!("stopped");
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, ClapArgs)]
pub struct SyncArgs {
    /// This installation's store (default: $RASOAT_DB).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// The district sync server, e.g. https://192.168.1.10:8443 (or http:// on a trusted
    /// network). Needed to sync; `status` and `discard` work offline.
    #[arg(long)]
    server: Option<String>,
    /// A certificate (PEM) to trust for an https:// server besides the system's roots: the
    /// district's self-signed certificate.
    #[arg(long)]
    ca: Option<PathBuf>,
    /// Only send; do not fetch what the server has.
    #[arg(long)]
    no_pull: bool,
    #[command(subcommand)]
    action: Option<SyncAction>,
}

#[derive(Debug, clap::Subcommand)]
enum SyncAction {
    /// The outbox (pending and refused batches, with the reason and the tries) and the last
    /// passes, as JSON.
    Status,
    /// Drop a batch from the outbox, e.g. one the server refused for good once its cause is
    /// fixed; its entries go in the next batch, so nothing is lost.
    Discard {
        /// The batch id, as `rasoat sync status` lists it.
        batch_id: String,
    },
}

pub fn sync(args: SyncArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_store(&args.db)?;
    match args.action {
        Some(SyncAction::Status) => {
            let status = serde_json::json!({
                "outbox": rasoat_sync_client::outbox(&store)?,
                "state": rasoat_sync_client::sync_state(&store)?,
            });
            // Written, not printed: a closed pipe (`| head`) ends the command, never panics it.
            writeln!(
                std::io::stdout(),
                "{}",
                serde_json::to_string_pretty(&status)?
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(SyncAction::Discard { batch_id }) => {
            let dropped = rasoat_sync_client::discard(&mut store, &batch_id)?;
            println!(
                "Đã bỏ lô {} khỏi hộp thư đi; các mục của nó sẽ được gửi trong lô sau / discarded batch {}; its entries go in the next batch",
                dropped.batch_id, dropped.batch_id
            );
            return Ok(ExitCode::SUCCESS);
        }
        None => {}
    }
    let Some(server) = args.server else {
        bail!("cần --server URL / need --server URL");
    };
    let trusted_ca = args.ca.as_ref().map(read_file).transpose()?;
    let options = rasoat_sync_client::SyncOptions {
        pull: !args.no_pull,
        trusted_ca,
        ..rasoat_sync_client::SyncOptions::default()
    };
    let report = rasoat_sync_client::sync_once_with(&mut store, &server, &options)
        .with_context(|| format!("đồng bộ với / syncing with {server}"))?;
    println!(
        "Đã gửi {} lô ({} byte), nhận {} lô ({} hồ sơ); còn chờ {} lô / sent {} batches, pulled {}, {} pending",
        report.batches_acknowledged,
        report.bytes_sent,
        report.batches_pulled,
        report.records_pulled,
        report.pending_batches,
        report.batches_acknowledged,
        report.batches_pulled,
        report.pending_batches,
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Serve {
        #[command(flatten)]
        args: super::ServeArgs,
    }

    #[test]
    fn the_flags_default_to_the_servers_own_limits() {
        let parsed = Serve::try_parse_from(["serve", "--listen", "127.0.0.1:0"]).expect("parse");
        let from_flags = format!("{:?}", parsed.args.limits.config());
        let defaults = format!("{:?}", rasoat_server::ServerConfig::default());
        assert_eq!(from_flags, defaults);
    }
}
