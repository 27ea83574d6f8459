// Typed calls to the Rust commands. Types come from bindings.ts, generated from Rust.
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event"; // background sync
import type {
  AppStatus,
  CommandError,
  ErrorCode,
  Evaluation,
  Household,
  HouseholdForm,
  HouseholdList,
  HouseholdQuery,
  Message,
  OverviewView,
  ReviewInput,
  ReviewState,
  SaveOutcome,
  SetupInput,
  UnitOption,
  PhieuAFormView,
  ProtectOutcome, // signing in
  SessionView, // signing in
  SyncSettingsInput, // background sync
  SyncStatusView, // background sync
  AutosaveOutcome,
  VillageView,
  MeetingInput,
  RecognitionInput,
  StepOutcome,
  StepListsView, // the opening list's meeting and recognition
  OpeningQuery,
  OpeningRow,
} from "./bindings";
import { isCode, renderMessage } from "./i18n";
// exchange
import type {
  CardPreview,
  ConflictDetail,
  ConflictView,
  DuplicateCodeView,
  ExchangeView,
  ImportOutcome,
  ImportProgress,
  NewInstallationView,
  PickKind,
  ReceiptOutcome,
  TransferPreview,
  TransferView,
  WrittenFile,
} from "./bindings";

/** A command's refusal, as the UI handles it: `detail` is what the store, a batch, sync or the
 * desktop said, as a catalogue code the window renders in the user's language (`errorText`). */
export class AppError extends Error {
  constructor(
    public code: ErrorCode,
    public detail: Message,
  ) {
    // Error's own text (for the console) is the Vietnamese, as the CLI would print it first.
    super(renderMessage("vi", detail));
  }
}

/** A failure with no code of its own (a bridge failure, a panic): its text as it came. */
function plain(text: string): Message {
  return { code: "error.detail", params: { detail: text } };
}

function isMessage(m: unknown): m is Message {
  return !!m && typeof m === "object" && "code" in m && "params" in m && isCode(String(m.code));
}

const CODES: ErrorCode[] = ["not_set_up", "invalid", "not_found", "refused", "storage", "locked"];

/** Whatever a command threw, as an AppError (a panic or a bridge failure becomes `storage`). */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const c = e as CommandError;
    const detail = isMessage(c.message) ? c.message : plain(String(c.message));
    return new AppError(CODES.includes(c.code) ? c.code : "storage", detail);
  }
  return new AppError("storage", plain(String(e)));
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const api = {
  // signing in, the lock
  session: () => call<SessionView>("session"),
  signIn: (personId: string, pin: string) => call<SessionView>("sign_in", { personId, pin }),
  signInRecovery: (personId: string, recoveryKey: string, newPin: string) =>
    call<SessionView>("sign_in_recovery", { personId, recoveryKey, newPin }),
  protectStore: (name: string, pin: string) => call<ProtectOutcome>("protect_store", { name, pin }),
  lock: () => call<SessionView>("lock"),
  status: () => call<AppStatus>("status"),
  communes: () => call<UnitOption[]>("communes"),
  /** The reference units of a level: `commune`, `district` or `province`. */
  unitsOfLevel: (level: string) => call<UnitOption[]>("units_of_level", { level }),
  setup: (input: SetupInput) => call<AppStatus>("setup", { input }),
  listHouseholds: (query: HouseholdQuery) => call<HouseholdList>("list_households", { query }),
  overview: () => call<OverviewView>("overview"),
  evaluate: (household: Household) => call<Evaluation>("evaluate", { household }),
  newHousehold: () => call<HouseholdForm>("new_household"),
  openHousehold: (id: string) => call<HouseholdForm>("open_household", { id }),
  saveHousehold: (household: Household, complete: boolean) =>
    call<SaveOutcome>("save_household", { household, complete }),
  // The form as typed, kept so nothing is lost (a new household's first readable version
  // becomes its draft record).
  autosaveHousehold: (household: Household) =>
    call<AutosaveOutcome>("autosave_household", { household }),
  proposeCode: (village: string) => call<string | null>("propose_code", { village }),
  // The commune's list of villages; each change returns the list as it is then.
  villages: () => call<VillageView[]>("villages"),
  addVillage: (name: string) => call<VillageView[]>("add_village", { name }),
  renameVillage: (from: string, to: string) => call<VillageView[]>("rename_village", { from, to }),
  setVillageRetired: (name: string, retired: boolean) => call<VillageView[]>("set_village_retired", { name, retired }),
  reviewHousehold: (id: string, input: ReviewInput) =>
    call<ReviewState>("review_household", { id, input }),
  // The village meeting and the recognition for the chosen households of a village.
  recordMeeting: (input: MeetingInput) => call<StepOutcome>("record_meeting", { input }),
  recordRecognition: (input: RecognitionInput) => call<StepOutcome>("record_recognition", { input }),
  // A transition round's opening list: which lists, its households at the step, its steps.
  stepLists: () => call<StepListsView>("step_lists"),
  openingHouseholds: (query: OpeningQuery) => call<OpeningRow[]>("opening_households", { query }),
  recordOpeningMeeting: (input: MeetingInput) => call<StepOutcome>("record_opening_meeting", { input }),
  recordOpeningRecognition: (input: RecognitionInput) => call<StepOutcome>("record_opening_recognition", { input }),
  // Phiếu A's wording for a household of this province.
  phieuAForm: (province: string) => call<PhieuAFormView>("phieu_a_form", { province }),
  // background sync
  syncStatus: () => call<SyncStatusView>("sync_status"),
  syncConfigure: (input: SyncSettingsInput) => call<SyncStatusView>("sync_configure", { input }),
  syncNow: () => call<SyncStatusView>("sync_now"),
  // refused batches on the sync screen
  syncDiscard: (batchId: string) => call<SyncStatusView>("sync_discard", { batchId }),
};

