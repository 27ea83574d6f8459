//! The workspace's shape, checked as ordinary tests: one crate speaks SQL, the crates depend on
//! each other in one direction only, no file grows past what a reader can hold without saying
//! why, and comments say why rather than which issue they came from. Each check runs on a
//! planted violation too, so a check that cannot fail is caught here (ARCHITECTURE.md,
//! "Invariants").

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Words that start or carry SQL statements. Upper case only: that is how this workspace writes
/// SQL, and how no Vietnamese or English message is written.
const SQL_WORDS: &[&str] = &[
    "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "PRAGMA", "DROP", "ALTER", "VACUUM",
];

/// The only package whose source may hold SQL.
const STORE_DIR: &str = "crates/store";

/// Longest source file without a stated reason at its top.
const MAX_LINES: usize = 800;

/// The line, near the top of a longer file, that says why it is long.
const LONG_FILE_REASON: &str = "//! Why this file is long:";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Every `.rs` file below `dir`, build output and hidden folders excluded.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "target" || name == "node_modules" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if name.ends_with(".rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The string literals of Rust source (plain, byte and raw), comments and char literals
/// skipped. A small scanner rather than a parser: it only has to find text between quotes.
fn string_literals(source: &str) -> Vec<(usize, String)> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    if bytes[i] == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
                i += 2;
            }
            b'\'' => {
                // A char literal ('"', '\'', 'x') or a lifetime ('a): skip the literal only.
                if bytes.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < bytes.len() && bytes[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                } else if bytes.get(i + 2) == Some(&b'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"') | Some(b'#'))
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')) =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while bytes.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if bytes.get(j) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let start = j + 1;
                let mut k = start;
                let closing: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                while k < bytes.len() && !bytes[k..].starts_with(&closing) {
                    k += 1;
                }
                let text = String::from_utf8_lossy(&bytes[start..k.min(bytes.len())]).into_owned();
                out.push((line, text.clone()));
                line += text.matches('\n').count();
                i = k + closing.len();
            }
            b'"' => {
                let start = i + 1;
                let mut k = start;
                while k < bytes.len() && bytes[k] != b'"' {
                    if bytes[k] == b'\\' {
                        k += 1;
                    }
                    k += 1;
                }
                let text = String::from_utf8_lossy(&bytes[start..k.min(bytes.len())]).into_owned();
                out.push((line, text.clone()));
                line += text.matches('\n').count();
                i = k + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Whether a literal reads as SQL: one of `SQL_WORDS` as a whole upper-case word.
fn looks_like_sql(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .any(|word| SQL_WORDS.contains(&word))
}

/// `file:line: literal` for every SQL literal in the `src/` folders of `root`'s crates, the
/// store excepted.
fn sql_outside_the_store(root: &Path) -> Vec<String> {
    let mut sources: Vec<PathBuf> = Vec::new();
    for parent in ["crates", "."] {
        let Ok(entries) = fs::read_dir(root.join(parent)) else {
            continue;
        };
        for entry in entries.flatten() {
            let src = entry.path().join("src");
            if src.is_dir() && entry.path().join("Cargo.toml").is_file() {
                sources.push(src);
            }
        }
    }
    let mut found = Vec::new();
    for src in sources {
        let crate_dir = src.parent().unwrap_or(&src);
        if crate_dir.ends_with(STORE_DIR) {
            continue;
        }
        for file in rust_files(&src) {
            let Ok(text) = fs::read_to_string(&file) else {
                continue;
            };
            for (line, literal) in string_literals(&text) {
                if looks_like_sql(&literal) {
                    let shown: String = literal.split_whitespace().collect::<Vec<_>>().join(" ");
                    found.push(format!(
                        "{}:{line}: \"{}\"",
                        file.strip_prefix(root).unwrap_or(&file).display(),
                        shown.chars().take(60).collect::<String>()
                    ));
                }
            }
        }
    }
    found
}

/// Invariant: `rasoat-store` is the only crate that contains SQL. Authorisation, encryption at
/// rest and the audit are enforced in one place only while no other crate can write a table.
#[test]
fn only_the_store_speaks_sql() {
    let found = sql_outside_the_store(&workspace_root());
    assert!(
        found.is_empty(),
        "SQL outside crates/store (ARCHITECTURE.md, invariant g): give the store a typed \
         method instead:\n{}",
        found.join("\n")
    );
}

/// The SQL check finds a planted statement in a crate's `src/`, in plain and raw strings, and
/// passes over the same words in comments, in tests outside `src/`, and in the store.
#[test]
fn the_sql_check_finds_a_planted_statement() {
    let root = tempfile::tempdir().expect("temp dir");
    let plant = |dir: &str, file: &str, text: &str| {
        let path = root.path().join(dir);
        fs::create_dir_all(&path).expect("mkdir");
        fs::write(path.join(file), text).expect("write");
    };
    plant(
        "crates/relay",
        "Cargo.toml",
        "[package]\nname = \"relay\"\n",
    );
    plant(
        "crates/relay/src",
        "lib.rs",
        "//! Planted.\n// SELECT in a comment is fine\nfn f() { let c = '\"'; g(\"SELECT id FROM journal\"); h(r#\"DELETE FROM x\"#); }\n",
    );
    plant(
        "crates/relay/tests",
        "t.rs",
        "//! Tests may look.\nfn t() { q(\"SELECT 1\"); }\n",
    );
    plant(
        "crates/store",
        "Cargo.toml",
        "[package]\nname = \"store\"\n",
    );
    plant(
        "crates/store/src",
        "lib.rs",
        "//! The store.\nfn f() { q(\"INSERT INTO x VALUES (1)\"); }\n",
    );
    plant(
        "crates/quiet",
        "Cargo.toml",
        "[package]\nname = \"quiet\"\n",
    );
    plant(
        "crates/quiet/src",
        "lib.rs",
        "//! Words only.\nfn f() { say(\"cập nhật / update the app\"); say(\"Selected\"); }\n",
    );
    let found = sql_outside_the_store(root.path());
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("crates/relay/src/lib.rs:3:"),
        "{found:#?}"
    );
    assert!(found.iter().any(|f| f.contains("SELECT id FROM journal")));
    assert!(found.iter().any(|f| f.contains("DELETE FROM x")));
}

