//! `rasoat demo generate`: realistic synthetic households of the Đồng Văn highlands, or of
//! any province by its code (`rasoat-demo`), written as household.v1 files or saved into a store, one round per year,
//! each household classified by the domain. Streams in chunks, so 200,000 households take
//! bounded memory. Prints counts only: demo names are invented, but the command behaves as if
//! they were personal data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use rasoat_demo::{generate_rounds, DemoCommune, DemoSpec, PLACEHOLDER_COMMUNE};
use rasoat_domain::classify::{classify_with, default_method, Method, Settings, StandardChoice};
use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::Role;
use rasoat_domain::{to_json, Household};
use rasoat_store::{RoundKind, Store, StoreError, SurveyResult};

use crate::init::now;

mod own_unit;

/// Households saved per transaction: large enough to amortise the commit's fsync, small
/// enough to keep memory bounded and a failed chunk cheap to redo.
const CHUNK: usize = 2000;
/// The journal's actor for demo data.
const ACTOR: &str = "demo";
/// The unit an uninitialised store is set up for: the former Đồng Văn district.
const DEMO_UNIT: &str = "026";

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: DemoCommand,
}

#[derive(Debug, clap::Subcommand)]
enum DemoCommand {
    /// Generate synthetic households (invented people) for a demo or a load test.
    Generate(GenerateArgs),
}

#[derive(Debug, clap::Args)]
struct GenerateArgs {
    /// Number of households.
    #[arg(long)]
    households: usize,
    /// Seed: the same seed gives the same households.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Origin review year, whose poor share is calibrated to about 42 % (default: the first
    /// of --years, else 2022).
    #[arg(long)]
    year: Option<i32>,
    /// Review years to generate, comma-separated: the same households, evolving (default: the
    /// origin year).
    #[arg(long, value_delimiter = ',')]
    years: Vec<i32>,
    /// Write household.v1 files into DIR/<year>/<code>.json.
    #[arg(long, conflicts_with = "db")]
    out_dir: Option<PathBuf>,
    /// Save into this store (default: $RASOAT_DB), opening each year's periodic round if
    /// missing.
    #[arg(long)]
    db: Option<PathBuf>,
    /// Keep the seed's own household ids and codes, the same in every installation, to
    /// rehearse conflicts (one household surveyed on two machines). Without it, each
    /// installation's demo households have ids of their own and codes with its tag.
    #[arg(long)]
    shared_ids: bool,
    /// Households of this province (GSO code of the 63 provinces before 1 July 2025, e.g. 01
    /// Hà Nội, 79 TP Hồ Chí Minh), scored in its region. Into files: only Hà Giang (02) has
    /// communes in the app's units; any other province's households carry the province code and
    /// no commune code, in invented places marked "(mẫu)". Default: Đồng Văn (02). Into a store,
    /// households of the installation's own unit only (the communes of its loaded unit lists
    /// outside Đồng Văn), so only its own province may be named: another province's households
    /// go to files (`--out-dir`).
    #[arg(long)]
    province: Option<String>,
    /// Households of every Đồng Văn commune whatever this installation's unit, to rehearse
    /// how a server or another installation refuses households of a unit not its own.
    #[arg(long)]
    any_commune: bool,
}

enum Target {
    Files(PathBuf),
    Store(PathBuf),
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        DemoCommand::Generate(args) => generate(args),
    }
}

