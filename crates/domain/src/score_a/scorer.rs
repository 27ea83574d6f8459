//! How a rule becomes an explained item of score A (the points of the household's column, a
//! misprint noted, several rows of one section added up or not), and the rules that are
//! genuinely different from the plain ones in `rules.rs`: household size, working age,
//! diploma, non-farm work, walls and columns, the area of a household without members, and
//! item 15 "Vùng".

use crate::model::{
    ColumnMaterial, Employment, Household, JobKind, Member, Sex, SocialAllowance, Training,
    WageJob, WallMaterial,
};

use super::rules::{self, Combine, Group};
use super::{
    retirement_age_months, CentralHighlandsMotorbikes, Column, LargeHousehold, Region, ScoreItem,
    ScoreSettings, ScoreTable, SeveralRows, WorkingAge, CENTRAL_CITY_ROW,
};

/// An age in months as the explanation says it: "61 tuổi", "56 tuổi 4 tháng".
fn years_months_vi(months: i32) -> String {
    match months.rem_euclid(12) {
        0 => format!("{} tuổi", months.div_euclid(12)),
        m => format!("{} tuổi {m} tháng", months.div_euclid(12)),
    }
}

fn years_months_en(months: i32) -> String {
    match months.rem_euclid(12) {
        0 => format!("{} years", months.div_euclid(12)),
        m => format!("{} years {m} months", months.div_euclid(12)),
    }
}

/// A row that applies, before its points are looked up.
struct Hit {
    key: &'static str,
    vi: String,
    en: String,
}

fn hit(key: &'static str, vi: String, en: String) -> Hit {
    Hit { key, vi, en }
}

/// Builds the items of score A in table order.
pub(super) struct Scorer<'a> {
    table: &'a ScoreTable,
    column: Column,
    settings: &'a ScoreSettings,
    items: Vec<ScoreItem>,
}

impl<'a> Scorer<'a> {
    pub(super) fn new(
        table: &'a ScoreTable,
        column: Column,
        settings: &'a ScoreSettings,
    ) -> Scorer<'a> {
        Scorer {
            table,
            column,
            settings,
            items: Vec::new(),
        }
    }

    pub(super) fn into_items(self) -> Vec<ScoreItem> {
        self.items
    }
}

