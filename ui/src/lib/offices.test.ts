import { describe, expect, it } from "vitest";
import { isOffice, reviews } from "./offices";

describe("offices", () => {
  it("a province is an office like a district, holding many communes", () => {
    expect(isOffice("district")).toBe(true);
    expect(isOffice("province")).toBe(true);
    expect(isOffice("commune")).toBe(false);
    expect(isOffice("enumerator")).toBe(false);
    expect(isOffice(undefined)).toBe(false);
  });

  it("communes and offices review, enumerators do not", () => {
    expect(reviews("province")).toBe(true);
    expect(reviews("district")).toBe(true);
    expect(reviews("commune")).toBe(true);
    expect(reviews("enumerator")).toBe(false);
    expect(reviews(null)).toBe(false);
  });
});