fn generate(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let target = match (&args.out_dir, &args.db) {
        (Some(dir), _) => Target::Files(dir.clone()),
        (None, Some(db)) => Target::Store(db.clone()),
        (None, None) => match std::env::var_os("RASOAT_DB") {
            Some(db) if !db.is_empty() => Target::Store(PathBuf::from(db)),
            _ => bail!(
                "cần --out-dir hoặc --db (hoặc biến RASOAT_DB) / need --out-dir or --db (or RASOAT_DB)"
            ),
        },
    };
    let origin = args
        .year
        .or_else(|| args.years.first().copied())
        .unwrap_or(2022);
    let years = if args.years.is_empty() {
        vec![origin]
    } else {
        args.years.clone()
    };
    let mut spec = DemoSpec::new(args.households, args.seed, origin);
    let mut store = match &target {
        Target::Store(path) => Some(open_store(path)?),
        Target::Files(_) => None,
    };
    // An installation classifies by the standards its office loaded.
    let standards = match &store {
        Some(store) => store.standards()?,
        None => Standards::national(),
    };
    // Into an installation: households of its own unit only (the office above it, or its own
    // server, refuses others), with ids of its own (two installations never make the same
    // household).
    let installation = match store.as_ref() {
        Some(store) => Some(store.installation()?),
        None => None,
    };
    match (store.as_ref(), installation.as_ref()) {
        (Some(store), Some(installation)) if !args.any_commune => {
            spec.communes = own_unit::communes(store, installation, &years)?;
            // A province other than its unit's is refused rather than quietly replaced by its
            // own unit's: another province's demo households go to files.
            if let Some(province) = args.province.as_deref().map(str::trim) {
                if !spec
                    .communes
                    .iter()
                    .any(|c| c.province == province || c.successor_province == province)
                {
                    bail!(
                        "máy này là của đơn vị {unit}: chỉ tạo được hộ mẫu của đơn vị mình, không tạo được hộ của tỉnh {province}; dùng --out-dir để ghi hộ mẫu của tỉnh khác ra tệp / this installation belongs to unit {unit}: it can make demo households of its own unit only, not of province {province}; use --out-dir to write another province's demo households to files",
                        unit = installation.unit_code
                    );
                }
            }
        }
        _ => {
            if let Some(province) = &args.province {
                spec.communes = DemoCommune::in_province(province)?;
                if spec.communes.iter().any(|c| c.code == PLACEHOLDER_COMMUNE) {
                    println!(
                        "tỉnh {province}: ứng dụng chưa có danh mục xã của tỉnh này, hộ mẫu chỉ có mã tỉnh thật, mã xã {PLACEHOLDER_COMMUNE} không phải mã thật / province {province}: the app has no commune list for it, demo households carry the real province code and commune code {PLACEHOLDER_COMMUNE}, which is not a real code"
                    );
                }
            }
        }
    }

    let files_settings = Settings {
        regions: DemoCommune::region_settings(&spec.communes),
        ..Settings::default()
    };
    if let (Target::Files(dir), Some(province)) = (&target, args.province.as_deref()) {
        if !files_settings.regions.commune_former_province.is_empty() {
            let path = dir.join(format!("settings-{}.json", province.trim()));
            std::fs::create_dir_all(dir)
                .with_context(|| format!("không tạo được thư mục {}", dir.display()))?;
            std::fs::write(&path, serde_json::to_string_pretty(&files_settings)?)
                .with_context(|| format!("không ghi được {}", path.display()))?;
            println!(
                "tỉnh {province} thuộc tỉnh mới gồm các tỉnh cũ ở nhiều vùng: vùng của hộ mẫu theo tỉnh cũ {province}, ghi trong {}; phân loại bằng `rasoat classify --settings {}` / province {province} is part of a new province made from several regions: the demo households are scored in former province {province}'s region, as {} says; classify with `rasoat classify --settings {}`",
                path.display(),
                path.display(),
                path.display(),
                path.display()
            );
        }
    }
    // Codes continue after the highest each village already has, so a second seed (or a
    // household list imported before) never gives a code twice; a household the store already
    // holds keeps its code.
    let highest = match &store {
        Some(store) => store.highest_code_numbers()?,
        None => BTreeMap::new(),
    };
    for round in generate_rounds(&spec, &years) {
        let year = round.year;
        let standard = standards.national_for_year(year).with_context(|| {
            format!("không có chuẩn nghèo cho năm {year} / no standard for {year}")
        })?;
        // A store's round says how its households are classified; files get the standard's
        // default method.
        // A store's round also says which readings it classifies by; files get the defaults.
        let (round_id, method, settings) = match store.as_mut() {
            Some(store) => {
                let (id, method) = periodic_round(store, year, &standard.id)?;
                let settings = store.round_settings(&id)?;
                (Some(id), method, settings)
            }
            // Files come with the reading that places a province of several regions' households
            // by the former province they were made in (`DemoCommune::region_settings`).
            None => (None, default_method(Some(standard)), files_settings.clone()),
        };
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut chunk: Vec<(Household, Option<SurveyResult>)> = Vec::with_capacity(CHUNK);
        for household in round.households() {
            let household = match &installation {
                Some(installation) if !args.shared_ids => {
                    rasoat_demo::for_installation(household, &installation.id)
                }
                _ => household,
            };
            let household = match store.as_ref() {
                Some(store) => continuing_code(store, household, &highest)?,
                None => household,
            };
            let result = survey_result(&household, &standards, year, method, &settings);
            let class = result.as_ref().map_or("unclassified", |r| r.class.as_str());
            *counts.entry(class.to_string()).or_default() += 1;
            match (&target, store.as_mut(), &round_id) {
                (Target::Files(dir), _, _) => write_file(dir, year, &household)?,
                (Target::Store(_), Some(store), Some(round_id)) => {
                    chunk.push((household, result));
                    if chunk.len() >= CHUNK {
                        save(store, round_id, &mut chunk)?;
                    }
                }
                _ => {}
            }
        }
        if let (Some(store), Some(round_id)) = (store.as_mut(), &round_id) {
            save(store, round_id, &mut chunk)?;
        }
        print_counts(year, &standard.id, &counts);
    }
    Ok(ExitCode::SUCCESS)
}

