//! Who may read and change which households: the one rule every receiver applies, whether an
//! entry arrives by file, through the sync server or relayed by another installation, and
//! what a server puts in a pull page. `docs/authorisation.md` is the same rule as a table.
//!
//! An installation acts as an *office* (enumerator, commune, district, province) for a set of
//! administrative units. A household belongs to the commune the receiver has on record for it,
//! never to the commune an incoming entry claims: a household moves only by an explicit
//! transfer, so an edit that names another commune than the one on record is refused.
//!
//! The units are passed in (`UnitTree`, built from the reference units and their successions),
//! so the rule stays a pure function: the same answer on a laptop, the server and in tests.

use std::collections::{BTreeMap, BTreeSet};

/// What an installation is to the review: the office it acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Office {
    /// *Điều tra viên*: surveys the households of the units it was assigned.
    Enumerator,
    /// *UBND xã*: reviews and approves its commune's households.
    Commune,
    /// *Huyện*: merged and reported the review of its communes until 30 June 2025.
    District,
    /// *Tỉnh*: reports for its communes since the district level ended on 1 July 2025.
    Province,
}

impl Office {
    pub fn as_str(self) -> &'static str {
        match self {
            Office::Enumerator => "enumerator",
            Office::Commune => "commune",
            Office::District => "district",
            Office::Province => "province",
        }
    }

    pub fn parse(word: &str) -> Option<Office> {
        [
            Office::Enumerator,
            Office::Commune,
            Office::District,
            Office::Province,
        ]
        .into_iter()
        .find(|office| office.as_str() == word)
    }

    /// The offices that report the periodic review upward and therefore open its rounds:
    /// the district, and the province for the communes that report to it since 07/2025.
    pub fn reports(self) -> bool {
        matches!(self, Office::District | Office::Province)
    }
}

/// An office and the units it acts for (commune codes for an enumerator or a commune, a
/// district or province code for those offices).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub office: Office,
    pub units: BTreeSet<String>,
}

impl Scope {
    pub fn new<S: Into<String>>(office: Office, units: impl IntoIterator<Item = S>) -> Scope {
        Scope {
            office,
            units: units.into_iter().map(Into::into).collect(),
        }
    }
}

/// The administrative units as the rule needs them: each code's parents (every version of the
/// code: Đồng Văn's communes kept their codes when they moved from the district to the province)
/// and the successions of the 2025 reorganisation, which keep a household's history readable
/// by the commune that absorbed its old one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitTree {
    parents: BTreeMap<String, BTreeSet<String>>,
    successors: BTreeMap<String, BTreeSet<String>>,
    predecessors: BTreeMap<String, BTreeSet<String>>,
}

impl UnitTree {
    /// `units`: (code, parent code) of every unit version; `successions`: (old code, new code).
    pub fn new(
        units: impl IntoIterator<Item = (String, Option<String>)>,
        successions: impl IntoIterator<Item = (String, String)>,
    ) -> UnitTree {
        let mut tree = UnitTree::default();
        for (code, parent) in units {
            let parents = tree.parents.entry(code).or_default();
            if let Some(parent) = parent {
                parents.insert(parent);
            }
        }
        for (old, new) in successions {
            if old == new {
                continue;
            }
            tree.successors
                .entry(old.clone())
                .or_default()
                .insert(new.clone());
            tree.predecessors.entry(new).or_default().insert(old);
        }
        tree
    }

    /// A commune code with everything it became and everything it came from.
    fn family(&self, code: &str) -> BTreeSet<String> {
        let mut family = BTreeSet::from([code.to_string()]);
        for links in [&self.successors, &self.predecessors] {
            let mut todo = vec![code.to_string()];
            while let Some(next) = todo.pop() {
                for linked in links.get(&next).into_iter().flatten() {
                    if family.insert(linked.clone()) {
                        todo.push(linked.clone());
                    }
                }
            }
        }
        family
    }

    /// The units that hold a commune: its family and every ancestor of them.
    fn enclosing(&self, code: &str) -> BTreeSet<String> {
        let mut out = self.family(code);
        let mut todo: Vec<String> = out.iter().cloned().collect();
        while let Some(next) = todo.pop() {
            for parent in self.parents.get(&next).into_iter().flatten() {
                if out.insert(parent.clone()) {
                    todo.push(parent.clone());
                }
            }
        }
        out
    }
}

