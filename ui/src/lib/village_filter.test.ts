// The village filter asks for a listed village by its id and for an unlisted name by its text.
import { describe, expect, it } from "vitest";
import { choiceKey, villageQuery } from "./village_filter";

describe("village filter", () => {
  it("asks for a listed village by its id, whatever its name", () => {
    const key = choiceKey({ id: "00721:Thôn Cán Pản", name: "Bản Cán Pản" });
    expect(villageQuery(key)).toEqual({ village: null, village_id: "00721:Thôn Cán Pản" });
  });

  it("asks for a name no listed village had by its text", () => {
    const key = choiceKey({ id: null, name: "Thon Sung Trai" });
    expect(villageQuery(key)).toEqual({ village: "Thon Sung Trai" });
  });

  it("asks for every village when nothing is chosen", () => {
    expect(villageQuery("")).toEqual({ village: null });
  });
});
