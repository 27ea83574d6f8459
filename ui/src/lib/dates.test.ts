// dd/mm/yyyy on screen, ISO in the record: both ways, impossible days refused, the mask.
import { describe, expect, it } from "vitest";
import { birthToDmy, dmyToBirth, dmyToIso, isoToDmy, maskDmy } from "./dates";

describe("dates", () => {
  it("shows an ISO date as dd/mm/yyyy and leaves anything else alone", () => {
    expect(isoToDmy("2024-03-09")).toBe("09/03/2024");
    expect(isoToDmy("")).toBe("");
    expect(isoToDmy(null)).toBe("");
    expect(isoToDmy("1987")).toBe("1987");
  });

  it("reads dd/mm/yyyy and its loose forms into ISO", () => {
    expect(dmyToIso("09/03/2024")).toBe("2024-03-09");
    expect(dmyToIso(" 9/3/2024 ")).toBe("2024-03-09");
    expect(dmyToIso("09.03.2024")).toBe("2024-03-09");
    expect(dmyToIso("29/02/2024")).toBe("2024-02-29");
    expect(dmyToIso("")).toBe("");
  });

  it("refuses what is not a day of the calendar or not day-month-year", () => {
    expect(dmyToIso("29/02/2023")).toBeNull();
    expect(dmyToIso("31/04/2024")).toBeNull();
    expect(dmyToIso("00/01/2024")).toBeNull();
    expect(dmyToIso("12/13/2024")).toBeNull();
    expect(dmyToIso("2024-03-09")).toBeNull();
    expect(dmyToIso("09/03/24")).toBeNull();
    expect(dmyToIso("hôm qua")).toBeNull();
  });

  it("adds the slashes to bare digits", () => {
    expect(maskDmy("09")).toBe("09");
    expect(maskDmy("0903")).toBe("09/03");
    expect(maskDmy("090320")).toBe("09/03/20");
    expect(maskDmy("09032024")).toBe("09/03/2024");
    expect(maskDmy("090320241")).toBe("09/03/2024");
    expect(maskDmy("09/03/2024")).toBe("09/03/2024");
  });

  it("round-trips", () => {
    for (const iso of ["2024-01-01", "1999-12-31", "2026-11-30"]) expect(dmyToIso(isoToDmy(iso))).toBe(iso);
  });
});

describe("birth dates", () => {
  it("shows the domain's three forms day/month/year", () => {
    expect(birthToDmy("1987")).toBe("1987");
    expect(birthToDmy("1987-03")).toBe("03/1987");
    expect(birthToDmy("1987-03-09")).toBe("09/03/1987");
    expect(birthToDmy("")).toBe("");
  });

  it("reads them back into the domain's forms, and leaves the rest for the domain to judge", () => {
    expect(dmyToBirth("1987")).toBe("1987");
    expect(dmyToBirth("3/1987")).toBe("1987-03");
    expect(dmyToBirth("09/03/1987")).toBe("1987-03-09");
    expect(dmyToBirth("1987-03-09")).toBe("1987-03-09");
    expect(dmyToBirth("31/02/1987")).toBe("31/02/1987");
    expect(dmyToBirth("13/1987")).toBe("13/1987");
    expect(dmyToBirth(" 1987 ")).toBe("1987");
  });

  it("round-trips", () => {
    for (const b of ["1987", "1987-03", "1987-03-09"]) expect(dmyToBirth(birthToDmy(b))).toBe(b);
  });
});
