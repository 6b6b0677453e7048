/**
 * The show of any drill but soccer (soccer ticks its match at 120 Hz with
 * seats of its own, soccer-show.ts; both draw through the same canvases,
 * show-canvases.ts): one env of the drill stepped at its own decision rate
 * (info.tickHz / info.ticksPerDecision decisions a second, times the speed)
 * and drawn on every attached canvas through the drill's painter or `draw`,
 * at display rate.
 *
 * Who plays: agent 0 is the learner (latest policy, sampled as trained), or
 * the person in `human_vs_ai` when the drill declares controls. In a
 * two-agent drill agent 1 follows `opponent` (a scripted baseline of that
 * name if the drill has one, else the latest policy). `sandbox` lets a person
 * drag the drill's bodies, if it declares any. The running checks of a drill
 * (drill-check.ts) apply here too: a broken step is reported once as
 * drill-invalid and the show stops stepping, the page goes on.
 *
 * The score a one-agent drill reports is [successes, other endings].
 */
import type { WeightsReaderHandle } from '../channels/index.js';
import type { DrillDefinition } from '../contract/drill.js';
import type { VecEnv } from '../contract/env.js';
import type { PointerPhase, ShowSettings } from '../contract/show.js';
import type { ShowEvents, WorkerInit } from '../contract/worker-api.js';
import { checkActions, checkStepOutput, DrillInvalidError, stepChecked } from '../drills/drill-check.js';
import { shapeHash } from '../nn/network-descriptor.js';
import { DRILL_THEME } from '../render/palette.js';
import type { ScriptedPolicy } from '../sim/env.js';
import { deriveSeed, Random, Stream } from '../util/random.js';
import { PolicyBrain } from './policy-brain.js';
import { ShowBase } from './show-base.js';
import type { ShowOptions } from './show-canvases.js';
import type { DrillShowInspection } from './show-inspection.js';
import { WeightsFeed } from './weights-feed.js';

/** Without a change, the state is reported this often. */
const STATE_INTERVAL_MS = 500;
/** Decisions caught up in one frame at most (a long pause is not owed). */
const MAX_DECISIONS_PER_FRAME = 8;

export class DrillShow extends ShowBase<VecEnv> {
  private readonly batch: VecEnv;
  private readonly actions: Int32Array;
  private readonly observation: Float32Array;
  private readonly decisionsPerSecond: number;
  private baselines = new Map<string, ScriptedPolicy>();
  private readonly sampling = new Random(0);
  private inputBits = 0;
  private dragging = -1;
  private owed = 0;
  private broken = false;
  private score: [number, number] = [0, 0];
  private decisions = 0;
  private lastStateMs = -Infinity;

  constructor(private readonly drill: DrillDefinition, options: ShowOptions = {}) {
    const batch = drill.createBatch(1);
    super(drill, batch, options);
    this.batch = batch;
    this.actions = new Int32Array(drill.info.agents);
    this.observation = new Float32Array(drill.info.obsSize);
    this.decisionsPerSecond = drill.info.tickHz / drill.info.ticksPerDecision;
    this.startEpisodes(this.seed);
  }

  // ── Connection ─────────────────────────────────────────────────────────

  async init(init: WorkerInit, weights: WeightsReaderHandle, events: ShowEvents): Promise<void> {
    if (init.envId !== this.drill.info.id) throw new Error(`drill render worker: the show runs '${this.drill.info.id}', but this runtime runs '${init.envId}'`);
    if (!this.learner || shapeHash(this.learner.descriptor) !== shapeHash(init.network)) this.learner = await PolicyBrain.create(init.network);
    const feed = new WeightsFeed(weights, init.weights, (reason) => this.reportError('weights-rejected', `The show refused new weights (${reason}); it keeps playing the last good ones.`, true));
    this.feed?.close();
    this.feed = feed;
    this.events = events;
    this.workerIndex = init.index;
    this.batch.setGamma(init.hyper.gamma);
    this.pollNow();
    this.adoptWeights(this.now());
  }

