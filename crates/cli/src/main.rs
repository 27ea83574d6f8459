//! `rasoat`: the command line of Rà soát. Each subcommand lives in its own module and only
//! translates between arguments and the library crates.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod classify;
mod demo;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Classify(args) => classify::run(args),
        Command::Demo(args) => demo::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("lỗi / error: {err:#}");
            ExitCode::from(2)
        }
    }
}
