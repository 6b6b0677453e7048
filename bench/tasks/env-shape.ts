// The environment shape benchmarks size their channels with.
import type { EnvShape } from '../../src/runtime/run-layout.js';

export const BENCH_ENV_SHAPE: EnvShape = { obsSize: 32, actionCount: 30 };
