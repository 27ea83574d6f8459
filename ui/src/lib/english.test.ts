// English mode says everything the app itself says in English: no English word of the tables,
// the form's options or the domain's catalogue is left in Vietnamese, every column the dashboard
// names has its words, and no screen shows a Vietnamese-only field (`…_vi`) without its English
// beside it. Names of the forms and places ("Phiếu A", "Mẫu 03", "Hà Giang") may stay.
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { catalogue, columnKeys, options, tables } from "./i18n";

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;
// The names the English keeps: the forms and documents by their Vietnamese titles, the app's
// own name, the button that switches back to Vietnamese, and the places of the data.
const KEPT = ["Tiếng Việt", "Rà soát", "Phiếu", "Mẫu số", "Mẫu", "QĐ", "Hà Giang", "Tuyên Quang", "Đồng Văn", "Huế", "đồng"];

/** What is left of an English text once the names it may keep are taken out. */
function untranslated(text: string): string | null {
  let rest = text;
  for (const k of KEPT) rest = rest.split(k).join("");
  return VIETNAMESE.test(rest) ? text : null;
}

const root = fileURLToPath(new URL("../../..", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");

describe("English mode", () => {
  it("has English for every word of the interface's table", () => {
    const left = Object.entries(tables.en).filter(([, words]) => untranslated(words) !== null);
    expect(left, "keys whose English is still Vietnamese").toEqual([]);
  });

  it("has English for every option of the form and every message of the domain", () => {
    for (const [group, values] of Object.entries(options)) {
      for (const [value, words] of Object.entries(values)) {
        expect(untranslated(words.en), `${group}.${value}`).toBeNull();
      }
    }
    for (const [code, texts] of Object.entries(catalogue)) {
      expect(untranslated(texts.en), code).toBeNull();
    }
  });

  it("names every column of the store's summary table, in the store's own Vietnamese", () => {
    // The dashboard names its figures by the summary table's column keys.
    const source = read("crates/store/src/report.rs");
    const body = source.slice(source.indexOf("pub fn summary_columns"));
    const columns = [...body.slice(0, body.indexOf("\n}\n")).matchAll(/\b(count|rate)\(\s*"(\w+)",\s*"([^"]+)"/g)].map(
      ([, kind, key, header]) => ({ key: kind === "rate" ? `${key}_rate` : key, header }),
    );
    expect(columns.length).toBeGreaterThan(20);
    for (const { key, header } of columns) {
      const k = (columnKeys as Record<string, keyof typeof tables.vi>)[key];
      expect(k, key).toBeDefined();
      expect(tables.vi[k], key).toBe(header);
      expect(untranslated(tables.en[k]), key).toBeNull();
    }
    expect(Object.keys(columnKeys).sort()).toEqual(columns.map((c) => c.key).sort());
  });

  it("never shows a Vietnamese-only field of the data without its English", () => {
    // A view type carries `name_vi` and `name_en` (or a gloss): a screen that shows one of a
    // pair shows the other in English mode. A field with no English at all fails here.
    const dir = join(root, "ui/src/components");
    const files = readdirSync(dir).filter((f) => f.endsWith(".svelte"));
    expect(files.length).toBeGreaterThan(5);
    const missing: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(dir, f), "utf8");
      for (const [, field] of text.matchAll(/\b(\w+)_vi\b/g)) {
        if (!new RegExp(`\\b${field}_en\\b`).test(text)) missing.push(`${f}: ${field}_vi`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it("has English for the resolution's targets and the provinces' Phiếu A lists it ships", () => {
    const targets = JSON.parse(read("assets/targets/dong-van-2020.json"));
    expect(targets.name_en).toBeTruthy();
    for (const x of targets.targets) {
      expect(untranslated(x.name_en ?? "ạ"), x.id).toBeNull();
      expect(untranslated(x.formula_en ?? "ạ"), x.id).toBeNull();
      if (x.note_vi) expect(untranslated(x.note_en ?? "ạ"), x.id).toBeNull();
    }
    const provinces = JSON.parse(read("assets/phieu-a/province-conditions.json"));
    for (const p of provinces.provinces) {
      expect(untranslated(p.name_en ?? "ạ"), p.province).toBeNull();
      if (p.note_vi) expect(untranslated(p.note_en ?? "ạ"), p.province).toBeNull();
      for (const c of p.conditions) expect(untranslated(c.label_en ?? "ạ"), c.id).toBeNull();
    }
  });
});
