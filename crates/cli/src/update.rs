//! `rasoat update`: a new version reaches a field laptop on a USB stick, like the batches, and
//! is installed only when a release key the app trusts signed it and it is newer than the one
//! running.
//!
//! An update file (`.rsupdate`) is: the magic `RASOATUP`, a 4-byte big-endian manifest length,
//! the manifest (JSON: format, version, platform, file name, size, SHA-256 of the package, the
//! signing key's id), an Ed25519 signature over `rasoat-update-v1` and the manifest, then the
//! package itself (a .deb on Debian and Ubuntu). Written here rather than with Tauri's updater,
//! whose plugin fetches from an address: a village laptop has none, only a file.
//!
//! The keys trusted are the project's release keys in `assets/update-keys/trusted.txt` (none
//! is committed yet: the release key is made with `rasoat update keygen` and kept off this
//! repository) and those in the file `RASOAT_UPDATE_KEYS` names, an office's own choice.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const MAGIC: &[u8; 8] = b"RASOATUP";
const FORMAT: &str = "rasoat-update.v1";
const DOMAIN: &[u8] = b"rasoat-update-v1";
const MAX_MANIFEST: u32 = 16 * 1024;
/// The project's release public keys, one hex key per line (`#` starts a comment).
const TRUSTED: &str = include_str!("../../../assets/update-keys/trusted.txt");

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: UpdateCommand,
}

#[derive(Debug, clap::Subcommand)]
enum UpdateCommand {
    /// Check an update file: signed by a trusted release key, intact, newer than this version.
    Check {
        /// The .rsupdate file.
        file: PathBuf,
    },
    /// Check an update file, then install its package (Debian/Ubuntu: apt, as root).
    Install {
        /// The .rsupdate file.
        file: PathBuf,
    },
    /// Make a release key pair: KEY (secret, 0600, keep it off the laptops) and KEY.pub.
    Keygen {
        /// Where to write the secret key; the public key goes beside it with `.pub`.
        #[arg(long)]
        out: PathBuf,
    },
    /// Sign a package into an update file (a release step).
    Sign {
        /// The secret key file from `rasoat update keygen`.
        #[arg(long)]
        key: PathBuf,
        /// The version the package installs (e.g. 0.2.0).
        #[arg(long)]
        version: String,
        /// The platform it is for (this machine's: see `rasoat update check`).
        #[arg(long, default_value = PLATFORM)]
        platform: String,
        /// The package (.deb).
        package: PathBuf,
        /// The update file to write.
        #[arg(long)]
        out: PathBuf,
    },
}

/// What this build installs: an update for another platform is refused.
const PLATFORM: &str = if cfg!(all(target_os = "linux", target_arch = "x86_64")) {
    "linux-x86_64-deb"
} else if cfg!(all(target_os = "linux", target_arch = "aarch64")) {
    "linux-aarch64-deb"
} else if cfg!(target_os = "windows") {
    "windows-x86_64-nsis"
} else {
    "other"
};

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    format: String,
    version: String,
    platform: String,
    file_name: String,
    size: u64,
    sha256: String,
    /// The first 8 bytes of the signing public key, in hex: which key to check with.
    key_id: String,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        UpdateCommand::Check { file } => {
            let update = verify(&file)?;
            println!(
                "Gói cập nhật hợp lệ / valid update: Rà soát {} ({}), {}, ký bởi khóa / signed by key {}",
                update.manifest.version,
                update.manifest.platform,
                update.manifest.file_name,
                update.manifest.key_id
            );
            Ok(ExitCode::SUCCESS)
        }
        UpdateCommand::Install { file } => install(&file),
        UpdateCommand::Keygen { out } => keygen(&out),
        UpdateCommand::Sign {
            key,
            version,
            platform,
            package,
            out,
        } => sign(&key, &version, &platform, &package, &out),
    }
}

struct Update {
    manifest: Manifest,
    package: Vec<u8>,
}

fn refused(why_vi: &str, why_en: &str) -> anyhow::Error {
    anyhow::anyhow!("không cài bản cập nhật này: {why_vi} / this update is not installed: {why_en}")
}

/// Reads and checks an update file; nothing is written anywhere.
fn verify(file: &Path) -> anyhow::Result<Update> {
    let bytes = std::fs::read(file)
        .with_context(|| format!("không đọc được {} / cannot read it", file.display()))?;
    let not_ours = || {
        refused(
            "tệp không phải gói cập nhật Rà soát",
            "the file is not a Rà soát update",
        )
    };
    let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or_else(not_ours)?;
    let (length, rest) = rest.split_first_chunk::<4>().ok_or_else(not_ours)?;
    let length = u32::from_be_bytes(*length);
    if length > MAX_MANIFEST {
        return Err(not_ours());
    }
    let length = usize::try_from(length).map_err(|_| not_ours())?;
    if rest.len() < length + 64 {
        return Err(refused("tệp bị cắt cụt", "the file is truncated"));
    }
    let (manifest_bytes, rest) = rest.split_at(length);
    let (signature, package) = rest.split_at(64);
    let manifest: Manifest = serde_json::from_slice(manifest_bytes).map_err(|_| not_ours())?;
    if manifest.format != FORMAT {
        return Err(refused(
            "định dạng gói do phiên bản khác làm ra",
            "the update was made in another format",
        ));
    }
    let key = trusted_keys()?
        .into_iter()
        .find(|k| key_id(k) == manifest.key_id)
        .ok_or_else(|| {
            refused(
                "gói không được ký bằng khóa phát hành mà máy này tin",
                "it is not signed by a release key this machine trusts",
            )
        })?;
    let signature = ed25519_dalek::Signature::from_slice(signature).map_err(|_| not_ours())?;
    let mut signed = DOMAIN.to_vec();
    signed.extend_from_slice(manifest_bytes);
    key.verify(&signed, &signature).map_err(|_| {
        refused(
            "chữ ký không đúng: gói đã bị sửa hoặc không phải của nhóm phát hành",
            "the signature does not match: the file was changed or not made by the release team",
        )
    })?;
    if package.len() as u64 != manifest.size
        || hex::encode(Sha256::digest(package)) != manifest.sha256
    {
        return Err(refused(
            "nội dung gói đã bị sửa sau khi ký",
            "the package was changed after it was signed",
        ));
    }
    if manifest.platform != PLATFORM {
        return Err(refused(
            &format!("gói dành cho {}, máy này là {PLATFORM}", manifest.platform),
            &format!(
                "it is for {}, this machine is {PLATFORM}",
                manifest.platform
            ),
        ));
    }
    let offered = semver::Version::parse(&manifest.version).map_err(|_| not_ours())?;
    let running = semver::Version::parse(env!("CARGO_PKG_VERSION"))
        .context("the running version is not a version")?;
    if offered <= running {
        return Err(refused(
            &format!("phiên bản {offered} không mới hơn bản đang dùng {running}"),
            &format!("version {offered} is not newer than the running {running}"),
        ));
    }
    Ok(Update {
        manifest,
        package: package.to_vec(),
    })
}

