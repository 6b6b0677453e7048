/**
 * Soccer's show, everything the render worker does for it, without the
 * worker: one SoccerMatch ticked at a fixed 120 Hz by the ShowClock, its
 * players driven by the latest policy, a pool snapshot, a scripted baseline
 * or a human, new weights hot-swapped (and blended) at decision boundaries,
 * goals and kickoffs reported. It draws through soccer's drill definition
 * like every drill: the shared canvases (show-canvases.ts) size, schedule and
 * time the frames, soccer's painter interpolates between the last two ticks. Tests drive it directly with injected clocks (`frame(now)`);
 * workers/render-worker.ts exposes it over comlink.
 *
 * Who plays (decision 10 in docs/architecture.md): the left player is the learner (latest
 * policy) except in human_vs_ai, where the human has it and the latest
 * policy plays right. Otherwise the right player follows `opponent`.
 */
import type { WeightsReaderHandle } from '../channels/index.js';
import { SOCCER_DRILL } from '../drills/soccer/index.js';
import { shapeHash } from '../nn/network-descriptor.js';
import { DRILL_THEME } from '../render/palette.js';
import { canvasToWorld, pitchTransform } from '../render/pitch-transform.js';
import { SOCCER_BODIES } from '../render/scene.js';
import { DEFAULT_SHOW_STATE, type PointerPhase, type ShowSettings, type ShowState } from '../contract/show.js';
import type { ShowEvents, ShowReport, WorkerInit } from '../contract/worker-api.js';
import { ENV_ID } from '../sim/constants.js';
import type { ScriptedPolicy } from '../sim/env.js';
import { createRenderState, MatchEvent, type MatchEventCode, SoccerMatch } from '../sim/match.js';
import type { SoccerBatch } from '../sim/soccer-batch.js';
import { soccerEnv } from '../sim/soccer-env.js';
import { deriveSeed, Random, Stream } from '../util/random.js';
import { actionForInput, INPUT_BITS_MASK } from './human-input.js';
import { PolicyBrain } from './policy-brain.js';
import { SwapBlend } from './swap-blend.js';
import { SandboxDrag } from './sandbox-drag.js';
import { ShowBase } from './show-base.js';
import type { ShowOptions } from './show-canvases.js';
import { ShowClock } from './show-clock.js';
import type { BodyId, BodyPose, ShowInspection } from './show-inspection.js';
import { WeightsFeed } from './weights-feed.js';

/** Who controls a side. */
type Seat = 'human' | 'learner' | 'pool' | 'chaser' | 'random';

/** Without a change, the state (the tick) is reported this often. */
const STATE_INTERVAL_MS = 500;

export class SoccerShow extends ShowBase<SoccerBatch> {
  private readonly clock = new ShowClock();
  private readonly match: SoccerMatch;

  /** A network of a new shape (after a training reset), waiting for its first weights. */
  private nextLearner: PolicyBrain | null = null;
  /** The outgoing policy while a swap blends (swap-blend); built with the learner's network. */
  private blend: SwapBlend | null = null;
  private poolBrain: PolicyBrain | null = null;
  /** This episode's opponent is a pool snapshot (else the pool was empty and the latest policy plays). */
  private poolOpponent = false;
  private readonly chaser: ScriptedPolicy = soccerEnv.createBaseline('chaser', 1, 0);
  private random: ScriptedPolicy = soccerEnv.createBaseline('random', 1, 0);
  private readonly scripted = new Int32Array(2);
  private readonly sampling = new Random(0);
  private readonly poolDraws = new Random(0);

  private inputBits = 0;
  private readonly drag = new SandboxDrag();

  /** The world now, for the drag's grab (the painters keep their own). */
  private readonly bodies = createRenderState();

  private ticks = 0;
  private lastState: ShowState | null = null;
  private lastStateMs = -Infinity;

  constructor(options: ShowOptions = {}) {
    const match = new SoccerMatch(DEFAULT_SHOW_STATE.seed);
    super(SOCCER_DRILL, match.batch, options);
    this.match = match;
    this.startMatch(this.seed);
  }

  // ── Connection ─────────────────────────────────────────────────────────

