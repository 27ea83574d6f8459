//! `rasoat serve` (the district sync server) and `rasoat sync` (one pass of this
//! installation's outbox to a server). Only translates arguments to `rasoat_server`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args as ClapArgs;
use rasoat_store::Store;

fn open_store(db: &Option<PathBuf>) -> anyhow::Result<Store> {
    let path = match db {
        Some(path) => path.clone(),
        None => match std::env::var_os("RASOAT_DB") {
            Some(db) if !db.is_empty() => PathBuf::from(db),
            _ => bail!("cần --db (hoặc biến RASOAT_DB) / need --db (or RASOAT_DB)"),
        },
    };
    Store::open(&path).with_context(|| format!("mở kho / opening store {}", path.display()))
}

#[derive(Debug, ClapArgs)]
pub struct ServeArgs {
    /// The server's store, an initialised installation (default: $RASOAT_DB).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Address to listen on, e.g. 0.0.0.0:8443 (127.0.0.1:0 picks a free port).
    #[arg(long)]
    listen: String,
    /// TLS certificate (PEM). Not supported by this build yet.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// TLS private key (PEM). Not supported by this build yet.
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
}

pub fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    if args.tls_cert.is_some() || args.tls_key.is_some() {
        // Refused rather than silently served in clear: a cadre who asked for TLS must not
        // believe the link is encrypted. Batches themselves are encrypted and signed either way.
        bail!(
            "bản này chưa hỗ trợ TLS; hãy đặt máy chủ sau một proxy TLS (docs/sync-protocol.md) / \
             this build does not serve TLS yet; put a TLS-terminating proxy in front (docs/sync-protocol.md)"
        );
    }
    let store = open_store(&args.db)?;
    let state = rasoat_server::ServerState::new(store, rasoat_server::ServerConfig::default())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("tokio")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("không nghe được / cannot listen on {}", args.listen))?;
        let addr = listener.local_addr()?;
        println!(
            "Máy chủ {} đang nghe / listening on http://{addr}",
            state.server_id()
        );
        std::io::stdout().flush()?;
        rasoat_server::serve(listener, state, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, ClapArgs)]
pub struct SyncArgs {
    /// This installation's store (default: $RASOAT_DB).
    #[arg(long)]
    db: Option<PathBuf>,
    /// The district sync server, e.g. http://192.168.1.10:8443.
    #[arg(long, required_unless_present = "status")]
    server: Option<String>,
    /// Only send; do not fetch what the server has.
    #[arg(long)]
    no_pull: bool,
    /// Print the outbox and the last passes instead of syncing.
    #[arg(long)]
    status: bool,
}

pub fn sync(args: SyncArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_store(&args.db)?;
    if args.status {
        let state = rasoat_server::sync_state(&store)?;
        println!("{}", serde_json::to_string_pretty(&state)?);
        return Ok(ExitCode::SUCCESS);
    }
    let Some(server) = args.server else {
        bail!("cần --server URL / need --server URL");
    };
    let options = rasoat_server::SyncOptions {
        pull: !args.no_pull,
        ..rasoat_server::SyncOptions::default()
    };
    let report = rasoat_server::sync_once_with(&mut store, &server, &options)
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
