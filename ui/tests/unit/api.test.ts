import { describe, expect, it } from "vitest";
import { ApiError, toApiError } from "../../src/lib/api";

describe("toApiError", () => {
  it("keeps the code and message of a command error", () => {
    const e = toApiError({ code: "not-found", message: "no meeting with id 9" });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe("not-found");
    expect(e.message).toBe("no meeting with id 9");
  });
  it("treats a bare string from Tauri as an internal fault", () => {
    const e = toApiError("Command x not allowed by ACL");
    expect(e.code).toBe("internal");
    expect(e.message).toContain("not allowed by ACL");
  });
});
