/**
 * The test runner reuses pages, so even the one-at-a-time visible group may
 * run in a page the browser reports hidden, where the runtime would pause the
 * show. Tests that need frames pretend the page is visible; the worker draws
 * all the same (its frame loop falls back to timers). `null` undoes it.
 */
export function pretendVisibility(state: DocumentVisibilityState | null): void {
  if (state) Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  else delete (document as { visibilityState?: unknown }).visibilityState;
}
