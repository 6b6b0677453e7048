// The thread budget by core count (a faked hardwareConcurrency) and a page's max-threads cap,
// the split by measured rates (sizeCrew) and how the runtime chooses between them at start.
import { expect } from '@open-wc/testing';
import type { CrewRates } from '../../src/contract/capabilities.js';
import { chooseCrewSplit } from '../../src/runtime/crew-sizing.js';
import { busyThreads, gateModeFor, GRADIENT_HELPER_MB, MAX_ROLLOUT_WORKERS, ROLLOUT_WORKER_MB, sizeCrew, threadBudget, validateMaxThreads } from '../../src/runtime/thread-budget.js';

/** Rates with one rollout worker making `ratio` × what one trainer thread consumes. */
const rates = (ratio: number): CrewRates => ({ rolloutSamplesPerSecond: ratio * 100_000, trainerSamplesPerSecond: 100_000 });
const split = (sized: { rolloutWorkers: number; trainerThreads: number }): [number, number] => [sized.rolloutWorkers, sized.trainerThreads];

describe('thread budget', () => {
  it('on 1 and 2 cores the trainer and one rollout worker take turns on one busy thread', () => {
    for (const cores of [1, 2]) expect(threadBudget(cores)).to.deep.equal({ rolloutWorkers: 1, trainerThreads: 1, sharedWorker: true });
    expect(gateModeFor(threadBudget(2))).to.deep.equal({ turns: true, rest: 0 });
  });

  it('with more cores: spare threads go to the trainer first (at most three), the rest to rollout workers, four busy threads unless the page allows more', () => {
    expect(threadBudget(3)).to.deep.equal({ rolloutWorkers: 1, trainerThreads: 1, sharedWorker: false });
    expect(threadBudget(4)).to.deep.equal({ rolloutWorkers: 1, trainerThreads: 2, sharedWorker: false });
    expect(threadBudget(8)).to.deep.equal({ rolloutWorkers: 1, trainerThreads: 3, sharedWorker: false });
    expect(threadBudget(64)).to.deep.equal(threadBudget(8));
    expect(threadBudget(16, 8)).to.deep.equal({ rolloutWorkers: 5, trainerThreads: 3, sharedWorker: false });
    expect(threadBudget(64, 64).rolloutWorkers).to.equal(8);
    expect(gateModeFor(threadBudget(4))).to.deep.equal({ turns: false, rest: 0 });
  });

  it('without shared memory the trainer has one thread and the rest are rollout workers', () => {
    expect(threadBudget(8, null, false)).to.deep.equal({ rolloutWorkers: 3, trainerThreads: 1, sharedWorker: false });
    expect(threadBudget(2, null, false)).to.deep.equal(threadBudget(2));
  });

  it('max-threads 1 makes them take turns on any machine', () => {
    expect(threadBudget(16, 1)).to.deep.equal({ rolloutWorkers: 1, trainerThreads: 1, sharedWorker: true });
  });

  it('while the show is not drawing the workers go busy side by side, unless the page capped them at one thread', () => {
    expect(gateModeFor(threadBudget(2), { showDrawing: false })).to.deep.equal({ turns: false, rest: 0 });
    expect(gateModeFor(threadBudget(2), { showDrawing: true })).to.deep.equal({ turns: true, rest: 0 });
    expect(gateModeFor(threadBudget(16, 1), { showDrawing: false, capped: true })).to.deep.equal({ turns: true, rest: 0 });
    expect(gateModeFor(threadBudget(4), { showDrawing: true })).to.deep.equal({ turns: false, rest: 0 });
  });

  it('a page cap lowers the budget, never raises it', () => {
    expect(threadBudget(16, 3)).to.deep.equal({ rolloutWorkers: 1, trainerThreads: 2, sharedWorker: false });
    expect(threadBudget(2, 8)).to.deep.equal(threadBudget(2));
  });

  it('a nonsense core count is taken as 2', () => {
    expect(threadBudget(0)).to.deep.equal(threadBudget(2));
    expect(threadBudget(Number.NaN)).to.deep.equal(threadBudget(2));
  });

  it('max-threads takes a whole number from 1 to 64, or nothing', () => {
    expect(validateMaxThreads('2')).to.equal(2);
    expect(validateMaxThreads(1)).to.equal(1);
    expect(validateMaxThreads(null)).to.equal(null);
    expect(validateMaxThreads('')).to.equal(null);
    for (const bad of ['0', 'two', '1.5', 65, -1]) expect(() => validateMaxThreads(bad)).to.throw(RangeError, /max-threads must be a whole number/);
  });

  it('busy threads: every core but one, at most four unless the page allows more, at least one', () => {
    expect([1, 2, 3, 5, 8, 64].map((cores) => busyThreads(cores))).to.deep.equal([1, 1, 2, 4, 4, 4]);
    expect(busyThreads(16, 8)).to.equal(8);
    expect(busyThreads(Number.NaN)).to.equal(1);
  });
});

