//! `rasoat serve` logs, `rasoat audit`, `rasoat backup` and `rasoat check` on the built binary:
//! the server's JSON log lines name routes and codes but no person; the audit lists the sync;
//! a backup is checked; a damaged store gets a plain verdict, a non-zero exit, and no server.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;

use common::{demo_households, installation, ok, path, rasoat, Installation, Server};

/// An installation and its card, as the scenario names them.
fn made(dir: &Path, name: &str, role: &str, unit: &str) -> (PathBuf, String) {
    let Installation { db, card, .. } = installation(dir, name, role, unit, None);
    (db, path(&card).to_string())
}

/// Every `name` and `id_number` in the installation's exported households.
fn personal_data(db: &Path) -> Vec<String> {
    fn collect(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("name" | "id_number", serde_json::Value::String(text)) => {
                            out.push(text.clone())
                        }
                        _ => collect(value, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let exported = ok(&rasoat(db, &["households", "export", "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&exported).expect("json export");
    let mut out = Vec::new();
    collect(&value, &mut out);
    out.sort();
    out.dedup();
    out
}

#[test]
fn serve_logs_json_lines_without_names_and_audit_lists_the_sync() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server_db, server_card) = made(dir.path(), "server", "district", "026");
    let (commune_db, commune_card) = made(dir.path(), "commune", "commune", "00721");
    let (desktop_db, desktop_card) = made(dir.path(), "desktop", "district", "026");
    for (db, card) in [
        (&server_db, &commune_card),
        (&server_db, &desktop_card),
        (&commune_db, &server_card),
        (&desktop_db, &server_card),
    ] {
        ok(&rasoat(db, &["enrol", card]));
    }
    // The periodic round is the reporting office's to open; the communes' copies join it.
    ok(&rasoat(&server_db, &["rounds", "open", "--year", "2025"]));
    demo_households(&commune_db, "10", "7");
    demo_households(&desktop_db, "10", "7");
    let mut personal = personal_data(&commune_db);
    personal.extend(personal_data(&desktop_db));
    assert!(personal.len() > 20, "names to look for");

    // The server unlocks its store from a key file only its account can read, with no person
    // and no PIN in its environment.
    let key_file = dir.path().join("server.key");
    ok(&rasoat(
        &server_db,
        &["people", "service-key", "--out", path(&key_file)],
    ));
    let mut child = Command::new(env!("CARGO_BIN_EXE_rasoat"))
        .args([
            "serve",
            "--db",
            path(&server_db),
            "--listen",
            "127.0.0.1:0",
            "--log-format",
            "json",
            "--key-file",
            path(&key_file),
        ])
        .env_remove("RASOAT_USER")
        .env_remove("RASOAT_PIN_FILE")
        .env("RASOAT_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start rasoat serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let mut server = Server(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the listening line");
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("a URL in {line}"))
        .to_string();

    // The commune's demo households belong to several communes: refused (wrong_unit). The
    // district desktop's land.
    let refused = rasoat(&commune_db, &["sync", "--server", &url]);
    assert!(!refused.status.success());
    ok(&rasoat(&desktop_db, &["sync", "--server", &url]));
    let health = ureq::get(&format!("{url}/v1/health"))
        .call()
        .expect("health");
    assert_eq!(health.status(), 200);

    // Stop the server and read everything it logged.
    let _ = server.0.kill();
    let _ = server.0.wait();
    let mut log = String::new();
    stderr.read_to_string(&mut log).expect("stderr");
    let requests: Vec<serde_json::Value> = log
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line)
                .unwrap_or_else(|_| panic!("a JSON log line: {line}"))
        })
        .filter(|line| line["fields"]["message"] == "request")
        .collect();
    assert!(
        requests.iter().any(
            |r| r["fields"]["route"] == "/v1/uploads/{batch_id}/complete"
                && r["fields"]["status"] == 200
        ),
        "{log}"
    );
    assert!(requests
        .iter()
        .any(|r| r["fields"]["outcome"] == "wrong_unit" && r["fields"]["status"] == 403));
    assert!(requests.iter().all(|r| r["fields"]["duration_ms"].is_u64()));
    let leaked: Vec<&String> = personal
        .iter()
        .filter(|p| log.contains(p.as_str()))
        .collect();
    assert!(leaked.is_empty(), "personal data in the log: {leaked:?}");

    // The audit: a table with bilingual headers, and JSON rows.
    let table = ok(&rasoat(&server_db, &["audit"]));
    assert!(table.contains("SỰ KIỆN / EVENT"), "{table}");
    assert!(table.contains("đăng nhập"), "{table}");
    let rows: serde_json::Value =
        serde_json::from_str(&ok(&rasoat(&server_db, &["audit", "--json"]))).expect("json");
    let rows = rows.as_array().expect("rows");
    assert!(rows.iter().any(|r| r["event"] == "refusal"
        && r["action"] == "import"
        && r["outcome"] == "wrong_unit"));
    assert!(rows
        .iter()
        .any(|r| r["event"] == "import" && r["records"] == 10 && r["unit_code"] == "026"));
    let imports: serde_json::Value = serde_json::from_str(&ok(&rasoat(
        &server_db,
        &["audit", "--json", "--event", "import"],
    )))
    .expect("json");
    assert!(imports
        .as_array()
        .expect("rows")
        .iter()
        .all(|r| r["event"] == "import"));
    let since_long_ago: serde_json::Value = serde_json::from_str(&ok(&rasoat(
        &server_db,
        &["audit", "--json", "--since", "2000-01-01"],
    )))
    .expect("json");
    assert_eq!(since_long_ago.as_array().expect("rows").len(), rows.len());
    let future: serde_json::Value = serde_json::from_str(&ok(&rasoat(
        &server_db,
        &["audit", "--json", "--since", "2100-01-01T08:00"],
    )))
    .expect("json");
    assert_eq!(future, serde_json::json!([]));
    let audit_text = serde_json::to_string(&rows).expect("json");
    assert!(personal.iter().all(|p| !audit_text.contains(p.as_str())));
    assert!(!rasoat(&server_db, &["audit", "--since", "yesterday"])
        .status
        .success());
}

