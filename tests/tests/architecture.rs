//! Architecture invariants, checked as ordinary tests (rust-analyzer's "tidy" idea). Each test
//! names the invariant of `ARCHITECTURE.md` it enforces; when one fails, read that section
//! before changing the test.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The package that holds every rule of the review and must stay pure.
const DOMAIN_PACKAGE: &str = "rasoat-domain";

/// The only package allowed to link Tauri (it does not exist yet; see ARCHITECTURE.md).
const DESKTOP_PACKAGE: &str = "rasoat-desktop";

/// Crates `rasoat-domain` must never link, with the reason. Names are package names as cargo
/// reports them. Extending the list is cheap; removing an entry needs an ARCHITECTURE.md change.
const FORBIDDEN_IN_DOMAIN: &[(&str, &str)] = &[
    // Storage: the store crate owns the database.
    ("rusqlite", "SQLite belongs to rasoat-store"),
    ("libsqlite3-sys", "SQLite belongs to rasoat-store"),
    ("sqlx", "databases belong to rasoat-store"),
    ("diesel", "databases belong to rasoat-store"),
    ("rusqlite_migration", "migrations belong to rasoat-store"),
    // Async runtimes and networking: the domain never waits on anything.
    ("tokio", "async runtimes are I/O"),
    ("async-std", "async runtimes are I/O"),
    ("smol", "async runtimes are I/O"),
    ("mio", "event loops are I/O"),
    ("socket2", "sockets are I/O"),
    (
        "hyper",
        "HTTP belongs to rasoat-server / rasoat-sync-client",
    ),
    ("h2", "HTTP belongs to rasoat-server / rasoat-sync-client"),
    ("reqwest", "HTTP belongs to rasoat-batch"),
    ("ureq", "HTTP belongs to rasoat-batch"),
    ("axum", "the HTTP server belongs to rasoat-server"),
    ("tower", "the HTTP server belongs to rasoat-server"),
    ("rustls", "TLS is transport"),
    ("native-tls", "TLS is transport"),
    ("openssl", "TLS is transport"),
    ("openssl-sys", "TLS is transport"),
    // The desktop shell.
    ("tauri", "Tauri belongs to the desktop shell"),
    ("wry", "Tauri belongs to the desktop shell"),
    ("tao", "Tauri belongs to the desktop shell"),
    ("gtk", "GUI toolkits belong to the desktop shell"),
    ("webkit2gtk", "GUI toolkits belong to the desktop shell"),
    // File formats and transport of batches and reports.
    ("calamine", "spreadsheet import is I/O at the edge"),
    ("rust_xlsxwriter", "spreadsheet export is I/O at the edge"),
    (
        "csv",
        "file formats are read at the edge and handed to the domain as values",
    ),
    ("zip", "archives are batch transport"),
    ("zstd", "compression is batch transport"),
    ("flate2", "compression is batch transport"),
    ("age", "batch encryption belongs to rasoat-batch"),
    ("ed25519-dalek", "batch signatures belong to rasoat-batch"),
    ("x25519-dalek", "batch encryption belongs to rasoat-batch"),
    // File system helpers.
    ("walkdir", "walking directories is I/O"),
    ("tempfile", "temporary files are I/O"),
    ("notify", "watching files is I/O"),
    ("dirs", "finding user directories is I/O"),
    ("directories", "finding user directories is I/O"),
    ("memmap2", "mapping files is I/O"),
    // The crates above the domain: the dependency arrow points one way only.
    (
        "rasoat-store",
        "rasoat-store depends on rasoat-domain, never the reverse",
    ),
    (
        "rasoat-batch",
        "rasoat-batch depends on rasoat-domain, never the reverse",
    ),
    (
        "rasoat-server",
        "rasoat-server depends on rasoat-domain, never the reverse",
    ),
    (
        "rasoat-cli",
        "the CLI depends on rasoat-domain, never the reverse",
    ),
    (
        "rasoat-desktop",
        "the shell depends on rasoat-domain, never the reverse",
    ),
];

