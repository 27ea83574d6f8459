//! `rasoat units`: the administrative units the store knows, and loading a GSO unit list.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::init::{actor, now, DbArg};

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
    /// Load a unit list in the GSO export format (CSV or XLSX); a column "Mã xã cũ" of a list
    /// of new communes loads their successions from the communes named there.
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
    /// Enter "Tổng số hộ dân cư" of a unit for a review year: the denominator of the report's
    /// rates (from the resident register).
    Households {
        #[command(flatten)]
        db: DbArg,
        /// Commune or district code.
        code: String,
        /// Number of resident households.
        households: u64,
        #[arg(long, value_name = "YEAR")]
        year: i32,
        /// A village of the commune, instead of the whole commune.
        #[arg(long)]
        village: Option<String>,
        /// The unit version's first day, when the code is ambiguous (default: the version
        /// valid on 1 September of the year).
        #[arg(long, value_name = "YYYY-MM-DD")]
        valid_from: Option<String>,
        #[arg(long)]
        actor: Option<String>,
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
        UnitsCommand::Households {
            db,
            code,
            households,
            year,
            village,
            valid_from,
            actor: who,
        } => {
            let mut store = db.open()?;
            let unit = store.set_unit_households(
                &code,
                valid_from.as_deref(),
                village.as_deref(),
                year,
                households,
                &actor(&who),
                now(),
            )?;
            println!(
                "{} ({}, từ {}){}: {households} hộ dân cư năm {year} / resident households",
                unit.name,
                unit.code,
                unit.valid_from,
                village.map_or(String::new(), |v| format!(", {v}"))
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
