//! `rasoat rounds`: open, list, close and lock survey rounds.

use std::process::ExitCode;

use anyhow::bail;
use rasoat_domain::classify::Method;
use rasoat_store::{RoundKind, RoundState};

use crate::init::{actor, now, DbArg};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: RoundsCommand,
}

#[derive(Debug, clap::Subcommand)]
enum RoundsCommand {
    /// Open a round: the periodic annual review, or a regular monthly one.
    Open(OpenArgs),
    /// List the rounds.
    List {
        #[command(flatten)]
        db: DbArg,
    },
    /// Close a round to data entry (review steps go on).
    Close(StateArgs),
    /// Lock a round: nothing changes any more.
    Lock(StateArgs),
    /// List a round's settings (the readings it classifies by), or change one with --set.
    Settings(crate::round_settings::Args),
}

#[derive(Debug, clap::Args)]
struct OpenArgs {
    #[command(flatten)]
    db: DbArg,
    #[arg(long)]
    year: i32,
    /// periodic | regular
    #[arg(long, default_value = "periodic")]
    kind: String,
    /// Month of a regular round (1–12).
    #[arg(long)]
    month: Option<u8>,
    /// Poverty standard id (default: the national standard for the year).
    #[arg(long)]
    standard: Option<String>,
    /// How the round classifies households: score (TT 07/2021 score A and B) or income
    /// (measured 12-month income). Default: the standard's (score when it has a score table).
    #[arg(long, value_enum)]
    method: Option<MethodArg>,
    #[arg(long)]
    actor: Option<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum MethodArg {
    Score,
    Income,
}

#[derive(Debug, clap::Args)]
struct StateArgs {
    #[command(flatten)]
    db: DbArg,
    /// Round id (see `rasoat rounds list`).
    id: String,
    /// Why (journalled).
    #[arg(long, default_value = "")]
    reason: String,
    #[arg(long)]
    actor: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        RoundsCommand::Open(args) => open(args),
        RoundsCommand::List { db } => {
            let store = db.open()?;
            for round in store.rounds()? {
                // Last, so the columns before it keep their places: which year's list a
                // yearly review decides ("rà soát năm 2026 — danh sách áp dụng năm 2027").
                let title = match round.kind {
                    RoundKind::Periodic => rasoat_domain::messages::render(
                        rasoat_domain::messages::Lang::Vi,
                        &rasoat_domain::round::round_title(round.year),
                    ),
                    RoundKind::Regular => String::new(),
                };
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    round.id,
                    round.label(),
                    round.standard_id,
                    round.method.as_str(),
                    round.state.as_str(),
                    title
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        RoundsCommand::Close(args) => set_state(args, RoundState::Closed),
        RoundsCommand::Lock(args) => set_state(args, RoundState::Locked),
        RoundsCommand::Settings(args) => crate::round_settings::run(args),
    }
}

fn open(args: OpenArgs) -> anyhow::Result<ExitCode> {
    let Some(kind) = RoundKind::parse(&args.kind) else {
        bail!(
            "loại kỳ `{}` không hợp lệ (periodic | regular) / invalid kind",
            args.kind
        );
    };
    let mut store = args.db.open()?;
    let standard = match args.standard {
        Some(id) => id,
        None => match store.standards()?.national_for_year(args.year) {
            Some(standard) => standard.id.clone(),
            None => bail!(
                "không có chuẩn nghèo quốc gia cho năm {}; dùng --standard / no national standard for that year",
                args.year
            ),
        },
    };
    let actor = actor(&args.actor);
    let round = match args.method {
        Some(m) => {
            let method = match m {
                MethodArg::Score => Method::Score,
                MethodArg::Income => Method::Income,
            };
            store.open_round_with_method(
                args.year,
                kind,
                args.month,
                &standard,
                method,
                &actor,
                now(),
            )?
        }
        // The store asks the domain for the standard's default.
        None => store.open_round(args.year, kind, args.month, &standard, &actor, now())?,
    };
    println!(
        "đã mở kỳ rà soát {} (chuẩn {}, phương pháp {}) / round opened: {}",
        round.label(),
        round.standard_id,
        round.method.as_str(),
        round.id
    );
    Ok(ExitCode::SUCCESS)
}

fn set_state(args: StateArgs, state: RoundState) -> anyhow::Result<ExitCode> {
    let mut store = args.db.open()?;
    let round = store.set_round_state(&args.id, state, &actor(&args.actor), &args.reason, now())?;
    println!(
        "kỳ {}: {} / round is now {}",
        round.label(),
        state.as_str(),
        state.as_str()
    );
    Ok(ExitCode::SUCCESS)
}
