//! `rasoat households`: import the list to review, list, show, export (household.v1), take
//! review steps, and count by unit and class.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use rasoat_domain::workflow::{ReviewAction, ReviewState};
use rasoat_store::{import, ImportOptions, ListFilter, StoreError, UnitBasis};

use crate::init::{actor, now, DbArg};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: HouseholdsCommand,
}

#[derive(Debug, clap::Subcommand)]
enum HouseholdsCommand {
    /// Import the list of households to review (TT 07/2021 Phụ lục I), CSV or XLSX.
    Import(ImportArgs),
    /// List the households of a round.
    List(ListArgs),
    /// Show one household's record.
    Show(ShowArgs),
    /// Export the surveyed households as household.v1 (JSON) or a flat table (CSV).
    Export(ExportArgs),
    /// Take a review step: complete, return, accept, meeting, recognise, report.
    Review(ReviewArgs),
    /// Households by unit and class, in the units as recorded, old or new.
    Report(ReportArgs),
    /// Move a household to another commune (a district or province covering both): journalled,
    /// and it travels to both communes.
    Transfer(TransferArgs),
    /// Where a household has been: its transfers between communes.
    History(HistoryArgs),
}

#[derive(Debug, clap::Args)]
struct TransferArgs {
    #[command(flatten)]
    db: DbArg,
    /// The household's code.
    #[arg(long, value_name = "CODE")]
    household: String,
    /// The commune it moves to (its code).
    #[arg(long, value_name = "COMMUNE")]
    to: String,
    /// The commune it is in now, when several households share the code.
    #[arg(long, value_name = "COMMUNE")]
    from: Option<String>,
    /// Why it moves (journalled, shown in its history).
    #[arg(long)]
    reason: String,
    #[arg(long)]
    actor: Option<String>,
}

#[derive(Debug, clap::Args)]
struct HistoryArgs {
    #[command(flatten)]
    db: DbArg,
    /// The household's code.
    #[arg(long, value_name = "CODE")]
    household: String,
    /// The commune it is in now, when several households share the code.
    #[arg(long, value_name = "COMMUNE")]
    from: Option<String>,
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    #[command(flatten)]
    db: DbArg,
    file: PathBuf,
    /// Import the valid rows and write the errors to a report file.
    #[arg(long)]
    skip_invalid: bool,
    /// Where to write the error report (default: FILE.loi.csv).
    #[arg(long)]
    errors: Option<PathBuf>,
    /// Round id (default: the current open round).
    #[arg(long)]
    round: Option<String>,
    /// Commune of the list (default: this installation's unit).
    #[arg(long)]
    commune: Option<String>,
    #[arg(long)]
    actor: Option<String>,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    #[command(flatten)]
    db: DbArg,
    #[arg(long, value_name = "CODE")]
    village: Option<String>,
    /// draft | completed | returned | accepted | agreed | recognised | reported
    #[arg(long, value_name = "S")]
    status: Option<String>,
    /// Part of the head's name (diacritics optional) or of the household code.
    #[arg(long)]
    search: Option<String>,
    #[arg(long)]
    round: Option<String>,
    #[arg(long)]
    limit: Option<usize>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct ShowArgs {
    #[command(flatten)]
    db: DbArg,
    /// Household id.
    id: String,
    #[arg(long)]
    round: Option<String>,
}

#[derive(Debug, clap::Args)]
struct ExportArgs {
    #[command(flatten)]
    db: DbArg,
    /// json | csv
    #[arg(long, default_value = "json")]
    format: String,
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long)]
    round: Option<String>,
}