/// Whether `scope` covers the households of commune `commune_code`: an enumerator or commune
/// its own communes (and what they became or came from), a district or province the communes
/// it holds.
pub fn covers(scope: &Scope, units: &UnitTree, commune_code: &str) -> bool {
    let around = match scope.office {
        Office::Enumerator | Office::Commune => units.family(commune_code),
        Office::District | Office::Province => units.enclosing(commune_code),
    };
    scope.units.iter().any(|unit| around.contains(unit))
}

/// Why the rule refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The household's commune is not one the installation acts for.
    OutsideScope { unit: String },
    /// The entry names another commune than the one on record: households move only by an
    /// explicit transfer.
    MovesHousehold { from: String, to: String },
    /// A periodic round opened by an office that does not report the review.
    PeriodicRoundNotReportingOffice,
    /// An enumerator opened a round; rounds come from the commune or above.
    RoundFromEnumerator,
    /// The entry says it was made later than the receiver's clock allows.
    RecordedInFuture,
    /// An installation revoked another it does not answer for.
    RevocationNotAllowed,
    /// A transfer made by an office that does not cover both communes, or not by a district
    /// or province at all.
    TransferNotAllowed { from: String, to: String },
    /// A transfer between a commune and itself, or a commune it became or came from: the
    /// succession already keeps the household there, nothing moves.
    TransferWithinUnit { from: String, to: String },
}

/// Whether `scope` may read the households of `commune_code` (what a pull page carries).
pub fn may_read(scope: &Scope, units: &UnitTree, commune_code: &str) -> bool {
    covers(scope, units, commune_code)
}

/// Whether `scope` may write an entry about a household the receiver has on record in
/// `recorded` (none for a household new to the receiver) that names `claimed` as its commune.
pub fn may_write(
    scope: &Scope,
    units: &UnitTree,
    recorded: Option<&str>,
    claimed: &str,
) -> Result<(), Refusal> {
    if let Some(recorded) = recorded {
        if recorded != claimed && !units.family(recorded).contains(claimed) {
            return Err(Refusal::MovesHousehold {
                from: recorded.to_string(),
                to: claimed.to_string(),
            });
        }
    }
    for unit in recorded.into_iter().chain([claimed]) {
        if !covers(scope, units, unit) {
            return Err(Refusal::OutsideScope {
                unit: unit.to_string(),
            });
        }
    }
    Ok(())
}

/// Whether `scope` may transfer a household from commune `from` to commune `to`: only the
/// reporting office (a district or province) whose units hold both communes. A commune never
/// transfers, not even one that absorbed another in 2025: the households of the commune it
/// absorbed are already its own (an edit naming the successor is accepted, `may_write`), and a
/// move to any other commune is a decision for the office above both. An enumerator never does.
pub fn may_transfer(scope: &Scope, units: &UnitTree, from: &str, to: &str) -> Result<(), Refusal> {
    if from == to || units.family(from).contains(to) {
        return Err(Refusal::TransferWithinUnit {
            from: from.to_string(),
            to: to.to_string(),
        });
    }
    if scope.office.reports() && covers(scope, units, from) && covers(scope, units, to) {
        Ok(())
    } else {
        Err(Refusal::TransferNotAllowed {
            from: from.to_string(),
            to: to.to_string(),
        })
    }
}

/// How often a round is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    /// *Rà soát định kỳ*, the yearly review reported upward.
    Periodic,
    /// *Rà soát thường xuyên*, a commune's review of households that asked between two
    /// periodic ones.
    Regular,
}

/// Whether an installation of office `origin` may open a round of `cadence` at a receiver of
/// office `receiver`. `already_held` is true when the receiver already has a round of the same
/// year, cadence and month: the entry then only joins it (every installation opens its own
/// copy of the office's round) and opens nothing. Rounds flow down: a periodic round comes from
/// the reporting office, or from an office above the receiver handing down its copy (a commune
/// to its enumerators); a regular round from a commune or above.
pub fn may_open_round(
    origin: Office,
    receiver: Office,
    cadence: Cadence,
    already_held: bool,
) -> Result<(), Refusal> {
    if already_held {
        return Ok(());
    }
    match (cadence, origin) {
        (_, Office::Enumerator) => Err(Refusal::RoundFromEnumerator),
        (Cadence::Periodic, origin) if !origin.reports() && origin <= receiver => {
            Err(Refusal::PeriodicRoundNotReportingOffice)
        }
        _ => Ok(()),
    }
}

