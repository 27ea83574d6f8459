// Small pure helpers of the form: which findings belong to which field, who a member is. No
// rule of the review lives here: findings and classes come from Rust.
import type { Finding, Household, Member } from "./bindings";

/** Findings placed exactly on `path` (`members[2].birth`). */
export function findingsAt(findings: Finding[], path: string): Finding[] {
  return findings.filter((f) => f.path === path);
}

/** Findings on `prefix` or anything below it (`members[2]` → its fields too). */
export function findingsUnder(findings: Finding[], prefix: string): Finding[] {
  return findings.filter(
    (f) => f.path === prefix || f.path.startsWith(prefix + ".") || f.path.startsWith(prefix + "["),
  );
}

export function countBySeverity(findings: Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.severity === "error") errors++;
    else warnings++;
  }
  return { errors, warnings };
}

/** "2. Vừ Thị Dính" for member number 2 (1-based, as on the form). */
export function memberLabel(household: Household, number: number): string {
  const m: Member | undefined = household.members[number - 1];
  const name = m?.name?.trim();
  return name ? `${number}. ${name}` : `${number}`;
}

/** A blank member: every answer open (`null`), none chosen for the enumerator. `id` comes from
 * the caller (a UUID). */
export function blankMember(id: string): Member {
  return {
    id,
    name: "",
    relation: null,
    birth: null,
    ethnicity: "",
    sex: null,
    education: null,
    training: null,
    health_insurance: null,
    internet: null,
    in_school: null,
    social_allowance: null,
    disabled: null,
    serious_illness: null,
    sick_without_care: null,
    non_farm_work: null,
    pension: null,
  } as unknown as Member;
}

/** The required answers not given yet, as the domain listed them (findings `unanswered`). */
export function unansweredPaths(findings: Finding[]): string[] {
  return findings.filter((f) => f.code === "unanswered").map((f) => f.path);
}

/** The interface's words for a household.v1 path's field, and the member it belongs to. */
export function fieldOf(path: string): { key: string; member: number | null } {
  const m = /^members\[(\d+)\]\.(.+)$/.exec(path);
  if (m) return { key: MEMBER_KEYS[m[2]] ?? `m.${m[2]}`, member: Number(m[1]) + 1 };
  // Item IX's counts are named by the option list of assets (`asset.color_tv`).
  const asset = /^assets\.(.+)$/.exec(path);
  if (asset) return { key: `asset.${asset[1]}`, member: null };
  // Item X's areas are named as the form's land boxes (`f.garden_pond`); an income source's
  // amount as its box.
  const land = /^land\.(.+)$/.exec(path);
  if (land) return { key: `f.${land[1]}`, member: null };
  if (/^income\.sources\[\d+\]\.amount$/.test(path)) return { key: "inc.amount", member: null };
  return { key: HOUSEHOLD_KEYS[path] ?? path, member: null };
}

const HOUSEHOLD_KEYS: Record<string, string> = {
  "housing.column": "f.column",
  "housing.roof": "f.roof",
  "housing.wall": "f.wall",
  "housing.floor_area_m2": "f.floor_area",
  latrine: "f.latrine",
  "electricity.source": "f.power",
  water: "f.water",
  code: "f.code",
  "location.village": "f.village",
  area: "f.area",
  surveyed_on: "f.surveyed_on",
  "housing.loft_area_m2": "f.loft_area",
  "electricity.kwh_per_month": "f.kwh",
  "phieu_a.screened_on": "pa.screened_on",
  "land.garden_pond": "f.garden_pond",
  "land.annual_crops": "f.annual_crops",
  "land.perennial_crops": "f.perennial_crops",
  "land.water_surface": "f.water_surface",
  "land.forest": "f.forest",
  "livestock.buffalo_cattle_horse": "f.buffalo",
  "livestock.pig_goat_sheep": "f.pigs",
  "livestock.poultry": "f.poultry",
  "livestock.other": "f.other_livestock",
  aquaculture: "f.aquaculture",
  members: "sec.members",
  "income.production_costs": "inc.costs",
  "income.social_allowances": "inc.allowances",
};

const MEMBER_KEYS: Record<string, string> = {
  height_cm: "m.height",
  weight_kg: "m.weight",
  non_farm_work: "m.non_farm",
};

