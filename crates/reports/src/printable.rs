//! Print-ready pages (HTML with A4 print CSS, opened in any browser and printed): the list of
//! each village's poor and near-poor households for public posting (niêm yết), and the
//! household certificate, Mẫu số 03 of QĐ 24/2021 ("Giấy chứng nhận hộ nghèo, hộ cận nghèo").
//!
//! The pages are templates (`templates/*.html`, compiled in) rendered by minijinja with HTML
//! auto-escaping on every value: names, villages and addresses are typed by people, and none
//! can become markup, whatever it holds. The code below only gathers values.
//!
//! Each is written only for households whose review reached the step of QĐ 24/2021 Art. 4
//! that allows it (the rule is the domain's): a posting list after the village meeting agreed
//! (step 3, posted in step 4), a certificate once the commune chairman recognised the
//! household (step 6). The others are counted, never printed, so the caller can say how many
//! were held back and why.
//!
//! The pages are official documents: they carry no internal confidence marks; how sure the
//! layout is, and its sources, is written in `docs/reports.md`.
//!
//! Both show heads' and members' names: that is their purpose. They are written to files the
//! caller chose and never to a log; errors name files, never people.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use rasoat_domain::targets::ethnicity_name_vi;
use rasoat_domain::{Date, Member, Relation, Sex};
use rasoat_store::households::search_key;
use rasoat_store::{PoorOrNearPoor, Store};
use serde::Serialize;

use crate::authorities::Authorities;
use crate::error::{ReportError, Result};

mod which_list;
pub use which_list::PrintedList;
use which_list::{certifiable, for_each_printed, list_pages, ListPages, Step};

/// The templates, by the name they are included under. Each page's body is its own template,
/// so one household's page reads the same alone in its file and among the others in the
/// combined printout (`print.html`).
const TEMPLATES: [(&str, &str); 6] = [
    ("style.html", include_str!("../templates/style.html")),
    ("posting.html", include_str!("../templates/posting.html")),
    (
        "posting_body.html",
        include_str!("../templates/posting_body.html"),
    ),
    (
        "certificate.html",
        include_str!("../templates/certificate.html"),
    ),
    (
        "certificate_body.html",
        include_str!("../templates/certificate_body.html"),
    ),
    ("print.html", include_str!("../templates/print.html")),
];

/// The page templates, escaping every value for HTML; a value a template names but the code
/// does not give is an error, not an empty cell.
fn pages() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(env)
}

/// Renders a page; like any text file it ends with a newline (templates drop their last one).
fn render(env: &Environment<'_>, name: &str, page: impl Serialize) -> Result<String> {
    let mut html = env.get_template(name)?.render(Serde(page))?;
    html.push('\n');
    Ok(html)
}

/// The combined printout: every page's body, each on its own sheet (`section.page`, a page
/// break after each), under one title. The bodies were rendered with every value escaped, so
/// they go in as they are.
fn combined(env: &Environment<'_>, title: &str, bodies: Vec<String>) -> Result<String> {
    let pages: Vec<minijinja::Value> = bodies
        .into_iter()
        .map(minijinja::Value::from_safe_string)
        .collect();
    let mut html = env
        .get_template("print.html")?
        .render(minijinja::context! { title => title, pages => pages })?;
    html.push('\n');
    Ok(html)
}

/// A file-name part from any text: folded to ASCII, other characters as `-`.
fn slug(text: &str) -> String {
    let folded: String = search_key(text)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let parts: Vec<&str> = folded.split('-').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        "khong-ten".into()
    } else {
        parts.join("-")
    }
}

fn class_vi(class: &str) -> &'static str {
    match class {
        "poor" => "Hộ nghèo",
        "near_poor" => "Hộ cận nghèo",
        _ => "",
    }
}

fn relation_vi(relation: Relation) -> &'static str {
    match relation {
        Relation::Head => "Chủ hộ",
        Relation::Spouse => "Vợ/chồng",
        Relation::Child => "Con",
        Relation::Parent => "Bố/mẹ",
        Relation::Other => "Khác",
    }
}

fn ethnicity(code: &str) -> String {
    ethnicity_name_vi(code).map_or_else(|| code.to_string(), str::to_string)
}

