// The trainer's gradient threads through the real workers, shared by the
// isolated page (helpers over shared memory) and the plain page (always one thread).
import { expect } from '@open-wc/testing';
import type { Transport } from '../../src/contract/descriptors.js';
import type { TrainerTelemetry } from '../../src/contract/telemetry.js';
import { configureRuntime, joinRuntime, leaveRuntime } from '../../src/runtime/registry.js';
import type { RuntimeOptions } from '../../src/runtime/runtime.js';
import { liveWorkerCount } from '../../src/runtime/worker-spawn.js';
import { macrotasks } from '../helpers/use-source-workers.js';
import { telemetryWhere } from '../helpers/telemetry-where.js';

/** Parameters of 1- and 2-thread runs agree this closely after 3 updates (float sums in another order; measured below 1e-6). */
const TOLERANCE = 1e-5;
const SMALL: RuntimeOptions = { rolloutWorkers: 1, envId: 'cue', compute: 'cpu', evaluateEvery: 0, hyper: { envs: 32, steps: 16, hidden: [16] } };

let names = 0;

async function deterministicRun(trainerThreads: number, updates = 3): Promise<{ params: Float32Array; telemetry: TrainerTelemetry; workers: number }> {
  const name = `threads-${names++}`;
  configureRuntime(name, { ...SMALL, trainerThreads });
  const member = {};
  const runtime = joinRuntime(name, member);
  await runtime.start();
  const workers = liveWorkerCount();
  await runtime.train({ deterministic: true, stopAfterUpdates: updates });
  const telemetry = await telemetryWhere(runtime, (s) => s.updates >= updates && !s.training);
  const { params } = await runtime.snapshot();
  await runtime.stopTraining();
  leaveRuntime(runtime, member);
  await macrotasks();
  return { params, telemetry, workers };
}

const bits = (params: Float32Array): number[] => Array.from(new Uint32Array(params.buffer, params.byteOffset, params.length));

export function trainerThreadsSuite(transport: Transport): void {
  describe(`trainer threads over ${transport}`, () => {
    afterEach(async () => {
      await macrotasks();
      expect(liveWorkerCount()).to.equal(0);
    });

    if (transport === 'shared-memory') {
      it('2 trainer threads: runs bit-exact with each other, within float reordering of 1 thread, and reported in telemetry', async function () {
        this.timeout(120_000);
        const one = await deterministicRun(1);
        const a = await deterministicRun(2);
        const b = await deterministicRun(2);
        expect(one.telemetry.trainerThreads).to.equal(1);
        expect(a.telemetry.trainerThreads).to.equal(2);
        // The cue drill has no show: a trainer and a rollout worker, and one gradient helper with 2 threads.
        expect(a.workers).to.equal(one.workers + 1);
        expect(bits(a.params)).to.deep.equal(bits(b.params));
        let worst = 0;
        for (let i = 0; i < one.params.length; i++) worst = Math.max(worst, Math.abs(one.params[i]! - a.params[i]!));
        console.log(`trainer threads through the workers: 2 vs 1 thread, max |Δparam| after 3 updates = ${worst.toExponential(2)}`);
        expect(worst).to.be.below(TOLERANCE);
        expect(bits(a.params)).not.to.deep.equal(bits(one.params));
      });

      it('a lost gradient helper does not hang the trainer: it times out, reports it, and trains on with fewer threads', async function () {
        this.timeout(90_000);
        const name = `threads-${names++}`;
        configureRuntime(name, { ...SMALL, trainerThreads: 2 });
        const member = {};
        const runtime = joinRuntime(name, member);
        await runtime.start();
        const errors: string[] = [];
        runtime.addEventListener('error', (event) => errors.push((event as CustomEvent<{ message: string }>).detail.message));
        await runtime.train();
        const before = await telemetryWhere(runtime, (s) => s.updates >= 2);
        expect(before.trainerThreads).to.equal(2);
        await runtime.faultWorker('gradient', 1, 'close');
        const after = await telemetryWhere(runtime, (s) => s.trainerThreads === 1 && s.updates >= before.updates + 3);
        expect(after.training).to.equal(true);
        expect(errors.join('\n')).to.match(/trainer thread 1 did not finish its shard within [\d.]+ s; the trainer computes its shard itself/);
        await runtime.stopTraining();
        leaveRuntime(runtime, member);
        await macrotasks();
      });
    } else {
      it('asked for 2 trainer threads, a plain page trains on one and starts no helper', async function () {
        this.timeout(60_000);
        const one = await deterministicRun(1, 2);
        const two = await deterministicRun(2, 2);
        expect(two.telemetry.transport).to.equal('transfer');
        expect(two.telemetry.trainerThreads).to.equal(1);
        expect(two.workers).to.equal(one.workers);
        expect(bits(two.params)).to.deep.equal(bits(one.params));
      });
    }

    it('refuses a trainerThreads outside 1…16 at start, saying so', async () => {
      for (const bad of [0, 1.5, 17]) {
        const name = `threads-${names++}`;
        configureRuntime(name, { ...SMALL, trainerThreads: bad });
        const member = {};
        const runtime = joinRuntime(name, member);
        let error: unknown = null;
        await runtime.start().catch((e: unknown) => { error = e; });
        expect(String(error)).to.match(/trainerThreads must be an integer in 1…16/);
        leaveRuntime(runtime, member);
        await macrotasks();
      }
    });
  });
}
