/** The trainer worker: consumes the rollout lanes, runs GAE + PPO, publishes weights (src/rl/trainer-loop.ts). */
import { transfer } from 'comlink';
import { openLaneConsumer, openWeightsPublisher, type LaneHandle, type WeightsPublisher, type WeightsPublisherHandle } from '../src/channels/index.js';
import type { Hyperparameters } from '../src/contract/hyperparameters.js';
import type { TrainerEvents, TrainerResume, TrainerWorkerApi, TrainingOptions, WorkerInit, WorkerStatus } from '../src/contract/worker-api.js';
import { CpuGate } from '../src/channels/cpu-gate.js';
import { chooseLearner } from '../src/gpu/compute-choice.js';
import { GuardedGpuLearner } from '../src/gpu/guarded-learner.js';
import { LEARNER_HYPER_NAMES, type LearnerHyper } from '../src/rl/learner.js';
import { ParallelGradients } from '../src/rl/parallel-gradients.js';
import { DEFAULT_ROWS_PER_PASS } from '../src/rl/ppo-learner.js';
import { PeriodicEvaluation } from '../src/rl/periodic-evaluation.js';
import { TrainerLoop } from '../src/rl/trainer-loop.js';
import { loadDrill } from '../src/drills/load-drill.js';
import { checkInit } from './check-init.js';
import { fail } from './fault.js';
import { kernelPath, kernelPathNotice } from '../src/nn/kernels.js';

/** On the GPU path, every this many updates also run on the CPU and are compared (src/gpu/validation.ts). */
const VALIDATE_EVERY = 200;
/** The trainer's id at the CPU gate; rollout worker i is 2 + i. */
const TRAINER_GATE_ID = 1;

function learnerHyper(hyper: Readonly<Hyperparameters>): Partial<LearnerHyper> {
  return Object.fromEntries(LEARNER_HYPER_NAMES.map((name) => [name, hyper[name]]));
}