impl Scorer<'_> {
    fn points_of(&self, key: &str) -> (String, i32, bool) {
        let Some(row) = self.table.row(key) else {
            // `from_json` guarantees every engine key; this keeps a hand-built table harmless.
            return (key.to_string(), 0, true);
        };
        let mut points = row.points.get(self.column);
        let mut misprinted = false;
        for m in self
            .table
            .misprints()
            .iter()
            .filter(|m| m.row == key && m.column == self.column)
        {
            misprinted = true;
            // Only the Tây Nguyên motorbike cell is known to be misprinted; the setting picks
            // which printing counts.
            if self.column == Column::Tn
                && self.settings.central_highlands_motorbikes == CentralHighlandsMotorbikes::Mau38
            {
                points = m.printed;
            }
        }
        (row.label_vi.clone(), points, misprinted)
    }

    fn push(&mut self, section: u8, h: Hit, unclear: bool) {
        let (label_vi, points, misprinted) = self.points_of(h.key);
        let mut because_vi = format!("{}: {points} điểm", h.vi);
        let mut because_en = format!("{}: {points} points", h.en);
        if misprinted {
            because_vi.push_str(&format!(
                " (Mẫu số 3.3 in {}, Mẫu số 3.8 in {}; đang dùng {})",
                self.table
                    .row(h.key)
                    .map_or(0, |r| r.points.get(self.column)),
                self.table
                    .misprints()
                    .iter()
                    .find(|m| m.row == h.key)
                    .map_or(0, |m| m.printed),
                match self.settings.central_highlands_motorbikes {
                    CentralHighlandsMotorbikes::Mau33 => "Mẫu số 3.3",
                    CentralHighlandsMotorbikes::Mau38 => "Mẫu số 3.8",
                }
            ));
            because_en
                .push_str(" (the summary table Mẫu 3.3 and the regional sheet Mẫu 3.8 disagree)");
        }
        self.items.push(ScoreItem {
            section,
            key: h.key.to_string(),
            label_vi,
            points,
            because_vi,
            because_en,
            unclear_in_text: unclear || misprinted,
        });
    }

    fn push_none(&mut self, section: u8, vi: String, en: String, unclear: bool) {
        let label_vi = self
            .table
            .section(section)
            .map_or_else(String::new, |s| s.label_vi.clone());
        self.items.push(ScoreItem {
            section,
            key: format!("s{section}.none"),
            label_vi,
            points: 0,
            because_vi: format!("{vi}: 0 điểm"),
            because_en: format!("{en}: 0 points"),
            unclear_in_text: unclear,
        });
    }

    /// Pushes the rows of a section where several may apply, by the given rule.
    fn push_several(
        &mut self,
        section: u8,
        hits: Vec<Hit>,
        rule: SeveralRows,
        none: (String, String),
    ) {
        if hits.is_empty() {
            self.push_none(section, none.0, none.1, false);
            return;
        }
        let unclear = hits.len() > 1;
        match rule {
            SeveralRows::AddUp => {
                for h in hits {
                    let h = if unclear {
                        Hit {
                            key: h.key,
                            vi: format!("{} (nhiều dòng cùng mục: cộng dồn)", h.vi),
                            en: format!("{} (several rows of the section: added up)", h.en),
                        }
                    } else {
                        h
                    };
                    self.push(section, h, unclear);
                }
            }
            SeveralRows::HighestRow => {
                let best = hits
                    .iter()
                    .enumerate()
                    .fold((0usize, i32::MIN), |(bi, bp), (i, h)| {
                        let p = self.points_of(h.key).1;
                        if p > bp {
                            (i, p)
                        } else {
                            (bi, bp)
                        }
                    })
                    .0;
                for (i, h) in hits.into_iter().enumerate() {
                    if i == best {
                        let h = if unclear {
                            Hit {
                                key: h.key,
                                vi: format!("{} (nhiều dòng cùng mục: lấy dòng cao nhất)", h.vi),
                                en: format!(
                                    "{} (several rows of the section: highest counted)",
                                    h.en
                                ),
                            }
                        } else {
                            h
                        };
                        self.push(section, h, unclear);
                    } else {
                        let (label_vi, points, _) = self.points_of(h.key);
                        self.items.push(ScoreItem {
                            section,
                            key: h.key.to_string(),
                            label_vi,
                            points: 0,
                            because_vi: format!(
                                "{}: dòng này ({points} điểm) không cộng vì chỉ lấy dòng cao nhất của mục: 0 điểm",
                                h.vi
                            ),
                            because_en: format!(
                                "{}: this row ({points} points) not added, only the highest row counts: 0 points",
                                h.en
                            ),
                            unclear_in_text: true,
                        });
                    }
                }
            }
        }
    }

    /// The plain rules of one section (`rules.rs`): each read on the household, the rows
    /// that apply counted as the section says.
    pub(super) fn group(&mut self, g: &Group, h: &Household) {
        let reads: Vec<rules::Read> = g.rules.iter().map(|r| r.read(h)).collect();
        let open = reads.iter().any(|r| r.open);
        let (none_vi, none_en) = match (g.none, reads.first()) {
            // Nothing selected while some of the section is not answered yet: not "none of
            // them", which would read as answered.
            (Some(_), _) if open => (
                rules::NOT_ANSWERED.0.to_string(),
                rules::NOT_ANSWERED.1.to_string(),
            ),
            (Some((vi, en)), _) => (vi.to_string(), en.to_string()),
            (None, Some(only)) => (only.vi.clone(), only.en.clone()),
            (None, None) => (String::new(), String::new()),
        };
        let hits: Vec<Hit> = reads
            .into_iter()
            .filter_map(|r| r.key.map(|key| hit(key, r.vi, r.en)))
            .collect();
        match g.combine {
            Combine::BySetting(setting) => {
                let rule = setting(self.settings);
                self.push_several(g.section, hits, rule, (none_vi, none_en));
            }
            Combine::Each if hits.is_empty() => {
                self.push_none(g.section, none_vi, none_en, false);
            }
            Combine::Each => {
                for h in hits {
                    self.push(g.section, h, false);
                }
            }
        }
    }

    /// Section 1: household size.
    pub(super) fn people(&mut self, h: &Household) {
        const KEYS: [&str; 7] = [
            "s1.people_1",
            "s1.people_2",
            "s1.people_3",
            "s1.people_4",
            "s1.people_5",
            "s1.people_6",
            "s1.people_7",
        ];
        let n = h.members.len();
        let vi = format!("Hộ có {n} người");
        let en = format!("Household of {n}");
        match n {
            0 => self.push_none(1, vi, en, false),
            1..=7 => {
                self.push(1, hit(KEYS[n - 1], vi, en), false);
            }
            _ => match self.settings.large_household {
                LargeHousehold::SevenPersonRow => {
                    self.push(
                        1,
                        hit(
                            "s1.people_7",
                            format!("{vi}; bảng chỉ có đến «Hộ có 7 người», dùng dòng 7 người"),
                            format!("{en}; the table stops at 7 people, the 7-person row is used"),
                        ),
                        true,
                    );
                }
                LargeHousehold::NoRow => self.push_none(
                    1,
                    format!("{vi}; bảng chỉ có đến «Hộ có 7 người», không dòng nào áp dụng"),
                    format!("{en}; the table stops at 7 people, no row applies"),
                    true,
                ),
            },
        }
    }

    /// Section 2: members of working age, less those the heading excludes.
    pub(super) fn working_age(&mut self, h: &Household) {
        let st = self.settings;
        let from_months = st.working_age_from_years.saturating_mul(12);
        let year = h.surveyed_on.year();
        // The first month no longer of working age, by sex.
        let until = |sex: Sex| match (st.working_age, sex) {
            (WorkingAge::FixedBands, Sex::Male) => {
                st.working_age_men_under_years.saturating_mul(12)
            }
            (WorkingAge::FixedBands, Sex::Female) => {
                st.working_age_women_under_years.saturating_mul(12)
            }
            (WorkingAge::LabourCode2019, sex) => retirement_age_months(sex, year),
        };
        let in_age = |m: &Member| {
            let (Some(months), Some(sex)) = (m.age_months_on(h.surveyed_on), m.sex) else {
                return false;
            };
            months >= from_months && months < until(sex)
        };
        let excluded = |m: &Member| {
            m.employment == Some(Employment::UnableToWork)
                || m.social_allowance == Some(SocialAllowance::Disabled)
                || m.serious_illness == Some(true)
        };
        // Whether a member of working age is left out rests on columns 14 and 19 (and 15,
        // whose open answer is counted as before, the class provisional by it): while 14 or
        // 19 is open the count is not known, and no row is taken from it.
        let open: Vec<String> = h
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                in_age(m) && (m.social_allowance.is_none() || m.serious_illness.is_none())
            })
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        if !open.is_empty() {
            self.push_none(
                2,
                format!(
                    "{} (trợ cấp hoặc bệnh hiểm nghèo của thành viên số {})",
                    rules::NOT_ANSWERED.0,
                    open.join(", ")
                ),
                format!(
                    "{} (the allowance or serious illness of member no. {})",
                    rules::NOT_ANSWERED.1,
                    open.join(", ")
                ),
                true,
            );
            return;
        }
        let in_age_count = h.members.iter().filter(|m| in_age(m)).count();
        let n = h
            .members
            .iter()
            .filter(|m| in_age(m) && !excluded(m))
            .count();
        let left_out = in_age_count - n;
        let (age_vi, age_en) = match st.working_age {
            WorkingAge::FixedBands => (
                format!(
                    "tuổi lao động theo mặc định chưa xác nhận: nam từ {} đến dưới {}, nữ từ {} đến dưới {} tuổi",
                    st.working_age_from_years,
                    st.working_age_men_under_years,
                    st.working_age_from_years,
                    st.working_age_women_under_years
                ),
                format!(
                    "working age is an unconfirmed default: men {}–{}, women {}–{} (exclusive)",
                    st.working_age_from_years,
                    st.working_age_men_under_years,
                    st.working_age_from_years,
                    st.working_age_women_under_years
                ),
            ),
            WorkingAge::LabourCode2019 => {
                let (men, women) = (until(Sex::Male), until(Sex::Female));
                (
                format!(
                    "tuổi lao động theo Bộ luật Lao động 2019 (cách đọc của kỳ rà soát, chưa rõ trong văn bản): từ {} tuổi đến dưới tuổi nghỉ hưu năm {year}, nam {}, nữ {}",
                    st.working_age_from_years,
                    years_months_vi(men),
                    years_months_vi(women)
                ),
                format!(
                    "working age by the Labour Code 2019 (the round's reading, not settled by the text): from {} to under the retirement age of {year}, men {}, women {}",
                    st.working_age_from_years,
                    years_months_en(men),
                    years_months_en(women)
                ),
                )
            }
        };
        let vi = if left_out > 0 {
            format!(
                "Hộ có {n} người trong độ tuổi lao động được tính (không tính {left_out} người không có khả năng lao động, khuyết tật hưởng trợ cấp hoặc bệnh hiểm nghèo; {age_vi})"
            )
        } else {
            format!("Hộ có {n} người trong độ tuổi lao động ({age_vi})")
        };
        let en = if left_out > 0 {
            format!("{n} members of working age counted ({left_out} left out: unable to work, disabled on allowance or seriously ill; {age_en})")
        } else {
            format!("{n} members of working age ({age_en})")
        };
        let key = rules::band_of(&rules::WORKING_AGE_BANDS, n as f64);
        // Working age is undefined in TT 07/2021, so every section-2 result rests on the
        // setting.
        match key {
            Some(key) => {
                self.push(2, hit(key, vi, en), true);
            }
            None => self.push_none(2, vi, en, true),
        }
    }

    /// Section 4: the highest diploma of any member (single choice by its nature).
    pub(super) fn diploma(&mut self, h: &Household) {
        let best = h
            .members
            .iter()
            .filter_map(|m| m.training)
            .max()
            .unwrap_or_default();
        let (key, vi, en) = match best {
            Training::College | Training::University | Training::Postgraduate => (
                "s4.college_or_higher",
                "Bằng cao nhất trong hộ: cao đẳng, đại học hoặc sau đại học",
                "Highest diploma in the household: college, university or postgraduate",
            ),
            Training::Intermediate => (
                "s4.intermediate",
                "Bằng cao nhất trong hộ: trung cấp",
                "Highest diploma in the household: intermediate vocational",
            ),
            Training::Elementary => (
                "s4.elementary",
                "Bằng cao nhất trong hộ: sơ cấp, chứng chỉ dạy nghề",
                "Highest diploma in the household: elementary vocational",
            ),
            Training::None => {
                self.push_none(
                    4,
                    "Không ai trong hộ có bằng nghề hoặc chuyên môn".into(),
                    "No member holds a vocational or higher diploma".into(),
                    false,
                );
                return;
            }
        };
        self.push(4, hit(key, vi.into(), en.into()), false);
    }

    /// Section 5: non-farm work. Each member falls under one row (the most specific); when
    /// members fall under different rows the setting decides.
    pub(super) fn non_farm(&mut self, h: &Household) {
        // Members are named by their line number on the form ("TT"), never by name:
        // explanations travel into reports and logs.
        let mut rows: [(&'static str, Vec<String>, &str, &str); 3] = [
            (
                "s5.civil_servant",
                Vec::new(),
                "người là công chức, viên chức",
                "civil servant(s)",
            ),
            (
                "s5.contract",
                Vec::new(),
                "người làm việc phi nông nghiệp có hợp đồng lao động",
                "non-farm worker(s) with a labour contract",
            ),
            (
                "s5.other_non_farm",
                Vec::new(),
                "người làm thuê, làm công hoặc tự sản xuất, kinh doanh phi nông nghiệp",
                "other non-farm worker(s)",
            ),
        ];
        let mut open = Vec::new();
        for (i, m) in h.members.iter().enumerate() {
            // Columns 15–18 are asked only from 15 years old, and the job columns describe
            // the work of a member "đang làm việc" (the section's own words): a retired civil
            // servant or a child's recorded job is not scored.
            if !works_from_15(h, m) {
                continue;
            }
            // A worker whose job answers are open selects no row: a row would be scored from
            // a question not asked yet.
            let row = match (m.job_kind, m.non_farm_work, m.wage_job) {
                (Some(JobKind::CivilServant), _, _) => 0,
                (None, _, _) | (_, None, _) | (_, Some(true), None) => {
                    open.push((i + 1).to_string());
                    continue;
                }
                (_, Some(true), Some(WageJob::WithContract)) => 1,
                (_, Some(true), _) => 2,
                (_, Some(false), _) => continue,
            };
            rows[row].1.push((i + 1).to_string());
        }
        let hits = rows
            .into_iter()
            .filter(|(_, tt, _, _)| !tt.is_empty())
            .map(|(key, tt, vi, en)| {
                hit(
                    key,
                    format!("{} {vi} (thành viên số {})", tt.len(), tt.join(", ")),
                    format!("{} {en} (member no. {})", tt.len(), tt.join(", ")),
                )
            })
            .collect();
        self.push_several(
            5,
            hits,
            self.settings.section_5,
            if open.is_empty() {
                (
                    "Không ai làm việc phi nông nghiệp từ 3 tháng trở lên".into(),
                    "No member in non-farm work for 3 months or more".into(),
                )
            } else {
                (
                    format!(
                        "{} (việc làm của thành viên số {})",
                        rules::NOT_ANSWERED.0,
                        open.join(", ")
                    ),
                    format!(
                        "{} (the work of member no. {})",
                        rules::NOT_ANSWERED.1,
                        open.join(", ")
                    ),
                )
            },
        );
    }

    /// Section 7: durable wall and durable column are separate rows and both count.
    pub(super) fn housing(&mut self, h: &Household) {
        let mut any = false;
        match h.housing.wall {
            Some(WallMaterial::ReinforcedConcrete | WallMaterial::BrickStone) => {
                any = true;
                self.push(
                    7,
                    hit(
                        "s7.wall_durable",
                        "Tường/bao che bằng bê tông hoặc gạch/đá".into(),
                        "Walls of concrete or brick/stone".into(),
                    ),
                    false,
                );
            }
            Some(WallMaterial::DurableWoodOrMetal) => {
                any = true;
                // The row names "gỗ bền chắc" only, but form code 3 is "Gỗ/kim loại bền chắc":
                // a durable metal wall is not clearly covered.
                self.push(
                    7,
                    hit(
                        "s7.wall_durable",
                        "Tường/bao che bằng gỗ/kim loại bền chắc (mã 3); dòng điểm chỉ ghi «gỗ bền chắc»".into(),
                        "Walls of durable wood or metal (code 3); the point row names durable wood only".into(),
                    ),
                    true,
                );
            }
            Some(WallMaterial::Other) | None => {}
        }
        if h.housing.column.is_some_and(|c| c != ColumnMaterial::Other) {
            any = true;
            self.push(
                7,
                hit(
                    "s7.column_durable",
                    "Cột nhà bằng bê tông cốt thép, gạch/đá hoặc sắt/thép/gỗ bền chắc".into(),
                    "Columns of reinforced concrete, brick/stone, or steel/durable wood".into(),
                ),
                false,
            );
        }
        if !any {
            self.push_none(
                7,
                "Tường và cột nhà không bằng vật liệu bền chắc".into(),
                "Neither walls nor columns of durable material".into(),
                false,
            );
        }
    }

    /// Section 8: counted floor area per member; a household without members has none.
    pub(super) fn area(&mut self, h: &Household) {
        if h.members.is_empty() {
            self.push_none(
                8,
                "Hộ không có thành viên".into(),
                "No members".into(),
                false,
            );
            return;
        }
        self.group(&rules::AREA, h);
    }

    /// Item 15 "Vùng", urban households only: the centrally-run cities' row, or the region's.
    pub(super) fn urban_region(&mut self, region: Region, central_city: bool) {
        let block = self.table.urban_region();
        let row = if central_city {
            block.rows.iter().find(|r| r.key == CENTRAL_CITY_ROW)
        } else {
            block.rows.iter().find(|r| r.region == Some(region))
        };
        let (key, label_vi, points) = match row {
            Some(r) => (r.key.clone(), r.label_vi.clone(), r.points),
            None => (format!("s15.{}", region.key()), String::new(), 0),
        };
        self.items.push(ScoreItem {
            section: block.section,
            key,
            because_vi: format!("Hộ thành thị thuộc vùng {label_vi}: {points} điểm"),
            because_en: if central_city {
                format!("Urban household of a centrally-run city: {points} points")
            } else {
                format!(
                    "Urban household in the {} region: {points} points",
                    region.name_en()
                )
            },
            label_vi,
            points,
            unclear_in_text: false,
        });
    }
}

/// Whether a member's job answers count: asked (15 or older, or an age not known yet, which the
/// form asks everything) and working (column 15 code 1).
fn works_from_15(h: &Household, m: &Member) -> bool {
    m.age_on(h.surveyed_on).is_none_or(|age| age >= 15) && m.employment == Some(Employment::Working)
}
