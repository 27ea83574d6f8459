//! `rasoat`: the command line of Rà soát. Each subcommand lives in its own module and only
//! translates between arguments and the library crates.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rasoat_batch::BatchError;
use rasoat_reports::ReportError;
use rasoat_server::ServerError;
use rasoat_store::StoreError;
use rasoat_sync_client::SyncError;

mod classify;
mod demo;
mod exchange;
mod households;
mod init;
mod moving;
mod operations;
mod people;
mod report;
mod round_settings;
mod rounds;
mod serve;
mod signin;
mod standards;
mod targets;
mod units;
mod update;

#[derive(Debug, Parser)]
#[command(
    name = "rasoat",
    version,
    about = "Rà soát hộ nghèo, hộ cận nghèo — household poverty review"
)]
struct Cli {
    /// Who signs in (default: $RASOAT_USER). The PIN is typed at the terminal, or read from
    /// the file $RASOAT_PIN_FILE names; never given as an argument.
    #[arg(long, global = true, value_name = "NAME")]
    user: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Classify household.v1 files and explain the result.
    Classify(classify::Args),
    /// Synthetic demo data: invented households of the Đồng Văn highlands or of any province.
    Demo(demo::Args),
    /// This installation's identity card and fingerprint.
    Identity(exchange::IdentityArgs),
    /// Accept batches from the installation whose identity card this is.
    Enrol(exchange::EnrolArgs),
    /// Revoke an installation (a lost or stolen laptop): from now on its batches are refused
    /// here and wherever the revocation travels; what it made before stays.
    Revoke(exchange::RevokeArgs),
    /// Signed, encrypted batches: export, verify, import.
    Batch(exchange::BatchArgs),
    /// Receipts: tell a sender what arrived.
    Receipt(exchange::ReceiptArgs),
    /// Records edited on two installations from the same parent.
    Conflicts(exchange::ConflictsArgs),
    /// Make a store file an installation: role and administrative unit.
    Init(init::Args),
    /// Survey rounds: open, list, close, lock.
    Rounds(rounds::Args),
    /// The office's standards file (NĐ 351/2025's method and thresholds): load, list.
    Standards(standards::Args),
    /// Households: import the list, list, show, export, review steps, report.
    Households(households::Args),
    /// Administrative units: list, load a GSO list.
    Units(units::Args),
    /// Summary tables of a round (district, communes, villages); Excel, CSV, posting lists,
    /// certificates.
    Report(report::Args),
    /// The resolution's targets: value, gap and trend per commune.
    Targets(targets::Args),
    /// The district sync server.
    Serve(serve::ServeArgs),
    /// Send this installation's pending batches to the sync server and fetch what it lacks.
    Sync(serve::SyncArgs),
    /// The audit: the sync server's log (sign-ins, refusals, uploads, imports, pulls) and what
    /// each person did here (sign-ins, failed ones, exports with names, imports, decisions), or
    /// on the installations whose action logs came here with their batches.
    Audit(operations::AuditArgs),
    /// People who sign in on this installation: list, add, disable, reset or change a PIN,
    /// the idle lock, a server's key file.
    People(people::Args),
    /// Copy a store while it is in use (SQLite online backup), then check the copy.
    Backup(operations::BackupArgs),
    /// Move this installation to another machine: one file encrypted to a passphrase (out),
    /// the store made from it on the new machine (in).
    Move(moving::Args),
    /// Check a store file for damage (quick_check, or integrity_check with --full).
    Check(operations::CheckArgs),
    /// Install a new version from a signed update file (USB stick): check, install, keygen,
    /// sign.
    Update(update::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    signin::set_user(cli.user.or_else(|| std::env::var("RASOAT_USER").ok()));
    let result = match cli.command {
        Command::Classify(args) => classify::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Identity(args) => exchange::identity(args),
        Command::Enrol(args) => exchange::enrol(args),
        Command::Revoke(args) => exchange::revoke(args),
        Command::Batch(args) => exchange::batch(args),
        Command::Receipt(args) => exchange::receipt(args),
        Command::Conflicts(args) => exchange::conflicts(args),
        Command::Init(args) => init::run(args),
        Command::Rounds(args) => rounds::run(args),
        Command::Standards(args) => standards::run(args),
        Command::Households(args) => households::run(args),
        Command::Units(args) => units::run(args),
        Command::Report(args) => report::run(args),
        Command::Targets(args) => targets::run(args),
        Command::Serve(args) => serve::serve(args),
        Command::Sync(args) => serve::sync(args),
        Command::Audit(args) => operations::audit(args),
        Command::People(args) => people::run(args),
        Command::Backup(args) => operations::backup(args),
        Command::Move(args) => moving::run(args),
        Command::Check(args) => operations::check(args),
        Command::Update(args) => update::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("lỗi / error: {err:#}");
            if let Some(hint) = next_step(&err) {
                eprintln!("{hint}");
            }
            ExitCode::from(2)
        }
    }
}

/// The command that gets a person past an error, for the errors whose cure is a command. The
/// libraries' messages name no command, since the desktop shows them too.
fn next_step(err: &anyhow::Error) -> Option<&'static str> {
    err.chain().find_map(|cause| {
        if let Some(store) = store_error_in(cause) {
            match store {
                StoreError::NotInitialised => {
                    return Some("chạy `rasoat init` trước / run `rasoat init` first")
                }
                StoreError::NoOpenRound => {
                    return Some("chạy `rasoat rounds open` / run `rasoat rounds open`")
                }
                _ => {}
            }
        }
        if let Some(BatchError::UnknownSender { .. }) = batch_error_in(cause) {
            return Some("đăng ký thẻ của máy gửi: `rasoat enrol THẺ` / enrol the sender's card: `rasoat enrol CARD`");
        }
        if let Some(SyncError::ServerNotEnrolled { .. }) = cause.downcast_ref::<SyncError>() {
            return Some("đăng ký thẻ của máy chủ: `rasoat enrol THẺ` / enrol the server's card: `rasoat enrol CARD`");
        }
        None
    })
}

/// The batch error inside `cause`, also when a wrapper passes it on transparently (a
/// transparent variant hands on the inner error's cause, so `chain()` never yields it).
fn batch_error_in<'a>(cause: &'a (dyn std::error::Error + 'static)) -> Option<&'a BatchError> {
    cause
        .downcast_ref::<BatchError>()
        .or_else(|| match cause.downcast_ref::<SyncError>() {
            Some(SyncError::Batch(e)) => Some(e),
            _ => None,
        })
        .or_else(|| match cause.downcast_ref::<ServerError>() {
            Some(ServerError::Batch(e)) => Some(e),
            _ => None,
        })
}

/// The store error inside `cause`, through the same transparent wrappers.
fn store_error_in<'a>(cause: &'a (dyn std::error::Error + 'static)) -> Option<&'a StoreError> {
    if let Some(e) = cause.downcast_ref::<StoreError>() {
        return Some(e);
    }
    if let Some(BatchError::Store(e)) = batch_error_in(cause) {
        return Some(e);
    }
    match (
        cause.downcast_ref::<SyncError>(),
        cause.downcast_ref::<ServerError>(),
        cause.downcast_ref::<ReportError>(),
    ) {
        (Some(SyncError::Store(e)), _, _)
        | (_, Some(ServerError::Store(e)), _)
        | (_, _, Some(ReportError::Store(e))) => Some(e),
        _ => None,
    }
}
