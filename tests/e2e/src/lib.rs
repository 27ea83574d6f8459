//! No code: the end-to-end test lives in `tests/desktop.rs`.