/// The head of a household's answers: the member marked head, else the first.
fn head_of(members: &[Member]) -> Option<&Member> {
    members
        .iter()
        .find(|m| m.relation == Some(Relation::Head))
        .or(members.first())
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.display().to_string(),
        source,
    })
}

fn write_file(path: &Path, html: &str) -> Result<()> {
    std::fs::write(path, html).map_err(|source| ReportError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Commune names by code and month: a code names different communes before and after the
/// 2025 reorganisation, so the name is the one in force on the survey day.
#[derive(Debug)]
struct CommuneNames<'s> {
    store: &'s Store,
    names: HashMap<(String, String), String>,
}

impl<'s> CommuneNames<'s> {
    fn new(store: &'s Store) -> Self {
        CommuneNames {
            store,
            names: HashMap::new(),
        }
    }

    fn name(&mut self, code: &str, day: &str) -> Result<String> {
        let key = (code.to_string(), day.get(..7).unwrap_or(day).to_string());
        if let Some(name) = self.names.get(&key) {
            return Ok(name.clone());
        }
        let name = self
            .store
            .unit_on(code, day)?
            .map_or_else(|| format!("xã mã {code}"), |u| u.name);
        self.names.insert(key, name.clone());
        Ok(name)
    }
}

/// One village's posting list, as the template reads it.
#[derive(Debug, Serialize)]
struct PostingPage<'a> {
    year: i32,
    /// The year the heading names: the round's for its own list, the status year for a
    /// transition round's opening list.
    list_year: i32,
    /// Which list this is: "danh sách năm 2026 theo … (rà soát năm 2026 — danh sách áp dụng
    /// năm 2027)".
    list: &'a str,
    commune: &'a str,
    village: &'a str,
    rows: &'a [PostingRow],
    totals: Vec<Total>,
    /// Who recognises the list ("Chủ tịch UBND xã …") and who is consulted before, as the
    /// round's settings say (none in a regular round).
    recogniser: String,
    consulted: Option<String>,
}

#[derive(Debug, Serialize)]
struct PostingRow {
    n: usize,
    head: String,
    code: String,
    ethnicity: String,
    size: String,
    class: &'static str,
    score_a: String,
    score_b: String,
}

/// How many households of a class the list holds.
#[derive(Debug, Serialize)]
struct Total {
    class: &'static str,
    n: usize,
}

/// The village being gathered: its commune code and name, its name, its rows so far.
#[derive(Debug, Default)]
struct Village {
    commune_code: String,
    commune: String,
    /// The chairman who recognises, and the one consulted for this commune on its first
    /// household's survey day.
    recogniser: String,
    consulted: Option<String>,
    village: String,
    rows: Vec<PostingRow>,
    counts: BTreeMap<&'static str, usize>,
}

/// What a run of pages wrote, and how many poor or near-poor households it left out because
/// their review has not reached the step the pages need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    /// One file per page (a village's list, a household's certificate).
    pub files: Vec<PathBuf>,
    /// The same pages in one file, a page break after each, to print at once; none when there
    /// is no page.
    pub combined: Option<PathBuf>,
    /// Households on the pages.
    pub households: u64,
    pub held_back: u64,
}

/// The pages of a run as one printable HTML document, for the window to show and print,
/// without writing any file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printout {
    /// The combined document (`print.html`); empty of pages when `households` is 0.
    pub html: String,
    /// Pages in it (villages for the posting lists, households for the certificates).
    pub pages: u64,
    pub households: u64,
    pub held_back: u64,
}

/// The combined file's name in a folder of pages.
const COMBINED_POSTING: &str = "niem-yet-tat-ca-de-in.html";
const COMBINED_CERTIFICATES: &str = "gcn-tat-ca-de-in.html";

/// Writes the combined file beside the pages, when there is any page.
fn write_combined(
    env: &Environment<'_>,
    dir: &Path,
    name: &str,
    title: &str,
    bodies: Vec<String>,
) -> Result<Option<PathBuf>> {
    if bodies.is_empty() {
        return Ok(None);
    }
    let path = dir.join(name);
    write_file(&path, &combined(env, title, bodies)?)?;
    Ok(Some(path))
}

/// Which list a round's pages carry, and the year its certificates are for. In an ordinary
/// round the list decides the status year (the review year + 1). In a transition round (2026)
/// the list the store keeps is the one that closes the review year under the standard in force
/// then: the list that opens the status year under the new standard has no official method
/// yet, so it is never printed, and the certificate's year is the review year's.
struct RoundList {
    text: String,
    for_year: i32,
}

