// The sync screen's helpers: addresses checked like the Rust side does, waits in words, and a
// word for every error kind and badge the Rust side sends.
import { describe, expect, it } from "vitest";
import { BADGES, ERROR_KINDS, REFUSAL_CODES, badgeKey, errorKey, refusalKey, serverUrlProblem, waitWords } from "./sync";
import { isKey, tables } from "./i18n";

describe("server address", () => {
  it("accepts http and https addresses with a host and a port", () => {
    expect(serverUrlProblem("https://dongvan.example.vn")).toBeNull();
    expect(serverUrlProblem(" http://10.0.0.5:8443/ ")).toBeNull();
  });

  it("says what is wrong with the others", () => {
    expect(serverUrlProblem("")).toBe("sync.url.empty");
    expect(serverUrlProblem("dongvan.example.vn")).toBe("sync.url.scheme");
    expect(serverUrlProblem("ftp://dongvan.example.vn")).toBe("sync.url.scheme");
    expect(serverUrlProblem("http://")).toBe("sync.url.invalid");
    expect(serverUrlProblem("http://a b")).toBe("sync.url.invalid");
    expect(serverUrlProblem("http://user:pw@dongvan.example.vn")).toBe("sync.url.extra");
    expect(serverUrlProblem("http://dongvan.example.vn/?x=1")).toBe("sync.url.extra");
    for (const key of ["sync.url.empty", "sync.url.scheme", "sync.url.invalid", "sync.url.extra"]) {
      expect(isKey(key), key).toBe(true);
    }
  });
});

describe("waits in words", () => {
  it("counts seconds, then whole minutes rounded up", () => {
    expect(waitWords(-5)).toEqual({ key: "sync.in_now", n: 0 });
    expect(waitWords(4_600)).toEqual({ key: "sync.in_seconds", n: 5 });
    expect(waitWords(61_000)).toEqual({ key: "sync.in_minutes", n: 2 });
    expect(waitWords(15 * 60_000)).toEqual({ key: "sync.in_minutes", n: 15 });
  });
});

describe("words for what the Rust side sends", () => {
  it("has plain words for every error kind and badge, in both languages", () => {
    for (const kind of ERROR_KINDS) {
      expect(isKey(errorKey(kind)), kind).toBe(true);
      expect(tables.en[errorKey(kind)].length, kind).toBeGreaterThan(0);
    }
    for (const badge of BADGES) {
      expect(isKey(badgeKey(badge)), badge).toBe(true);
    }
  });
});

describe("refusals in words", () => {
  it("has plain words for every refusal for good, and general words for any other code", () => {
    expect(refusalKey("wrong_unit")).toBe("sync.refusal.wrong_unit");
    expect(refusalKey("something_new")).toBe("sync.refusal.other");
    for (const code of [...REFUSAL_CODES, "other"]) {
      expect(isKey(refusalKey(code)), code).toBe(true);
      expect(tables.en[refusalKey(code)].length, code).toBeGreaterThan(0);
    }
  });
});
