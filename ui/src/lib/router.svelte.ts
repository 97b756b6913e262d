// A small hash router: the shell's tabs and the meeting screen. Hash routes
// keep working when the app is served from tauri://localhost/index.html.

/** The meeting screen's tabs. */
export const MEETING_TABS = ["agenda", "checks", "packs", "minutes"] as const;
export type MeetingTab = (typeof MEETING_TABS)[number];

export type Route =
  | { screen: "home" }
  | { screen: "committees" }
  | { screen: "committee"; name: string }
  | { screen: "people" }
  | { screen: "meeting"; meetingId: number | null; tab?: MeetingTab }
  | { screen: "settings" }
  | { screen: "not-found"; path: string };

/** Reads a location hash such as "#/meetings/12". */
export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, "") || "/";
  const parts = path.split("/").filter((p) => p.length > 0);
  const [first, second] = parts;
  if (parts.length === 0 || (first === "home" && parts.length === 1)) return { screen: "home" };
  if (first === "committees" && parts.length === 1) return { screen: "committees" };
  if (first === "settings" && parts.length === 1) return { screen: "settings" };
  if (first === "people" && parts.length === 1) return { screen: "people" };
  if (first === "committees" && parts.length === 2 && second !== undefined) {
    try {
      return { screen: "committee", name: decodeURIComponent(second) };
    } catch {
      return { screen: "not-found", path };
    }
  }
  if (first === "meetings" && parts.length === 1) return { screen: "meeting", meetingId: null };
  if (first === "meetings" && parts.length === 2 && second !== undefined && /^\d+$/.test(second)) {
    return { screen: "meeting", meetingId: Number(second) };
  }
  const third = parts[2];
  const tab = MEETING_TABS.find((t) => t === third);
  if (first === "meetings" && parts.length === 3 && second !== undefined && /^\d+$/.test(second) && tab) {
    return { screen: "meeting", meetingId: Number(second), tab };
  }
  return { screen: "not-found", path };
}

/** The hash for a route (the inverse of `parseHash`). */
export function hrefFor(route: Route): string {
  switch (route.screen) {
    case "home":
      return "#/";
    case "committees":
      return "#/committees";
    case "committee":
      return `#/committees/${encodeURIComponent(route.name)}`;
    case "people":
      return "#/people";
    case "meeting":
      if (route.meetingId === null) return "#/meetings";
      return route.tab ? `#/meetings/${route.meetingId}/${route.tab}` : `#/meetings/${route.meetingId}`;
    case "settings":
      return "#/settings";
    case "not-found":
      return `#${route.path}`;
  }
}

/** The current route, kept in step with the location hash. */
export function createRouter(win: Window = window) {
  const state = $state({ route: parseHash(win.location.hash) });
  const update = () => {
    state.route = parseHash(win.location.hash);
  };
  win.addEventListener("hashchange", update);
  return {
    get route(): Route {
      return state.route;
    },
    destroy() {
      win.removeEventListener("hashchange", update);
    },
  };
}
