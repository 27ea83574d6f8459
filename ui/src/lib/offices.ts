/** What an installation's role lets the window offer: the offices above the communes (a
 * district, or a province since 07/2025) hold many communes and keep no village list. */
import type { Role } from "./bindings";

/** A district or a province: the reporting office of its communes. */
export function isOffice(role: Role | null | undefined): boolean {
  return role === "district" || role === "province";
}

/** Who takes the commune's review steps and resolves conflicts: a commune or an office. */
export function reviews(role: Role | null | undefined): boolean {
  return role === "commune" || isOffice(role);
}
