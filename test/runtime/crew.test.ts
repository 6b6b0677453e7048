// The crew on its own, with real workers: it trains, its keeper holds what
// the trainer published, a rollout worker replaced alone lets training go
// on, and a crew built from another's resume state goes on from its weights,
// pool and counters with the next version.
import { DEFAULT_TRAINING_OPTIONS } from '../../src/rl/learner.js';
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../../src/contract/hyperparameters.js';
import type { TrainerTelemetry } from '../../src/contract/telemetry.js';
import { PROTOCOL_VERSION, type WorkerInit } from '../../src/contract/worker-api.js';
import { Crew, type CrewHost } from '../../src/runtime/crew.js';
import { envDefinition } from '../../src/runtime/envs.js';
import { runLayout } from '../../src/runtime/run-layout.js';
import { getWorkerScript } from '../../src/runtime/worker-script.js';
import { scriptStarter, WorkerSupervisor } from '../../src/runtime/worker-supervisor.js';
import { until } from '../helpers/use-source-workers.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

const hyper: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, envs: 16, steps: 8, minibatch: 64, epochs: 1, hidden: [16] };
const layout = runLayout(hyper, envDefinition('soccer').info, 2);

function host() {
  const samples: TrainerTelemetry[] = [];
  const errors: string[] = [];
  const supervisor = new WorkerSupervisor(scriptStarter(() => getWorkerScript()), () => undefined);
  const crewHost: CrewHost = {
    supervisor,
    transport: 'shared-memory',
    initFor: (role, index, l, h): WorkerInit => ({ ...CPU_COMPUTE, role, index, protocolVersion: PROTOCOL_VERSION, transport: 'shared-memory', envId: 'soccer', drill: { id: 'soccer' }, training: DEFAULT_TRAINING_OPTIONS, network: l.network, channel: l.channel, weights: l.weights, rolloutWorkers: l.rolloutWorkers, hyper: h }),
    onTelemetry: (sample) => samples.push(sample),
    onError: (detail) => errors.push(detail.message),
    onLrHalved: () => undefined,
    onStopped: () => undefined,
    onNotice: () => undefined,
  };
  const latest = () => samples.at(-1) ?? null;
  return { crewHost, supervisor, samples, errors, latest };
}

describe('crew', function () {
  this.timeout(60_000);

  it('trains, keeps what the trainer published, and goes on after one rollout worker is replaced', async () => {
    const { crewHost, supervisor, errors, latest } = host();
    const crew = await Crew.build(crewHost, layout, hyper, async () => undefined);
    try {
      expect(crew.whole).to.equal(true);
      await crew.train({ deterministic: false });
      await until(() => (latest()?.updates ?? 0) >= 3, 'three updates');
      crew.rollouts[1]!.terminate();
      await crew.replaceRollout(1);
      expect(crew.whole).to.equal(true);
      const updates = latest()!.updates;
      await until(() => (latest()?.updates ?? 0) > updates + 2, 'updates after the replacement');
      await crew.stop();
      const published = await crew.trainer.call('snapshot', (api) => api.snapshot());
      const kept = crew.keptWeights();
      expect(kept.policyVersion, 'the keeper reads what was published last').to.equal(published.policyVersion);
      expect(Array.from(kept.params)).to.deep.equal(Array.from(published.params));
      expect(errors).to.deep.equal([]);
    } finally {
      crew.dispose();
      supervisor.dispose();
    }
  });

  it('a crew built from another crew\'s resume state publishes the next version of the same weights, with its counters', async () => {
    const { crewHost, supervisor, latest } = host();
    const first = await Crew.build(crewHost, layout, hyper, async () => undefined);
    let second: Crew | null = null;
    try {
      await first.train({ deterministic: false });
      await until(() => (latest()?.updates ?? 0) >= 2 && first.progress !== null && first.progress.updates >= 2, 'two updates and a checkpoint');
      await first.stop();
      const resume = first.resumeState();
      // The resume state's buffers move to the new trainer: keep copies to compare.
      const expected = { params: resume.latest.params.slice(), version: Math.max(resume.progress.policyVersion, resume.latest.policyVersion), updates: resume.progress.updates };
      first.dispose();
      second = await Crew.build(crewHost, layout, hyper, async () => undefined, resume);
      const published = await second.trainer.call('snapshot', (api) => api.snapshot());
      expect(published.policyVersion).to.equal(expected.version + 1);
      expect(Array.from(published.params)).to.deep.equal(Array.from(expected.params));
      await until(() => latest()?.policyVersion === published.policyVersion, 'the new trainer reports');
      expect(latest()!.updates, 'the update count goes on').to.equal(expected.updates);
    } finally {
      first.dispose();
      second?.dispose();
      supervisor.dispose();
    }
  });
});