fn round_list(year: i32, standard_id: &str) -> RoundList {
    use rasoat_domain::messages::{render, Lang};
    use rasoat_domain::round::{list_label, round_standards, status_year};
    let standards = rasoat_domain::standard::Standards::national();
    let transition = round_standards(&standards, year).is_ok_and(|r| r.is_transition());
    let for_year = if transition { year } else { status_year(year) };
    let text = match standards.by_id(standard_id) {
        Some(s) => format!(
            "{} (kết quả rà soát năm {year})",
            render(Lang::Vi, &list_label(for_year, s, !transition))
        ),
        None => format!("kết quả rà soát năm {year}"),
    };
    RoundList { text, for_year }
}

/// Writes one posting list per village into `dir`: the poor and near-poor households of the
/// round that the village meeting agreed on (`ReviewState::may_be_posted`); and all of them in
/// one file to print at once (`Printed::combined`).
pub fn write_posting_lists(
    store: &Store,
    round_id: &str,
    commune: Option<&str>,
    dir: &Path,
) -> Result<Printed> {
    write_posting_lists_of(store, round_id, PrintedList::Round, commune, dir)
}

/// The posting lists of `which` list of the round (`write_posting_lists` for the round's own):
/// the opening list's hold the households its own village meeting agreed on
/// (`OpeningState::may_be_posted`), with their opening class; refused when the round has no
/// opening list.
pub fn write_posting_lists_of(
    store: &Store,
    round_id: &str,
    which: PrintedList,
    commune: Option<&str>,
    dir: &Path,
) -> Result<Printed> {
    let round = store.round(round_id)?;
    let list = list_pages(store, &round, which)?;
    create_dir(dir)?;
    let env = pages()?;
    let (mut printed, bodies, title) =
        posting_pages(store, &env, (&round, &list, which), commune, Some(dir))?;
    let name = format!("{}{COMBINED_POSTING}", list.prefix);
    printed.combined = write_combined(&env, dir, &name, &title, bodies)?;
    Ok(printed)
}

/// The posting lists `write_posting_lists` would write, as one document to print from the
/// window, no file written.
pub fn print_posting_lists(
    store: &Store,
    round_id: &str,
    commune: Option<&str>,
) -> Result<Printout> {
    print_posting_lists_of(store, round_id, PrintedList::Round, commune)
}

/// The posting lists `write_posting_lists_of` would write, as one document to print.
pub fn print_posting_lists_of(
    store: &Store,
    round_id: &str,
    which: PrintedList,
    commune: Option<&str>,
) -> Result<Printout> {
    let round = store.round(round_id)?;
    let list = list_pages(store, &round, which)?;
    let env = pages()?;
    let rendered = posting_pages(store, &env, (&round, &list, which), commune, None)?;
    printout(&env, rendered)
}

/// One document of every page rendered, with what the printing counted.
fn printout(
    env: &Environment<'_>,
    (printed, bodies, title): (Printed, Vec<String>, String),
) -> Result<Printout> {
    let pages = bodies.len() as u64;
    Ok(Printout {
        html: combined(env, &title, bodies)?,
        pages,
        households: printed.households,
        held_back: printed.held_back,
    })
}

