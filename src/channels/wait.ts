/**
 * Waiting without blocking a worker for long (decision 12 in docs/architecture.md: no worker
 * blocks longer than 50 ms, so comlink control messages keep flowing).
 */

/** The longest any channel wait may block or park before returning to the event loop. */
export const MAX_WAIT_MS = 50;

type WaitAsync = (typed: Int32Array, index: number, value: number, timeout?: number) =>
  { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };

const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/** Whether this thread may call `Atomics.wait` (workers yes, the page no). */
const canBlock = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';

/**
 * Resolves when `words[index]` may no longer equal `value`, or after at most
 * `timeoutMs` (capped at {@link MAX_WAIT_MS}). Callers re-check their condition.
 */
export async function waitWhileEqual(words: Int32Array, index: number, value: number, timeoutMs: number): Promise<void> {
  const timeout = Math.max(0, Math.min(timeoutMs, MAX_WAIT_MS));
  if (waitAsync) {
    const result = waitAsync(words, index, value, timeout);
    if (result.async) await result.value;
    return;
  }
  if (canBlock) {
    // Short blocking slices, then a macrotask so queued messages are handled.
    Atomics.wait(words, index, value, Math.min(timeout, 5));
    if (Atomics.load(words, index) === value) await sleep(0);
    return;
  }
  await sleep(Math.min(timeout, 4));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The wall-clock timestamp used by every latency figure: ms since the epoch, sub-ms precise. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
