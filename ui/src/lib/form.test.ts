// The form's small helpers: findings land on the right field, numbers typed the Vietnamese way
// are read right, ids are UUIDv7.
import { describe, expect, it } from "vitest";
import type { Finding, Household } from "./bindings";
import { blankMember, countBySeverity, fieldOf, findingsAt, findingsUnder, groupThousands, memberIndexOf, memberLabel, sectionOf, sectionProgress, openAnswerNames, unansweredPaths, uuidv7, villageChoices } from "./form";

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
    for (const k of [
      "relation", "birth", "sex", "education", "training", "health_insurance", "internet", "in_school",
      "social_allowance", "disabled", "serious_illness", "sick_without_care", "non_farm_work", "pension",
    ]) {
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
    expect(fieldOf("members[0].non_farm_work")).toEqual({ key: "m.non_farm", member: 1 });
    expect(fieldOf("land.forest")).toEqual({ key: "f.forest", member: null });
    expect(fieldOf("livestock.poultry")).toEqual({ key: "f.poultry", member: null });
    expect(fieldOf("housing.floor_area_m2")).toEqual({ key: "f.floor_area", member: null });
    // Item IX's counts and the area are named as the form labels them, never by their path.
    expect(fieldOf("assets.color_tv")).toEqual({ key: "asset.color_tv", member: null });
    expect(fieldOf("area")).toEqual({ key: "f.area", member: null });
    expect(fieldOf("members[0].internet")).toEqual({ key: "m.internet", member: 1 });
  });
});

describe("open answers of a provisional class", () => {
  const name = (key: string, member: number | null) => (member ? `TV${member}:${key}` : key);
  it("names each as the form does, a member's with its number", () => {
    expect(openAnswerNames(["electricity.kwh_per_month", "members[1].height_cm"], name)).toBe("f.kwh; TV2:m.height");
  });
  it("names the first few and counts the rest", () => {
    const paths = ["latrine", "water", "housing.roof", "housing.wall"];
    expect(openAnswerNames(paths, name, 2)).toBe("f.latrine; f.water… (+2)");
    expect(openAnswerNames([], name)).toBe("");
  });
});

describe("the section bar", () => {
  it("places each field in the form's section that holds it", () => {
    expect(sectionOf("code")).toBe("general");
    expect(sectionOf("location.village")).toBe("general");
    expect(sectionOf("phieu_a.screened_on")).toBe("phieu_a");
    expect(sectionOf("housing.floor_area_m2")).toBe("housing");
    expect(sectionOf("electricity.kwh_per_month")).toBe("utilities");
    expect(sectionOf("latrine")).toBe("utilities");
    expect(sectionOf("water")).toBe("utilities");
    expect(sectionOf("assets.motorbike")).toBe("assets");
    expect(sectionOf("livestock.poultry")).toBe("land");
    expect(sectionOf("support.needed")).toBe("hardship");
    expect(sectionOf("members[3].employment")).toBe("members");
    expect(sectionOf("members")).toBe("members");
    expect(sectionOf("income.sources[0].amount")).toBe("income");
    expect(sectionOf("waste")).toBe("environment");
    expect(sectionOf("notes")).toBe("notes");
  });

  it("counts each section's answered questions against its required ones, and its errors", () => {
    const required = ["housing.column", "housing.roof", "latrine", "water", "members[0].sex", "members[1].sex"];
    const missing = ["housing.roof", "members[1].sex"];
    const p = sectionProgress(["general", "housing", "utilities", "members", "notes"], required, missing, ["members[0].birth", "code"]);
    expect(p.housing).toEqual({ answered: 1, required: 2, errors: 0 });
    expect(p.utilities).toEqual({ answered: 2, required: 2, errors: 0 });
    expect(p.members).toEqual({ answered: 1, required: 2, errors: 1 });
    expect(p.general).toEqual({ answered: 0, required: 0, errors: 1 });
    expect(p.notes).toEqual({ answered: 0, required: 0, errors: 0 });
  });

  it("leaves out a section the form does not show", () => {
    const p = sectionProgress(["general"], ["phieu_a.screened_on"], [], ["phieu_a.screened_on"]);
    expect(Object.keys(p)).toEqual(["general"]);
  });

  it("finds the member a path belongs to", () => {
    expect(memberIndexOf("members[12].birth")).toBe(12);
    expect(memberIndexOf("members")).toBeNull();
    expect(memberIndexOf("housing.roof")).toBeNull();
  });
});

describe("the village choice", () => {
  const list = [
    { name: "Thôn Cán Pản (mẫu)", retired: false },
    { name: "Thôn Cũ (mẫu)", retired: true },
    { name: "Thôn Lũng Táo (mẫu)", retired: false },
  ];

  it("offers the commune's villages in use, not the retired ones", () => {
    expect(villageChoices(list, "")).toEqual([
      { name: "Thôn Cán Pản (mẫu)", flag: null },
      { name: "Thôn Lũng Táo (mẫu)", flag: null },
    ]);
    expect(villageChoices(list, "Thôn Lũng Táo (mẫu)").map((v) => v.flag)).toEqual([null, null]);
  });

  it("keeps a household's own village outside the list, flagged, first", () => {
    expect(villageChoices(list, "Thon Can Pan")[0]).toEqual({ name: "Thon Can Pan", flag: "unlisted" });
    expect(villageChoices(list, "Thôn Cũ (mẫu)")[0]).toEqual({ name: "Thôn Cũ (mẫu)", flag: "retired" });
    expect(villageChoices(list, "Thon Can Pan")).toHaveLength(3);
  });

  it("says the name a renamed village has now, keeping the household's answer", () => {
    const renamed = [{ name: "Bản Cán Pản", retired: false, former_names: ["Thôn Cán Pản"] }];
    expect(villageChoices(renamed, "Thôn Cán Pản")[0]).toEqual({ name: "Thôn Cán Pản", flag: "renamed", now: "Bản Cán Pản" });
  });
});