  /**
   * Connects (or, after a training reset, reconnects) the weights channel.
   * A new network shape gets new networks; the match carries on either way.
   */
  async init(init: WorkerInit, weights: WeightsReaderHandle, events: ShowEvents): Promise<void> {
    if (init.envId !== ENV_ID) throw new Error(`drill render worker: the show draws '${ENV_ID}', but this runtime runs '${init.envId}'`);
    const reuse = this.learner !== null && shapeHash(this.learner.descriptor) === shapeHash(init.network);
    if (!reuse) {
      const [learner, poolBrain, blend] = await Promise.all([PolicyBrain.create(init.network), PolicyBrain.create(init.network), SwapBlend.create(init.network)]);
      this.blend = blend;
      // The current network plays on until the new channel's first weights arrive.
      if (this.learner) this.nextLearner = learner;
      else this.learner = learner;
      this.poolBrain = poolBrain;
    }
    const feed = new WeightsFeed(weights, init.weights, (reason) => this.reportError('weights-rejected', `The show refused new weights (${reason}); it keeps playing the last good ones.`, true));
    this.feed?.close();
    this.feed = feed;
    this.events = events;
    this.workerIndex = init.index;
    this.match.batch.setGamma(init.hyper.gamma);
    // Look for weights at once: a match waiting at a decision boundary takes them now.
    this.pollNow();
    if (this.match.decisionDue) this.adoptWeights(this.now());
    this.drawOpponent();
    // No state report here: the runtime configures the show right after init, and that reports it.
    // (A report now would carry the show's default settings over the ones the page just set.)
  }

  // ── Control ────────────────────────────────────────────────────────────

  /** Settings as the runtime validated them (decision 7: a value is checked once, where it enters). */
  configure(patch: Partial<ShowSettings>, revision = this.revision): void {
    this.revision = revision;
    const settings: ShowSettings = { ...this.settings, ...patch };
    const previous = this.settings;
    this.settings = settings;
    if (settings.mode !== 'sandbox') this.drag.drop();
    if (settings.opponent !== previous.opponent) this.drawOpponent();
    this.clock.speed = settings.speed;
    if (settings.paused !== this.clock.paused) {
      this.clock.paused = settings.paused;
      // Paused, the latest tick is what shows; resumed, time starts counting from now.
      if (settings.paused) this.snap();
      else this.clock.resync();
    }
    this.canvases.dirty = true;
    this.reportState(true);
  }

  /** Runs exactly one tick now (the page pauses first). */
  step(revision = this.revision): void {
    this.revision = revision;
    this.tick(this.now());
    this.snap();
    this.reportState(true);
  }

  /** A new match (score 0–0) from `seed`, or from the next seed. */
  reset(seed = (this.seed + 1) >>> 0, revision = this.revision): void {
    this.revision = revision;
    this.startMatch(seed);
    this.reportState(true);
  }

  setInput(bits: number): void {
    if (!Number.isInteger(bits) || (bits & ~INPUT_BITS_MASK) !== 0) throw new RangeError(`input bits must be an integer made of src/show/human-input.ts InputBit flags, got ${bits}`);
    this.inputBits = bits;
  }

  /** Sandbox drag on canvas `id`, in CSS pixels from its top-left corner. Ignored outside the sandbox. */
  pointer(id: number, phase: PointerPhase, x: number, y: number): void {
    const point = this.canvases.canvasPoint(id, x, y);
    if (this.settings.mode !== 'sandbox' || !point) return;
    // The transform the painter draws with (the same at any pixel ratio), so what is grabbed is what is drawn.
    const at = canvasToWorld(pitchTransform(point.size.width, point.size.height), point.at.x, point.at.y);
    const now = this.now();
    if (phase === 'down') {
      this.match.readState(this.bodies);
      this.drag.grab(this.bodies, at, now);
    }
    else if (phase === 'move') this.drag.move(this.match, at, now);
    else this.drag.release(this.match, now, phase === 'up');
    this.snap();
  }

  /** Sandbox edit: puts a body at a pose (world metres). */
  place(body: BodyId, pose: BodyPose): void {
    if (this.settings.mode !== 'sandbox') throw new RangeError(`place() is a sandbox edit; the show is in ${this.settings.mode} mode`);
    const { x, y, vx = 0, vy = 0, angle } = pose;
    if (body === 'ball') this.match.placeBall(x, y, vx, vy);
    else if (body === 'left' || body === 'right') this.match.placePlayer(body === 'left' ? 0 : 1, x, y, angle, vx, vy);
    else throw new RangeError(`body must be 'ball', 'left' or 'right', got ${JSON.stringify(body)}`);
    this.snap();
  }

