//! The questions a form still leaves open, in words (Phiếu B1's numbering), for the refusals
//! and warnings said outside the window, where the UI's own wording is not at hand: the CLI's
//! "cannot complete" and the store's.

use crate::messages::Words;
use crate::validate::{unanswered, validate, Finding, Severity};
use crate::Household;

/// A question by its household.v1 path (`members[2].employment`), in Vietnamese and English:
/// the member's number first for a member's question; the path itself for one not listed.
pub fn question_words(path: &str) -> Words {
    let (member, field) = match path
        .strip_prefix("members[")
        .and_then(|rest| rest.split_once("]."))
    {
        Some((i, field)) => (i.parse::<usize>().ok().map(|i| i + 1), field),
        None => (None, path),
    };
    let (vi, en) = match field {
        "code" => ("mã hộ", "household code"),
        "location.village" => ("thôn, bản", "village"),
        "area" => ("khu vực", "area"),
        "name" => ("họ và tên", "name"),
        "housing.column" => ("cột nhà", "house columns"),
        "housing.roof" => ("mái nhà", "roof"),
        "housing.wall" => ("tường nhà", "walls"),
        "housing.floor_area_m2" => ("diện tích nhà ở", "floor area"),
        "latrine" => ("nhà tiêu", "latrine"),
        "electricity.source" => ("nguồn điện", "power source"),
        "electricity.kwh_per_month" => ("số điện tiêu thụ (kWh)", "electricity use (kWh)"),
        "water" => ("nguồn nước", "water source"),
        "relation" => ("quan hệ với chủ hộ", "relation to the head"),
        "birth" => ("ngày sinh", "birth date"),
        "ethnicity" => ("dân tộc", "ethnicity"),
        "sex" => ("giới tính", "sex"),
        "height_cm" => ("chiều cao", "height"),
        "weight_kg" => ("cân nặng", "weight"),
        "school_level" => ("cấp học đang học", "school level attended"),
        "education" => ("trình độ học vấn", "education"),
        "training" => ("trình độ đào tạo", "training"),
        "health_insurance" => ("bảo hiểm y tế", "health insurance"),
        "employment" => ("việc làm", "employment"),
        "in_school" => ("hiện đang đi học", "attending school"),
        "social_allowance" => ("trợ cấp xã hội hằng tháng", "monthly social allowance"),
        "disabled" => ("khuyết tật", "disability"),
        "serious_illness" => ("bệnh hiểm nghèo", "serious illness"),
        "sick_without_care" => (
            "ốm đau không đi khám chữa bệnh",
            "sick without seeking care",
        ),
        "job_kind" => ("loại công việc", "kind of job"),
        "wage_job" => ("làm công ăn lương", "wage job"),
        "non_farm_work" => ("làm việc phi nông nghiệp", "non-farm work"),
        "pension" => (
            "lương hưu, trợ cấp hằng tháng",
            "pension or monthly allowance",
        ),
        "land.garden_pond" => ("đất ao, vườn liền kề", "pond and garden land"),
        "land.annual_crops" => ("đất trồng cây hằng năm", "annual crop land"),
        "land.perennial_crops" => ("đất trồng cây lâu năm", "perennial crop land"),
        "land.water_surface" => ("diện tích mặt nước", "water surface"),
        "land.forest" => ("đất rừng", "forest land"),
        "livestock.buffalo_cattle_horse" => ("số trâu, bò, ngựa", "buffalo, cattle, horses"),
        "livestock.pig_goat_sheep" => ("số lợn, dê, cừu", "pigs, goats, sheep"),
        "livestock.poultry" => ("số gia cầm", "poultry"),
        "livestock.other" => ("vật nuôi khác", "other livestock"),
        "aquaculture" => ("nuôi trồng thủy sản", "aquaculture"),
        _ => (field, field),
    };
    match member {
        Some(n) => Words {
            vi: format!("thành viên {n}: {vi}"),
            en: format!("member {n}: {en}"),
        },
        None => Words {
            vi: vi.to_string(),
            en: en.to_string(),
        },
    }
}

/// Several questions, joined in each language ("cột nhà; thành viên 2: việc làm").
pub fn list_words(paths: &[String]) -> Words {
    let words: Vec<Words> = paths.iter().map(|p| question_words(p)).collect();
    Words {
        vi: words
            .iter()
            .map(|w| w.vi.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        en: words
            .iter()
            .map(|w| w.en.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// What stops a form from being completed, by the same check the window makes before it asks
/// (`validate` and `can_complete`): the required answers still open, in the form's order, and
/// the other errors found. Both empty when the form can be completed.
pub fn completion_blockers(h: &Household) -> (Vec<String>, Vec<Finding>) {
    let open: Vec<String> = unanswered(h)
        .into_iter()
        .filter(|u| u.required)
        .map(|u| u.path)
        .collect();
    let errors = validate(h)
        .into_iter()
        .filter(|f| f.severity == Severity::Error && f.code != "unanswered")
        .collect();
    (open, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::baseline;

    #[test]
    fn a_members_question_is_named_with_the_members_number() {
        let w = question_words("members[1].school_level");
        assert_eq!(w.vi, "thành viên 2: cấp học đang học");
        assert_eq!(w.en, "member 2: school level attended");
        assert_eq!(question_words("latrine").vi, "nhà tiêu");
    }

    #[test]
    fn an_in_school_child_without_a_level_cannot_be_completed() {
        let mut h = baseline();
        let (open, errors) = completion_blockers(&h);
        assert!(open.is_empty() && errors.is_empty(), "{open:?} {errors:?}");
        h.members[0].in_school = Some(true);
        h.members[0].school_level = None;
        let (open, _) = completion_blockers(&h);
        assert_eq!(open, vec!["members[0].school_level".to_string()]);
        assert!(!crate::validate::can_complete(&validate(&h)));
    }
}
