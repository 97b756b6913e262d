// The standard-items template editor: pure list operations, so each is one
// tested function and the screen only calls them.

import type { ItemKind } from "../bindings/ItemKind";
import type { TemplateItem } from "../bindings/TemplateItem";

/** The kinds a standard item may have, with the words the editor shows. */
export const TEMPLATE_KINDS: { kind: ItemKind; label: string }[] = [
  { kind: "apologies", label: "Apologies and substitutions" },
  { kind: "declarations", label: "Declarations of interests" },
  { kind: "minutes", label: "Minutes of the previous meeting" },
  { kind: "work-programme", label: "Work programme" },
  { kind: "any-other-business", label: "Any other business" },
  { kind: "substantive", label: "Other business" },
];

export function kindLabel(kind: ItemKind): string {
  return TEMPLATE_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

/** The list with item `index` moved by `by` places (clamped to the ends). */
export function move<T>(list: readonly T[], index: number, by: number): T[] {
  const out = [...list];
  if (index < 0 || index >= out.length) return out;
  const to = Math.max(0, Math.min(out.length - 1, index + by));
  const [taken] = out.splice(index, 1);
  if (taken !== undefined) out.splice(to, 0, taken);
  return out;
}

/** The list without item `index`. */
export function remove<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** A new item, added before "Any other business" when there is one. */
export function add(list: readonly TemplateItem[], title = "New item"): { items: TemplateItem[]; at: number } {
  const item: TemplateItem = { key: "", title, purpose: "", kind: "substantive", description: "", subItems: [] };
  const aob = list.findIndex((i) => i.kind === "any-other-business");
  const at = aob === -1 ? list.length : aob;
  const items = [...list];
  items.splice(at, 0, item);
  return { items, at };
}

/** Sub-items as one per line in a text box, and back (blank lines dropped). */
export function subItemsText(items: readonly string[]): string {
  return items.join("\n");
}

export function subItemsFrom(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** The template as sent: titles trimmed; problems (empty titles) listed. */
export function templateProblems(list: readonly TemplateItem[]): string[] {
  const problems: string[] = [];
  list.forEach((item, i) => {
    if (item.title.trim() === "") problems.push(`Item ${i + 1} has no title.`);
  });
  return problems;
}

/** Whether two templates are the same (nothing to save). */
export function sameTemplate(a: readonly TemplateItem[], b: readonly TemplateItem[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** "Petitions and Questions" → "petitions-and-questions". */
export function slug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Gives each new item (empty key) a key made from its title, unique in the list. */
export function withKeys(list: readonly TemplateItem[]): TemplateItem[] {
  const taken = new Set(list.map((i) => i.key).filter((k) => k !== ""));
  return list.map((item) => {
    if (item.key !== "") return item;
    const base = slug(item.title) || "item";
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
    taken.add(key);
    return { ...item, key };
  });
}
