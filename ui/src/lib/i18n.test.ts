// The words are complete: every key in both languages with the same placeholders (the compiler
// already refuses a missing key), every option in both, every domain message in both, and the
// words the components name by key all exist.
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Message } from "./bindings";
import {
  catalogue,
  classWord,
  money,
  isKey,
  optionLabel,
  options,
  renderMessage,
  statusKeys,
  tables,
  translate,
  translateData,
  type Key,
} from "./i18n";

const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();

describe("translation table", () => {
  it("has the same keys in Vietnamese and English", () => {
    expect(Object.keys(tables.en).sort()).toEqual(Object.keys(tables.vi).sort());
  });

  it("sends the enumerator to the menu button that keeps the villages, by its own word", () => {
    for (const lang of ["vi", "en"] as const) {
      const button = tables[lang]["nav.overview"];
      for (const key of ["f.village_empty", "f.village_unlisted_note"] as const) {
        expect(tables[lang][key], `${lang} ${key}`).toContain(`«${button}»`);
      }
    }
  });

  it("keeps every placeholder in both languages", () => {
    for (const key of Object.keys(tables.vi) as Key[]) {
      expect(names(tables.en[key]), key).toEqual(names(tables.vi[key]));
    }
  });

  it("says one error and two errors in English, and lỗi for both in Vietnamese", () => {
    expect(translate("en", "form.errors", { n: 1 })).toBe("1 error");
    expect(translate("en", "form.errors", { n: 2 })).toBe("2 errors");
    expect(translate("en", "dash.reviewed", { n: "1" })).toBe("1 household reviewed");
    expect(translate("vi", "form.errors", { n: 1 })).toBe("1 lỗi");
    expect(translate("vi", "form.errors", { n: 2 })).toBe("2 lỗi");
  });

  it("fills placeholders and shows a key from data that it lacks loudly", () => {
    expect(translate("vi", "list.shown", { shown: 3, matching: 10 })).toBe("Hiển thị 3 / 10 hộ");
    expect(translate("en", "m.age", { age: 5 })).toBe("age 5");
    expect(translateData("vi", "no.such.key")).toBe("⟦no.such.key⟧");
    // The conflicts screen names classes by the domain's catalogue codes.
    expect(translateData("vi", "class.poor")).toBe("Hộ nghèo");
  });

  it("knows every literal key the components use", () => {
    const dir = fileURLToPath(new URL("..", import.meta.url));
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith(".svelte")) files.push(join(d, e.name));
      }
    };
    walk(dir);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(/\bt\("([a-z_.0-9]+)"/g)) {
        expect(isKey(m[1]), `${f}: ${m[1]}`).toBe(true);
      }
    }
  });

  it("names every review state and class the Rust side sends, and every error code", () => {
    expect(Object.keys(statusKeys).sort()).toEqual(["accepted", "agreed", "completed", "draft", "recognised", "reported", "returned"]);
    for (const c of ["poor", "near_poor", "middle", "other"]) expect(classWord("vi", c), c).not.toMatch(/⟦/);
    expect(classWord("vi", "poor")).toBe("Hộ nghèo");
    expect(classWord("en", "near_poor")).toBe("Near-poor");
    expect(classWord("vi", null)).toBe("Chưa xếp loại");
    expect(classWord("vi", "unclassified")).toBe("Chưa xếp loại");
    for (const e of ["not_set_up", "invalid", "not_found", "refused", "storage"]) expect(isKey(`error.${e}`), e).toBe(true);
  });
});

