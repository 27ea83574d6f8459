//! `rasoat people`: who signs in on this installation. An administrator adds people with a
//! role, disables them, resets a forgotten PIN, sets the desktop's idle lock and makes a
//! server's key file; anyone changes their own PIN. New PINs are typed twice at the terminal,
//! or read from the file `RASOAT_NEW_PIN_FILE` names.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args as ClapArgs, Subcommand};
use rasoat_store::{PersonRole, Store};

use crate::init::{now, DbArg};
use crate::signin;

#[derive(Debug, ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    command: PeopleCommand,
}

#[derive(Debug, Subcommand)]
enum PeopleCommand {
    /// Everyone who may sign in, and who was disabled.
    List {
        #[command(flatten)]
        db: DbArg,
    },
    /// Add a person (administrator only).
    Add {
        #[command(flatten)]
        db: DbArg,
        /// Their name, as the sign-in screen lists it.
        #[arg(long)]
        name: String,
        /// administrator | reviewer (rà soát viên) | commune_officer (cán bộ xã) |
        /// district_officer (cán bộ huyện-tỉnh)
        #[arg(long)]
        role: String,
    },
    /// Disable a person (administrator only): their key is removed.
    Disable {
        #[command(flatten)]
        db: DbArg,
        /// The person's id (`rasoat people list`).
        #[arg(long)]
        id: String,
    },
    /// Give a person a new PIN (administrator only).
    ResetPin {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        id: String,
    },
    /// Forgotten PIN: open with the recovery key (typed, or from the file
    /// `RASOAT_RECOVERY_FILE` names) and give the person a new PIN.
    Recover {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        id: String,
    },
    /// Change your own PIN.
    ChangePin {
        #[command(flatten)]
        db: DbArg,
    },
    /// Minutes of inactivity before the desktop locks (administrator only; default 10).
    IdleLock {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        minutes: u32,
    },
    /// Write a key file for `rasoat serve --key-file` (administrator only); mode 0600, give it
    /// to the server's account alone.
    ServiceKey {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        out: PathBuf,
    },
}

fn signed_in_person() -> anyhow::Result<rasoat_store::Person> {
    signin::signed_in()
        .cloned()
        .context("cần đăng nhập bằng --user / sign in with --user")
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        PeopleCommand::List { db } => {
            let store = db.open()?;
            println!(
                "{:<36}  {:<18}  {:<10}  TÊN / NAME",
                "MÃ / ID", "VAI TRÒ / ROLE", "TRẠNG THÁI"
            );
            for person in store.people()? {
                let state = if person.disabled_at.is_some() {
                    "đã khóa"
                } else {
                    "hoạt động"
                };
                println!(
                    "{:<36}  {:<18}  {:<10}  {}",
                    person.id,
                    person.role.label_vi(),
                    state,
                    person.name
                );
            }
        }
        PeopleCommand::Add { db, name, role } => {
            let Some(role) = PersonRole::parse(&role) else {
                bail!(
                    "vai trò `{role}` không hợp lệ (administrator | reviewer | commune_officer | district_officer) / invalid role"
                );
            };
            let mut store = db.open()?;
            let by = signed_in_person()?;
            let pin = signin::read_new_pin()?;
            let person = store.add_person(&by, &name, role, &pin, now())?;
            println!("đã thêm / added: {} ({})", person.id, role.label_vi());
        }
        PeopleCommand::Disable { db, id } => {
            let mut store = db.open()?;
            let by = signed_in_person()?;
            store.disable_person(&by, &id, now())?;
            println!("đã khóa / disabled: {id}");
        }
        PeopleCommand::ResetPin { db, id } => {
            let mut store = db.open()?;
            let by = signed_in_person()?;
            let pin = signin::read_new_pin()?;
            store.reset_pin(&by, &id, &pin, now())?;
            println!("đã đặt lại mã PIN / PIN reset: {id}");
        }
        PeopleCommand::Recover { db, id } => {
            let mut store = signin::open_with_recovery(&db.path()?)?;
            let pin = signin::read_new_pin()?;
            store.reset_pin_after_recovery(&id, &pin, now())?;
            println!(
                "đã đặt lại mã PIN bằng khóa khôi phục / PIN reset with the recovery key: {id}"
            );
        }
        PeopleCommand::ChangePin { db } => {
            let mut store = db.open()?;
            let me = signed_in_person()?;
            let pin = signin::read_new_pin()?;
            store.change_pin(&me, &pin, now())?;
            println!("đã đổi mã PIN / PIN changed");
        }
        PeopleCommand::IdleLock { db, minutes } => {
            let mut store = db.open()?;
            let by = signed_in_person()?;
            let minutes = store.set_idle_lock_minutes(&by, minutes, now())?;
            println!("khóa màn hình sau {minutes} phút / idle lock: {minutes} min");
        }
        PeopleCommand::ServiceKey { db, out } => {
            let mut store: Store = db.open()?;
            let by = signed_in_person()?;
            store.make_service_key(&by, &out, now())?;
            println!(
                "đã ghi tệp khóa / key file written: {} (0600; `rasoat serve --key-file`)",
                out.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
