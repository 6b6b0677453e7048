/**
 * The entry point of every drill worker. The runtime starts workers named
 * `drill:<role>:<index>` (src/runtime/worker-spawn.ts); this picks the role
 * and exposes its control API over comlink.
 */
import { expose } from 'comlink';
import { WORKER_NAME_PREFIX, type WorkerKind } from '../src/contract/worker-api.js';
import { createCalibrationWorker } from './calibration-worker.js';
import { createGradientWorker } from './gradient-worker.js';
import { createRenderWorker } from './render-worker.js';
import { createRolloutWorker } from './rollout-worker.js';
import { createTrainerWorker } from './trainer-worker.js';

const FACTORIES: Record<WorkerKind, () => object> = {
  render: createRenderWorker,
  trainer: createTrainerWorker,
  rollout: createRolloutWorker,
  gradient: createGradientWorker,
  calibration: createCalibrationWorker,
};

/** True when this global scope is a drill worker (so the bundle must not register elements). */
export function isDrillWorker(scope: { name?: string } = globalThis as { name?: string }): boolean {
  return typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined' && (scope.name ?? '').startsWith(WORKER_NAME_PREFIX);
}

export function startWorker(name: string): void {
  const role = name.slice(WORKER_NAME_PREFIX.length).split(':')[0] as WorkerKind;
  const factory = FACTORIES[role];
  if (!factory) throw new Error(`drill: unknown worker role in name '${name}'`);
  expose(factory());
}

if (isDrillWorker()) startWorker((globalThis as unknown as { name: string }).name);
