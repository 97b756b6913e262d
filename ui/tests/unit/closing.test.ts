import { afterEach, describe, expect, it, vi } from "vitest";

// The Tauri core, as the page sees it: commands invoked and the channel the
// shell would send "closing" through.
const calls: { cmd: string; args: Record<string, unknown> }[] = [];
vi.mock("@tauri-apps/api/core", () => {
  class Channel<T> {
    onmessage: (message: T) => void = () => {};
  }
  return {
    Channel,
    invoke: vi.fn((cmd: string, args: Record<string, unknown>) => {
      calls.push({ cmd, args });
      return Promise.resolve(null);
    }),
  };
});

const { guardClosing } = await import("../../src/lib/closing");
const { createAutosave, flushAll, pendingSaves } = await import("../../src/lib/autosave.svelte");

class FakeTarget extends EventTarget {
  visibilityState: DocumentVisibilityState = "visible";
}

afterEach(() => {
  calls.length = 0;
  vi.useRealTimers();
});

function closeChannel(): { onmessage: (m: null) => void } {
  const watch = calls.find((c) => c.cmd === "watch_close");
  if (!watch) throw new Error("the page never asked to be told about closing");
  return watch.args.onClose as { onmessage: (m: null) => void };
}

describe("closing the window", () => {
  it("saves text typed just before closing, then lets the window close", async () => {
    vi.useFakeTimers();
    const saved: string[] = [];
    let text = "Resolved: that the report be noted";
    const autosave = createAutosave(async () => {
      await Promise.resolve();
      saved.push(text);
    }, 700);
    await guardClosing(new FakeTarget(), new FakeTarget());
    text += " and the Chair thanked officers.";
    autosave.schedule();
    // 0.2 s later the clerk closes the window: the 0.7 s delay has not run.
    await vi.advanceTimersByTimeAsync(200);
    expect(saved).toEqual([]);
    closeChannel().onmessage(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual(["Resolved: that the report be noted and the Chair thanked officers."]);
    const order = calls.map((c) => c.cmd);
    expect(order).toEqual(["watch_close", "close_ready"]);
    expect(pendingSaves()).toBe(0);
    // Nothing left for the timer to save twice.
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved.length).toBe(1);
  });

  it("closes only after a save already running has finished", async () => {
    let release: () => void = () => {};
    const autosave = createAutosave(() => new Promise<void>((r) => (release = r)), 0);
    await guardClosing(new FakeTarget(), new FakeTarget());
    autosave.schedule();
    await new Promise((r) => setTimeout(r, 1));
    expect(autosave.state).toBe("saving");
    closeChannel().onmessage(null);
    await new Promise((r) => setTimeout(r, 5));
    expect(calls.some((c) => c.cmd === "close_ready")).toBe(false);
    release();
    await new Promise((r) => setTimeout(r, 5));
    expect(calls.some((c) => c.cmd === "close_ready")).toBe(true);
  });

  it("a failed save still lets the window close (the shell cannot wait forever)", async () => {
    const autosave = createAutosave(() => Promise.reject({ code: "locked", message: "approved" }), 10_000);
    await guardClosing(new FakeTarget(), new FakeTarget());
    autosave.schedule();
    closeChannel().onmessage(null);
    await new Promise((r) => setTimeout(r, 5));
    expect(autosave.state).toBe("failed");
    expect(calls.some((c) => c.cmd === "close_ready")).toBe(true);
  });

  it("saves when the page is hidden or unloaded", async () => {
    for (const [event, hide] of [
      ["visibilitychange", true],
      ["pagehide", false],
      ["beforeunload", false],
    ] as const) {
      const save = vi.fn(() => Promise.resolve());
      const autosave = createAutosave(save, 10_000);
      const win = new FakeTarget();
      const doc = new FakeTarget();
      await guardClosing(win, doc);
      autosave.schedule();
      if (hide) doc.visibilityState = "hidden";
      (event === "visibilitychange" ? doc : win).dispatchEvent(new Event(event));
      await flushAll();
      expect(save, event).toHaveBeenCalledTimes(1);
    }
  });

  it("a page becoming visible again saves nothing early", async () => {
    const save = vi.fn(() => Promise.resolve());
    const autosave = createAutosave(save, 10_000);
    const doc = new FakeTarget();
    await guardClosing(new FakeTarget(), doc);
    autosave.schedule();
    doc.dispatchEvent(new Event("visibilitychange"));
    await new Promise((r) => setTimeout(r, 5));
    expect(save).not.toHaveBeenCalled();
    await autosave.flush();
  });
});