  inspect(): ShowInspection {
    const bodies = createRenderState();
    this.match.readState(bodies);
    const held = this.match.batch.world.heldAction;
    return {
      state: this.showState(),
      bodies,
      heldActions: [held[0]!, held[1]!],
      inputBits: this.inputBits,
      labels: this.labels(),
      opponentVersion: this.brainFor(this.rightSeat())?.version ?? 0,
      ticks: this.ticks,
      framesDrawn: this.canvases.framesDrawn,
      drawPending: this.canvases.dirty,
      running: this.canvases.running,
      dragging: this.drag.body,
      canvases: this.canvases.report(),
    };
  }

  // ── The loop ───────────────────────────────────────────────────────────

  /** Time spent away is not owed: the match resumes where it stopped. */
  protected override onRunning(running: boolean): void {
    if (running) this.clock.resync();
  }

  protected work(now: number): void {
    const ticks = this.clock.frame(now);
    if (ticks > 0) this.advance(ticks, now);
    // A paused match waiting at a decision boundary shows the weights its next decision will use.
    else if (this.clock.paused && this.match.decisionDue) this.adoptWeights(now);
    this.draw(now);
    this.reportState(false, now);
  }

  /** Runs `ticks` ticks; the painters keep the states before and after each for interpolation. */
  private advance(ticks: number, now: number): void {
    for (let i = 0; i < ticks; i++) {
      this.tick(now);
      this.canvases.stepped();
    }
  }

  private tick(now: number): void {
    const match = this.match;
    if (match.decisionDue) this.decide(now);
    // A human's keys are read every tick, not every decision (decision 11 in docs/architecture.md).
    if (this.settings.mode === 'human_vs_ai') match.setAction(0, actionForInput(this.inputBits));
    this.drag.hold(match, now);
    const tickInEpisode = match.batch.world.episodeTick[0]! + 1;
    const event = match.tick();
    this.ticks++;
    if (event !== MatchEvent.NONE) this.endEpisode(event, tickInEpisode, now);
  }

  /** A decision boundary: new weights if any, then every AI player chooses; the first decision with new weights is reported. */
  private decide(now: number): void {
    this.adoptWeights(now);
    const match = this.match;
    match.setAction(0, this.actionFor(this.leftSeat(), 0, now));
    match.setAction(1, this.actionFor(this.rightSeat(), 1, now));
    if (this.announceSwap(now)) this.reportState(true, now);
  }

  /**
   * Looks for new weights when the swap interval is due and loads the newest
   * into the learner. Only at a decision boundary, before its decision: the
   * weights change between decisions, never during one, and nothing in the
   * world moves.
   */
  private adoptWeights(now: number): void {
    const latest = this.pollWeights(now);
    if (!latest || !this.learner) return;
    if (latest.policyVersion === 0 || (!this.nextLearner && latest.policyVersion === this.learner.version)) return;
    // A new network shape has nothing to blend with.
    if (this.nextLearner) [this.learner, this.nextLearner] = [this.nextLearner, null];
    else this.blend?.begin(this.learner, now, this.settings.swapBlendMs);
    this.learner.load(latest.params, latest.policyVersion, latest.publishedAt);
    this.canvases.dirty = true;
  }

  private actionFor(seat: Seat, agent: 0 | 1, now: number): number {
    const match = this.match;
    if (seat === 'human') return actionForInput(this.inputBits);
    if (seat === 'chaser' || seat === 'random') {
      (seat === 'chaser' ? this.chaser : this.random).act(match.batch, agent, this.scripted);
      return this.scripted[agent]!;
    }
    // Sampled, as trained: a greedy policy trained with an entropy bonus tends to freeze or dither in place.
    if (seat === 'learner' && this.learner && this.blend) return this.blend.act(this.learner, match.observation(agent), match.mask(agent), this.sampling, now);
    return this.brainFor(seat)?.act(match.observation(agent), match.mask(agent), this.sampling) ?? 0;
  }

  private leftSeat(): Seat {
    return this.settings.mode === 'human_vs_ai' ? 'human' : 'learner';
  }

  private rightSeat(): Seat {
    if (this.settings.mode === 'human_vs_ai') return 'learner';
    switch (this.settings.opponent) {
      case 'chaser':
        return 'chaser';
      case 'random':
        return 'random';
      case 'pool':
        return this.poolOpponent ? 'pool' : 'learner';
      case 'latest':
        return 'learner';
    }
  }

  private brainFor(seat: Seat): PolicyBrain | null {
    return seat === 'learner' ? this.learner : seat === 'pool' ? this.poolBrain : null;
  }

