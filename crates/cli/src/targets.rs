//! `rasoat targets`: the resolution dashboard of a round — each target the review can measure,
//! its formula, the value for the whole territory and each commune, the gap and the trend.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use rasoat_reports::confidence_mark;

use crate::init::DbArg;
use crate::report::{basis, load_targets, peak_memory};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    /// Review year of the periodic round.
    #[arg(long, value_name = "YEAR")]
    round: i32,
    /// A targets file (targets.v1) instead of the shipped Đồng Văn resolution.
    #[arg(long, value_name = "FILE")]
    file: Option<PathBuf>,
    /// recorded | new | old
    #[arg(long, default_value = "recorded")]
    units: String,
    /// Only the whole territory, not each commune.
    #[arg(long)]
    district_only: bool,
    #[arg(long)]
    json: bool,
    /// Print the time taken and the peak memory to stderr.
    #[arg(long)]
    stats: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let store = args.db.open()?;
    let round = store.periodic_round_of_year(args.round)?;
    let targets = load_targets(args.file.as_ref())?;
    let report = store.target_report(&round.id, &targets, basis(&args.units)?)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} — kỳ {} (xu hướng / trend: {})",
            report.targets_name_vi,
            report.round.year,
            report
                .years
                .iter()
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )?;
        for row in &report.rows {
            let t = &row.target;
            writeln!(out)?;
            writeln!(
                out,
                "■ {} {} {} {} — {}",
                t.name_vi,
                t.comparison.symbol(),
                t.value,
                t.unit,
                confidence_mark(t.confidence)
            )?;
            writeln!(out, "  công thức: {}", t.formula_vi)?;
            writeln!(out, "  nguồn: {}", t.source)?;
            if let (Some(r), Some(c)) = (t.reduction, t.reduction_confidence) {
                writeln!(out, "  cách hiểu: {r:?} {}", confidence_mark(c))?;
            }
            if let Some(c) = row.rule_confidence {
                writeln!(out, "  cách đo {}", confidence_mark(c))?;
            }
            for u in row
                .units
                .iter()
                .take(if args.district_only { 1 } else { usize::MAX })
            {
                let f = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.2}"));
                writeln!(
                    out,
                    "  {:<6} {:<28} {:>14}  {}  khoảng cách {:>10}  xu hướng [{}]{}",
                    u.unit.code,
                    u.unit.name,
                    f(u.value),
                    match u.met {
                        Some(true) => "ĐẠT     ",
                        Some(false) => "CHƯA ĐẠT",
                        None => "—       ",
                    },
                    f(u.gap),
                    u.trend
                        .iter()
                        .map(|p| format!("{}: {}", p.year, f(p.value)))
                        .collect::<Vec<_>>()
                        .join(", "),
                    u.since_baseline
                        .map_or(String::new(), |b| format!("; từ mốc 2020: {b:.2}/năm"))
                )?;
            }
        }
    }
    if args.stats {
        eprintln!(
            "thống kê / stats: {:.3} s, bộ nhớ đỉnh / peak RSS {}",
            started.elapsed().as_secs_f64(),
            peak_memory().unwrap_or_else(|| "?".into())
        );
    }
    Ok(ExitCode::SUCCESS)
}
