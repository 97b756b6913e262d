import { describe, expect, it, vi } from "vitest";
import { createAutosave, saveLabel } from "../../src/lib/autosave.svelte";

describe("createAutosave", () => {
  it("saves once after the clerk stops typing", async () => {
    vi.useFakeTimers();
    const save = vi.fn(() => Promise.resolve());
    const auto = createAutosave(save, 500);
    auto.schedule();
    auto.schedule();
    expect(auto.state).toBe("pending");
    await vi.advanceTimersByTimeAsync(499);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(auto.state).toBe("saved");
    vi.useRealTimers();
  });
  it("saves at once on flush, and reports a failure", async () => {
    const save = vi.fn(() => Promise.reject({ code: "locked", message: "cannot change" }));
    const auto = createAutosave(save, 10_000);
    auto.schedule();
    await auto.flush();
    expect(save).toHaveBeenCalledTimes(1);
    expect(auto.state).toBe("failed");
    expect(auto.error?.code).toBe("locked");
  });
  it("saves again after a change made while saving", async () => {
    let release: () => void = () => {};
    const save = vi.fn(() => new Promise<void>((r) => (release = r)));
    const auto = createAutosave(save, 0);
    auto.schedule();
    await new Promise((r) => setTimeout(r, 1));
    auto.schedule();
    const flushed = auto.flush();
    release();
    await new Promise((r) => setTimeout(r, 1));
    release();
    await flushed;
    expect(save).toHaveBeenCalledTimes(2);
  });
  it("has words for each state", () => {
    expect(saveLabel("saved")).toBe("Saved");
    expect(saveLabel("idle")).toBe("");
  });
});
