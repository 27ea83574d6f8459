//! What crosses the bridge to the UI, beside the domain's own types. TypeScript declarations
//! are generated from these definitions (see `bindings.rs`), never written by hand.

use crate::error::CommandError;
use rasoat_domain::classify::Classification;
use rasoat_domain::messages::Message;
use rasoat_domain::phieu_a::{PhieuAOutcome, PhieuAVerdict};
use rasoat_domain::readings::Reading;
use rasoat_domain::round::OpeningClassification;
use rasoat_domain::round_settings::SettingLine;
use rasoat_domain::validate::Finding;
use rasoat_domain::workflow::{ReviewState, Role};
use serde::{Deserialize, Serialize};

/// Where the app stands: set up or not, which installation, which round.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppStatus {
    pub set_up: bool,
    pub installation: Option<InstallationView>,
    pub round: Option<RoundView>,
    pub user_name: Option<String>,
    pub store_path: String,
    /// Set once this installation moved to another machine: the day (dd/mm/yyyy). The window
    /// then shows a banner on every screen and reads only.
    pub moved_on: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct InstallationView {
    pub id: String,
    pub role: Role,
    pub unit_code: String,
    pub unit_name: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RoundView {
    pub id: String,
    pub year: i32,
    /// "2024 định kỳ — danh sách năm 2025" / "2024 yearly review — list for 2025", in the
    /// user's language.
    pub label: Message,
    pub standard_id: String,
    pub standard_name_vi: String,
    pub standard_name_en: String,
    /// `score` or `income`: the method the round recorded when it opened.
    pub method: String,
    /// Whether the standard has the 2027+ items (waste handling).
    pub has_waste_item: bool,
    pub state: String,
}

/// A commune the installation may serve, from the reference units.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct UnitOption {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub valid_from: String,
    pub valid_to: Option<String>,
}

/// The first-run form.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SetupInput {
    pub role: Role,
    pub unit_code: String,
    pub user_name: String,
    pub year: i32,
    /// Fill the store with synthetic households so a newcomer sees real screens at once.
    pub demo_households: u32,
}

/// The households screen's question.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HouseholdQuery {
    pub text: Option<String>,
    /// A village by the name the answers hold (one no listed village had).
    pub village: Option<String>,
    /// A listed village by its stable id: its households under any name it had.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub village_id: Option<String>,
    pub status: Option<ReviewState>,
    pub class: Option<String>,
    /// Returned records come first (the enumerator must fix them).
    pub returned_first: bool,
    pub limit: Option<u32>,
    /// Each row says its form's warnings (the commune's queue): read from the answers, so
    /// asked only for the rows shown.
    #[serde(default)]
    pub warnings: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HouseholdListRow {
    pub id: String,
    pub code: String,
    pub head_name: String,
    pub village: String,
    pub status: ReviewState,
    pub class: Option<String>,
    pub members: Option<i64>,
    /// Phiếu A's verdict as stored with the record, for a household screened with it.
    pub phieu_a: Option<PhieuAVerdict>,
    /// Who last filled in the answers, and when (unix ms): the commune's queue shows it.
    pub filled_by: Option<String>,
    pub filled_at: Option<i64>,
    /// The form's warnings when the query asked for them.
    pub warnings: Option<RowWarnings>,
    /// The answers the class depends on that are still open (household.v1 paths, in the
    /// form's order): while any is, the class is provisional ("tạm tính"), never final.
    pub provisional: Vec<String>,
}

/// A form's warnings as the queue shows them: how many, and the first few in words.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RowWarnings {
    pub count: u32,
    /// At most [`RowWarnings::FIRST`], in the form's order.
    pub first: Vec<Finding>,
}

