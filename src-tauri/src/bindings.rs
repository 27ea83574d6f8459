//! TypeScript declarations for the UI, generated from the Rust types that cross the bridge.
//! `ui/src/lib/bindings.ts` is this output; the test fails when it is stale. To refresh it:
//! `RASOAT_WRITE_BINDINGS=1 cargo test -p rasoat-desktop bindings`.

use std::path::PathBuf;

use rasoat_domain::classify::{Class, Classification, IncomeTest, Method};
use rasoat_domain::indicators::{IndicatorResult, MemberRef};
use rasoat_domain::messages::{Arg, Code, Message, Money, Words};
use rasoat_domain::model::*;
use rasoat_domain::readings::Reading;
use rasoat_domain::round::OpeningClassification;
use rasoat_domain::round_settings::SettingLine;
use rasoat_domain::score_a::{Region, ScoreA, ScoreItem};
use rasoat_domain::standard::{Confidence, IndicatorId};
use rasoat_domain::validate::{Finding, Severity};
use rasoat_domain::workflow::{ReviewState, Role};
use ts_rs::{Config, TS};

use crate::dashboard::*; // dashboard
use crate::dto::*;
use crate::error::{CommandError, ErrorCode};
use crate::exchange::*; // exchange
use crate::moving::{MoveView, MovedOutView};
use crate::opening_steps::{FormOpening, OpeningQuery, OpeningRow, StepListsView};
use crate::people::{
    ActionKind, AuditQuery, AuditRowView, AuditView, NewPersonInput, PeopleView, PersonRoleView,
    PersonView,
};
use crate::phieu_a::{PhieuACondition, PhieuAFormView};
use crate::printing::{DashPrintInput, DashPrintout}; // printing from the window
use crate::session::{ProtectOutcome, SessionStage, SessionView, SignInPerson};
use crate::sync_task::*;
use crate::village_steps::{MeetingInput, RecognitionInput, StepOutcome};
use crate::villages::VillageView;
use rasoat_domain::phieu_a::{
    ConditionHit, PhieuAOutcome, PhieuAResult, PhieuAVerdict, ProvinceCondition, ProvinceRules,
}; // background sync

macro_rules! declarations {
    ($cfg:expr; $($ty:ty),* $(,)?) => {{
        let mut out = String::new();
        $(
            out.push_str("export ");
            out.push_str(&<$ty as TS>::decl($cfg));
            out.push_str("\n\n");
        )*
        out
    }};
}

/// The whole bindings file.
pub fn bindings() -> String {
    // Money is whole đồng, far below 2^53: a JS number holds it exactly.
    let cfg = &Config::new().with_large_int("number");
    let body = declarations!(cfg;
        Household, Location, AreaType, PreviousClass, Sex, Relation, Member, SchoolLevel,
        Education, Training, HealthInsurance, SocialAllowance, Employment, JobKind, WageJob,
        Pension, WorksAway, Housing, ColumnMaterial, RoofMaterial, WallMaterial, Latrine,
        Electricity, PowerSource, WaterSource, Assets, Land, Livestock, HardshipCause, Policy,
        Support, Income, IncomeSource, IncomeKind, WasteHandling, PhieuA,
        Class, Method, IncomeTest, Classification, MemberRef, IndicatorResult, Severity, Finding,
        Message, Code, Arg, Words, Money,
        Confidence, IndicatorId, ScoreA, ScoreItem, Region, ReviewState, Role,
        ErrorCode, CommandError, AppStatus, InstallationView, RoundView, UnitOption, SetupInput,
        HouseholdQuery, HouseholdListRow, RowWarnings, HouseholdList, VillageView, CountView, OverviewView, VillageChoiceView, HouseholdForm,
        Evaluation, OpeningClassification, Reading, SettingLine, ReviewInput, SaveOutcome, AutosaveOutcome,
        SyncErrorKind, SyncErrorView, SyncBadge, SyncAttemptView, SyncStatusView, SyncSettingsInput, // background sync
        SyncOutboxBatchView, // refused batches on the sync screen
        // exchange
        IdentityView, PeriodState, CertificationView, RevocationView, NewInstallationView, AckView, PeerView, ExchangeView, WrittenFile, CardPreview, ImportPhase, ImportProgress, ConflictRef, ImportedFile, RefusedFile, ImportOutcome, ReceiptOutcome, PickKind, HeadView, ConflictView, FieldDiff, ConflictDetail, TransferView, LateEditView, TransferPreview, CodeHolderView, DuplicateCodeView,
        // Phiếu A's verdict and wording.
        PhieuAResult, PhieuAVerdict, ConditionHit, PhieuAOutcome, ProvinceCondition,
        ProvinceRules, PhieuACondition, PhieuAFormView,
        // signing in, the lock
        SessionStage, SignInPerson, SessionView, ProtectOutcome,
        // the administrator's people, idle lock and action log
        PersonRoleView, PersonView, PeopleView, NewPersonInput, ActionKind, AuditQuery, AuditRowView, AuditView,
        // moving the installation to another machine
        MoveView, MovedOutView,
        DashQuery, DashUnit, DashFigure, DashBar, DashTrendPoint, DashTargetPoint, DashTarget, DashOpeningList, DashOpeningTally, DashboardView, DashExportInput, DashExportFile, DashExportResult, DashExportProgress, DashPrintInput, DashPrintout, // dashboard
        MeetingInput, RecognitionInput, StepOutcome, // the village meeting and the recognition
        StepListsView, OpeningQuery, OpeningRow, FormOpening, // the opening list's meeting and recognition
    );
    format!(
        "// Generated from the Rust types by `RASOAT_WRITE_BINDINGS=1 cargo test -p rasoat-desktop bindings`.\n\
         // Do not edit: change the Rust definition and regenerate.\n\n{body}"
    )
    .trim_end()
    .to_string()
        + "\n"
}

#[test]
fn bindings_file_is_fresh() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
    let expected = bindings();
    if std::env::var_os("RASOAT_WRITE_BINDINGS").is_some() {
        std::fs::write(&path, &expected).expect("write bindings");
        return;
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == expected,
        "ui/src/lib/bindings.ts is stale: run `RASOAT_WRITE_BINDINGS=1 cargo test -p rasoat-desktop bindings`"
    );
}
