//! `rasoat init`: make a store file an installation (role and administrative unit), with the
//! reference units loaded. Also the `--db` / `RASOAT_DB` argument every store command shares.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use rasoat_domain::workflow::Role;
use rasoat_store::Store;

/// Where the store is: `--db`, else `$RASOAT_DB`.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArg {
    /// The installation's store file (default: $RASOAT_DB).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
}

impl DbArg {
    pub fn path(&self) -> anyhow::Result<PathBuf> {
        match &self.db {
            Some(path) => Ok(path.clone()),
            None => match std::env::var_os("RASOAT_DB") {
                Some(path) if !path.is_empty() => Ok(PathBuf::from(path)),
                _ => bail!("cần --db (hoặc biến RASOAT_DB) / need --db (or RASOAT_DB)"),
            },
        }
    }

    /// Opens an existing store for the person who signs in (refuses to create one by accident
    /// outside `init`).
    pub fn open(&self) -> anyhow::Result<Store> {
        crate::signin::open(&self.path()?, false)
    }
}

/// Now, in Unix milliseconds: the CLI is where the clock is read, never the store.
pub use rasoat_store::unix_millis_now as now;

/// Who acts, as journalled: the person signed in (name and id), else `--actor`, else the
/// login name.
pub fn actor(explicit: &Option<String>) -> String {
    if let Some(person) = crate::signin::signed_in() {
        return person.actor();
    }
    explicit
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| "rasoat".to_string())
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    /// enumerator | commune | district | province
    #[arg(long)]
    role: String,
    /// GSO code of the commune (5 digits), district (3 digits) or province (2 digits) this
    /// installation serves.
    #[arg(long, value_name = "CODE")]
    unit: String,
    /// Who initialises (journalled).
    #[arg(long)]
    actor: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Some(role) = Role::parse(&args.role) else {
        bail!(
            "vai trò `{}` không hợp lệ (enumerator | commune | district | province) / invalid role",
            args.role
        );
    };
    let path = args.db.path()?;
    let mut store = crate::signin::open(&path, true)?;
    store.load_reference_units()?;
    let installation = store.init_installation(role, &args.unit, &actor(&args.actor), now())?;
    println!(
        "đã khởi tạo máy {} ({}, đơn vị {}) tại {} / installation initialised",
        installation.id,
        role.as_str(),
        installation.unit_code,
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