impl RowWarnings {
    /// How many the queue names in words; the count says the rest.
    pub const FIRST: usize = 3;
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HouseholdList {
    pub rows: Vec<HouseholdListRow>,
    /// How many records match (the rows may be fewer: the list is capped).
    pub matching: u32,
    /// More than `matching` records match: the count stopped there.
    pub more: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CountView {
    pub key: String,
    pub count: u32,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct OverviewView {
    pub total: u32,
    pub by_status: Vec<CountView>,
    pub by_class: Vec<CountView>,
    /// The village filter's choices (`Store::village_choices`).
    pub villages: Vec<VillageChoiceView>,
}

/// One choice of the list's village filter: a listed village by its id and current name, or
/// a name the answers hold that no listed village had (no id).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct VillageChoiceView {
    pub id: Option<String>,
    pub name: String,
}

/// A household opened in the form, with its review state and the live evaluation.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HouseholdForm {
    /// household.v1 as the form edits it: possibly not yet valid (a blank birth date), so it
    /// travels as JSON and is read by the domain's reader, whose errors name the field.
    #[cfg_attr(test, ts(type = "Household"))]
    pub household: serde_json::Value,
    pub status: ReviewState,
    pub return_comment: Option<String>,
    pub is_new: bool,
    pub evaluation: Evaluation,
    /// The form was reopened from the typing buffer: what was typed after the last real save
    /// (unix ms of the last keep), shown so the enumerator knows it is not saved yet.
    pub restored_at: Option<i64>,
    /// In a transition round, the household's state on the list that opens the status year,
    /// once the commune accepted the form.
    pub opening: Option<crate::opening_steps::FormOpening>,
}

/// The live result of the form as it stands: findings and classification, both decided by the
/// domain crate. The UI shows them and computes nothing itself.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Evaluation {
    pub findings: Vec<Finding>,
    pub can_complete: bool,
    pub classification: Option<Classification>,
    /// Why there is no classification (no members yet, unknown region…), in the domain's
    /// catalogue's words.
    pub classify_error: Option<Message>,
    /// The other method's result beside the round's official one, for information only: when
    /// the household has both score answers and a measured income.
    pub informative: Option<Classification>,
    /// Phiếu A's live verdict, when the household asked to be reviewed and the form has it.
    pub phieu_a: Option<PhieuAOutcome>,
    /// Each member's age in completed years on the interview day (`null` when the birth date
    /// is not readable yet).
    pub ages: Vec<Option<i32>>,
    /// The member questions the form skips (the domain's `validate::skipped`), as paths.
    pub skipped: Vec<String>,
    /// Every required question the form asks, answered or not (the domain's
    /// `validate::required_questions`): what the section bar counts progress against.
    pub required: Vec<String>,
    /// The round by its status year: "rà soát năm 2026 — danh sách áp dụng năm 2027".
    pub round_title: Message,
    /// In a transition round, the list that opens the status year beside the round's own
    /// (shown as "chưa có phương pháp chính thức" while its standard names no method).
    pub opening: Option<OpeningClassification>,
    /// The readings the classification rests on where the texts leave a rule open (working
    /// age, several rows of sections 5, 13 and 14, the state-paid insurance group, Huế), each
    /// with the choice made: shown in the panel as "chưa rõ trong văn bản".
    pub readings: Vec<Reading>,
    /// Who the round consults before recognition and who recognises (by its dates unless its
    /// office chose), each saying whether the texts leave it open.
    pub procedure: Vec<SettingLine>,
}

/// What the commune decides on a completed form.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReviewInput {
    Accept,
    Return { comment: String },
}

/// What an autosave did with the form as typed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AutosaveOutcome {
    /// The first readable version of a new household became its draft record (listed from now
    /// on); otherwise the form was kept in the typing buffer as typed.
    pub record_saved: bool,
    pub saved_at: i64,
    /// Why the first readable version could not become a draft record (a code another
    /// household holds), so the form's save line says "not saved" instead of "kept".
    pub refused: Option<CommandError>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SaveOutcome {
    pub status: ReviewState,
    pub evaluation: Evaluation,
}