/// Crates `rasoat-domain` must not declare as its own dependencies, with the reason. These are
/// checked on the direct dependencies only: a transitive copy can arrive through Cargo's
/// feature unification (rasoat-store turns on uuid's `v7` feature, which links `getrandom` into
/// every uuid user in the workspace build). That copy is harmless while the domain cannot name
/// the crate; the source scan below catches `Uuid::now_v7` and friends.
const FORBIDDEN_DIRECT_IN_DOMAIN: &[(&str, &str)] = &[
    (
        "getrandom",
        "randomness is an input, like the clock: pass it in",
    ),
    ("rand", "randomness is an input, like the clock: pass it in"),
    (
        "fastrand",
        "randomness is an input, like the clock: pass it in",
    ),
    (
        "chrono",
        "the domain has its own civil dates (date.rs) and takes today as an input",
    ),
    (
        "time",
        "the domain has its own civil dates (date.rs) and takes today as an input",
    ),
    (
        "log",
        "the domain returns findings instead of logging (personal data must not leak)",
    ),
    (
        "tracing",
        "the domain returns findings instead of logging (personal data must not leak)",
    ),
    (
        "anyhow",
        "libraries return typed errors (thiserror); anyhow is for binaries",
    ),
];

/// Source text that must not appear in `crates/domain/src`, with the reason.
const FORBIDDEN_DOMAIN_SOURCE: &[(&str, &str)] = &[
    (
        "std::fs",
        "files are read and written by the crates at the edge",
    ),
    (
        "std::net",
        "networking belongs to rasoat-server / rasoat-sync-client",
    ),
    ("std::process", "spawning processes is I/O"),
    (
        "std::env",
        "configuration is passed in as values, not read from the environment",
    ),
    ("SystemTime::now", "the domain takes the date as an input"),
    ("Instant::now", "the domain takes time as an input"),
    ("std::io::stdin", "the domain reads no terminal"),
    ("std::io::stdout", "the domain writes no terminal"),
    ("std::io::stderr", "the domain writes no terminal"),
    (
        "println!",
        "the domain returns findings; it never prints (personal data must not leak)",
    ),
    (
        "eprintln!",
        "the domain returns findings; it never prints (personal data must not leak)",
    ),
    (
        "now_v7",
        "ids are made at the edge and passed in (it reads the clock)",
    ),
    (
        "new_v4",
        "ids are made at the edge and passed in (it reads randomness)",
    ),
    ("Utc::now", "the domain takes the date as an input"),
    ("Local::now", "the domain takes the date as an input"),
];

/// Standard-library modules that must not appear inside a grouped import such as
/// `use std::{env, fs};`, which the plain text search above would miss.
const FORBIDDEN_STD_MODULES: &[&str] = &["fs", "net", "process", "env"];

/// Directories never scanned: build output, front-end packages, and hidden folders
/// (`.git`, `.rasoat` data directories, editor settings).
const SKIPPED_DIRECTORIES: &[&str] = &["target", "node_modules"];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives directly under the workspace root")
        .to_path_buf()
}

fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"))
}

