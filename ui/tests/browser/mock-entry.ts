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
import listPeople from "../fixtures/list_people.json";

declare global {
  interface Window {
    __AGENDAPACK_CALLS__: { cmd: string; args: unknown }[];
    __AGENDAPACK_FAIL__?: boolean;
    __AGENDAPACK_REFUSE_REPORT__?: boolean;
    __AGENDAPACK_IMPORT__?: "refused" | "ok";
    __AGENDAPACK_STATUS__?: "draft" | "published";
    /** "Add report…" picks three files and tells each one's progress. */
    __AGENDAPACK_ATTACH_SEVERAL__?: boolean;
    /** While true, the last of the several files stays "in progress". */
    __AGENDAPACK_HOLD__?: boolean;
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

// The council set-up commands change what later calls return, as the shell
// does: people and committees live here for the page's lifetime.
type Json = Record<string, unknown>;
const people: Json[] = structuredClone(listPeople);
const committees: Json[] = structuredClone(listCommittees);
const roleLabels: Record<string, string> = {
  chair: "Chair",
  "vice-chair": "Deputy Chair",
  member: "Member",
  substitute: "Substitute",
  "co-opted-voting": "Co-opted member (voting)",
  "co-opted-non-voting": "Co-opted member (non-voting)",
};
const refused = (message: string) => Promise.reject({ code: "refused", message });
const dateText = (iso: string) =>
  new Date(`${iso}T12:00:00`).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric" });

function personFrom(form: Json, key: string): Json {
  const text = (k: string) => (typeof form[k] === "string" && (form[k] as string).trim() !== "" ? (form[k] as string).trim() : null);
  const name = String(form.name).trim();
  return {
    key,
    kind: form.kind,
    name,
    displayName: form.kind === "councillor" ? `Councillor ${name}` : name,
    group: text("group"),
    jobTitle: text("jobTitle"),
    serviceArea: text("serviceArea"),
    email: text("email"),
    phone: text("phone"),
    retiredOn: null,
  };
}

function committeeFrom(form: Json, old: Json | null): Json {
  const officer = people.find((p) => p.key === form.contactOfficer) ?? null;
  const [month, day] = String(form.yearStart).split("-").map(Number);
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  return {
    ...(old ?? { members: [], memberships: [], template: [], archived: false }),
    name: String(form.name).trim(),
    shortName: form.shortName || null,
    executive: form.executive,
    yearStart: `${day} ${months[(month ?? 5) - 1]}`,
    yearStartValue: form.yearStart,
    quorum: form.quorum,
    defaultVenue: form.defaultVenue || null,
    contactOfficer: officer
      ? { key: officer.key, name: officer.displayName, kind: officer.kind, jobTitle: officer.jobTitle, email: officer.email, phone: officer.phone }
      : null,
    apologiesItem: form.apologiesItem,
  };
}

function setUp(cmd: string, a: Json): unknown {
  const committee = () => committees.find((c) => c.name === a.committee);
  switch (cmd) {
    case "list_people":
      return people;
    case "add_person": {
      const form = a.form as Json;
      if (String(form.name ?? "").trim() === "") return refused("A person needs a name");
      const key = String(form.key);
      if (people.some((p) => p.key === key)) return Promise.reject({ code: "conflict", message: `There is already a person “${key}”` });
      people.push(personFrom(form, key));
      return people;
    }
    case "edit_person": {
      const at = people.findIndex((p) => p.key === a.key);
      if (at === -1) return Promise.reject({ code: "not-found", message: `No person “${String(a.key)}”` });
      people[at] = personFrom(a.form as Json, String(a.key));
      return people;
    }
    case "retire_person": {
      const p = people.find((x) => x.key === a.key);
      if (p) p.retiredOn = { date: "2024-11-01", text: "Friday, 1st November, 2024" };
      return people;
    }
    case "add_committee": {
      const form = a.form as Json;
      if (committees.some((c) => c.name === String(form.name).trim())) {
        return Promise.reject({ code: "conflict", message: `There is already a committee called “${String(form.name)}”` });
      }
      const c = committeeFrom(form, null);
      if (form.apologiesItem) (c.template as Json[]).push({ key: "apologies", title: "Apologies and Substitutions", purpose: "", kind: "apologies", description: "", subItems: [] });
      (c.template as Json[]).push(
        { key: "declarations", title: "Declarations of Interest", purpose: "", kind: "declarations", description: "", subItems: [] },
        { key: "minutes", title: "Minutes", purpose: "", kind: "minutes", description: "", subItems: [] },
        { key: "aob", title: "Any Other Business", purpose: "", kind: "any-other-business", description: "", subItems: [] },
      );
      committees.push(c);
      return c;
    }
    case "edit_committee": {
      const c = committee();
      if (!c) return Promise.reject({ code: "not-found", message: `No committee “${String(a.committee)}”` });
      Object.assign(c, committeeFrom(a.form as Json, c));
      return c;
    }
    case "archive_committee": {
      const c = committee();
      if (c) c.archived = true;
      return c;
    }
    case "add_member": {
      const c = committee();
      const form = a.form as Json;
      const p = people.find((x) => x.key === form.person);
      if (!c || !p) return refused("No such committee or person");
      const line = { person: p.key, name: p.displayName, role: form.role, roleLabel: roleLabels[String(form.role)] };
      const from = form.from ? { date: form.from, text: dateText(String(form.from)) } : { date: "2024-11-01", text: "Friday, 1st November, 2024" };
      (c.memberships as Json[]).push({ ...line, from, to: null, current: true });
      const members = c.members as Json[];
      if (form.role === "chair") members.unshift(line);
      else members.push(line);
      return c;
    }
    case "end_member": {
      const c = committee();
      if (!c) return refused("No such committee");
      for (const m of c.memberships as Json[]) {
        if (m.person === a.person && m.current) {
          m.current = false;
          m.to = { date: a.on, text: dateText(String(a.on)) };
        }
      }
      c.members = (c.members as Json[]).filter((m) => m.person !== a.person);
      return c;
    }
    case "set_template": {
      const c = committee();
      if (!c) return refused("No such committee");
      c.template = a.items;
      return c;
    }
    default:
      return undefined;
  }
}

// Reports the mocked "Add report…" has attached, by item key: later
// meeting details list them, as the shell's do.
const attachedReports: Record<string, Json[]> = {};

function withAttached(d: unknown): unknown {
  const keys = Object.keys(attachedReports);
  if (keys.length === 0) return d;
  const copy = structuredClone(d) as { items: { key: string; reports: Json[] }[] };
  for (const item of copy.items) item.reports = [...item.reports, ...(attachedReports[item.key] ?? [])];
  return copy;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Three files picked at once, attached one after another as the shell does:
// each file's start and end go down the channel as they happen.
async function attachSeveral(a: Json) {
  const channel = a.onProgress as { id: number };
  const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback(id: number, data: unknown): void } })
    .__TAURI_INTERNALS__;
  let sent = 0;
  const send = (step: Json) => internals.runCallback(channel.id, { index: sent++, message: step });
  const key = String(a.key);
  const item = "item 52 “Coventry Holiday Activities and Food Programme”";
  const files: { fileName: string; working: string; report?: Json; refusal?: string }[] = [
    {
      fileName: "cabinet-report.docx",
      working: "Converting a Word document to PDF (this can take a few seconds)",
      report: {
        title: "Cabinet report",
        fileName: "cabinet-report.pdf",
        pages: 3,
        bytes: 48_213,
        intakeNote: "converted from Word by LibreOffice 7.4",
        originalFileName: "cabinet-report.docx",
      },
    },
    {
      fileName: "notes.txt",
      working: "Checking the file",
      refusal: `Not added to ${item}: ‘notes.txt’ is not a document AgendaPack can use: it looks like plain text. Reports can be PDF, Word (.docx, .doc), OpenDocument (.odt, .ods, .odp), Rich Text (.rtf), Excel (.xlsx, .xls), PowerPoint (.pptx, .ppt) or a PNG, JPEG or TIFF scan.`,
    },
    {
      fileName: "scanned-letter.pdf",
      working: "Checking the file",
      report: {
        title: "Scanned letter",
        fileName: "scanned-letter.pdf",
        pages: 1,
        bytes: 201_377,
        intakeNote: "repaired on intake",
        originalFileName: "scanned-letter.pdf",
      },
    },
  ];
  const outcome: { attached: Json[]; refused: string[] } = { attached: [], refused: [] };
  for (const [index, file] of files.entries()) {
    const step = { index, total: files.length, fileName: file.fileName };
    send({ ...step, stage: "working", message: file.working, report: null });
    await pause(60);
    if (index === files.length - 1) {
      while (window.__AGENDAPACK_HOLD__) await pause(20);
    }
    if (file.report) {
      (attachedReports[key] ??= []).push(file.report);
      outcome.attached.push(file.report);
      const pages = file.report.pages === 1 ? "1 page" : `${String(file.report.pages)} pages`;
      send({ ...step, stage: "attached", message: `Attached: ${pages}, ${String(file.report.intakeNote)}`, report: file.report });
    } else {
      outcome.refused.push(String(file.refusal));
      send({ ...step, stage: "refused", message: file.refusal, report: null });
    }
  }
  return outcome;
}

