// The one place the UI talks to the Rust side. Command names, arguments and
// results are typed by the bindings generated from Rust
// (src/bindings/, `UPDATE_BINDINGS=1 cargo test -p agendapack-desktop --test bindings`).

import { Channel, invoke } from "@tauri-apps/api/core";
import type { Commands } from "../bindings/Commands";
import type { CommandError } from "../bindings/CommandError";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { AppInfo } from "../bindings/AppInfo";
import type { MeetingSummary } from "../bindings/MeetingSummary";
import type { ActionForm } from "../bindings/ActionForm";
import type { ActionStatus } from "../bindings/ActionStatus";
import type { AttachOutcome } from "../bindings/AttachOutcome";
import type { AttachStep } from "../bindings/AttachStep";
import type { AttendanceLine } from "../bindings/AttendanceLine";
import type { CalendarForm } from "../bindings/CalendarForm";
import type { CommitteeDetail } from "../bindings/CommitteeDetail";
import type { CreatedMeeting } from "../bindings/CreatedMeeting";
import type { DatabaseCheck } from "../bindings/DatabaseCheck";
import type { DeclarationLine } from "../bindings/DeclarationLine";
import type { DroppedFiles } from "../bindings/DroppedFiles";
import type { FileOutcome } from "../bindings/FileOutcome";
import type { Finding } from "../bindings/Finding";
import type { HomeOverview } from "../bindings/HomeOverview";
import type { ItemEdit } from "../bindings/ItemEdit";
import type { MeetingDetail } from "../bindings/MeetingDetail";
import type { MeetingStatus } from "../bindings/MeetingStatus";
import type { NewMeetingForm } from "../bindings/NewMeetingForm";
import type { OutputFile } from "../bindings/OutputFile";
import type { PackKind } from "../bindings/PackKind";
import type { PacksOverview } from "../bindings/PacksOverview";
import type { Progress } from "../bindings/Progress";
import type { SettingsDetail } from "../bindings/SettingsDetail";
import type { SiteOutcome } from "../bindings/SiteOutcome";
import type { UndoToken } from "../bindings/UndoToken";
import type { CommitteeForm } from "../bindings/CommitteeForm";
import type { ImportOutcome } from "../bindings/ImportOutcome";
import type { MembershipForm } from "../bindings/MembershipForm";
import type { PersonDetail } from "../bindings/PersonDetail";
import type { PersonForm } from "../bindings/PersonForm";
import type { RescheduleForm } from "../bindings/RescheduleForm";
import type { TemplateItem } from "../bindings/TemplateItem";

/** A failed command, with the code and message the Rust side returned. */
export class ApiError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }
}

function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/** Turns whatever `invoke` rejected with into an `ApiError`. */
export function toApiError(reason: unknown): ApiError {
  if (isCommandError(reason)) return new ApiError(reason.code, reason.message);
  // Tauri itself rejects with a bare string (for example a command refused by
  // the capability file); that is a fault in the app, not the clerk's doing.
  const detail = reason instanceof Error ? reason.message : String(reason);
  return new ApiError("internal", `AgendaPack could not complete the request: ${detail}`);
}

async function call<K extends keyof Commands>(
  command: K,
  args: Commands[K]["args"],
): Promise<Commands[K]["result"]> {
  try {
    return await invoke<Commands[K]["result"]>(command, args);
  } catch (reason) {
    throw toApiError(reason);
  }
}

/** The app's version and database location. */
export function appInfo(): Promise<AppInfo> {
  return call("app_info", {});
}

/** Every meeting, soonest first. */
export function listMeetings(): Promise<MeetingSummary[]> {
  return call("list_meetings", {});
}

/** Shows the database file in the system's file manager. */
export function revealDatabase(): Promise<void> {
  return call("reveal_database", {}).then(() => undefined);
}

const none = () => undefined;

/** Home: upcoming meetings with deadlines, minutes to do, open actions. */
export function homeOverview(): Promise<HomeOverview> {
  return call("home_overview", {});
}

/** Every committee with its members. */
export function listCommittees(): Promise<CommitteeDetail[]> {
  return call("list_committees", {});
}

/** Creates a meeting from the committee's standard items; resolves to its id. */
export function createMeeting(form: NewMeetingForm): Promise<CreatedMeeting> {
  return call("create_meeting", { form });
}

/** Everything the meeting screen shows. */
export function meetingDetail(meetingId: number): Promise<MeetingDetail> {
  return call("meeting_detail", { meetingId });
}

/** Moves the meeting on (or back) in its cycle. */
export function setMeetingStatus(meetingId: number, status: MeetingStatus): Promise<MeetingDetail> {
  return call("set_meeting_status", { meetingId, status });
}

/** Adds a public item before private business and Any Other Business. */
export function addItem(meetingId: number, title: string): Promise<MeetingDetail> {
  return call("add_item", { meetingId, title });
}

