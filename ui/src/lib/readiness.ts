// When the panel may name a class at all. A class is only a verdict once every dimension of
// deprivation (việc làm, y tế, giáo dục, nhà ở, nước và vệ sinh, thông tin) has at least one
// indicator decided: while a whole dimension is still open, the class would rest on answers
// nobody gave, so the panel says "not enough answers to classify yet" and lists what is
// missing. Past that point the class shows, still labelled provisional while any answer it
// depends on is open (the domain's `provisional` list).
import type { Classification } from "./bindings";

/** The dimensions (in the standard's order) whose every indicator is still unknown. */
export function openDimensions(c: Pick<Classification, "indicators">): string[] {
  const decided = new Map<string, boolean>();
  for (const i of c.indicators) decided.set(i.dimension_vi, (decided.get(i.dimension_vi) ?? false) || !i.unknown);
  return [...decided].filter(([, any]) => !any).map(([dimension]) => dimension);
}

/** Whether there are too few answers for the class to mean anything yet. */
export function tooFewToClassify(c: Pick<Classification, "indicators">): boolean {
  return openDimensions(c).length > 0;
}

/** Whether an opening-list class without an official method is "poor or near-poor" rather than
 * the class it carries: below the line, the unsourced indicators are not counted, so the
 * domain says near-poor with the caveat `caveat.poor_or_near_poor`, and the badge must say
 * both classes, not near-poor alone. */
export function poorOrNearPoor(c: Pick<Classification, "caveats">): boolean {
  return c.caveats.some((m) => m.code === "caveat.poor_or_near_poor");
}
