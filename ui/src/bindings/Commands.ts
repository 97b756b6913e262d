// This file was generated from Rust by `cargo test -p agendapack-desktop --test bindings`.
// Do not edit it by hand: change src-tauri/src/dto.rs and run that test with UPDATE_BINDINGS=1.
import type { AppInfo } from "./AppInfo";
import type { MeetingSummary } from "./MeetingSummary";

/** Every Tauri command: its arguments and what it resolves to. Errors are `CommandError`. */
export type Commands = {
  app_info: { args: Record<string, never>; result: AppInfo };
  list_meetings: { args: Record<string, never>; result: Array<MeetingSummary> };
  reveal_database: { args: Record<string, never>; result: null };
};
