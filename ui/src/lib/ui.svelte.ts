// The UI language as reactive state: components call `t` and `opt`, and re-render when the
// user switches language. The choice is remembered on this computer.
import { translate, optionLabel, type Lang } from "./i18n";

function initial(): Lang {
  try {
    return localStorage.getItem("rasoat.lang") === "en" ? "en" : "vi";
  } catch {
    return "vi";
  }
}

export const ui = $state({ lang: initial() as Lang });

export function t(key: string, vars: Record<string, string | number> = {}): string {
  return translate(ui.lang, key, vars);
}

export function opt(group: string, value: string): string {
  return optionLabel(ui.lang, group, value);
}

export function toggleLang(): void {
  ui.lang = ui.lang === "vi" ? "en" : "vi";
  try {
    localStorage.setItem("rasoat.lang", ui.lang);
  } catch {
    // A private window without storage keeps the choice for this session only.
  }
}
