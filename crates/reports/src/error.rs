//! What can go wrong writing a report file, worded for the commune cadre who reads it
//! (Vietnamese, then English after " / "). Errors name files, never people.

use rasoat_store::StoreError;

/// Every error the report writers return.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Reading the round from the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file could not be created or written, or the workbook or CSV writer refused (a full
    /// disk, a sheet past Excel's limits).
    #[error("không đọc/ghi được tệp `{path}` / cannot access file: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A table past what the file format holds.
    #[error("bảng có quá nhiều cột / too many columns")]
    TooManyColumns,
    /// A page template failed to render: a fault of this program, not of the data.
    #[error("lỗi mẫu trang in / page template error: {0}")]
    Template(#[from] minijinja::Error),
}

pub type Result<T, E = ReportError> = std::result::Result<T, E>;
