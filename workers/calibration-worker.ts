/** The calibration probe: measures this drill's production and consumption rates once, then is ended (src/rl/crew-calibration.ts). */
import { PROTOCOL_VERSION, type CalibrationRequest, type CalibrationWorkerApi } from '../src/contract/worker-api.js';
import { loadDrill } from '../src/drills/load-drill.js';
import { calibrateCrew } from '../src/rl/crew-calibration.js';
import { fail } from './fault.js';

export function createCalibrationWorker(): CalibrationWorkerApi {
  return {
    async calibrate(request: CalibrationRequest) {
      if (request.protocolVersion !== PROTOCOL_VERSION) {
        throw new Error(`drill calibration worker: protocol ${request.protocolVersion} from the page, ${PROTOCOL_VERSION} here — the page and the worker script come from different builds. Reload the page.`);
      }
      const { network, envs, minibatch, epochs, seed, budgetMs } = request;
      return calibrateCrew({ env: await loadDrill(request.drill), network, envs, minibatch, epochs, seed, budgetMs });
    },
    // Not watched: the runtime's deadline on calibrate() is what bounds it.
    heartbeat: () => ({ busyMs: 0 }),
    fault: (kind) => fail(kind),
    status: () => ({ role: 'calibration', index: 0, channelsOpen: 0, policyVersion: 0, chunks: 0 }),
  };
}
