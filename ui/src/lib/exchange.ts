// Small pure helpers of the exchange and conflicts screens: how a compared field's value
// is shown, sizes, and the typed path fields. The comparison itself is computed in Rust.
import type { FieldDiff } from "./bindings";
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
