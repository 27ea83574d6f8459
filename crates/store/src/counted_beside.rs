//! Figures counted on second connections while this one counts its own, on the other core.
//!
//! A dashboard with nothing kept yet (the first window on a store, after a write every round
//! reads, after an update of the app) counts its round and every earlier round of its trend
//! and targets, one after the other on one core: 1.6–2.5 s at 200,000 finished forms in three
//! rounds (docs/benchmarks.md); after a save, its round's report and then its target sums.
//! These figures do not depend on each other, and a store file in WAL mode lets readers run
//! beside its connection, each on the last committed state; so the current round's sums and
//! the earlier rounds are counted on read-only connections in their own threads while the
//! window's connection counts the current round's report.
//!
//! The rounds' target sums gathered beside wait for one another and then read the answers'
//! digests in one pass, split by hash between two connections: the digest table holds every
//! round's answers, so a pass each read it whole once per round. The current round's sums, in
//! that case, wait for what this connection's report gathers of its round too, instead of a
//! second connection reading the same round again.
//!
//! What a second connection counts comes back as the figure's bytes with the generations it
//! read (`kept_figures`), and this connection keeps it in the file only while those are still
//! the store's: the rule every kept figure already follows, so a write by anyone while they
//! counted leaves the figure unkept, and it is counted here when asked, as before. A second
//! connection that cannot count a figure (answers whose digests must first be written, a file
//! it cannot open) gives nothing back, and that figure too is counted here when asked. A
//! figure this connection cannot write to the file (another writer holds the lock) is kept in
//! its memo alone, while what it read is unchanged.

use std::thread;

use rasoat_domain::targets::Targets;

use crate::kept_figures::generations;
use crate::report::{report_key, report_reads, ReportRequest};
use crate::report_memo::{ContentStamp, Reads, ReportMemo};
use crate::rounds::Round;
use crate::targets::{sums_key, sums_reads, DigestShare, Hashes, SortedSumsInput, SumsInput};
use crate::units::UnitBasis;
use crate::{Result, Store};

/// A round's figures a view is about to ask: its report as requested, its target sums under
/// the targets' rules in the units given, or both.
#[derive(Debug, Clone)]
pub struct FiguresAsked<'a> {
    pub round_id: String,
    /// A report of `round_id`.
    pub report: Option<ReportRequest>,
    pub sums: Option<(&'a Targets, UnitBasis)>,
    /// Its sums read what the report counted in `here` gathers (its round, whole, in the units
    /// the sums count in): when other rounds' sums are counted beside, they wait for that
    /// report and join the rounds' shared pass over the digests instead of reading the round a
    /// second time. Alone, they are counted beside while `here` counts, as any other.
    pub gathered_here: bool,
}

/// A figure counted on a second connection, to be kept by the first.
struct Counted {
    kind: &'static str,
    key: String,
    reads: Reads,
    /// The generations of what it read, read before it was counted.
    at: Option<String>,
    body: Vec<u8>,
}

/// At most this many second connections: each holds a page cache while it counts, and each
/// round's gathered hashes are held until the rounds' shared pass over the digests.
const MOST_BESIDE: usize = 4;

/// Ends the rounds summed beside, even when `here` panics.
struct SummingBeside<'m>(&'m ReportMemo);

impl Drop for SummingBeside<'_> {
    fn drop(&mut self) {
        self.0.summing_beside(Vec::new());
    }
}

/// The page cache of each second connection, in MiB.
const READER_CACHE_MIB: u32 = 4;

