//! Signing in on the command line: a person and a PIN (never a flag), refusals in plain words,
//! the journal's actor, people managed by the administrator, the audit of sign-ins, and a
//! plain store from an earlier version encrypted at its first open.

mod common;

use std::path::Path;

use common::{failed, ok, path, rasoat, TEST_USER};

fn rasoat_with(db: &Path, args: &[&str], env: &[(&str, Option<&str>)]) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_rasoat"));
    command
        .current_dir(common::repo())
        .args(args)
        .env("RASOAT_DB", db)
        .env("USER", TEST_USER)
        .env("RASOAT_USER", TEST_USER)
        .env("RASOAT_PIN_FILE", common::test_pin_file())
        .stdin(std::process::Stdio::null());
    for (name, value) in env {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    command.output().expect("run rasoat")
}

fn pin_file(dir: &Path, name: &str, pin: &str) -> std::path::PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, pin).expect("pin file");
    file
}

#[test]
fn without_a_pin_or_a_person_the_cli_refuses_in_plain_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inst = common::installation(dir.path(), "xa", "commune", "00721", None);
    let no_pin = rasoat_with(&inst.db, &["rounds", "list"], &[("RASOAT_PIN_FILE", None)]);
    let said = failed(&no_pin);
    assert!(
        said.contains("cần mã PIN") && said.contains("a PIN is needed"),
        "{said}"
    );
    assert!(said.contains("RASOAT_PIN_FILE"), "{said}");
    let no_user = rasoat_with(&inst.db, &["rounds", "list"], &[("RASOAT_USER", None)]);
    assert!(failed(&no_user).contains("--user"));
    let wrong = pin_file(dir.path(), "wrong", "999999");
    let wrong_pin = rasoat_with(
        &inst.db,
        &["rounds", "list"],
        &[("RASOAT_PIN_FILE", Some(path(&wrong)))],
    );
    let said = failed(&wrong_pin);
    assert!(
        said.contains("mã PIN không đúng") && said.contains("wrong PIN"),
        "{said}"
    );
    // A service opens with its key file, without a person or a PIN.
    let key_file = dir.path().join("service.key");
    ok(&rasoat(
        &inst.db,
        &["people", "service-key", "--out", path(&key_file)],
    ));
    ok(&rasoat_with(
        &inst.db,
        &["rounds", "list"],
        &[
            ("RASOAT_USER", None),
            ("RASOAT_PIN_FILE", None),
            ("RASOAT_KEY_FILE", Some(path(&key_file))),
        ],
    ));
    // A PIN is never an argument.
    let flag = rasoat(&inst.db, &["rounds", "list", "--pin", "246810"]);
    assert!(!flag.status.success());
    // The failed try is in the audit, with the sign-ins.
    let audit = ok(&rasoat(&inst.db, &["audit", "--people"]));
    assert!(audit.contains("sign_in_failed"), "{audit}");
    assert!(audit.contains("sign_in"), "{audit}");
}

