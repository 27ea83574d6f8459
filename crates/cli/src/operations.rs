//! `rasoat audit`, `rasoat backup` and `rasoat check`: what a district IT person runs to look
//! after the sync server's store. Only translates arguments to `rasoat_store` and prints its
//! answers in Vietnamese and English.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args as ClapArgs;
use rasoat_store::{
    ActionEvent, AuditEvent, AuditFilter, CheckDepth, CheckVerdict, OfficeActionFilter,
};

use crate::init::DbArg;

/// Vietnam keeps UTC+7 all year: audit times are read and shown in it.
fn vietnam() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::fixed(jiff::tz::offset(7))
}

/// `--since`: a date (from 00:00 in Vietnam), a time `2026-12-01T08:00` (Vietnam), or an
/// RFC 3339 instant with its own offset.
fn parse_since(text: &str) -> anyhow::Result<i64> {
    let bad = || {
        format!("--since `{text}`: cần ngày 2026-12-01 hoặc giờ 2026-12-01T08:00 / need a date or a time")
    };
    let instant = if let Ok(timestamp) = text.parse::<jiff::Timestamp>() {
        timestamp
    } else if let Ok(datetime) = text.parse::<jiff::civil::DateTime>() {
        datetime.to_zoned(vietnam()).with_context(bad)?.timestamp()
    } else {
        let date: jiff::civil::Date = text.parse().with_context(bad)?;
        date.to_zoned(vietnam()).with_context(bad)?.timestamp()
    };
    Ok(instant.as_millisecond())
}

fn show_time(at: i64) -> String {
    match jiff::Timestamp::from_millisecond(at) {
        Ok(t) => t
            .to_zoned(vietnam())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => at.to_string(),
    }
}

#[derive(Debug, ClapArgs)]
pub struct AuditArgs {
    #[command(flatten)]
    db: DbArg,
    /// Only events from then on: 2026-12-01 (Vietnam time), 2026-12-01T08:00, or an RFC 3339
    /// instant.
    #[arg(long)]
    since: Option<String>,
    /// Only one kind: sign_in, refusal, upload, import or pull.
    #[arg(long)]
    event: Option<String>,
    /// Only one installation (its id): the server's events about it, and the rows of its
    /// action log that arrived here with its batches (this installation's own for its own id).
    #[arg(long)]
    installation: Option<String>,
    /// The action log of this installation and of every installation whose rows arrived here
    /// with the batches, each row with the installation it comes from.
    #[arg(long, conflicts_with = "installation")]
    all: bool,
    /// At most this many rows, the newest.
    #[arg(long, default_value_t = 200)]
    limit: usize,
    /// JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Only the action log: what people did (sign-ins, failed ones, unlocks by the recovery key,
    /// exports with names, imports, review decisions, changes to people), on this installation
    /// unless `--installation` or `--all` says whose.
    #[arg(long)]
    people: bool,
}

/// What people did, oldest first: on this installation, on the one `--installation` names
/// (rows that travelled here with its batches), or on every one (`--all`).
fn people_actions(
    out: &mut impl Write,
    store: &rasoat_store::Store,
    args: &AuditArgs,
) -> anyhow::Result<()> {
    let this = store.installation()?.id;
    let origin = if args.all {
        None
    } else {
        Some(args.installation.clone().unwrap_or_else(|| this.clone()))
    };
    let mut rows = store.office_actions(&OfficeActionFilter {
        origin,
        since: args.since.as_deref().map(parse_since).transpose()?,
        limit: args.limit,
    })?;
    rows.reverse();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "{:<19}  {:<36}  {:<28}  {:<24}  {:<36}  {:>6}  KẾT QUẢ / OUTCOME",
        "THỜI GIAN (UTC+7)",
        "MÁY / INSTALLATION",
        "VIỆC / ACTION",
        "NGƯỜI / PERSON",
        "ĐỐI TƯỢNG / SUBJECT",
        "SỐ HỘ"
    )?;
    for row in &rows {
        let action = &row.action;
        // A word a newer installation added is shown as it came.
        let event = match ActionEvent::parse(&action.event) {
            Some(event) => format!("{} ({})", event.label_vi(), event.as_str()),
            None => action.event.clone(),
        };
        // A received row names its commune or office when this store holds the card of the
        // installation it came from; a bare id only when it does not.
        let installation = if action.origin == this {
            format!("{} (máy này)", action.origin)
        } else {
            match &row.origin_unit {
                Some(unit) => match &unit.name {
                    Some(name) => format!("{name} ({})", unit.code),
                    None => format!("đơn vị {}", unit.code),
                },
                None => action.origin.clone(),
            }
        };
        writeln!(
            out,
            "{:<19}  {:<36}  {:<28}  {:<24}  {:<36}  {:>6}  {}",
            show_time(action.at),
            installation,
            event,
            action.person_name.as_deref().unwrap_or("-"),
            action.subject.as_deref().unwrap_or("-"),
            action.households,
            action.outcome
        )?;
    }
    writeln!(out, "{} dòng / rows (người dùng / people)", rows.len())?;
    Ok(())
}