impl Store {
    /// Runs `here` on this connection while the figures `asked` that are kept neither in
    /// this connection's memo nor in the file are counted on second connections, then keeps
    /// them in the file, where this connection's next asks find them. `here` should count
    /// what `asked` does not hold (the current round's report), or the two cores count it
    /// twice; a report counted in `here` gathers nothing for sums counted beside.
    ///
    /// Nothing is counted beside when everything asked is kept, when the store has no file
    /// (in memory) or is moved (it keeps nothing), or when a second connection cannot be
    /// opened: the figures are then counted here when asked, as before.
    pub fn count_beside<T>(&self, asked: &[FiguresAsked<'_>], here: impl FnOnce() -> T) -> T {
        // Readers run beside the connection in WAL mode only; in a rollback journal their
        // read locks would hold up a write the count makes (the answers' digests).
        if self.check_not_moved().is_err() || !self.in_wal_mode() {
            return here();
        }
        let mut to_count: Vec<&FiguresAsked<'_>> =
            asked.iter().filter(|a| !self.holds(a)).collect();
        if to_count.is_empty() {
            return here();
        }
        let cores = thread::available_parallelism().map_or(1, |n| n.get());
        if cores < 2 {
            // One core would only take turns between the connections.
            return here();
        }
        // The sums whose round `here` reads anyway, when a shared pass runs for other rounds.
        let others_summed = to_count
            .iter()
            .any(|a| a.sums.is_some() && !a.gathered_here);
        let gathered_here = to_count
            .iter()
            .position(|a| a.gathered_here && a.sums.is_some() && a.report.is_none())
            .filter(|_| others_summed)
            .map(|at| to_count.remove(at))
            .and_then(|a| self.waiting_sums(a));
        // A connection for each figure asked, up to four: more threads than cores, but the
        // counts differ in length, and two of them on one connection end after the rest
        // (measured: 1.1 s against 0.9 s for three rounds on two cores).
        let threads = to_count.len().min(MOST_BESIDE);
        if threads == 0 {
            return here();
        }
        let mut shares: Vec<Vec<&FiguresAsked<'_>>> = vec![Vec::new(); threads];
        // A round summed beside is not also gathered for by its report here.
        let summed: Vec<String> = to_count
            .iter()
            .filter(|a| a.sums.is_some())
            .map(|a| a.round_id.clone())
            .collect();
        for (i, a) in to_count.into_iter().enumerate() {
            shares[i % threads].push(a);
        }
        let mut readers = Vec::with_capacity(threads);
        for share in shares {
            match self.open_reader() {
                // A sweep reads each page once: a small cache keeps the window's memory
                // while it counts near what it is at rest.
                Ok(Some(reader)) if reader.limit_page_cache(READER_CACHE_MIB).is_ok() => {
                    readers.push((reader, share));
                }
                _ => return here(),
            }
        }
        self.reports.summing_beside(summed);
        let summing = SummingBeside(&self.reports);
        let waits_for_here = gathered_here.is_some();
        let (from_here, gathered) = std::sync::mpsc::channel::<PendingSums>();
        let (result, counted) = thread::scope(|scope| {
            let beside: Vec<_> = readers
                .into_iter()
                .map(|(reader, share)| {
                    scope.spawn(move || {
                        let mut counted = Vec::new();
                        let mut pending = Vec::new();
                        for a in share {
                            reader.count_for_file(a, &mut counted, &mut pending);
                        }
                        (reader, counted, pending)
                    })
                })
                .collect();
            // The rounds' sums wait for every round's records, then read the digests once
            // for all of them, while `here` still counts.
            let summed = scope.spawn(move || {
                let mut readers = Vec::new();
                let mut counted = Vec::new();
                let mut pending = Vec::new();
                for (reader, c, p) in beside.into_iter().filter_map(|t| t.join().ok()) {
                    readers.push(reader);
                    counted.extend(c);
                    pending.extend(p);
                }
                // What `here`'s report gathered, given when it ends (or nothing, if it
                // gathered nothing or failed).
                if waits_for_here {
                    pending.extend(gathered.recv().ok());
                }
                // On a thread of its own, so that a fault there loses the sums alone and the
                // reports counted beside are still kept.
                let sums = thread::scope(|inner| {
                    inner
                        .spawn(|| sum_together(&mut readers, pending))
                        .join()
                        .unwrap_or_default()
                });
                counted.extend(sums);
                counted
            });
            let result = here();
            if let Some(waiting) = gathered_here {
                if let Some(sums) = self.gathered_by_here(waiting) {
                    let _ = from_here.send(sums);
                }
            }
            drop(from_here);
            let counted = summed.join().unwrap_or_default();
            (result, counted)
        });
        drop(summing);
        for c in counted {
            // Each keep is a write: the memo follows it from the stamp just before.
            let now = ContentStamp::of(&self.conn).ok().flatten();
            let at = c.at.clone();
            if self.keep_figure_bytes(c.kind, &c.key, &c.reads, c.at.clone(), now, &c.body) {
                self.reports.counted_beside();
            } else if at.is_some() && generations(&self.conn, &c.reads) == at {
                // Not written (another writer holds the lock, a full disk), but counted from
                // what the store holds now: this connection keeps it, not counting it again.
                self.adopt(c);
            }
        }
        result
    }

    /// The sums of `asked` as they wait for what the report in `here` gathers: the generations
    /// they read are read now, before it counts.
    /// `None` when they cannot wait (the window counts them when asked, where a fault is told).
    fn waiting_sums(&self, asked: &FiguresAsked<'_>) -> Option<WaitingSums> {
        let (targets, basis) = asked.sums?;
        let round = self.round(&asked.round_id).ok()?;
        let fingerprint = crate::digest::rules_fingerprint(&targets.rules).ok()?;
        let key = sums_key(&round.id, basis, &fingerprint);
        let reads = sums_reads(&round.id, basis);
        let (at, _) = self.kept_figure_bytes("sums", &key, &reads);
        Some(WaitingSums {
            round,
            basis,
            fingerprint,
            key,
            reads,
            at,
        })
    }

    /// The sums waiting for `here`, with what its report gathered for them, if it did.
    fn gathered_by_here(&self, waiting: WaitingSums) -> Option<PendingSums> {
        let stamp = ContentStamp::of(&self.conn).ok().flatten()?;
        let input = self
            .reports
            .take_sums_input(stamp, &waiting.round.id, waiting.basis)?;
        Some(PendingSums {
            round: waiting.round,
            fingerprint: waiting.fingerprint,
            key: waiting.key,
            reads: waiting.reads,
            at: waiting.at,
            input: input.sorted(),
        })
    }

    /// Whether the store's file is in WAL mode, where readers run beside this connection.
    fn in_wal_mode(&self) -> bool {
        self.conn
            .query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))
            .is_ok_and(|mode| mode.eq_ignore_ascii_case("wal"))
    }

    /// Keeps a figure counted beside in this connection's memo alone.
    fn adopt(&self, c: Counted) {
        let Ok(Some(stamp)) = ContentStamp::of(&self.conn) else {
            return;
        };
        match c.kind {
            "report" => {
                if let Ok(report) = serde_json::from_slice(&c.body) {
                    self.reports.adopt_report(stamp, c.key, c.reads, report);
                    self.reports.counted_beside();
                }
            }
            "sums" => {
                if let Ok(sums) = serde_json::from_slice(&c.body) {
                    self.reports.adopt_sums(stamp, c.key, c.reads, sums);
                    self.reports.counted_beside();
                }
            }
            _ => {}
        }
    }

    /// Whether this connection would give every figure of `asked` without counting.
    fn holds(&self, asked: &FiguresAsked<'_>) -> bool {
        let Ok(Some(stamp)) = ContentStamp::of(&self.conn) else {
            return false;
        };
        let held = |kind: &str, key: &str, reads: &Reads| {
            self.reports.holds(stamp, key) || self.figure_kept(kind, key, reads)
        };
        if let Some(request) = &asked.report {
            if !held("report", &report_key(request), &report_reads(request)) {
                return false;
            }
        }
        match asked.sums {
            None => true,
            Some((targets, basis)) => {
                match crate::digest::rules_fingerprint(&targets.rules) {
                    Ok(fingerprint) => held(
                        "sums",
                        &sums_key(&asked.round_id, basis, &fingerprint),
                        &sums_reads(&asked.round_id, basis),
                    ),
                    // Counted here, where the fault is told.
                    Err(_) => true,
                }
            }
        }
    }

    /// On a second connection: the figures of `asked` not in the file, counted, as the bytes
    /// the file keeps, and the records its sums read, for the digest pass the rounds share.
    /// What cannot be counted here is left out.
    fn count_for_file(
        &self,
        asked: &FiguresAsked<'_>,
        counted: &mut Vec<Counted>,
        pending: &mut Vec<PendingSums>,
    ) {
        // An error only ends what this connection gives: the first connection counts the rest.
        let _ = self.count_for_file_into(asked, counted, pending);
    }

    fn count_for_file_into(
        &self,
        asked: &FiguresAsked<'_>,
        counted: &mut Vec<Counted>,
        pending: &mut Vec<PendingSums>,
    ) -> Result<()> {
        let round: Round = self.round(&asked.round_id)?;
        let sums = match asked.sums {
            Some((targets, basis)) => {
                let fingerprint = crate::digest::rules_fingerprint(&targets.rules)?;
                let key = sums_key(&round.id, basis, &fingerprint);
                let reads = sums_reads(&round.id, basis);
                let (at, in_file) = self.kept_figure_bytes("sums", &key, &reads);
                in_file
                    .is_none()
                    .then_some((basis, fingerprint, key, reads, at))
            }
            None => None,
        };
        let mut input: Option<SumsInput> = None;
        if let Some(request) = asked.report.as_ref().filter(|r| r.round_id == round.id) {
            let key = report_key(request);
            let reads = report_reads(request);
            let (at, in_file) = self.kept_figure_bytes("report", &key, &reads);
            if in_file.is_none() {
                // The report's sweep gathers what the sums read when they are of its units.
                let gather = request.unit.is_none()
                    && request.basis != UnitBasis::Old
                    && sums.as_ref().is_some_and(|s| s.0 == request.basis);
                let (report, gathered) = self.count_round_report(request, gather)?;
                counted.push(Counted {
                    kind: "report",
                    key,
                    reads,
                    at,
                    body: serde_json::to_vec(&report)?,
                });
                input = gathered;
            }
        }
        if let Some((basis, fingerprint, key, reads, at)) = sums {
            let input = match input {
                Some(input) => input,
                None => self.round_sums_input(&round, basis)?,
            };
            pending.push(PendingSums {
                round,
                fingerprint,
                key,
                reads,
                at,
                input: input.sorted(),
            });
        }
        Ok(())
    }
}

