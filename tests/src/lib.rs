//! Home of the cross-crate tests of Rà soát (`tests/tests/*.rs`); this library is empty on
//! purpose. Shared test helpers will live here once scenarios span several crates.
