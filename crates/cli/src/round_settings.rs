//! `rasoat rounds settings`: the readings a round classifies by, listed, and changed one key at
//! a time by the office that may open the round.

use std::process::ExitCode;

use anyhow::bail;
use rasoat_domain::round_settings::{procedure_lines, set, setting_lines};
use rasoat_domain::score_a::UNCLEAR_IN_TEXT_VI;

use crate::init::{actor, now, DbArg};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    /// Round id (see `rasoat rounds list`).
    #[arg(long)]
    round: String,
    /// Change one setting: `key=value` (see the list for the keys and the values each takes).
    #[arg(long, value_name = "KEY=VALUE")]
    set: Option<String>,
    #[arg(long)]
    actor: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut store = args.db.open()?;
    let round = store.round(&args.round)?;
    let mut settings = store.round_settings(&round.id)?;
    if let Some(pair) = &args.set {
        let Some((key, value)) = pair.split_once('=') else {
            bail!("cần dạng khóa=giá trị, ví dụ score.working_age=labour_code2019 / expected key=value");
        };
        settings = set(&settings, key, value)?;
        let n = store.set_round_settings(&round.id, &settings, &actor(&args.actor), now())?;
        println!(
            "kỳ {}: đã đổi {} = {}; đã phân loại lại {n} hộ / round settings changed; {n} households classified again",
            round.label(),
            key.trim(),
            value.trim()
        );
    }
    println!(
        "Thiết lập của kỳ {} / settings of the round:",
        round.label()
    );
    // The readings, then who is consulted and who recognises (by the round's dates unless
    // chosen).
    let lines = setting_lines(&settings).into_iter().chain(procedure_lines(
        &settings,
        round.year,
        round.month,
    ));
    for line in lines {
        let chosen = if line.reading.is_default {
            "mặc định / default".to_string()
        } else {
            "đã chọn / chosen".to_string()
        };
        let value = if line.value.is_empty() {
            "(chưa chọn / none)"
        } else {
            line.value.as_str()
        };
        let unclear = if line.unclear_in_text {
            format!(" [{UNCLEAR_IN_TEXT_VI}]")
        } else {
            String::new()
        };
        println!("{} = {value} ({chosen}){unclear}", line.key);
        println!("    {}: {}", line.reading.name_vi, line.reading.chosen_vi);
        if !line.values.is_empty() {
            println!("    nhận / values: {}", line.values.join(" | "));
        }
    }
    Ok(ExitCode::SUCCESS)
}
