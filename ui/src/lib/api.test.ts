// Whatever a command throws reaches the UI as {code, message}, the message a catalogue code.
import { describe, expect, it } from "vitest";
import { AppError, toAppError } from "./api";
import { renderMessage } from "./i18n";

describe("toAppError", () => {
  it("keeps the code and message of a command error", () => {
    const e = toAppError({
      code: "refused",
      message: { code: "error.store.round_locked", params: { what: "2025" } },
    });
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("refused");
    expect(renderMessage("vi", e.detail)).toBe("kỳ rà soát 2025 đã khóa, không được sửa");
    expect(renderMessage("en", e.detail)).toBe("round 2025 is locked: no edits");
    expect(e.message).toBe("kỳ rà soát 2025 đã khóa, không được sửa");
  });

  it("turns anything else into a storage error with its text", () => {
    const bridge = toAppError("bridge down");
    expect(bridge.code).toBe("storage");
    expect(renderMessage("en", bridge.detail)).toBe("bridge down");
    expect(toAppError({ code: "weird", message: "?" }).code).toBe("storage");
    expect(renderMessage("vi", toAppError({ code: "invalid", message: "kỳ rà soát đã khóa" }).detail)).toBe(
      "kỳ rà soát đã khóa",
    );
  });
});
