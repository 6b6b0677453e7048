// The benchmark page: scripts/bench.mjs opens bench/bench.html and calls these.
import { adoptLatency, laneThroughput } from './tasks/channels.js';
import { trainerThreadsThroughput } from './tasks/trainer-threads.js';

/** Runs a compute task in a fresh worker of its own, so the figure is one core's. */
function inWorker(task: string, ...args: unknown[]): Promise<unknown> {
  const worker = new Worker(new URL('./workers/compute.js', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ ok: boolean; result?: unknown; error?: string }>) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data.result);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message));
    };
    worker.postMessage({ task, args });
  });
}

const tasks = { laneThroughput, adoptLatency, compute: inWorker, trainerThreadsThroughput };
(globalThis as unknown as { drillBench: typeof tasks }).drillBench = tasks;
export type BenchTasks = typeof tasks;
