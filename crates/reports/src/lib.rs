//! The report files of a round: the summary tables (and the resolution's targets, and the
//! household list) as an Excel workbook or CSV files (`export`), and the print-ready pages —
//! village posting lists and Mẫu 03 certificates (`printable`).
//!
//! Invariants:
//! - no SQL here: every figure and row comes from `rasoat-store`'s typed API (`round_report`,
//!   `target_report`, `for_each_listed_household`, `for_each_poor_or_near_poor`), and this
//!   crate does not link rusqlite;
//! - long lists stream: the household list goes from the store to the file one row at a time,
//!   so a 200,000-household round exports in bounded memory;
//! - HTML is written only through auto-escaping templates (`templates/`), never by hand;
//! - names of people are personal data: they go into the files the caller chose, never into
//!   an error or a log.

mod authorities;
pub mod error;
pub mod export;
mod notes;
pub mod printable;

pub use error::{ReportError, Result};
pub use export::{confidence_mark, ExportOptions, ExportSummary};
