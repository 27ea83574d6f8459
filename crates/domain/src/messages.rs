//! What the domain says to people, as a code and its parameters; the words live in one
//! catalogue, `assets/messages/domain.json` (with the errors' words beside it in
//! `errors.json`), read here for the CLI and imported by the UI.
//!
//! Validation findings and classification caveats carry a [`Message`]: a [`Code`] and named
//! parameters, never finished sentences. The catalogue holds the Vietnamese and the English of
//! every code with `{name}` placeholders. The domain renders it for the command line
//! ([`render`], [`bilingual`]); the desktop UI imports the same file and renders it in the
//! language the user picked, so both say the same words and English mode shows English.
//!
//! A JSON asset rather than Rust tables: the UI can import it with TypeScript's JSON module
//! typing (its keys are checked at compile time against the `Code` union ts-rs generates), and a
//! translator edits one file. The test `catalogue_matches_the_codes` holds the file to [`Code`]:
//! every code present, with the same placeholders in both languages as the code declares.
//!
//! Why this file is long: [`Code`] lists every message of the catalogue, one line each, in one
//! place so the catalogue has a single list of codes to be checked against.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const CATALOGUE_JSON: &str = include_str!("../../../assets/messages/domain.json");
/// The errors' words: a second file so the domain's catalogue stays about the review, while
/// the store, batches, sync and the desktop say their refusals through the same `Message`.
const ERRORS_JSON: &str = include_str!("../../../assets/messages/errors.json");

/// The codes whose words live in `errors.json` rather than `domain.json`.
const ERROR_PREFIX: &str = "error.";

/// The language a message is rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Vi,
    En,
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal [$($param:ident),*];)*) => {
        /// Every message a person can be shown: the domain's, and the errors' (`error.*`, worded in
        /// `errors.json`). The string is the catalogue's key.
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Code {
            $($(#[$doc])* #[serde(rename = $code)] $variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The catalogue key: `finding.two_heads`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The placeholders its words use, which every caller must fill.
            pub fn params(self) -> &'static [&'static str] {
                match self { $(Code::$variant => &[$(stringify!($param)),*],)* }
            }
        }
    };
}

