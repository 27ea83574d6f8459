//! Ingest benchmark over loopback HTTP (written below).
fn main() {}