/// A round's target sums waiting for what the report counted in `here` gathers.
struct WaitingSums {
    round: Round,
    basis: UnitBasis,
    fingerprint: String,
    key: String,
    reads: Reads,
    at: Option<String>,
}

/// A round's target sums whose records a second connection (or the report counted in `here`)
/// gathered, waiting for the digest pass the rounds share.
struct PendingSums {
    round: Round,
    fingerprint: String,
    key: String,
    reads: Reads,
    at: Option<String>,
    input: SortedSumsInput,
}

/// Where the digest pass is split between two connections: hashes are hex, so those below "8"
/// are about half.
const HASH_SPLIT: u8 = b'8';

/// The sums of the rounds `pending`, from one pass over the answers' digests for all of them
/// (per set of rules), split by hash between two of `readers` when there are two: each round
/// alone read the whole table, three times for a dashboard's trend. Sums whose answers lack a
/// digest (new since the last report, or new rules) need a write no second connection may
/// make: they are left to the first one.
fn sum_together(readers: &mut [Store], pending: Vec<PendingSums>) -> Vec<Counted> {
    let mut counted = Vec::new();
    let mut groups: Vec<(String, Vec<PendingSums>)> = Vec::new();
    for p in pending {
        match groups.iter_mut().find(|(f, _)| *f == p.fingerprint) {
            Some((_, group)) => group.push(p),
            None => groups.push((p.fingerprint.clone(), vec![p])),
        }
    }
    for (fingerprint, group) in groups {
        let inputs: Vec<_> = group.iter().map(|p| &p.input).collect();
        let Some(mut shares) = digest_pass(readers, &inputs, &fingerprint) else {
            continue;
        };
        let Some(reader) = readers.first() else {
            return counted;
        };
        for (i, p) in group.iter().enumerate() {
            let body = reader
                .sums_of_shares(&p.round, i, &mut shares)
                .ok()
                .flatten()
                .and_then(|sums| serde_json::to_vec(&sums).ok());
            if let Some(body) = body {
                counted.push(Counted {
                    kind: "sums",
                    key: p.key.clone(),
                    reads: p.reads.clone(),
                    at: p.at.clone(),
                    body,
                });
            }
        }
    }
    counted
}

/// The shares of one digest pass over `inputs`: two halves on two connections, or the whole
/// on one; `None` when a share fails.
fn digest_pass(
    readers: &mut [Store],
    inputs: &[&SortedSumsInput],
    fingerprint: &str,
) -> Option<Vec<DigestShare>> {
    match readers {
        [] => None,
        [one] => one
            .share_of_digest_pass(inputs, fingerprint, Hashes::All, true)
            .ok()
            .map(|share| vec![share]),
        [low, high, ..] => thread::scope(|scope| {
            let upper = scope.spawn(move || {
                high.share_of_digest_pass(inputs, fingerprint, Hashes::From(HASH_SPLIT), false)
            });
            let lower =
                low.share_of_digest_pass(inputs, fingerprint, Hashes::Below(HASH_SPLIT), true);
            let upper = upper.join().ok()?;
            Some(vec![lower.ok()?, upper.ok()?])
        }),
    }
}
