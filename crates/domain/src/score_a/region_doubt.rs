//! Why a household's score A region is "chưa rõ trong văn bản": each reason the placement
//! rests on a reading or on data no text settles, so the panel's caveat names the ones that
//! apply instead of listing every reason there could be.

use crate::messages::{Arg, Code, Message};

/// One reason a region is not settled by the texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RegionDoubt {
    /// Mẫu 3.3 gives only the region's count of provinces, not this province's name.
    NotNamed,
    /// The province after the 2025 merger is not yet checked against a text.
    MergerUnchecked,
    /// The round counts Huế among the centrally-run cities, which the 2021 text does not.
    HueCity,
    /// The round chose the former province of a commune formed from two provinces.
    FormerChosen,
    /// The commune's former province comes from the shipped, unofficial cross-reference.
    ShippedTable,
    /// A centrally-run city's rural household: the rural tables have no column for the cities.
    RuralCity,
    /// The round chose one region for every household.
    RoundRegion,
}

impl RegionDoubt {
    fn code(self) -> Code {
        match self {
            RegionDoubt::NotNamed => Code::RegionDoubtNotNamed,
            RegionDoubt::MergerUnchecked => Code::RegionDoubtMergerUnchecked,
            RegionDoubt::HueCity => Code::RegionDoubtHueCity,
            RegionDoubt::FormerChosen => Code::RegionDoubtFormerChosen,
            RegionDoubt::ShippedTable => Code::RegionDoubtShippedTable,
            RegionDoubt::RuralCity => Code::RegionDoubtRuralCity,
            RegionDoubt::RoundRegion => Code::RegionDoubtRoundRegion,
        }
    }
}

/// The caveat "Vùng này chưa rõ trong văn bản: …" naming `doubts`, each once; with none
/// known (a placement marked unclear for a reason not listed here), one plain sentence.
pub fn region_unclear(doubts: &[RegionDoubt]) -> Message {
    let mut doubts = doubts.to_vec();
    doubts.sort();
    doubts.dedup();
    let reasons: Vec<Arg> = if doubts.is_empty() {
        vec![Message::new(Code::RegionDoubtOther).into()]
    } else {
        doubts
            .into_iter()
            .map(|d| Message::new(d.code()).into())
            .collect()
    };
    Message::new(Code::CaveatRegionUnclear).with("reasons", Arg::List(reasons))
}