// background sync: the task sends its status as the `sync-status` event on every change.
export function onSyncStatus(handler: (status: SyncStatusView) => void): Promise<UnlistenFn> {
  return listen<SyncStatusView>("sync-status", (event) => handler(event.payload));
}
// closing the window: the shell holds the close button's request until the open form is kept.
export function onWindowClosing(handler: () => void): Promise<UnlistenFn> {
  return listen<null>("window-closing", () => handler());
}
export const closeWindow = () => call<null>("close_window");

// exchange: identity cards, batches and receipts on files, conflicts.
export const exchangeApi = {
  overview: () => call<ExchangeView>("exchange_overview"),
  exportCard: (folder: string) => call<WrittenFile>("exchange_export_card", { folder }),
  readCard: (path: string) => call<CardPreview>("exchange_read_card", { path }),
  /** Enrols a card; a day left empty ("") is the default (from today, five years). */
  enrol: (path: string, validFrom = "", validUntil = "") =>
    call<ExchangeView>("exchange_enrol", { path, validFrom: validFrom || null, validUntil: validUntil || null }),
  /** Revokes an installation from today on (asked for in the window first). */
  revoke: (installation: string) => call<ExchangeView>("exchange_revoke", { installation }),
  /** Makes a copied or restored store a new installation (asked for in the window first). */
  newInstallation: () => call<NewInstallationView>("exchange_new_installation"),
  exportBatch: (recipient: string, folder: string) =>
    call<WrittenFile>("exchange_export_batch", { recipient, folder }),
  /** Imports batch files; `onProgress` hears each phase of each file as Rust reaches it. */
  importBatches: (paths: string[], onProgress: (p: ImportProgress) => void) => {
    const channel = new Channel<ImportProgress>();
    channel.onmessage = onProgress;
    return call<ImportOutcome>("exchange_import_batches", { paths, onProgress: channel });
  },
  exportReceipt: (peer: string, folder: string) =>
    call<WrittenFile>("exchange_export_receipt", { peer, folder }),
  importReceipt: (path: string) => call<ReceiptOutcome>("exchange_import_receipt", { path }),
  /** The system's file chooser; an empty list when the person cancelled. */
  pick: (kind: PickKind) => call<string[]>("exchange_pick", { kind }),
  conflicts: () => call<ConflictView[]>("conflicts_list"),
  conflictDetail: (householdId: string, roundId: string) =>
    call<ConflictDetail>("conflicts_detail", { householdId, roundId }),
  resolve: (householdId: string, roundId: string, keepEntryId: string) =>
    call<ConflictView[]>("conflicts_resolve", { householdId, roundId, keepEntryId }),
  duplicateCodes: () => call<DuplicateCodeView[]>("conflicts_duplicate_codes"),
  transfers: () => call<TransferView[]>("transfers_list"),
  transferPreview: (code: string, to: string) => call<TransferPreview[]>("transfers_preview", { code, to }),
  transfer: (householdId: string, to: string, reason: string) =>
    call<TransferView[]>("transfers_make", { householdId, to, reason }),
};

// the administrator's people, idle lock and action log
import type { AuditQuery, AuditView, MovedOutView, MoveView, NewPersonInput, PeopleView } from "./bindings";

export const peopleApi = {
  overview: () => call<PeopleView>("people_overview"),
  add: (input: NewPersonInput) => call<PeopleView>("people_add", { input }),
  resetPin: (personId: string, pin: string) => call<PeopleView>("people_reset_pin", { personId, pin }),
  disable: (personId: string) => call<PeopleView>("people_disable", { personId }),
  setIdleLock: (minutes: number) => call<PeopleView>("people_set_idle_lock", { minutes }),
  audit: (query: AuditQuery) => call<AuditView>("audit_list", { query }),
  moveOverview: () => call<MoveView>("move_overview"),
  moveOut: (folder: string, passphrase: string) => call<MovedOutView>("move_out", { folder, passphrase }),
  moveIn: (file: string, passphrase: string) => call<SessionView>("move_in", { file, passphrase }),
};

// dashboard: the "Báo cáo" screen's commands; an export's progress comes on a channel.
import type { DashboardView, DashExportInput, DashExportProgress, DashExportResult, DashPrintInput, DashPrintout, DashQuery } from "./bindings";

export const dashboardApi = {
  dashboard: (query: DashQuery) => call<DashboardView>("dashboard", { query }),
  households: (commune: string, village: string) =>
    call<HouseholdList>("dashboard_households", { commune, village }),
  /** Writes an export; `onProgress` hears the rows written as the store streams them. */
  exportTo: (input: DashExportInput, onProgress: (p: DashExportProgress) => void) => {
    const channel = new Channel<DashExportProgress>();
    channel.onmessage = onProgress;
    return call<DashExportResult>("dashboard_export", { input, onProgress: channel });
  },
  /** The posting lists or certificates as one document to show and print. */
  printout: (input: DashPrintInput) => call<DashPrintout>("dashboard_print", { input }),
};
