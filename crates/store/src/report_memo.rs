//! Reports kept while the store holds the content they were counted from.
//!
//! The district's dashboard reads every periodic round for its trend and its targets, and
//! again at each step of a drill-down (commune, village): at 200,000 households a round is
//! about 50 MiB of summary rows, read and decrypted each time. The figures only change when
//! the store does, so a report is kept with a stamp of the content it read, and given again
//! while the stamp is the same. The stamp misses no committed change: SQLite's
//! `data_version` moves when any other connection (another process, the app's reader)
//! commits, the connection's total count of changed rows moves with each of its own inserts,
//! updates and deletes, those of triggers included, and `schema_version` with any change of
//! a table's definition, which that count does not see. A transaction still open may yet be
//! rolled back, which moves none of them back: inside one nothing is kept nor given.

use std::collections::HashMap;
use std::sync::Mutex;

use rusqlite::Connection;

use crate::report::RoundReport;
use crate::targets::RoundSums;

/// The store's content at a moment, as far as a kept report is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ContentStamp {
    data_version: i64,
    schema_version: i64,
    total_changes: u64,
}

impl ContentStamp {
    /// The stamp of the committed content, or `None` inside a transaction (whose writes may
    /// still be rolled back): a report counted then is neither kept nor taken from the kept.
    pub(crate) fn of(conn: &Connection) -> rusqlite::Result<Option<ContentStamp>> {
        if !conn.is_autocommit() {
            return Ok(None);
        }
        Ok(Some(ContentStamp {
            data_version: conn.query_row("PRAGMA data_version", [], |r| r.get(0))?,
            schema_version: conn.query_row("PRAGMA schema_version", [], |r| r.get(0))?,
            total_changes: conn.total_changes(),
        }))
    }
}

/// More kept reports than a dashboard's drill-downs ask for means a caller is walking many
/// rounds or units: start again rather than grow.
const MOST_KEPT: usize = 64;

#[derive(Default)]
struct Kept {
    stamp: Option<ContentStamp>,
    reports: HashMap<String, RoundReport>,
    sums: HashMap<String, RoundSums>,
}

impl Kept {
    /// Forgets everything counted from other content.
    fn at(&mut self, stamp: ContentStamp) -> &mut Kept {
        if self.stamp != Some(stamp) || self.reports.len() + self.sums.len() >= MOST_KEPT {
            self.reports.clear();
            self.sums.clear();
            self.stamp = Some(stamp);
        }
        self
    }
}

/// The reports of one store connection. A lock rather than a cell keeps `Store` shareable
/// between threads, as it was.
#[derive(Default)]
pub(crate) struct ReportMemo {
    kept: Mutex<Kept>,
}

impl std::fmt::Debug for ReportMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReportMemo")
    }
}

impl ReportMemo {
    fn with<T>(&self, f: impl FnOnce(&mut Kept) -> T) -> T {
        // A panic while the lock was held leaves maps that are still whole: keep using them.
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut kept)
    }

    pub(crate) fn report(&self, stamp: ContentStamp, key: &str) -> Option<RoundReport> {
        self.with(|k| k.at(stamp).reports.get(key).cloned())
    }

    pub(crate) fn keep_report(&self, stamp: ContentStamp, key: String, report: &RoundReport) {
        self.with(|k| {
            k.at(stamp).reports.insert(key, report.clone());
        });
    }

    pub(crate) fn sums(&self, stamp: ContentStamp, key: &str) -> Option<RoundSums> {
        self.with(|k| k.at(stamp).sums.get(key).cloned())
    }

    pub(crate) fn keep_sums(&self, stamp: ContentStamp, key: String, sums: &RoundSums) {
        self.with(|k| {
            k.at(stamp).sums.insert(key, sums.clone());
        });
    }
}
