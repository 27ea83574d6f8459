//! `rasoat report`: the summary tables of a round (district, communes, villages), printed, or
//! exported as an Excel workbook or CSV files; with `--posting` the village lists for public
//! posting and with `--certificates` the Mẫu 03 certificates, as print-ready HTML pages.
//! `--stats` prints the time taken and the peak memory (the report benchmark).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use rasoat_domain::targets::Targets;
use rasoat_reports::export::{self, ExportOptions};
use rasoat_reports::printable;
use rasoat_store::report::{Denominator, ReportLevel, ReportRequest};
use rasoat_store::{Store, UnitBasis};

use crate::init::DbArg;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    /// Review year of the periodic round.
    #[arg(long, value_name = "YEAR")]
    round: i32,
    /// Only this commune (a district code keeps the whole report).
    #[arg(long, value_name = "CODE")]
    unit: Option<String>,
    /// recorded | new | old: the units to count in.
    #[arg(long, default_value = "recorded")]
    units: String,
    /// Leave out the village rows.
    #[arg(long)]
    no_villages: bool,
    /// Write an Excel workbook.
    #[arg(long, value_name = "FILE", conflicts_with = "csv")]
    xlsx: Option<PathBuf>,
    /// Write CSV files into this folder.
    #[arg(long, value_name = "DIR")]
    csv: Option<PathBuf>,
    /// Add the list of households (with heads' names) to the export.
    #[arg(long)]
    households: bool,
    /// Add the resolution dashboard to the export (the shipped Đồng Văn targets, or this file).
    #[arg(long)]
    targets: bool,
    #[arg(long, value_name = "FILE")]
    targets_file: Option<PathBuf>,
    /// Write one posting list per village (niêm yết), HTML, into this folder.
    #[arg(long, value_name = "DIR")]
    posting: Option<PathBuf>,
    /// Write one Mẫu 03 certificate per poor or near-poor household, HTML, into this folder.
    #[arg(long, value_name = "DIR")]
    certificates: Option<PathBuf>,
    /// Which list the posting lists and certificates are of: `closing` (the round's own, the
    /// default) or, in a transition round, `opening` (the list of the status year under the new
    /// standard, once its official method is loaded).
    #[arg(long, default_value = "closing", value_name = "closing|opening")]
    list: String,
    /// Print the time taken and the peak memory to stderr.
    #[arg(long)]
    stats: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// The list `--list` names.
fn printed_list(word: &str) -> anyhow::Result<printable::PrintedList> {
    Ok(match word {
        "closing" => printable::PrintedList::Round,
        "opening" => printable::PrintedList::Opening,
        other => bail!(
            "danh sách `{other}` không hợp lệ: cần closing (danh sách đóng) hoặc opening (danh \
             sách áp dụng năm sau) / unknown list `{other}`: expected closing or opening"
        ),
    })
}

pub fn basis(word: &str) -> anyhow::Result<UnitBasis> {
    Ok(match word {
        "recorded" => UnitBasis::AsRecorded,
        "new" => UnitBasis::New,
        "old" => UnitBasis::Old,
        other => bail!("`{other}`: cần recorded | new | old / expected recorded, new or old"),
    })
}