describe("option words of the form", () => {
  it("has both words for every option", () => {
    for (const [group, values] of Object.entries(options)) {
      for (const [value, words] of Object.entries(values)) {
        expect(words.vi.length, `${group}.${value}`).toBeGreaterThan(0);
        expect(words.en.length, `${group}.${value}`).toBeGreaterThan(0);
      }
    }
  });

  it("shows the paper's box: its number, its own words, a capital", () => {
    expect(optionLabel("vi", "water", "tap")).toBe("1. Nước máy");
    expect(optionLabel("en", "water", "tap")).toBe("1. Tap water");
    // The paper words these boxes more tersely than the explanation's sentence does.
    expect(optionLabel("vi", "water", "protected_dug_well")).toBe("3. Giếng đào được bảo vệ");
    expect(optionLabel("vi", "latrine", "other")).toBe("3. Khác (hố đào đơn giản, cầu cá…)");
    expect(optionLabel("vi", "asset", "color_tv")).toBe("Ti vi màu");
    expect(optionLabel("en", "asset", "color_tv")).toBe("Colour TV");
    expect(optionLabel("vi", "health_insurance", "state_budget")).toBe("Có — ngân sách nhà nước đóng");
    expect(optionLabel("vi", "water", "no_such_value")).toBe("no_such_value");
  });
});

describe("the domain's messages", () => {
  it("keeps every placeholder in both languages", () => {
    for (const [code, texts] of Object.entries(catalogue)) {
      expect(texts.vi.length, code).toBeGreaterThan(0);
      expect(texts.en.length, code).toBeGreaterThan(0);
      // An error's English is often terser than its Vietnamese (the CLI prints both, joined);
      // Rust's `catalogue_matches_the_codes` holds each language to the declared values.
      if (!code.startsWith("error.")) expect(names(texts.en), code).toEqual(names(texts.vi));
    }
  });

  it("renders an error in the user's language", () => {
    const locked: Message = { code: "error.batch.nothing_to_send", params: { recipient: "m-2" } };
    expect(renderMessage("vi", locked)).toBe("không có gì mới để gửi cho máy m-2");
    expect(renderMessage("en", locked)).toBe("nothing new to send");
  });

  it("renders a finding and a caveat with nested values in the user's language", () => {
    const finding: Message = { code: "finding.two_heads", params: { heads: 2 } };
    expect(renderMessage("vi", finding)).toBe("Có 2 chủ hộ: mỗi hộ chỉ có một chủ hộ.");
    expect(renderMessage("en", finding)).toBe("2 heads: a household has exactly one.");
    const caveat: Message = {
      code: "caveat.thresholds_unconfirmed",
      params: {
        list: [
          {
            code: "caveat.indicator_confidence",
            params: { name: { vi: "Nhà ở", en: "Housing" }, confidence: { code: "confidence.partial", params: {} } },
          },
          {
            code: "caveat.indicator_confidence",
            params: { name: { vi: "Nước", en: "Water" }, confidence: { code: "confidence.unconfirmed", params: {} } },
          },
        ],
      },
    };
    expect(renderMessage("vi", caveat)).toBe("Ngưỡng thiếu hụt chưa xác nhận đầy đủ: Nhà ở (xác nhận một phần), Nước (chưa xác nhận).");
    expect(renderMessage("en", caveat)).toBe("Deprivation thresholds not fully confirmed: Housing (partly confirmed), Water (unconfirmed).");
  });

  it("writes money and nested explanations the way the CLI does", () => {
    expect(money("vi", 1_230_000)).toBe("1.230.000 đ");
    expect(money("en", 1_230_000)).toBe("1,230,000 VND");
    expect(money("vi", 999)).toBe("999 đ");
    const explanation: Message = {
      code: "explanation.income_line",
      params: {
        class: { code: "class.poor", params: {} },
        income: { dong: 1_230_000 },
        line: { dong: 1_500_000 },
        deprivations: {
          code: "explanation.deprivations",
          params: { count: 2, cmp: "<", min: 3, names: [{ vi: "bảo hiểm y tế", en: "health insurance" }, { vi: "nhà ở", en: "housing" }] },
        },
      },
    };
    expect(renderMessage("vi", explanation)).toBe(
      "Hộ nghèo: thu nhập 1.230.000 đ/người/tháng ≤ 1.500.000 đ và thiếu hụt 2 chỉ số (< 3): bảo hiểm y tế, nhà ở",
    );
    expect(renderMessage("en", explanation)).toBe(
      "Poor: income 1,230,000 VND/person/month ≤ 1,500,000 VND and 2 deprivations (< 3): health insurance, housing",
    );
  });
});