/// The workspace's packages and their dependency declarations, from `cargo metadata`.
fn metadata() -> Value {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("cargo metadata is JSON")
}

/// (package, dependency, kind, features) for every dependency a workspace member declares.
fn declared_dependencies(metadata: &Value) -> Vec<(String, String, String, Vec<String>)> {
    let mut out = Vec::new();
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let name = package["name"].as_str().unwrap_or_default().to_string();
        for dependency in package["dependencies"].as_array().into_iter().flatten() {
            let features = dependency["features"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|f| f.as_str().map(str::to_string))
                .collect();
            out.push((
                name.clone(),
                dependency["name"].as_str().unwrap_or_default().to_string(),
                dependency["kind"].as_str().unwrap_or("normal").to_string(),
                features,
            ));
        }
    }
    out
}

/// Which workspace packages declare `dependency` as a normal (not dev, not build) dependency.
fn normal_users(
    dependencies: &[(String, String, String, Vec<String>)],
    dependency: &str,
) -> BTreeSet<String> {
    dependencies
        .iter()
        .filter(|(_, name, kind, _)| name == dependency && kind == "normal")
        .map(|(package, ..)| package.clone())
        .collect()
}

/// Invariant: SQLite is linked by the store alone, and the store's raw SQL access for tests
/// (`test-inspection`) is never switched on for the application.
#[test]
fn only_the_store_links_sqlite() {
    let dependencies = declared_dependencies(&metadata());
    for sqlite in ["rusqlite", "libsqlite3-sys"] {
        let users = normal_users(&dependencies, sqlite);
        assert!(
            users.iter().all(|p| p == "rasoat-store"),
            "{sqlite} is a normal dependency of {users:?}: only rasoat-store may link SQLite"
        );
    }
    let opened: Vec<&String> = dependencies
        .iter()
        .filter(|(_, name, kind, features)| {
            name == "rasoat-store"
                && kind == "normal"
                && features.iter().any(|f| f == "test-inspection")
        })
        .map(|(package, ..)| package)
        .collect();
    assert!(
        opened.is_empty(),
        "{opened:?} enable rasoat-store's `test-inspection` outside dev-dependencies"
    );
}

