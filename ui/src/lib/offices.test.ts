import { describe, expect, it } from "vitest";
import { isOffice, mayRevoke, periodProblem, reviews, todayIso, unitLevel } from "./offices";

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

  it("the first run offers units of the role's level", () => {
    expect(unitLevel("enumerator")).toBe("commune");
    expect(unitLevel("commune")).toBe("commune");
    expect(unitLevel("district")).toBe("district");
    expect(unitLevel("province")).toBe("province");
  });

  it("offers to revoke only installations below, and a commune only its enumerators", () => {
    expect(mayRevoke("commune", "enumerator")).toBe(true);
    expect(mayRevoke("commune", "commune")).toBe(false);
    expect(mayRevoke("commune", "district")).toBe(false);
    expect(mayRevoke("district", "commune")).toBe(true);
    expect(mayRevoke("district", "enumerator")).toBe(true);
    expect(mayRevoke("district", "district")).toBe(false);
    expect(mayRevoke("district", "province")).toBe(false);
    expect(mayRevoke("province", "district")).toBe(true);
    expect(mayRevoke("enumerator", "enumerator")).toBe(false);
    expect(mayRevoke("province", "admin")).toBe(false);
  });

  it("a period must end after it starts and not before today", () => {
    const today = "2025-10-01";
    expect(periodProblem("", "", today)).toBeNull();
    expect(periodProblem("", "2026-09-30", today)).toBeNull();
    expect(periodProblem("2025-01-01", "", today)).toBeNull();
    expect(periodProblem("2026-01-01", "2025-12-31", today)).toBe("exchange.period_backwards");
    expect(periodProblem("", "2025-09-30", today)).toBe("exchange.period_past");
    expect(todayIso(new Date(Date.UTC(2025, 9, 1, 23, 30)))).toBe("2025-10-01");
  });
});
