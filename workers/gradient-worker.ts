/** A gradient helper thread of the trainer: computes its shard of each minibatch (src/rl/parallel-gradients.ts). */
import { PROTOCOL_VERSION, type GradientInit, type GradientWorkerApi, type WorkerStatus } from '../src/contract/worker-api.js';
import { GradientShard, GradientTeamBuffer, runGradientHelper } from '../src/rl/parallel-gradients.js';
import { fail } from './fault.js';

export function createGradientWorker(): GradientWorkerApi {
  let init: GradientInit | null = null;
  return {
    async init(gradientInit: GradientInit) {
      if (gradientInit.protocolVersion !== PROTOCOL_VERSION) {
        throw new Error(`drill gradient worker: protocol ${gradientInit.protocolVersion} from the page, ${PROTOCOL_VERSION} here — the page and the worker script come from different builds. Reload the page.`);
      }
      const { network, threads, rowsPerPass, thread } = gradientInit;
      const team = new GradientTeamBuffer(gradientInit.team, { network, threads, rowsPerPass });
      const shard = await GradientShard.create(network, rowsPerPass);
      // Runs until the team closes or the trainer retires this thread; an error is uncaught, so the supervisor sees it.
      void runGradientHelper(team, thread, shard).catch((error: unknown) => setTimeout(() => { throw error; }));
      init = gradientInit;
    },
    // Jobs are one shard of one pass: short, and the loop awaits between them.
    heartbeat: () => ({ busyMs: 0 }),
    fault: (kind) => fail(kind),
    status(): WorkerStatus {
      return { role: 'gradient', index: init?.thread ?? 0, channelsOpen: init ? 1 : 0, policyVersion: 0, chunks: 0 };
    },
  };
}