pub fn audit(args: AuditArgs) -> anyhow::Result<ExitCode> {
    if args.people {
        let store = args.db.open()?;
        let mut out = std::io::stdout().lock();
        people_actions(&mut out, &store, &args)?;
        return Ok(ExitCode::SUCCESS);
    }
    let event = match &args.event {
        None => None,
        Some(word) => Some(
            AuditEvent::parse(word)
                .with_context(|| format!("--event `{word}`: sign_in|refusal|upload|import|pull"))?,
        ),
    };
    let filter = AuditFilter {
        since: args.since.as_deref().map(parse_since).transpose()?,
        event,
        installation: args.installation.clone(),
        limit: args.limit,
    };
    let store = args.db.open()?;
    let mut rows = store.audit(&filter)?;
    // Oldest first, as a log is read.
    rows.reverse();
    // Written, not printed: a closed pipe (`| head`) ends the command, never panics it.
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{:<19}  {:<22}  {:<36}  {:<8}  {:>7}  {:>7}  {:>7}  {:>10}  KẾT QUẢ / OUTCOME",
        "THỜI GIAN (UTC+7)",
        "SỰ KIỆN / EVENT",
        "MÁY / INSTALLATION",
        "ĐƠN VỊ",
        "MỤC",
        "HỒ SƠ",
        "XUNG ĐỘT",
        "BYTE"
    )?;
    for row in &rows {
        let event = match row.action {
            Some(action) => format!("{} {}", row.event.label_vi(), action.as_str()),
            None => format!("{} ({})", row.event.label_vi(), row.event.as_str()),
        };
        writeln!(
            out,
            "{:<19}  {:<22}  {:<36}  {:<8}  {:>7}  {:>7}  {:>7}  {:>10}  {}",
            show_time(row.at),
            event,
            row.installation.as_deref().unwrap_or("-"),
            row.unit_code.as_deref().unwrap_or("-"),
            row.entries,
            row.records,
            row.conflicts,
            row.bytes,
            row.outcome
        )?;
    }
    writeln!(
        out,
        "{} dòng / rows (mục = entries, hồ sơ = records, xung đột = conflicts)",
        rows.len()
    )?;
    writeln!(out)?;
    people_actions(&mut out, &store, &args)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, ClapArgs)]
pub struct BackupArgs {
    #[command(flatten)]
    db: DbArg,
    /// Where the copy goes; never overwritten (put the date in the name).
    #[arg(long)]
    out: PathBuf,
}

pub fn backup(args: BackupArgs) -> anyhow::Result<ExitCode> {
    let source = args.db.path()?;
    let copied = if rasoat_store::access::store_file(&source)? == rasoat_store::StoreFile::Encrypted
    {
        args.db.open()?.backup_to(&args.out)
    } else {
        rasoat_store::backup_file(&source, &args.out)
    };
    let report = copied.with_context(|| {
        format!(
            "sao lưu {} thất bại, không giữ bản sao nào / backup failed, no copy kept",
            source.display()
        )
    })?;
    println!(
        "Đã sao lưu và kiểm tra toàn vẹn: tốt / backed up and integrity-checked: ok\n  {} ({} trang / pages, {} byte, phiên bản lược đồ / schema {})",
        report.path.display(),
        report.pages,
        report.bytes,
        report.schema_version
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, ClapArgs)]
pub struct CheckArgs {
    #[command(flatten)]
    db: DbArg,
    /// `integrity_check` (every index against its table) instead of the faster `quick_check`.
    #[arg(long)]
    full: bool,
}

/// The verdict in plain words; exit 0 when sound, 1 when damaged (2 when the file cannot be
/// read at all, like every other failure of `rasoat`).
pub fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let path = args.db.path()?;
    let depth = if args.full {
        CheckDepth::Full
    } else {
        CheckDepth::Quick
    };
    let checked = if rasoat_store::access::store_file(&path)? == rasoat_store::StoreFile::Encrypted
    {
        args.db.open()?.check(depth)
    } else {
        rasoat_store::check_file(&path, depth)
    };
    let verdict = checked
        .with_context(|| format!("không kiểm tra được / cannot check {}", path.display()))?;
    print_verdict(&path, &verdict);
    Ok(if verdict.is_sound() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_verdict(path: &std::path::Path, verdict: &CheckVerdict) {
    let how = match verdict.depth {
        CheckDepth::Quick => "quick_check",
        CheckDepth::Full => "integrity_check",
    };
    if verdict.is_sound() {
        println!(
            "{}: tốt, không thấy hỏng ({how}) / sound, no damage found",
            path.display()
        );
        return;
    }
    println!(
        "{}: HỎNG ({how}). Dừng máy chủ, giữ nguyên tệp này để điều tra và khôi phục từ bản sao lưu gần nhất (docs/operating-the-server.md) / DAMAGED: stop the server, keep this file for investigation and restore the latest backup",
        path.display()
    );
    for problem in verdict.problems.iter().take(20) {
        println!("  {problem}");
    }
    if verdict.problems.len() > 20 {
        println!("  … {} dòng nữa / more lines", verdict.problems.len() - 20);
    }
}

/// For `rasoat serve` when its store will not open: when the file is damaged, says so in the
/// same words as the server's own start-up check, whichever step met the damage first.
pub fn explain_if_damaged(path: &std::path::Path, error: anyhow::Error) -> anyhow::Error {
    // An encrypted file cannot be checked without its key: its error stands as it is.
    if !matches!(
        rasoat_store::access::store_file(path),
        Ok(rasoat_store::StoreFile::Plain)
    ) {
        return error;
    }
    match rasoat_store::check_file(path, CheckDepth::Quick) {
        Ok(verdict) if !verdict.is_sound() => {
            anyhow::Error::new(rasoat_server::ServerError::Damaged {
                problems: verdict.problems.join("; "),
            })
        }
        _ => error,
    }
}
