import { describe, expect, it } from "vitest";
import { byCommittee } from "../../src/lib/committees";
import type { MeetingSummary } from "../../src/bindings/MeetingSummary";

function meeting(id: number, committee: string, date: string): MeetingSummary {
  return {
    id,
    committee,
    date,
    dateText: date,
    time: "10:00",
    timeText: "10.00 am",
    venue: "Council House",
    kind: "ordinary",
    status: "draft",
    firstItem: null,
    lastItem: null,
  };
}

describe("byCommittee", () => {
  it("groups by committee in alphabetical order, keeping meeting order", () => {
    const groups = byCommittee([
      meeting(1, "Scrutiny Board (2)", "2024-10-17"),
      meeting(2, "Audit and Procurement Committee", "2024-11-01"),
      meeting(3, "Scrutiny Board (2)", "2024-11-28"),
    ]);
    expect(groups.map((g) => g.name)).toEqual(["Audit and Procurement Committee", "Scrutiny Board (2)"]);
    expect(groups[1]?.meetings.map((m) => m.id)).toEqual([1, 3]);
  });
});