/// Renders the posting lists, one per village, writing each into `dir` when there is one;
/// returns what was written, every page's body in order, and the combined document's title.
fn posting_pages(
    store: &Store,
    env: &Environment<'_>,
    (round, pages, which): (&rasoat_store::Round, &ListPages, PrintedList),
    commune: Option<&str>,
    dir: Option<&Path>,
) -> Result<(Printed, Vec<String>, String)> {
    let round_id = round.id.as_str();
    let mut names = CommuneNames::new(store);
    let mut authorities = Authorities::of_round(store, round_id)?;
    let list = pages.list.text.clone();
    let mut files = Vec::new();
    let mut bodies = Vec::new();
    let write = |v: &Village, files: &mut Vec<PathBuf>, bodies: &mut Vec<String>| -> Result<()> {
        let page = PostingPage {
            year: round.year,
            list_year: match which {
                PrintedList::Round => round.year,
                PrintedList::Opening => pages.list.for_year,
            },
            list: &list,
            commune: &v.commune,
            village: &v.village,
            rows: &v.rows,
            totals: v
                .counts
                .iter()
                .map(|(class, n)| Total { class, n: *n })
                .collect(),
            recogniser: v.recogniser.clone(),
            consulted: v.consulted.clone(),
        };
        bodies.push(
            env.get_template("posting_body.html")?
                .render(Serde(&page))?,
        );
        if let Some(dir) = dir {
            let path = dir.join(format!(
                "{}niem-yet-{}-{}.html",
                pages.prefix,
                v.commune_code,
                slug(&v.village)
            ));
            write_file(&path, &render(env, "posting.html", &page)?)?;
            files.push(path);
        }
        Ok(())
    };
    // One village at a time: the rows come sorted by commune and village.
    let mut current: Option<Village> = None;
    let mut households = 0;
    let held_back = for_each_printed(
        store,
        round_id,
        commune,
        (which, Step::Posted),
        |h: PoorOrNearPoor| -> Result<()> {
            let same = current
                .as_ref()
                .is_some_and(|v| v.commune_code == h.commune && v.village == h.village);
            if !same {
                if let Some(done) = current.take() {
                    write(&done, &mut files, &mut bodies)?;
                }
                let commune = names.name(&h.commune, &h.surveyed_on)?;
                current = Some(Village {
                    recogniser: authorities.recogniser(&commune),
                    consulted: authorities.consulted(&h.commune, &h.surveyed_on)?,
                    commune,
                    commune_code: h.commune.clone(),
                    village: h.village.clone(),
                    ..Village::default()
                });
            }
            let Some(village) = current.as_mut() else {
                return Ok(());
            };
            let class = class_vi(&h.class);
            *village.counts.entry(class).or_default() += 1;
            let (ethnicity, size) = match &h.answers {
                Some(answers) => (
                    head_of(&answers.members).map_or(String::new(), |m| ethnicity(&m.ethnicity)),
                    answers.members.len().to_string(),
                ),
                None => (String::new(), String::new()),
            };
            households += 1;
            village.rows.push(PostingRow {
                n: village.rows.len() + 1,
                head: h.head,
                code: h.code,
                ethnicity,
                size,
                class,
                score_a: h.score_a.map_or(String::new(), |a| a.to_string()),
                score_b: h.score_b.map_or(String::new(), |b| b.to_string()),
            });
            Ok(())
        },
    )?;
    if let Some(done) = current {
        write(&done, &mut files, &mut bodies)?;
    }
    let title = match which {
        PrintedList::Round => format!("Niêm yết danh sách hộ nghèo, hộ cận nghèo — {}", round.year),
        PrintedList::Opening => format!(
            "Niêm yết danh sách hộ nghèo, hộ cận nghèo áp dụng năm {} — rà soát năm {}",
            pages.list.for_year, round.year
        ),
    };
    Ok((
        Printed {
            files,
            combined: None,
            households,
            held_back,
        },
        bodies,
        title,
    ))
}

/// One certificate, as the template reads it.
#[derive(Debug, Serialize)]
struct CertificatePage<'a> {
    year: i32,
    /// The year whose status the certificate gives (`RoundList::for_year`).
    next_year: i32,
    basis: &'a str,
    /// Which list the certificate is of (see `PostingPage::list`).
    list: &'a str,
    commune: &'a str,
    code: &'a str,
    head: String,
    ethnicity: String,
    id_number: String,
    address: String,
    members: Vec<MemberRow>,
    poor_mark: &'static str,
    near_poor_mark: &'static str,
    /// Who recognises and signs ("Chủ tịch UBND xã …"), and who was consulted before, as the
    /// round's settings say. Whether a text names the latter is the export notes' and the
    /// panel's to say, never the official page's.
    recogniser: String,
    consulted: Option<String>,
    /// The form's "Số:": the number of the recognition decision as the commune recorded it,
    /// dots to fill by hand when none was recorded.
    number: String,
    /// The day beside the signature ("ngày 20 tháng 11 năm 2025"): the recognition's, dots
    /// when none was recorded.
    signed_on: String,
}

#[derive(Debug, Serialize)]
struct MemberRow {
    n: usize,
    name: String,
    ethnicity: String,
    relation: &'static str,
    /// The birth year in the column of the member's sex, the other empty.
    male: String,
    female: String,
}

