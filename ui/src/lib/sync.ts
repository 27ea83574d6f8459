// Pure helpers of the sync screen: the server address checked before it is sent (the Rust
// side checks it again), the words for a wait, and the i18n keys of what the Rust side sends.
import type { SyncBadge, SyncErrorKind } from "./bindings";
import type { Key } from "./i18n";

/** The i18n key of what is wrong with a server address, or null when it is usable. */
export function serverUrlProblem(text: string): Key | null {
  const value = text.trim();
  if (value === "") return "sync.url.empty";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return /^https?:\/\//i.test(value) ? "sync.url.invalid" : "sync.url.scheme";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "sync.url.scheme";
  if (url.hostname === "") return "sync.url.invalid";
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "" || value.includes("?") || value.includes("#")) {
    return "sync.url.extra";
  }
  return null;
}

/** A wait in words: the i18n key and its number (seconds under a minute, then minutes). */
export function waitWords(ms: number): { key: Key; n: number } {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s === 0) return { key: "sync.in_now", n: 0 };
  if (s < 60) return { key: "sync.in_seconds", n: s };
  return { key: "sync.in_minutes", n: Math.ceil(s / 60) };
}

export const ERROR_KINDS: SyncErrorKind[] = [
  "no_network",
  "unreachable",
  "not_enrolled",
  "server_not_enrolled",
  "refused",
  "busy",
  "wrong_server",
  "server_error",
  "local",
  "moved",
];

export const BADGES: SyncBadge[] = ["off", "syncing", "error", "pending", "synced"];

/** The plain words of an error kind. */
export function errorKey(kind: SyncErrorKind): Key {
  return `sync.error.${kind}`;
}

export function badgeKey(badge: SyncBadge): Key {
  return `sync.badge.${badge}`;
}

// Refused batches on the sync screen: the refusal codes the server gives for good
// (`ErrorCode::is_permanent`), each with plain words; any other code gets the general words.
export const REFUSAL_CODES = ["wrong_unit", "not_enrolled", "wrong_sender", "batch_refused", "too_large"] as const;
type RefusalCode = (typeof REFUSAL_CODES)[number];

/** The plain words of why the server refused a batch for good. */
export function refusalKey(code: string): Key {
  const known = (REFUSAL_CODES as readonly string[]).includes(code);
  return known ? `sync.refusal.${code as RefusalCode}` : "sync.refusal.other";
}