mockIPC((cmd, args) => {
  window.__AGENDAPACK_CALLS__.push({ cmd, args });
  if (window.__AGENDAPACK_FAIL__) {
    return Promise.reject({
      code: "database-unavailable",
      message: "AgendaPack could not open its database /nowhere/agendapack.sqlite3: unable to open database file",
    });
  }
  const a = (args ?? {}) as Record<string, unknown>;
  const detail = () => {
    const d = details[Number(a.meetingId)] as { summary: Json } | undefined;
    if (!d) return Promise.reject({ code: "not-found", message: "no meeting" });
    const shown = withAttached(d) as { summary: Json };
    return window.__AGENDAPACK_STATUS__
      ? { ...shown, summary: { ...shown.summary, status: window.__AGENDAPACK_STATUS__ }, deadline: null }
      : shown;
  };
  switch (cmd) {
    case "list_meetings":
      return listMeetings;
    case "home_overview":
      return homeOverview;
    case "list_committees":
      return committees;
    case "list_people":
    case "add_person":
    case "edit_person":
    case "retire_person":
    case "add_committee":
    case "edit_committee":
    case "archive_committee":
    case "add_member":
    case "end_member":
    case "set_template":
      return setUp(cmd, a);
    case "reschedule_meeting": {
      const found = details[Number(a.meetingId)];
      if (!found) return Promise.reject({ code: "not-found", message: "no meeting" });
      const d = structuredClone(found) as { summary: Json };
      if (window.__AGENDAPACK_STATUS__) d.summary.status = window.__AGENDAPACK_STATUS__;
      const form = a.form as Json;
      if (d.summary.status === "published" && !form.confirmRepublish) {
        return refused("The agenda of this meeting has been published: confirm that it is to be published again");
      }
      d.summary = { ...d.summary, date: form.date, dateText: dateText(String(form.date)), time: form.time, venue: form.venue || d.summary.venue };
      return d;
    }
    case "cancel_meeting": {
      const found = details[Number(a.meetingId)];
      if (!found) return Promise.reject({ code: "not-found", message: "no meeting" });
      const d = structuredClone(found) as { summary: Json };
      d.summary = { ...d.summary, status: "cancelled" };
      return d;
    }
    case "delete_meeting":
      return { token: 7, message: "Deleted the draft meeting of Thursday, 28th November, 2024" };
    case "import_meeting":
      return window.__AGENDAPACK_IMPORT__ === "ok"
        ? { fileName: "2025-01-16.json", meetingId: 2, problems: [] }
        : window.__AGENDAPACK_IMPORT__ === "refused"
          ? {
              fileName: "2025-01-16.json",
              meetingId: null,
              problems: [
                { jsonPath: "meeting.items[3].title", message: "an item needs a title" },
                { jsonPath: "committee.members[2].person", message: "no person with key \"x-smith\" in people" },
              ],
            }
          : { fileName: null, meetingId: null, problems: [] };
    case "export_meeting":
      return { path: "/home/clerk/Documents/2024-11-28.json" };
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
      return detail();
    case "undo":
      // The shell answers with the meeting the undone deletion belongs to.
      return detailNov;
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
      if (window.__AGENDAPACK_ATTACH_SEVERAL__) return attachSeveral(a);
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
