// The UI language as reactive state: components call `t`, `opt` and `msg`, and re-render when
// the user switches language. The choice is remembered on this computer.
import type { Message, Method } from "./bindings";
import { classWord, keyOf, methodWord, optionLabel, renderMessage, translate, translateData, type Key, type Lang, type OptionGroup, type Params } from "./i18n";

function initial(): Lang {
  try {
    return localStorage.getItem("rasoat.lang") === "en" ? "en" : "vi";
  } catch {
    return "vi";
  }
}

export const ui = $state({ lang: initial() as Lang });

/** Asked before the open form is left (menu, back): resolves `false` to stay. The form sets it
 * while it is shown, so what was typed is saved, or the person is asked, before leaving. */
export const leaving: {
  guard: (() => Promise<boolean>) | null;
  /** Keeps what the open form shows, without asking anything: the window is closing. */
  flush: (() => Promise<void>) | null;
} = { guard: null, flush: null };

/** Counts the sign-ins of this window (the shell raises it): a screen whose call was refused
 * while the window was locked reads it, and so asks again once someone signed in. */
export const signIns = $state({ count: 0 });

/** The interface's words for `key` (a key of the table: checked at compile time). */
export function t(key: Key, vars: Params = {}): string {
  return translate(ui.lang, key, vars);
}

/** The words of a value Rust sends as a string, through one of the checked maps of `i18n`
 * (`statusKeys`, `roleKeys`…); a value the map does not know shows loudly. */
export function tOf(map: Readonly<Record<string, Key>>, value: string | null | undefined): string {
  const key = keyOf(map, value);
  return key ? translate(ui.lang, key) : `⟦${value}⟧`;
}

/** A key that came as data from Rust, not from the code: unknown keys show loudly. */
export function tData(key: string, vars: Params = {}): string {
  return translateData(ui.lang, key, vars);
}

/** A field's words by its wording key, a member's with the member's number first. */
export function fieldName(key: string, member: number | null): string {
  return member ? `${t("m.number", { n: member })}: ${tData(key)}` : tData(key);
}

/** The form's words for one option of a list (Phiếu B1 wording). */
export function opt(group: OptionGroup, value: string): string {
  return optionLabel(ui.lang, group, value);
}

/** A class's name (from the domain's catalogue); none is "not classified". */
export function cls(c: string | null | undefined): string {
  return classWord(ui.lang, c);
}

/** A classification method's name (from the domain's catalogue). */
export function method(m: Method): string {
  return methodWord(ui.lang, m);
}

/** What the domain says (a finding, a caveat), in the user's language. */
export function msg(m: Message): string {
  return renderMessage(ui.lang, m);
}

/** Why a command failed, in the user's language (a thrown value that is no `AppError` shows
 * its own text). */
export function errorText(e: { detail?: Message; message: string }): string {
  return e.detail ? renderMessage(ui.lang, e.detail) : e.message;
}

/** The locale of dates, times and numbers in the window's language. */
export function locale(): string {
  return ui.lang === "vi" ? "vi-VN" : "en-GB";
}

/** A time of day ("14:05:09") written as the window's language writes it. */
export function timeText(at: number | Date): string {
  return new Date(at).toLocaleTimeString(locale());
}

/** A date and time written as the window's language writes it. */
export function dateTimeText(at: number | Date): string {
  return new Date(at).toLocaleString(locale());
}

export function toggleLang(): void {
  ui.lang = ui.lang === "vi" ? "en" : "vi";
  try {
    localStorage.setItem("rasoat.lang", ui.lang);
  } catch {
    // A private window without storage keeps the choice for this session only.
  }
}
