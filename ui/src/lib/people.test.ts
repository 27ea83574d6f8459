// The administrator's screens: only an administrator signed in and unlocked sees them, every
// role and logged action has its words, times read in Vietnam's zone, first PINs and idle
// minutes checked before they are sent.
import { describe, expect, it } from "vitest";
import type { SessionView } from "./bindings";
import { ACTION_KINDS, actionKindKeys, actorName, idleMinutes, managesPeople, movePassphraseProblem, newPinProblem, outcomeKey, roleKeys, ROLES, showTime } from "./people";
import { isKey, tables } from "./i18n";

function session(stage: SessionView["stage"], role: string | null): SessionView {
  return {
    stage,
    people: [],
    person: role ? { id: "p", name: "Người thử", role } : null,
    idle_lock_seconds: 600,
    demo_pin: null,
  };
}

describe("who sees the people and log screens", () => {
  it("is the signed-in administrator alone", () => {
    expect(managesPeople(session("open", "administrator"))).toBe(true);
    for (const role of ["reviewer", "commune_officer", "district_officer"]) {
      expect(managesPeople(session("open", role))).toBe(false);
    }
    expect(managesPeople(session("locked", "administrator"))).toBe(false);
    expect(managesPeople(session("open", null))).toBe(false);
    expect(managesPeople(null)).toBe(false);
  });
});

describe("words", () => {
  it("exist in both languages for every role and every logged action", () => {
    expect(ACTION_KINDS).toHaveLength(16);
    for (const key of [...Object.values(actionKindKeys), ...Object.values(roleKeys)]) {
      expect(isKey(key)).toBe(true);
      for (const table of Object.values(tables)) expect(table[key]).toBeTruthy();
    }
    expect(new Set(ROLES)).toEqual(new Set(Object.keys(roleKeys)));
  });

  it("name the outcomes the store records, and leave others as they are", () => {
    expect(outcomeKey("ok")).toBe("audit.outcome.ok");
    expect(outcomeKey("wrong_secret")).toBe("audit.outcome.wrong_secret");
    expect(outcomeKey("recovery_key")).toBe("audit.outcome.recovery_key");
    expect(outcomeKey("toString")).toBeNull();
    expect(outcomeKey("something_new")).toBeNull();
  });
});

describe("times", () => {
  it("are Vietnam's, day first", () => {
    // 2025-12-31 17:30 UTC is already 1 January in Vietnam.
    expect(showTime(Date.UTC(2025, 11, 31, 17, 30))).toBe("01/01/2026 00:30");
    expect(showTime(Date.UTC(2026, 0, 5, 2, 7))).toBe("05/01/2026 09:07");
  });
});

describe("a first PIN", () => {
  it("needs 6 digits (or a 10-character password) typed the same twice", () => {
    expect(newPinProblem("123", "123")).toBe("signin.pin_short");
    expect(newPinProblem("12345a", "12345a")).toBe("signin.pin_short");
    expect(newPinProblem("123456", "123457")).toBe("signin.pins_differ");
    expect(newPinProblem("123456", "123456")).toBeNull();
    expect(newPinProblem("mật khẩu dài", "mật khẩu dài")).toBeNull();
  });
});

describe("idle minutes", () => {
  it("are whole minutes from 1 to the most the store keeps", () => {
    expect(idleMinutes("10", 480)).toBe(10);
    expect(idleMinutes(" 480 ", 480)).toBe(480);
    expect(idleMinutes("0", 480)).toBeNull();
    expect(idleMinutes("481", 480)).toBeNull();
    expect(idleMinutes("2.5", 480)).toBeNull();
    expect(idleMinutes("", 480)).toBeNull();
  });
});

describe("actorName", () => {
  it("shows the person's name without the id the log keeps beside it", () => {
    expect(actorName("Cán bộ xã Thử [01a24a1d-658a-77bc-bfd1-e53c4e5cdf78]")).toBe("Cán bộ xã Thử");
  });
  it("leaves an actor of before sign-in as it was", () => {
    expect(actorName("điều tra viên")).toBe("điều tra viên");
    expect(actorName("Tên [ghi chú]")).toBe("Tên [ghi chú]");
  });
});

describe("a new move passphrase", () => {
  it("needs the store's length, counted in letters, and the same twice", () => {
    expect(movePassphraseProblem("ngắn quá", "ngắn quá", 12)).toBe("move.passphrase_short");
    // Twelve letters, some of them Vietnamese (more than twelve bytes).
    expect(movePassphraseProblem("đá đỏ đồi đá", "đá đỏ đồi đá", 12)).toBeNull();
    expect(movePassphraseProblem("   đá đỏ đồi   ", "   đá đỏ đồi   ", 12)).toBe("move.passphrase_short");
    expect(movePassphraseProblem("cao nguyên đá Đồng Văn", "cao nguyên đá Đồng văn", 12)).toBe("move.passphrases_differ");
  });
});