/// Overwrites one page near the end of the file (a table's page, not the schema) with junk.
fn keys_of(store: &Path) -> std::path::PathBuf {
    rasoat_store::keys::KeysFile::path_for(store)
}

fn damage_a_page(file: &Path) {
    let mut bytes = std::fs::read(file).expect("read");
    let page = 16_384;
    assert!(bytes.len() >= 4 * page, "a store of several pages");
    let start = bytes.len() - 2 * page;
    bytes[start..start + page].fill(0xA5);
    std::fs::write(file, bytes).expect("damage");
}

#[test]
fn backup_and_check_pass_a_sound_store_and_refuse_a_damaged_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = made(dir.path(), "district", "district", "026");
    demo_households(&db, "300", "7");

    let quick = ok(&rasoat(&db, &["check"]));
    assert!(
        quick.contains("tốt") && quick.contains("quick_check"),
        "{quick}"
    );
    let full = ok(&rasoat(&db, &["check", "--full"]));
    assert!(full.contains("integrity_check"), "{full}");

    let out = dir.path().join("backup.sqlite");
    let backed_up = ok(&rasoat(&db, &["backup", "--out", path(&out)]));
    assert!(backed_up.contains("integrity-checked: ok"), "{backed_up}");
    ok(&rasoat(&out, &["check", "--full"]));
    // The copy is a working store: it lists the same households.
    let listed = |store: &Path| {
        ok(&rasoat(
            store,
            &["households", "export", "--format", "json"],
        ))
    };
    assert_eq!(listed(&db), listed(&out));
    let again = rasoat(&db, &["backup", "--out", path(&out)]);
    assert!(!again.status.success(), "never overwrites a backup");

    let damaged = dir.path().join("damaged.sqlite");
    std::fs::copy(&db, &damaged).expect("copy");
    // An encrypted store is two files: its pages and its keys.
    std::fs::copy(keys_of(&db), keys_of(&damaged)).expect("copy keys");
    damage_a_page(&damaged);
    for args in [&["check"][..], &["check", "--full"][..]] {
        let verdict = rasoat(&damaged, args);
        assert_eq!(verdict.status.code(), Some(1), "{args:?}");
        let said = String::from_utf8_lossy(&verdict.stdout);
        assert!(said.contains("HỎNG") && said.contains("DAMAGED"), "{said}");
        assert!(said.contains("restore"), "{said}");
    }
    let copy = dir.path().join("from-damaged.sqlite");
    let refused = rasoat(&damaged, &["backup", "--out", path(&copy)]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("backup failed, no copy kept"), "{said}");
    assert!(!copy.exists());
    assert!(!dir.path().join("from-damaged.sqlite.partial").exists());

    let serve = rasoat(
        &damaged,
        &["serve", "--db", path(&damaged), "--listen", "127.0.0.1:0"],
    );
    assert!(!serve.status.success(), "a damaged store is not served");
    let said = String::from_utf8_lossy(&serve.stderr);
    assert!(
        said.contains("bị hỏng") && said.contains("damaged, not serving"),
        "{said}"
    );

    // A file that is no store, and no file at all: a clear refusal, non-zero.
    let missing = rasoat(&dir.path().join("missing.sqlite"), &["check"]);
    assert_eq!(missing.status.code(), Some(2));
}
