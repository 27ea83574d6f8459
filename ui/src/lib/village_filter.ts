// The household list's village filter: one choice per listed village (by its stable id, under
// its current name; the store gathers the households saved under a former name), and one per
// name the answers hold that no listed village had. A choice travels in a <select> as one
// string, so the two kinds get a prefix each.
import type { HouseholdQuery, VillageChoiceView } from "./bindings";

/** The <select> value of a choice. */
export function choiceKey(c: VillageChoiceView): string {
  return c.id !== null ? `id:${c.id}` : `name:${c.name}`;
}

/** The list query's village part for a <select> value ("" for every village). */
export function villageQuery(key: string): Pick<HouseholdQuery, "village" | "village_id"> {
  if (key.startsWith("id:")) return { village: null, village_id: key.slice(3) };
  if (key.startsWith("name:")) return { village: key.slice(5) };
  return { village: null };
}
