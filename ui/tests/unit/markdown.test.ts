import { describe, expect, it } from "vitest";
import { fromMarkdown, toMarkdown, type DocNode } from "../../src/lib/markdown";

const t = (text: string, ...marks: string[]): DocNode =>
  marks.length ? { type: "text", text, marks: marks.map((type) => ({ type })) } : { type: "text", text };
const p = (...content: DocNode[]): DocNode => ({ type: "paragraph", content });
const li = (...content: DocNode[]): DocNode => ({ type: "listItem", content });
const ul = (...items: DocNode[]): DocNode => ({ type: "bulletList", content: items });
const ol = (...items: DocNode[]): DocNode => ({ type: "orderedList", attrs: { start: 1 }, content: items });
const doc = (...content: DocNode[]): DocNode => ({ type: "doc", content });

describe("toMarkdown", () => {
  it("writes bold and italic, spaces outside the markers", () => {
    expect(toMarkdown(doc(p(t("The Board "), t("RESOLVED ", "bold"), t("that", "italic"), t(":"))))).toBe(
      "The Board **RESOLVED** *that*:",
    );
  });
  it("nests marks without breaking them", () => {
    expect(toMarkdown(doc(p(t("a ", "bold"), t("b", "bold", "italic"), t(" c", "bold"))))).toBe("**a *b* c**");
    const mixed = doc(p(t("a", "italic"), t(" and "), t("b", "bold", "italic")));
    expect(toMarkdown(mixed)).toBe("*a* and ***b***");
    expect(fromMarkdown(toMarkdown(mixed))).toEqual(mixed);
  });
  it("writes bullet lists", () => {
    expect(toMarkdown(doc(ul(li(p(t("one"))), li(p(t("two"))))))).toBe("- one\n- two");
  });
  it('writes numbered lists as "1)" items, as the minutes print them', () => {
    expect(toMarkdown(doc(p(t("RESOLVED that:")), ol(li(p(t("the report be noted"))), li(p(t("a further report"))))))).toBe(
      "RESOLVED that:\n\n1) the report be noted\n2) a further report",
    );
  });
  it("keeps a list's start number", () => {
    const list: DocNode = { type: "orderedList", attrs: { start: 3 }, content: [li(p(t("third")))] };
    expect(toMarkdown(doc(list))).toBe("3) third");
  });
  it("indents nested lists under their item", () => {
    const md = toMarkdown(doc(ol(li(p(t("the Board notes:")), ul(li(p(t("the figures"))), li(p(t("the risks"))))), li(p(t("next"))))));
    expect(md).toBe("1) the Board notes:\n   - the figures\n   - the risks\n2) next");
  });
  it("escapes what would otherwise be markup", () => {
    expect(toMarkdown(doc(p(t("5 * 3 = 15 and a_b"))))).toBe("5 \\* 3 = 15 and a\\_b");
    expect(toMarkdown(doc(p(t("1) not a list"))))).toBe("1\\) not a list");
    expect(toMarkdown(doc(p(t("- not a bullet"))))).toBe("\\- not a bullet");
  });
  it("writes hard line breaks", () => {
    expect(toMarkdown(doc(p(t("line one"), { type: "hardBreak" }, t("line two"))))).toBe("line one\\\nline two");
  });
  it("drops empty paragraphs", () => {
    expect(toMarkdown(doc(p(), p(t("text")), p()))).toBe("text");
    expect(toMarkdown(doc(p()))).toBe("");
  });
});

describe("fromMarkdown", () => {
  it("reads paragraphs, bold and italic", () => {
    expect(fromMarkdown("The **Board** *noted*.\n\nSecond.")).toEqual(
      doc(p(t("The "), t("Board", "bold"), t(" "), t("noted", "italic"), t(".")), p(t("Second."))),
    );
  });
  it('reads "1)" and "1." lists as numbered, "-" and "*" as bullets', () => {
    expect(fromMarkdown("1) one\n2) two")).toEqual(doc(ol(li(p(t("one"))), li(p(t("two"))))));
    expect(fromMarkdown("1. one")).toEqual(doc(ol(li(p(t("one"))))));
    expect(fromMarkdown("* a\n* b")).toEqual(doc(ul(li(p(t("a"))), li(p(t("b"))))));
  });
  it("keeps headings and quotes as text", () => {
    expect(fromMarkdown("# Heading")).toEqual(doc(p(t("Heading"))));
  });
  it("gives an empty document for empty text", () => {
    expect(fromMarkdown("")).toEqual(doc({ type: "paragraph" }));
  });
});

describe("round trip", () => {
  const samples = [
    "The Board **RESOLVED** that:\n\n1) the report be noted\n2) the Director be asked to report back",
    "- one\n- two with *emphasis*\n  - nested bullet",
    "1) the Board notes:\n   - the figures\n   - the risks\n2) next",
    "Escaped \\* star and a\\_b",
    "line one\\\nline two",
  ];
  for (const md of samples) {
    it(JSON.stringify(md), () => {
      expect(toMarkdown(fromMarkdown(md))).toBe(md);
    });
  }
});