codes! {
    FindingCodeMissing = "finding.code_missing" [];
    FindingProvinceCode = "finding.province_code" [];
    FindingCommuneCode = "finding.commune_code" [];
    FindingVillageMissing = "finding.village_missing" [];
    FindingNoMembers = "finding.no_members" [];
    FindingNoHead = "finding.no_head" [];
    FindingTwoHeads = "finding.two_heads" [heads];
    FindingSeveralSpouses = "finding.several_spouses" [spouses];
    FindingDuplicateMember = "finding.duplicate_member" [no];
    FindingNameMissing = "finding.name_missing" [no];
    FindingBirthInFuture = "finding.birth_in_future" [no];
    FindingImplausibleAge = "finding.implausible_age" [no, age];
    FindingEthnicityCode = "finding.ethnicity_code" [no];
    FindingIdNumberFormat = "finding.id_number_format" [no];
    FindingYoungHead = "finding.young_head" [age];
    FindingDiplomaTooYoung = "finding.diploma_too_young" [no, age];
    FindingLowerSecondaryTooYoung = "finding.diploma_too_young.lower_secondary" [no, age];
    FindingCollegeTooYoung = "finding.diploma_too_young.college" [no, age];
    FindingSchoolLevelMissing = "finding.school_level_missing" [no];
    FindingSchoolLevelNotInSchool = "finding.school_level_not_in_school" [no];
    FindingHeightRange = "finding.height_range" [no];
    FindingHeightMissing = "finding.height_missing" [no];
    FindingWeightRange = "finding.weight_range" [no];
    FindingWeightMissing = "finding.weight_missing" [no];
    FindingEmploymentUnder15 = "finding.employment_under_15" [no];
    FindingEmploymentMissing = "finding.employment_missing" [no];
    FindingWageJobMissing = "finding.wage_job_missing" [no];
    FindingJobNotWorking = "finding.job_not_working" [no];
    FindingFloorArea = "finding.floor_area" [];
    FindingFloorAreaLarge = "finding.floor_area_large" [];
    FindingLoftArea = "finding.loft_area" [];
    FindingKwh = "finding.kwh" [];
    FindingLandArea = "finding.land_area" [];
    FindingNegativeIncome = "finding.negative_income" [];
    FindingNegativeCosts = "finding.negative_costs" [];
    FindingNegativeAllowances = "finding.negative_allowances" [];
    FindingLoss = "finding.loss" [];
    /// A survey date in another year than the round's (a date left at today, most often).
    FindingSurveyedOtherYear = "finding.surveyed_other_year" [year, round];
    /// A required answer a draft has not given yet.
    FindingUnanswered = "finding.unanswered" [];
    /// A day/month/year that is not a day of the calendar, as typed.
    FindingNoSuchDate = "finding.no_such_date" [date];
    FindingDateFormat = "finding.date_format" [];
    FindingNotANumber = "finding.not_a_number" [];
    FindingUnreadableAnswer = "finding.unreadable_answer" [];
    /// The class rests on answers not given yet: provisional until they are.
    CaveatProvisional = "caveat.provisional" [list];
    /// "Khu vực" not answered: the class in each area, the poorer one shown.
    CaveatAreaOpen = "caveat.area_open" [rural, urban];
    /// The reader's own (bilingual) error, for a form that cannot be read yet.
    FindingUnreadable = "finding.unreadable" [detail];
    CaveatLinesConfidence = "caveat.lines_confidence" [standard, confidence];
    CaveatThresholdsUnconfirmed = "caveat.thresholds_unconfirmed" [list];
    CaveatIndicatorConfidence = "caveat.indicator_confidence" [name, confidence];
    CaveatMissingAnswers = "caveat.missing_answers" [list];
    CaveatMiddleLineUnconfirmed = "caveat.middle_line_unconfirmed" [];
    CaveatNoIncomeForMiddle = "caveat.no_income_for_middle" [];
    CaveatNoScoreTable = "caveat.no_score_table" [standard];
    CaveatOwnScoreTable = "caveat.own_score_table" [standard, table, title, source];
    CaveatRegion = "caveat.region" [region, why];
    /// The region is not settled by the texts, for the reasons listed (`region_doubt.*`).
    CaveatRegionUnclear = "caveat.region_unclear" [reasons];
    RegionDoubtNotNamed = "region_doubt.not_named" [];
    RegionDoubtMergerUnchecked = "region_doubt.merger_unchecked" [];
    RegionDoubtHueCity = "region_doubt.hue_city" [];
    RegionDoubtFormerChosen = "region_doubt.former_chosen" [];
    RegionDoubtShippedTable = "region_doubt.shipped_table" [];
    RegionDoubtRuralCity = "region_doubt.rural_city" [];
    RegionDoubtRoundRegion = "region_doubt.round_region" [];
    /// A placement marked unclear for no reason listed above.
    RegionDoubtOther = "region_doubt.other" [];
    RegionDbsh = "region.dbsh" [];
    RegionTdmnpb = "region.tdmnpb" [];
    RegionBtbDhmt = "region.btb_dhmt" [];
    RegionTn = "region.tn" [];
    RegionDnb = "region.dnb" [];
    RegionDbscl = "region.dbscl" [];
    RegionCentralCity = "region.central_city" [region];
    ConfidenceConfirmed = "confidence.confirmed" [];
    ConfidencePartial = "confidence.partial" [];
    ConfidenceUnconfirmed = "confidence.unconfirmed" [];
    ClassPoor = "class.poor" [];
    ClassNearPoor = "class.near_poor" [];
    ClassMiddle = "class.middle" [];
    ClassOther = "class.other" [];
    MethodIncome = "method.income" [];
    MethodScore = "method.score" [];
    ExplanationMiddle = "explanation.middle" [income, line];
    ExplanationMiddleOther = "explanation.middle_other" [income, line];
    ExplanationIncomeOnlyPoor = "explanation.income_only_poor" [income, line];
    ExplanationIncomeLine = "explanation.income_line" [class, income, line, deprivations];
    ExplanationNoDeprivation = "explanation.no_deprivation" [cmp, min];
    ExplanationDeprivations = "explanation.deprivations" [count, cmp, min, names];
    ExplanationIncomeOther = "explanation.income_other" [income, line];
    ExplanationScore = "explanation.score" [class, a, a_max, b, cmp, b_min, count];
    ExplanationScoreDeprived = "explanation.score_deprived" [class, a, a_max, b, cmp, b_min, count, names];
    ExplanationAboveA = "explanation.above_a" [explanation, a, a_max];
    ExplanationNotPoorScore = "explanation.not_poor_score" [a, a_max];
    ExplanationPhieuAStop = "explanation.phieu_a_stop" [reason];
    ClassifyNoMembers = "classify.no_members" [];
    ClassifyMissingIncome = "classify.missing_income" [];
    ClassifyScoreUnavailable = "classify.score_unavailable" [standard];
    ClassifyUnknownRegion = "classify.unknown_region" [province];
    ClassifyRegionSeveral = "classify.region_several" [province];
    ClassifyRegionNamed = "classify.region_named" [province];
    ClassifyRegionCounted = "classify.region_counted" [province];
    ClassifyRegionMerged = "classify.region_merged" [province, former];
    ClassifyRegionMergedAlike = "classify.region_merged_alike" [province];
    /// A commune placed by the shipped, unofficial commune → former province table.
    ClassifyRegionShipped = "classify.region_shipped" [province, former, basis];
    ClassifyRegionHueCity = "classify.region_hue_city" [];
    /// A commune formed from two former provinces, scored by the one the round's setting names.
    ClassifyRegionChosen = "classify.region_chosen" [province, former];
    /// The round's settings name one region for every household, whatever its province.
    ClassifyRegionRound = "classify.region_round" [];
    ClassifyNoStandardForYear = "classify.no_standard_for_year" [year];
    ClassifyUnknownStandard = "classify.unknown_standard" [id];
    /// The desktop form's answers cannot be read yet, so nothing is classified.
    ClassifyFormUnreadable = "classify.form_unreadable" [];
    /// A round named by its review year and the year whose list it decides.
    RoundTitle = "round.title" [review, status];
    /// A yearly (periodic) round by its year and the year whose list it decides, as the
    /// header names it.
    RoundPeriodic = "round.periodic" [year, status];
    /// A monthly (regular) round by its year and month ("03").
    RoundRegular = "round.regular" [year, month];
    /// The list that closes the review year, under the standard in force in it.
    RoundClosing = "round.closing" [year, standard];
    /// The list that opens the status year, under the standard in force from it.
    RoundOpening = "round.opening" [year, standard];
    /// A list under a standard whose official review method is not known yet.
    RoundNoOfficialMethod = "round.no_official_method" [];
    /// What an opening list without an official method counts, and that it is not certified.
    CaveatNoOfficialMethod = "caveat.no_official_method" [standard, list];
    /// At or below the income line, but the counted indicators cannot tell poor from near-poor.
    CaveatPoorOrNearPoor = "caveat.poor_or_near_poor" [min];
    // Errors, worded in `assets/messages/errors.json`: the store's, a batch's, a sync pass's
    // and a refused review step's. Parameters are ids, codes, paths, counts and the causes'
    // own texts, never a person's name or ID number.
    StoreSqlite = "error.store.sqlite" [detail];
    StoreIo = "error.store.io" [path, source];
    StoreNewerStore = "error.store.newer_store" [found, supported];
    StoreNotInitialised = "error.store.not_initialised" [];
    StoreAlreadyInitialised = "error.store.already_initialised" [id];
    StoreUnknownUnit = "error.store.unknown_unit" [code];
    StoreRoundNotFound = "error.store.round_not_found" [what];
    StoreRoundExists = "error.store.round_exists" [what];
    StoreRoundLocked = "error.store.round_locked" [what];
    StoreRoundClosed = "error.store.round_closed" [what];
    StoreNoOpenRound = "error.store.no_open_round" [];
    StoreHouseholdNotFound = "error.store.household_not_found" [id];
    StoreRecordNotFound = "error.store.record_not_found" [id];
    StoreNotEditable = "error.store.not_editable" [state];
    StoreJournalMismatch = "error.store.journal_mismatch" [origin, seq];
    StoreUploadVanished = "error.store.upload_vanished" [];
    StoreCorrupt = "error.store.corrupt" [what, source];
    StoreInvalidInstallationId = "error.store.invalid_installation_id" [id];
    StoreInvalidClass = "error.store.invalid_class" [class];
    StoreRoundMonth = "error.store.round_month" [];
    StoreRoundYear = "error.store.round_year" [year];
    StoreUnitDate = "error.store.unit_date" [date];
    StoreTooManyHouseholds = "error.store.too_many_households" [households];
    StoreNoAnswersYet = "error.store.no_answers_yet" [];
    StoreAnswersIncomplete = "error.store.answers_incomplete" [missing, list];
    StoreDuplicateCode = "error.store.duplicate_code" [code, village];
    StoreDuplicateCodeNoVillage = "error.store.duplicate_code_no_village" [code];
    StoreNoHouseholdChosen = "error.store.no_household_chosen" [];
    StoreTransferredAway = "error.store.transferred_away" [code, to];
    StoreSetAsideNotAllowed = "error.store.set_aside_not_allowed" [state];
    StoreVillageNameEmpty = "error.store.village_name_empty" [];
    StoreVillageExists = "error.store.village_exists" [name];
    StoreVillageUnknown = "error.store.village_unknown" [name];
    StoreVillagesNotACommune = "error.store.villages_not_a_commune" [];
    StoreRoundSettingsNotTheOffice = "error.store.round_settings_not_the_office" [what, office];
    StoreRoundSettingsRecognised = "error.store.round_settings_recognised" [what, recognised];
    StoreListNotForACommune = "error.store.list_not_for_a_commune" [code, level];
    StoreNoConflict = "error.store.no_conflict" [household_id];
    StoreNotAConflictingEdit = "error.store.not_a_conflicting_edit" [entry_id];
    StoreMissingRound = "error.store.missing_round" [round_id, origin, seq];
    StoreMalformedEntityId = "error.store.malformed_entity_id" [entity_id];
    StoreAnswersHashMismatch = "error.store.answers_hash_mismatch" [hash];
    StoreAnswersMissing = "error.store.answers_missing" [hash];
    StoreAnswersAt = "error.store.answers_at" [line, column];
    StoreStoredAnswers = "error.store.stored_answers" [source];
    StoreStoredWord = "error.store.stored_word" [what, word];
    StoreMigration = "error.store.migration" [name, source];
    StoreReferenceUnits = "error.store.reference_units" [source];
    StoreIntegrityCheck = "error.store.integrity_check" [verdict];
    StoreJson = "error.store.json" [detail];
    StoreListUnreadable = "error.store.list_unreadable" [path, reason];
    StoreListInvalid = "error.store.list_invalid" [n_errors];
    StoreLocked = "error.store.locked" [];
    StoreKeysFileDamaged = "error.store.keys_file_damaged" [];
    StoreKeySlotDamaged = "error.store.key_slot_damaged" [];
    StoreWrongPin = "error.store.wrong_pin" [tries_left];
    StoreTryLater = "error.store.try_later" [seconds];
    StoreWrongRecoveryKey = "error.store.wrong_recovery_key" [];
    StoreRecoveryKeyMalformed = "error.store.recovery_key_malformed" [];
    StorePinTooWeak = "error.store.pin_too_weak" [];
    StoreUnknownPerson = "error.store.unknown_person" [];
    StorePersonDisabled = "error.store.person_disabled" [];
    StoreNotAdministrator = "error.store.not_administrator" [];
    StoreLastAdministrator = "error.store.last_administrator" [];
    StoreKeyFileTooOpen = "error.store.key_file_too_open" [path];
    StoreNotProtected = "error.store.not_protected" [];
    StoreInstallationMoved = "error.store.installation_moved" [on];
    StoreMovePassphraseTooShort = "error.store.move_passphrase_too_short" [min];
    StoreMoveWrongPassphrase = "error.store.move_wrong_passphrase" [];
    StoreMoveFileDamaged = "error.store.move_file_damaged" [];
    StoreMoveNotOurFile = "error.store.move_not_our_file" [];
    StoreMoveTargetExists = "error.store.move_target_exists" [path];
    StoreStandardsNotTheOffice = "error.store.standards_not_the_office" [office];
    TransitionNotAllowed = "error.transition.not_allowed" [action, state];
    TransitionWrongRole = "error.transition.wrong_role" [role, action];
    TransitionMissingComment = "error.transition.missing_comment" [];
    TransitionMissingDecision = "error.transition.missing_decision" [];
    TransitionBadMeeting = "error.transition.bad_meeting" [agreeing, attendees];
    TransitionNoOfficialMethod = "error.transition.no_official_method" [standard];
    TransitionNotTransitionRound = "error.transition.not_transition_round" [year];
    TransitionFormNotAccepted = "error.transition.form_not_accepted" [state];
    TransitionOpeningNotAllowed = "error.transition.opening_not_allowed" [action, state];
    StandardsMalformed = "error.standards.malformed" [path];
    StandardsInconsistent = "error.standards.inconsistent" [id, reason];
    StandardsEmpty = "error.standards.empty" [];
    StandardsRescaledScore = "error.standards.rescaled_score" [id];
    StandardsScoreWithoutTable = "error.standards.score_without_table" [id];
    StandardsBadScoreTable = "error.standards.bad_score_table" [id, fault];
    StandardsConfirmedFactChanged = "error.standards.confirmed_fact_changed" [id, fact];
    StandardsTwoNational = "error.standards.two_national" [year, first, second];
    BatchEmpty = "error.batch.empty" [];
    BatchNotOurFile = "error.batch.not_our_file" [what];
    BatchTruncated = "error.batch.truncated" [what];
    BatchNewerFormat = "error.batch.newer_format" [found, supported];
    BatchTooLarge = "error.batch.too_large" [what, size, limit];
    BatchTrailingBytes = "error.batch.trailing_bytes" [];
    BatchManifest = "error.batch.manifest" [source];
    BatchManifestFormat = "error.batch.manifest_format" [format, version, file_version];
    BatchCardJson = "error.batch.card_json" [source];
    BatchCardFormat = "error.batch.card_format" [format];
    BatchCardInstallationId = "error.batch.card_installation_id" [];
    BatchCardKey = "error.batch.card_key" [which];
    BatchBadSignature = "error.batch.bad_signature" [what];
    BatchWrongRecipient = "error.batch.wrong_recipient" [recipient, this];
    BatchUnknownSender = "error.batch.unknown_sender" [sender];
    BatchFromSelf = "error.batch.from_self" [];
    BatchDecrypt = "error.batch.decrypt" [source];
    BatchDecompress = "error.batch.decompress" [source];
    BatchPayloadMismatch = "error.batch.payload_mismatch" [detail];
    BatchPayload = "error.batch.payload" [detail];
    BatchCertificate = "error.batch.certificate" [subject, reason];
    BatchUnknownOrigin = "error.batch.unknown_origin" [origin, seq];
    BatchEntrySignature = "error.batch.entry_signature" [origin, seq];
    BatchEntryMismatch = "error.batch.entry_mismatch" [origin, seq, id];
    BatchMissingPrerequisites = "error.batch.missing_prerequisites" [missing];
    BatchNothingToSend = "error.batch.nothing_to_send" [recipient];
    BatchNotEnrolled = "error.batch.not_enrolled" [id];
    BatchEnrolmentConflict = "error.batch.enrolment_conflict" [id];
    BatchEnrolSelf = "error.batch.enrol_self" [];
    BatchEnrolmentNotAllowed = "error.batch.enrolment_not_allowed" [id, role, unit];
    BatchNoIdentity = "error.batch.no_identity" [];
    BatchRandom = "error.batch.random" [source];
    BatchEncode = "error.batch.encode" [source];
    BatchCompress = "error.batch.compress" [source];
    BatchEncrypt = "error.batch.encrypt" [source];
    BatchNotCanonical = "error.batch.not_canonical" [what, value];
    BatchOutsideUnit = "error.batch.outside_unit" [origin, seq, household, unit];
    BatchVillagesOutsideUnit = "error.batch.villages_outside_unit" [origin, seq, unit];
    BatchMovesHousehold = "error.batch.moves_household" [origin, seq, household, from, to];
    BatchTransferNotAllowed = "error.batch.transfer_not_allowed" [origin, seq, household, from, to];
    BatchTransferRefused = "error.batch.transfer_refused" [household, from, to];
    BatchTransferWithinUnit = "error.batch.transfer_within_unit" [household, to];
    BatchTransferReasonMissing = "error.batch.transfer_reason_missing" [];
    BatchRoundNotAllowed = "error.batch.round_not_allowed" [origin, seq];
    BatchStandardsNotAllowed = "error.batch.standards_not_allowed" [origin, seq];
    BatchReviewStepNotAllowed = "error.batch.review_step_not_allowed" [origin, seq, household, unit, step, office];
    BatchAnswersNotEditable = "error.batch.answers_not_editable" [origin, seq, household, unit, state];
    BatchRecordNotEditable = "error.batch.record_not_editable" [origin, seq, household, unit, state, office];
    BatchParentNotArrived = "error.batch.parent_not_arrived" [origin, seq, household, unit];
    BatchReviewStepCycle = "error.batch.review_step_cycle" [origin, seq, household, unit];
    BatchRecordedInFuture = "error.batch.recorded_in_future" [origin, seq];
    BatchRecordedInFutureHousehold = "error.batch.recorded_in_future_household" [origin, seq, household, unit];
    BatchContentHash = "error.batch.content_hash" [origin, seq];
    BatchContentHashHousehold = "error.batch.content_hash_household" [origin, seq, household, unit];
    BatchRevoked = "error.batch.revoked" [installation, date];
    BatchRevocationNotAllowed = "error.batch.revocation_not_allowed" [origin, seq];
    BatchFork = "error.batch.fork" [origin, seq];
    BatchCertificateExpired = "error.batch.certificate_expired" [installation, date];
    BatchCertificateNotYetValid = "error.batch.certificate_not_yet_valid" [installation, date];
    BatchCertificateWithoutPeriod = "error.batch.certificate_without_period" [installation];
    BatchValidityOrder = "error.batch.validity_order" [];
    BatchActionSignature = "error.batch.action_signature" [origin, seq];
    BatchActionsNotAllowed = "error.batch.actions_not_allowed" [origin];
    SyncRefused = "error.sync.refused" [code, reason];
    SyncStatus = "error.sync.status" [status];
    SyncUnreachable = "error.sync.unreachable" [attempts, reason];
    SyncNoNetwork = "error.sync.no_network" [attempts, reason];
    SyncServerNotEnrolled = "error.sync.server_not_enrolled" [server];
    SyncProtocol = "error.sync.protocol" [detail];
    SyncTls = "error.sync.tls" [reason];
    SyncBatchRefused = "error.sync.batch_refused" [batch_id, code, reason];
    SyncNotInOutbox = "error.sync.not_in_outbox" [batch_id];
    // The desktop's own refusals.
    /// A cause in its own words (a library's text), for a failure with nothing more to say.
    ErrorDetail = "error.detail" [detail];
    DesktopStoreNotOpen = "error.desktop.store_not_open" [];
    DesktopStorePoisoned = "error.desktop.store_poisoned" [];
    DesktopUnknownStandard = "error.desktop.unknown_standard" [id];
    DesktopNameMissing = "error.desktop.name_missing" [];
    DesktopNoStandardForYear = "error.desktop.no_standard_for_year" [year];
    DesktopFormHasErrors = "error.desktop.form_has_errors" [];
    DesktopUnitNotInRound = "error.desktop.unit_not_in_round" [];
    DesktopNoUnit = "error.desktop.no_unit" [];
    DesktopTargetsDamaged = "error.desktop.targets_damaged" [detail];
    DesktopFolderNotAbsolute = "error.desktop.folder_not_absolute" [];
    DesktopUnknownExportKind = "error.desktop.unknown_export_kind" [kind];
    DesktopCannotCreateFolder = "error.desktop.cannot_create_folder" [path, source];
    DesktopNoLongerInConflict = "error.desktop.no_longer_in_conflict" [];
    DesktopEntryMissing = "error.desktop.entry_missing" [entry_id];
    DesktopChooseFolder = "error.desktop.choose_folder" [];
    DesktopCannotReadFile = "error.desktop.cannot_read_file" [source];
    DesktopCannotWriteFolder = "error.desktop.cannot_write_folder" [source];
    DesktopChooseBatchFile = "error.desktop.choose_batch_file" [];
    DesktopInvalidServerAddress = "error.desktop.invalid_server_address" [reason];
    DesktopSyncNotStarted = "error.desktop.sync_not_started" [];
    DesktopServerAddressNeeded = "error.desktop.server_address_needed" [];
    DesktopSyncOff = "error.desktop.sync_off" [];
}

