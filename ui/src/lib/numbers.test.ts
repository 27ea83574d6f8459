// Number boxes keep what was typed: numbers written the Vietnamese way are read, anything
// else is kept as typed for the domain to call "Chỉ nhập số", never lost or made 0.
import { describe, expect, it } from "vitest";
import { boxText, boxValue, readNumber } from "./numbers";
import { fieldOf } from "./form";

describe("readNumber", () => {
  it("reads a decimal comma where decimals are allowed", () => {
    expect(readNumber("45,5", "decimal")).toBe(45.5);
    expect(readNumber(" 45,5 ", "decimal")).toBe(45.5);
    expect(readNumber("45.5", "decimal")).toBe(45.5);
    expect(readNumber("1.230,75", "decimal")).toBe(1230.75);
    expect(readNumber("0,3", "decimal")).toBe(0.3);
  });
  it("reads thousands grouped with dots or spaces", () => {
    expect(readNumber("1.230.000", "whole")).toBe(1230000);
    expect(readNumber("1 230 000", "whole")).toBe(1230000);
    expect(readNumber("42", "whole")).toBe(42);
    expect(readNumber("-1.500", "whole")).toBe(-1500);
  });
  it("refuses what is not a number of the box's kind", () => {
    for (const text of ["12a", "abc", "hai mươi", "1e3", "0x10", "Infinity", "4,5,6", "--3", "", ","]) {
      expect(readNumber(text, "decimal"), text).toBeNull();
    }
    // A count or an amount in đồng is whole: a comma is not read as a decimal point there.
    expect(readNumber("2,5", "whole")).toBeNull();
    expect(readNumber("2.5", "whole")).toBeNull();
  });
});

describe("boxValue and boxText", () => {
  it("gives the draft null for an empty box, a number, or the text as typed", () => {
    expect(boxValue("", "decimal")).toBeNull();
    expect(boxValue("   ", "whole")).toBeNull();
    expect(boxValue("45,5", "decimal")).toBe(45.5);
    expect(boxValue("12a", "decimal")).toBe("12a");
    expect(boxValue("2,5", "whole")).toBe("2,5");
  });
  it("shows a kept answer back as it was typed", () => {
    expect(boxText(45.5, "decimal")).toBe("45,5");
    expect(boxText(3, "whole")).toBe("3");
    expect(boxText("12a", "decimal")).toBe("12a");
    expect(boxText(null, "decimal")).toBe("");
    expect(boxText(undefined, "whole")).toBe("");
    // Shown and read again, the same answer.
    for (const [v, kind] of [[45.5, "decimal"], [1230000, "whole"], ["12a", "decimal"]] as const) {
      expect(boxValue(boxText(v, kind), kind)).toBe(v);
    }
  });
});

describe("number fields in the error summary", () => {
  it("are named by the form's words, not a path", () => {
    expect(fieldOf("livestock.poultry")).toEqual({ key: "f.poultry", member: null });
    expect(fieldOf("land.garden_pond")).toEqual({ key: "f.garden_pond", member: null });
    expect(fieldOf("income.sources[2].amount")).toEqual({ key: "inc.amount", member: null });
    expect(fieldOf("income.production_costs")).toEqual({ key: "inc.costs", member: null });
  });
});
