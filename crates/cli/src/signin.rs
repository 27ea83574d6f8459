//! Signing in on the command line: `--user` (or `RASOAT_USER`) names the person, the PIN is
//! typed at the terminal without echo, or read from the file that `RASOAT_PIN_FILE` names (for
//! scripts and tests). Never from a flag: a flag is visible to every user of the machine in
//! the process list and stays in the shell's history.
//!
//! A store from a version before encryption is encrypted in place the first time it is opened,
//! and the person who opened it becomes its administrator; its recovery key is printed once.
//! The person who signed in is the actor of everything the command journals.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::OnceLock;

use anyhow::{bail, Context};
use rasoat_store::access::{store_file, StoreFile};
use rasoat_store::{Credential, KdfParams, Person, RecoveryKey, Store};
use zeroize::Zeroizing;

/// The environment variable naming a file that holds the PIN.
pub const PIN_FILE_VAR: &str = "RASOAT_PIN_FILE";

/// The environment variable naming a service key file (`rasoat people service-key`): a server
/// and its backup timer open the store with it, without a person.
pub const KEY_FILE_VAR: &str = "RASOAT_KEY_FILE";

/// The environment variable naming a file that holds a new PIN (`people add`, `reset-pin`).
pub const NEW_PIN_FILE_VAR: &str = "RASOAT_NEW_PIN_FILE";

static USER: OnceLock<Option<String>> = OnceLock::new();
static SIGNED_IN: OnceLock<Person> = OnceLock::new();

/// Remembers `--user` for the command's store opens.
pub fn set_user(user: Option<String>) {
    let _ = USER.set(user.filter(|u| !u.trim().is_empty()));
}

fn user() -> anyhow::Result<String> {
    match USER.get().and_then(Clone::clone) {
        Some(user) => Ok(user),
        None => bail!(
            "cần tên người dùng: --user TÊN (hoặc biến RASOAT_USER) / a person is needed: --user NAME (or RASOAT_USER)"
        ),
    }
}

/// The person signed in by this command, once a store was opened.
pub fn signed_in() -> Option<&'static Person> {
    SIGNED_IN.get()
}

/// A secret from the file named by `var`, else typed at the terminal; refused in plain words
/// when there is neither.
fn read_secret(var: &str, prompt: &str) -> anyhow::Result<Zeroizing<String>> {
    if let Some(file) = std::env::var_os(var).filter(|f| !f.is_empty()) {
        let text = Zeroizing::new(std::fs::read_to_string(&file).with_context(|| {
            format!(
                "không đọc được tệp mã PIN {} ({var}) / cannot read the PIN file",
                Path::new(&file).display()
            )
        })?);
        return Ok(Zeroizing::new(
            text.trim_end_matches(['\r', '\n']).to_string(),
        ));
    }
    if std::io::stdin().is_terminal() {
        let typed = rpassword::prompt_password(prompt).context("đọc mã PIN / reading the PIN")?;
        return Ok(Zeroizing::new(typed));
    }
    bail!(
        "cần mã PIN: gõ ở bàn phím, hoặc đặt biến {var} là tên tệp chứa mã; không nhận mã PIN trên dòng lệnh / a PIN is needed: type it at a terminal or set {var} to a file holding it; a PIN is never taken as an argument"
    )
}

/// The PIN of the person signing in.
pub fn read_pin() -> anyhow::Result<Zeroizing<String>> {
    read_secret(PIN_FILE_VAR, "Mã PIN / PIN: ")
}

/// A new PIN for someone (typed twice at a terminal).
pub fn read_new_pin() -> anyhow::Result<Zeroizing<String>> {
    let pin = read_secret(NEW_PIN_FILE_VAR, "Mã PIN mới / new PIN: ")?;
    if std::env::var_os(NEW_PIN_FILE_VAR).is_none() {
        let again = read_secret(NEW_PIN_FILE_VAR, "Nhập lại / again: ")?;
        if *again != *pin {
            bail!("hai lần nhập không khớp / the two PINs differ");
        }
    }
    Ok(pin)
}