#[test]
fn the_journal_names_the_signed_in_person_and_people_are_managed_by_the_administrator() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inst = common::installation(dir.path(), "xa", "commune", "00721", None);
    ok(&rasoat(&inst.db, &["rounds", "open", "--year", "2025"]));
    let admin_id = {
        let store = common::unlock(&inst.db);
        let people = store.people().expect("people");
        assert_eq!(people.len(), 1);
        let actors: Vec<String> = store
            .sql_for_tests()
            .prepare("SELECT DISTINCT actor FROM journal")
            .expect("sql")
            .query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("actors");
        assert_eq!(actors, vec![format!("{TEST_USER} [{}]", people[0].id)]);
        people[0].id.clone()
    };
    let new_pin = pin_file(dir.path(), "new", "13572468");
    let added = ok(&rasoat_with(
        &inst.db,
        &[
            "people",
            "add",
            "--name",
            "Rà soát viên thử",
            "--role",
            "reviewer",
        ],
        &[("RASOAT_NEW_PIN_FILE", Some(path(&new_pin)))],
    ));
    let reviewer_id = added
        .split_whitespace()
        .find(|w| w.len() == 36)
        .expect("the new person's id")
        .to_string();
    let reviewer_pin = pin_file(dir.path(), "reviewer", "13572468");
    let as_reviewer = |args: &[&str]| {
        rasoat_with(
            &inst.db,
            args,
            &[
                ("RASOAT_USER", Some("Rà soát viên thử")),
                ("RASOAT_PIN_FILE", Some(path(&reviewer_pin))),
            ],
        )
    };
    ok(&as_reviewer(&["rounds", "list"]));
    // Only an administrator manages people.
    let refused = as_reviewer(&["people", "disable", "--id", &admin_id]);
    assert!(failed(&refused).contains("chỉ quản trị viên"));
    ok(&rasoat(
        &inst.db,
        &["people", "disable", "--id", &reviewer_id],
    ));
    let said = failed(&as_reviewer(&["rounds", "list"]));
    assert!(said.contains("đã bị khóa"), "{said}");
    let listed = ok(&rasoat(&inst.db, &["people", "list"]));
    assert!(
        listed.contains("rà soát viên") && listed.contains("đã khóa"),
        "{listed}"
    );
    // A list imported and a file with names written: both in the audit, with their files
    // and how many households.
    let list = dir.path().join("danh-sach.csv");
    std::fs::write(
        &list,
        "Họ và tên chủ hộ,Thôn/bản,Số thành viên,Hiện trạng\nChủ hộ thử A,Thôn K (thử),4,Hộ nghèo\nChủ hộ thử B,Thôn K (thử),3,Hộ nghèo\n",
    )
    .expect("list");
    ok(&rasoat(&inst.db, &["households", "import", path(&list)]));
    let out = dir.path().join("ho.json");
    ok(&rasoat(
        &inst.db,
        &[
            "households",
            "export",
            "--format",
            "json",
            "--out",
            path(&out),
        ],
    ));
    let audit = ok(&rasoat(&inst.db, &["audit", "--people"]));
    for event in [
        "person_added",
        "person_disabled",
        "sign_in",
        "import",
        "export_with_names",
    ] {
        assert!(audit.contains(event), "{event} in {audit}");
    }
    let line = |event: &str| {
        audit
            .lines()
            .find(|l| l.contains(&format!("({event})")))
            .unwrap_or_else(|| panic!("{event} in {audit}"))
            .to_string()
    };
    let import = line("import");
    assert!(
        import.contains("danh-sach.csv") && import.contains(" 2 "),
        "{import}"
    );
    let export = line("export_with_names");
    let written: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&out).expect("export")).expect("json");
    assert!(
        export.contains("ho.json") && export.contains(&format!(" {} ", written.len())),
        "{export}"
    );
}

#[test]
fn a_plain_store_of_the_earlier_version_is_encrypted_at_its_first_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("old.sqlite");
    {
        let mut plain = rasoat_store::Store::open(&db).expect("plain store");
        plain.load_reference_units().expect("units");
        plain
            .init_installation(rasoat_domain::workflow::Role::Commune, "00721", "cũ", 0)
            .expect("init");
    }
    assert!(std::fs::read(&db)
        .expect("read")
        .starts_with(b"SQLite format 3"));
    let first = rasoat(&db, &["rounds", "list"]);
    let (code, _, stderr) = common::outcome(&first);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("KHÓA KHÔI PHỤC / RECOVERY KEY"), "{stderr}");
    assert!(!std::fs::read(&db)
        .expect("read")
        .starts_with(b"SQLite format 3"));
    let refused = rasoat_store::Store::open(&db).expect_err("encrypted now");
    assert!(refused
        .to_string()
        .contains("cần mã PIN hoặc khóa khôi phục"));
    // The recovery key printed once opens it and gives a forgotten PIN back.
    let key = stderr
        .lines()
        .skip_while(|l| !l.contains("RECOVERY KEY"))
        .nth(1)
        .expect("the key's line")
        .trim()
        .to_string();
    let key_file = pin_file(dir.path(), "recovery", &key);
    let admin = common::unlock(&db).people().expect("people")[0].id.clone();
    let new_pin = pin_file(dir.path(), "new", "97531086");
    ok(&rasoat_with(
        &db,
        &["people", "recover", "--id", &admin],
        &[
            ("RASOAT_RECOVERY_FILE", Some(path(&key_file))),
            ("RASOAT_NEW_PIN_FILE", Some(path(&new_pin))),
        ],
    ));
    ok(&rasoat_with(
        &db,
        &["rounds", "list"],
        &[("RASOAT_PIN_FILE", Some(path(&new_pin)))],
    ));
    let audit = ok(&rasoat_with(
        &db,
        &["audit", "--people"],
        &[("RASOAT_PIN_FILE", Some(path(&new_pin)))],
    ));
    for event in ["store_encrypted", "recovery_unlock", "pin_reset"] {
        assert!(audit.contains(event), "{event} in {audit}");
    }
}
