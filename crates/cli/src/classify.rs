//! `rasoat classify`: reads household.v1 files, classifies each by the standard of the review
//! year (or the one named) and explains the result, item by item; for a year it names the round
//! and which list the result is, and a transition round's second list beside it.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use rasoat_domain::classify::{
    classify_with, compare_with, default_method, Classification, Method, Settings, StandardChoice,
};
use rasoat_domain::messages::{bilingual, render, Code, Lang};
use rasoat_domain::office_standards::read_office_file;
use rasoat_domain::phieu_a::{phieu_a, PhieuAOutcome, PhieuARules};
use rasoat_domain::round::{classify_opening, list_label, round_standards, OpeningClassification};
use rasoat_domain::standard::Standards;
use rasoat_domain::validate::{validate, Finding, Severity};
use rasoat_domain::{from_json, Household};
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Review year: picks the national standard of that year (default: the interview year).
    #[arg(long, conflicts_with = "standard")]
    year: Option<i32>,
    /// A standard by id (qd59-2015, nd07-2021, nd351-2025, or a local one).
    #[arg(long)]
    standard: Option<String>,
    /// How income is measured: by score A (TT 07/2021) or by measured 12-month income; `both`
    /// shows the standard's own method as the result and the other beside it, for
    /// information, when the household has both score answers and a measured income.
    #[arg(long, value_enum, default_value_t = MethodArg::Score)]
    method: MethodArg,
    /// Extra standards file (standards.v1): a province's local standard or a correction.
    #[arg(long = "standards")]
    standards_file: Option<PathBuf>,
    /// Classify by the standards this installation's store holds (the national ones with the
    /// office's loaded file, `rasoat standards load`), instead of the shipped ones alone.
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Settings file (JSON) for the choices the official text leaves open.
    #[arg(long)]
    settings: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// household.v1 files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum MethodArg {
    Score,
    Income,
    Both,
}

#[derive(Debug, Serialize)]
struct FileReport {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    household_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    findings: Vec<FindingView>,
    /// Phiếu A's verdict, for a household screened with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    phieu_a: Option<PhieuAOutcome>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    classifications: Vec<ClassificationView>,
    /// With `--method both`: the other method's result for each standard, informative only
    /// (one per classification, `null` where it does not apply).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    informative: Vec<Option<ClassificationView>>,
    /// The round of the review year (`--year` or the interview's): its name, which list
    /// `classifications` is, and in a transition round the list that opens the status year.
    #[serde(skip_serializing_if = "Option::is_none")]
    round: Option<RoundView>,
}

/// Which lists a round of the review year decides, in the domain's words.
#[derive(Debug, Serialize)]
struct RoundView {
    review_year: i32,
    status_year: i32,
    /// "rà soát năm 2026 — danh sách áp dụng năm 2027 / review of 2026 — list for 2027".
    title: String,
    /// Which list `classifications` is: "danh sách năm 2026 theo …".
    list: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    opening: Option<OpeningView>,
}

