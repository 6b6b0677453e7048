// The memory benchmark's page: blank until mount(), which loads the shipped
// bundle (dist/drill.js) and puts up the demo's three elements with the
// default configuration. measure() asks the browser what the page and each of
// its workers hold (performance.measureUserAgentSpecificMemory, cross-origin
// isolated pages only), so the bench can subtract the blank page from the
// widget idle and training.
import type { DrillRuntime } from '../src/runtime/runtime.js';

type Arena = HTMLElement & { drillRuntime: DrillRuntime | null; capabilities: unknown };

interface Entry {
  readonly bytes: number;
  readonly types: readonly string[];
  readonly attribution: readonly { url: string; scope: string }[];
}
type Measure = () => Promise<{ bytes: number; breakdown: readonly Entry[] }>;

/** Bytes of one measurement, by where the browser attributes them. */
interface MemoryBreakdown {
  readonly total: number;
  /** The page's own realm (the Window) and what is not attributed to one realm. */
  readonly page: number;
  /** Bytes of each worker realm; unnamed, since every drill worker runs the same script URL (the bench names them over CDP). */
  readonly workers: readonly number[];
  /** Bytes by the browser's memory types (JavaScript, DOM, Shared, Canvas…), summed over realms. */
  readonly types: Record<string, number>;
}

async function measure(): Promise<MemoryBreakdown> {
  const api = (performance as unknown as { measureUserAgentSpecificMemory?: Measure }).measureUserAgentSpecificMemory;
  if (!crossOriginIsolated || !api) throw new Error('memory bench: measureUserAgentSpecificMemory needs a cross-origin-isolated page in Chromium');
  const result = await api.call(performance);
  const workers: number[] = [];
  const types: Record<string, number> = {};
  let page = 0;
  for (const entry of result.breakdown) {
    for (const type of entry.types.length ? entry.types : ['(none)']) types[type] = (types[type] ?? 0) + entry.bytes / Math.max(1, entry.types.length);
    if (entry.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope')) workers.push(entry.bytes);
    else page += entry.bytes;
  }
  return { total: result.bytes, page, workers, types };
}

let arena: Arena | null = null;

async function runtime(): Promise<DrillRuntime> {
  while (!arena?.capabilities) await new Promise((r) => setTimeout(r, 50));
  return arena.drillRuntime!;
}

/** Loads the bundle and puts up the demo's elements (defaults); resolves when the show runs. */
async function mount(): Promise<void> {
  await import(new URL('/dist/drill.js', location.href).href);
  document.body.insertAdjacentHTML('beforeend', '<drill-arena mode="ai_vs_ai" speed="1" seed="7"></drill-arena><drill-trainer-controls></drill-trainer-controls><drill-metrics></drill-metrics>');
  arena = document.querySelector('drill-arena') as Arena;
  await runtime();
}

async function train(): Promise<void> {
  await (await runtime()).train();
}

async function telemetry(): Promise<{ updates: number; envSteps: number } | null> {
  const t = (await runtime()).telemetry as { updates: number; envSteps?: number } | null;
  return t ? { updates: t.updates, envSteps: t.envSteps ?? 0 } : null;
}

async function stop(): Promise<void> {
  await (await runtime()).stopTraining();
}

/** How the runtime sized its crew (capabilities): the split and, where it measured, the rates. */
async function crew(): Promise<unknown> {
  await runtime();
  const caps = arena!.capabilities as { rolloutWorkers: number; trainerThreads: number; crewSizing?: unknown };
  return { rolloutWorkers: caps.rolloutWorkers, trainerThreads: caps.trainerThreads, sizing: caps.crewSizing ?? null };
}

(globalThis as unknown as { drillMemory: unknown }).drillMemory = { measure, mount, train, stop, telemetry, crew };