/// Opens the store at `path` for the signed-in person: unlocks an encrypted one, encrypts a
/// plain one in place first (its first opener becomes the administrator), creates one when
/// `create` and there is none.
pub fn open(path: &Path, create: bool) -> anyhow::Result<Store> {
    let state = store_file(path)?;
    if state == StoreFile::Missing && !create {
        bail!(
            "không có kho {}; chạy `rasoat init` trước / no store at this path, run `rasoat init`",
            path.display()
        );
    }
    let now = rasoat_store::unix_millis_now();
    if let (StoreFile::Encrypted, Some(key_file)) = (
        state,
        std::env::var_os(KEY_FILE_VAR).filter(|f| !f.is_empty()),
    ) {
        return open_with_key_file(path, Path::new(&key_file));
    }
    let user = user()?;
    let pin = read_pin()?;
    if state == StoreFile::Encrypted {
        let unlocked = Store::unlock(
            path,
            &Credential::Pin {
                person: &user,
                pin: &pin,
            },
            now,
        )
        .with_context(|| format!("mở kho / opening store {}", path.display()))?;
        if let Some(person) = unlocked.person {
            let _ = SIGNED_IN.set(person);
        }
        return Ok(unlocked.store);
    }
    let protected = Store::protect(path, &user, &pin, KdfParams::STANDARD, now)
        .with_context(|| format!("mã hóa kho / encrypting store {}", path.display()))?;
    print_recovery_sheet(path, &protected.recovery_key, state == StoreFile::Plain);
    let _ = SIGNED_IN.set(protected.administrator);
    Ok(protected.store)
}

/// Opens the store with a service key file, which only its account may read.
pub fn open_with_key_file(path: &Path, key_file: &Path) -> anyhow::Result<Store> {
    let secret = rasoat_store::ServiceSecret::read(key_file)?;
    let unlocked = Store::unlock(
        path,
        &Credential::Service(&secret),
        rasoat_store::unix_millis_now(),
    )
    .with_context(|| format!("mở kho / opening store {}", path.display()))?;
    Ok(unlocked.store)
}

/// Opens the store with the recovery key (typed, or from the file `RASOAT_RECOVERY_FILE`).
pub fn open_with_recovery(path: &Path) -> anyhow::Result<Store> {
    let typed = read_secret("RASOAT_RECOVERY_FILE", "Khóa khôi phục / recovery key: ")?;
    let key = RecoveryKey::parse(&typed)?;
    let unlocked = Store::unlock(
        path,
        &Credential::Recovery(&key),
        rasoat_store::unix_millis_now(),
    )
    .with_context(|| format!("mở kho / opening store {}", path.display()))?;
    Ok(unlocked.store)
}

/// Appends an audited action of the signed-in person: `subject` names the file (its name
/// only) or the household, `households` how many a file holds.
pub fn record(
    store: &mut Store,
    event: rasoat_store::ActionEvent,
    subject: Option<&str>,
    households: u64,
) -> anyhow::Result<()> {
    store.record_action(
        rasoat_store::unix_millis_now(),
        signed_in(),
        event,
        subject,
        i64::try_from(households).unwrap_or(i64::MAX),
    )?;
    Ok(())
}

/// A file's own name for the audit (not its folder, which may name a person's home).
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The recovery key, once, on standard error (standard output may be a file or a pipe).
fn print_recovery_sheet(path: &Path, key: &RecoveryKey, encrypted_in_place: bool) {
    let what = if encrypted_in_place {
        "kho dữ liệu đã được mã hóa / the store is now encrypted"
    } else {
        "kho dữ liệu mới đã được mã hóa / the new store is encrypted"
    };
    eprintln!("{what}: {}", path.display());
    eprintln!("KHÓA KHÔI PHỤC / RECOVERY KEY — chép ra giấy, cất nơi an toàn; chỉ hiện một lần / write it down, keep it safe; shown once:");
    eprintln!("    {}", key.groups().join(" "));
}
