import { describe, expect, it } from "vitest";
import type { TemplateItem } from "../../src/bindings/TemplateItem";
import { add, move, remove, sameTemplate, slug, subItemsFrom, subItemsText, templateProblems, withKeys } from "../../src/lib/template";

const item = (title: string, kind: TemplateItem["kind"] = "substantive", key = ""): TemplateItem => ({
  key,
  title,
  purpose: "",
  kind,
  description: "",
  subItems: [],
});
const template = [
  item("Apologies", "apologies"),
  item("Declarations", "declarations"),
  item("Minutes", "minutes"),
  item("Any Other Business", "any-other-business"),
];

describe("the standard-items editor", () => {
  it("moves an item up or down, clamped at the ends, without changing the original", () => {
    expect(move(template, 2, -1).map((i) => i.title)).toEqual(["Apologies", "Minutes", "Declarations", "Any Other Business"]);
    expect(move(template, 0, -1).map((i) => i.title)).toEqual(template.map((i) => i.title));
    expect(move(template, 3, 1).map((i) => i.title)).toEqual(template.map((i) => i.title));
    expect(move(template, 9, 1)).toEqual(template);
    expect(template[2]?.title).toBe("Minutes");
  });
  it("removes an item", () => {
    expect(remove(template, 1).map((i) => i.title)).toEqual(["Apologies", "Minutes", "Any Other Business"]);
  });
  it("adds a new item before Any Other Business, or at the end", () => {
    const { items, at } = add(template, "Petitions");
    expect(at).toBe(3);
    expect(items.map((i) => i.title)).toEqual(["Apologies", "Declarations", "Minutes", "Petitions", "Any Other Business"]);
    expect(add([item("Minutes", "minutes")]).at).toBe(1);
  });
  it("edits sub-items one per line, dropping blank lines", () => {
    expect(subItemsFrom("  (a) Substitutions \n\n(b) Apologies\n")).toEqual(["(a) Substitutions", "(b) Apologies"]);
    expect(subItemsFrom(subItemsText(["x", "y"]))).toEqual(["x", "y"]);
  });
  it("names items without a title, and knows when nothing changed", () => {
    expect(templateProblems([item("Minutes"), item("  ")])).toEqual(["Item 2 has no title."]);
    expect(sameTemplate(template, move(move(template, 1, 1), 2, -1))).toBe(true);
    expect(sameTemplate(template, move(template, 1, 1))).toBe(false);
  });
});

describe("keys of new standard items", () => {
  it("are made from the title, unique in the template; existing keys stay", () => {
    expect(slug("Petitions & Questions (Public)")).toBe("petitions-questions-public");
    const keyed = withKeys([item("Minutes", "minutes", "minutes"), item("Minutes"), item("Café Report"), item("!!")]);
    expect(keyed.map((i) => i.key)).toEqual(["minutes", "minutes-2", "cafe-report", "item"]);
  });
});
