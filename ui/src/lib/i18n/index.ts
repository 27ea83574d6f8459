// One way to say things to people. Every word the user sees comes from one of three places, all
// typed at compile time:
// - the interface's own words: `vi.ts` (the keys, `Key`) and `en.ts`, through `translate`/`t`;
// - the option words of Phiếu B1 (TT 07/2021, Mẫu 3.1): `assets/form/options.json`, shared
//   with the domain's explanations, through `optionLabel`/`opt`;
// - what the domain says (findings, explanations, caveats, why it cannot classify, the names
//   of classes and methods): a code and its parameters, rendered from
//   `assets/messages/domain.json`, the catalogue the CLI renders too, through `renderMessage`;
//   errors (a command's refusal) the same way, from `assets/messages/errors.json`.
import type { Arg, Class, Code, Confidence, Message, Method, ReviewState, Role } from "../bindings";
import optionsFile from "../../../../assets/form/options.json";
import errorsFile from "../../../../assets/messages/errors.json";
import messagesFile from "../../../../assets/messages/domain.json";
import { en } from "./en";
import { vi, type Key } from "./vi";

export type { Key } from "./vi";
export type Lang = "vi" | "en";
export type Params = Record<string, string | number>;

export const tables: Record<Lang, Record<Key, string>> = { vi, en };

/** Whether a string that came from data (a key Rust sends) is a key of the table. */
export function isKey(s: string): s is Key {
  return Object.prototype.hasOwnProperty.call(vi, s);
}

/**
 * Fills `{name}` placeholders; a placeholder without a value stays visible. `{name:one|other}`
 * picks the English word by the number in `name` ("1 error", "2 errors"); Vietnamese nouns do
 * not change with the number, so its table never needs it.
 */
export function fill(raw: string, vars: Params): string {
  return raw
    .replace(/\{(\w+):([^|}]*)\|([^}]*)\}/g, (_, name: string, one: string, other: string) =>
      Number(vars[name]) === 1 ? one : other,
    )
    .replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** Translates `key`, filling `{name}` placeholders. */
export function translate(l: Lang, key: Key, vars: Params = {}): string {
  return fill(tables[l][key], vars);
}

/** A key that arrived as data: translated when known, shown loudly when not. */
export function translateData(l: Lang, key: string, vars: Params = {}): string {
  if (isKey(key)) return translate(l, key, vars);
  if (isCode(key)) return renderMessage(l, { code: key, params: {} });
  const [group, value] = splitOptionKey(key) ?? [];
  if (group && value) return optionLabel(l, group, value);
  return `⟦${key}⟧`;
}

// Values Rust sends as plain strings -------------------------------------------------------
// Each map names a key for every value of a Rust enum: `satisfies` refuses a missing value or a
// key the table lacks, so a word built from data is checked like a literal one.

export const statusKeys = {
  draft: "status.draft",
  completed: "status.completed",
  returned: "status.returned",
  accepted: "status.accepted",
  agreed: "status.agreed",
  recognised: "status.recognised",
  reported: "status.reported",
} as const satisfies Record<ReviewState, Key>;

export const roleKeys = {
  enumerator: "role.enumerator",
  commune: "role.commune",
  district: "role.district",
  province: "role.province",
} as const satisfies Record<Role, Key>;

/** How sure a line or a rule is; `unclear` is the score table's "not settled by the text". */
export const confidenceKeys = {
  confirmed: "common.confirmed",
  partial: "common.partial",
  unconfirmed: "common.unconfirmed",
  unclear: "common.unclear",
} as const satisfies Record<Confidence | "unclear", Key>;

/** The dashboard's denominators (`DashFigure.denominator`). */
export const denominatorKeys = {
  entered: "dash.denominator.entered",
  sum_of_parts: "dash.denominator.sum_of_parts",
  reviewed: "dash.denominator.reviewed",
} as const satisfies Record<string, Key>;

/** The columns of the store's summary table (`summary_columns` in `crates/store/src/report.rs`,
 * which a test reads): the dashboard's figures name themselves by these keys. */
export const columnKeys = {
  resident_households: "col.resident_households",
  reviewed: "col.reviewed",
  in_progress: "col.in_progress",
  provisional: "col.provisional",
  poor: "col.poor",
  poor_rate: "col.poor_rate",
  poor_ethnic_minority: "col.poor_ethnic_minority",
  poor_ethnic_minority_rate: "col.poor_ethnic_minority_rate",
  near_poor: "col.near_poor",
  near_poor_rate: "col.near_poor_rate",
  near_poor_ethnic_minority: "col.near_poor_ethnic_minority",
  near_poor_ethnic_minority_rate: "col.near_poor_ethnic_minority_rate",
  middle: "col.middle",
  middle_rate: "col.middle_rate",
  other: "col.other",
  other_rate: "col.other_rate",
  previous_poor: "col.previous_poor",
  previous_near_poor: "col.previous_near_poor",
  escaped_poverty: "col.escaped_poverty",
  escaped_poverty_rate: "col.escaped_poverty_rate",
  new_poor_from_near_poor: "col.new_poor_from_near_poor",
  new_poor_from_outside: "col.new_poor_from_outside",
  fell_back_into_poverty: "col.fell_back_into_poverty",
  escaped_near_poverty: "col.escaped_near_poverty",
  escaped_near_poverty_rate: "col.escaped_near_poverty_rate",
  near_poor_from_poor: "col.near_poor_from_poor",
  new_near_poor: "col.new_near_poor",
  new_near_poor_rate: "col.new_near_poor_rate",
  fell_back_into_near_poverty: "col.fell_back_into_near_poverty",
} as const satisfies Record<string, Key>;

