// A blank form's class is not a verdict: the panel names a class only once every dimension has
// an indicator decided.
import { describe, expect, it } from "vitest";
import type { IndicatorResult } from "./bindings";
import { openDimensions, poorOrNearPoor, tooFewToClassify } from "./readiness";

const indicator = (id: string, dimension_vi: string, state: "unknown" | "deprived" | "not"): IndicatorResult =>
  ({
    id,
    dimension_vi,
    name_vi: id,
    name_en: id,
    wording_vi: "",
    deprived: state === "deprived",
    reason_vi: "",
    reason_en: "",
    members: [],
    confidence: "confirmed",
    missing_answers: state === "unknown",
    unknown: state === "unknown",
  }) as unknown as IndicatorResult;

describe("tooFewToClassify", () => {
  it("holds while a whole dimension is unanswered", () => {
    const c = {
      indicators: [
        indicator("employment", "Việc làm", "unknown"),
        indicator("dependants", "Việc làm", "unknown"),
        indicator("housing_quality", "Nhà ở", "unknown"),
        indicator("floor_area", "Nhà ở", "not"),
      ],
    };
    expect(tooFewToClassify(c)).toBe(true);
    expect(openDimensions(c)).toEqual(["Việc làm"]);
  });
  it("lifts once every dimension has one indicator decided, deprived or not", () => {
    const c = {
      indicators: [
        indicator("employment", "Việc làm", "deprived"),
        indicator("dependants", "Việc làm", "unknown"),
        indicator("housing_quality", "Nhà ở", "unknown"),
        indicator("floor_area", "Nhà ở", "not"),
      ],
    };
    expect(tooFewToClassify(c)).toBe(false);
    expect(openDimensions(c)).toEqual([]);
  });
  it("does not hold for a household without indicators (Phiếu A stopped it)", () => {
    expect(tooFewToClassify({ indicators: [] })).toBe(false);
  });
});

describe("the opening list without an official method", () => {
  it("names both classes when the domain cannot tell poor from near-poor", () => {
    const either = { caveats: [{ code: "caveat.no_official_method", params: {} }, { code: "caveat.poor_or_near_poor", params: { min: 3 } }] };
    const nearPoor = { caveats: [{ code: "caveat.no_official_method", params: {} }] };
    expect(poorOrNearPoor(either as never)).toBe(true);
    expect(poorOrNearPoor(nearPoor as never)).toBe(false);
  });
});
