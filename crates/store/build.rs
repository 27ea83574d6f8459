//! The build of the code that counts the figures the store keeps in its file.
//!
//! A figure kept by one build must never be given by another that counts differently, so its
//! key holds a hash of everything the counting can depend on: the store's sources and
//! migrations, the domain's sources, and the shipped assets (standards, score tables,
//! targets). Any change there makes every kept figure another key, counted again once.

use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let roots = [
        manifest.join("src"),
        manifest.join("migrations"),
        manifest.join("../domain/src"),
        manifest.join("../../assets"),
    ];
    let mut all = Vec::new();
    for root in &roots {
        println!("cargo:rerun-if-changed={}", root.display());
        files(root, &mut all);
    }
    // In a fixed order, named relative to the crate, so the hash does not depend on where the
    // checkout is.
    all.sort();
    let mut hash = DefaultHasher::new();
    for path in &all {
        let name = path.strip_prefix(&manifest).unwrap_or(path);
        hash.write(name.to_string_lossy().as_bytes());
        hash.write(&std::fs::read(path).unwrap_or_default());
    }
    hash.write(
        std::env::var("CARGO_PKG_VERSION")
            .unwrap_or_default()
            .as_bytes(),
    );
    println!("cargo:rustc-env=RASOAT_COUNTED_BY={:016x}", hash.finish());
}
