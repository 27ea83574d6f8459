// Phiếu A's stored verdict as a short line for the household list. The verdict itself was
// decided in Rust (rasoat-domain) when the record was saved; this only picks the words.
import type { PhieuAVerdict } from "./bindings";
import type { Key, Params } from "./i18n";

/** The translation key and its parameters for a stored verdict. */
export function verdictLine(v: PhieuAVerdict): { key: Key; params: Params } {
  if (v.result === "stop" && v.excluded_by.length > 0) {
    return { key: "pa.short.excluded", params: { list: v.excluded_by.join(", ") } };
  }
  if (v.result === "stop") return { key: "pa.short.stop", params: { n: v.yes_count ?? 0 } };
  return { key: "pa.short.phieu_b", params: { n: v.yes_count ?? 0 } };
}
