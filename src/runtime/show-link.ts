/**
 * The show link: the runtime's side of the render worker. It relays the
 * arena's canvases, settings, input and pointer to the show, numbers every
 * command so a state report sent before the worker saw the latest one is
 * told apart (ShowReport.revision), and turns the worker's reports into
 * runtime events. A lost render worker is replaced here: the new one gets
 * the current settings and weights, and the arena is told to hand over a
 * fresh canvas (a transferred canvas cannot be transferred again).
 */
import { proxy, transfer } from 'comlink';
import { weightsTransferables } from '../channels/index.js';
import type { DrillEpisodeEndDetail, DrillErrorDetail, DrillGoalDetail, DrillPolicySwapDetail } from '../contract/events.js';
import type { CanvasSize, FrameStats, PointerPhase, ShowSettings } from '../contract/show.js';
import type { ShowReport, WorkerInit } from '../contract/worker-api.js';
import type { RenderWorkerFullApi } from '../show/show-inspection.js';
import { type Crew, WORKER_START_TIMEOUT_MS } from './crew.js';
import type { SupervisedWorker, WorkerSupervisor } from './worker-supervisor.js';

type RenderWorker = SupervisedWorker<RenderWorkerFullApi>;

/** What the show link needs from its runtime. */
export interface ShowHost {
  readonly supervisor: WorkerSupervisor;
  /**
   * Resolves once the runtime has started; rejects if it cannot, or if it has
   * not been asked to start (a lazy arena's settings must not start it: the
   * render worker takes them, and the seed, when it starts).
   */
  started(): Promise<unknown>;
  initFor(crew: Crew): WorkerInit;
  /** The show settings as the runtime holds them. */
  settings(): ShowSettings;
  /** The seed of the match the runtime holds: a new render worker starts from it. */
  seed(): number;
  /** Match facts from a report that is current. */
  onReport(report: ShowReport): void;
  onGoal(detail: DrillGoalDetail): void;
  onEpisodeEnd(detail: DrillEpisodeEndDetail): void;
  onPolicySwap(detail: DrillPolicySwapDetail): void;
  onError(detail: DrillErrorDetail): void;
  /** A new render worker runs: canvases given to the old one are gone. */
  onRestarted(): void;
  /** The show started or stopped drawing (see {@link ShowLink.drawing}). */
  onDrawingChanged(drawing: boolean): void;
}

export class ShowLink {
  #render: RenderWorker | null = null;
  /** The revision of the last command sent; reports older than it are stale. */
  #revision = 0;
  #nextCanvasId = 1;
  #pageVisible = true;
  /** Each attached canvas and whether it is on screen (a canvas starts on screen, as the render worker takes it). */
  readonly #canvases = new Map<number, boolean>();
  #drawing = false;

  constructor(private readonly host: ShowHost) {}

  /** The render worker now (diagnostics and tests). */
  get worker(): RenderWorker | null {
    return this.#render;
  }

