// The benchmark page: scripts/bench.mjs opens bench/bench.html and calls these.
import { adoptLatency, laneThroughput } from './tasks/channels.js';

const tasks = { laneThroughput, adoptLatency };
(globalThis as unknown as { drillBench: typeof tasks }).drillBench = tasks;
export type BenchTasks = typeof tasks;
