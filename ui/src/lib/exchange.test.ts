// The exchange screens show compared values with the form's words and read typed paths.
import { describe, expect, it } from "vitest";
import { cellText, fieldLabel, formatBytes, pathsOf, percent } from "./exchange";
import { isKey, optionLabel, translate, translateData, type Key, type OptionGroup } from "./i18n";
import type { ImportPhase } from "./bindings";

const w = {
  t: (key: Key, vars: Record<string, string | number> = {}) => translate("vi", key, vars),
  tData: (key: string, vars: Record<string, string | number> = {}) => translateData("vi", key, vars),
  opt: (group: OptionGroup, value: string) => optionLabel("vi", group, value),
};

describe("compared values", () => {
  it("uses the form's option words, translation keys and yes/no", () => {
    expect(cellText({ display: "opt:sex" }, ["female"], w)).toBe("2. Nữ");
    expect(cellText({ display: "key:class." }, ["poor"], w)).toBe("Hộ nghèo");
    expect(cellText({ display: "bool" }, ["true"], w)).toBe("Có");
    expect(cellText({ display: null }, ["40"], w)).toBe("40");
  });

  it("joins a multiple choice and marks what a version lacks", () => {
    expect(cellText({ display: null }, ["a", "b"], w)).toBe("a, b");
    expect(cellText({ display: null }, null, w)).toBe("—");
    expect(cellText({ display: null }, [], w)).toBe(translate("vi", "common.none"));
  });

  it("labels a member's field with the member's number", () => {
    expect(fieldLabel({ label_key: "m.name", member: 2, path: "members[1].name" }, w)).toBe("Thành viên số 2 · 2. Họ và tên");
    expect(fieldLabel({ label_key: null, member: null, path: "phieu_a.answers" }, w)).toBe("phieu_a.answers");
    // Item IX's assets are option words of the form, named by the same key Rust sends.
    expect(fieldLabel({ label_key: "asset.color_tv", member: null, path: "assets.color_tv" }, w)).toBe("Ti vi màu");
    expect(fieldLabel({ label_key: "no.such.key", member: null, path: "x" }, w)).toBe("⟦no.such.key⟧");
  });
});

describe("sizes, paths and progress", () => {
  it("formats sizes", () => {
    expect(formatBytes(900)).toBe("900 B");
    expect(formatBytes(2048)).toBe("2.0 kB");
    expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MB");
  });

  it("reads one path per line", () => {
    expect(pathsOf(" /media/usb/a.rsbatch\n\n/media/usb/b.rsbatch \r\n")).toEqual(["/media/usb/a.rsbatch", "/media/usb/b.rsbatch"]);
  });

  it("clamps the progress bar", () => {
    expect(percent(0.456)).toBe(46);
    expect(percent(2)).toBe(100);
    expect(percent(Number.NaN)).toBe(0);
  });
});

describe("words the exchange screen builds from values", () => {
  it("names every import phase Rust sends and every kind of file written", () => {
    const phases: ImportPhase[] = ["read", "verify", "decrypt", "check", "apply", "done", "refused"];
    for (const p of phases) expect(isKey(`exchange.phase.${p}`), p).toBe(true);
    for (const k of ["card", "batch", "receipt"]) expect(isKey(`exchange.written_${k}`), k).toBe(true);
  });
});