  // ── Control ────────────────────────────────────────────────────────────

  configure(patch: Partial<ShowSettings>, revision = this.revision): void {
    this.revision = revision;
    this.settings = { ...this.settings, ...patch };
    if (this.settings.mode !== 'sandbox') this.dragging = -1;
    this.canvases.restartTiming();
    this.canvases.cut();
    this.reportState(true);
  }

  step(revision = this.revision): void {
    this.revision = revision;
    this.decide(this.now());
    this.canvases.cut();
    this.reportState(true);
  }

  reset(seed = (this.seed + 1) >>> 0, revision = this.revision): void {
    this.revision = revision;
    this.startEpisodes(seed);
    this.reportState(true);
  }

  setInput(bits: number): void {
    if (!Number.isInteger(bits) || bits < 0 || bits > 0x7fffffff) throw new RangeError(`input bits must be a non-negative integer, got ${bits}`);
    this.inputBits = bits;
  }

  /** Sandbox drag of the drill's bodies on canvas `id`, in CSS pixels (the drill gets canvas pixels). */
  pointer(id: number, phase: PointerPhase, x: number, y: number): void {
    const point = this.canvases.canvasPoint(id, x, y);
    const bodies = this.drill.bodies;
    if (this.settings.mode !== 'sandbox' || !point || !bodies) return;
    const { at, size } = point;
    try {
      if (phase === 'down') this.dragging = bodies.hit(this.batch, at, size);
      else if (this.dragging >= 0) bodies.move(this.batch, this.dragging, at, size);
      if (phase === 'up' || phase === 'cancel') this.dragging = -1;
      checkStepOutput(this.batch, this.drill.info.id, false);
    } catch (error) {
      this.fail(error);
    }
    this.canvases.cut();
  }

  /** The drill shown. */
  get drillId(): string {
    return this.drill.info.id;
  }

  inspect(): DrillShowInspection {
    return {
      drill: this.drill.info.id,
      settings: this.settings,
      seed: this.seed,
      policyVersion: this.learner?.version ?? 0,
      score: [this.score[0], this.score[1]],
      decisions: this.decisions,
      episodeStep: this.batch.episodeStep[0]!,
      framesDrawn: this.canvases.framesDrawn,
      running: this.canvases.running,
      humanPlays: this.humanPlays(),
      inputBits: this.inputBits,
      canvases: this.canvases.report().map(({ id, width, height, visible }) => ({ id, width, height, visible })),
    };
  }

  // ── The loop ───────────────────────────────────────────────────────────

  protected work(now: number, sinceLast: number | null): void {
    if (!this.settings.paused && sinceLast !== null) {
      this.owed = Math.min(MAX_DECISIONS_PER_FRAME, this.owed + (sinceLast / 1000) * this.decisionsPerSecond * this.settings.speed);
      while (this.owed >= 1 && !this.broken) {
        this.owed -= 1;
        this.decide(now);
      }
      // A painter that draws between steps moves every frame.
      if (this.drill.painter) this.canvases.dirty = true;
    }
    this.draw(now);
    this.reportState(false, now);
  }

  private humanPlays(): boolean {
    return this.settings.mode === 'human_vs_ai' && this.drill.controls !== undefined;
  }