fn install(file: &Path) -> anyhow::Result<ExitCode> {
    let update = verify(file)?;
    if !update.manifest.platform.ends_with("-deb") {
        bail!("chỉ cài được gói .deb trên máy này / only .deb packages install here");
    }
    let dir = tempfile::tempdir().context("cannot make a temporary folder")?;
    let package = dir.path().join("rasoat-update.deb");
    let mut out = std::fs::File::create(&package).context("cannot write the package")?;
    out.write_all(&update.package)
        .and_then(|()| out.sync_all())
        .context("cannot write the package")?;
    // apt reads the package checked above, from a folder only this process writes.
    let status = std::process::Command::new("apt-get")
        .args(["install", "-y"])
        .arg(&package)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .context("không chạy được apt-get / cannot run apt-get")?;
    if !status.success() {
        bail!("apt-get không cài được gói (cần quyền root?) / apt-get could not install the package (root needed?)");
    }
    println!(
        "Đã cài Rà soát {} / installed Rà soát {}",
        update.manifest.version, update.manifest.version
    );
    Ok(ExitCode::SUCCESS)
}

fn trusted_keys() -> anyhow::Result<Vec<VerifyingKey>> {
    let mut text = TRUSTED.to_string();
    if let Some(extra) = std::env::var_os("RASOAT_UPDATE_KEYS") {
        let extra = std::fs::read_to_string(&extra).with_context(|| {
            format!(
                "không đọc được tệp khóa {} / cannot read the key file",
                Path::new(&extra).display()
            )
        })?;
        text.push('\n');
        text.push_str(&extra);
    }
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .map(|line| {
            let bytes: [u8; 32] = hex::decode(line)
                .ok()
                .and_then(|b| b.try_into().ok())
                .context("một khóa tin cậy không đọc được / a trusted key is unreadable")?;
            VerifyingKey::from_bytes(&bytes)
                .context("một khóa tin cậy không hợp lệ / a trusted key is invalid")
        })
        .collect()
}

fn key_id(key: &VerifyingKey) -> String {
    hex::encode(&key.as_bytes()[..8])
}

fn keygen(out: &Path) -> anyhow::Result<ExitCode> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let key = SigningKey::from_bytes(&seed);
    write_private(out, &hex::encode(seed))?;
    let public = out.with_extension("pub");
    std::fs::write(
        &public,
        format!("{}\n", hex::encode(key.verifying_key().as_bytes())),
    )
    .with_context(|| format!("cannot write {}", public.display()))?;
    println!(
        "Khóa bí mật / secret key: {} — khóa công khai / public key: {} (id {})",
        out.display(),
        public.display(),
        key_id(&key.verifying_key())
    );
    Ok(ExitCode::SUCCESS)
}

fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {} (it must not exist)", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

fn sign(
    key: &Path,
    version: &str,
    platform: &str,
    package: &Path,
    out: &Path,
) -> anyhow::Result<ExitCode> {
    semver::Version::parse(version)
        .with_context(|| format!("`{version}` is not a version like 0.2.0"))?;
    let seed: [u8; 32] = hex::decode(
        std::fs::read_to_string(key)
            .with_context(|| format!("cannot read {}", key.display()))?
            .trim(),
    )
    .ok()
    .and_then(|b| b.try_into().ok())
    .context("the key file is not a key from `rasoat update keygen`")?;
    let key = SigningKey::from_bytes(&seed);
    let bytes =
        std::fs::read(package).with_context(|| format!("cannot read {}", package.display()))?;
    let manifest = Manifest {
        format: FORMAT.to_string(),
        version: version.to_string(),
        platform: platform.to_string(),
        file_name: package
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        size: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(&bytes)),
        key_id: key_id(&key.verifying_key()),
    };
    let manifest = serde_json::to_vec(&manifest)?;
    let mut signed = DOMAIN.to_vec();
    signed.extend_from_slice(&manifest);
    let signature = key.sign(&signed);
    let mut file = Vec::with_capacity(bytes.len() + manifest.len() + 80);
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&u32::try_from(manifest.len())?.to_be_bytes());
    file.extend_from_slice(&manifest);
    file.extend_from_slice(&signature.to_bytes());
    file.extend_from_slice(&bytes);
    std::fs::write(out, file).with_context(|| format!("cannot write {}", out.display()))?;
    println!("Đã ký / signed: {}", out.display());
    Ok(ExitCode::SUCCESS)
}
