/**
 * The runtime's public face: what the elements (and the package index) may
 * use. Everything else in src/runtime is the runtime's own business; the
 * layer-rule test (test/node/layers.test.mjs) holds elements to this file
 * and src/contract.
 */
export { configureRuntime, DEFAULT_RUNTIME, getRuntime, joinRuntime, leaveRuntime, runtimeMembers } from './registry.js';
export { type DrillRuntime, RUNTIME_EVENT_TYPES, type RuntimeEventDetails, type RuntimeEventType, type RuntimeOptions } from './runtime.js';
export { offscreenCanvasSupported } from './capabilities.js';
export { MODEL_FILE_EXTENSION } from './model-file.js';
export { wasReported } from './reported-error.js';