  /** One decision: new weights if due, every agent's action, one step of the env. */
  private decide(now: number): void {
    if (this.broken) return;
    this.adoptWeights(now);
    const { agents, actionCount } = this.drill.info;
    try {
      this.actions[0] = this.humanPlays() ? this.drill.controls!.action(this.inputBits) : this.policyAction(0);
      if (agents === 2) this.actions[1] = this.opponentAction();
      checkActions(this.actions, actionCount, this.drill.info.id, this.humanPlays() ? 'controls.action' : 'the show');
      stepChecked(this.batch, this.actions, this.drill.info.id);
      checkStepOutput(this.batch, this.drill.info.id, true);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.decisions++;
    this.canvases.stepped();
    if (this.batch.done[0]) this.endEpisode(now);
    if (this.announceSwap(now)) this.reportState(true, now);
  }

  private policyAction(agent: number): number {
    const { obsSize } = this.drill.info;
    const words = Math.ceil(this.drill.info.actionCount / 32);
    this.observation.set(this.batch.obs.subarray(agent * obsSize, (agent + 1) * obsSize));
    // Sampled, as trained (the brain reads the first mask word: drills of up to 32 actions are masked exactly, larger ones unmasked).
    const mask = words === 1 ? this.batch.mask[agent * words]! : 0xffffffff;
    return this.learner?.act(this.observation, mask, this.sampling) ?? 0;
  }

  private opponentAction(): number {
    const name = this.settings.opponent;
    if (this.drill.baselines.includes(name)) {
      let policy = this.baselines.get(name);
      if (!policy) this.baselines.set(name, (policy = this.drill.createBaseline(name, 1, this.seed)));
      policy.act(this.batch, 1, this.actions);
      return this.actions[1]!;
    }
    return this.policyAction(1);
  }

  private adoptWeights(now: number): void {
    const latest = this.pollWeights(now);
    if (!latest || !this.learner) return;
    if (latest.policyVersion === 0 || latest.policyVersion === this.learner.version) return;
    this.learner.load(latest.params, latest.policyVersion, latest.publishedAt);
  }

  private endEpisode(now: number): void {
    const winner = this.batch.winner[0]!;
    const oneAgent = this.drill.info.agents === 1;
    if (oneAgent) this.score[winner === 0 ? 0 : 1]++;
    else if (winner === 0 || winner === 1) this.score[winner]++;
    const reported = winner === 0 || (winner === 1 && !oneAgent) ? (winner as 0 | 1) : null;
    this.episodeEnded(reported, now);
    this.events?.episodeEnd({ winner: reported, score: [this.score[0], this.score[1]], length: this.batch.episodeLength[0]! });
    this.reportState(true);
  }

  private startEpisodes(seed: number): void {
    this.seed = seed;
    this.broken = false;
    this.score = [0, 0];
    this.episodeEnded(null, -Infinity);
    this.baselines.clear();
    this.sampling.seed(deriveSeed(seed, Stream.SHOW, 0));
    try {
      this.batch.reset(seed, 0);
    } catch (error) {
      this.fail(error);
    }
    this.canvases.cut();
  }

  private fail(error: unknown): void {
    this.broken = true;
    const message = error instanceof DrillInvalidError ? error.message : `drill '${this.drill.info.id}' is invalid: ${(error as Error).message}`;
    this.reportError('drill-invalid', `${message}. The show stopped; reset the match to try again.`, true);
  }

  // ── Drawing ────────────────────────────────────────────────────────────

  private draw(now: number): void {
    if (!this.drill.draw && !this.drill.painter) return;
    const frame = this.frameAt(now, this.score);
    frame.alpha = this.settings.paused ? 1 : Math.min(1, this.owed);
    frame.labels[0] = this.humanPlays() ? 'You' : `AI v${frame.policyVersion}`;
    frame.labels[1] = this.drill.info.agents === 1 ? '' : this.drill.baselines.includes(this.settings.opponent) ? this.settings.opponent : `AI v${frame.policyVersion}`;
    frame.dragging = this.dragging;
    if (!this.canvases.dirty && !this.canvases.animating(frame)) return;
    this.canvases.paint(frame, DRILL_THEME, (error) =>
      this.reportError('drill-invalid', `drill '${this.drill.info.id}' is invalid: its draw threw (${error.message}). Training goes on.`, true));
  }

  // ── Reporting ──────────────────────────────────────────────────────────

  private reportState(force: boolean, now = this.now()): void {
    if (!force && now - this.lastStateMs < STATE_INTERVAL_MS) return;
    this.lastStateMs = now;
    this.events?.state({ seed: this.seed, policyVersion: this.learner?.version ?? 0, score: [this.score[0], this.score[1]], tick: this.batch.episodeStep[0]!, revision: this.revision });
  }

}