/// Invariant: the crates depend on each other in one direction, each named for its job:
/// domain ← store ← batch ← {sync-client, server} ← {cli, desktop}; the wire types of the
/// HTTP protocol depend on no Rà soát crate; the desktop links the sync client, never the
/// server; the server and the client never link each other.
#[test]
fn crates_depend_in_one_direction() {
    let dependencies = declared_dependencies(&metadata());
    let forbidden: &[(&str, &str, &str)] = &[
        (
            "rasoat-store",
            "rasoat-batch",
            "the store knows nothing of batch files",
        ),
        (
            "rasoat-batch",
            "rasoat-server",
            "batch files do not need HTTP",
        ),
        (
            "rasoat-batch",
            "rasoat-sync-client",
            "batch files do not need HTTP",
        ),
        ("rasoat-batch", "ureq", "batch files do not need HTTP"),
        ("rasoat-batch", "axum", "batch files do not need HTTP"),
        (
            "rasoat-sync-protocol",
            "rasoat-store",
            "wire types hold no storage",
        ),
        (
            "rasoat-sync-protocol",
            "rasoat-batch",
            "wire types are plain data",
        ),
        (
            "rasoat-sync-client",
            "rasoat-server",
            "the client never links the server",
        ),
        (
            "rasoat-sync-client",
            "axum",
            "the client never links the server",
        ),
        (
            "rasoat-server",
            "rasoat-sync-client",
            "the server never links the client",
        ),
        ("rasoat-server", "ureq", "the server never links the client"),
        (
            "rasoat-desktop",
            "rasoat-server",
            "the desktop is a client, never a server",
        ),
        (
            "rasoat-desktop",
            "axum",
            "the desktop is a client, never a server",
        ),
    ];
    let mut broken = Vec::new();
    for (package, dependency, why) in forbidden {
        if normal_users(&dependencies, dependency).contains(*package) {
            broken.push(format!("{package} → {dependency}: {why}"));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// The `.rs` files of the repository over `MAX_LINES` that do not say why at their top.
fn long_files_without_reason(root: &Path) -> Vec<String> {
    rust_files(root)
        .into_iter()
        .filter_map(|file| {
            let text = fs::read_to_string(&file).ok()?;
            let lines = text.lines().count();
            // The reason belongs to the module's doc: the `//!` lines it opens with.
            let explained = text
                .lines()
                .take_while(|l| l.starts_with("//!"))
                .any(|l| l.starts_with(LONG_FILE_REASON));
            (lines > MAX_LINES && !explained).then(|| {
                format!(
                    "{} ({lines} lines)",
                    file.strip_prefix(root).unwrap_or(&file).display()
                )
            })
        })
        .collect()
}

/// Invariant: no source file over ~800 lines without a one-line reason in its module doc
/// (`//! Why this file is long: …`).
#[test]
fn long_files_say_why() {
    let found = long_files_without_reason(&workspace_root());
    assert!(
        found.is_empty(),
        "split these files, or say at their top why they are long ({LONG_FILE_REASON} …):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_length_check_finds_a_planted_long_file() {
    let root = tempfile::tempdir().expect("temp dir");
    let body = "fn f() {}\n".repeat(MAX_LINES + 1);
    fs::write(root.path().join("long.rs"), format!("//! Long.\n{body}")).expect("write");
    fs::write(
        root.path().join("said.rs"),
        format!("//! Said.\n{LONG_FILE_REASON} one table.\n{body}"),
    )
    .expect("write");
    fs::write(root.path().join("short.rs"), "//! Short.\nfn f() {}\n").expect("write");
    let found = long_files_without_reason(root.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("long.rs"), "{found:?}");
}

/// Comments that name an issue or a branch (a number after `#` or after the word issue)
/// instead of saying why.
fn change_log_comments(root: &Path, extensions: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "target" || name == "node_modules" || name == "dist"
            {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if !extensions.iter().any(|e| name.ends_with(e)) {
                continue;
            }
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            for (n, line) in text.lines().enumerate() {
                // Rust, TypeScript and Svelte scripts comment with `//`, markup with `<!--`,
                // TOML with `#`.
                let markers: &[&str] = if name.ends_with(".toml") {
                    &["#"]
                } else {
                    &["//", "<!--"]
                };
                let Some(comment) = markers
                    .iter()
                    .filter_map(|m| line.find(m).map(|i| &line[i + m.len()..]))
                    .next()
                else {
                    continue;
                };
                if names_an_issue(comment) {
                    found.push(format!(
                        "{}:{}: {}",
                        path.strip_prefix(root).unwrap_or(&path).display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    found.sort();
    found
}

/// A number after a hash or after the word issue: the shapes a change log leaves in comments.
fn names_an_issue(comment: &str) -> bool {
    let lower = comment.to_lowercase();
    let bytes = lower.as_bytes();
    for (i, _) in lower.match_indices('#') {
        let digits = bytes[i + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let before = if i > 0 { bytes[i - 1] } else { b' ' };
        let after = bytes.get(i + 1 + digits).copied().unwrap_or(b' ');
        if digits > 0 && (before == b'(' || before == b' ') && !after.is_ascii_alphanumeric() {
            return true;
        }
    }
    lower.match_indices("issue ").any(|(i, _)| {
        lower[i + 6..]
            .trim_start_matches('#')
            .starts_with(|c: char| c.is_ascii_digit())
    })
}

/// Invariant: comments say why, never which issue or branch a line came from; the history is
/// git's.
#[test]
fn comments_say_why_not_which_issue() {
    let root = workspace_root();
    let mut found = Vec::new();
    for dir in ["crates", "src-tauri", "tests", "ui/src", "fuzz", "scripts"] {
        found.extend(change_log_comments(
            &root.join(dir),
            &[".rs", ".ts", ".svelte", ".js", ".toml"],
        ));
    }
    assert!(
        found.is_empty(),
        "comments that name an issue instead of saying why:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_issue_check_finds_a_planted_reference() {
    assert!(names_an_issue(" background sync (#6)"));
    assert!(names_an_issue(" see issue 12"));
    assert!(names_an_issue(" fixes #7 here"));
    assert!(!names_an_issue(" the #[test] attribute"));
    assert!(!names_an_issue(" colour #1a2b3c is not an issue"));
    assert!(!names_an_issue(" entries origin#seq"));
}
