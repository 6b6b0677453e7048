/**
 * Makes this worker fail as a browser can make a worker fail (WorkerApi.fault):
 * the supervisor's tests and the soak bench use it to break real workers.
 */
import type { WorkerFault } from '../src/contract/worker-api.js';

export function fail(kind: WorkerFault): void {
  if (kind === 'close') {
    self.close();
  } else if (kind === 'hang') {
    // After the call returns, so the caller sees it answered and the hang comes unannounced.
    setTimeout(() => {
      for (;;) {
        // An endless loop: no message, no event, no heartbeat ever again.
      }
    });
  } else {
    // Thrown outside any handler, so it is uncaught: the page's Worker gets an error event.
    setTimeout(() => {
      throw new Error('drill: a fault injected on purpose (WorkerApi.fault)');
    });
  }
}
