// The UI alone, with the Tauri IPC mocked: the answers are the ones the Rust
// side gives for the demo database (tests/fixtures/, written by the Rust
// command tests), so the browser test sees what the real app would.

import { mockIPC } from "@tauri-apps/api/mocks";
import listMeetings from "../fixtures/list_meetings.json";

declare global {
  interface Window {
    __AGENDAPACK_CALLS__: string[];
    __AGENDAPACK_FAIL__?: boolean;
  }
}

window.__AGENDAPACK_CALLS__ = [];

mockIPC((cmd) => {
  window.__AGENDAPACK_CALLS__.push(cmd);
  if (window.__AGENDAPACK_FAIL__) {
    return Promise.reject({
      code: "database-unavailable",
      message: "AgendaPack could not open its database /nowhere/agendapack.sqlite3: unable to open database file",
    });
  }
  switch (cmd) {
    case "list_meetings":
      return listMeetings;
    case "app_info":
      return {
        version: "0.1.0",
        databasePath: "/home/clerk/.local/share/agendapack/agendapack.sqlite3",
        databaseProblem: null,
      };
    case "reveal_database":
      return null;
    default:
      return Promise.reject(`Command ${cmd} not allowed by ACL`);
  }
});

await import("../../src/main");