export function createTrainerWorker(): TrainerWorkerApi {
  let init: WorkerInit | null = null;
  let loop: TrainerLoop | null = null;
  let lanesOpen = 0;
  let publisher: WeightsPublisher | null = null;
  const requireLoop = (): TrainerLoop => {
    if (!loop) throw new Error('drill trainer: init() has not finished');
    return loop;
  };
  return {
    async init(workerInit: WorkerInit, laneHandles: LaneHandle[], weights: WeightsPublisherHandle, events: TrainerEvents) {
      checkInit(workerInit, 'trainer');
      const lanes = laneHandles.map((handle, i) => openLaneConsumer(handle, workerInit.channel, `rollout lane ${i}`));
      publisher = openWeightsPublisher(weights, workerInit.weights);
      // The drill decides who the learner plays: a two-agent drill without a chaser to graduate against plays itself from the start.
      const drill = await loadDrill(workerInit.drill);
      const threads = workerInit.trainerThreads ?? 1;
      const parallel = workerInit.gradientTeam && threads > 1
        ? await ParallelGradients.create({
          buffer: workerInit.gradientTeam,
          shape: { network: workerInit.network, threads, rowsPerPass: DEFAULT_ROWS_PER_PASS },
          onHelperLost: (_thread, message) => void events.error({ code: 'worker-crashed', source: 'trainer', message: `${message}.`, recovered: true }),
        })
        : undefined;
      const chosen = await chooseLearner({
        setting: workerInit.compute ?? 'auto',
        network: workerInit.network,
        seed: workerInit.hyper.seed,
        hyper: learnerHyper(workerInit.hyper),
        training: workerInit.training,
        gpu: (globalThis.navigator as Navigator | undefined)?.gpu,
        batchSize: lanes.reduce((sum, lane) => sum + lane.layout.descriptor.steps * lane.layout.descriptor.envs, 0),
        validateEvery: VALIDATE_EVERY,
        ...(parallel ? { parallel } : {}),
        onFallback: (reason) => void events.error({ code: 'webgpu-unavailable', source: 'trainer', message: `training moved to the CPU: ${reason}. It goes on from the last weights.`, recovered: true }),
        onValidation: (report) => {
          if (!report.diverged) return;
          const failed = report.checks.filter((check) => !check.ok).map((check) => `${check.kernel} (${check.maxRel.toExponential(1)} > ${check.tolerance})`);
          void events.error({ code: 'internal', source: 'trainer', message: `the GPU path diverged from the CPU at update ${report.update}: ${failed.join(', ')}; the CPU result was kept.`, recovered: true });
        },
      });
      if (chosen.error) void events.error({ code: 'webgpu-unavailable', source: 'trainer', message: chosen.error, recovered: true });
      const learner = chosen.learner;
      // The periodic evaluation plays the two scripted baselines: a drill without them is not evaluated so.
      const evaluation = workerInit.evaluateEvery === 0 || drill.info.agents !== 2 || !['random', 'chaser'].every((b) => drill.baselines.includes(b)) ? null : await PeriodicEvaluation.create({ env: drill, network: workerInit.network, seed: workerInit.hyper.seed, ...(workerInit.evaluateEvery !== undefined ? { every: workerInit.evaluateEvery } : {}) });
      loop = new TrainerLoop({
        learner,
        lanes,
        publisher,
        hyper: workerInit.hyper,
        selfPlayFromStart: drill.info.agents === 2 && !drill.baselines.includes('chaser'),
        transport: workerInit.transport,
        compute: () => (learner instanceof GuardedGpuLearner
          ? { path: learner.computePath, adapter: learner.adapter, reason: learner.fallbackReason ?? chosen.reason }
          : { path: 'cpu', adapter: null, reason: chosen.reason }),
        onTelemetry: (sample) => {
          void events.telemetry(sample);
          if (loop) void events.checkpoint(loop.progress());
        },
        onError: (detail) => void events.error(detail),
        onLrHalved: (lr) => void events.lrHalved(lr),
        kernels: await kernelPath(),
        trainerThreads: () => parallel?.threads ?? 1,
        onStopped: (reason) => void events.stopped(reason),
        ...(evaluation ? { evaluation } : {}),
        ...(workerInit.cpuGate ? { gate: new CpuGate(workerInit.cpuGate, TRAINER_GATE_ID) } : {}),
      });
      const notice = await kernelPathNotice();
      if (notice) void events.notice(notice);
      loop.publishCurrent();
      loop.sendTelemetry(true);
      lanesOpen = lanes.length;
      init = workerInit;
    },
    start(options: TrainingOptions) {
      requireLoop().start(options);
    },
    async stop() {
      await loop?.stop();
    },
    setHyper(changes: Partial<Hyperparameters>) {
      requireLoop().setHyper(changes);
    },
    async resetTraining(seed: number) {
      const current = requireLoop();
      await current.stop();
      current.reset(seed);
    },
    snapshot() {
      const published = requireLoop().published();
      return transfer(published, [published.params.buffer]);
    },
    loadParams(params: Float32Array, savedVersion: number) {
      requireLoop().load(params, savedVersion);
    },
    resume(state: TrainerResume) {
      requireLoop().resume(state);
    },
    replaceLane(index: number, lane: LaneHandle) {
      if (!init) throw new Error('drill trainer: init() has not finished');
      requireLoop().replaceLane(index, openLaneConsumer(lane, init.channel, `rollout lane ${index}`));
    },
    addWeightsReader(port: MessagePort) {
      if (!publisher) throw new Error('drill trainer: init() has not finished');
      publisher.addReader(port);
    },
    heartbeat: () => ({ busyMs: loop?.busyMs ?? 0 }),
    fault: (kind) => fail(kind),
    status(): WorkerStatus {
      return { role: 'trainer', index: init?.index ?? 0, channelsOpen: lanesOpen + (loop ? 1 : 0), policyVersion: loop?.policyVersion ?? 0, chunks: loop?.chunks ?? 0 };
    },
  };
}