/// The targets to measure: a file a province or district wrote, else the shipped resolution.
pub fn load_targets(file: Option<&PathBuf>) -> anyhow::Result<Targets> {
    Ok(match file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("đọc / reading {}", path.display()))?;
            Targets::from_json(&text)?
        }
        None => Targets::dong_van_2020()?,
    })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut store = args.db.open()?;
    let round = store.periodic_round_of_year(args.round)?;
    let basis = basis(&args.units)?;
    let report = store.round_report(&ReportRequest {
        round_id: round.id.clone(),
        basis,
        unit: args.unit.clone(),
        villages: !args.no_villages,
        changes: true,
    })?;
    let report_done = started.elapsed();
    let dashboard = if args.targets || args.targets_file.is_some() {
        let targets = load_targets(args.targets_file.as_ref())?;
        Some(store.target_report(&round.id, &targets, basis)?)
    } else {
        None
    };
    let options = ExportOptions {
        targets: dashboard.as_ref(),
        households: args.households,
    };
    let mut wrote = None;
    if let Some(path) = &args.xlsx {
        let summary = export::write_xlsx(&store, &report, &options, path)?;
        if args.households {
            crate::signin::record(
                &mut store,
                rasoat_store::ActionEvent::ExportWithNames,
                Some(&crate::signin::file_name(path)),
                summary.households,
            )?;
        }
        eprintln!(
            "đã ghi / wrote {} ({} hộ trong danh sách / households listed)",
            path.display(),
            summary.households
        );
        wrote = Some(summary);
    } else if let Some(dir) = &args.csv {
        let summary = export::write_csv(&store, &report, &options, dir)?;
        if args.households {
            crate::signin::record(
                &mut store,
                rasoat_store::ActionEvent::ExportWithNames,
                Some(&crate::signin::file_name(dir)),
                summary.households,
            )?;
        }
        for f in &summary.files {
            eprintln!("đã ghi / wrote {}", f.display());
        }
        wrote = Some(summary);
    }
    if let Some(dir) = &args.posting {
        let printed = printable::write_posting_lists_of(
            &store,
            &round.id,
            printed_list(&args.list)?,
            args.unit.as_deref(),
            dir,
        )?;
        let files = printed.files;
        crate::signin::record(
            &mut store,
            rasoat_store::ActionEvent::ExportWithNames,
            Some(&format!(
                "{} (niêm yết, {} tệp)",
                crate::signin::file_name(dir),
                files.len()
            )),
            0,
        )?;
        eprintln!(
            "đã ghi {} danh sách niêm yết / wrote {} posting lists into {}",
            files.len(),
            files.len(),
            dir.display()
        );
        if let Some(all) = &printed.combined {
            eprintln!(
                "in tất cả một lần / print them all at once: {}",
                all.display()
            );
        }
        if printed.held_back > 0 {
            // QĐ 24/2021 Art. 4: posting (step 4) follows the village meeting (step 3).
            eprintln!(
                "{n} hộ chưa được họp dân thống nhất — không niêm yết (bước 3–4, Điều 4 QĐ 24/2021) / {n} households not yet agreed by the village meeting — not posted",
                n = printed.held_back
            );
        }
    }
    if let Some(dir) = &args.certificates {
        let printed = printable::write_certificates_of(
            &store,
            &round.id,
            printed_list(&args.list)?,
            args.unit.as_deref(),
            dir,
        )?;
        let files = printed.files;
        crate::signin::record(
            &mut store,
            rasoat_store::ActionEvent::ExportWithNames,
            Some(&format!(
                "{} (giấy chứng nhận)",
                crate::signin::file_name(dir)
            )),
            files.len() as u64,
        )?;
        eprintln!(
            "đã ghi {} giấy chứng nhận / wrote {} certificates into {}",
            files.len(),
            files.len(),
            dir.display()
        );
        if let Some(all) = &printed.combined {
            eprintln!(
                "in tất cả một lần / print them all at once: {}",
                all.display()
            );
        }
        if printed.held_back > 0 {
            // QĐ 24/2021 Art. 4 step 6: the certificate follows the chairman's recognition.
            eprintln!(
                "{n} hộ chưa được công nhận — không in giấy chứng nhận (bước 6, Điều 4 QĐ 24/2021) / {n} households not yet recognised — no certificate printed",
                n = printed.held_back
            );
        }
    }
    if args.json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else if wrote.is_none() {
        print_summary(&store, &report)?;
    }
    if args.stats {
        eprintln!(
            "thống kê / stats: {} hộ, báo cáo {:.3} s, tổng {:.3} s, bộ nhớ đỉnh / peak RSS {}",
            report.rows.first().map_or(0, |r| r.counts.records()),
            report_done.as_secs_f64(),
            started.elapsed().as_secs_f64(),
            peak_memory().unwrap_or_else(|| "?".into())
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(_store: &Store, report: &rasoat_store::report::RoundReport) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Kỳ rà soát {} (so với {}) — đơn vị: {}",
        report.round.year,
        report
            .previous_round
            .as_ref()
            .map_or("—".to_string(), |p| p.year.to_string()),
        report.basis
    )?;
    if let Some(list) = rasoat_reports::export::list_of(&report.round) {
        writeln!(out, "Danh sách / list: {list}")?;
    }
    writeln!(
        out,
        "cấp\tmã\tđơn vị\ttổng số hộ\tđã rà soát\tđang nhập\ttạm tính\tnghèo\t%\tcận nghèo\t%\tTB\tkhác\tthoát nghèo\tnghèo mới (từ CN / ngoài)\ttái nghèo\tthoát CN\tCN mới"
    )?;
    let pct = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.2}"));
    for row in &report.rows {
        let c = &row.counts;
        let level = match row.unit.level {
            ReportLevel::District => "huyện",
            ReportLevel::Commune => "xã",
            ReportLevel::Village => "  thôn",
        };
        let resident = match row.denominator {
            Denominator::Reviewed => format!("({})*", row.resident_households),
            _ => row.resident_households.to_string(),
        };
        writeln!(
            out,
            "{level}\t{}\t{}\t{resident}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{} / {}\t{}\t{}\t{}",
            row.unit.code,
            row.unit.name,
            c.reviewed,
            c.in_progress,
            c.provisional,
            c.poor,
            pct(row.rate(c.poor)),
            c.near_poor,
            pct(row.rate(c.near_poor)),
            c.middle,
            c.other,
            c.escaped_poverty,
            c.new_poor_from_near_poor,
            c.new_poor_from_outside,
            c.fell_back_into_poverty,
            c.escaped_near_poverty,
            c.new_near_poor
        )?;
    }
    writeln!(
        out,
        "* chưa nhập tổng số hộ dân cư (`rasoat units households`): tỷ lệ tạm tính trên số hộ đã rà soát / no register figure entered: rates over the reviewed households\nCác cột phân loại chỉ tính hộ đã rà soát (phiếu đã hoàn thành trở đi); hộ đang nhập và hộ tạm tính đếm riêng / the class columns count reviewed forms only (completed or later); forms being entered and provisional classes are counted apart"
    )?;
    Ok(())
}

/// Peak resident memory of this process (Linux `VmHWM`), for `--stats`.
pub fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.1} MiB", kb as f64 / 1024.0))
}