/** Adds "Exclusion of Press and Public" before the first private item. */
export function addExclusionItem(meetingId: number): Promise<MeetingDetail> {
  return call("add_exclusion_item", { meetingId });
}

/** Saves an item's details. */
export function updateItem(meetingId: number, key: string, edit: ItemEdit): Promise<MeetingDetail> {
  return call("update_item", { meetingId, key, edit });
}

/** Moves an item to position `to` (0-based). */
export function moveItem(meetingId: number, key: string, to: number): Promise<MeetingDetail> {
  return call("move_item", { meetingId, key, to });
}

/** Deletes an item; the token undoes it. */
export function deleteItem(meetingId: number, key: string): Promise<UndoToken> {
  return call("delete_item", { meetingId, key });
}

/** Removes a report from an item; the token undoes it. */
export function removeReport(meetingId: number, key: string, index: number): Promise<UndoToken> {
  return call("remove_report", { meetingId, key, index });
}

/** Undoes a deletion. */
export function undo(token: number): Promise<MeetingDetail> {
  return call("undo", { token });
}

/** Attaches files to the item with `command`, one after another; `onStep`
 * hears as each file starts and lands. */
function attachWithProgress(
  command: "add_reports" | "attach_dropped",
  meetingId: number,
  key: string,
  onStep: (step: AttachStep) => void,
): Promise<AttachOutcome> {
  const channel = new Channel<AttachStep>();
  channel.onmessage = onStep;
  return call(command, { meetingId, key, onProgress: channel });
}

/**
 * Asks for reports with the file dialog (several at once) and attaches them
 * to the item one after another; `onStep` hears as each file starts and lands.
 */
export function addReports(
  meetingId: number,
  key: string,
  onStep: (step: AttachStep) => void = () => {},
): Promise<AttachOutcome> {
  return attachWithProgress("add_reports", meetingId, key, onStep);
}

/** Attaches the files last dropped on the window to the item, as `addReports` does. */
export function attachDropped(
  meetingId: number,
  key: string,
  onStep: (step: AttachStep) => void = () => {},
): Promise<AttachOutcome> {
  return attachWithProgress("attach_dropped", meetingId, key, onStep);
}

/** Calls `onDrop` whenever files are dropped on the window. */
export function watchDrops(onDrop: (files: DroppedFiles) => void): Promise<void> {
  const channel = new Channel<DroppedFiles>();
  channel.onmessage = onDrop;
  return call("watch_drops", { onDrop: channel }).then(none);
}

/** When the clerk closes the window, `beforeClose` runs (it saves what is
 * waiting); then the window closes. The shell closes it anyway after a few
 * seconds if `beforeClose` never settles. */
export function watchClose(beforeClose: () => Promise<void>): Promise<void> {
  const channel = new Channel<null>();
  channel.onmessage = () => {
    void beforeClose()
      .catch(() => undefined)
      .then(() => call("close_ready", {}));
  };
  return call("watch_close", { onClose: channel }).then(none);
}

/** The pre-flight check's findings, errors first. */
export function checkMeeting(meetingId: number): Promise<Finding[]> {
  return call("check_meeting", { meetingId });
}

/** The meeting's output folder, its files, and what has been issued. */
export function listPacks(meetingId: number): Promise<PacksOverview> {
  return call("list_packs", { meetingId });
}

/** Builds a pack, reporting progress, and writes it to the output folder. */
export function generatePack(
  meetingId: number,
  kind: PackKind,
  onProgress: (progress: Progress) => void,
): Promise<OutputFile> {
  const channel = new Channel<Progress>();
  channel.onmessage = onProgress;
  return call("generate_pack", { meetingId, kind, onProgress: channel });
}

/** The bytes of the meeting's pack of `kind` as the app last generated or
 * issued it, for the in-app preview. */
export function packPreview(meetingId: number, kind: PackKind): Promise<Uint8Array> {
  return call("pack_preview", { meetingId, kind }).then((bytes) => new Uint8Array(bytes));
}

/** Publishes the agenda today (public and private packs kept as issued). */
export function publishAgenda(meetingId: number): Promise<PacksOverview> {
  return call("publish_agenda", { meetingId });
}

/**
 * Publishes the council's meeting web pages to a folder the clerk chooses
 * in the native dialog; `folder` is null when the clerk cancelled.
 */
export function publishSite(): Promise<SiteOutcome> {
  return call("publish_site", {});
}

/** Opens a file of the meeting's output folder. */
export function openOutput(meetingId: number, fileName: string): Promise<void> {
  return call("open_output", { meetingId, fileName }).then(none);
}

/** Shows a file of the meeting's output folder in the file manager. */
export function revealOutput(meetingId: number, fileName: string): Promise<void> {
  return call("reveal_output", { meetingId, fileName }).then(none);
}

/** Replaces the attendance record. */
export function setAttendance(meetingId: number, attendance: AttendanceLine[]): Promise<MeetingDetail> {
  return call("set_attendance", { meetingId, attendance });
}

