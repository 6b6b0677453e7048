/**
 * How a run splits its busy threads at start (decision 25 in
 * docs/architecture.md): by the page's options where it set them; else,
 * where there is a choice to make (three or more busy threads and shared
 * memory for trainer threads), by this drill's rates measured in a
 * short-lived probe worker (src/rl/crew-calibration.ts) and sizeCrew; else,
 * or when the probe fails or runs out of time, by the fixed formula
 * (threadBudget). The split is kept for the run: the batch is one chunk per
 * rollout worker, so a count that moved by itself would change it mid-run.
 */
import type { CrewRates, CrewSizing } from '../contract/capabilities.js';
import type { CalibrationRequest, CalibrationWorkerApi } from '../contract/worker-api.js';
import { sizeCrew, type ThreadBudget } from './thread-budget.js';
import type { WorkerSupervisor } from './worker-supervisor.js';

/** Longest the probe may take to start and answer, ms: a cold worker start and the measurement, with room for a busy machine. */
export const CALIBRATION_DEADLINE_MS = 4000;

export interface CrewSplit {
  readonly rolloutWorkers: number;
  readonly trainerThreads: number;
  readonly sizing: CrewSizing;
}

export interface CrewSplitInput {
  /** Busy threads the run may keep (busyThreads). */
  readonly busy: number;
  /** The formula's split of them (threadBudget). */
  readonly formula: ThreadBudget;
  readonly sharedMemory: boolean;
  /** The page's own choices (RuntimeOptions), each winning over the budget's. */
  readonly rolloutWorkers?: number | undefined;
  readonly trainerThreads?: number | undefined;
  /** Measures this drill's rates (the probe); called only where there is a choice to make. */
  readonly measure: () => Promise<CrewRates>;
}

export async function chooseCrewSplit(input: CrewSplitInput): Promise<CrewSplit> {
  const { formula } = input;
  if (input.rolloutWorkers !== undefined || input.trainerThreads !== undefined) {
    return {
      rolloutWorkers: input.rolloutWorkers ?? formula.rolloutWorkers,
      trainerThreads: input.trainerThreads ?? formula.trainerThreads,
      sizing: { source: 'options', rates: null, fallbackReason: null },
    };
  }
  const byFormula = (fallbackReason: string | null): CrewSplit => ({ rolloutWorkers: formula.rolloutWorkers, trainerThreads: formula.trainerThreads, sizing: { source: 'formula', rates: null, fallbackReason } });
  // Two busy threads have one split (1 + 1), and without shared memory the trainer has one thread whatever was measured.
  if (input.busy < 3 || !input.sharedMemory) return byFormula(null);
  let rates: CrewRates;
  try {
    rates = await input.measure();
  } catch (error) {
    return byFormula(`the calibration failed: ${(error as Error).message}`);
  }
  if (!(rates.rolloutSamplesPerSecond > 0 && rates.trainerSamplesPerSecond > 0 && Number.isFinite(rates.rolloutSamplesPerSecond + rates.trainerSamplesPerSecond))) {
    return byFormula(`the calibration measured no usable rates (${rates.rolloutSamplesPerSecond} and ${rates.trainerSamplesPerSecond} samples/s)`);
  }
  const sized = sizeCrew(input.busy, rates);
  return { rolloutWorkers: sized.rolloutWorkers, trainerThreads: sized.trainerThreads, sizing: { source: 'measured', rates, fallbackReason: null } };
}

/** Starts the probe, has it measure `request` within `deadlineMs`, and ends it whatever happened. */
export async function measureWithProbe(supervisor: WorkerSupervisor, request: CalibrationRequest, deadlineMs = CALIBRATION_DEADLINE_MS): Promise<CrewRates> {
  const probe = supervisor.spawn<CalibrationWorkerApi>('calibration', 0);
  try {
    return await probe.call('measuring the drill', (api) => api.calibrate(request), deadlineMs);
  } finally {
    probe.terminate();
  }
}