/** The key a map gives a value from data, or `undefined` when the map does not know it. */
export function keyOf(map: Readonly<Record<string, Key>>, value: string | null | undefined): Key | undefined {
  return value != null && Object.prototype.hasOwnProperty.call(map, value) ? map[value] : undefined;
}

// Option words ------------------------------------------------------------------------------

/** One option's words; see `crates/domain/src/labels.rs` for the file's rules. */
export interface OptionWords {
  no?: string;
  vi: string;
  en: string;
  form?: { vi?: string; en?: string };
}

type RawGroups = typeof optionsFile.groups;
/** The option lists of the form (`water`, `latrine`, `relation`…). */
export type OptionGroup = keyof RawGroups;
/** The values of one option list, as household.v1 writes them. */
export type OptionValue<G extends OptionGroup> = keyof RawGroups[G] & string;

/** Every option list, keyed as the file has it: a wrong group or value does not compile. */
export const options: { [G in OptionGroup]: Record<OptionValue<G>, OptionWords> } = optionsFile.groups;

export function isOptionGroup(s: string): s is OptionGroup {
  return Object.prototype.hasOwnProperty.call(options, s);
}

/** `asset.color_tv` → `["asset", "color_tv"]` when it names an option. */
function splitOptionKey(key: string): [OptionGroup, string] | undefined {
  const dot = key.indexOf(".");
  const group = key.slice(0, dot);
  return dot > 0 && isOptionGroup(group) ? [group, key.slice(dot + 1)] : undefined;
}

/** The values of a list in the paper's order. */
export function optionValues<G extends OptionGroup>(group: G): OptionValue<G>[] {
  return Object.keys(options[group]) as OptionValue<G>[];
}

/** The form's words of one option: the box's number, then its words with a capital. */
export function optionText(l: Lang, words: OptionWords): string {
  const text = words.form?.[l] ?? words[l];
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return words.no ? `${words.no}. ${capital}` : capital;
}

/** The words of one option of a list; a value the list does not know shows as itself. */
export function optionLabel(l: Lang, group: OptionGroup, value: string): string {
  const list: Record<string, OptionWords> = options[group];
  const words = Object.prototype.hasOwnProperty.call(list, value) ? list[value] : undefined;
  return words ? optionText(l, words) : value;
}

// The domain's messages ---------------------------------------------------------------------

/** The catalogue, checked against the codes Rust can send: a missing code does not compile.
 * What the domain says and the errors (`errors.json`: the store's, a batch's, sync's, the
 * desktop's refusals) are one table, as the CLI renders them. */
export const catalogue: Record<Code, { vi: string; en: string }> = { ...messagesFile.messages, ...errorsFile.messages };

export function isCode(s: string): s is Code {
  return Object.prototype.hasOwnProperty.call(catalogue, s);
}

/** Whole đồng as each language's readers write them: "1.230.000 đ", "1,230,000 VND". */
export function money(l: Lang, dong: number): string {
  const digits = Math.abs(dong).toString().replace(/\B(?=(\d{3})+(?!\d))/g, l === "vi" ? "." : ",");
  const sign = dong < 0 ? "-" : "";
  return l === "vi" ? `${sign}${digits} đ` : `${sign}${digits} VND`;
}

function renderArg(l: Lang, arg: Arg): string {
  if (typeof arg === "number" || typeof arg === "string") return String(arg);
  if (Array.isArray(arg)) return arg.map((a) => renderArg(l, a)).join(", ");
  if ("code" in arg) return renderMessage(l, arg);
  if ("dong" in arg) return money(l, arg.dong);
  return arg[l];
}

/** The catalogue's name of each class (the domain's words, shared with the CLI). */
const classCodes = {
  poor: "class.poor",
  near_poor: "class.near_poor",
  middle: "class.middle",
  other: "class.other",
} as const satisfies Record<Class, Code>;

const methodCodes = { income: "method.income", score: "method.score" } as const satisfies Record<Method, Code>;

/** A class Rust sends (a `Class`, or a stored class as a string); none is "not classified". */
export function classWord(l: Lang, c: string | null | undefined): string {
  if (c === null || c === undefined || c === "unclassified") return translate(l, "class.unclassified");
  if (!Object.prototype.hasOwnProperty.call(classCodes, c)) return `⟦${c}⟧`;
  return renderMessage(l, { code: classCodes[c as Class], params: {} });
}

/** A classification method's name. */
export function methodWord(l: Lang, m: Method): string {
  return renderMessage(l, { code: methodCodes[m], params: {} });
}

/** A domain message in the user's language, as the CLI renders it from the same catalogue. */
export function renderMessage(l: Lang, m: Message): string {
  const texts = Object.prototype.hasOwnProperty.call(catalogue, m.code) ? catalogue[m.code] : undefined;
  if (!texts) return `⟦${m.code}⟧`;
  return texts[l].replace(/\{(\w+)\}/g, (_, name: string) => {
    const arg = m.params[name];
    return arg === undefined ? `{${name}}` : renderArg(l, arg);
  });
}
