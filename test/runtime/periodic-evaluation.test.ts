// The trainer's periodic greedy evaluation: in the deterministic mode a
// result arrives in telemetry every K updates, each the evaluator's own
// verdict on the weights it names; apart from that, its share of the
// trainer's time is capped (an injected clock, no wall time).
import { expect } from '@open-wc/testing';
import type { EvaluationTelemetry, TrainerTelemetry } from '../../src/contract/telemetry.js';
import { paramCount } from '../../src/nn/network-descriptor.js';
import { Evaluator } from '../../src/rl/evaluator.js';
import { EVALUATION_SHARE_CAP, PeriodicEvaluation } from '../../src/rl/periodic-evaluation.js';
import { envDefinition } from '../../src/runtime/envs.js';
import { configureRuntime, joinRuntime, leaveRuntime } from '../../src/runtime/registry.js';
import { macrotasks } from '../helpers/use-source-workers.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

const HYPER = { envs: 16, steps: 16, hidden: [16], minibatch: 128, seed: 5 };

describe('periodic evaluation', () => {
  it('reports a greedy evaluation every K updates in the deterministic mode, separate from the training EMAs', async function () {
    this.timeout(180_000);
    const name = 'periodic-evaluation';
    configureRuntime(name, { ...CPU_COMPUTE, rolloutWorkers: 1, model: 'none', evaluateEvery: 3, hyper: HYPER });
    const member = {};
    const runtime = joinRuntime(name, member);
    await runtime.start();
    const seen = new Map<number, EvaluationTelemetry>();
    let last: TrainerTelemetry | null = null;
    runtime.addEventListener('telemetry', (e) => {
      last = (e as CustomEvent<TrainerTelemetry>).detail;
      if (last.evaluation) seen.set(last.evaluation.updates, last.evaluation);
    });
    await runtime.train({ deterministic: true, stopAfterUpdates: 9 });
    while (!last || (last as TrainerTelemetry).training || (last as TrainerTelemetry).updates < 9) await new Promise((r) => setTimeout(r, 20));
    expect([...seen.keys()]).to.deep.equal([3, 6, 9]);
    const latest = seen.get(9)!;
    const snapshot = await runtime.snapshot();
    expect(latest.policyVersion).to.equal(snapshot.policyVersion);
    expect(latest.vs.map((r) => r.baseline)).to.deep.equal(['random', 'chaser']);
    // The evaluator's own verdict on the published weights, on the same seeded episodes.
    const evaluator = await Evaluator.create({ env: envDefinition('soccer'), network: runtime.layout!.network, episodes: latest.episodes, seed: HYPER.seed });
    for (const result of latest.vs) {
      const expected = evaluator.run(snapshot.params, result.baseline);
      expect(result, result.baseline).to.deep.equal({ baseline: result.baseline, winRate: expected.winRate, wins: expected.wins, draws: expected.draws, losses: expected.losses });
      expect(result.wins + result.draws + result.losses).to.equal(latest.episodes);
    }
    expect(latest.share).to.be.within(0, 1);
    // The pipeline figures come from the same trainer: a chunk is always committed before the update that uses it.
    const final = last as unknown as TrainerTelemetry;
    expect(final.rolloutAgeMs).to.be.a('number').and.greaterThan(0);
    leaveRuntime(runtime, member);
    await macrotasks();
  });

  it('waits while evaluating has taken more than its share of the time', async () => {
    // A clock that moves 10 ms at every reading: only the evaluation reads it, so it takes all the time there was.
    let now = 0;
    const clock = () => (now += 10);
    const network = { obsSize: 30, hidden: [8], activation: 'tanh' as const, actionCount: 30 };
    const evaluation = await PeriodicEvaluation.create({ env: envDefinition('soccer'), network, seed: 1, every: 2, episodes: 4, clock });
    evaluation.started();
    now += 1000;
    expect(evaluation.due(1, false), 'fewer than K updates').to.equal(false);
    expect(evaluation.due(2, false)).to.equal(true);
    const params = Float32Array.from({ length: paramCount(network) }, (_, i) => Math.sin(i) * 0.3);
    const result = (await evaluation.run(params, 7, 2, async () => true))!;
    expect(result.policyVersion).to.equal(7);
    expect(result.share).to.be.greaterThan(EVALUATION_SHARE_CAP);
    expect(evaluation.due(4, false), 'over its share: waits').to.equal(false);
    expect(evaluation.due(4, true), 'the deterministic mode ignores the clock').to.equal(true);
    // Training time passes (ten times what evaluation took): under the cap again.
    now += 10 * result.ms / EVALUATION_SHARE_CAP;
    expect(evaluation.due(4, false)).to.equal(true);
  });
});
