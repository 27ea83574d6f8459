// The translation table is complete: every key in both languages, every placeholder kept,
// every option in both, and every key the components use exists.
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { options, tables, translate } from "./i18n";

describe("translation table", () => {
  it("has the same keys in Vietnamese and English", () => {
    expect(Object.keys(tables.en).sort()).toEqual(Object.keys(tables.vi).sort());
  });

  it("keeps every placeholder in both languages", () => {
    for (const key of Object.keys(tables.vi)) {
      const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(names(tables.en[key]), key).toEqual(names(tables.vi[key]));
    }
  });

  it("has both words for every option", () => {
    for (const [group, values] of Object.entries(options)) {
      for (const [value, pair] of Object.entries(values)) {
        expect(pair[0].length, `${group}.${value}`).toBeGreaterThan(0);
        expect(pair[1].length, `${group}.${value}`).toBeGreaterThan(0);
      }
    }
  });

  it("fills placeholders and shows a missing key loudly", () => {
    expect(translate("vi", "list.shown", { shown: 3, matching: 10 })).toBe("Hiển thị 3 / 10 hộ");
    expect(translate("en", "m.age", { age: 5 })).toBe("age 5");
    expect(translate("vi", "no.such.key")).toBe("⟦no.such.key⟧");
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
        expect(tables.vi[m[1]], `${f}: ${m[1]}`).toBeDefined();
      }
    }
  });

  it("names every review state, class and error code the Rust side sends", () => {
    const states = ["draft", "completed", "returned", "accepted", "agreed", "recognised", "reported"];
    for (const s of states) expect(tables.vi[`status.${s}`]).toBeDefined();
    for (const c of ["poor", "near_poor", "middle", "other", "unclassified"]) expect(tables.vi[`class.${c}`]).toBeDefined();
    for (const e of ["not_set_up", "invalid", "not_found", "refused", "storage"]) expect(tables.vi[`error.${e}`]).toBeDefined();
  });
});
