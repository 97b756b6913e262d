// The UI alone, with the Tauri IPC mocked: the answers are the ones the Rust
// side gives for the demo database (tests/fixtures/, written by the Rust
// command tests), so the browser test sees what the real app would.

import { mockIPC } from "@tauri-apps/api/mocks";
import listMeetings from "../fixtures/list_meetings.json";
import homeOverview from "../fixtures/home_overview.json";
import listCommittees from "../fixtures/list_committees.json";
import getSettings from "../fixtures/get_settings.json";
import detailNov from "../fixtures/meeting_detail_nov.json";
import detailOct from "../fixtures/meeting_detail_oct.json";
import checkNov from "../fixtures/check_meeting_nov.json";

declare global {
  interface Window {
    __AGENDAPACK_CALLS__: { cmd: string; args: unknown }[];
    __AGENDAPACK_FAIL__?: boolean;
    __AGENDAPACK_REFUSE_REPORT__?: boolean;
  }
}

window.__AGENDAPACK_CALLS__ = [];

const details: Record<number, unknown> = { [detailNov.summary.id]: detailNov, [detailOct.summary.id]: detailOct };
const folder = "/home/clerk/.local/share/agendapack/packs/meeting-2";
const packs = {
  folder,
  files: [
    {
      label: "Public pack",
      fileName: "2024-11-28-public-pack.pdf",
      path: `${folder}/2024-11-28-public-pack.pdf`,
      pages: 58,
      bytes: 1_203_456,
    },
  ],
  issued: [],
};

mockIPC((cmd, args) => {
  window.__AGENDAPACK_CALLS__.push({ cmd, args });
  if (window.__AGENDAPACK_FAIL__) {
    return Promise.reject({
      code: "database-unavailable",
      message: "AgendaPack could not open its database /nowhere/agendapack.sqlite3: unable to open database file",
    });
  }
  const a = (args ?? {}) as Record<string, unknown>;
  const detail = () => details[Number(a.meetingId)] ?? Promise.reject({ code: "not-found", message: "no meeting" });
  switch (cmd) {
    case "list_meetings":
      return listMeetings;
    case "home_overview":
      return homeOverview;
    case "list_committees":
      return listCommittees;
    case "create_meeting":
      return {
        id: 2,
        warnings: [
          "The minutes of Thursday, 28th November, 2024 could not be attached to the Minutes item: no minutes have been written.",
        ],
      };
    case "get_settings":
    case "set_calendar":
      return getSettings;
    case "app_info":
      return {
        version: "0.1.0",
        databasePath: "/home/clerk/.local/share/agendapack/agendapack.sqlite3",
        databaseProblem: null,
      };
    case "meeting_detail":
    case "update_item":
    case "move_item":
    case "add_item":
    case "set_attendance":
    case "set_closed_at":
    case "undo":
      return detail();
    case "check_meeting":
      return checkNov;
    case "list_packs":
      return packs;
    case "generate_pack":
      return packs.files[0];
    case "pack_preview":
      // A real PDF with a bookmark (tests/fixtures/pdfs/gs_report.pdf),
      // served by the test runner; the shell answers with raw bytes.
      return a.kind === "public"
        ? fetch("/__fixture/preview.pdf").then((r) => r.arrayBuffer())
        : Promise.reject({ code: "not-found", message: "No private pack has been generated or issued for this meeting yet" });
    case "set_council_name":
      return typeof a.name === "string" && a.name.trim() !== ""
        ? { ...getSettings, council: a.name.trim() }
        : Promise.reject({ code: "refused", message: "The council's name cannot be empty" });
    case "add_reports":
      return window.__AGENDAPACK_REFUSE_REPORT__
        ? {
            attached: [],
            refused: [
              "Not added to item 52 “Holiday Activities and Food Programme”: ‘notes.pdf’ is not a PDF file (it looks like plain text). Please save or export the report as PDF and add it again.",
            ],
          }
        : { attached: [], refused: [] };
    case "delete_item":
      return { token: 1, message: "Deleted item 52 “Holiday Activities and Food Programme”" };
    case "check_database":
      return { problems: [] };
    case "watch_drops":
    case "watch_close":
    case "set_minute":
    case "reveal_database":
      return null;
    default:
      return Promise.reject(`Command ${cmd} not allowed by ACL`);
  }
});

await import("../../src/main");
