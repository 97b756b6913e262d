// Nothing typed is lost when the window closes. Autosave waits 0.7 s after
// the clerk stops typing; closing the window inside that moment would drop
// the change. So: the shell holds the close and asks the page to save first
// (watchClose), and a page being hidden or unloaded saves too.

import { watchClose } from "./api";
import { flushAll } from "./autosave.svelte";

type Target = Pick<EventTarget, "addEventListener">;

/** Saves every waiting change before the window closes or is hidden. */
export function guardClosing(
  win: Target = window,
  doc: Target & { visibilityState: DocumentVisibilityState } = document,
  flush: () => Promise<void> = flushAll,
): Promise<void> {
  doc.addEventListener("visibilitychange", () => {
    if (doc.visibilityState === "hidden") void flush();
  });
  win.addEventListener("pagehide", () => void flush());
  win.addEventListener("beforeunload", () => void flush());
  return watchClose(flush);
}