describe('crew sizing by measured rates', () => {
  it('soccer-like rates (a rollout worker makes twice what a trainer thread consumes): trainer threads first, as the formula', () => {
    expect(split(sizeCrew(4, rates(2)))).to.deep.equal([1, 3]);
    expect(split(sizeCrew(3, rates(2)))).to.deep.equal([1, 2]);
    for (const cores of [4, 5, 8]) expect(split(sizeCrew(busyThreads(cores), rates(2)))).to.deep.equal(split(threadBudget(cores)));
  });

  it('an expensive env step (a rollout worker makes a third of what a trainer thread consumes): rollout workers', () => {
    const sized = sizeCrew(4, rates(1 / 3));
    expect(split(sized)).to.deep.equal([3, 1]);
    expect(sized.samplesPerSecond).to.be.closeTo(100_000, 1e-6);
    // Rollouts twice as slow again: every thread but the trainer's still makes experience, up to the most rollout workers.
    expect(split(sizeCrew(8, rates(0.05)))).to.deep.equal([7, 1]);
    expect(split(sizeCrew(16, rates(0.05)))).to.deep.equal([MAX_ROLLOUT_WORKERS, 1]);
  });

  it('balanced rates share the threads', () => {
    // r = t = 2: min(2 × 0.8, 1.5) = 1.5 beats 1 + 3 (min(0.8, 1.85)) and 3 + 1 (min(2.4, 1)).
    expect(split(sizeCrew(4, rates(0.8)))).to.deep.equal([2, 2]);
  });

  it('a cheap drill (rollouts far faster than training): trainer threads as far as they pay, one rollout worker', () => {
    expect(split(sizeCrew(4, rates(10)))).to.deep.equal([1, 3]);
    // Four threads are 2.0× against three's 1.85×: worth it with eight busy threads; beyond four, nothing more is gained.
    expect(split(sizeCrew(8, rates(10)))).to.deep.equal([4, 4]);
    // Three trainer threads learn within 10 % of four there, beside eight rollout workers, with one helper less.
    expect(split(sizeCrew(16, rates(10)))).to.deep.equal([MAX_ROLLOUT_WORKERS, 3]);
  });

  it('within 10 % of the fastest, the split that takes less memory (a rollout worker costs more than a gradient helper)', () => {
    // Soccer's ratio read 1.4 on a busy calibration: 2 + 2 learns 7 % faster than 1 + 3, which takes 12 MB less.
    const soccer = sizeCrew(4, rates(1.4));
    expect(split(soccer)).to.deep.equal([1, 3]);
    expect(soccer.memoryMb).to.equal(ROLLOUT_WORKER_MB + 2 * GRADIENT_HELPER_MB);
    // A flat speed-up curve: every split learns alike, so the cheapest.
    expect(split(sizeCrew(4, rates(10), [1, 1, 1, 1]))).to.deep.equal([1, 3]);
    expect(split(sizeCrew(3, rates(10), [1, 1.02]))).to.deep.equal([1, 2]);
    // Beyond the margin the faster split wins, whatever it costs.
    expect(split(sizeCrew(4, rates(0.8)))).to.deep.equal([2, 2]);
  });

  it('refuses fewer than two busy threads (one busy thread has one split)', () => {
    expect(() => sizeCrew(1, rates(2))).to.throw(RangeError, /2 or more busy threads/);
  });
});

describe('choosing the split at start', () => {
  const formula = threadBudget(8);
  const measured = (ratio: number) => async (): Promise<CrewRates> => rates(ratio);

  it('measures where there is a choice to make, and sizes by the rates', async () => {
    let calls = 0;
    const chosen = await chooseCrewSplit({ busy: 4, formula, sharedMemory: true, measure: async () => { calls++; return rates(1 / 3); } });
    expect(calls).to.equal(1);
    expect(chosen).to.deep.equal({ rolloutWorkers: 3, trainerThreads: 1, sizing: { source: 'measured', rates: rates(1 / 3), fallbackReason: null } });
  });

  it('measures nothing with fewer than three busy threads or without shared memory: the formula', async () => {
    const never = async (): Promise<CrewRates> => { throw new Error('measured without a choice to make'); };
    for (const [busy, sharedMemory] of [[2, true], [1, true], [4, false]] as const) {
      const budget = threadBudget(busy + 1, null, sharedMemory);
      expect(await chooseCrewSplit({ busy, formula: budget, sharedMemory, measure: never })).to.deep.equal({
        rolloutWorkers: budget.rolloutWorkers, trainerThreads: budget.trainerThreads, sizing: { source: 'formula', rates: null, fallbackReason: null },
      });
    }
  });

  it('a calibration that fails, times out or measures nothing usable falls back to the formula, saying why', async () => {
    const failed = await chooseCrewSplit({ busy: 4, formula, sharedMemory: true, measure: async () => { throw new Error('measuring the drill: the calibration worker 0 did not answer within 4.0 s.'); } });
    expect(split(failed)).to.deep.equal(split(formula));
    expect(failed.sizing.source).to.equal('formula');
    expect(failed.sizing.fallbackReason).to.match(/calibration failed: measuring the drill: .* did not answer within 4\.0 s/);
    const zero = await chooseCrewSplit({ busy: 4, formula, sharedMemory: true, measure: measured(0) });
    expect(split(zero)).to.deep.equal(split(formula));
    expect(zero.sizing.fallbackReason).to.match(/no usable rates/);
  });

  it('the page\'s rolloutWorkers or trainerThreads win, the other from the formula, nothing measured', async () => {
    const never = async (): Promise<CrewRates> => { throw new Error('measured though the page chose'); };
    const options = { source: 'options', rates: null, fallbackReason: null };
    expect(await chooseCrewSplit({ busy: 4, formula, sharedMemory: true, rolloutWorkers: 2, measure: never })).to.deep.equal({ rolloutWorkers: 2, trainerThreads: formula.trainerThreads, sizing: options });
    expect(await chooseCrewSplit({ busy: 4, formula, sharedMemory: true, trainerThreads: 1, measure: never })).to.deep.equal({ rolloutWorkers: formula.rolloutWorkers, trainerThreads: 1, sizing: options });
  });
});