impl Code {
    /// Whether the code is an error's, worded in `errors.json`.
    pub fn is_error(self) -> bool {
        self.as_str().starts_with(ERROR_PREFIX)
    }
}

/// Something to say: a code and the values of its placeholders.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub code: Code,
    pub params: BTreeMap<String, Arg>,
}

/// The value of a placeholder.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    /// A count or a number, written the same in both languages.
    Number(i64),
    /// A code or an identifier, written the same in both languages.
    Text(String),
    /// Words that come with data in both languages (an indicator's name in a standard file).
    Words(Words),
    /// An amount of money, written the way each language's readers write it.
    Money(Money),
    /// Another message of the catalogue.
    Message(Message),
    /// Several values, joined with ", ".
    List(Vec<Arg>),
}

/// The two languages of one name that a data file carries.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Words {
    pub vi: String,
    pub en: String,
}

/// Whole đồng: "1.230.000 đ" in Vietnamese, "1,230,000 VND" in English.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub dong: i64,
}

impl Message {
    pub fn new(code: Code) -> Message {
        Message {
            code,
            params: BTreeMap::new(),
        }
    }

    /// Fills one placeholder.
    pub fn with(mut self, name: &str, value: impl Into<Arg>) -> Message {
        self.params.insert(name.to_string(), value.into());
        self
    }
}

