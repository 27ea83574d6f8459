// The administrator's screens: who sees them, the words for roles and logged actions, times
// as a cadre reads them, and the check of a first PIN before it is sent (the store checks it
// again and has the last word).
import type { ActionKind, PersonRoleView, SessionView } from "./bindings";
import type { Key } from "./i18n";

/** Only a signed-in administrator sees the people and log screens (the commands refuse others). */
export function managesPeople(session: SessionView | null): boolean {
  return session?.stage === "open" && session.person?.role === "administrator";
}

export const ROLES: PersonRoleView[] = ["reviewer", "commune_officer", "district_officer", "administrator"];

export const roleKeys = {
  administrator: "signin.role.administrator",
  reviewer: "signin.role.reviewer",
  commune_officer: "signin.role.commune_officer",
  district_officer: "signin.role.district_officer",
} as const satisfies Record<PersonRoleView, Key>;

export const actionKindKeys = {
  sign_in: "audit.kind.sign_in",
  sign_in_failed: "audit.kind.sign_in_failed",
  recovery_unlock: "audit.kind.recovery_unlock",
  recovery_failed: "audit.kind.recovery_failed",
  store_encrypted: "audit.kind.store_encrypted",
  person_added: "audit.kind.person_added",
  person_disabled: "audit.kind.person_disabled",
  pin_reset: "audit.kind.pin_reset",
  pin_changed: "audit.kind.pin_changed",
  service_key_made: "audit.kind.service_key_made",
  settings_changed: "audit.kind.settings_changed",
  export_with_names: "audit.kind.export_with_names",
  import: "audit.kind.import",
  review_decision: "audit.kind.review_decision",
  moved_out: "audit.kind.moved_out",
  moved_in: "audit.kind.moved_in",
} as const satisfies Record<ActionKind, Key>;

export const ACTION_KINDS = Object.keys(actionKindKeys) as ActionKind[];

const outcomeKeys: Readonly<Record<string, Key>> = {
  ok: "audit.outcome.ok",
  recovery_key: "audit.outcome.recovery_key",
  wrong_secret: "audit.outcome.wrong_secret",
};

/** The words for a row's outcome the store records; an outcome it may add later shows as it is. */
export function outcomeKey(outcome: string): Key | null {
  return Object.hasOwn(outcomeKeys, outcome) ? outcomeKeys[outcome] : null;
}

/** Unix milliseconds → "dd/mm/yyyy hh:mm" in Vietnam's time (UTC+7), whatever the computer's zone. */
export function showTime(ms: number): string {
  const d = new Date(ms + 7 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** What is wrong with a new PIN typed twice, as the sign-in screen says it; null when fine. */
export function newPinProblem(pin: string, again: string): Key | null {
  if (!/^\d{6,}$/.test(pin) && pin.length < 10) return "signin.pin_short";
  if (pin !== again) return "signin.pins_differ";
  return null;
}

/** What is wrong with a new move passphrase typed twice; null when fine (the store checks again). */
export function movePassphraseProblem(passphrase: string, again: string, min: number): Key | null {
  if ([...passphrase.trim()].length < min) return "move.passphrase_short";
  if (passphrase !== again) return "move.passphrases_differ";
  return null;
}

/** The idle lock typed by the administrator, when it is a whole number of minutes in range. */
export function idleMinutes(text: string, max: number): number | null {
  const value = text.trim();
  if (!/^\d{1,4}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= max ? n : null;
}

/**
 * The person's name from a journal actor, which the store writes as "Name [person id]" so two
 * people of one name stay apart: the id is for the log, the name for the cadre reading a list.
 * An actor written before people signed in (a bare name or role) is shown as it is.
 */
export function actorName(actor: string): string {
  const m = /^(.*\S)\s+\[[0-9a-fA-F-]{8,}\]$/.exec(actor);
  return m ? m[1] : actor;
}
