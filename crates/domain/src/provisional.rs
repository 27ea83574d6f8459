//! Whether a household's class is final or provisional ("tạm tính"), from its answers alone,
//! so the store can keep it beside the class and the lists and reports can tell the two apart.

use crate::model::Household;
use crate::validate::unanswered;

/// The answers not given yet that a household's class depends on, as household.v1 paths in
/// the form's order (the same list `classify` gives as `Classification::provisional`): while
/// any is open the class is provisional, never final.
pub fn open_for_class(h: &Household) -> Vec<String> {
    unanswered(h)
        .into_iter()
        .filter(|u| u.affects_class)
        .map(|u| u.path)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{classify, Method, Settings};
    use crate::standard::Standards;
    use crate::testkit::baseline;

    #[test]
    fn the_open_answers_are_the_ones_the_classification_calls_provisional() {
        let standards = Standards::national();
        let nd07 = standards.by_id("nd07-2021").expect("nd07");
        let mut h = baseline();
        h.electricity.kwh_per_month = None;
        h.members[0].birth = None;
        let open = open_for_class(&h);
        assert!(open.contains(&"members[0].birth".to_string()), "{open:?}");
        assert!(
            open.contains(&"electricity.kwh_per_month".to_string()),
            "{open:?}"
        );
        let c = classify(&h, nd07, Method::Score, &Settings::default()).expect("classifies");
        assert_eq!(open, c.provisional);
        assert!(c.is_provisional());
    }
}
