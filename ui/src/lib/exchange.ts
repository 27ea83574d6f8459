// Small pure helpers of the exchange and conflicts screens: how a compared field's value
// is shown, sizes, and the typed path fields. The comparison itself is computed in Rust.
import type { CertificationView, FieldDiff, LateEditView, PeriodState, RevocationView, TransferView } from "./bindings";
import { isoToDmy } from "./dates";
import { isOptionGroup, type Key, type OptionGroup, type Params } from "./i18n";

/** How the screens translate: `t` for the table's keys, `tData` for a key Rust sends (the
 * comparison's labels), `opt` for the form's option words. */
export type Words = {
  t: (key: Key, vars?: Params) => string;
  tData: (key: string, vars?: Params) => string;
  opt: (group: OptionGroup, value: string) => string;
};

/** One value of a compared field as the form would show it; `null` is "not on this version". */
export function cellText(field: Pick<FieldDiff, "display">, value: string[] | null, w: Words): string {
  if (value === null) return "—";
  if (value.length === 0) return w.t("common.none");
  const display = field.display ?? "";
  const word = (v: string): string => {
    if (display === "bool") return v === "true" ? w.t("common.yes") : v === "false" ? w.t("common.no") : v;
    if (display.startsWith("opt:")) {
      const group = display.slice(4);
      return isOptionGroup(group) ? w.opt(group, v) : v;
    }
    if (display.startsWith("key:")) return w.tData(`${display.slice(4)}${v}`);
    return v;
  };
  return value.map(word).join(", ");
}

/** A compared field's label: the form's wording, with the member's number, else its path. */
export function fieldLabel(field: Pick<FieldDiff, "label_key" | "member" | "path">, w: Words): string {
  const label = field.label_key ? w.tData(field.label_key) : field.path;
  return field.member ? `${w.t("m.number", { n: field.member })} · ${label}` : label;
}

/** A file size a person reads: bytes, kB or MB, one decimal. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** The paths typed in a text area: one per line, blanks and surrounding spaces dropped. */
export function pathsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** The progress bar's width in percent, from the fraction Rust sends. */
export function percent(fraction: number): number {
  if (!Number.isFinite(fraction)) return 0;
  return Math.round(Math.min(1, Math.max(0, fraction)) * 100);
}

/** The offices a certificate names, in words (the store's roles lack `province`). */
export const officeKeys = {
  enumerator: "office.enumerator",
  commune: "office.commune",
  district: "office.district",
  province: "office.province",
} as const satisfies Record<string, Key>;

const periodKeys = {
  valid: "exchange.period_valid",
  expired: "exchange.period_expired",
  not_yet_valid: "exchange.period_not_yet",
  no_period: "exchange.period_none",
} as const satisfies Record<PeriodState, Key>;

/** An office in words; a word no version knows is shown as it came. */
export function officeWord(role: string, t: Words["t"]): string {
  return role in officeKeys ? t(officeKeys[role as keyof typeof officeKeys]) : role;
}

/** A unit as people name it: its code, then its name when known. */
export function unitText(code: string, name: string): string {
  return name ? `${code} — ${name}` : code;
}

/** The period a certificate grants, its days as cadres write them, and whether it holds. */
export function periodText(c: Pick<CertificationView, "valid_from" | "valid_until" | "state">, t: Words["t"]): string {
  if (c.state === "no_period" || !c.valid_from || !c.valid_until) return t(periodKeys.no_period);
  return t(periodKeys[c.state], { from: isoToDmy(c.valid_from), until: isoToDmy(c.valid_until) });
}

/** Who certified: this installation (it enrolled the other), or another by unit and office. */
export function certifiedByText(c: Pick<CertificationView, "certified_by" | "certified_by_name" | "certified_by_role">, t: Words["t"]): string {
  if (c.certified_by === null) return t("exchange.certified_here");
  const who = c.certified_by_name ? `${c.certified_by_name} · ${officeWord(c.certified_by_role, t)}` : c.certified_by.slice(-8);
  return t("exchange.certified_by", { who });
}

/** A revocation in plain words: the day, and that the installation's batches are refused. */
export function revokedText(r: RevocationView, t: Words["t"]): string {
  const by = r.revoked_by_name ? `${r.revoked_by_name} · ${officeWord(r.revoked_by_role, t)}` : r.revoked_by.slice(-8);
  return t("exchange.revoked", { date: isoToDmy(r.date), by });
}

/** A commune of a transfer: its name and code, or its code alone when its name is unknown. */
export function communeText(code: string, name: string, t: Words["t"]): string {
  return name ? `${name} (${code})` : t("transfers.commune", { code });
}

/** A household transfer in plain words: the household, both communes, the day, who and why. */
export function transferText(v: TransferView, t: Words["t"]): string {
  return t("transfers.line", {
    code: v.code,
    from: communeText(v.from, v.from_name, t),
    to: communeText(v.to, v.to_name, t),
    date: isoToDmy(v.date),
    actor: v.actor,
    reason: v.reason,
  });
}

/** An edit of the commune a household left, delivered after the transfer: kept in the journal
 * as history, never applied. The day is its sender's own, shown as it says. */
export function lateEditText(e: LateEditView, t: Words["t"]): string {
  return t("transfers.late_edit", {
    commune: communeText(e.commune, e.commune_name, t),
    date: isoToDmy(e.date),
    to: communeText(e.to, e.to_name, t),
  });
}