fn run_cargo(args: &[&str]) -> String {
    let output = Command::new(cargo())
        .args(args)
        .current_dir(workspace_root())
        .output()
        .expect("cargo can be started (CARGO is set by `cargo test`)");
    assert!(
        output.status.success(),
        "`cargo {}` failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("cargo prints UTF-8")
}

/// The resolved dependency graph of the workspace, for the platform the tests run on
/// (`--filter-platform`: other platforms' crates are not downloaded, so this works offline).
#[derive(Debug)]
struct DependencyGraph {
    /// Package id to package name.
    names: BTreeMap<String, String>,
    /// Package id to the ids of its normal (linked, non-dev, non-build) dependencies.
    normal_dependencies: BTreeMap<String, Vec<String>>,
    /// Ids of the workspace members.
    workspace_members: Vec<String>,
}

impl DependencyGraph {
    fn load() -> DependencyGraph {
        let version = run_cargo(&["-vV"]);
        let host = version
            .lines()
            .find_map(|line| line.strip_prefix("host: "))
            .expect("`cargo -vV` prints a `host:` line")
            .trim()
            .to_owned();
        let metadata_text = run_cargo(&[
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--filter-platform",
            &host,
        ]);
        let metadata: Value =
            serde_json::from_str(&metadata_text).expect("cargo metadata prints JSON");

        let names = metadata["packages"]
            .as_array()
            .expect("metadata has `packages`")
            .iter()
            .map(|package| (string_field(package, "id"), string_field(package, "name")))
            .collect();
        let normal_dependencies = metadata["resolve"]["nodes"]
            .as_array()
            .expect("metadata has `resolve.nodes`")
            .iter()
            .map(|node| {
                let dependencies = node["deps"]
                    .as_array()
                    .expect("every resolve node has `deps`")
                    .iter()
                    .filter(|dependency| is_normal_dependency(dependency))
                    .map(|dependency| string_field(dependency, "pkg"))
                    .collect();
                (string_field(node, "id"), dependencies)
            })
            .collect();
        let workspace_members = metadata["workspace_members"]
            .as_array()
            .expect("metadata has `workspace_members`")
            .iter()
            .map(|id| id.as_str().expect("member ids are strings").to_owned())
            .collect();
        DependencyGraph {
            names,
            normal_dependencies,
            workspace_members,
        }
    }

    fn member_id(&self, package_name: &str) -> Option<&String> {
        self.workspace_members
            .iter()
            .find(|id| self.names.get(*id).map(String::as_str) == Some(package_name))
    }

    /// Names of the packages `id` itself declares as normal dependencies (the crates its code
    /// can name).
    fn direct_normal(&self, id: &str) -> BTreeSet<String> {
        self.normal_dependencies
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|dependency| self.names.get(dependency).cloned())
            .collect()
    }

    /// Names of every package linked into `root`, following normal dependencies only, with
    /// features unified over the workspace as in the real build.
    fn normal_closure(&self, root: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![root.to_owned()];
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            if let Some(dependencies) = self.normal_dependencies.get(&id) {
                stack.extend(dependencies.iter().cloned());
            }
        }
        seen.remove(root);
        seen.iter()
            .filter_map(|id| self.names.get(id).cloned())
            .collect()
    }
}

fn string_field(value: &Value, field: &str) -> String {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("metadata field `{field}` is a string in {value}"))
        .to_owned()
}

/// A dependency edge is "normal" when at least one of its kinds is neither `dev` nor `build`
/// (cargo writes `"kind": null` for normal dependencies).
fn is_normal_dependency(dependency: &Value) -> bool {
    dependency["dep_kinds"]
        .as_array()
        .expect("every dependency edge has `dep_kinds`")
        .iter()
        .any(|kind| kind["kind"].is_null())
}

/// Invariant (a): `rasoat-domain` links no storage, network, GUI, file-format, crypto,
/// randomness or logging crate, and none of the crates that sit above it.
#[test]
fn domain_links_no_io_crate() {
    let graph = DependencyGraph::load();
    let domain_id = graph
        .member_id(DOMAIN_PACKAGE)
        .unwrap_or_else(|| panic!("`{DOMAIN_PACKAGE}` is a workspace member; renamed?"));
    let closure = graph.normal_closure(domain_id);
    let offenders: Vec<String> = FORBIDDEN_IN_DOMAIN
        .iter()
        .filter(|(name, _)| closure.contains(*name))
        .map(|(name, why)| format!("  {name}: {why}"))
        .collect();
    assert!(
        offenders.is_empty(),
        "{DOMAIN_PACKAGE} must stay pure (ARCHITECTURE.md, Invariants), but it now links:\n{}\n\
         Move that work to the crate at the edge and pass values into the domain.",
        offenders.join("\n")
    );
}

