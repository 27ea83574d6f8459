// Numbers as cadres type them in the form's number boxes: a decimal comma ("45,5"), thousands
// grouped with dots ("1.230.000"). What cannot be read as a number is kept as typed and sent
// to the domain, whose reader says "Chỉ nhập số" beside the field; it is never dropped or
// turned into 0.

/** Whether a box takes decimals (areas, heights, kWh) or whole numbers (counts, đồng). */
export type NumberKind = "decimal" | "whole";

/** The number in `text`, or null when it is empty or not a number of this kind. */
export function readNumber(text: string, kind: NumberKind): number | null {
  let s = text.replace(/[\s\u00a0]/g, "");
  let sign = 1;
  if (s.startsWith("-")) {
    sign = -1;
    s = s.slice(1);
  }
  let whole: string;
  let fraction = "";
  const grouped = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/.exec(s);
  if (grouped && (kind === "decimal" || grouped[2] === undefined)) {
    whole = grouped[1].replace(/\./g, "");
    fraction = grouped[2] ?? "";
  } else {
    // "45.5": a dot before other than three digits is a decimal point, as keyboards write it.
    const dotted = kind === "decimal" ? /^(\d+)\.(\d+)$/.exec(s) : null;
    if (!dotted) return null;
    whole = dotted[1];
    fraction = dotted[2];
  }
  const n = Number(fraction ? `${whole}.${fraction}` : whole);
  return Number.isFinite(n) ? sign * n + 0 : null;
}

/**
 * What a box gives the draft for the text in it: null when empty ("not answered yet"), the
 * number when it reads as one, else the text exactly as typed.
 */
export function boxValue(text: string, kind: NumberKind): number | string | null {
  if (text.trim() === "") return null;
  return readNumber(text, kind) ?? text;
}

/** How a kept answer is shown in its box: decimals with a comma, typed text as it was. */
export function boxText(value: number | string | null | undefined, kind: NumberKind): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (Number.isNaN(value)) return "";
  return kind === "decimal" ? String(value).replace(".", ",") : String(value);
}
