/**
 * The render worker: the show on OffscreenCanvases. Everything lives in
 * src/show (testable without a worker): soccer's match in soccer-show.ts,
 * any other drill in drill-show.ts (both a ShowBase, drawing through the
 * drill's painter), picked by the drill the first init names.
 * This checks the init message and exposes the show's methods.
 */
import { loadDrill } from '../src/drills/load-drill.js';
import { DrillShow } from '../src/show/drill-show.js';
import type { RenderWorkerFullApi } from '../src/show/show-inspection.js';
import { SoccerShow } from '../src/show/soccer-show.js';
import { checkInit } from './check-init.js';
import { fail } from './fault.js';

export function createRenderWorker(): RenderWorkerFullApi {
  let show: SoccerShow | DrillShow | null = null;
  const current = (): SoccerShow | DrillShow => (show ??= new SoccerShow());
  const soccerShow = (): SoccerShow => {
    const shown = current();
    if (shown instanceof DrillShow) throw new RangeError(`this show runs '${shown.drillId}', not soccer: inspectDrill() tells about it, and its bodies are dragged with pointer()`);
    return shown;
  };
  const drillShow = (): DrillShow => {
    const shown = current();
    if (!(shown instanceof DrillShow)) throw new RangeError("this show runs soccer: inspect() tells about it");
    return shown;
  };
  return {
    async init(init, weights, events) {
      checkInit(init, 'render');
      // A render worker shows one drill: the runtime's, which never changes.
      if (!show && init.drill.id !== 'soccer') show = new DrillShow(await loadDrill(init.drill));
      return current().init(init, weights, events);
    },
    status: () => current().status(),
    heartbeat: () => current().heartbeat(),
    fault: (kind) => fail(kind),
    attachCanvas: (id, canvas, size) => current().attachCanvas(id, canvas, size),
    resizeCanvas: (id, size) => current().resizeCanvas(id, size),
    detachCanvas: (id) => current().detachCanvas(id),
    setCanvasVisible: (id, visible) => current().setCanvasVisible(id, visible),
    configure: (settings, revision) => current().configure(settings, revision),
    step: (revision) => current().step(revision),
    reset: (seed, revision) => current().reset(seed, revision),
    setInput: (bits) => current().setInput(bits),
    pointer: (id, phase, x, y) => current().pointer(id, phase, x, y),
    place: (body, pose) => soccerShow().place(body, pose),
    setVisible: (visible) => current().setVisible(visible),
    frameStats: (reset) => current().frameStats(reset),
    inspect: () => soccerShow().inspect(),
    inspectDrill: () => drillShow().inspect(),
  };
}
