//! Integration tests of the report files: one binary (one link step), one module per kind of
//! file, over stores filled with synthetic households.

mod export;
mod printable;
mod support;