/// Opens the store; an uninitialised one becomes a district installation of Đồng Văn, so a
/// demo can start from an empty file.
fn open_store(path: &Path) -> anyhow::Result<Store> {
    let mut store = crate::signin::open(path, true)?;
    match store.installation() {
        Ok(_) => {}
        Err(StoreError::NotInitialised) => {
            store.load_reference_units()?;
            store
                .init_installation(Role::District, DEMO_UNIT, ACTOR, now())
                .context("không khởi tạo được máy / cannot initialise the installation")?;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(store)
}

/// The periodic round of `year` and its method, opened with the year's standard when missing.
fn periodic_round(
    store: &mut Store,
    year: i32,
    standard_id: &str,
) -> anyhow::Result<(String, Method)> {
    let existing = store
        .rounds()?
        .into_iter()
        .find(|r| r.year == year && r.kind == RoundKind::Periodic);
    Ok(match existing {
        Some(round) => (round.id, round.method),
        None => store
            .open_round(year, RoundKind::Periodic, None, standard_id, ACTOR, now())
            .map(|round| (round.id, round.method))
            .with_context(|| {
                format!("không mở được kỳ rà soát {year} / cannot open round {year}")
            })?,
    })
}

/// The household's class by the national standard of `year` and the round's method (score
/// falling back to measured income where the standard has no score table), as the store keeps
/// it.
fn survey_result(
    household: &Household,
    standards: &Standards,
    year: i32,
    method: Method,
    settings: &Settings,
) -> Option<SurveyResult> {
    let classes = classify_with(
        household,
        standards,
        &StandardChoice::Year(year),
        method,
        settings,
    )
    .ok()?;
    let c = classes.into_iter().next()?;
    Some(SurveyResult::from_classification(&c))
}

fn save(
    store: &mut Store,
    round_id: &str,
    chunk: &mut Vec<(Household, Option<SurveyResult>)>,
) -> anyhow::Result<()> {
    if chunk.is_empty() {
        return Ok(());
    }
    store
        .save_households(round_id, chunk, ACTOR, now())
        .context("không lưu được hộ mẫu / cannot save demo households")?;
    chunk.clear();
    Ok(())
}

fn write_file(dir: &Path, year: i32, household: &Household) -> anyhow::Result<()> {
    let dir = dir.join(year.to_string());
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("không tạo được thư mục {}", dir.display()))?;
    let path = dir.join(format!("{}.json", household.code));
    std::fs::write(&path, to_json(household))
        .with_context(|| format!("không ghi được {}", path.display()))
}

fn print_counts(year: i32, standard_id: &str, counts: &BTreeMap<String, usize>) {
    let total: usize = counts.values().sum();
    let parts: Vec<String> = counts
        .iter()
        .map(|(class, n)| {
            let pct = 100.0 * *n as f64 / total.max(1) as f64;
            format!("{class} {n} ({pct:.1} %)")
        })
        .collect();
    println!(
        "{year} [{standard_id}]: {total} hộ / households — {}",
        parts.join(", ")
    );
}

/// The household with the code the store already gives it, or its demo number moved past the
/// highest number its village's codes reached before this demo ran.
fn continuing_code(
    store: &Store,
    mut household: Household,
    highest: &BTreeMap<String, u64>,
) -> anyhow::Result<Household> {
    if let Some(held) = store.household_code(&household.id.to_string())? {
        household.code = held;
        return Ok(household);
    }
    let moved =
        rasoat_store::household_codes::split_code(&household.code).and_then(|(prefix, n)| {
            let past = highest.get(prefix).copied().unwrap_or(0);
            let digits = household.code.len() - prefix.len();
            Some(format!("{prefix}{:0digits$}", n.checked_add(past)?))
        });
    if let Some(code) = moved {
        household.code = code;
    }
    Ok(household)
}
