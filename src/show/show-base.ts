/**
 * What every drill's show is to the render worker, whatever steps it: its
 * canvases (show-canvases.ts: attach, resize, visibility, DPR, frame loop,
 * frame stats), its settings and seed, its connection to the page (events,
 * weights feed, status) and errors reported once each. A show says what one
 * frame does (`work`); soccer's (soccer-show.ts) ticks a match, any
 * other drill's (drill-show.ts) steps decisions.
 */
import { wallClockMs } from '../channels/wait.js';
import type { DrillDefinition } from '../contract/drill.js';
import type { VecEnv } from '../contract/env.js';
import type { ErrorCode } from '../contract/events.js';
import { type CanvasSize, DEFAULT_SHOW_STATE, type FrameStats, type ShowSettings } from '../contract/show.js';
import type { Heartbeat, ShowEvents, WorkerStatus } from '../contract/worker-api.js';
import { createDrillFrame, type MutableDrillFrame } from './drill-frame.js';
import type { PolicyBrain } from './policy-brain.js';
import { ShowCanvases, type ShowOptions } from './show-canvases.js';
import type { WeightsFeed } from './weights-feed.js';

export abstract class ShowBase<Batch extends VecEnv> {
  protected readonly now: () => number;
  protected readonly wallClock: () => number;
  protected readonly canvases: ShowCanvases<Batch>;
  /** What the painters are told beyond the state, filled in place every frame. */
  private readonly drawn = createDrillFrame();
  protected settings: ShowSettings;
  protected seed: number;
  protected events: ShowEvents | null = null;
  protected workerIndex = 0;
  protected feed: WeightsFeed | null = null;
  protected learner: PolicyBrain | null = null;
  /** The runtime's revision of the last command applied (ShowReport.revision). */
  protected revision = 0;
  private readonly reported = new Set<string>();
  private lastPollMs = -Infinity;
  /** The learner version the last policySwap event announced. */
  private announcedVersion = 0;
  private swapAtMs = -Infinity;
  private endAtMs = -Infinity;

  constructor(drill: DrillDefinition<Batch>, batch: Batch, options: ShowOptions) {
    this.now = options.now ?? (() => performance.now());
    this.wallClock = options.wallClock ?? wallClockMs;
    const { mode, speed, paused, opponent, swapIntervalMs, swapBlendMs, seed } = DEFAULT_SHOW_STATE;
    this.settings = { mode, speed, paused, opponent, swapIntervalMs, swapBlendMs };
    this.seed = seed;
    this.canvases = new ShowCanvases(drill, batch, this.now, options.frames, (now, sinceLast) => this.work(now, sinceLast), (running) => this.onRunning(running), (error) =>
      this.reportError('internal', `The show's frame failed: ${error.message}`, true));
  }

  /** One frame's work at monotonic time `now` (ms), `sinceLast` ms after the last (null: the first since a restart). */
  protected abstract work(now: number, sinceLast: number | null): void;

  /** The frame loop started or stopped. */
  protected onRunning(_running: boolean): void {}

  status(): WorkerStatus {
    return { role: 'render', index: this.workerIndex, channelsOpen: this.feed ? 1 : 0, policyVersion: this.learner?.version ?? 0, chunks: 0 };
  }

  /** A frame's work is a few milliseconds: the show never expects to be busy for long. */
  heartbeat(): Heartbeat {
    return { busyMs: 0 };
  }

  attachCanvas(id: number, canvas: OffscreenCanvas | HTMLCanvasElement, size: CanvasSize): void {
    this.canvases.attach(id, canvas, size);
  }

  resizeCanvas(id: number, size: CanvasSize): void {
    this.canvases.resize(id, size);
  }

  detachCanvas(id: number): void {
    this.canvases.detach(id);
  }

  setCanvasVisible(id: number, visible: boolean): void {
    this.canvases.setCanvasVisible(id, visible);
  }

  /** A hidden page pauses the show: no ticks, no frames (training is not the show's to pause). */
  setVisible(visible: boolean): void {
    this.canvases.setPageVisible(visible);
  }

  frameStats(reset = false): FrameStats {
    return this.canvases.frameStats(reset);
  }

  /** One display frame at monotonic time `now` (ms), timed into the frame stats. */
  frame(now: number): void {
    this.canvases.frame(now);
  }

  /** Polls the weights when the swap interval is due (or at once after `pollNow`): the latest, or null before init. */
  protected pollWeights(now: number): WeightsFeed['latest'] | null {
    const feed = this.feed;
    if (!feed || !this.learner) return null;
    if (now - this.lastPollMs >= this.settings.swapIntervalMs) {
      feed.poll();
      this.lastPollMs = now;
    }
    return feed.latest;
  }

  /** The next look for weights happens at once (a new channel). */
  protected pollNow(): void {
    this.lastPollMs = -Infinity;
  }

  /** Reports the first decision made with a new learner version (`policySwap`); true if there was one. */
  protected announceSwap(now: number): boolean {
    const learner = this.learner;
    if (!learner || learner.version === this.announcedVersion) return false;
    const previousVersion = this.announcedVersion;
    this.announcedVersion = learner.version;
    this.swapAtMs = now;
    this.events?.policySwap({ policyVersion: learner.version, previousVersion, latencyMs: this.wallClock() - learner.publishedAt });
    return true;
  }

  /** An episode ended at `now` with this winner (for the painters' banners); null with -Infinity: a new match, nothing ended yet. */
  protected episodeEnded(winner: 0 | 1 | null, now: number): void {
    this.drawn.lastWinner = winner;
    this.endAtMs = now;
  }

  /** The frame's part every show fills alike: settings, score, policy version, times since the last swap and episode end. */
  protected frameAt(now: number, score: readonly [number, number]): MutableDrillFrame {
    const frame = this.drawn;
    frame.mode = this.settings.mode;
    frame.paused = this.settings.paused;
    frame.speed = this.settings.speed;
    frame.score[0] = score[0];
    frame.score[1] = score[1];
    frame.policyVersion = this.learner?.version ?? 0;
    frame.sinceSwap = (now - this.swapAtMs) / 1000;
    frame.sinceEpisodeEnd = (now - this.endAtMs) / 1000;
    return frame;
  }

  /** Reports a problem once per distinct message (a broken frame must not flood the page). */
  protected reportError(code: ErrorCode, message: string, recovered: boolean): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.events?.error({ code, source: 'render', message, recovered });
  }
}
