// Typed calls to the Rust commands. Types come from bindings.ts, generated from Rust.
import { invoke } from "@tauri-apps/api/core";
import type {
  AppStatus,
  CommandError,
  ErrorCode,
  Evaluation,
  Household,
  HouseholdForm,
  HouseholdList,
  HouseholdQuery,
  OverviewView,
  ReviewInput,
  ReviewState,
  SaveOutcome,
  SetupInput,
  UnitOption,
} from "./bindings";

/** A command's refusal, as the UI handles it. */
export class AppError extends Error {
  constructor(
    public code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const CODES: ErrorCode[] = ["not_set_up", "invalid", "not_found", "refused", "storage"];

/** Whatever a command threw, as an AppError (a panic or a bridge failure becomes `storage`). */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const c = e as CommandError;
    return new AppError(CODES.includes(c.code) ? c.code : "storage", String(c.message));
  }
  return new AppError("storage", String(e));
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const api = {
  status: () => call<AppStatus>("status"),
  communes: () => call<UnitOption[]>("communes"),
  setup: (input: SetupInput) => call<AppStatus>("setup", { input }),
  listHouseholds: (query: HouseholdQuery) => call<HouseholdList>("list_households", { query }),
  overview: () => call<OverviewView>("overview"),
  evaluate: (household: Household) => call<Evaluation>("evaluate", { household }),
  newHousehold: () => call<HouseholdForm>("new_household"),
  openHousehold: (id: string) => call<HouseholdForm>("open_household", { id }),
  saveHousehold: (household: Household, complete: boolean) =>
    call<SaveOutcome>("save_household", { household, complete }),
  reviewHousehold: (id: string, input: ReviewInput) =>
    call<ReviewState>("review_household", { id, input }),
};

// dashboard (#7): the "Báo cáo" screen's commands and the export progress events.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { DashboardView, DashExportInput, DashExportProgress, DashExportResult, DashQuery } from "./bindings";

export const dashboardApi = {
  dashboard: (query: DashQuery) => call<DashboardView>("dashboard", { query }),
  households: (commune: string, village: string) =>
    call<HouseholdList>("dashboard_households", { commune, village }),
  exportTo: (input: DashExportInput) => call<DashExportResult>("dashboard_export", { input }),
  onExportProgress: (f: (p: DashExportProgress) => void): Promise<UnlistenFn> =>
    listen<DashExportProgress>("dash-export-progress", (e) => f(e.payload)),
};