/// Invariant (a), second half: the domain's own dependency list holds no clock, randomness,
/// logging or application-error crate.
#[test]
fn domain_declares_no_hidden_input_crate() {
    let graph = DependencyGraph::load();
    let domain_id = graph
        .member_id(DOMAIN_PACKAGE)
        .unwrap_or_else(|| panic!("`{DOMAIN_PACKAGE}` is a workspace member; renamed?"));
    let direct = graph.direct_normal(domain_id);
    let offenders: Vec<String> = FORBIDDEN_DIRECT_IN_DOMAIN
        .iter()
        .filter(|(name, _)| direct.contains(*name))
        .map(|(name, why)| format!("  {name}: {why}"))
        .collect();
    assert!(
        offenders.is_empty(),
        "{DOMAIN_PACKAGE} must stay pure (ARCHITECTURE.md, Invariants), but it now depends on:\n{}",
        offenders.join("\n")
    );
}

/// Invariant: only the desktop shell links Tauri, so every other crate builds and tests on a
/// headless machine without WebKit.
#[test]
fn only_the_desktop_shell_links_tauri() {
    let graph = DependencyGraph::load();
    let offenders: Vec<String> = graph
        .workspace_members
        .iter()
        .filter(|id| graph.names.get(*id).map(String::as_str) != Some(DESKTOP_PACKAGE))
        .filter(|id| {
            let closure = graph.normal_closure(id);
            ["tauri", "wry", "tao"]
                .iter()
                .any(|gui| closure.contains(*gui))
        })
        .filter_map(|id| graph.names.get(id).cloned())
        .collect();
    assert!(
        offenders.is_empty(),
        "only {DESKTOP_PACKAGE} may link Tauri (ARCHITECTURE.md, Invariants); also linked by: {}",
        offenders.join(", ")
    );
}

