//! `rasoat update`: an update file installs only when a trusted release key signed it, nothing
//! in it changed, it is for this platform and newer than the running version; each refusal is
//! plain words. Installing with apt is left to scripts/test-package's machine: here `check`
//! runs the same verification `install` runs first.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{failed, ok, path};

fn rasoat(args: &[&str], keys: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rasoat"));
    command.args(args).env_remove("RASOAT_UPDATE_KEYS");
    if let Some(keys) = keys {
        command.env("RASOAT_UPDATE_KEYS", keys);
    }
    command.output().expect("run rasoat")
}

struct Release {
    key: PathBuf,
    public: PathBuf,
    package: PathBuf,
}

fn release(dir: &Path, name: &str) -> Release {
    let key = dir.join(format!("{name}.key"));
    ok(&rasoat(&["update", "keygen", "--out", path(&key)], None));
    let package = dir.join("rasoat_9.0.0_amd64.deb");
    std::fs::write(
        &package,
        b"!<arch>\nnot a real package, only bytes to sign\n",
    )
    .expect("write");
    Release {
        public: key.with_extension("pub"),
        key,
        package,
    }
}

fn signed(dir: &Path, release: &Release, version: &str, name: &str) -> PathBuf {
    let out = dir.join(name);
    ok(&rasoat(
        &[
            "update",
            "sign",
            "--key",
            path(&release.key),
            "--version",
            version,
            path(&release.package),
            "--out",
            path(&out),
        ],
        None,
    ));
    out
}

#[test]
fn a_signed_newer_update_checks_and_every_other_file_is_refused_in_plain_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let team = release(d, "team");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&team.key)
            .expect("key")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the secret key is the owner's only");
    }
    let good = signed(d, &team, "9.0.0", "good.rsupdate");

    let out = ok(&rasoat(
        &["update", "check", path(&good)],
        Some(&team.public),
    ));
    assert!(
        out.contains("Gói cập nhật hợp lệ / valid update: Rà soát 9.0.0"),
        "{out}"
    );

    // No trusted key: the project commits none yet, so nothing installs by default.
    let err = failed(&rasoat(&["update", "check", path(&good)], None));
    assert!(
        err.contains("không được ký bằng khóa phát hành mà máy này tin"),
        "{err}"
    );

    // Signed by someone else's key.
    let stranger = release(d, "stranger");
    let forged = signed(d, &stranger, "9.0.0", "forged.rsupdate");
    let err = failed(&rasoat(
        &["update", "check", path(&forged)],
        Some(&team.public),
    ));
    assert!(err.contains("không được ký bằng khóa phát hành"), "{err}");

    // A byte of the package changed after signing.
    let mut bytes = std::fs::read(&good).expect("read");
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    let tampered = d.join("tampered.rsupdate");
    std::fs::write(&tampered, &bytes).expect("write");
    let err = failed(&rasoat(
        &["update", "check", path(&tampered)],
        Some(&team.public),
    ));
    assert!(err.contains("nội dung gói đã bị sửa sau khi ký"), "{err}");

    // The manifest changed (a version raised by hand): the signature no longer matches.
    let mut raised = std::fs::read(&good).expect("read");
    let at = raised
        .windows(7)
        .position(|w| w == b"\"9.0.0\"")
        .expect("the version in the manifest");
    raised[at + 5] = b'1';
    let edited = d.join("edited.rsupdate");
    std::fs::write(&edited, raised).expect("write");
    let err = failed(&rasoat(
        &["update", "check", path(&edited)],
        Some(&team.public),
    ));
    assert!(err.contains("chữ ký không đúng"), "{err}");

    // Older than (or the same as) the running version.
    let old = signed(d, &team, "0.0.1", "old.rsupdate");
    let err = failed(&rasoat(
        &["update", "check", path(&old)],
        Some(&team.public),
    ));
    assert!(err.contains("không mới hơn bản đang dùng"), "{err}");

    // Not an update at all, and a cut-off one.
    let err = failed(&rasoat(
        &["update", "check", path(&team.package)],
        Some(&team.public),
    ));
    assert!(err.contains("không phải gói cập nhật Rà soát"), "{err}");
    let cut = d.join("cut.rsupdate");
    std::fs::write(&cut, &std::fs::read(&good).expect("read")[..40]).expect("write");
    let err = failed(&rasoat(
        &["update", "check", path(&cut)],
        Some(&team.public),
    ));
    assert!(
        err.contains("không phải gói cập nhật") || err.contains("bị cắt cụt"),
        "{err}"
    );
    // `install` checks first: a refused file never reaches apt.
    let err = failed(&rasoat(
        &["update", "install", path(&forged)],
        Some(&team.public),
    ));
    assert!(err.contains("không cài bản cập nhật này"), "{err}");
}
