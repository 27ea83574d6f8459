//! `rasoat identity|enrol|batch|receipt|conflicts`: exchanging signed batches between
//! installations on files. Only translates arguments to `rasoat_batch` and prints its reports;
//! every refusal comes back as an error, printed with its reason, and exits non-zero.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args as ClapArgs, Subcommand};
use rasoat_store::Store;

use crate::init::now;

/// Where the store is: `--db`, else `$RASOAT_DB`.
#[derive(Debug, ClapArgs)]
pub struct Db {
    /// The installation's store (default: $RASOAT_DB).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
}

impl Db {
    fn open(&self) -> anyhow::Result<Store> {
        let path = match &self.db {
            Some(path) => path.clone(),
            None => match std::env::var_os("RASOAT_DB") {
                Some(db) if !db.is_empty() => PathBuf::from(db),
                _ => bail!("cần --db (hoặc biến RASOAT_DB) / need --db (or RASOAT_DB)"),
            },
        };
        crate::signin::open(&path, true)
    }
}

fn read(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("không đọc được / cannot read {}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes)
        .with_context(|| format!("không ghi được / cannot write {}", path.display()))
}

#[derive(Debug, ClapArgs)]
pub struct IdentityArgs {
    #[command(subcommand)]
    command: IdentityCommand,
    #[command(flatten)]
    db: Db,
}

#[derive(Debug, Subcommand)]
enum IdentityCommand {
    /// Write this installation's identity card and print its fingerprint.
    Export {
        /// The card file to write.
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn identity(args: IdentityArgs) -> anyhow::Result<ExitCode> {
    let mut store = args.db.open()?;
    match args.command {
        IdentityCommand::Export { out } => {
            let identity = rasoat_batch::ensure_identity(&mut store, now())?;
            let card = identity.card(&store)?;
            write(&out, &card.to_file_bytes()?)?;
            println!("Máy / installation: {}", card.installation);
            println!("Dấu vân tay / fingerprint: {}", card.fingerprint());
            // The card only asks: what an installation may read and change is what the
            // installation that enrols it accepts (and certifies to others when relaying).
            println!(
                "Thẻ xin vai trò / the card asks for: {} {} — chỉ có hiệu lực khi máy nhận đăng ký thẻ / in force only once the receiving installation enrols it",
                card.role, card.unit_code
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, ClapArgs)]
pub struct EnrolArgs {
    /// The identity card file of the installation to accept batches from.
    card: PathBuf,
    #[command(flatten)]
    db: Db,
}

pub fn enrol(args: EnrolArgs) -> anyhow::Result<ExitCode> {
    let mut store = args.db.open()?;
    let enrolment = rasoat_batch::enrol(&mut store, &read(&args.card)?, now())?;
    println!(
        "{} máy {} ({}, {}) / {}",
        if enrolment.already_enrolled {
            "Đã đăng ký từ trước:"
        } else {
            "Đã đăng ký"
        },
        enrolment.installation,
        enrolment.role,
        enrolment.unit_code,
        if enrolment.already_enrolled {
            "already enrolled"
        } else {
            "enrolled"
        },
    );
    println!("Dấu vân tay / fingerprint: {} — đọc lại qua điện thoại để đối chiếu / read it back over the phone", enrolment.fingerprint);
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, ClapArgs)]
pub struct RevokeArgs {
    /// The installation id to revoke.
    installation: String,
    /// Who revokes it (recorded in the journal).
    #[arg(long, default_value = "cán bộ")]
    actor: String,
    #[command(flatten)]
    db: Db,
}

pub fn revoke(args: RevokeArgs) -> anyhow::Result<ExitCode> {
    let mut store = args.db.open()?;
    let revocation = rasoat_batch::revoke(&mut store, &args.installation, &args.actor, now())?;
    println!(
        "Đã thu hồi máy {} (các mục đến số {} vẫn giữ); lệnh thu hồi đi theo các lô và lượt đồng bộ sau / installation revoked (its entries up to {} stay); the revocation travels with the next batches and syncs",
        revocation.installation, revocation.last_seq, revocation.last_seq
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, ClapArgs)]
pub struct BatchArgs {
    #[command(subcommand)]
    command: BatchCommand,
    #[command(flatten)]
    db: Db,
}

#[derive(Debug, Subcommand)]
enum BatchCommand {
    /// Write everything INSTALLATION has not acknowledged into a signed, encrypted batch.
    Export {
        #[arg(long)]
        to: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a batch without importing it.
    Verify { file: PathBuf },
    /// Verify, then import a batch in one transaction.
    Import { file: PathBuf },
}

pub fn batch(args: BatchArgs) -> anyhow::Result<ExitCode> {
    let mut store = args.db.open()?;
    match args.command {
        BatchCommand::Export { to, out } => {
            let bytes = rasoat_batch::export_batch(&mut store, &to, now())?;
            write(&out, &bytes)?;
            println!(
                "Đã ghi lô / batch written: {} ({} bytes)",
                out.display(),
                bytes.len()
            );
        }
        BatchCommand::Verify { file } => {
            let verified = rasoat_batch::verify_batch(&store, &read(&file)?)?;
            let m = &verified.manifest;
            println!("Lô hợp lệ / valid batch {}", m.batch_id);
            println!("Từ / from {} → {}", m.sender, m.recipient);
            println!(
                "{} mục, {} mới / entries, new: {} {}",
                m.n_entries, verified.n_new_entries, m.n_entries, verified.n_new_entries
            );
            if verified.already_imported {
                println!("Lô này đã nhập rồi / already imported");
            }
        }
        BatchCommand::Import { file } => {
            let report = rasoat_batch::import_batch(&mut store, &read(&file)?, now())?;
            crate::signin::record(
                &mut store,
                rasoat_store::ActionEvent::Import,
                Some(&crate::signin::file_name(&file)),
                (report.new + report.updated) as u64,
            )?;
            if report.already_imported {
                println!("Lô này đã nhập rồi, không thay đổi gì / batch already imported, nothing changed");
            } else {
                println!(
                    "Hộ mới {}, cập nhật {}, trùng {}, xung đột {} / new {}, updated {}, duplicates {}, conflicts {}",
                    report.new, report.updated, report.duplicates, report.conflicts.len(),
                    report.new, report.updated, report.duplicates, report.conflicts.len()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, ClapArgs)]
pub struct ReceiptArgs {
    #[command(subcommand)]
    command: ReceiptCommand,
    #[command(flatten)]
    db: Db,
}

#[derive(Debug, Subcommand)]
enum ReceiptCommand {
    /// Write a signed receipt for INSTALLATION saying what this installation holds.
    Export {
        #[arg(long)]
        to: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Import a receipt: marks the entries it acknowledges.
    Import { file: PathBuf },
}

pub fn receipt(args: ReceiptArgs) -> anyhow::Result<ExitCode> {
    let mut store = args.db.open()?;
    match args.command {
        ReceiptCommand::Export { to, out } => {
            write(&out, &rasoat_batch::export_receipt(&mut store, &to, now())?)?;
            println!("Đã ghi biên nhận / receipt written: {}", out.display());
        }
        ReceiptCommand::Import { file } => {
            let report = rasoat_batch::import_receipt(&mut store, &read(&file)?)?;
            println!(
                "Máy {} xác nhận thêm {} mục / acknowledged {} more entries",
                report.from, report.newly_acknowledged, report.newly_acknowledged
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, ClapArgs)]
pub struct ConflictsArgs {
    #[command(subcommand)]
    command: ConflictsCommand,
    #[command(flatten)]
    db: Db,
}

#[derive(Debug, Subcommand)]
enum ConflictsCommand {
    /// Records edited from the same parent on different installations.
    List,
    /// Keep one edit (ENTRY, as listed) of a household's record in a round.
    Resolve {
        household: String,
        round: String,
        entry: String,
        /// Who decides (a user name or role).
        #[arg(long, default_value = "cán bộ")]
        actor: String,
    },
}

pub fn conflicts(args: ConflictsArgs) -> anyhow::Result<ExitCode> {
    let mut store = args.db.open()?;
    match args.command {
        ConflictsCommand::List => {
            let conflicts = rasoat_batch::list_conflicts(&store)?;
            if conflicts.is_empty() {
                println!("Không có xung đột / no conflicts");
            }
            for c in conflicts {
                println!(
                    "Hộ / household {} (mã {}) kỳ / round {}",
                    c.household_id, c.code, c.round_id
                );
                for (i, head) in c.heads.iter().enumerate() {
                    println!(
                        "  {} {} {}#{} {} {} {}",
                        if i == 0 { "*" } else { " " },
                        head.entry_id,
                        head.origin,
                        head.seq,
                        head.status.as_str(),
                        head.class.as_deref().unwrap_or("-"),
                        head.actor
                    );
                }
            }
        }
        ConflictsCommand::Resolve {
            household,
            round,
            entry,
            actor,
        } => {
            let saved = rasoat_batch::resolve_conflict(
                &mut store,
                &household,
                &round,
                &entry,
                &actor,
                now(),
            )?;
            println!(
                "Đã giải quyết / resolved (mục nhật ký / journal seq {})",
                saved.seq
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
