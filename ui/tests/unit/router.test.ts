import { describe, expect, it } from "vitest";
import { hrefFor, parseHash, type Route } from "../../src/lib/router.svelte";

describe("parseHash", () => {
  it("opens Home by default", () => {
    expect(parseHash("")).toEqual({ screen: "home" });
    expect(parseHash("#/")).toEqual({ screen: "home" });
    expect(parseHash("#/home")).toEqual({ screen: "home" });
  });
  it("reads a meeting id", () => {
    expect(parseHash("#/meetings/12")).toEqual({ screen: "meeting", meetingId: 12 });
    expect(parseHash("#/meetings")).toEqual({ screen: "meeting", meetingId: null });
  });
  it("reads a meeting's tab", () => {
    expect(parseHash("#/meetings/12/minutes")).toEqual({ screen: "meeting", meetingId: 12, tab: "minutes" });
    expect(parseHash("#/meetings/12/nonsense")).toEqual({ screen: "not-found", path: "/meetings/12/nonsense" });
  });
  it("refuses what it does not know", () => {
    expect(parseHash("#/meetings/abc")).toEqual({ screen: "not-found", path: "/meetings/abc" });
    expect(parseHash("#main")).toEqual({ screen: "not-found", path: "main" });
  });
});

describe("hrefFor", () => {
  it("is the inverse of parseHash", () => {
    const routes: Route[] = [
      { screen: "home" },
      { screen: "committees" },
      { screen: "committee", name: "Education and Children's Services Scrutiny Board (2)" },
      { screen: "committee", name: "Audit / Standards" },
      { screen: "people" },
      { screen: "settings" },
      { screen: "meeting", meetingId: null },
      { screen: "meeting", meetingId: 7 },
      { screen: "meeting", meetingId: 7, tab: "packs" },
    ];
    for (const route of routes) expect(parseHash(hrefFor(route))).toEqual(route);
  });
});
