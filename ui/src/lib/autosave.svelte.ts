// Autosave: no Save button. Changes are saved a moment after the clerk
// stops typing, and at once when they leave the field; one save runs at a
// time, and a change made during a save is saved after it.

import { ApiError, toApiError } from "./api";

/** Every autosave with a change waiting or a save running, so closing the
 * window can save them all first (see `flushAll`). */
// Not reactive on purpose: nothing renders from it.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const live = new Set<{ flush(): Promise<void> }>();

/** Saves every waiting change now, and waits for saves already running.
 * Called when the window is about to close or be hidden, so text typed in
 * the last moment before closing is not lost. */
export function flushAll(): Promise<void> {
  return Promise.all([...live].map((a) => a.flush())).then(() => undefined);
}

/** How many autosaves have a change waiting or a save running. */
export function pendingSaves(): number {
  return live.size;
}

export type SaveState = "idle" | "pending" | "saving" | "saved" | "failed";

export function createAutosave(save: () => Promise<void>, delay = 700) {
  const box = $state<{ state: SaveState; error: ApiError | null }>({ state: "idle", error: null });
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  async function run(): Promise<void> {
    live.add(self);
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
    if (!timer && !running) live.delete(self);
  }

  async function settled(): Promise<void> {
    while (running) await running;
  }

  const self = {
    get state(): SaveState {
      return box.state;
    },
    get error(): ApiError | null {
      return box.error;
    },
    /** A change: save after the delay. */
    schedule() {
      if (timer) clearTimeout(timer);
      live.add(self);
      box.state = "pending";
      timer = setTimeout(() => {
        timer = null;
        void run();
      }, delay);
    },
    /** Save now if a change is waiting (on blur, before leaving); resolves
     * once every save, including one queued behind a running save, is done. */
    flush(): Promise<void> {
      if (timer) {
        clearTimeout(timer);
        timer = null;
        void run();
      }
      return settled();
    },
  };
  return self;
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
