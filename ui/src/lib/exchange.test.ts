// The exchange screens show compared values with the form's words and read typed paths.
import { describe, expect, it } from "vitest";
import { cellText, certifiedByText, fieldLabel, formatBytes, lateEditText, officeWord, pathsOf, percent, periodText, revokedText, transferText, unitText } from "./exchange";
import { isKey, optionLabel, translate, translateData, type Key, type OptionGroup } from "./i18n";
import type { ImportPhase } from "./bindings";

const w = {
  t: (key: Key, vars: Record<string, string | number> = {}) => translate("vi", key, vars),
  tData: (key: string, vars: Record<string, string | number> = {}) => translateData("vi", key, vars),
  opt: (group: OptionGroup, value: string) => optionLabel("vi", group, value),
};

describe("compared values", () => {
  it("uses the form's option words, translation keys and yes/no", () => {
    expect(cellText({ display: "opt:sex" }, ["female"], w)).toBe("2. Nữ");
    expect(cellText({ display: "key:class." }, ["poor"], w)).toBe("Hộ nghèo");
    expect(cellText({ display: "bool" }, ["true"], w)).toBe("Có");
    expect(cellText({ display: null }, ["40"], w)).toBe("40");
  });

  it("joins a multiple choice and marks what a version lacks", () => {
    expect(cellText({ display: null }, ["a", "b"], w)).toBe("a, b");
    expect(cellText({ display: null }, null, w)).toBe("—");
    expect(cellText({ display: null }, [], w)).toBe(translate("vi", "common.none"));
  });

  it("labels a member's field with the member's number", () => {
    expect(fieldLabel({ label_key: "m.name", member: 2, path: "members[1].name" }, w)).toBe("Thành viên số 2 · 2. Họ và tên");
    expect(fieldLabel({ label_key: null, member: null, path: "phieu_a.answers" }, w)).toBe("phieu_a.answers");
    // Item IX's assets are option words of the form, named by the same key Rust sends.
    expect(fieldLabel({ label_key: "asset.color_tv", member: null, path: "assets.color_tv" }, w)).toBe("Ti vi màu");
    expect(fieldLabel({ label_key: "no.such.key", member: null, path: "x" }, w)).toBe("⟦no.such.key⟧");
  });
});

describe("sizes, paths and progress", () => {
  it("formats sizes", () => {
    expect(formatBytes(900)).toBe("900 B");
    expect(formatBytes(2048)).toBe("2.0 kB");
    expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MB");
  });

  it("reads one path per line", () => {
    expect(pathsOf(" /media/usb/a.rsbatch\n\n/media/usb/b.rsbatch \r\n")).toEqual(["/media/usb/a.rsbatch", "/media/usb/b.rsbatch"]);
  });

  it("clamps the progress bar", () => {
    expect(percent(0.456)).toBe(46);
    expect(percent(2)).toBe(100);
    expect(percent(Number.NaN)).toBe(0);
  });
});

describe("words the exchange screen builds from values", () => {
  it("names every import phase Rust sends and every kind of file written", () => {
    const phases: ImportPhase[] = ["read", "verify", "decrypt", "check", "apply", "done", "refused"];
    for (const p of phases) expect(isKey(`exchange.phase.${p}`), p).toBe(true);
    for (const k of ["card", "batch", "receipt"]) expect(isKey(`exchange.written_${k}`), k).toBe(true);
  });
});

describe("certification and revocation in plain words", () => {
  const cert = {
    valid_from: "2025-10-01",
    valid_until: "2030-09-30",
    state: "valid" as const,
    certified_by: "0190aaaa-0000-7000-8000-00000000c0de",
    certified_by_name: "Xã Sủng Là",
    certified_by_role: "commune",
  };

  it("names the office in words, the province too, and an unknown word as it came", () => {
    expect(officeWord("commune", w.t)).toBe("Cán bộ xã");
    expect(officeWord("province", w.t)).toBe("Cán bộ tỉnh");
    expect(officeWord("village", w.t)).toBe("village");
  });

  it("writes the period's days as cadres do and says when it no longer holds", () => {
    expect(periodText(cert, w.t)).toBe("từ 01/10/2025 đến hết 30/09/2030");
    expect(periodText({ ...cert, state: "expired" }, w.t)).toBe("từ 01/10/2025 đến hết 30/09/2030 — đã hết hạn");
    expect(periodText({ ...cert, state: "not_yet_valid" }, w.t)).toContain("chưa đến ngày hiệu lực");
    expect(periodText({ valid_from: null, valid_until: null, state: "no_period" }, w.t)).toContain("phiên bản cũ");
  });

  it("says who certified: this installation, or another by unit and office", () => {
    expect(certifiedByText(cert, w.t)).toBe("do Xã Sủng Là · Cán bộ xã chứng nhận");
    expect(certifiedByText({ ...cert, certified_by: null }, w.t)).toBe("do máy này đăng ký");
    expect(certifiedByText({ ...cert, certified_by_name: "" }, w.t)).toBe("do 0000c0de chứng nhận");
  });

  it("says a revoked installation's day and that its batches are refused", () => {
    const r = { date: "2025-10-01", revoked_by: "x", revoked_by_name: "Xã Sủng Là", revoked_by_role: "commune" };
    expect(revokedText(r, w.t)).toBe("Đã thu hồi ngày 01/10/2025 (Xã Sủng Là · Cán bộ xã) — lô của máy này bị từ chối");
    expect(unitText("00730", "")).toBe("00730");
    expect(unitText("00730", "Xã Sủng Là")).toBe("00730 — Xã Sủng Là");
  });
});

describe("household transfers", () => {
  const v = {
    household_id: "h-1",
    code: "00715-01-000001",
    from: "00715",
    from_name: "Xã Lũng Cú",
    to: "00733",
    to_name: "Xã Sà Phìn",
    date: "2025-10-02",
    actor: "Cán bộ huyện [p-1]",
    reason: "Ở với con trai",
    late_edits: [],
  };

  it("says where a household went, when, by whom and why", () => {
    expect(transferText(v, w.t)).toBe(
      "Hộ 00715-01-000001: chuyển từ Xã Lũng Cú (00715) sang Xã Sà Phìn (00733) ngày 02/10/2025 bởi Cán bộ huyện [p-1]. Lý do: Ở với con trai",
    );
  });

  it("names a commune by its code when its name is not known here", () => {
    expect(transferText({ ...v, to_name: "" }, w.t)).toContain("sang xã 00733 ngày");
  });

  it("says an edit that arrived after the move was kept as history, not applied", () => {
    const e = {
      origin: "0199aa00-0000-7000-8000-000000000001",
      seq: 40,
      date: "2025-10-01",
      commune: "00715",
      commune_name: "Xã Lũng Cú",
      to: "00733",
      to_name: "",
    };
    expect(lateEditText(e, w.t)).toBe(
      "Sửa đổi của Xã Lũng Cú (00715) ghi ngày 01/10/2025 gửi đến sau khi hộ đã chuyển sang xã 00733: giữ làm lịch sử, không áp dụng",
    );
    expect(translate("en", "transfers.late_edit", { commune: "commune 00715", date: "01/10/2025", to: "commune 00733" })).toBe(
      "An edit by commune 00715 dated 01/10/2025 arrived after the household moved to commune 00733: kept as history, not applied",
    );
  });
});
