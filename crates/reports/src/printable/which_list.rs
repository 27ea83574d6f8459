//! Which of a round's lists the printed pages are of: the round's own, or a transition round's
//! opening list (the list of its status year under the new standard), with what each list's
//! pages say they are and which households reach the step a page needs.

use rasoat_domain::opening_review::OpeningState;
use rasoat_domain::workflow::ReviewState;
use rasoat_store::{PoorOrNearPoor, Store};

use super::{round_list, RoundList};
use crate::error::Result;

/// Which of a round's lists the pages print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintedList {
    /// The list the round's records keep (in a transition round, the one closing its year).
    Round,
    /// In a transition round, the list that opens its status year under the new standard,
    /// each household's class and steps the opening list's own
    /// (`Store::for_each_opening_poor_or_near_poor`).
    Opening,
}

/// What the pages of a list say it is and the year its certificates are for, the legal basis
/// they cite (the standard's decree; `None`: the round's own), and the prefix of its file names
/// (the opening list's pages stay apart from the round's own in the same folder).
pub(super) struct ListPages {
    pub(super) list: RoundList,
    pub(super) basis: Option<String>,
    pub(super) prefix: String,
}

pub(super) fn list_pages(
    store: &Store,
    round: &rasoat_store::Round,
    which: PrintedList,
) -> Result<ListPages> {
    use rasoat_domain::messages::{render, Lang};
    match which {
        PrintedList::Round => Ok(ListPages {
            list: round_list(round.year, &round.standard_id),
            basis: None,
            prefix: String::new(),
        }),
        PrintedList::Opening => {
            let (standard, for_year) = store.opening_list_standard(&round.id)?;
            let label = rasoat_domain::round::list_label(for_year, &standard, true);
            Ok(ListPages {
                list: RoundList {
                    text: format!(
                        "{} (kết quả rà soát năm {})",
                        render(Lang::Vi, &label),
                        round.year
                    ),
                    for_year,
                },
                basis: Some(standard.name_vi.clone()),
                prefix: format!("ds-{for_year}-"),
            })
        }
    }
}

/// The step of QĐ 24/2021 Art. 4 a page needs a household to have reached.
#[derive(Debug, Clone, Copy)]
pub(super) enum Step {
    /// Agreed by the village meeting (step 3), for the posting list (step 4).
    Posted,
    /// Recognised by the commune chairman (step 6), for the certificate.
    Certified,
}

/// Calls `each` with every poor or near-poor household of `which` list that reached `step`;
/// returns how many others were held back.
pub(super) fn for_each_printed(
    store: &Store,
    round_id: &str,
    commune: Option<&str>,
    (which, step): (PrintedList, Step),
    each: impl FnMut(PoorOrNearPoor) -> Result<()>,
) -> Result<u64> {
    Ok(match which {
        PrintedList::Round => {
            let allowed = match step {
                Step::Posted => ReviewState::may_be_posted,
                Step::Certified => ReviewState::may_be_certified,
            };
            store.for_each_poor_or_near_poor(round_id, commune, allowed, each)?
        }
        PrintedList::Opening => {
            let allowed = match step {
                Step::Posted => OpeningState::may_be_posted,
                Step::Certified => OpeningState::may_be_certified,
            };
            store.for_each_opening_poor_or_near_poor(round_id, commune, allowed, each)?
        }
    })
}

/// The round and its list's pages, once the list may be certified: its standard names an
/// official method (`workflow::check_recognisable`).
pub(super) fn certifiable(
    store: &Store,
    round_id: &str,
    which: PrintedList,
) -> Result<(rasoat_store::Round, ListPages)> {
    let round = store.round(round_id)?;
    match which {
        PrintedList::Round => round.check_recognisable(&store.standards()?)?,
        PrintedList::Opening => {
            let (standard, _) = store.opening_list_standard(round_id)?;
            rasoat_domain::workflow::check_recognisable(&standard)
                .map_err(rasoat_store::StoreError::from)?;
        }
    }
    let list = list_pages(store, &round, which)?;
    Ok((round, list))
}
