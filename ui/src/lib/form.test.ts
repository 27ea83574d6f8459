// The form's small helpers: findings land on the right field, numbers typed the Vietnamese way
// are read right, ids are UUIDv7.
import { describe, expect, it } from "vitest";
import type { Finding, Household } from "./bindings";
import { blankMember, countBySeverity, fieldOf, findingsAt, findingsUnder, groupThousands, memberLabel, parseNumber, surveyYearMismatch, unansweredPaths, uuidv7 } from "./form";

const f = (path: string, severity: "error" | "warning" = "error"): Finding => ({
  severity,
  path,
  code: "x",
  message: { code: "finding.code_missing", params: {} },
});

describe("findings", () => {
  const all = [f("members[1].birth"), f("members[1]"), f("members[10].name", "warning"), f("housing.floor_area_m2")];

  it("are placed on their exact path", () => {
    expect(findingsAt(all, "members[1].birth")).toHaveLength(1);
    expect(findingsAt(all, "members")).toHaveLength(0);
  });

  it("are gathered under a member without catching member 10 for member 1", () => {
    expect(findingsUnder(all, "members[1]")).toHaveLength(2);
    expect(findingsUnder(all, "members[10]")).toHaveLength(1);
  });

  it("are counted by severity", () => {
    expect(countBySeverity(all)).toEqual({ errors: 3, warnings: 1 });
  });
});

describe("numbers", () => {
  it("reads Vietnamese and plain notations, and never turns blank into zero", () => {
    expect(parseNumber("1.230.000")).toBe(1230000);
    expect(parseNumber("7,5")).toBe(7.5);
    expect(parseNumber("42")).toBe(42);
    expect(parseNumber("")).toBeNull();
    expect(parseNumber("abc")).toBeNull();
  });

  it("groups thousands with dots", () => {
    expect(groupThousands(1230000)).toBe("1.230.000");
    expect(groupThousands(999)).toBe("999");
    expect(groupThousands(-1500)).toBe("-1.500");
  });
});

describe("members", () => {
  it("are labelled by number and name, as on the paper form", () => {
    const h = { members: [blankMember("a"), { ...blankMember("b"), name: "Vừ Thị Mẫu" }] } as unknown as Household;
    expect(memberLabel(h, 2)).toBe("2. Vừ Thị Mẫu");
    expect(memberLabel(h, 1)).toBe("1");
  });

  it("get time-ordered UUIDv7 ids", () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.slice(0, 13) < b.slice(0, 13)).toBe(true);
  });
});

describe("answers not given yet", () => {
  it("a new member starts with every answer open", () => {
    const m = blankMember("x") as unknown as Record<string, unknown>;
    for (const k of ["relation", "birth", "sex", "education", "training", "health_insurance"]) {
      expect(m[k], k).toBeNull();
    }
    expect(m.ethnicity).toBe("");
  });

  it("lists the domain's unanswered findings and names their fields", () => {
    const findings = [
      { severity: "error", path: "water", code: "unanswered", message: { code: "finding.unanswered", params: {} } },
      { severity: "error", path: "members[1].sex", code: "unanswered", message: { code: "finding.unanswered", params: {} } },
      { severity: "error", path: "code", code: "code_missing", message: { code: "finding.code_missing", params: {} } },
    ] as unknown as Finding[];
    expect(unansweredPaths(findings)).toEqual(["water", "members[1].sex"]);
    expect(fieldOf("members[1].sex")).toEqual({ key: "m.sex", member: 2 });
    expect(fieldOf("members[0].height_cm")).toEqual({ key: "m.height", member: 1 });
    expect(fieldOf("housing.floor_area_m2")).toEqual({ key: "f.floor_area", member: null });
  });
});

describe("survey date and round", () => {
  it("names the year of a date outside the round's year", () => {
    expect(surveyYearMismatch("2026-12-06", 2024)).toBe(2026);
    expect(surveyYearMismatch("2024-10-01", 2024)).toBeNull();
  });
  it("says nothing while the date is not complete or the round unknown", () => {
    expect(surveyYearMismatch("", 2024)).toBeNull();
    expect(surveyYearMismatch(null, 2024)).toBeNull();
    expect(surveyYearMismatch("2026-12", 2024)).toBeNull();
    expect(surveyYearMismatch("2026-12-06", undefined)).toBeNull();
  });
});
