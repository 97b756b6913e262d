// Minutes are stored as Markdown (CommonMark, as the core typesets them) and
// edited in TipTap. This module converts between the two for the subset the
// editor offers: paragraphs, bold, italic, bullet lists, numbered lists
// (written "1)" so the minutes typeset as the papers print them), nesting and
// line breaks. Anything else found in stored text (headings, quotes, code) is
// kept as plain text, never dropped.

import { Lexer, type Token, type Tokens } from "marked";

/** A ProseMirror/TipTap node as JSON (the shape `editor.getJSON()` gives). */
export type DocNode = {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocNode[];
  text?: string;
  marks?: { type: string }[];
};

// ---------------------------------------------------------------------------
// TipTap JSON → Markdown

const MARK_ORDER = ["bold", "italic"] as const;
type MarkName = (typeof MARK_ORDER)[number];
const DELIMITER: Record<MarkName, string> = { bold: "**", italic: "*" };

/** Backslash-escapes what CommonMark would read as markup. */
function escapeInline(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, "\\$1");
}

/** Escapes what would start a block (a list, a heading) at the start of a line. */
function escapeLineStart(line: string): string {
  return line
    .replace(/^(\s*)([#>+-])(?=\s|$)/, "$1\\$2")
    .replace(/^(\s*)(\d+)([.)])(?=\s|$)/, "$1$2\\$3");
}

function marksOf(node: DocNode): MarkName[] {
  const names = (node.marks ?? []).map((m) => m.type);
  return MARK_ORDER.filter((m) => names.includes(m));
}

/** Inline content (text with marks, hard breaks) as Markdown. */
function inline(nodes: DocNode[], indent: string): string {
  let out = "";
  const open: MarkName[] = [];
  let pendingSpace = "";
  const closeFrom = (index: number) => {
    while (open.length > index) out += DELIMITER[open.pop() as MarkName];
  };
  for (const node of nodes) {
    if (node.type === "hardBreak") {
      closeFrom(0);
      out += pendingSpace + "\\\n" + indent;
      pendingSpace = "";
      continue;
    }
    if (node.type !== "text" || !node.text) continue;
    const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(node.text);
    const [lead, core, trail] = match ? [match[1] ?? "", match[2] ?? "", match[3] ?? ""] : ["", node.text, ""];
    if (core === "") {
      pendingSpace += node.text;
      continue;
    }
    const wanted = marksOf(node);
    // Close from the first open mark that is no longer wanted.
    const keep = open.findIndex((m) => !wanted.includes(m));
    if (keep >= 0) closeFrom(keep);
    out += pendingSpace + lead;
    for (const m of wanted) {
      if (!open.includes(m)) {
        out += DELIMITER[m];
        open.push(m);
      }
    }
    out += escapeInline(core).replace(/\n/g, "\n" + indent);
    pendingSpace = trail;
  }
  closeFrom(0);
  return out + pendingSpace.replace(/\s+$/, "");
}

/** A block and its children as Markdown lines; `indent` prefixes continuation lines. */
function block(node: DocNode, indent: string): string {
  switch (node.type) {
    case "paragraph":
      return escapeLineStart(inline(node.content ?? [], indent));
    case "bulletList":
    case "orderedList": {
      const ordered = node.type === "orderedList";
      const start = ordered ? Number(node.attrs?.start ?? 1) || 1 : 1;
      return (node.content ?? [])
        .map((item, i) => {
          const marker = ordered ? `${start + i}) ` : "- ";
          const inner = indent + " ".repeat(marker.length);
          const body = blocks(item.content ?? [], inner, true);
          return marker + (body === "" ? "" : body);
        })
        .join("\n" + indent);
    }
    default:
      // Unknown blocks keep their text.
      return escapeLineStart(inline(collectText(node), indent));
  }
}

function collectText(node: DocNode): DocNode[] {
  if (node.type === "text" || node.type === "hardBreak") return [node];
  return (node.content ?? []).flatMap(collectText);
}

/**
 * Blocks separated by blank lines, or in a list item (`tight`) a paragraph
 * followed directly by its nested list.
 */
function blocks(nodes: DocNode[], indent: string, tight: boolean): string {
  let out = "";
  nodes.forEach((node, i) => {
    const text = block(node, indent);
    if (i > 0) {
      const previous = nodes[i - 1];
      const joinTight = tight && previous?.type === "paragraph" && node.type !== "paragraph";
      out += joinTight ? "\n" + indent : "\n\n" + indent;
    }
    out += text;
  });
  return out;
}

/** The editor's document as Markdown. */
export function toMarkdown(doc: DocNode): string {
  const content = (doc.content ?? []).filter(
    (n) => !(n.type === "paragraph" && (n.content ?? []).length === 0),
  );
  return blocks(content, "", false).trim();
}

// ---------------------------------------------------------------------------
// Markdown → TipTap JSON

function text(value: string, marks: MarkName[]): DocNode {
  const node: DocNode = { type: "text", text: value };
  const ordered = MARK_ORDER.filter((m) => marks.includes(m));
  if (ordered.length > 0) node.marks = ordered.map((type) => ({ type }));
  return node;
}

function inlineTokens(tokens: Token[] | undefined, marks: MarkName[]): DocNode[] {
  const out: DocNode[] = [];
  for (const t of tokens ?? []) {
    switch (t.type) {
      case "strong":
        out.push(...inlineTokens((t as Tokens.Strong).tokens, [...new Set<MarkName>([...marks, "bold"])]));
        break;
      case "em":
        out.push(...inlineTokens((t as Tokens.Em).tokens, [...new Set<MarkName>([...marks, "italic"])]));
        break;
      case "br":
        out.push({ type: "hardBreak" });
        break;
      case "text": {
        const tt = t as Tokens.Text;
        if (tt.tokens && tt.tokens.length > 0) out.push(...inlineTokens(tt.tokens, marks));
        else out.push(...textWithBreaks(tt.text, marks));
        break;
      }
      case "escape":
      case "codespan":
        out.push(text((t as Tokens.Escape).text, marks));
        break;
      case "link":
        out.push(...inlineTokens((t as Tokens.Link).tokens, marks));
        break;
      default:
        if ("raw" in t && t.raw) out.push(text(t.raw, marks));
    }
  }
  return mergeText(out.filter((n) => n.type !== "text" || (n.text ?? "") !== ""));
}

/** Soft line breaks in a paragraph read as spaces, as CommonMark renders them. */
function textWithBreaks(value: string, marks: MarkName[]): DocNode[] {
  return [text(value.replace(/\n/g, " "), marks)];
}

function sameMarks(a: DocNode, b: DocNode): boolean {
  return JSON.stringify(a.marks ?? []) === JSON.stringify(b.marks ?? []);
}

function mergeText(nodes: DocNode[]): DocNode[] {
  const out: DocNode[] = [];
  for (const n of nodes) {
    const last = out[out.length - 1];
    if (last && last.type === "text" && n.type === "text" && sameMarks(last, n)) {
      last.text = (last.text ?? "") + (n.text ?? "");
    } else out.push({ ...n });
  }
  return out;
}

function paragraph(content: DocNode[]): DocNode {
  return content.length > 0 ? { type: "paragraph", content } : { type: "paragraph" };
}

function blockTokens(tokens: Token[]): DocNode[] {
  const out: DocNode[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case "space":
        break;
      case "paragraph":
      case "heading":
        out.push(paragraph(inlineTokens((t as Tokens.Paragraph).tokens, [])));
        break;
      case "text": {
        const tt = t as Tokens.Text;
        out.push(paragraph(tt.tokens ? inlineTokens(tt.tokens, []) : textWithBreaks(tt.text, [])));
        break;
      }
      case "list": {
        const list = t as Tokens.List;
        const items = list.items.map((item) => {
          const content = blockTokens(item.tokens);
          return { type: "listItem", content: content.length > 0 ? content : [paragraph([])] };
        });
        if (list.ordered) {
          const start = typeof list.start === "number" ? list.start : 1;
          out.push({ type: "orderedList", attrs: { start }, content: items });
        } else {
          out.push({ type: "bulletList", content: items });
        }
        break;
      }
      default: {
        // Headings, quotes, code and the like: keep their text.
        const raw = ("text" in t && typeof t.text === "string" ? t.text : t.raw).trim();
        if (raw) out.push(paragraph([text(raw, [])]));
      }
    }
  }
  return out;
}

/** Stored Markdown as an editor document. */
export function fromMarkdown(markdown: string): DocNode {
  const tokens = new Lexer({ gfm: false }).lex(markdown ?? "");
  const content = blockTokens(tokens);
  return { type: "doc", content: content.length > 0 ? content : [paragraph([])] };
}
