// Display helpers for the meetings list. Dates and times come already
// formatted by the core (`dateText`, `timeText`), so the app prints them
// exactly as the agenda does; only UI-specific wording lives here.

import type { MeetingStatus } from "../bindings/MeetingStatus";
import type { MeetingKind } from "../bindings/MeetingKind";

/** "Items 49–57", "Item 12", or "No items yet" (en dash, as the papers print ranges). */
export function itemRange(first: number | null, last: number | null): string {
  if (first === null || last === null) return "No items yet";
  if (first === last) return `Item ${first}`;
  return `Items ${first}\u2013${last}`;
}

/** The words a clerk reads for each status. */
export function statusLabel(status: MeetingStatus): string {
  switch (status) {
    case "draft":
      return "Draft";
    case "published":
      return "Published";
    case "held":
      return "Held";
    case "minutes-drafted":
      return "Minutes drafted";
    case "minutes-approved":
      return "Minutes approved";
    case "signed":
      return "Signed";
    case "cancelled":
      return "Cancelled";
  }
}

/** Shown next to the committee name; ordinary meetings need no label. */
export function kindLabel(kind: MeetingKind): string | null {
  switch (kind) {
    case "ordinary":
      return null;
    case "extraordinary":
      return "Extraordinary meeting";
    case "annual":
      return "Annual meeting";
  }
}
