//! `rasoat move` end to end: an installation moved out to a passphrase-encrypted file and in
//! on a new machine keeps its id, households and people; the old store reads but refuses
//! changes and sync in plain words; a wrong passphrase or an occupied target creates nothing; the
//! passphrase never comes from a flag.

mod common;

use std::path::{Path, PathBuf};

use common::{failed, installation, ok, path, rasoat, Installation, TEST_USER};

const PASSPHRASE: &str = "cao nguyên đá Đồng Văn mùa xuân";

fn secret_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, format!("{text}\n")).expect("passphrase file");
    file
}

fn with_passphrase(db: &Path, args: &[&str], file: Option<&Path>) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_rasoat"));
    command
        .current_dir(common::repo())
        .args(args)
        .env("RASOAT_DB", db)
        .env("USER", TEST_USER)
        .env("RASOAT_USER", TEST_USER)
        .env("RASOAT_PIN_FILE", common::test_pin_file())
        .env_remove("RASOAT_MOVE_PASSPHRASE_FILE")
        .stdin(std::process::Stdio::null());
    if let Some(file) = file {
        command.env("RASOAT_MOVE_PASSPHRASE_FILE", file);
    }
    command.output().expect("run rasoat")
}

#[test]
fn an_installation_moves_to_a_new_machine_by_one_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let Installation { db, id, .. } =
        installation(d, "laptop", "commune", "00721", Some(("3", "36")));
    let passphrase = secret_file(d, "move-pass", PASSPHRASE);
    let file = d.join("laptop.rasoat-move");

    // No passphrase at all: refused in plain words, nothing written.
    let said = failed(&with_passphrase(
        &db,
        &["move", "out", "--out", path(&file)],
        None,
    ));
    assert!(
        said.contains("cần cụm mật khẩu") && said.contains("RASOAT_MOVE_PASSPHRASE_FILE"),
        "{said}"
    );
    assert!(!file.exists());
    let short = secret_file(d, "short", "ngắn");
    let said = failed(&with_passphrase(
        &db,
        &["move", "out", "--out", path(&file)],
        Some(&short),
    ));
    assert!(said.contains("ít nhất 12 ký tự"), "{said}");
    assert!(!file.exists());

    let output = with_passphrase(
        &db,
        &["move", "out", "--out", path(&file)],
        Some(&passphrase),
    );
    let out = ok(&output);
    assert!(out.contains("Số hộ / households: 3"), "{out}");
    let told = String::from_utf8_lossy(&output.stderr);
    assert!(told.contains("3 hộ kèm họ tên"), "{told}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // The old machine reads, refuses changes, and logged the move.
    let list = ok(&rasoat(&db, &["households", "list"]));
    assert_eq!(list.lines().count(), 1 + 3, "{list}");
    let said = failed(&rasoat(
        &db,
        &["rounds", "open", "--year", "2026", "--kind", "periodic"],
    ));
    assert!(
        said.contains("Máy này đã chuyển sang máy khác ngày"),
        "{said}"
    );
    let said = failed(&rasoat(
        &db,
        &["identity", "export", "--out", path(&d.join("c"))],
    ));
    assert!(
        said.contains("Máy này đã chuyển sang máy khác ngày"),
        "{said}"
    );
    // Reading goes on, exports with names too (logged like any other).
    let listed = d.join("ho-da-chuyen.csv");
    ok(&rasoat(
        &db,
        &[
            "households",
            "export",
            "--format",
            "csv",
            "--out",
            path(&listed),
        ],
    ));
    assert!(listed.exists());
    // Sync is refused before any request: no "unreachable" for a port nobody listens on.
    let said = failed(&rasoat(&db, &["sync", "--server", "http://127.0.0.1:9"]));
    assert!(
        said.contains("Máy này đã chuyển sang máy khác ngày")
            && said.contains("this installation moved to another machine on")
            && !said.contains("không liên lạc được"),
        "{said}"
    );
    let audit = ok(&rasoat(&db, &["audit", "--people"]));
    assert!(audit.contains("(moved_out)"), "{audit}");
    assert!(audit.contains("laptop.rasoat-move"), "{audit}");

    // A wrong passphrase creates nothing on the new machine.
    let new_machine = tempfile::tempdir().expect("new machine");
    let new_db = new_machine.path().join("rasoat.sqlite");
    let wrong = secret_file(d, "wrong", "không phải cụm mật khẩu này");
    let said = failed(&with_passphrase(
        &new_db,
        &["move", "in", path(&file)],
        Some(&wrong),
    ));
    assert!(
        said.contains("cụm mật khẩu không đúng") && said.contains("wrong passphrase"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_dir(new_machine.path()).expect("dir").count(),
        0
    );

    let out = ok(&with_passphrase(
        &new_db,
        &["move", "in", path(&file)],
        Some(&passphrase),
    ));
    assert!(out.contains(&format!("Máy / installation: {id}")), "{out}");
    let list = ok(&rasoat(&new_db, &["households", "list"]));
    assert_eq!(list.lines().count(), 1 + 3, "{list}");
    let card = ok(&rasoat(
        &new_db,
        &["identity", "export", "--out", path(&d.join("new.card"))],
    ));
    assert!(card.contains(&id), "the same installation: {card}");
    let audit = ok(&rasoat(&new_db, &["audit", "--people"]));
    assert!(audit.contains("(moved_in)"), "{audit}");
    ok(&rasoat(
        &new_db,
        &["rounds", "open", "--year", "2026", "--kind", "periodic"],
    ));

    // Not again over the store that is now there.
    let said = failed(&with_passphrase(
        &new_db,
        &["move", "in", path(&file)],
        Some(&passphrase),
    ));
    assert!(said.contains("đã có kho dữ liệu"), "{said}");
}
