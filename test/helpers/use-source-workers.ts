// Tests run the elements from source; their workers start from the TypeScript
// worker entry, which the test server compiles on the fly.
import { setWorkerScript } from '../../src/runtime/worker-script.js';
import { defineElements } from '../../elements/define.js';

setWorkerScript(new URL('/workers/worker-main.ts', location.origin));
defineElements();

/** Resolves after `n` macrotasks (the runtime disposes a macrotask after its last element leaves). */
export async function macrotasks(n = 2): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

export function nextEvent<T = unknown>(target: EventTarget, type: string, timeoutMs = 30_000): Promise<CustomEvent<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(type, (event) => {
      clearTimeout(timer);
      resolve(event as CustomEvent<T>);
    }, { once: true });
  });
}

/** Polls `check` until it returns true (no test waits on wall-clock speed, only on progress). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
