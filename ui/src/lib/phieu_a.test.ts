// The list's Phiếu A line follows the stored verdict, whatever its reason.
import { describe, expect, it } from "vitest";
import { translate } from "./i18n";
import { verdictLine } from "./phieu_a";

describe("verdictLine", () => {
  it("names the column-0 conditions that stopped the review", () => {
    const l = verdictLine({ result: "stop", excluded_by: [1, 5], yes_count: null });
    expect(translate("vi", l.key, l.params)).toBe("Ngừng rà soát (cột 0, điều kiện 1, 5)");
  });
  it("counts the yes answers otherwise", () => {
    const stop = verdictLine({ result: "stop", excluded_by: [], yes_count: 4 });
    expect(translate("en", stop.key, stop.params)).toBe("Review stops (4 yes)");
    const b = verdictLine({ result: "review_with_phieu_b", excluded_by: [], yes_count: 3 });
    expect(translate("vi", b.key, b.params)).toBe("Rà soát tiếp Phiếu B (3 chỉ tiêu «có»)");
  });
});
