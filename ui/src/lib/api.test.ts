// Whatever a command throws reaches the UI as {code, message}.
import { describe, expect, it } from "vitest";
import { AppError, toAppError } from "./api";

describe("toAppError", () => {
  it("keeps the code and message of a command error", () => {
    const e = toAppError({ code: "refused", message: "kỳ rà soát đã khóa" });
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("refused");
    expect(e.message).toBe("kỳ rà soát đã khóa");
  });

  it("turns anything else into a storage error with its text", () => {
    expect(toAppError("bridge down").code).toBe("storage");
    expect(toAppError({ code: "weird", message: "?" }).code).toBe("storage");
  });
});
