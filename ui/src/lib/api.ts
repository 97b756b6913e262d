// The one place the UI talks to the Rust side. Command names, arguments and
// results are typed by the bindings generated from Rust
// (src/bindings/, `UPDATE_BINDINGS=1 cargo test -p agendapack-desktop --test bindings`).

import { invoke } from "@tauri-apps/api/core";
import type { Commands } from "../bindings/Commands";
import type { CommandError } from "../bindings/CommandError";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { AppInfo } from "../bindings/AppInfo";
import type { MeetingSummary } from "../bindings/MeetingSummary";

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
