/**
 * The render worker: the show match on OffscreenCanvases. Everything lives in
 * src/show/show-controller.ts (testable without a worker); this checks the
 * init message and exposes the controller's methods.
 */
import type { RenderWorkerFullApi } from '../src/show/show-inspection.js';
import { ShowController } from '../src/show/show-controller.js';
import { checkInit } from './check-init.js';
import { fail } from './fault.js';

export function createRenderWorker(): RenderWorkerFullApi {
  const show = new ShowController();
  return {
    init(init, weights, events) {
      checkInit(init, 'render');
      return show.init(init, weights, events);
    },
    status: () => show.status(),
    heartbeat: () => show.heartbeat(),
    fault: (kind) => fail(kind),
    attachCanvas: (id, canvas, size) => show.attachCanvas(id, canvas, size),
    resizeCanvas: (id, size) => show.resizeCanvas(id, size),
    detachCanvas: (id) => show.detachCanvas(id),
    setCanvasVisible: (id, visible) => show.setCanvasVisible(id, visible),
    configure: (settings, revision) => show.configure(settings, revision),
    step: (revision) => show.step(revision),
    reset: (seed, revision) => show.reset(seed, revision),
    setInput: (bits) => show.setInput(bits),
    pointer: (id, phase, x, y) => show.pointer(id, phase, x, y),
    place: (body, pose) => show.place(body, pose),
    setVisible: (visible) => show.setVisible(visible),
    frameStats: (reset) => show.frameStats(reset),
    inspect: () => show.inspect(),
  };
}
