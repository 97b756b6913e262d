// The agenda as the clerk sees it: grouped into public and private
// business, with badges, sizes and the moves the buttons make.

import type { ItemDetail } from "../bindings/ItemDetail";

export type AgendaGroup = { heading: "Public Business" | "Private Business"; items: ItemDetail[] };

/**
 * Public business, then private business from the first private item on
 * (items keep their agenda order, so a public item after a private one is
 * shown where it is and the checks warn about it).
 */
export function groupItems(items: ItemDetail[]): AgendaGroup[] {
  const firstPrivate = items.findIndex((i) => i.private);
  if (firstPrivate < 0) return [{ heading: "Public Business", items }];
  const groups: AgendaGroup[] = [];
  if (firstPrivate > 0) groups.push({ heading: "Public Business", items: items.slice(0, firstPrivate) });
  groups.push({ heading: "Private Business", items: items.slice(firstPrivate) });
  return groups;
}

/** "Private ¶1, 3", or "Private – no paragraph" while none is chosen. */
export function privateBadge(paragraphs: number[]): string {
  if (paragraphs.length === 0) return "Private \u2013 no paragraph";
  return `Private \u00b6${[...paragraphs].sort((a, b) => a - b).join(", ")}`;
}

/** "1 report", "3 reports". */
export function reportCount(n: number): string {
  return n === 1 ? "1 report" : `${n} reports`;
}

/** File sizes as council websites print them: "251 KB", "1.2 MB". */
export function fileSize(bytes: number | null): string {
  if (bytes === null) return "size unknown";
  if (bytes < 1024) return `${bytes} bytes`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${Math.round(kb)} KB`;
  return `${(kb / 1024).toFixed(1)} MB`;
}

/** "1 page", "12 pages". */
export function pageCount(n: number | null): string {
  if (n === null) return "pages unknown";
  return n === 1 ? "1 page" : `${n} pages`;
}

/** The position an item moves to one place up (-1) or down (+1), or null at an end. */
export function stepTarget(items: ItemDetail[], key: string, delta: -1 | 1): number | null {
  const from = items.findIndex((i) => i.key === key);
  if (from < 0) return null;
  const to = from + delta;
  return to < 0 || to >= items.length ? null : to;
}

/**
 * Where an item dragged from `from` lands when dropped on the row at
 * `over`, in the upper (`before`) or lower half: its new 0-based position.
 */
export function dropTarget(from: number, over: number, before: boolean): number {
  let to = before ? over : over + 1;
  if (from < to) to -= 1;
  return to;
}
