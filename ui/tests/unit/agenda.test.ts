import { describe, expect, it } from "vitest";
import { dropTarget, fileSize, groupItems, privateBadge, stepTarget } from "../../src/lib/agenda";
import type { ItemDetail } from "../../src/bindings/ItemDetail";

function item(key: string, priv = false): ItemDetail {
  return {
    key,
    number: 1,
    title: key,
    privateTitle: null,
    purpose: null,
    kind: "substantive",
    description: null,
    subItems: [],
    reports: [],
    private: priv,
    paragraphs: [],
    late: false,
    lateReason: null,
    minute: null,
  };
}

describe("groupItems", () => {
  it("puts everything from the first private item under Private Business", () => {
    const groups = groupItems([item("a"), item("b"), item("c", true), item("d")]);
    expect(groups.map((g) => [g.heading, g.items.map((i) => i.key)])).toEqual([
      ["Public Business", ["a", "b"]],
      ["Private Business", ["c", "d"]],
    ]);
  });
  it("has one group when nothing is private", () => {
    expect(groupItems([item("a")]).map((g) => g.heading)).toEqual(["Public Business"]);
  });
});

describe("badges and sizes", () => {
  it("names the paragraphs in order", () => {
    expect(privateBadge([3, 1])).toBe("Private \u00b61, 3");
    expect(privateBadge([])).toBe("Private \u2013 no paragraph");
  });
  it("prints sizes like the council website", () => {
    expect(fileSize(257_000)).toBe("251 KB");
    expect(fileSize(1_300_000)).toBe("1.2 MB");
    expect(fileSize(null)).toBe("size unknown");
  });
});

describe("moves", () => {
  const items = [item("a"), item("b"), item("c")];
  it("steps up and down, not past the ends", () => {
    expect(stepTarget(items, "b", -1)).toBe(0);
    expect(stepTarget(items, "b", 1)).toBe(2);
    expect(stepTarget(items, "a", -1)).toBeNull();
    expect(stepTarget(items, "c", 1)).toBeNull();
  });
  it("drops before or after the row under the pointer", () => {
    expect(dropTarget(0, 2, false)).toBe(2);
    expect(dropTarget(0, 2, true)).toBe(1);
    expect(dropTarget(2, 0, true)).toBe(0);
    expect(dropTarget(2, 0, false)).toBe(1);
  });
});
