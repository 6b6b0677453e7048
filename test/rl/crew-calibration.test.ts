// The crew calibration against real drills: soccer, CartPole, and a page's
// drill with a deliberately expensive env step (test/runtime/fixtures/slow-step-drill.js).
import { expect } from '@open-wc/testing';
import type { DrillDefinition } from '../../src/contract/drill.js';
import { builtInDrill, loadDrill } from '../../src/drills/load-drill.js';
import { DEFAULT_HYPERPARAMETERS } from '../../src/contract/hyperparameters.js';
import type { NetworkDescriptor } from '../../src/nn/network-descriptor.js';
import { calibrateCrew } from '../../src/rl/crew-calibration.js';
import { sizeCrew } from '../../src/runtime/thread-budget.js';

const BUDGET_MS = 120;

function networkOf(drill: DrillDefinition, hidden: number[]): NetworkDescriptor {
  return { obsSize: drill.info.obsSize, hidden, activation: 'tanh', actionCount: drill.info.actionCount };
}

async function timed(drill: DrillDefinition, hidden: number[], envs: number, minibatch: number, epochs: number) {
  const started = performance.now();
  const rates = await calibrateCrew({ env: drill, network: networkOf(drill, hidden), envs, minibatch, epochs, seed: 1, budgetMs: BUDGET_MS });
  return { rates, ms: performance.now() - started };
}

describe('crew calibration', () => {
  it('soccer at its defaults: both rates measured within the budget, and a rollout worker out-produces a trainer thread', async function () {
    this.timeout(20_000);
    const { envs, hidden, minibatch, epochs } = DEFAULT_HYPERPARAMETERS;
    const { rates, ms } = await timed(builtInDrill('soccer'), hidden, envs, minibatch, epochs);
    console.log(`soccer calibration in ${ms.toFixed(0)} ms: ${rates.rolloutSamplesPerSecond.toFixed(0)} samples/s per rollout worker, ${rates.trainerSamplesPerSecond.toFixed(0)} per trainer thread (ratio ${(rates.rolloutSamplesPerSecond / rates.trainerSamplesPerSecond).toFixed(2)}), split of 4: ${JSON.stringify(sizeCrew(4, rates))}`);
    expect(rates.rolloutSamplesPerSecond).to.be.above(0);
    expect(rates.trainerSamplesPerSecond).to.be.above(0);
    // The budget plus the networks' creation and at most one piece past it (a soccer chunk or step is a few ms; the machine may be busy).
    expect(ms).to.be.below(BUDGET_MS + 1500);
  });

  it('an expensive env step lowers production, not consumption: the split goes to rollout workers', async function () {
    this.timeout(20_000);
    const cartpole = builtInDrill('cartpole');
    const slow = await loadDrill({ src: new URL('/test/runtime/fixtures/slow-step-drill.js', location.href).href });
    const fast = await timed(cartpole, [32], 16, 128, 4);
    const expensive = await timed(slow, [32], 16, 128, 4);
    console.log(`cartpole ${fast.rates.rolloutSamplesPerSecond.toFixed(0)} / ${fast.rates.trainerSamplesPerSecond.toFixed(0)}, slow step ${expensive.rates.rolloutSamplesPerSecond.toFixed(0)} / ${expensive.rates.trainerSamplesPerSecond.toFixed(0)} samples/s (rollout / trainer thread)`);
    // 50 µs per env and step: at most 20 000 decisions a second.
    expect(expensive.rates.rolloutSamplesPerSecond).to.be.below(20_000);
    expect(expensive.rates.rolloutSamplesPerSecond).to.be.below(fast.rates.rolloutSamplesPerSecond / 2);
    expect(sizeCrew(4, expensive.rates)).to.include({ rolloutWorkers: 3, trainerThreads: 1 });
    expect(expensive.ms).to.be.below(BUDGET_MS + 1500);
  });

  it('consumption is per sample: epochs passes each', async function () {
    this.timeout(20_000);
    const cartpole = builtInDrill('cartpole');
    const one = await timed(cartpole, [32], 16, 128, 1);
    const four = await timed(cartpole, [32], 16, 128, 4);
    const ratio = one.rates.trainerSamplesPerSecond / four.rates.trainerSamplesPerSecond;
    console.log(`trainer samples/s at 1 epoch over 4 epochs: ${ratio.toFixed(2)}`);
    expect(ratio).to.be.within(2, 8);
  });
});