impl From<Code> for Message {
    fn from(code: Code) -> Message {
        Message::new(code)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Number(n)
    }
}

impl From<i32> for Arg {
    fn from(n: i32) -> Arg {
        Arg::Number(n.into())
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<Words> for Arg {
    fn from(w: Words) -> Arg {
        Arg::Words(w)
    }
}

impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Message(m)
    }
}

impl From<Money> for Arg {
    fn from(m: Money) -> Arg {
        Arg::Money(m)
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u16> for Arg {
    fn from(n: u16) -> Arg {
        Arg::Number(n.into())
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Number(n.into())
    }
}

impl From<Code> for Arg {
    fn from(c: Code) -> Arg {
        Arg::Message(Message::new(c))
    }
}

impl<T: Into<Arg>> From<Vec<T>> for Arg {
    fn from(items: Vec<T>) -> Arg {
        Arg::List(items.into_iter().map(Into::into).collect())
    }
}

/// The words of one code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub vi: String,
    pub en: String,
}

impl Texts {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    format: String,
    messages: BTreeMap<String, Texts>,
}

/// The catalogue compiled in (both files), parsed once.
pub fn catalogue() -> &'static BTreeMap<String, Texts> {
    static CATALOGUE: OnceLock<BTreeMap<String, Texts>> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let mut all = parse("assets/messages/domain.json", CATALOGUE_JSON);
        all.extend(parse("assets/messages/errors.json", ERRORS_JSON));
        all
    })
}

