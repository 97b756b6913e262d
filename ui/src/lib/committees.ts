// Committees as the meetings list shows them.

import type { MeetingSummary } from "../bindings/MeetingSummary";

export type CommitteeLine = { name: string; meetings: MeetingSummary[] };

/** Groups meetings by committee, committees in alphabetical order, meetings kept in order. */
export function byCommittee(list: MeetingSummary[]): CommitteeLine[] {
  const groups = new Map<string, MeetingSummary[]>();
  for (const m of list) {
    const group = groups.get(m.committee);
    if (group) group.push(m);
    else groups.set(m.committee, [m]);
  }
  return [...groups.entries()]
    .map(([name, meetings]) => ({ name, meetings }))
    .sort((a, b) => a.name.localeCompare(b.name, "en-GB"));
}
