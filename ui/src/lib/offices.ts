/** What an installation's role lets the window offer: the offices above the communes (a
 * district, or a province since 07/2025) hold many communes and keep no village list. */
import type { Role } from "./bindings";
import type { Key } from "./i18n";

/** A district or a province: the reporting office of its communes. */
export function isOffice(role: Role | null | undefined): boolean {
  return role === "district" || role === "province";
}

/** Who takes the commune's review steps and resolves conflicts: a commune or an office. */
export function reviews(role: Role | null | undefined): boolean {
  return role === "commune" || isOffice(role);
}

/** The level of the units an installation of `role` serves (the reference units' `level`). */
export function unitLevel(role: Role): "commune" | "district" | "province" {
  return role === "district" || role === "province" ? role : "commune";
}

const RANK: Record<Role, number> = { enumerator: 0, commune: 1, district: 2, province: 3 };

/**
 * Whether the window offers this installation to revoke a peer of `peerRole`, as the rule
 * (`may_revoke`) allows: a district or province an installation below it, a commune its
 * enumerators; nobody an office at or above its own. Whether the peer's unit is one this
 * installation answers for is checked when it revokes.
 */
export function mayRevoke(role: Role, peerRole: string): boolean {
  if (!(peerRole in RANK)) return false;
  if (!(isOffice(role) || role === "commune")) return false;
  return RANK[peerRole as Role] < RANK[role];
}

/** What is wrong with the days chosen for an enrolment (ISO, "" for not chosen), if anything. */
export function periodProblem(validFrom: string, validUntil: string, today: string): Key | null {
  if (validFrom && validUntil && validUntil < validFrom) return "exchange.period_backwards";
  if (validUntil && validUntil < today) return "exchange.period_past";
  return null;
}

/** Today's day (UTC, as every day the exchange shows), ISO. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
