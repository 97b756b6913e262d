import { describe, expect, it } from "vitest";
import { itemRange, kindLabel, statusLabel } from "../../src/lib/format";

describe("itemRange", () => {
  it("prints a range with an en dash, as the agenda does", () => {
    expect(itemRange(49, 57)).toBe("Items 49\u201357");
  });
  it("prints a single item in the singular", () => {
    expect(itemRange(12, 12)).toBe("Item 12");
  });
  it("says when the agenda is empty", () => {
    expect(itemRange(null, null)).toBe("No items yet");
  });
});

describe("statusLabel", () => {
  it("uses sentence case words", () => {
    expect(statusLabel("draft")).toBe("Draft");
    expect(statusLabel("minutes-drafted")).toBe("Minutes drafted");
    expect(statusLabel("minutes-approved")).toBe("Minutes approved");
    expect(statusLabel("signed")).toBe("Signed");
  });
});

describe("kindLabel", () => {
  it("labels only the unusual meetings", () => {
    expect(kindLabel("ordinary")).toBeNull();
    expect(kindLabel("extraordinary")).toBe("Extraordinary meeting");
    expect(kindLabel("annual")).toBe("Annual meeting");
  });
});
