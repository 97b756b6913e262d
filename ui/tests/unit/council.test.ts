import { describe, expect, it } from "vitest";
import type { MembershipLine } from "../../src/bindings/MembershipLine";
import {
  blankCommittee,
  cleanCommittee,
  committeeProblem,
  isoToday,
  parseYearStart,
  roleLabel,
  splitMemberships,
  yearStartValue,
} from "../../src/lib/council";

const line = (person: string, from: string | null, to: string | null, current: boolean): MembershipLine => ({
  person,
  name: person,
  role: "member",
  roleLabel: "Member",
  from: from === null ? null : { date: from, text: from },
  to: to === null ? null : { date: to, text: to },
  current,
});

describe("committee settings", () => {
  it("reads and writes the start of the municipal year", () => {
    expect(parseYearStart("05-01")).toEqual({ month: 5, day: 1 });
    expect(parseYearStart("02-29")).toEqual({ month: 2, day: 29 });
    expect(parseYearStart("04-31")).toBeNull();
    expect(parseYearStart("13-01")).toBeNull();
    expect(parseYearStart("5-1")).toBeNull();
    expect(yearStartValue(9, 3)).toBe("09-03");
  });
  it("says what is wrong before sending", () => {
    expect(committeeProblem(blankCommittee())).toBe("Enter the committee's name.");
    const named = { ...blankCommittee(), name: "Planning Committee" };
    expect(committeeProblem(named)).toBeNull();
    expect(committeeProblem({ ...named, quorum: 0 })).toMatch(/at least 1/);
    expect(committeeProblem({ ...named, quorum: 2.5 })).toMatch(/whole number/);
    expect(committeeProblem({ ...named, yearStart: "02-30" })).toMatch(/municipal year/);
    expect(cleanCommittee({ ...named, name: "  Planning   Committee ", defaultVenue: " Room 3 " })).toMatchObject({
      name: "Planning Committee",
      defaultVenue: "Room 3",
    });
  });
  it("labels roles as the papers do", () => {
    expect(roleLabel("vice-chair")).toBe("Deputy Chair");
    expect(roleLabel("co-opted-non-voting")).toBe("Co-opted member (non-voting)");
  });
});

describe("memberships by date", () => {
  it("splits current, future and past (latest first), keeping the papers' order of current ones", () => {
    const list = [
      line("b", "2024-05-15", null, true),
      line("a", null, null, true),
      line("c", "2025-05-20", null, false),
      line("d", "2022-05-01", "2023-05-10", false),
      line("e", "2023-05-11", "2024-05-14", false),
    ];
    const { current, future, past } = splitMemberships(list, "2024-11-01");
    expect(current.map((m) => m.person)).toEqual(["b", "a"]);
    expect(future.map((m) => m.person)).toEqual(["c"]);
    expect(past.map((m) => m.person)).toEqual(["e", "d"]);
  });
  it("gives today in local time", () => {
    expect(isoToday(new Date(2024, 10, 1, 23, 30))).toBe("2024-11-01");
  });
});
