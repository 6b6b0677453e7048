/**
 * drill for npm consumers (bundlers). Importing this module registers the
 * three elements; the workers run from the drill.js shipped beside it.
 */
import { defineElements } from '../elements/define.js';
import { setWorkerScript } from './runtime/worker-script.js';

export { DrillArena } from '../elements/drill-arena.js';
export { DrillMetrics } from '../elements/drill-metrics.js';
export { DrillTrainerControls } from '../elements/drill-trainer-controls.js';
export { defineElements } from '../elements/define.js';
export { configureRuntime, getRuntime } from './runtime/registry.js';
export type { DrillRuntime, RuntimeOptions } from './runtime/runtime.js';
export { setWorkerScript } from './runtime/worker-script.js';
export * from './runtime/protocol.js';
export { type NetworkDescriptor, paramCount, paramLayout, shapeHash } from './nn/network-descriptor.js';
// One comlink instance must handle transfer() for the runtime and anyone talking to its workers.
export { transfer } from 'comlink';

setWorkerScript(new URL('../drill.js', import.meta.url));
defineElements();