/// Writes into `dir` the Mẫu 03 certificate of each poor or near-poor household of the round
/// that the commune chairman recognised (`ReviewState::may_be_certified`), and all of them in
/// one file to print at once (`Printed::combined`); refused when the round's standard has no
/// official method yet (`Round::check_recognisable`).
pub fn write_certificates(
    store: &Store,
    round_id: &str,
    commune: Option<&str>,
    dir: &Path,
) -> Result<Printed> {
    write_certificates_of(store, round_id, PrintedList::Round, commune, dir)
}

/// The certificates of `which` list of the round (`write_certificates` for the round's own):
/// the opening list's for the households its chairman recognised on that list
/// (`OpeningState::may_be_certified`), for its status year under its standard; refused when the
/// round has no opening list or its standard no official method.
pub fn write_certificates_of(
    store: &Store,
    round_id: &str,
    which: PrintedList,
    commune: Option<&str>,
    dir: &Path,
) -> Result<Printed> {
    // Before any folder is made: a list without an official method is never certified.
    let (round, list) = certifiable(store, round_id, which)?;
    create_dir(dir)?;
    let env = pages()?;
    let (mut printed, bodies, title) =
        certificate_pages(store, &env, (&round, &list, which), commune, Some(dir))?;
    let name = format!("{}{COMBINED_CERTIFICATES}", list.prefix);
    printed.combined = write_combined(&env, dir, &name, &title, bodies)?;
    Ok(printed)
}

/// The certificates `write_certificates` would write, as one document to print from the
/// window, no file written; refused alike when the round's list cannot be recognised.
pub fn print_certificates(
    store: &Store,
    round_id: &str,
    commune: Option<&str>,
) -> Result<Printout> {
    print_certificates_of(store, round_id, PrintedList::Round, commune)
}

/// The certificates `write_certificates_of` would write, as one document to print; refused
/// alike.
pub fn print_certificates_of(
    store: &Store,
    round_id: &str,
    which: PrintedList,
    commune: Option<&str>,
) -> Result<Printout> {
    let (round, list) = certifiable(store, round_id, which)?;
    let env = pages()?;
    let rendered = certificate_pages(store, &env, (&round, &list, which), commune, None)?;
    printout(&env, rendered)
}

/// Renders the certificates, one per household, writing each into `dir` when there is one;
/// returns what was written, every page's body in order, and the combined document's title.
fn certificate_pages(
    store: &Store,
    env: &Environment<'_>,
    (round, pages, which): (&rasoat_store::Round, &ListPages, PrintedList),
    commune: Option<&str>,
    dir: Option<&Path>,
) -> Result<(Printed, Vec<String>, String)> {
    let round_id = round.id.as_str();
    let mut names = CommuneNames::new(store);
    // The legal basis is the round's standard (Decree 07/2021 for 2022–2026, Decree
    // 351/2025 after), as the certificate cites the decree that set the standard.
    let standard_basis = rasoat_domain::standard::Standards::national()
        .by_id(&round.standard_id)
        .map_or_else(
            || "Nghị định số 07/2021/NĐ-CP ngày 27 tháng 01 năm 2021 của Chính phủ quy định chuẩn nghèo đa chiều giai đoạn 2021 - 2025".to_string(),
            |s| s.name_vi.clone(),
        );
    let standard_basis = pages.basis.clone().unwrap_or(standard_basis);
    let list = pages.list.text.clone();
    let for_year = pages.list.for_year;
    let mut authorities = Authorities::of_round(store, round_id)?;
    let mut files = Vec::new();
    let mut bodies = Vec::new();
    let held_back = for_each_printed(
        store,
        round_id,
        commune,
        (which, Step::Certified),
        |h: PoorOrNearPoor| -> Result<()> {
            let commune_name = names.name(&h.commune, &h.surveyed_on)?;
            let consulted = authorities.consulted(&h.commune, &h.surveyed_on)?;
            let mut page = certificate_page(
                round.year,
                for_year,
                &standard_basis,
                &list,
                &commune_name,
                &h,
            );
            page.recogniser = authorities.recogniser(&commune_name);
            page.consulted = consulted;
            bodies.push(
                env.get_template("certificate_body.html")?
                    .render(Serde(&page))?,
            );
            if let Some(dir) = dir {
                let file = if h.code.is_empty() {
                    h.household_id.clone()
                } else {
                    slug(&h.code)
                };
                let path = dir.join(format!("{}gcn-{}-{file}.html", pages.prefix, h.commune));
                write_file(&path, &render(env, "certificate.html", &page)?)?;
                files.push(path);
            }
            Ok(())
        },
    )?;
    let title = match which {
        PrintedList::Round => format!("Giấy chứng nhận hộ nghèo, hộ cận nghèo — {}", round.year),
        PrintedList::Opening => format!(
            "Giấy chứng nhận hộ nghèo, hộ cận nghèo năm {for_year} — rà soát năm {}",
            round.year
        ),
    };
    Ok((
        Printed {
            households: bodies.len() as u64,
            files,
            combined: None,
            held_back,
        },
        bodies,
        title,
    ))
}