  /** Connects the show to a crew's weights, starting the render worker first if there is none. */
  async connect(crew: Crew): Promise<void> {
    const replacing = this.#render !== null && !this.#render.alive;
    const fresh = this.#render === null || replacing;
    const render = fresh ? this.host.supervisor.spawn<RenderWorkerFullApi>('render', 0) : this.#render!;
    this.#render = render;
    const reader = await crew.readerHandle();
    await render.call('starting the show', (api) => api.init(this.host.initFor(crew), transfer(reader, weightsTransferables(reader)), proxy({
      error: (detail: DrillErrorDetail) => this.host.onError(detail),
      goal: (detail: DrillGoalDetail) => this.host.onGoal(detail),
      episodeEnd: (detail: DrillEpisodeEndDetail) => this.host.onEpisodeEnd(detail),
      policySwap: (detail: DrillPolicySwapDetail) => this.host.onPolicySwap(detail),
      state: (report: ShowReport) => {
        if (render === this.#render && report.revision >= this.#revision) this.host.onReport(report);
      },
    })), WORKER_START_TIMEOUT_MS);
    render.watch();
    // The seed first: the report of the configure that follows then tells the match this runtime holds.
    if (fresh) await render.call('a new match', (api) => api.reset(this.host.seed(), ++this.#revision));
    await render.call('configuring the show', (api) => api.configure(this.host.settings(), ++this.#revision));
    if (replacing) {
      if (!this.#pageVisible) void render.call('pausing the show', (api) => api.setVisible(false)).catch(() => undefined);
      this.#canvases.clear();
      this.#drawingMayHaveChanged();
      this.host.onRestarted();
    }
  }

  /**
   * Whether the show draws now: the page is visible and one of its canvases
   * is on screen, as the render worker's loop runs (src/show/show-canvases.ts).
   */
  get drawing(): boolean {
    return this.#drawing;
  }

  #drawingMayHaveChanged(): void {
    const drawing = this.#pageVisible && [...this.#canvases.values()].some(Boolean);
    if (drawing === this.#drawing) return;
    this.#drawing = drawing;
    this.host.onDrawingChanged(drawing);
  }

  /** Settings the runtime validated and now holds. */
  configure(patch: Partial<ShowSettings>): void {
    const revision = ++this.#revision;
    this.#send('configuring the show', (api) => api.configure(patch, revision));
  }

  step(): void {
    const revision = ++this.#revision;
    this.#send('stepping the show', (api) => api.step(revision));
  }

  reset(seed: number): void {
    const revision = ++this.#revision;
    this.#send('a new match', (api) => api.reset(seed, revision));
  }

  /** Gives the render worker a canvas to draw on; resolves with its id. */
  async attachCanvas(canvas: OffscreenCanvas, size: CanvasSize): Promise<number> {
    const id = this.#nextCanvasId++;
    await this.#call('attaching a canvas', (api) => api.attachCanvas(id, transfer(canvas, [canvas]), size));
    this.#canvases.set(id, true);
    this.#drawingMayHaveChanged();
    return id;
  }

  resizeCanvas(id: number, size: CanvasSize): void {
    this.#send('resizing a canvas', (api) => api.resizeCanvas(id, size));
  }

  detachCanvas(id: number): void {
    this.#send('detaching a canvas', (api) => api.detachCanvas(id));
    this.#canvases.delete(id);
    this.#drawingMayHaveChanged();
  }

  setCanvasVisible(id: number, visible: boolean): void {
    this.#send('showing a canvas', (api) => api.setCanvasVisible(id, visible));
    if (this.#canvases.has(id)) this.#canvases.set(id, visible);
    this.#drawingMayHaveChanged();
  }

  setPageVisible(visible: boolean): void {
    this.#pageVisible = visible;
    this.#send('page visibility', (api) => api.setVisible(visible));
    this.#drawingMayHaveChanged();
  }

  setInput(bits: number): void {
    this.#send('human input', (api) => api.setInput(bits));
  }

  pointer(id: number, phase: PointerPhase, x: number, y: number): void {
    this.#send('sandbox pointer', (api) => api.pointer(id, phase, x, y));
  }

  async frameStats(reset: boolean): Promise<FrameStats> {
    return (await this.#call('frame statistics', (api) => api.frameStats(reset))) ?? { intervals: [], work: [] };
  }

  /** Calls the render worker once the runtime has started; undefined when there is none or it cannot answer. */
  async #call<T>(what: string, invoke: (api: RenderWorker['api']) => Promise<T> | T): Promise<T | undefined> {
    try {
      await this.host.started();
    } catch {
      return undefined;
    }
    const render = this.#render;
    if (!render?.alive) return undefined;
    return render.call(what, invoke).catch(() => undefined);
  }

  #send(what: string, invoke: (api: RenderWorker['api']) => unknown): void {
    void this.#call(what, invoke);
  }
}