/// The list that opens the status year of a transition round.
#[derive(Debug, Serialize)]
struct OpeningView {
    standard_id: String,
    status_year: i32,
    list: String,
    /// The standard names its official method; when not, `status` says "chưa có phương pháp
    /// chính thức" and the list cannot be recognised or certified.
    official: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    classification: Option<ClassificationView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl From<OpeningClassification> for OpeningView {
    fn from(o: OpeningClassification) -> OpeningView {
        OpeningView {
            standard_id: o.standard_id,
            status_year: o.status_year,
            list: bilingual(&o.label),
            official: o.official,
            status: (!o.official).then(|| bilingual(&Code::RoundNoOfficialMethod.into())),
            classification: o.classification.map(Into::into),
            error: o.error.as_ref().map(bilingual),
        }
    }
}

/// A finding as the JSON output gives it: the domain's code and parameters, and the catalogue's
/// words in both languages for a reader without the catalogue.
#[derive(Debug, Serialize)]
struct FindingView {
    #[serde(flatten)]
    finding: Finding,
    text: String,
}

impl From<Finding> for FindingView {
    fn from(finding: Finding) -> FindingView {
        let text = bilingual(&finding.message);
        FindingView { finding, text }
    }
}

/// A classification as the JSON output gives it: the domain's codes, and the explanation and
/// caveats in the catalogue's words in both languages.
#[derive(Debug, Serialize)]
struct ClassificationView {
    #[serde(flatten)]
    classification: Classification,
    explanation_text: String,
    caveats_text: Vec<String>,
}

impl From<Classification> for ClassificationView {
    fn from(classification: Classification) -> ClassificationView {
        ClassificationView {
            explanation_text: bilingual(&classification.explanation),
            caveats_text: classification.caveats.iter().map(bilingual).collect(),
            classification,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut standards = match &args.db {
        Some(path) => crate::signin::open(path, false)?.standards()?,
        None => Standards::national(),
    };
    if let Some(path) = &args.standards_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("không đọc được tệp chuẩn {}", path.display()))?;
        // The office's rules hold for one run too: TT 07's points never score another
        // standard's lines, here as in a loaded file.
        let extra = read_office_file(&text, &Standards::national())
            .with_context(|| format!("{}", path.display()))?;
        standards.extend(extra);
    }
    let settings: Settings = match &args.settings {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("không đọc được tệp cài đặt {}", path.display()))?;
            serde_json::from_str(&text).with_context(|| format!("{}", path.display()))?
        }
        None => Settings::default(),
    };
    let method = match args.method {
        MethodArg::Score => Some(Method::Score),
        MethodArg::Income => Some(Method::Income),
        // Each standard's own method, decided by the domain.
        MethodArg::Both => None,
    };

    let mut failed = false;
    let mut reports = Vec::new();
    for path in &args.files {
        let report = classify_file(path, &args, &standards, method, &settings);
        let has_errors = report.error.is_some()
            || report
                .findings
                .iter()
                .any(|f| f.finding.severity == Severity::Error);
        failed |= has_errors;
        if args.json {
            reports.push(report);
        } else {
            print_text(&report);
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn classify_file(
    path: &PathBuf,
    args: &Args,
    standards: &Standards,
    method: Option<Method>,
    settings: &Settings,
) -> FileReport {
    let mut report = FileReport {
        file: path.display().to_string(),
        household_id: None,
        code: None,
        error: None,
        findings: Vec::new(),
        phieu_a: None,
        classifications: Vec::new(),
        informative: Vec::new(),
        round: None,
    };
    let household: Household = match std::fs::read_to_string(path)
        .map_err(|e| format!("không đọc được tệp / cannot read file: {e}"))
        .and_then(|text| from_json(&text).map_err(|e| e.to_string()))
    {
        Ok(h) => h,
        Err(e) => {
            report.error = Some(e);
            return report;
        }
    };
    report.household_id = Some(household.id.to_string());
    report.code = Some(household.code.clone());
    report.findings = validate(&household)
        .into_iter()
        .map(FindingView::from)
        .collect();
    // The province's own column-0 conditions, from the data (Tuyên Quang's are not known [U]).
    report.phieu_a = household
        .phieu_a
        .as_ref()
        .map(|a| phieu_a(a, &PhieuARules::for_province(&household.location.province)));
    let choice = match (&args.standard, args.year) {
        (Some(id), _) => StandardChoice::Id(id.clone()),
        (None, Some(y)) => StandardChoice::Year(y),
        (None, None) => StandardChoice::Year(household.surveyed_on.year()),
    };
    // A standard named by id is that standard alone; a year is a round, with its lists.
    if let StandardChoice::Year(year) = &choice {
        let year = *year;
        if let Ok(round) = round_standards(standards, year) {
            report.round = Some(RoundView {
                review_year: round.review_year,
                status_year: round.status_year,
                title: bilingual(&round.title()),
                list: bilingual(&list_label(year, round.closing, false)),
                opening: round.opening.map(|s| {
                    let method = method.unwrap_or_else(|| default_method(Some(s)));
                    classify_opening(&household, s, round.status_year, method, settings).into()
                }),
            });
        }
    }
    match method {
        Some(method) => match classify_with(&household, standards, &choice, method, settings) {
            Ok(c) => report.classifications = c.into_iter().map(Into::into).collect(),
            Err(e) => report.error = Some(e.to_string()),
        },
        None => match compare_with(&household, standards, &choice, None, settings) {
            Ok(both) => {
                for comparison in both {
                    match comparison.official {
                        Ok(c) => {
                            report.classifications.push(c.into());
                            report
                                .informative
                                .push(comparison.informative.map(Into::into));
                        }
                        Err(e) => report.error = Some(e.to_string()),
                    }
                }
            }
            Err(e) => report.error = Some(e.to_string()),
        },
    }
    report
}

fn print_text(r: &FileReport) {
    println!("== {}", r.file);
    if let Some(code) = &r.code {
        println!("Mã hộ: {code}");
    }
    for FindingView { finding: f, .. } in &r.findings {
        let tag = match f.severity {
            Severity::Error => "LỖI",
            Severity::Warning => "cảnh báo",
        };
        println!("  [{tag}] {}: {}", f.path, render(Lang::Vi, &f.message));
    }
    if let Some(e) = &r.error {
        println!("  LỖI: {e}");
    }
    if let Some(a) = &r.phieu_a {
        println!("Phiếu A (mã {}): {}", a.code, a.reason_vi);
    }
    if let Some(round) = &r.round {
        println!("Kỳ: {}", round.title);
        println!("Danh sách: {}", round.list);
    }
    for (
        n,
        ClassificationView {
            classification: c, ..
        },
    ) in r.classifications.iter().enumerate()
    {
        println!("Chuẩn: {} [{}]", c.standard_name_vi, c.standard_id);
        println!("Kết quả: {}", c.class.label_vi().to_uppercase());
        println!("Phương pháp: {}", c.method.label_vi());
        println!("  {}", render(Lang::Vi, &c.explanation));
        if let Some(a) = &c.score_a {
            println!("Điểm A (Phiếu B1, cột {}): {}", a.column, a.total);
            for item in a
                .items
                .iter()
                .filter(|i| i.points != 0 || i.unclear_in_text)
            {
                let unclear = if item.unclear_in_text {
                    " [chưa rõ trong văn bản]"
                } else {
                    ""
                };
                println!(
                    "  mục {:>2}: {:>3} điểm — {}{unclear}",
                    item.section, item.points, item.because_vi
                );
            }
        }
        if let Some(b) = c.score_b {
            println!("Điểm B (Phiếu B2): {b}");
        }
        if let Some(inc) = &c.income {
            println!(
                "Thu nhập đo được: {} đ/người/tháng (không tính trợ cấp: {} đ)",
                rasoat_domain::labels::group_thousands(inc.per_person_month),
                rasoat_domain::labels::group_thousands(inc.per_person_month_without_allowances)
            );
        }
        println!("Chỉ số thiếu hụt ({}):", c.deprivation_count);
        for i in &c.indicators {
            let mark = if i.deprived { "x" } else { " " };
            println!("  [{mark}] {} — {}", i.name_vi, i.reason_vi);
        }
        for caveat in &c.caveats {
            println!("  Lưu ý: {}", render(Lang::Vi, caveat));
        }
        if let Some(Some(ClassificationView {
            classification: other,
            ..
        })) = r.informative.get(n)
        {
            println!(
                "Tham khảo, không chính thức (phương pháp {}): {}",
                other.method.label_vi(),
                other.class.label_vi()
            );
            println!("  {}", render(Lang::Vi, &other.explanation));
            if let Some(a) = &other.score_a {
                println!("  Điểm A: {}", a.total);
            }
        }
    }
    if let Some(opening) = r.round.as_ref().and_then(|round| round.opening.as_ref()) {
        print_opening(opening);
    }
    println!();
}

/// The opening list of a transition round, after the closing one.
fn print_opening(o: &OpeningView) {
    println!("Danh sách thứ hai: {} [{}]", o.list, o.standard_id);
    if let Some(status) = &o.status {
        println!("  Tình trạng: {status}");
    }
    if let Some(e) = &o.error {
        println!("  Chưa xếp loại được: {e}");
    }
    if let Some(ClassificationView {
        classification: c, ..
    }) = &o.classification
    {
        println!("  Kết quả: {}", c.class.label_vi().to_uppercase());
        println!("  Phương pháp: {}", c.method.label_vi());
        println!("  {}", render(Lang::Vi, &c.explanation));
        println!("  Chỉ số thiếu hụt được tính ({}):", c.deprivation_count);
        for i in &c.indicators {
            let mark = if i.deprived { "x" } else { " " };
            println!("    [{mark}] {} — {}", i.name_vi, i.reason_vi);
        }
        for caveat in &c.caveats {
            println!("  Lưu ý: {}", render(Lang::Vi, caveat));
        }
    }
}