/// Every `.rs` file of the repository, build output and hidden folders excluded.
fn rust_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut directories = vec![root.to_path_buf()];
    while let Some(directory) = directories.pop() {
        let entries = fs::read_dir(&directory)
            .unwrap_or_else(|err| panic!("cannot list {}: {err}", directory.display()));
        for entry in entries {
            let entry = entry.expect("directory entry is readable");
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let file_type = entry.file_type().expect("file type is readable");
            if file_type.is_dir() {
                if !name.starts_with('.') && !SKIPPED_DIRECTORIES.contains(&name.as_str()) {
                    directories.push(path);
                }
            } else if file_type.is_file() && name.ends_with(".rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(workspace_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The lines that are code, not comments: whole-line `//` comments (doc comments included)
/// may name the forbidden items to explain why they are absent.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(idx, line)| (idx + 1, line))
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
}

/// Finds `std::{ ... }` groups that import a forbidden module, including groups that span
/// several lines.
fn grouped_std_imports(text: &str) -> Vec<String> {
    let code: String = code_lines(text)
        .map(|(_, line)| format!("{line}\n"))
        .collect();
    let mut found = Vec::new();
    let mut rest = code.as_str();
    while let Some(start) = rest.find("std::{") {
        let group = &rest[start + "std::{".len()..];
        let end = group.find('}').unwrap_or(group.len());
        for item in group[..end].split(',') {
            let module = item.trim().split("::").next().unwrap_or("").trim();
            if FORBIDDEN_STD_MODULES.contains(&module) {
                found.push(format!("std::{{{module}, ..}}"));
            }
        }
        rest = &group[end..];
    }
    found
}

/// Invariant (b): the domain's source names no file system, network, process, environment or
/// clock API. Complements (a): these live in `std`, which no dependency check can see.
#[test]
fn domain_source_does_no_io() {
    let domain_src = workspace_root().join("crates/domain/src");
    let files = rust_files(&domain_src);
    assert!(
        !files.is_empty(),
        "no .rs files under {}",
        domain_src.display()
    );
    let mut offenders = Vec::new();
    for path in files {
        let text = fs::read_to_string(&path).expect("source files are UTF-8");
        for (line_number, line) in code_lines(&text) {
            for (needle, why) in FORBIDDEN_DOMAIN_SOURCE {
                if line.contains(needle) {
                    offenders.push(format!(
                        "  {}:{line_number}: `{needle}`: {why}",
                        relative(&path)
                    ));
                }
            }
        }
        for import in grouped_std_imports(&text) {
            offenders.push(format!(
                "  {}: `{import}`: no I/O in the domain",
                relative(&path)
            ));
        }
    }
    assert!(
        offenders.is_empty(),
        "crates/domain/src must do no I/O (ARCHITECTURE.md, Invariants):\n{}\n\
         Tests that read fixture files belong in crates/domain/tests/ or use include_str!.",
        offenders.join("\n")
    );
}

/// Invariant (c): every Rust module starts with a `//!` line saying what it is for.
#[test]
fn every_module_starts_with_a_module_doc() {
    let offenders: Vec<String> = rust_files(&workspace_root())
        .into_iter()
        .filter(|path| {
            let text = fs::read_to_string(path).expect("source files are UTF-8");
            let first_line = text
                .lines()
                .find(|line| !line.trim().is_empty())
                .unwrap_or("");
            !first_line.starts_with("//!")
        })
        .map(|path| format!("  {}", relative(&path)))
        .collect();
    assert!(
        offenders.is_empty(),
        "every .rs file must start with a `//!` line (ARCHITECTURE.md, Invariants); missing in:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn grouped_imports_are_detected() {
    let text = "use std::{\n    collections::BTreeMap,\n    fs::File,\n};\nuse std::{fmt, env};\n";
    assert_eq!(
        grouped_std_imports(text),
        vec!["std::{fs, ..}", "std::{env, ..}"]
    );
    assert!(grouped_std_imports("use std::{fmt, str::FromStr};\n// std::{fs}\n").is_empty());
}

/// The demo generator (`rasoat-demo`) is held to the domain's purity (invariants a, a′ and b):
/// a seed must give the same households on every machine, so no clock, no OS randomness, no
/// I/O; it is also what lets the desktop app and the server call it.
#[test]
fn demo_generator_is_as_pure_as_the_domain() {
    const DEMO_PACKAGE: &str = "rasoat-demo";
    let graph = DependencyGraph::load();
    let demo_id = graph
        .member_id(DEMO_PACKAGE)
        .unwrap_or_else(|| panic!("`{DEMO_PACKAGE}` is a workspace member; renamed?"));
    let closure = graph.normal_closure(demo_id);
    let direct = graph.direct_normal(demo_id);
    let mut offenders: Vec<String> = FORBIDDEN_IN_DOMAIN
        .iter()
        .filter(|(name, _)| closure.contains(*name))
        .chain(
            FORBIDDEN_DIRECT_IN_DOMAIN
                .iter()
                .filter(|(name, _)| direct.contains(*name)),
        )
        .map(|(name, why)| format!("  {name}: {why}"))
        .collect();
    for path in rust_files(&workspace_root().join("crates/demo/src")) {
        let text = fs::read_to_string(&path).expect("source files are UTF-8");
        for (line_number, line) in code_lines(&text) {
            for (needle, why) in FORBIDDEN_DOMAIN_SOURCE {
                if line.contains(needle) {
                    offenders.push(format!(
                        "  {}:{line_number}: `{needle}`: {why}",
                        relative(&path)
                    ));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "{DEMO_PACKAGE} must stay as pure as the domain:\n{}",
        offenders.join("\n")
    );
}

/// Every number that decides a class: the income lines of every standard and the score-A
/// cut-offs, read from the standards file itself so the check follows the data.
fn rule_numbers() -> BTreeSet<i64> {
    let text = fs::read_to_string(workspace_root().join("assets/standards/national.json"))
        .expect("assets/standards/national.json");
    let doc: Value = serde_json::from_str(&text).expect("standards JSON");
    let mut numbers = BTreeSet::new();
    for standard in doc["standards"].as_array().expect("standards") {
        for area in ["rural", "urban"] {
            for line in ["poor_income_only", "poverty", "middle"] {
                if let Some(n) = standard[area][line].as_i64() {
                    numbers.insert(n);
                }
            }
        }
        for cut in ["a_max_rural", "a_max_urban"] {
            if let Some(n) = standard["score"][cut].as_i64() {
                numbers.insert(n);
            }
        }
    }
    numbers
}

/// Source files of the shell and the UI, where no rule may live (generated bindings and tests
/// excepted: they describe types and check behaviour).
fn shell_and_ui_sources() -> Vec<PathBuf> {
    let root = workspace_root();
    let mut out = Vec::new();
    let mut stack = vec![root.join("src-tauri/src"), root.join("ui/src")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if path.is_dir() {
                if !SKIPPED_DIRECTORIES.contains(&name.as_str()) {
                    stack.push(path);
                }
            } else if (name.ends_with(".rs") || name.ends_with(".ts") || name.ends_with(".svelte"))
                && name != "bindings.ts"
                && name != "bindings.rs"
                && !name.ends_with(".test.ts")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Invariant (d): no rule of the review lives outside `crates/domain`. The shell and the UI must
/// not know an income line or a score cut-off: a number like 1500000 or 140 there means a rule
/// is being re-implemented instead of asked of the domain.
#[test]
fn no_rule_number_in_the_shell_or_the_ui() {
    let numbers = rule_numbers();
    assert!(
        numbers.contains(&1_500_000) && numbers.contains(&140),
        "{numbers:?}"
    );
    let files = shell_and_ui_sources();
    assert!(files.len() >= 5, "found only {files:?}");
    let mut offences = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("source file");
        for (n, line) in text.lines().enumerate() {
            // Tokens of digits, with the separators people write: 1500000, 1_500_000, 1.500.000.
            let cleaned: String = line
                .chars()
                .map(|c| if c == '_' || c == '.' { '\u{0}' } else { c })
                .filter(|c| *c != '\u{0}')
                .collect();
            // Split on anything but letters and digits, so a colour like #175cd3 stays one word.
            for token in cleaned.split(|c: char| !c.is_ascii_alphanumeric()) {
                if !token.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                if let Ok(value) = token.parse::<i64>() {
                    if numbers.contains(&value) {
                        offences.push(format!("{}:{}: {}", relative(&file), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "rule numbers outside crates/domain (ARCHITECTURE.md invariant d): ask the domain instead:\n{}",
        offences.join("\n")
    );
}

/// The one file allowed unsafe code: the desktop's calls into glibc's allocator.
const UNSAFE_ALLOWED_IN: &str = "src-tauri/src/allocator.rs";

/// The lines of `text` that write unsafe code or lift the lint that forbids it.
fn unsafe_lines(text: &str) -> Vec<usize> {
    code_lines(text)
        .filter(|(_, line)| {
            [
                "unsafe {",
                "unsafe fn",
                "unsafe impl",
                "unsafe extern",
                "unsafe_code)",
            ]
            .iter()
            .any(|needle| line.contains(needle))
        })
        .map(|(n, _)| n)
        .collect()
}

/// Invariant (f): every crate but the desktop forbids unsafe code outright through the
/// workspace lints; the desktop only denies it, so that its allocator module may call glibc.
/// No other file of the workspace may write unsafe code or allow the lint.
#[test]
fn unsafe_code_only_in_the_allocator_module() {
    let root = workspace_root();
    let offenders: Vec<String> = rust_files(&root)
        .into_iter()
        // This file names what it looks for.
        .filter(|path| relative(path) != UNSAFE_ALLOWED_IN && !path.ends_with(file!()))
        .flat_map(|path| {
            let text = fs::read_to_string(&path).expect("source files are UTF-8");
            unsafe_lines(&text)
                .into_iter()
                .map(move |n| format!("  {}:{n}", relative(&path)))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "unsafe code outside {UNSAFE_ALLOWED_IN} (ARCHITECTURE.md invariant f):\n{}",
        offenders.join("\n")
    );
    let allowed = fs::read_to_string(root.join(UNSAFE_ALLOWED_IN)).expect("allocator module");
    assert!(!unsafe_lines(&allowed).is_empty(), "{allowed}");
}

#[test]
fn the_unsafe_check_finds_a_planted_block() {
    let planted = "//! A module.\n// unsafe { comments may say it }\nfn f() {\n    let x = unsafe { g() };\n}\n#[allow(unsafe_code)]\nfn h() {}\n";
    assert_eq!(unsafe_lines(planted), vec![4, 6]);
}
