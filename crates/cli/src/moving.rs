//! `rasoat move`: moving this installation to another machine. `move out` (an administrator)
//! writes the whole installation to one file encrypted to a passphrase and leaves this store
//! readable but closed to changes; `move in` on the new machine makes the store from it. The
//! passphrase is typed at the terminal (twice for a new file), or read from the file
//! `RASOAT_MOVE_PASSPHRASE_FILE` names, for scripts and tests; never from a flag.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args as ClapArgs, Subcommand};
use rasoat_store::moving::MIN_PASSPHRASE_CHARS;
use rasoat_store::{MoveCost, MovePassphrase, Store};
use zeroize::Zeroizing;

use crate::init::{now, DbArg};
use crate::signin;

/// The environment variable naming a file that holds the move passphrase.
pub const PASSPHRASE_FILE_VAR: &str = "RASOAT_MOVE_PASSPHRASE_FILE";

#[derive(Debug, ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    command: MoveCommand,
}

#[derive(Debug, Subcommand)]
enum MoveCommand {
    /// Write this installation to one file encrypted to a passphrase (administrator only).
    /// This machine then keeps its data for reading only: no edits, no exchanges.
    Out {
        #[command(flatten)]
        db: DbArg,
        /// The move file to write (it must not exist yet).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Make this machine's store from a move file: the same installation, people and PINs.
    In {
        /// Where the store is made (default: $RASOAT_DB); there must be no store there yet.
        #[command(flatten)]
        db: DbArg,
        /// The move file.
        file: PathBuf,
    },
}

/// The passphrase from the file `RASOAT_MOVE_PASSPHRASE_FILE` names, else typed at the
/// terminal (twice when `confirm`).
fn read_passphrase(confirm: bool) -> anyhow::Result<Zeroizing<String>> {
    if let Some(file) = std::env::var_os(PASSPHRASE_FILE_VAR).filter(|f| !f.is_empty()) {
        let text = Zeroizing::new(std::fs::read_to_string(&file).with_context(|| {
            format!(
                "không đọc được tệp cụm mật khẩu {} ({PASSPHRASE_FILE_VAR}) / cannot read the passphrase file",
                Path::new(&file).display()
            )
        })?);
        return Ok(Zeroizing::new(
            text.trim_end_matches(['\r', '\n']).to_string(),
        ));
    }
    if !std::io::stdin().is_terminal() {
        bail!(
            "cần cụm mật khẩu chuyển máy: gõ ở bàn phím, hoặc đặt biến {PASSPHRASE_FILE_VAR} là tên tệp chứa nó; không nhận trên dòng lệnh / a move passphrase is needed: type it at a terminal or set {PASSPHRASE_FILE_VAR} to a file holding it; never taken as an argument"
        );
    }
    let typed = Zeroizing::new(
        rpassword::prompt_password(format!(
            "Cụm mật khẩu chuyển máy (ít nhất {MIN_PASSPHRASE_CHARS} ký tự) / move passphrase (at least {MIN_PASSPHRASE_CHARS} characters): "
        ))
        .context("đọc cụm mật khẩu / reading the passphrase")?,
    );
    if confirm {
        let again = Zeroizing::new(
            rpassword::prompt_password("Nhập lại / again: ")
                .context("đọc cụm mật khẩu / reading the passphrase")?,
        );
        if *again != *typed {
            bail!("hai lần nhập không khớp; chưa chuyển gì / the two passphrases differ: nothing moved");
        }
    }
    Ok(typed)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        MoveCommand::Out { db, out } => move_out(&db, &out),
        MoveCommand::In { db, file } => move_in(&db, &file),
    }
}

fn move_out(db: &DbArg, out: &Path) -> anyhow::Result<ExitCode> {
    let mut store = db.open()?;
    let by = signin::signed_in()
        .cloned()
        .context("cần đăng nhập bằng --user / sign in with --user")?;
    let summary = store.move_summary(&by)?;
    let unit = match &summary.unit_name {
        Some(name) => format!("{name} ({})", summary.unit_code),
        None => summary.unit_code.clone(),
    };
    eprintln!(
        "Chuyển cả máy {} ({unit}) sang tệp {}: {} hộ kèm họ tên và câu trả lời, {} kỳ rà soát, {} người dùng với mã PIN của họ, khóa ký của máy. Sau đó máy này chỉ còn để xem: không sửa, không gửi nhận được nữa.",
        summary.installation_id,
        out.display(),
        summary.households,
        summary.rounds,
        summary.people
    );
    eprintln!(
        "Moving the whole installation {} ({unit}) to {}: {} households with names and answers, {} rounds, {} people with their PINs, the installation's keys. This machine then stays for reading only: no edits, no exchanges.",
        summary.installation_id,
        out.display(),
        summary.households,
        summary.rounds,
        summary.people
    );
    let typed = read_passphrase(true)?;
    let passphrase = MovePassphrase::new(&typed)?;
    let moved = store.move_out(&by, out, &passphrase, MoveCost::STANDARD, now())?;
    println!("Tệp chuyển máy / move file: {}", out.display());
    println!("Số hộ / households: {}", moved.households);
    println!(
        "Máy này đã chuyển ngày {}; trên máy mới chạy: rasoat move in {} --db ĐƯỜNG_DẪN / this installation has moved; on the new machine run: rasoat move in {} --db PATH",
        moved.day(),
        signin::file_name(out),
        signin::file_name(out)
    );
    Ok(ExitCode::SUCCESS)
}

fn move_in(db: &DbArg, file: &Path) -> anyhow::Result<ExitCode> {
    let path = db.path()?;
    let typed = read_passphrase(false)?;
    let passphrase = MovePassphrase::typed(&typed);
    let arrived: rasoat_store::MovedIn = Store::move_in(file, &path, &passphrase, now())
        .with_context(|| format!("chuyển máy vào / moving in to {}", path.display()))?;
    println!("Kho dữ liệu / store: {}", path.display());
    println!("Máy / installation: {}", arrived.installation_id);
    println!("Số hộ / households: {}", arrived.households);
    println!(
        "Mọi người đăng nhập bằng mã PIN cũ; khóa khôi phục cũ vẫn dùng được / everyone signs in with their old PIN; the old recovery key still opens"
    );
    Ok(ExitCode::SUCCESS)
}
