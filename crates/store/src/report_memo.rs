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
//!
//! A form saved or reviewed in one round changes no other round's figures, and recounting the
//! trend's earlier rounds after each save was most of the dashboard's time after a write. So
//! a write of the store's own that says what it touched ([`Touched`]) moves the kept reports
//! on to the stamp after it, forgetting only those that read what it wrote; it can do so only
//! when the kept reports were at the stamp just before it and no other connection committed
//! meanwhile. Any other write (one that says nothing, another process's) still moves the
//! stamp past them, and every kept report is forgotten at the next ask.
//!
//! The latest round's changes since the round before read every earlier round (who was poor
//! before), and the latest round is the one being saved: what those earlier rounds say is
//! kept apart ([`EarlierClasses`]), reading only those rounds, so a save in the latest round
//! counts that round again and not its history.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::report::{EarlierClasses, RoundReport};
use crate::targets::{RoundSums, SumsInput};
use crate::units::UnitBasis;

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

/// Which rounds' records a kept report read, so which writes leave it true.
#[derive(Debug, Clone)]
pub(crate) struct Reads {
    round_ids: Vec<String>,
    /// Earlier rounds too: the changes since the round before, or the old units (placed by
    /// each household's earlier records). Any round's write may change such a report.
    earlier_rounds: bool,
}

impl Reads {
    pub(crate) fn round(round_id: &str, earlier_rounds: bool) -> Reads {
        Reads {
            round_ids: vec![round_id.to_string()],
            earlier_rounds,
        }
    }

    /// These rounds' records and no other's. The set of rounds is the rounds table's, which
    /// no declared write changes (a new round or a round's year forgets everything kept).
    pub(crate) fn rounds(round_ids: Vec<String>) -> Reads {
        Reads {
            round_ids,
            earlier_rounds: false,
        }
    }

    pub(crate) fn round_ids(&self) -> &[String] {
        &self.round_ids
    }

    pub(crate) fn earlier_rounds(&self) -> bool {
        self.earlier_rounds
    }

    fn still_true_after(&self, touched: &Touched<'_>) -> bool {
        match touched {
            Touched::NothingCounted => true,
            Touched::Rounds(rounds) => {
                !self.earlier_rounds && rounds.iter().all(|r| !self.round_ids.contains(r))
            }
        }
    }
}

/// What a write of the store's own changed, as far as a report can tell.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Touched<'a> {
    /// These rounds' records (and what every round shares but no report reads: the household
    /// row, the journal, the list's rows, the answers, the exchange's bookkeeping). Reports of
    /// other rounds that read no earlier round stay true.
    Rounds(&'a [String]),
    /// Only what no report counts: the typing buffer, the action log, the targets' digests
    /// of answers (derived from answers the store already held). Every report stays true.
    NothingCounted,
}

/// A count begun when a report was not kept: what it counts is kept only if nothing kept was
/// forgotten while it counted (no write the memo could not follow, none of a round it was
/// told of) and the store's stamp is the memo's when it ends.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counting {
    generation: u64,
}

/// A kept report, or the ticket of the count to make.
pub(crate) enum Found<T> {
    Kept(T),
    Count(Counting),
}

#[derive(Default)]
struct Kept {
    stamp: Option<ContentStamp>,
    /// Moves each time everything kept is forgotten, and with each round's write.
    generation: u64,
    /// Reports counted rather than given since the connection opened.
    counted: u64,
    /// Earlier rounds' classes counted rather than given since the connection opened.
    earlier_counted: u64,
    /// Target sums counted from what a report gathered, since the connection opened.
    sums_from_reports: u64,
    /// Reports and sums given from the store file (`kept_figures`), since it opened.
    from_file: u64,
    /// Earlier rounds' classes given from the store file, since it opened.
    earlier_from_file: u64,
    /// Reports and sums counted on a second connection and kept in the file by this one.
    beside: u64,
    /// The rounds whose target sums are being counted on a second connection.
    summed_beside: HashSet<String>,
    reports: HashMap<String, (Reads, RoundReport)>,
    sums: HashMap<String, (Reads, RoundSums)>,
    /// By the id of the round whose changes they are compared with. Shared, not copied: a
    /// round of 200,000 finished forms is a few MiB of keys.
    earlier: HashMap<String, (Reads, Arc<EarlierClasses>)>,
    /// What a round's report gathered for the round's target sums, until they are counted:
    /// one round at a time (a round of finished forms is about 16 MiB of answers' hashes).
    sums_input: Option<(String, UnitBasis, Reads, SumsInput)>,
}

impl Kept {
    /// Forgets everything counted from other content.
    fn at(&mut self, stamp: ContentStamp) -> &mut Kept {
        if self.stamp != Some(stamp) {
            self.forget();
            self.generation += 1;
            self.stamp = Some(stamp);
        }
        self
    }

    fn forget(&mut self) {
        self.reports.clear();
        self.sums.clear();
        self.earlier.clear();
        self.sums_input = None;
    }

