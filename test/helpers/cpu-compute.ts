// Runtimes in tests that are not about the compute choice train on the CPU
// from the start. Under the default compute="auto" every trainer start — the
// first, each reset, each replaced trainer — times an update on both paths,
// and a software WebGPU adapter (headless Chromium's) spends the choice's
// whole budget (AUTO_BUDGET_MS, 2 s) before losing to the CPU: the path
// trained is the one 'auto' picks there, only the wait goes. The choice
// itself is tested in test/runtime/compute-setting.test.ts and
// test/gpu/guarded-learner.test.ts, the GPU path in test/gpu/.
import type { RuntimeOptions } from '../../src/runtime/runtime.js';

export const CPU_COMPUTE = { compute: 'cpu' } as const satisfies RuntimeOptions;
