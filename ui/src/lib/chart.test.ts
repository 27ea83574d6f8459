// The chart scaling: bounds, ticks, lines broken at missing rounds, the gauge's dial.
import { describe, expect, it } from "vitest";
import { dialArc, dialPoint, gauge, lineSegments, niceMax, pathOf, scale, ticks } from "./chart";

describe("axis bounds", () => {
  it("rounds up to 1, 2, 2.5, 5 or 10 times a power of ten", () => {
    expect(niceMax([42.3])).toBe(50);
    expect(niceMax([9.1, 3])).toBe(10);
    expect(niceMax([0.7])).toBe(1);
    expect(niceMax([101])).toBe(200);
    expect(niceMax([21])).toBe(25);
    expect(niceMax([40_000_000])).toBe(50_000_000);
  });

  it("takes the target into account and ignores missing values", () => {
    expect(niceMax([12, null, undefined], [98.5])).toBe(100);
    expect(niceMax([null])).toBe(1);
    expect(niceMax([])).toBe(1);
    expect(niceMax([-3])).toBe(1);
  });

  it("scales and clamps", () => {
    expect(scale(25, 50, 200)).toBe(100);
    expect(scale(80, 50, 200)).toBe(200);
    expect(scale(-1, 50, 200)).toBe(0);
    expect(scale(5, 0, 200)).toBe(0);
    expect(scale(Number.NaN, 50, 200)).toBe(0);
  });

  it("spreads ticks from zero to the bound", () => {
    expect(ticks(50)).toEqual([0, 12.5, 25, 37.5, 50]);
    expect(ticks(0)).toEqual([0]);
  });
});

describe("trend lines", () => {
  it("spreads rounds over the width, values upwards", () => {
    const [seg] = lineSegments([50, 25, 0], 50, 200, 100);
    expect(seg).toEqual([
      { x: 0, y: 0 },
      { x: 100, y: 50 },
      { x: 200, y: 100 },
    ]);
    expect(pathOf(seg)).toBe("M0.0,0.0 L100.0,50.0 L200.0,100.0");
  });

  it("breaks the line where a round has no value", () => {
    const segs = lineSegments([10, null, 20, 30], 50, 300, 100);
    expect(segs.length).toBe(2);
    expect(segs[0].length).toBe(1);
    expect(segs[1].map((p) => p.x)).toEqual([200, 300]);
  });

  it("centres a single round", () => {
    expect(lineSegments([10], 50, 200, 100)).toEqual([[{ x: 100, y: 80 }]]);
  });
});

describe("gauge", () => {
  it("places the value and the target on one dial", () => {
    const g = gauge(45, 90);
    expect(g.max).toBe(100);
    expect(g.fill).toBeCloseTo(0.45);
    expect(g.mark).toBeCloseTo(0.9);
  });

  it("draws an empty dial when nothing is measured, and a zero target at the start", () => {
    expect(gauge(null, 85).fill).toBe(0);
    const g = gauge(3, 0);
    expect(g.mark).toBe(0);
    expect(g.fill).toBeGreaterThan(0);
  });

  it("runs the dial from the left end to the right end", () => {
    const left = dialPoint(0, 50, 50, 40);
    const right = dialPoint(1, 50, 50, 40);
    const top = dialPoint(0.5, 50, 50, 40);
    expect(left.x).toBeCloseTo(10);
    expect(right.x).toBeCloseTo(90);
    expect(top.y).toBeCloseTo(10);
    expect(dialArc(0.5, 50, 50, 40)).toBe("M10.0,50.0 A40,40 0 0 1 50.0,10.0");
  });
});