    /// What `which` finds kept at `stamp`, or the ticket of a count, counted by `counter`.
    fn find<T: Clone>(
        &mut self,
        stamp: ContentStamp,
        which: impl FnOnce(&Kept) -> Option<&T>,
        counter: impl FnOnce(&mut Kept) -> &mut u64,
    ) -> Found<T> {
        self.at(stamp);
        match which(self).cloned() {
            Some(kept) => Found::Kept(kept),
            None => {
                *counter(self) += 1;
                Found::Count(Counting {
                    generation: self.generation,
                })
            }
        }
    }

    /// Whether a count begun with `counting` and ending at `now` may be kept.
    fn may_keep(&mut self, counting: Counting, now: Option<ContentStamp>) -> bool {
        let keeps = now.is_some() && self.stamp == now && self.generation == counting.generation;
        if keeps && self.reports.len() + self.sums.len() + self.earlier.len() >= MOST_KEPT {
            self.forget();
        }
        keeps
    }
}

/// The start of the key of a round's target sums (`targets::round_sums`): the round, then the
/// units, then the rules' fingerprint.
pub(crate) fn sums_key_prefix(round_id: &str, basis: UnitBasis) -> String {
    format!("{round_id}|{basis:?}|")
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

    pub(crate) fn report(&self, stamp: ContentStamp, key: &str) -> Found<RoundReport> {
        self.with(|k| {
            k.find(
                stamp,
                |k| k.reports.get(key).map(|(_, r)| r),
                |k| &mut k.counted,
            )
        })
    }

    /// Keeps a report, and what its sweep gathered for its round's target sums, if any.
    pub(crate) fn keep_report(
        &self,
        counting: Counting,
        now: Option<ContentStamp>,
        key: String,
        reads: Reads,
        report: &RoundReport,
        sums_input: Option<(String, UnitBasis, SumsInput)>,
    ) -> bool {
        self.with(|k| {
            let keeps = k.may_keep(counting, now);
            if keeps {
                if let Some((round_id, basis, input)) = sums_input {
                    let reads = Reads::round(&round_id, false);
                    k.sums_input = Some((round_id, basis, reads, input));
                }
                k.reports.insert(key, (reads, report.clone()));
            }
            keeps
        })
    }

    /// Whether a report of `round_id` counted now should gather its round's target sums too:
    /// none of them is kept in the units of `basis`.
    pub(crate) fn wants_sums_input(
        &self,
        stamp: ContentStamp,
        round_id: &str,
        basis: UnitBasis,
    ) -> bool {
        let prefix = sums_key_prefix(round_id, basis);
        self.with(|k| {
            k.at(stamp);
            !k.summed_beside.contains(round_id)
                && !k.sums.keys().any(|key| key.starts_with(&prefix))
        })
    }

    /// While a round's target sums are counted on a second connection (`Store::count_beside`),
    /// its report here gathers nothing for them.
    pub(crate) fn summing_beside(&self, round_ids: Vec<String>) {
        self.with(|k| k.summed_beside = round_ids.into_iter().collect());
    }

    /// What a report of `round_id` gathered for its target sums in the units of `basis`,
    /// taken (it is counted once), while the store holds what it was gathered from.
    pub(crate) fn take_sums_input(
        &self,
        stamp: ContentStamp,
        round_id: &str,
        basis: UnitBasis,
    ) -> Option<SumsInput> {
        self.with(|k| {
            k.at(stamp);
            match k.sums_input.take() {
                Some((id, b, _, input)) if id == round_id && b == basis => {
                    k.sums_from_reports += 1;
                    Some(input)
                }
                other => {
                    k.sums_input = other;
                    None
                }
            }
        })
    }

    pub(crate) fn sums(&self, stamp: ContentStamp, key: &str) -> Found<RoundSums> {
        self.with(|k| {
            k.find(
                stamp,
                |k| k.sums.get(key).map(|(_, s)| s),
                |k| &mut k.counted,
            )
        })
    }

    pub(crate) fn earlier(&self, stamp: ContentStamp, key: &str) -> Found<Arc<EarlierClasses>> {
        self.with(|k| {
            k.find(
                stamp,
                |k| k.earlier.get(key).map(|(_, e)| e),
                |k| &mut k.earlier_counted,
            )
        })
    }

    pub(crate) fn keep_earlier(
        &self,
        counting: Counting,
        now: Option<ContentStamp>,
        key: String,
        reads: Reads,
        earlier: &Arc<EarlierClasses>,
    ) -> bool {
        self.with(|k| {
            let keeps = k.may_keep(counting, now);
            if keeps {
                k.earlier.insert(key, (reads, Arc::clone(earlier)));
            }
            keeps
        })
    }

    pub(crate) fn keep_sums(
        &self,
        counting: Counting,
        now: Option<ContentStamp>,
        key: String,
        reads: Reads,
        sums: &RoundSums,
    ) -> bool {
        self.with(|k| {
            let keeps = k.may_keep(counting, now);
            if keeps {
                k.sums.insert(key, (reads, sums.clone()));
            }
            keeps
        })
    }

    /// A write of the store's own, between the stamps `before` and `after` (each `None`
    /// inside a transaction), that changed only what `touched` says: the reports it leaves
    /// true stay kept. Told of a write it cannot follow (the kept reports were not at
    /// `before`, or another connection committed meanwhile), it does nothing, and the next ask
    /// finds the stamp moved and forgets everything.
    pub(crate) fn wrote(
        &self,
        before: Option<ContentStamp>,
        after: Option<ContentStamp>,
        touched: Touched<'_>,
    ) {
        let (Some(before), Some(after)) = (before, after) else {
            return;
        };
        if before.data_version != after.data_version
            || before.schema_version != after.schema_version
        {
            return;
        }
        self.with(|k| {
            if k.stamp != Some(before) {
                return;
            }
            k.reports
                .retain(|_, (reads, _)| reads.still_true_after(&touched));
            k.sums
                .retain(|_, (reads, _)| reads.still_true_after(&touched));
            k.earlier
                .retain(|_, (reads, _)| reads.still_true_after(&touched));
            if k.sums_input
                .as_ref()
                .is_some_and(|(_, _, reads, _)| !reads.still_true_after(&touched))
            {
                k.sums_input = None;
            }
            // A count begun before a round's write (none can be today: a write needs the store
            // to itself) is not kept after it.
            if matches!(touched, Touched::Rounds(_)) {
                k.generation += 1;
            }
            k.stamp = Some(after);
        });
    }

    /// A report or sums asked of the memo and not kept there, given from the store file
    /// (`kept_figures`): not counted after all.
    pub(crate) fn gave_from_file(&self) {
        self.with(|k| {
            k.counted = k.counted.saturating_sub(1);
            k.from_file += 1;
        });
    }

    /// Earlier rounds' classes asked of the memo and not kept there, given from the file.
    pub(crate) fn gave_earlier_from_file(&self) {
        self.with(|k| {
            k.earlier_counted = k.earlier_counted.saturating_sub(1);
            k.earlier_from_file += 1;
        });
    }

    /// Whether a report or sums of `key` is kept at `stamp`, asked without counting a miss.
    pub(crate) fn holds(&self, stamp: ContentStamp, key: &str) -> bool {
        self.with(|k| {
            k.stamp == Some(stamp) && (k.reports.contains_key(key) || k.sums.contains_key(key))
        })
    }

    /// A report counted by another connection from the content this one reads now (what it
    /// read is at the store's generations): kept as if counted here.
    pub(crate) fn adopt_report(
        &self,
        stamp: ContentStamp,
        key: String,
        reads: Reads,
        report: RoundReport,
    ) {
        self.adopt(stamp, |k| {
            k.reports.insert(key, (reads, report));
        });
    }

    /// Target sums counted by another connection, as [`ReportMemo::adopt_report`].
    pub(crate) fn adopt_sums(
        &self,
        stamp: ContentStamp,
        key: String,
        reads: Reads,
        sums: RoundSums,
    ) {
        self.adopt(stamp, |k| {
            k.sums.insert(key, (reads, sums));
        });
    }

    fn adopt(&self, stamp: ContentStamp, insert: impl FnOnce(&mut Kept)) {
        self.with(|k| {
            k.at(stamp);
            if k.reports.len() + k.sums.len() + k.earlier.len() >= MOST_KEPT {
                k.forget();
            }
            insert(k);
        });
    }

    /// A report or sums counted on a second connection and kept in the file by this one
    /// (`Store::count_beside`).
    pub(crate) fn counted_beside(&self) {
        self.with(|k| k.beside += 1);
    }

    /// Reports and sums counted on a second connection since this one opened.
    pub(crate) fn beside(&self) -> u64 {
        self.with(|k| k.beside)
    }

    /// Earlier rounds' classes given from the store file since the connection opened.
    pub(crate) fn earlier_given_from_file(&self) -> u64 {
        self.with(|k| k.earlier_from_file)
    }

    /// Reports and sums given from the store file since the connection opened.
    pub(crate) fn given_from_file(&self) -> u64 {
        self.with(|k| k.from_file)
    }

    /// Reports and sums counted rather than given from the kept, since the connection opened.
    pub(crate) fn counted(&self) -> u64 {
        self.with(|k| k.counted)
    }

    /// Earlier rounds' classes counted rather than given from the kept.
    pub(crate) fn earlier_counted(&self) -> u64 {
        self.with(|k| k.earlier_counted)
    }

    /// Lets go of what a report gathered for target sums not asked since.
    pub(crate) fn let_go_of_sums_input(&self) {
        self.with(|k| k.sums_input = None);
    }

    /// Target sums counted from what a round's report gathered rather than by their own sweep.
    pub(crate) fn sums_from_reports(&self) -> u64 {
        self.with(|k| k.sums_from_reports)
    }
}
