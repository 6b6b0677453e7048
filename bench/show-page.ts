// The show benchmark's page: the real arena (from dist/drill.js) in a visible
// page. Measures the show loop's frame interval and frame work at a speed,
// idle or while training, the page's own frame interval meanwhile, and the show's publish→adopt latency (the first
// decision made with new weights) from drill-policy-swap events.
import type { DrillPolicySwapDetail } from '../src/contract/events.js';
import type { FrameStats } from '../src/contract/show.js';
import type { CpuGateMode } from '../src/channels/cpu-gate.js';
import type { DrillRuntime } from '../src/runtime/runtime.js';
import { quantile } from './stats.js';

type Arena = HTMLElement & { speed: number; drillRuntime: DrillRuntime | null; capabilities: unknown };

const arena = document.querySelector('drill-arena') as Arena;
const swaps: number[] = [];
arena.addEventListener('drill-policy-swap', (event) => swaps.push((event as CustomEvent<DrillPolicySwapDetail>).detail.latencyMs));

async function ready(): Promise<DrillRuntime> {
  while (!arena.capabilities) await new Promise((r) => setTimeout(r, 50));
  return arena.drillRuntime!;
}

const summary = (stats: FrameStats) => ({
  intervalP50: quantile(stats.intervals, 0.5),
  intervalP99: quantile(stats.intervals, 0.99),
  workP50: quantile(stats.work, 0.5),
  workP99: quantile(stats.work, 0.99),
  frames: stats.intervals.length,
});

/** Share of intervals over 1.5 display periods: frames the display had to show twice. */
const missedShare = (intervals: number[], periodMs: number) => (intervals.length ? intervals.filter((x) => x > 1.5 * periodMs).length / intervals.length : null);

/** Intervals between the page's own animation frames until `until` resolves: what the page around the arena gets. */
async function pageFrames(until: Promise<unknown>): Promise<number[]> {
  const intervals: number[] = [];
  let last = performance.now();
  let done = false;
  void until.then(() => (done = true));
  await new Promise<void>((resolve) => {
    const frame = (now: number) => {
      intervals.push(now - last);
      last = now;
      if (done) resolve();
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  return intervals.slice(1);
}

/** Frame statistics of the show and of the page over `seconds` at `speed`, training or not. */
async function frames(speed: number, training: boolean, seconds: number, periodMs = 1000 / 60) {
  const runtime = await ready();
  arena.speed = speed;
  if (training) await runtime.train();
  else await runtime.stopTraining();
  await new Promise((r) => setTimeout(r, 1500));
  await runtime.frameStats(true);
  const page = await pageFrames(new Promise((r) => setTimeout(r, seconds * 1000)));
  const stats = await runtime.frameStats(true);
  return { ...summary(stats), pageP50: quantile(page, 0.5), pageP99: quantile(page, 0.99), pageMissed: missedShare(page, periodMs), showMissed: missedShare(stats.intervals, periodMs) };
}

/** Updates and the time of the runtime's latest telemetry sample (2 Hz). */
async function progress(runtime: DrillRuntime): Promise<{ updates: number; time: number }> {
  const before = runtime.telemetry;
  while (runtime.telemetry === before) await new Promise((r) => setTimeout(r, 20));
  return { updates: runtime.telemetry!.updates, time: runtime.telemetry!.time };
}

/**
 * The show and the page while training at 1× for `seconds` with the CPU gate
 * set to `mode` (null: as the runtime set it), the arena on screen or not: frame intervals (the
 * show's ring holds 1024 frames, so it is read every few seconds), missed
 * shares against `periodMs`, and the decisions consumed by updates per second.
 */
async function trainingRun(mode: CpuGateMode | null, seconds: number, periodMs: number, offScreen = false) {
  const runtime = await ready();
  arena.speed = 1;
  if (mode) runtime.cpuGate = mode;
  // Scrolled out of view the show stops drawing: what a reader of the text around the widget gets.
  arena.style.cssText = offScreen ? 'position: absolute; top: 20000px' : '';
  await runtime.train();
  await new Promise((r) => setTimeout(r, 1500));
  await runtime.frameStats(true);
  const start = await progress(runtime);
  const show: number[] = [];
  const work: number[] = [];
  const end = Date.now() + seconds * 1000;
  const page = pageFrames((async () => {
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, Math.min(5000, Math.max(0, end - Date.now()))));
      const stats = await runtime.frameStats(true);
      show.push(...stats.intervals);
      work.push(...stats.work);
    }
  })());
  const intervals = await page;
  const last = await progress(runtime);
  arena.style.cssText = '';
  const { channel, rolloutWorkers } = runtime.layout!;
  const batch = channel.envs * channel.steps * rolloutWorkers;
  return {
    ...summary({ intervals: show, work }),
    pageP50: quantile(intervals, 0.5),
    pageP99: quantile(intervals, 0.99),
    pageFrames: intervals.length,
    pageMissed: missedShare(intervals, periodMs),
    showMissed: missedShare(show, periodMs),
    decisionsPerS: ((last.updates - start.updates) * batch) / ((last.time - start.time) / 1000),
    // Raw, so runs in rounds can be pooled.
    decisions: (last.updates - start.updates) * batch,
    seconds: (last.time - start.time) / 1000,
    showIntervals: show,
    pageIntervals: intervals,
    gate: runtime.cpuGate,
    rolloutWorkers,
    trainerThreads: runtime.capabilities?.trainerThreads ?? 1,
  };
}

/** Publish→adopt latency of the show while training, over `seconds`. */
async function adoption(seconds: number) {
  const runtime = await ready();
  await runtime.train();
  swaps.length = 0;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return { p50: quantile(swaps, 0.5), p95: quantile(swaps, 0.95), samples: swaps.length, pollMs: runtime.state.show.swapIntervalMs };
}

async function stop(): Promise<void> {
  await (await ready()).stopTraining();
}

(globalThis as unknown as { drillShowBench: unknown }).drillShowBench = { frames, trainingRun, adoption, stop };