#[derive(Debug, clap::Args)]
struct ReviewArgs {
    #[command(flatten)]
    db: DbArg,
    /// Household id.
    id: String,
    /// complete | return | accept | meeting | recognise | report
    action: String,
    /// The return comment.
    #[arg(long)]
    comment: Option<String>,
    /// Meeting: number of attendees.
    #[arg(long)]
    attendees: Option<u32>,
    /// Meeting: number agreeing.
    #[arg(long)]
    agreeing: Option<u32>,
    /// Recognition: decision number, e.g. 125/QĐ-UBND.
    #[arg(long)]
    decision: Option<String>,
    /// Recognition: decision date, YYYY-MM-DD.
    #[arg(long)]
    date: Option<String>,
    /// Why (journalled).
    #[arg(long, default_value = "")]
    reason: String,
    #[arg(long)]
    round: Option<String>,
    #[arg(long)]
    actor: Option<String>,
    /// Which list the step is on: `closing` (the round's own list, the default) or, in a
    /// transition round, `opening` (the list of the status year under the new standard:
    /// meeting, recognise and report only, once its official method is loaded).
    #[arg(long, default_value = "closing", value_name = "closing|opening")]
    list: String,
}

#[derive(Debug, clap::Args)]
struct ReportArgs {
    #[command(flatten)]
    db: DbArg,
    /// recorded | old | new
    #[arg(long, default_value = "recorded")]
    units: String,
    #[arg(long)]
    round: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        HouseholdsCommand::Import(args) => import_list(args),
        HouseholdsCommand::List(args) => list(args),
        HouseholdsCommand::Show(args) => show(args),
        HouseholdsCommand::Export(args) => export(args),
        HouseholdsCommand::Review(args) => review(args),
        HouseholdsCommand::Report(args) => report(args),
        HouseholdsCommand::Transfer(args) => transfer(args),
        HouseholdsCommand::History(args) => history(args),
    }
}