/** 1230000 → "1.230.000", as Vietnamese documents write money. */
export function groupThousands(n: number): string {
  const sign = n < 0 ? "-" : "";
  const digits = Math.trunc(Math.abs(n)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** A UUIDv7 (time-ordered, as household.v1 ids are) from the clock and the system's randomness. */
export function uuidv7(now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let ts = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ts % 256;
    ts = Math.floor(ts / 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The form's sections, in the paper's order (Phiếu A only for a household that asked). */
export type Section =
  | "general"
  | "phieu_a"
  | "housing"
  | "utilities"
  | "assets"
  | "land"
  | "hardship"
  | "members"
  | "income"
  | "environment"
  | "notes";

/** The section of the form that holds a household.v1 path's field. */
export function sectionOf(path: string): Section {
  const head = /^[a-z_0-9]+/.exec(path)?.[0] ?? "";
  switch (head) {
    case "phieu_a":
      return "phieu_a";
    case "housing":
      return "housing";
    case "latrine":
    case "electricity":
    case "water":
      return "utilities";
    case "assets":
      return "assets";
    case "land":
    case "livestock":
    case "aquaculture":
      return "land";
    case "hardship_causes":
    case "support":
      return "hardship";
    case "members":
      return "members";
    case "income":
      return "income";
    case "waste":
      return "environment";
    case "notes":
    case "hears_loudspeaker":
      return "notes";
    default:
      return "general";
  }
}

/** A section's progress: required questions answered of those asked, and errors to fix. */
export type SectionProgress = { answered: number; required: number; errors: number };

/**
 * Each section's progress from what the domain said: `required` every required question asked
 * (answered or not), `missing` those still open, `errors` the paths of the errors of what was
 * typed (one per finding).
 */
export function sectionProgress(
  sections: Section[],
  required: string[],
  missing: string[],
  errors: string[],
): Record<string, SectionProgress> {
  const out: Record<string, SectionProgress> = {};
  for (const s of sections) out[s] = { answered: 0, required: 0, errors: 0 };
  const open = new Set(missing);
  for (const p of required) {
    const s = out[sectionOf(p)];
    if (!s) continue;
    s.required++;
    if (!open.has(p)) s.answered++;
  }
  for (const p of errors) {
    const s = out[sectionOf(p)];
    if (s) s.errors++;
  }
  return out;
}

/** The member a path belongs to (`members[2].sex` → 2), or null. */
export function memberIndexOf(path: string): number | null {
  const m = /^members\[(\d+)\]/.exec(path);
  return m ? Number(m[1]) : null;
}

/** A village the form offers, and why one outside the commune's list is still shown. */
export type VillageChoice = { name: string; flag: "retired" | "unlisted" | "renamed" | null; now?: string };

/**
 * The villages the form offers: the commune's villages in use, and the household's own village
 * when the list does not offer it (retired, renamed since, or typed before the list existed) —
 * kept and shown, flagged, never lost. A renamed village says the name it has now: the
 * household's answer changes only when someone chooses it.
 */
export function villageChoices(list: { name: string; retired: boolean; former_names?: string[] }[], current: string): VillageChoice[] {
  const out: VillageChoice[] = list.filter((v) => !v.retired).map((v) => ({ name: v.name, flag: null }));
  const value = current.trim();
  if (value && !out.some((v) => v.name === value)) {
    const retired = list.some((v) => v.retired && v.name === value);
    const renamed = retired ? undefined : list.find((v) => (v.former_names ?? []).includes(value));
    if (renamed) out.unshift({ name: current, flag: "renamed", now: renamed.name });
    else out.unshift({ name: current, flag: retired ? "retired" : "unlisted" });
  }
  return out;
}

/**
 * The open answers a provisional class waits for, named as the form names them ("Thành viên
 * 2: 9. Cấp học"), at most `max` then "… (+n)": the panel, the list and the queue say the same.
 * `name` gives a field's words from its wording key and member number.
 */
export function openAnswerNames(paths: readonly string[], name: (key: string, member: number | null) => string, max = 6): string {
  const names = paths.map((p) => {
    const f = fieldOf(p);
    return name(f.key, f.member);
  });
  const shown = names.slice(0, max).join("; ");
  return names.length > max ? `${shown}… (+${names.length - max})` : shown;
}