/// Whether `revoker` may revoke an installation acting as `revoked` (unknown to the receiver
/// when `None`): the reporting office any installation of its units, a commune the
/// enumerators of its commune; nobody itself or an office above it.
pub fn may_revoke(
    revoker: &Scope,
    units: &UnitTree,
    revoked: Option<&Scope>,
) -> Result<(), Refusal> {
    let allowed = match revoked {
        None => revoker.office.reports(),
        Some(revoked) => {
            revoked.office < revoker.office
                && revoked
                    .units
                    .iter()
                    .all(|unit| covers(revoker, units, unit))
                && (revoker.office.reports() || revoker.office == Office::Commune)
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(Refusal::RevocationNotAllowed)
    }
}

/// Whether an installation acting for `enroller` may enrol a card asking to act for `card`:
/// an office of its rank or below only within its own units (a district its communes and its
/// own server, a commune its enumerators), an office above it only one that holds it (a
/// commune its own district or province). The card only asks; what an office grants is what
/// it vouches for to everyone it relays to, so it never grants beyond its own units.
pub fn may_enrol(enroller: &Scope, units: &UnitTree, card: &Scope) -> bool {
    if card.office > enroller.office {
        enroller.units.iter().all(|unit| covers(card, units, unit))
    } else {
        card.units.iter().all(|unit| covers(enroller, units, unit))
    }
}

/// Whether an office acting for `receiver` receives the action log of an installation acting
/// for `origin` (who signed in there, what was exported with names, which review decisions were
/// made): only an office above the origin that covers every unit of it, the office the origin
/// answers to. Logs travel up, never down or sideways.
pub fn may_receive_actions(receiver: &Scope, units: &UnitTree, origin: &Scope) -> bool {
    origin.office < receiver.office
        && origin
            .units
            .iter()
            .all(|unit| covers(receiver, units, unit))
}

/// How far ahead of the receiver's clock an entry's time may be: laptops in the field keep
/// their clocks by hand, but a day ahead is a wrong or a chosen clock.
pub const MAX_CLOCK_AHEAD_MS: i64 = 24 * 60 * 60 * 1000;

/// Whether an entry recorded at `recorded_at` may be accepted by a receiver whose clock says
/// `now` (both Unix milliseconds): a time chosen far ahead would make the entry look newest.
pub fn may_be_recorded_at(recorded_at: i64, now: i64) -> Result<(), Refusal> {
    if recorded_at > now.saturating_add(MAX_CLOCK_AHEAD_MS) {
        return Err(Refusal::RecordedInFuture);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Đồng Văn's shape: communes under district 026 under province 02 until 07/2025, then
    /// under province 08; 00712 merged into 00745.
    fn units() -> UnitTree {
        let owned = |s: &str| s.to_string();
        UnitTree::new(
            [
                (owned("02"), None),
                (owned("08"), None),
                (owned("026"), Some(owned("02"))),
                (owned("00712"), Some(owned("026"))),
                (owned("00715"), Some(owned("026"))),
                (owned("00721"), Some(owned("026"))),
                (owned("00715"), Some(owned("08"))),
                (owned("00745"), Some(owned("026"))),
                (owned("00745"), Some(owned("08"))),
                (owned("00820"), Some(owned("08"))),
            ],
            [
                (owned("00712"), owned("00745")),
                (owned("00745"), owned("00745")),
            ],
        )
    }

    #[test]
    fn a_commune_covers_its_own_commune_and_its_history_only() {
        let scope = Scope::new(Office::Commune, ["00745"]);
        assert!(covers(&scope, &units(), "00745"));
        assert!(covers(&scope, &units(), "00712"), "the commune it absorbed");
        assert!(!covers(&scope, &units(), "00715"));
        assert!(!covers(&scope, &units(), "026"));
    }

    #[test]
    fn an_enumerator_covers_the_communes_it_was_assigned() {
        let scope = Scope::new(Office::Enumerator, ["00715", "00721"]);
        assert!(covers(&scope, &units(), "00715"));
        assert!(covers(&scope, &units(), "00721"));
        assert!(!covers(&scope, &units(), "00745"));
    }

    #[test]
    fn a_district_and_a_province_cover_the_communes_they_hold() {
        let district = Scope::new(Office::District, ["026"]);
        assert!(covers(&district, &units(), "00715"));
        assert!(covers(&district, &units(), "00712"));
        assert!(
            !covers(&district, &units(), "00820"),
            "a commune of another district"
        );
        let province = Scope::new(Office::Province, ["08"]);
        assert!(covers(&province, &units(), "00715"));
        assert!(covers(&province, &units(), "00820"));
        assert!(
            covers(&province, &units(), "00712"),
            "an old commune through the one that absorbed it"
        );
        assert!(!covers(
            &Scope::new(Office::Province, ["01"]),
            &units(),
            "00715"
        ));
    }

    #[test]
    fn writes_are_judged_by_the_unit_on_record_not_the_one_claimed() {
        let a = Scope::new(Office::Commune, ["00715"]);
        assert_eq!(may_write(&a, &units(), None, "00715"), Ok(()));
        assert_eq!(may_write(&a, &units(), Some("00715"), "00715"), Ok(()));
        assert_eq!(
            may_write(&a, &units(), Some("00721"), "00715"),
            Err(Refusal::MovesHousehold {
                from: "00721".into(),
                to: "00715".into()
            }),
            "a household of 00721 rewritten as 00715's"
        );
        assert_eq!(
            may_write(&a, &units(), None, "00721"),
            Err(Refusal::OutsideScope {
                unit: "00721".into()
            })
        );
        let district = Scope::new(Office::District, ["026"]);
        assert_eq!(
            may_write(&district, &units(), Some("00721"), "00715"),
            Err(Refusal::MovesHousehold {
                from: "00721".into(),
                to: "00715".into()
            }),
            "even an office covering both moves a household only by a transfer"
        );
        let merged = Scope::new(Office::Commune, ["00745"]);
        assert_eq!(
            may_write(&merged, &units(), Some("00712"), "00745"),
            Ok(()),
            "a household of a merged commune surveyed under its successor"
        );
    }

    #[test]
    fn only_an_office_covering_both_communes_transfers_a_household() {
        let units = units();
        let allowed = |scope: &Scope, from: &str, to: &str| -> Result<(), Refusal> {
            may_transfer(scope, &units, from, to)
        };
        let refused = |from: &str, to: &str| Refusal::TransferNotAllowed {
            from: from.into(),
            to: to.into(),
        };
        let district = Scope::new(Office::District, ["026"]);
        let province = Scope::new(Office::Province, ["08"]);
        let cases: Vec<(&Scope, &str, &str, Result<(), Refusal>)> = vec![
            (&district, "00715", "00721", Ok(())),
            (&district, "00721", "00715", Ok(())),
            (&province, "00715", "00820", Ok(())),
            (&province, "00745", "00820", Ok(())),
            (&district, "00715", "00820", Err(refused("00715", "00820"))),
            (&province, "00721", "00820", Err(refused("00721", "00820"))),
        ];
        for (scope, from, to, expected) in cases {
            assert_eq!(allowed(scope, from, to), expected, "{scope:?} {from}→{to}");
        }
        for scope in [
            Scope::new(Office::Commune, ["00715"]),
            Scope::new(Office::Commune, ["00721"]),
            Scope::new(Office::Enumerator, ["00715", "00721"]),
        ] {
            assert_eq!(
                allowed(&scope, "00715", "00721"),
                Err(refused("00715", "00721")),
                "{scope:?} moves no household, not even between its own units"
            );
        }
        let merged = Scope::new(Office::Commune, ["00745"]);
        assert_eq!(
            allowed(&merged, "00745", "00715"),
            Err(refused("00745", "00715")),
            "a merged commune gives no household away"
        );
        for (from, to) in [("00712", "00745"), ("00715", "00715")] {
            assert_eq!(
                allowed(&district, from, to),
                Err(Refusal::TransferWithinUnit {
                    from: from.into(),
                    to: to.into()
                }),
                "a succession is no transfer"
            );
        }
    }

    #[test]
    fn periodic_rounds_come_from_the_reporting_office_only() {
        use Cadence::*;
        use Office::*;
        assert_eq!(may_open_round(District, District, Periodic, false), Ok(()));
        assert_eq!(may_open_round(Province, District, Periodic, false), Ok(()));
        assert_eq!(may_open_round(District, Commune, Periodic, false), Ok(()));
        assert_eq!(
            may_open_round(Commune, District, Periodic, false),
            Err(Refusal::PeriodicRoundNotReportingOffice),
            "a commune cannot make the district's periodic round"
        );
        assert_eq!(
            may_open_round(Commune, Commune, Periodic, false),
            Err(Refusal::PeriodicRoundNotReportingOffice)
        );
        assert_eq!(
            may_open_round(Commune, Enumerator, Periodic, false),
            Ok(()),
            "a commune hands its copy down to its enumerators"
        );
        assert_eq!(may_open_round(Commune, District, Regular, false), Ok(()));
        assert_eq!(
            may_open_round(Enumerator, Commune, Regular, false),
            Err(Refusal::RoundFromEnumerator)
        );
        assert_eq!(
            may_open_round(Commune, District, Periodic, true),
            Ok(()),
            "joining the round the receiver already has opens nothing"
        );
    }

    #[test]
    fn a_time_far_ahead_of_the_receivers_clock_is_refused() {
        let now = 1_759_305_600_000;
        assert_eq!(may_be_recorded_at(now, now), Ok(()));
        assert_eq!(may_be_recorded_at(now + 60_000, now), Ok(()));
        assert_eq!(
            may_be_recorded_at(now + 400 * MAX_CLOCK_AHEAD_MS, now),
            Err(Refusal::RecordedInFuture)
        );
        assert_eq!(may_be_recorded_at(i64::MAX, i64::MAX), Ok(()));
    }

    #[test]
    fn offices_revoke_only_below_them_in_their_units() {
        let district = Scope::new(Office::District, ["026"]);
        let commune = Scope::new(Office::Commune, ["00721"]);
        let enumerator = Scope::new(Office::Enumerator, ["00721"]);
        let elsewhere = Scope::new(Office::Enumerator, ["00715"]);
        assert_eq!(may_revoke(&district, &units(), Some(&commune)), Ok(()));
        assert_eq!(may_revoke(&district, &units(), None), Ok(()));
        assert_eq!(may_revoke(&commune, &units(), Some(&enumerator)), Ok(()));
        for (revoker, revoked) in [
            (&commune, Some(&elsewhere)),
            (&commune, Some(&district)),
            (&commune, None),
            (&enumerator, Some(&elsewhere)),
            (&commune, Some(&commune)),
        ] {
            assert_eq!(
                may_revoke(revoker, &units(), revoked),
                Err(Refusal::RevocationNotAllowed),
                "{revoker:?} revoking {revoked:?}"
            );
        }
    }

    #[test]
    fn action_logs_go_up_to_the_office_answering_for_the_origin_only() {
        let units = units();
        let enumerator = Scope::new(Office::Enumerator, ["00721"]);
        let commune = Scope::new(Office::Commune, ["00721"]);
        let other_commune = Scope::new(Office::Commune, ["00715"]);
        let district = Scope::new(Office::District, ["026"]);
        let other_province = Scope::new(Office::Province, ["08"]);
        assert!(may_receive_actions(&commune, &units, &enumerator));
        assert!(may_receive_actions(&district, &units, &enumerator));
        assert!(may_receive_actions(&district, &units, &commune));
        assert!(!may_receive_actions(&other_commune, &units, &enumerator));
        assert!(!may_receive_actions(&other_province, &units, &commune));
        // Never down nor sideways, not even to an office of the same units.
        assert!(!may_receive_actions(&enumerator, &units, &commune));
        assert!(!may_receive_actions(&commune, &units, &district));
        assert!(!may_receive_actions(&commune, &units, &commune));
    }

    #[test]
    fn offices_read_back_from_their_words() {
        for office in [
            Office::Enumerator,
            Office::Commune,
            Office::District,
            Office::Province,
        ] {
            assert_eq!(Office::parse(office.as_str()), Some(office));
        }
        assert_eq!(Office::parse("admin"), None);
    }
}
