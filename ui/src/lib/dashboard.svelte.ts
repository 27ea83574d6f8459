// The dashboard's shared state and number formatting. Where the drill-down stands is kept
// outside the component, so that closing a household's form brings the user back to the same
// village. Figures come formatted from the store's values; nothing is computed here.
import type { DashQuery } from "./bindings";
import { locale, t } from "./ui.svelte";

export const TOP: DashQuery = { commune: null, valid_from: null, village: null };

export const dashboardPlace = $state<{ query: DashQuery }>({ query: { ...TOP } });

export function fmtCount(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

export function fmtNumber(v: number | null, digits = 2): string {
  if (v === null) return "—";
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

/** Whole numbers without decimals, others with two. */
export function fmtPlain(v: number): string {
  return fmtNumber(v, Number.isInteger(v) ? 0 : 2);
}

export function fmtRate(v: number | null): string {
  return v === null ? "—" : `${fmtNumber(v)} %`;
}

/** A target's value in its own unit (`percent`, `points_per_year`, `dong_per_person_year`, `households`). */
export function fmtTarget(v: number | null, unit: string): string {
  if (v === null) return "—";
  switch (unit) {
    case "percent":
      return fmtRate(v);
    case "points_per_year":
      return t("dash.unit.points_per_year", { v: fmtNumber(v) });
    case "dong_per_person_year":
      return t("dash.unit.dong_per_person_year", { v: fmtNumber(v, 0) });
    case "households":
      return t("dash.unit.households", { v: fmtNumber(v, 0) });
    default:
      return `${fmtNumber(v)} ${unit}`;
  }
}

/** The label of a confidence mark other than confirmed, or nothing. */
export function confidenceLabel(c: string | null | undefined): string | null {
  if (c === "unconfirmed") return t("common.unconfirmed");
  if (c === "partial") return t("common.partial");
  return null;
}
