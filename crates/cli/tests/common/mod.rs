//! What every end-to-end test of the `rasoat` binary shares: running it on a store file (or
//! none), reading what it printed, and the installations the exchange scenarios start from.
// Each test binary includes this module and uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};

/// The repository root: the examples and assets the commands read are named from here.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The person every test signs in as (the first to open a store becomes its administrator).
pub const TEST_USER: &str = "can-bo-thu";

/// Their PIN.
pub const TEST_PIN: &str = "246810";

/// A file holding `TEST_PIN`, made once per test binary, only its owner can read: what
/// `RASOAT_PIN_FILE` names for every run.
pub fn test_pin_file() -> &'static Path {
    static FILE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    FILE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("rasoat-cli-tests-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("pin folder");
        let file = dir.join("pin");
        std::fs::write(&file, format!("{TEST_PIN}\n")).expect("pin file");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                .expect("chmod pin file");
        }
        file
    })
}

/// The built binary, run from the repository root as a fixed login name and signed-in person
/// (journalled as the actor, so no test depends on who runs it), with no store unless one is
/// given.
fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rasoat"));
    command
        .current_dir(repo())
        .args(args)
        .env_remove("RASOAT_DB")
        .env_remove("RASOAT_NEW_PIN_FILE")
        .env("USER", TEST_USER)
        .env("RASOAT_USER", TEST_USER)
        .env("RASOAT_PIN_FILE", test_pin_file());
    command
}

/// A new encrypted store at `db` made in the test process, the test person its administrator,
/// as `rasoat init` would make it.
pub fn protect(db: &Path) -> rasoat_store::Store {
    rasoat_store::Store::protect(
        db,
        TEST_USER,
        TEST_PIN,
        rasoat_store::KdfParams::STANDARD,
        rasoat_store::unix_millis_now(),
    )
    .expect("a new encrypted store")
    .store
}

/// The store at `db` opened in the test process, as the test person.
pub fn unlock(db: &Path) -> rasoat_store::Store {
    rasoat_store::Store::unlock(
        db,
        &rasoat_store::Credential::Pin {
            person: TEST_USER,
            pin: TEST_PIN,
        },
        rasoat_store::unix_millis_now(),
    )
    .expect("unlock with the test PIN")
    .store
}

/// `rasoat` on the store file `db` (`RASOAT_DB`).
pub fn rasoat(db: &Path, args: &[&str]) -> Output {
    command(args)
        .env("RASOAT_DB", db)
        .output()
        .expect("run rasoat")
}

/// `rasoat` with no store named: the commands that need none, or the refusal of those that do.
pub fn rasoat_without_store(args: &[&str]) -> Output {
    command(args).output().expect("run rasoat")
}

/// The exit code, standard output and standard error of a run, as text.
pub fn outcome(output: &Output) -> (i32, String, String) {
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The standard output of a run that must succeed; everything it printed otherwise.
pub fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The standard error of a run that must fail.
pub fn failed(output: &Output) -> String {
    assert!(!output.status.success(), "expected a failure");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A path as a command-line argument.
pub fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The value after `label` on the line that starts with it.
pub fn field<'a>(text: &'a str, label: &str) -> &'a str {
    text.lines()
        .find_map(|line| line.strip_prefix(label))
        .map(str::trim)
        .unwrap_or_else(|| panic!("`{label}` in {text}"))
}

/// An installation made by the binary: its store file, its identity card and its id.
#[derive(Debug)]
pub struct Installation {
    pub db: PathBuf,
    pub card: PathBuf,
    pub id: String,
}

/// Initialises `<name>.sqlite` in `dir` as a `role` installation serving `unit`, with the
/// first `households` demo households of `seed` (2025) when given, then writes its identity
/// card to `<name>.card`.
pub fn installation(
    dir: &Path,
    name: &str,
    role: &str,
    unit: &str,
    demo: Option<(&str, &str)>,
) -> Installation {
    let db = dir.join(format!("{name}.sqlite"));
    ok(&rasoat(&db, &["init", "--role", role, "--unit", unit]));
    if let Some((households, seed)) = demo {
        demo_households(&db, households, seed);
    }
    let card = dir.join(format!("{name}.card"));
    let out = ok(&rasoat(&db, &["identity", "export", "--out", path(&card)]));
    assert!(out.contains("Dấu vân tay / fingerprint:"), "{out}");
    let id = field(&out, "Máy / installation:").to_string();
    Installation { db, card, id }
}

/// Adds the first `households` demo households of `seed` to the store, in a round of 2025,
/// with the seed's own ids and of every commune whatever the installation's unit: sites given
/// the same seed share households, so the exchange tests meet duplicates and conflicts, and a
/// commune's batches carry households of other units, for the refusals.
pub fn demo_households(db: &Path, households: &str, seed: &str) {
    ok(&rasoat(
        db,
        &[
            "demo",
            "generate",
            "--households",
            households,
            "--seed",
            seed,
            "--year",
            "2025",
            "--shared-ids",
            "--any-commune",
        ],
    ));
}

/// A `rasoat serve` child, killed when the test ends however it ends.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
