// Dates as Vietnamese cadres write them (dd/mm/yyyy) while the record keeps ISO (yyyy-mm-dd).
// Presentation only: which dates are acceptable for a survey is the domain's to say (its
// findings appear beside the field); here only "is this a day of the calendar".

/** ISO yyyy-mm-dd → dd/mm/yyyy; anything else (empty, partial) is shown as it is. */
export function isoToDmy(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso ?? "");
}

/**
 * What a cadre typed → ISO: "" when the field is empty, null when it is not a real date in
 * dd/mm/yyyy (d/m/yyyy, dots or dashes also read), else yyyy-mm-dd.
 */
export function dmyToIso(text: string): string | null {
  const value = text.trim();
  if (value === "") return "";
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Slashes typed for the cadre: "0903" → "09/03", "09032024" → "09/03/2024". */
export function maskDmy(text: string): string {
  if (/[^\d]/.test(text)) return text;
  const digits = text.slice(0, 8);
  if (digits.length <= 2) return digits;
  if (digits.length <= 4) return `${digits.slice(0, 2)}/${digits.slice(2)}`;
  return `${digits.slice(0, 2)}/${digits.slice(2, 4)}/${digits.slice(4)}`;
}

/**
 * A birth date as the domain keeps it (yyyy, yyyy-mm or yyyy-mm-dd) → as a cadre reads it
 * (yyyy, mm/yyyy, dd/mm/yyyy); anything else is shown as it is.
 */
export function birthToDmy(stored: string | null | undefined): string {
  const value = stored ?? "";
  const ym = /^(\d{4})-(\d{2})$/.exec(value);
  if (ym) return `${ym[2]}/${ym[1]}`;
  return isoToDmy(value);
}

/**
 * What a cadre typed for a birth date → the domain's form: d/m/yyyy → yyyy-mm-dd, m/yyyy →
 * yyyy-mm, anything else as typed (a year, or something the domain's parser will refuse
 * with its own finding beside the field).
 */
export function dmyToBirth(text: string): string {
  const value = text.trim();
  const full = dmyToIso(value);
  if (full) return full;
  const my = /^(\d{1,2})[/.-](\d{4})$/.exec(value);
  if (my && Number(my[1]) >= 1 && Number(my[1]) <= 12) return `${my[2]}-${my[1].padStart(2, "0")}`;
  return value;
}
