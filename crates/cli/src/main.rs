//! `rasoat`: the command line of Rà soát. Each subcommand lives in its own module and only
//! translates between arguments and the library crates.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod classify;
mod demo;
mod exchange;
mod households;
mod init;
mod operations;
mod report;
mod rounds;
mod serve;
mod targets;
mod units;

#[derive(Debug, Parser)]
#[command(
    name = "rasoat",
    version,
    about = "Rà soát hộ nghèo, hộ cận nghèo — household poverty review"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Classify household.v1 files and explain the result.
    Classify(classify::Args),
    /// Synthetic demo data: invented households of the Đồng Văn highlands.
    Demo(demo::Args),
    /// This installation's identity card and fingerprint.
    Identity(exchange::IdentityArgs),
    /// Accept batches from the installation whose identity card this is.
    Enrol(exchange::EnrolArgs),
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
    /// The sync server's audit log: sign-ins, refusals, uploads, imports, pulls.
    Audit(operations::AuditArgs),
    /// Copy a store while it is in use (SQLite online backup), then check the copy.
    Backup(operations::BackupArgs),
    /// Check a store file for damage (quick_check, or integrity_check with --full).
    Check(operations::CheckArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Classify(args) => classify::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Identity(args) => exchange::identity(args),
        Command::Enrol(args) => exchange::enrol(args),
        Command::Batch(args) => exchange::batch(args),
        Command::Receipt(args) => exchange::receipt(args),
        Command::Conflicts(args) => exchange::conflicts(args),
        Command::Init(args) => init::run(args),
        Command::Rounds(args) => rounds::run(args),
        Command::Households(args) => households::run(args),
        Command::Units(args) => units::run(args),
        Command::Report(args) => report::run(args),
        Command::Targets(args) => targets::run(args),
        Command::Serve(args) => serve::serve(args),
        Command::Sync(args) => serve::sync(args),
        Command::Audit(args) => operations::audit(args),
        Command::Backup(args) => operations::backup(args),
        Command::Check(args) => operations::check(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("lỗi / error: {err:#}");
            ExitCode::from(2)
        }
    }
}
