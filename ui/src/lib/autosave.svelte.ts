// Autosave: no Save button. Changes are saved a moment after the clerk
// stops typing, and at once when they leave the field; one save runs at a
// time, and a change made during a save is saved after it.

import { ApiError, toApiError } from "./api";

export type SaveState = "idle" | "pending" | "saving" | "saved" | "failed";

export function createAutosave(save: () => Promise<void>, delay = 700) {
  const box = $state<{ state: SaveState; error: ApiError | null }>({ state: "idle", error: null });
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  async function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    box.state = "saving";
    running = save().then(
      () => {
        box.state = "saved";
        box.error = null;
      },
      (reason: unknown) => {
        box.state = "failed";
        box.error = reason instanceof ApiError ? reason : toApiError(reason);
      },
    );
    await running;
    running = null;
    if (again) {
      again = false;
      await run();
    }
  }

  return {
    get state(): SaveState {
      return box.state;
    },
    get error(): ApiError | null {
      return box.error;
    },
    /** A change: save after the delay. */
    schedule() {
      if (timer) clearTimeout(timer);
      box.state = "pending";
      timer = setTimeout(() => {
        timer = null;
        void run();
      }, delay);
    },
    /** Save now if a change is waiting (on blur, before leaving). */
    flush(): Promise<void> {
      if (!timer) return running ?? Promise.resolve();
      clearTimeout(timer);
      timer = null;
      return run();
    },
  };
}

/** The words shown next to an autosaved form. */
export function saveLabel(state: SaveState): string {
  switch (state) {
    case "idle":
      return "";
    case "pending":
      return "Unsaved changes…";
    case "saving":
      return "Saving…";
    case "saved":
      return "Saved";
    case "failed":
      return "Not saved";
  }
}