/// The id of the household coded `code` (in commune `from` when given).
fn household_by_code(
    store: &rasoat_store::Store,
    code: &str,
    from: Option<&str>,
) -> anyhow::Result<String> {
    let mut found = store.households_with_code(code)?;
    if let Some(from) = from {
        found.retain(|(_, commune)| commune == from);
    }
    match found.len() {
        0 => bail!("không tìm thấy hộ mã `{code}` ở máy này / no household with code `{code}` here"),
        1 => Ok(found.remove(0).0),
        _ => bail!(
            "có nhiều hộ mã `{code}` (ở các xã {}); ghi thêm --from MÃ_XÃ / several households have code `{code}`; add --from COMMUNE",
            found
                .iter()
                .map(|(_, commune)| commune.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn transfer(args: TransferArgs) -> anyhow::Result<ExitCode> {
    let mut store = args.db.open()?;
    let household = household_by_code(&store, &args.household, args.from.as_deref())?;
    let done = rasoat_batch::transfer_household(
        &mut store,
        &household,
        &args.to,
        &args.reason,
        &actor(&args.actor),
        now(),
    )?;
    println!(
        "Đã chuyển hộ {} từ xã {} sang xã {}; việc chuyển đi theo các lô và lượt đồng bộ sau tới cả hai xã / household {} transferred from commune {} to {}; the transfer travels to both communes with the next batches and syncs",
        done.transfer.code,
        done.transfer.from,
        done.transfer.to,
        done.transfer.code,
        done.transfer.from,
        done.transfer.to
    );
    Ok(ExitCode::SUCCESS)
}

fn history(args: HistoryArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open()?;
    let household = household_by_code(&store, &args.household, args.from.as_deref())?;
    let transfers = store.household_transfers(&household)?;
    let late = store.household_late_edits(&household)?;
    if transfers.is_empty() {
        println!(
            "Hộ {} chưa chuyển xã lần nào / household {} was never transferred",
            args.household, args.household
        );
    }
    for t in &transfers {
        let day = rasoat_domain::Date::from_unix_millis(t.recorded_at)
            .map_or_else(|| t.recorded_at.to_string(), |d| d.to_string());
        println!(
            "Chuyển từ xã {} sang xã {} ngày {day} bởi {}: {} / transferred from commune {} to {} on {day} by {}: {}",
            t.transfer.from, t.transfer.to, t.actor, t.reason, t.transfer.from, t.transfer.to, t.actor, t.reason
        );
    }
    for edit in &late {
        println!("{}", late_edit_line(edit));
    }
    Ok(ExitCode::SUCCESS)
}

/// An edit kept as history only, in plain words: which installation made it, the commune it
/// names and the one the household had gone to. The day is the sender's own and only shown.
fn late_edit_line(edit: &rasoat_store::LateEdit) -> String {
    let day = rasoat_domain::Date::from_unix_millis(edit.recorded_at)
        .map_or_else(|| edit.recorded_at.to_string(), |d| d.to_string());
    format!(
        "Sửa đổi của xã {} (máy {}, mục {}, ghi ngày {day}) gửi đến sau khi hộ đã chuyển sang xã {}: giữ làm lịch sử, không áp dụng / an edit by commune {} (installation {}, entry {}, dated {day}) arrived after the household moved to commune {}: kept as history, not applied",
        edit.commune, edit.origin, edit.seq, edit.to, edit.commune, edit.origin, edit.seq, edit.to
    )
}

fn round_id(store: &rasoat_store::Store, explicit: Option<String>) -> anyhow::Result<String> {
    Ok(match explicit {
        Some(id) => id,
        None => store.current_round()?.id,
    })
}

fn import_list(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let mut store = args.db.open()?;
    let options = ImportOptions {
        round_id: args.round,
        commune_code: args.commune,
        skip_invalid: args.skip_invalid,
    };
    match store.import_list(&args.file, &options, &actor(&args.actor), now()) {
        Ok(report) => {
            crate::signin::record(
                &mut store,
                rasoat_store::ActionEvent::Import,
                Some(&crate::signin::file_name(&args.file)),
                report.n_imported as u64,
            )?;
            println!(
                "đã nhập {} hộ, {} hộ đã có sẵn, {} dòng lỗi / imported {}, already present {}, rows with errors {}",
                report.n_imported,
                report.n_already_present,
                report.errors.len(),
                report.n_imported,
                report.n_already_present,
                report.errors.len()
            );
            if !report.errors.is_empty() {
                let path = args
                    .errors
                    .unwrap_or_else(|| import::error_report_path(&args.file));
                import::write_error_report(&path, &report.errors)?;
                for error in &report.errors {
                    eprintln!("{error}");
                }
                eprintln!("báo cáo lỗi / error report: {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::ListInvalid { n_errors, errors }) => {
            for error in &errors {
                eprintln!("{error}");
            }
            eprintln!(
                "danh sách có {n_errors} lỗi, không nhập hộ nào; sửa tệp hoặc dùng --skip-invalid / nothing imported"
            );
            Ok(ExitCode::from(1))
        }
        Err(err) => Err(err.into()),
    }
}

fn list(args: ListArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open()?;
    let status = match &args.status {
        Some(word) => match ReviewState::parse(word) {
            Some(state) => Some(state),
            None => bail!("trạng thái `{word}` không hợp lệ / invalid status"),
        },
        None => None,
    };
    let rows = store.list_households(&ListFilter {
        round_id: args.round,
        village: args.village,
        status,
        text: args.search,
        limit: args.limit,
        ..Default::default()
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "id\tmã hộ\tchủ hộ\tthôn\tthành viên\ttrạng thái\tphân loại"
        )?;
        for row in &rows {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                row.id,
                row.code,
                row.head_name,
                row.village,
                row.n_members.map_or(String::new(), |n| n.to_string()),
                row.status.as_str(),
                class_cell(row)
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The class as the list prints it: a provisional one says so and what it still waits for.
fn class_cell(row: &rasoat_store::HouseholdRow) -> String {
    let Some(class) = row.class.as_deref() else {
        return "-".into();
    };
    if row.provisional.is_empty() {
        return class.into();
    }
    let open = rasoat_domain::open_answers::list_words(&row.provisional);
    format!(
        "{class} (tạm tính, thiếu: {} / provisional, missing: {})",
        open.vi, open.en
    )
}

fn show(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open()?;
    let round = round_id(&store, args.round)?;
    let record = store.survey_record(&args.id, &round)?;
    let mut shown = serde_json::to_value(&record)?;
    // A transition round's opening list has its own steps: shown beside the form's own.
    let opening = store.opening_review(&args.id, &round)?;
    if opening.standard_id.is_some() {
        if let Some(fields) = shown.as_object_mut() {
            fields.insert("opening_review".into(), serde_json::to_value(&opening)?);
        }
    }
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &shown)?;
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}

fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let mut store = args.db.open()?;
    let round = round_id(&store, args.round)?;
    let households = store.export_households(&round)?;
    let text = match args.format.as_str() {
        "json" => {
            let mut text = serde_json::to_string_pretty(&households)?;
            text.push('\n');
            text
        }
        "csv" => {
            let mut text = String::from(
                "format,id,code,province,commune,village,area,surveyed_on,head_name,n_members\n",
            );
            let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
            for h in &households {
                text.push_str(&format!(
                    "{},{},{},{},{},{},{},{},{},{}\n",
                    h.format,
                    h.id,
                    quote(&h.code),
                    h.location.province,
                    h.location.commune,
                    quote(&h.location.village),
                    match h.area {
                        Some(rasoat_domain::AreaType::Rural) => "rural",
                        Some(rasoat_domain::AreaType::Urban) => "urban",
                        None => "",
                    },
                    h.surveyed_on,
                    quote(rasoat_store::households::head_name(h)),
                    h.members.len()
                ));
            }
            text
        }
        other => bail!("định dạng `{other}` không hỗ trợ (json | csv) / unsupported format"),
    };
    // Names leave the store: audited before they are written.
    let subject = args
        .out
        .as_deref()
        .map_or_else(|| "(stdout)".to_string(), crate::signin::file_name);
    crate::signin::record(
        &mut store,
        rasoat_store::ActionEvent::ExportWithNames,
        Some(&subject),
        households.len() as u64,
    )?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, text)
                .with_context(|| format!("ghi / writing {}", path.display()))?;
            eprintln!(
                "đã xuất {} hộ / exported {} households",
                households.len(),
                households.len()
            );
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn review(args: ReviewArgs) -> anyhow::Result<ExitCode> {
    let action = match args.action.as_str() {
        "complete" => ReviewAction::Complete,
        "accept" => ReviewAction::Accept,
        "report" => ReviewAction::Report,
        "return" => ReviewAction::Return {
            comment: args.comment.clone().unwrap_or_default(),
        },
        "meeting" => match (args.attendees, args.agreeing) {
            (Some(attendees), Some(agreeing)) => ReviewAction::Meeting {
                attendees,
                agreeing,
            },
            _ => bail!("họp dân cần --attendees và --agreeing / a meeting needs both counts"),
        },
        "recognise" => {
            let Some(date) = &args.date else {
                bail!("công nhận cần --date YYYY-MM-DD / recognition needs --date");
            };
            ReviewAction::Recognise {
                decision_number: args.decision.clone().unwrap_or_default(),
                decided_on: date.parse()?,
            }
        }
        other => bail!("bước `{other}` không hợp lệ / unknown review step"),
    };
    let opening = match args.list.as_str() {
        "closing" => false,
        "opening" => true,
        other => bail!(
            "danh sách `{other}` không hợp lệ: cần closing (danh sách đóng) hoặc opening (danh \
             sách áp dụng năm sau) / unknown list `{other}`: expected closing or opening"
        ),
    };
    let mut store = args.db.open()?;
    let round = round_id(&store, args.round.clone())?;
    if opening {
        return review_opening(&mut store, &args, &round, &action);
    }
    let saved = store.review(
        &args.id,
        &round,
        &action,
        &actor(&args.actor),
        &args.reason,
        now(),
    )?;
    crate::signin::record(
        &mut store,
        rasoat_store::ActionEvent::ReviewDecision,
        Some(&format!("{} {}", saved.household_id, args.action)),
        1,
    )?;
    println!(
        "hộ {}: {} / now {}",
        saved.household_id,
        saved.status.label_vi(),
        saved.status.as_str()
    );
    if matches!(action, ReviewAction::Complete) {
        for line in completed_warnings(&store, &saved.household_id, &round)? {
            eprintln!("{line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A step on the opening list of a transition round, said with the list it is on.
fn review_opening(
    store: &mut rasoat_store::Store,
    args: &ReviewArgs,
    round: &str,
    action: &ReviewAction,
) -> anyhow::Result<ExitCode> {
    let saved = store.review_opening(
        &args.id,
        round,
        action,
        &actor(&args.actor),
        &args.reason,
        now(),
    )?;
    crate::signin::record(
        store,
        rasoat_store::ActionEvent::ReviewDecision,
        Some(&format!("{} {} (opening)", saved.household_id, args.action)),
        1,
    )?;
    let held = store.round(round)?;
    let standards = store.standards()?;
    use rasoat_domain::messages::{render, Lang};
    let label = rasoat_domain::opening_review::opening_standard(
        &standards,
        held.year,
        held.kind == rasoat_store::RoundKind::Periodic,
        &held.standard_id,
    )
    .map(|s| {
        rasoat_domain::round::list_label(rasoat_domain::round::status_year(held.year), s, true)
    });
    let (vi, en) = label.map_or_else(Default::default, |l| {
        (render(Lang::Vi, &l), render(Lang::En, &l))
    });
    println!(
        "hộ {}: {vi} — {} / {en}: now {}",
        saved.household_id,
        saved.status.label_vi(),
        saved.status.as_str()
    );
    Ok(ExitCode::SUCCESS)
}

/// The warnings of a form just completed, as the commune's queue shows them (the domain's, the
/// survey date against the round's year among them), and a provisional class: said, not
/// refused, so the commune can send the form back.
fn completed_warnings(
    store: &rasoat_store::Store,
    household_id: &str,
    round_id: &str,
) -> anyhow::Result<Vec<String>> {
    use rasoat_domain::messages::bilingual;
    use rasoat_domain::validate::{validate, Severity};
    let round = store.round(round_id)?;
    let record = store.survey_record(household_id, round_id)?;
    let Some(answers) = record.answers else {
        return Ok(Vec::new());
    };
    let mut lines: Vec<String> = validate(&answers)
        .into_iter()
        .chain(rasoat_domain::survey_date::round_findings(
            &answers, round.year,
        ))
        .filter(|f| f.severity == Severity::Warning)
        .map(|f| format!("cảnh báo / warning: {}", bilingual(&f.message)))
        .collect();
    let open = rasoat_domain::provisional::open_for_class(&answers);
    if !open.is_empty() {
        let words = rasoat_domain::open_answers::list_words(&open);
        lines.push(format!(
            "cảnh báo / warning: phân loại tạm tính, thiếu: {} / provisional class, missing: {}",
            words.vi, words.en
        ));
    }
    Ok(lines)
}

fn report(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let basis = match args.units.as_str() {
        "recorded" => UnitBasis::AsRecorded,
        "old" => UnitBasis::Old,
        "new" => UnitBasis::New,
        other => bail!("`{other}`: cần recorded | old | new / expected recorded, old or new"),
    };
    let store = args.db.open()?;
    let round = round_id(&store, args.round)?;
    println!("mã\tđơn vị\tphân loại\tsố hộ");
    for line in store.class_counts(&round, basis)? {
        println!(
            "{}\t{}\t{}\t{}",
            line.unit_code, line.unit_name, line.class, line.households
        );
    }
    Ok(ExitCode::SUCCESS)
}
