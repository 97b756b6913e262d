// Loading data for a screen: loading, loaded or failed, and a way to retry.

import { ApiError, toApiError } from "./api";

export type Loadable<T> =
  | { state: "loading" }
  | { state: "ready"; value: T }
  | { state: "failed"; error: ApiError };

/** Starts `fetch` now; `reload()` runs it again. */
export function load<T>(fetch: () => Promise<T>) {
  const box = $state<{ current: Loadable<T> }>({ current: { state: "loading" } });
  const run = () => {
    box.current = { state: "loading" };
    fetch().then(
      (value) => {
        box.current = { state: "ready", value };
      },
      (reason: unknown) => {
        box.current = {
          state: "failed",
          error: reason instanceof ApiError ? reason : toApiError(reason),
        };
      },
    );
  };
  run();
  return {
    get current(): Loadable<T> {
      return box.current;
    },
    reload: run,
  };
}
