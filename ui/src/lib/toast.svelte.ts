// One message at a time at the foot of the window ("Deleted item 52" with
// Undo). A message with an action (Undo), or one asked to stay (a warning the
// clerk must read), stays until the clerk dismisses it or the next one
// replaces it; a plain message goes after a few seconds.

export type ToastAction = { label: string; run: () => void | Promise<void> };
export type Toast = { id: number; message: string; action: ToastAction | null };

const box = $state<{ current: Toast | null }>({ current: null });
let next = 0;
const PLAIN_MESSAGE_MS = 6000;

export const toast = {
  get current(): Toast | null {
    return box.current;
  },
  show(message: string, action: ToastAction | null = null, stay: boolean = action !== null) {
    next += 1;
    const id = next;
    box.current = { id, message, action };
    if (!stay) {
      setTimeout(() => {
        if (box.current?.id === id) box.current = null;
      }, PLAIN_MESSAGE_MS);
    }
  },
  dismiss() {
    box.current = null;
  },
};