  /** Picks this episode's pool opponent: a random filled slot, or none (the latest policy) while the pool is empty. */
  private drawOpponent(): void {
    this.poolOpponent = false;
    if (this.settings.opponent !== 'pool' || !this.feed || !this.poolBrain) return;
    const filled = this.feed.filledPool();
    if (filled.length === 0) return;
    const reader = filled[this.poolDraws.int(filled.length)]!;
    this.poolBrain.load(reader.params, reader.policyVersion, reader.publishedAt);
    this.poolOpponent = true;
  }

  private endEpisode(event: MatchEventCode, tick: number, now: number): void {
    const match = this.match;
    const score = [match.score[0], match.score[1]] as const;
    this.drag.drop();
    let winner: 0 | 1 | null = null;
    if (event === MatchEvent.GOAL) {
      winner = match.lastScorer as 0 | 1;
      this.events?.goal({ side: winner, score, tick });
    }
    this.episodeEnded(winner, now);
    this.events?.episodeEnd({ winner, score, length: match.batch.episodeLength[0]! });
    this.drawOpponent();
    this.reportState(true, now);
  }

  private startMatch(seed: number): void {
    this.seed = seed;
    this.match.reset(seed);
    this.sampling.seed(deriveSeed(seed, Stream.SHOW, 0));
    this.poolDraws.seed(deriveSeed(seed, Stream.SHOW, 1));
    this.random = soccerEnv.createBaseline('random', 1, seed);
    this.drag.drop();
    this.episodeEnded(null, -Infinity);
    this.drawOpponent();
    this.snap();
  }

  /** The world changed outside a frame (edit, step, reset, pause): show the latest tick as it is. */
  private snap(): void {
    this.canvases.cut();
  }

  // ── Drawing ────────────────────────────────────────────────────────────

  private draw(now: number): void {
    const frame = this.frameAt(now, this.match.score);
    frame.alpha = this.clock.alpha;
    [frame.labels[0], frame.labels[1]] = this.labels();
    frame.dragging = this.drag.body ? SOCCER_BODIES.indexOf(this.drag.body) : -1;
    if (!this.canvases.dirty && this.clock.paused && !this.canvases.animating(frame)) return;
    this.canvases.paint(frame, DRILL_THEME, (error) => this.reportError('internal', `The show's frame failed: ${error.message}`, true));
  }

  private labels(): [string, string] {
    const name = (seat: Seat): string => {
      switch (seat) {
        case 'human':
          return 'You';
        case 'chaser':
          return 'Chaser';
        case 'random':
          return 'Random';
        case 'pool':
          return `Pool v${this.poolBrain?.version ?? 0}`;
        case 'learner':
          return `AI v${this.learner?.version ?? 0}`;
      }
    };
    return [name(this.leftSeat()), name(this.rightSeat())];
  }

  // ── Reporting ──────────────────────────────────────────────────────────

  private showReport(): ShowReport {
    return { seed: this.seed, policyVersion: this.learner?.version ?? 0, score: [this.match.score[0], this.match.score[1]], tick: this.match.batch.world.episodeTick[0]!, revision: this.revision };
  }

  private showState(): ShowState {
    const { mode, speed, paused, opponent, swapIntervalMs, swapBlendMs } = this.settings;
    return {
      mode,
      speed,
      paused,
      opponent,
      swapIntervalMs,
      swapBlendMs,
      seed: this.seed,
      policyVersion: this.learner?.version ?? 0,
      score: [this.match.score[0], this.match.score[1]],
      tick: this.match.batch.world.episodeTick[0]!,
    };
  }

  /** Sends the state on any change, and the running tick every STATE_INTERVAL_MS. */
  private reportState(force: boolean, now = this.now()): void {
    const state = this.showState();
    const last = this.lastState;
    if (!force && last && sameSettingsAndScore(last, state) && (state.tick === last.tick || now - this.lastStateMs < STATE_INTERVAL_MS)) return;
    this.lastState = state;
    this.lastStateMs = now;
    this.events?.state(this.showReport());
  }

}

function sameSettingsAndScore(a: ShowState, b: ShowState): boolean {
  return a.mode === b.mode && a.speed === b.speed && a.paused === b.paused && a.opponent === b.opponent && a.swapIntervalMs === b.swapIntervalMs && a.swapBlendMs === b.swapBlendMs
    && a.seed === b.seed && a.policyVersion === b.policyVersion && a.score[0] === b.score[0] && a.score[1] === b.score[1];
}
