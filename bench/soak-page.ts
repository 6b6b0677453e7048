// The soak benchmark's page: the real arena and runtime (dist/drill.js)
// training for minutes. Each minute it samples every worker's memory, the
// chunk accounts (made by the rollout workers = trained + dropped + waiting
// in the lanes), the show's frame p99, restarts and the policy version; in
// the second phase a worker of a random role is killed every period.
import type { DrillErrorDetail } from '../src/contract/events.js';
import type { WorkerRole } from '../src/contract/runtime-state.js';
import type { WorkerFault } from '../src/contract/worker-api.js';
import type { DrillRuntime } from '../src/runtime/runtime.js';
import { quantile } from './stats.js';

type Arena = HTMLElement & { drillRuntime: DrillRuntime | null; capabilities: unknown };
const arena = document.querySelector('drill-arena') as Arena;
const errors: DrillErrorDetail[] = [];
arena.addEventListener('drill-error', (event) => errors.push((event as CustomEvent<DrillErrorDetail>).detail));

interface MemorySample {
  readonly page: number | null;
  /** Bytes per worker, by its name (`drill:<role>:<index>`), where the browser attributes them. */
  readonly workers: Record<string, number>;
  readonly total: number | null;
  readonly method: 'measureUserAgentSpecificMemory' | 'unavailable';
}

interface Sample {
  readonly minute: number;
  readonly memory: MemorySample;
  readonly made: number;
  readonly trained: number;
  readonly dropped: number;
  readonly waiting: number;
  readonly updates: number;
  readonly policyVersion: number;
  readonly showFrameP99: number | null;
  readonly restarts: Readonly<Record<WorkerRole, number>>;
  /** How long the slowest control call of this sample took, ms (none may hang). */
  readonly slowestCallMs: number;
}

async function ready(): Promise<DrillRuntime> {
  while (!arena.capabilities) await new Promise((r) => setTimeout(r, 50));
  return arena.drillRuntime!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function memory(): Promise<MemorySample> {
  const measure = (performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number; breakdown: { bytes: number; attribution: { url: string; scope: string }[] }[] }> }).measureUserAgentSpecificMemory;
  if (!crossOriginIsolated || !measure) return { page: null, workers: {}, total: null, method: 'unavailable' };
  const result = await measure.call(performance);
  const workers: Record<string, number> = {};
  let page = 0;
  result.breakdown.forEach((entry, i) => {
    const worker = entry.attribution.find((a) => a.scope === 'DedicatedWorkerGlobalScope');
    if (worker) workers[`${worker.url.split('/').pop()}#${i}`] = entry.bytes;
    else page += entry.bytes;
  });
  return { page, workers, total: result.bytes, method: 'measureUserAgentSpecificMemory' };
}

async function timed<T>(work: Promise<T>, slowest: { ms: number }): Promise<T> {
  const start = performance.now();
  const value = await work;
  slowest.ms = Math.max(slowest.ms, performance.now() - start);
  return value;
}

async function sample(runtime: DrillRuntime, minute: number): Promise<Sample> {
  const slowest = { ms: 0 };
  const status = await timed(runtime.workerStatus(), slowest);
  const snapshot = await timed(runtime.snapshot(), slowest);
  const frames = await timed(runtime.frameStats(true), slowest);
  const t = runtime.telemetry;
  return {
    minute,
    memory: await memory(),
    made: status.filter((s) => s.role === 'rollout').reduce((sum, s) => sum + s.chunks, 0),
    trained: status.find((s) => s.role === 'trainer')?.chunks ?? 0,
    dropped: t?.droppedChunks ?? 0,
    waiting: t?.laneOccupancy ?? 0,
    updates: t?.updates ?? 0,
    policyVersion: snapshot.policyVersion,
    showFrameP99: quantile(frames.intervals, 0.99),
    restarts: runtime.state.restarts,
    slowestCallMs: slowest.ms,
  };
}

/** Trains for `minutes`, sampling every minute; with `killEveryMs`, kills a worker of a random role that often. */
async function soak(minutes: number, killEveryMs: number | null, minuteMs = 60_000) {
  const runtime = await ready();
  errors.length = 0;
  await runtime.train();
  const samples: Sample[] = [await sample(runtime, 0)];
  const kills: { atMs: number; role: WorkerRole; fault: WorkerFault }[] = [];
  const started = performance.now();
  // Kills half a period in, then every period: even a short soak sees one.
  let nextKill = killEveryMs === null ? Infinity : killEveryMs / 2;
  let random = 12345;
  const pick = <T>(items: readonly T[]): T => {
    random = (random * 1103515245 + 12345) >>> 0;
    return items[(random >>> 16) % items.length]!;
  };
  for (let minute = 1; minute <= minutes; minute++) {
    while (performance.now() - started < minute * minuteMs) {
      const elapsed = performance.now() - started;
      if (elapsed >= nextKill && runtime.state.recovering.length === 0) {
        const role = pick(['trainer', 'rollout', 'render'] as const);
        const fault = pick(['throw', 'close', 'hang'] as const);
        kills.push({ atMs: Math.round(elapsed), role, fault });
        await runtime.faultWorker(role, 0, fault).catch(() => undefined);
        nextKill += killEveryMs!;
      }
      await sleep(250);
    }
    samples.push(await sample(runtime, minute));
  }
  await runtime.stopTraining();
  const unrecovered = errors.filter((e) => e.code === 'worker-crashed' && !e.recovered).map((e) => e.message);
  const versions = samples.map((s) => s.policyVersion);
  return {
    samples,
    kills,
    unrecovered,
    versionNeverBack: versions.every((v, i) => i === 0 || v >= versions[i - 1]!),
    trainingWentOn: samples.every((s, i) => i === 0 || s.updates > samples[i - 1]!.updates || s.restarts.trainer > samples[i - 1]!.restarts.trainer),
    errors: errors.map((e) => `${e.source}/${e.code}${e.recovered ? '' : ' (not recovered)'}`),
  };
}

(globalThis as unknown as { drillSoak: unknown }).drillSoak = { soak };
