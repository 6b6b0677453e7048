/**
 * Starting workers, including from a script on another origin (a CDN).
 *
 * A Worker must be constructed from a same-origin URL, so when the script
 * lives elsewhere the runtime starts a same-origin blob worker whose only
 * line imports the real script (decision 15 in docs/architecture.md). The bundle reads its role
 * from the worker's `name` (see workers/worker-main.ts).
 */
import { explainWorkerSecurityError } from './csp-violations.js';
import { WORKER_NAME_PREFIX, type WorkerKind } from '../contract/worker-api.js';

let live = 0;

/** Workers started by any runtime on this page and not yet terminated (tests and diagnostics). */
export function liveWorkerCount(): number {
  return live;
}

export interface SpawnedWorker {
  readonly worker: Worker;
  readonly role: WorkerKind;
  readonly index: number;
  /** Terminates the worker; safe to call twice. */
  terminate(): void;
  readonly terminated: boolean;
}

export function workerName(role: WorkerKind, index: number): string {
  return `${WORKER_NAME_PREFIX}${role}:${index}`;
}

/**
 * The one-line worker for a script on another origin, made longer by two
 * facts of Chromium: under a page's Content-Security-Policy a *static*
 * import in a blob: module worker is refused even where script-src allows
 * the script's origin, while a dynamic import passes; and messages that
 * arrive before the script has set up its listener are lost, so they are
 * held and replayed. A failed import is rethrown, so the page's error event
 * says why.
 */
function blobWorkerSource(script: URL): string {
  return [
    'const held = [];',
    'const hold = (event) => held.push(event);',
    "self.addEventListener('message', hold);",
    `try { await import(${JSON.stringify(script.href)}); } catch (error) { setTimeout(() => { throw error; }); throw error; }`,
    "self.removeEventListener('message', hold);",
    "for (const event of held) self.dispatchEvent(new MessageEvent('message', { data: event.data }));",
  ].join('\n');
}

export function spawnWorker(script: URL, role: WorkerKind, index: number): SpawnedWorker {
  const name = workerName(role, index);
  let worker: Worker;
  let blobUrl: string | null = null;
  const sameOrigin = script.origin === globalThis.location?.origin;
  try {
    if (sameOrigin) {
      worker = new Worker(script, { type: 'module', name });
    } else {
      const source = blobWorkerSource(script);
      blobUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      worker = new Worker(blobUrl, { type: 'module', name });
    }
  } catch (error) {
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    throw (error as Error)?.name === 'SecurityError' ? explainWorkerSecurityError(error, script, !sameOrigin) : error;
  }
  live++;
  let terminated = false;
  return {
    worker,
    role,
    index,
    get terminated() {
      return terminated;
    },
    terminate() {
      if (terminated) return;
      terminated = true;
      live--;
      worker.terminate();
      if (blobUrl) URL.revokeObjectURL(blobUrl);
    },
  };
}