fn parse(name: &str, json: &str) -> BTreeMap<String, Texts> {
    match serde_json::from_str::<CatalogueFile>(json) {
        Ok(file) if file.format == "messages.v1" => file.messages,
        // The embedded files are part of the build and `catalogue_matches_the_codes` parses
        // them; reaching this line means a broken build, never a bad input.
        Ok(file) => panic!("{name}: unknown format {}", file.format),
        Err(e) => panic!("{name} is invalid: {e}"),
    }
}

/// The words of a code without placeholders, in one language (a class's or a method's name).
pub fn text(lang: Lang, code: Code) -> &'static str {
    catalogue().get(code.as_str()).map_or("", |t| t.get(lang))
}

/// The message in one language, its placeholders filled. A placeholder without a value stays
/// visible as `{name}`, so a gap shows instead of a silent blank.
pub fn render(lang: Lang, message: &Message) -> String {
    let Some(texts) = catalogue().get(message.code.as_str()) else {
        return format!("⟦{}⟧", message.code.as_str());
    };
    fill(texts.get(lang), |name, out| {
        match message.params.get(name) {
            Some(arg) => {
                render_arg(lang, arg, out);
                true
            }
            None => false,
        }
    })
}

/// Vietnamese first, then English after a slash, as the command line writes every message.
pub fn bilingual(message: &Message) -> String {
    format!(
        "{} / {}",
        render(Lang::Vi, message),
        render(Lang::En, message)
    )
}

