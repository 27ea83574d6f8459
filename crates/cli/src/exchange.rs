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
    /// Make this store, a copy or a restored backup that receivers refuse as a second copy of
    /// its installation, a new installation: entries a peer acknowledged stay under the old
    /// id, every later one moves to the new id, and the new card (written to --out) must be
    /// enrolled again by the offices.
    NewInstallation {
        /// The new identity card file to write.
        #[arg(long)]
        out: PathBuf,
        /// Confirm: the old identity's keys are dropped from this store.
        #[arg(long)]
        yes: bool,
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
            // What an office certified, once a batch of the office that enrolled this
            // installation brought its certificate.
            match rasoat_batch::own_certification(&store)? {
                Some(certified) => {
                    let period = certified.validity.map_or_else(
                        || "không ghi thời hạn / no period".to_string(),
                        |v| {
                            let (from, until) = v.days();
                            format!("từ {from} đến hết {until} / from {from} to the end of {until}")
                        },
                    );
                    println!(
                        "Được chứng nhận / certified: {} {} — {period} — bởi máy / by installation {}",
                        certified.card.role, certified.card.unit_code, certified.issuer
                    );
                }
                None => println!(
                    "Thời hạn do máy đăng ký cấp, in ra khi đăng ký / the validity period is set by the enrolling installation and printed when it enrols the card"
                ),
            }
        }
        IdentityCommand::NewInstallation { out, yes } => {
            if !yes {
                bail!("thêm --yes để xác nhận: khóa của máy cũ sẽ bị xóa khỏi kho này / add --yes to confirm: the old installation's keys are dropped from this store");
            }
            let (done, card) = rasoat_batch::become_new_installation(&mut store, now())?;
            write(&out, &card.to_file_bytes()?)?;
            println!(
                "Máy cũ / previous installation: {} — giữ các mục 1..={} / keeps entries 1..={}",
                done.previous, done.kept_through, done.kept_through
            );
            println!(
                "Máy mới / new installation: {} — {} mục chuyển sang / entries moved: {}",
                done.id, done.moved, done.moved
            );
            println!("Dấu vân tay / fingerprint: {}", card.fingerprint());
            println!("Hãy để huyện (máy chủ) và các máy nhận đăng ký lại thẻ mới {} rồi đồng bộ / have the district (server) and every receiver enrol the new card {} again, then sync", out.display(), out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, ClapArgs)]
pub struct EnrolArgs {
    /// The identity card file of the installation to accept batches from.
    card: PathBuf,
    /// First day the enrolment holds (YYYY-MM-DD, UTC); default today.
    #[arg(long)]
    valid_from: Option<rasoat_domain::Date>,
    /// Last day the enrolment holds (YYYY-MM-DD, UTC); default five years on. Enrolling a
    /// card again with a new day renews it.
    #[arg(long)]
    valid_until: Option<rasoat_domain::Date>,
    #[command(flatten)]
    db: Db,
}

pub fn enrol(args: EnrolArgs) -> anyhow::Result<ExitCode> {
    let mut store = args.db.open()?;
    let at = now();
    let card = read(&args.card)?;
    let enrolment = match rasoat_batch::Validity::chosen(args.valid_from, args.valid_until, at)? {
        None => rasoat_batch::enrol(&mut store, &card, at)?,
        Some(validity) => rasoat_batch::enrol_for(&mut store, &card, at, validity)?,
    };
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
    let (from, until) = enrolment.validity.days();
    println!("Có hiệu lực từ {from} đến hết {until} / valid from {from} to the end of {until}");
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
    /// Verify, then import each batch in one transaction. Several files (a folder from a USB
    /// stick) are imported in whatever order they come, the next one checked while this one
    /// is written; a file still refused at the end is named with its reason.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
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
        BatchCommand::Import { files } => {
            let read_all = files
                .iter()
                .map(|file| Ok((crate::signin::file_name(file), read(file)?)))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let report = match read_all.as_slice() {
                // One file: its refusal is the command's error, as it always was.
                [(_, bytes)] => rasoat_batch::import_batch(&mut store, bytes, now())?,
                _ => rasoat_batch::import_batches(&mut store, &read_all, now())?,
            };
            let names: Vec<&str> = read_all.iter().map(|(name, _)| name.as_str()).collect();
            crate::signin::record(
                &mut store,
                rasoat_store::ActionEvent::Import,
                Some(&names.join(", ")),
                (report.new + report.updated) as u64,
            )?;
            if report.already_imported && report.new_entries == 0 {
                println!("Lô này đã nhập rồi, không thay đổi gì / batch already imported, nothing changed");
            } else {
                if read_all.len() > 1 {
                    println!(
                        "Đã nhập {} lô / batches imported: {}",
                        report.batches, report.batches
                    );
                }
                println!(
                    "Hộ mới {}, cập nhật {}, trùng {}, xung đột {} / new {}, updated {}, duplicates {}, conflicts {}",
                    report.new, report.updated, report.duplicates, report.conflicts.len(),
                    report.new, report.updated, report.duplicates, report.conflicts.len()
                );
                // Edits of a household its old commune sent after a transfer took it away:
                // stored, so nothing is lost, but they change no household.
                if report.kept_as_history > 0 {
                    println!(
                        "Sửa đổi gửi đến sau khi hộ đã chuyển xã, giữ làm lịch sử, không áp dụng: {} / edits that arrived after the household moved to another commune, kept as history, not applied: {}",
                        report.kept_as_history, report.kept_as_history
                    );
                }
                // Both households of a shared code are kept; the office is told where to look.
                let shared = rasoat_batch::list_duplicate_codes(&store)?.len();
                if shared > 0 {
                    println!(
                        "Mã hộ trùng giữa các hộ, cần đánh lại mã một hộ: {shared} (xem `rasoat conflicts list`) / household codes several households hold, renumber one: {shared} (see `rasoat conflicts list`)"
                    );
                }
            }
            if !report.refused_with_reasons.is_empty() {
                for (name, reason) in &report.refused_with_reasons {
                    eprintln!("Không nhập / not imported: {name}: {reason}");
                }
                return Ok(ExitCode::FAILURE);
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

/// Codes that several households of a round hold: each household by code, commune, village
/// and who filled it, never by the head's name.
fn print_duplicate_codes(shared: &[rasoat_batch::DuplicateCode]) {
    for d in shared {
        println!(
            "Trùng mã hộ / shared household code {} kỳ / round {} ({} hộ / households): đánh lại mã một hộ / renumber one",
            d.code,
            d.round_year,
            d.households.len()
        );
        for h in &d.households {
            println!(
                "  hộ / household {} xã / commune {} thôn / village {} {} {} {}",
                h.household_id,
                h.commune_code,
                if h.village.trim().is_empty() {
                    "—"
                } else {
                    h.village.as_str()
                },
                h.status,
                h.filled_by.as_deref().unwrap_or("-"),
                h.filled_on.as_deref().unwrap_or("-")
            );
        }
    }
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
    /// Records edited from the same parent on different installations, and household codes
    /// several households of a round hold ("trùng mã hộ").
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
            let shared = rasoat_batch::list_duplicate_codes(&store)?;
            if conflicts.is_empty() && shared.is_empty() {
                println!("Không có xung đột / no conflicts");
            }
            print_duplicate_codes(&shared);
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