fn certificate_page<'a>(
    year: i32,
    for_year: i32,
    basis: &'a str,
    list: &'a str,
    commune: &'a str,
    h: &'a PoorOrNearPoor,
) -> CertificatePage<'a> {
    let members = h.answers.as_ref().map_or(&[][..], |a| &a.members[..]);
    let head = head_of(members);
    let address = match &h.answers {
        None => format!("{}, {}", h.village, commune),
        Some(a) if a.address.is_empty() => format!("{}, {}", a.location.village, commune),
        Some(a) => format!("{}, {}, {}", a.address, a.location.village, commune),
    };
    let mark = |class: &str| if h.class == class { "☒" } else { "☐" };
    CertificatePage {
        year,
        next_year: for_year,
        basis,
        list,
        commune,
        code: &h.code,
        head: head.map_or_else(|| h.head.clone(), |m| m.name.clone()),
        ethnicity: head.map_or(String::new(), |m| ethnicity(&m.ethnicity)),
        id_number: head
            .and_then(|m| m.id_number.clone())
            .unwrap_or_else(|| "......................".into()),
        address,
        members: members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let birth = m.birth.map(|b| b.year().to_string()).unwrap_or_default();
                let (male, female) = match m.sex {
                    Some(Sex::Male) => (birth, String::new()),
                    Some(Sex::Female) => (String::new(), birth),
                    // Certificates are printed for reviewed forms, whose sex is answered.
                    None => (String::new(), String::new()),
                };
                MemberRow {
                    n: i + 1,
                    name: m.name.clone(),
                    ethnicity: ethnicity(&m.ethnicity),
                    relation: m.relation.map_or("", relation_vi),
                    male,
                    female,
                }
            })
            .collect(),
        poor_mark: mark("poor"),
        near_poor_mark: mark("near_poor"),
        recogniser: String::new(),
        consulted: None,
        // Mẫu 03's "Số" is the certificate's own number in the commune's register
        // (…/GCN-HN.HCN), not the recognition decision's: the app issues none, so it is left
        // to write by hand. The day is the recognition's, when the certificates are issued.
        number: "......./GCN-HN.HCN".to_string(),
        signed_on: h
            .decided_on
            .as_deref()
            .and_then(|d| d.parse::<Date>().ok())
            .map_or_else(|| "ngày .... tháng .... năm ....".to_string(), day_vi),
    }
}

/// A day as an administrative document writes it: "ngày 05 tháng 02 năm 2026", days below 10
/// and the months January and February with a leading zero (Nghị định 30/2020/NĐ-CP, Phụ lục
/// I), so that nothing can be written in before them.
fn day_vi(d: Date) -> String {
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_folded() {
        assert_eq!(slug("Thôn Má Lủng (mẫu)"), "thon-ma-lung-mau");
        assert_eq!(slug("  "), "khong-ten");
    }

    #[test]
    fn a_decision_day_is_written_as_an_administrative_document_writes_it() {
        let day = |s: &str| day_vi(s.parse().expect("date"));
        assert_eq!(day("2026-02-05"), "ngày 05 tháng 02 năm 2026");
        assert_eq!(day("2025-11-20"), "ngày 20 tháng 11 năm 2025");
        assert_eq!(day("2025-03-09"), "ngày 09 tháng 3 năm 2025");
    }

    #[test]
    fn every_template_compiles() {
        let env = pages().expect("templates");
        for (name, _) in TEMPLATES {
            env.get_template(name).expect(name);
        }
    }
}