/** Records a declaration of interest. */
export function addDeclaration(meetingId: number, declaration: DeclarationLine): Promise<MeetingDetail> {
  return call("add_declaration", { meetingId, declaration });
}

/** Saves one item's minute (Markdown). */
export function setMinute(meetingId: number, key: string, text: string): Promise<void> {
  return call("set_minute", { meetingId, key, text }).then(none);
}

/** Records an action. */
export function addAction(meetingId: number, action: ActionForm): Promise<MeetingDetail> {
  return call("add_action", { meetingId, action });
}

/** Marks an action open or done. */
export function setActionStatus(meetingId: number, index: number, status: ActionStatus): Promise<MeetingDetail> {
  return call("set_action_status", { meetingId, index, status });
}

/** Records the closing time ("12:20"; empty clears it). */
export function setClosedAt(meetingId: number, time: string): Promise<MeetingDetail> {
  return call("set_closed_at", { meetingId, time });
}

/** Approves the minutes at a later meeting. */
export function approveMinutes(meetingId: number, atMeetingId: number, chair: string): Promise<MeetingDetail> {
  return call("approve_minutes", { meetingId, atMeetingId, chair });
}

/** Produces the signed minutes and writes them to the output folder. */
export function produceSignedMinutes(meetingId: number): Promise<OutputFile> {
  return call("produce_signed_minutes", { meetingId });
}

/** The council's name and calendar settings. */
export function getSettings(): Promise<SettingsDetail> {
  return call("get_settings", {});
}

/** Saves the calendar settings. */
export function setCalendar(calendar: CalendarForm): Promise<SettingsDetail> {
  return call("set_calendar", { calendar });
}

/** Renames the council (printed on the papers produced from now on). */
export function setCouncilName(name: string): Promise<SettingsDetail> {
  return call("set_council_name", { name });
}

/** Backs up the database where the clerk chooses. */
export function backupDatabase(): Promise<FileOutcome> {
  return call("backup_database", {});
}

/** Restores the database from a backup the clerk chooses. */
export function restoreDatabase(): Promise<FileOutcome> {
  return call("restore_database", {});
}

/** Checks the whole database without changing it. */
export function checkDatabase(): Promise<DatabaseCheck> {
  return call("check_database", {});
}

// --- Council set-up: people, committees, memberships, templates.

/** Everyone in the directory, retired people included. */
export function listPeople(): Promise<PersonDetail[]> {
  return call("list_people", {});
}

/** Adds a person; resolves to the whole directory. */
export function addPerson(form: PersonForm): Promise<PersonDetail[]> {
  return call("add_person", { form });
}

/** Saves a person's details. */
export function editPerson(key: string, form: PersonForm): Promise<PersonDetail[]> {
  return call("edit_person", { key, form });
}

/** Marks a person as having left today (they stay in old papers). */
export function retirePerson(key: string): Promise<PersonDetail[]> {
  return call("retire_person", { key });
}

/** Creates a committee. */
export function addCommittee(form: CommitteeForm): Promise<CommitteeDetail> {
  return call("add_committee", { form });
}

/** Saves a committee's settings (the form may rename it). */
export function editCommittee(committee: string, form: CommitteeForm): Promise<CommitteeDetail> {
  return call("edit_committee", { committee, form });
}

/** Archives a committee: kept for its old papers, offered for no new meeting. */
export function archiveCommittee(committee: string): Promise<CommitteeDetail> {
  return call("archive_committee", { committee });
}

/** Adds a dated membership. */
export function addMember(committee: string, form: MembershipForm): Promise<CommitteeDetail> {
  return call("add_member", { committee, form });
}

/** Ends a person's membership on `on` ("2025-05-14"). */
export function endMember(committee: string, person: string, on: string): Promise<CommitteeDetail> {
  return call("end_member", { committee, person, on });
}

/** Replaces the committee's standard items (meetings made from now on use them). */
export function setTemplate(committee: string, items: TemplateItem[]): Promise<CommitteeDetail> {
  return call("set_template", { committee, items });
}

// --- Meeting changes, import and export.

/** Moves a meeting to a new date, time or venue. */
export function rescheduleMeeting(meetingId: number, form: RescheduleForm): Promise<MeetingDetail> {
  return call("reschedule_meeting", { meetingId, form });
}

/** Cancels a meeting: kept, marked cancelled, numbered no more. */
export function cancelMeeting(meetingId: number): Promise<MeetingDetail> {
  return call("cancel_meeting", { meetingId });
}

/** Deletes a draft meeting; the token undoes it. */
export function deleteMeeting(meetingId: number): Promise<UndoToken> {
  return call("delete_meeting", { meetingId });
}

/** Asks for a meeting file with the file dialog and imports it. */
export function importMeeting(): Promise<ImportOutcome> {
  return call("import_meeting", {});
}

/** Exports a meeting to a file the clerk chooses (reports beside it). */
export function exportMeeting(meetingId: number): Promise<FileOutcome> {
  return call("export_meeting", { meetingId });
}
