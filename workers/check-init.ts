import { PROTOCOL_VERSION, type WorkerInit, type WorkerRole } from '../src/contract/worker-api.js';

/** Refuses an init message from a runtime of another build. */
export function checkInit(init: WorkerInit, role: WorkerRole): void {
  if (init.protocolVersion !== PROTOCOL_VERSION) {
    throw new Error(`drill ${role} worker: protocol ${init.protocolVersion} from the page, ${PROTOCOL_VERSION} here — the page and the worker script come from different builds. Reload the page.`);
  }
  if (init.role !== role) throw new Error(`drill: a ${init.role} init message reached the ${role} worker`);
}
