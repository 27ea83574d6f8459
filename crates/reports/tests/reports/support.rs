//! Shared setup: the store's report fixture (a district store of Đồng Văn filled with demo
//! households, each classified by the test itself), included by path so that the report files
//! are checked against the same independent count as the store's reports.

#[path = "../../../store/tests/store/report_fixture.rs"]
mod report_fixture;

pub use report_fixture::{fixture, report};

/// A fixed instant (2025-10-01 08:00 UTC): the store never reads the clock, so tests pass time.
pub const AT: i64 = 1_759_305_600_000;
