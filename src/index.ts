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
export { configureRuntime, type DrillRuntime, getRuntime, type RuntimeOptions } from './runtime/index.js';
export { setWorkerScript } from './runtime/worker-script.js';
export type * from './contract/capabilities.js';
export type * from './contract/events.js';
export * from './contract/hyperparameters.js';
export type * from './contract/runtime-state.js';
export * from './contract/show.js';
export type * from './contract/telemetry.js';
export type { Activation, NetworkDescriptor, Transport } from './contract/descriptors.js';

setWorkerScript(new URL('../drill.js', import.meta.url));
defineElements();
