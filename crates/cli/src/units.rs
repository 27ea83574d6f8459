//! `rasoat units`: the administrative units the store knows, and loading a GSO unit list.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::init::DbArg;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: UnitsCommand,
}

#[derive(Debug, clap::Subcommand)]
enum UnitsCommand {
    /// List every unit version with its validity.
    List {
        #[command(flatten)]
        db: DbArg,
    },
    /// Load a unit list in the GSO export format (CSV or XLSX).
    Load {
        #[command(flatten)]
        db: DbArg,
        file: PathBuf,
        /// First day the units are valid, YYYY-MM-DD.
        #[arg(long)]
        valid_from: String,
        /// Where the list comes from (recorded with each unit).
        #[arg(long)]
        source: String,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        UnitsCommand::List { db } => {
            let store = db.open()?;
            for unit in store.units()? {
                println!(
                    "{}\t{}\t{}–{}\t{}\t{}",
                    unit.code,
                    unit.name,
                    unit.valid_from,
                    unit.valid_to.as_deref().unwrap_or(""),
                    unit.level,
                    unit.parent_code.as_deref().unwrap_or("")
                );
            }
        }
        UnitsCommand::Load {
            db,
            file,
            valid_from,
            source,
        } => {
            let mut store = db.open()?;
            let n = store.load_gso_units(&file, &valid_from, &source)?;
            println!("đã nạp {n} đơn vị cấp xã / loaded {n} communes");
        }
    }
    Ok(ExitCode::SUCCESS)
}