fn render_arg(lang: Lang, arg: &Arg, out: &mut String) {
    match arg {
        Arg::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Arg::Text(s) => out.push_str(s),
        Arg::Words(w) => out.push_str(match lang {
            Lang::Vi => &w.vi,
            Lang::En => &w.en,
        }),
        Arg::Money(Money { dong }) => out.push_str(&match lang {
            Lang::Vi => crate::labels::dong(*dong),
            Lang::En => format!(
                "{} VND",
                crate::labels::group_thousands(*dong).replace('.', ",")
            ),
        }),
        Arg::Message(m) => out.push_str(&render(lang, m)),
        Arg::List(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render_arg(lang, item, out);
            }
        }
    }
}

/// Copies `text`, letting `value` write each `{name}`; when it has none, the braces stay.
fn fill(text: &str, mut value: impl FnMut(&str, &mut String) -> bool) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                let name = &after[..close];
                if !value(name, &mut out) {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The `{name}` placeholders of a text, sorted.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    fill(text, |name, _| {
        names.push(name.to_string());
        false
    });
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_matches_the_codes() {
        let domain = parse("domain.json", CATALOGUE_JSON);
        let errors = parse("errors.json", ERRORS_JSON);
        for code in Code::ALL {
            let key = code.as_str();
            let is_error = code.is_error();
            let (file, other) = if is_error {
                (&errors, &domain)
            } else {
                (&domain, &errors)
            };
            let texts = file
                .get(key)
                .unwrap_or_else(|| panic!("{key} missing from its catalogue file"));
            assert!(!other.contains_key(key), "{key} is in both files");
            let mut declared: Vec<String> = code.params().iter().map(|p| p.to_string()).collect();
            declared.sort();
            assert!(!texts.vi.is_empty() && !texts.en.is_empty(), "{key}");
            let (vi, en) = (placeholders(&texts.vi), placeholders(&texts.en));
            if is_error {
                // An error's English half is often terser than its Vietnamese (the CLI prints
                // both, joined): each language uses only declared values, and together all.
                for name in vi.iter().chain(&en) {
                    assert!(declared.contains(name), "{key}: {{{name}}} is not declared");
                }
                for name in &declared {
                    assert!(
                        vi.contains(name) || en.contains(name),
                        "{key}: {{{name}}} is declared but never shown"
                    );
                }
            } else {
                assert_eq!(vi, declared, "{key} (vi)");
                assert_eq!(en, declared, "{key} (en)");
            }
        }
        let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        for key in domain.keys().chain(errors.keys()) {
            assert!(
                known.contains(&key.as_str()),
                "{key} is in the catalogue but no code emits it"
            );
        }
    }

    #[test]
    fn codes_serialise_as_their_catalogue_key() {
        for code in Code::ALL {
            let json = serde_json::to_value(code).expect("serialises");
            assert_eq!(json, serde_json::Value::String(code.as_str().into()));
        }
    }

    #[test]
    fn renders_both_languages_with_nested_values() {
        let m = Message::new(Code::CaveatThresholdsUnconfirmed).with(
            "list",
            vec![Message::new(Code::CaveatIndicatorConfidence)
                .with(
                    "name",
                    Words {
                        vi: "Nhà ở".into(),
                        en: "Housing".into(),
                    },
                )
                .with("confidence", Code::ConfidencePartial)],
        );
        assert_eq!(
            render(Lang::Vi, &m),
            "Ngưỡng thiếu hụt chưa xác nhận đầy đủ: Nhà ở (xác nhận một phần)."
        );
        assert_eq!(
            render(Lang::En, &m),
            "Deprivation thresholds not fully confirmed: Housing (partly confirmed)."
        );
        let two = Message::new(Code::FindingTwoHeads).with("heads", 2);
        assert_eq!(
            bilingual(&two),
            "Có 2 chủ hộ: mỗi hộ chỉ có một chủ hộ. / 2 heads: a household has exactly one."
        );
        // A missing value shows itself rather than vanishing.
        assert_eq!(
            render(Lang::En, &Message::new(Code::FindingTwoHeads)),
            "{heads} heads: a household has exactly one."
        );
    }

    #[test]
    fn money_reads_the_way_each_language_writes_it() {
        let m = Message::new(Code::ExplanationIncomeOther)
            .with("income", Money { dong: 2_100_000 })
            .with("line", Money { dong: 1_500_000 });
        assert_eq!(
            render(Lang::Vi, &m),
            "Hộ khác: thu nhập 2.100.000 đ/người/tháng > 1.500.000 đ"
        );
        assert_eq!(
            render(Lang::En, &m),
            "Other: income 2,100,000 VND/person/month > 1,500,000 VND"
        );
        assert_eq!(text(Lang::Vi, Code::ClassPoor), "Hộ nghèo");
        assert_eq!(text(Lang::En, Code::MethodScore), "score (Phiếu B1, B2)");
    }

    #[test]
    fn a_message_travels_as_json_and_back() {
        let m = Message::new(Code::CaveatMissingAnswers).with(
            "list",
            vec![Words {
                vi: "Nước".into(),
                en: "Water".into(),
            }],
        );
        let json = serde_json::to_string(&m).expect("serialises");
        assert_eq!(
            json,
            r#"{"code":"caveat.missing_answers","params":{"list":[{"vi":"Nước","en":"Water"}]}}"#
        );
        let back: Message = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, m);
    }
}
