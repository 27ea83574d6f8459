// Scaling for the dashboard's hand-written SVG charts. The figures come from the store; these
// functions only turn them into pixels (no rate, rule or threshold is computed here).

/** A round upper bound for an axis holding `values` (and `extra`, e.g. a target), at least 1. */
export function niceMax(values: (number | null | undefined)[], extra: number[] = []): number {
  const all = [...values, ...extra].filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const max = Math.max(0, ...all);
  if (max <= 0) return 1;
  const step = Math.pow(10, Math.floor(Math.log10(max)));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * step >= max) return m * step;
  }
  return 10 * step;
}

/** Maps [0, max] onto [0, length], clamped to the range. */
export function scale(value: number, max: number, length: number): number {
  if (!(max > 0) || !Number.isFinite(value)) return 0;
  return Math.min(length, Math.max(0, (value / max) * length));
}

/** Evenly spaced ticks from 0 to `max` (inclusive). */
export function ticks(max: number, count = 4): number[] {
  if (!(max > 0) || count < 1) return [0];
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

export type Point = { x: number; y: number };

/**
 * The points of a line chart: `xs` spread evenly over `width`, values scaled to `height`
 * (SVG y grows downwards). Missing values break the line: each run of points is a segment.
 */
export function lineSegments(values: (number | null)[], max: number, width: number, height: number): Point[][] {
  const n = values.length;
  const x = (i: number) => (n <= 1 ? width / 2 : (i * width) / (n - 1));
  const segments: Point[][] = [];
  let current: Point[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (current.length) segments.push(current);
      current = [];
      return;
    }
    current.push({ x: x(i), y: height - scale(v, max, height) });
  });
  if (current.length) segments.push(current);
  return segments;
}

/** An SVG path through the points of one segment. */
export function pathOf(points: Point[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
}

/**
 * A gauge's fill: the share of the dial (0–1) the value takes and where the target mark sits,
 * on a dial running from 0 to a round bound above both. For "at most" targets whose target is
 * 0 (no poor Party-member household) the dial still runs to the value.
 */
export function gauge(value: number | null, target: number): { fill: number; mark: number; max: number } {
  const max = niceMax([value], [target]);
  return {
    fill: value === null ? 0 : scale(value, max, 1),
    mark: scale(target, max, 1),
    max,
  };
}

/** A point on a half-circle dial of radius `r` centred at (cx, cy), `share` 0 (left) to 1 (right). */
export function dialPoint(share: number, cx: number, cy: number, r: number): Point {
  const angle = Math.PI * (1 - Math.min(1, Math.max(0, share)));
  return { x: cx + r * Math.cos(angle), y: cy - r * Math.sin(angle) };
}

/** The arc of a half-circle dial from 0 to `share`. */
export function dialArc(share: number, cx: number, cy: number, r: number): string {
  const s = dialPoint(0, cx, cy, r);
  const e = dialPoint(share, cx, cy, r);
  return `M${s.x.toFixed(1)},${s.y.toFixed(1)} A${r},${r} 0 0 1 ${e.x.toFixed(1)},${e.y.toFixed(1)}`;
}
