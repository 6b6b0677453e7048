/**
 * drill.js, the one-file build. On a page it registers the three elements;
 * started as a worker by the runtime (named `drill:<role>:<index>`), it runs
 * that worker instead. Modules load lazily so a worker never evaluates Lit
 * (which needs the DOM) and a page never evaluates worker code.
 */
import { WORKER_NAME_PREFIX } from './contract/worker-api.js';

const workerName = (globalThis as { name?: string }).name ?? '';
const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';

if (inWorker && workerName.startsWith(WORKER_NAME_PREFIX)) {
  await import('../workers/worker-main.js');
} else if (!inWorker) {
  const [{ setWorkerScript }, { defineElements }] = await Promise.all([import('./runtime/worker-script.js'), import('../elements/define.js')]);
  setWorkerScript(import.meta.url);
  defineElements();
}

export {};
