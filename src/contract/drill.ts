/**
 * A drill: everything drill needs to train a game and show it. A page's own
 * drill is an ES module whose default export (or `drill` export) is a
 * {@link DrillDefinition}; `drill-src="./my-drill.js"` loads it in the page
 * and in every worker (docs/drills.md). The built-in drills (soccer,
 * cartpole, acrobot) are definitions of the same kind.
 *
 * The training side is the env contract (src/contract/env.ts): an info
 * record and preallocated structure-of-arrays batches. The show side is
 * optional: a `draw` for one env, human controls, draggable bodies.
 */
import type { TrunkKind } from './descriptors.js';
import type { ShowMode } from './show.js';
import type { EnvDefinition, VecEnv } from './env.js';
import type { Hyperparameters } from './hyperparameters.js';
import type { TrainingOptions } from './training-options.js';

/** The arena's colour tokens, as CSS colour strings. */
export interface DrillTheme {
  /** Background. */
  readonly surface: string;
  /** Main foreground: bodies, lines. */
  readonly text: string;
  /** Secondary foreground: tracks, guides, labels. */
  readonly muted: string;
  /** The agent's colour. */
  readonly accent: string;
  /** A goal, a success. */
  readonly good: string;
  /** A limit, a failure. */
  readonly danger: string;
}

/** The drawing area, in canvas pixels. */
export interface DrillSize {
  readonly width: number;
  readonly height: number;
}

/**
 * What the show knows about the frame being drawn, beyond the env's state:
 * for a drill that draws motion between steps, a scoreboard or a badge. The
 * show fills one object in place every frame: read it, do not keep it.
 */
export interface DrillFrame {
  /** Canvas pixels per CSS pixel: text and line widths in CSS pixels times this stay crisp on any screen. */
  readonly dpr: number;
  /**
   * How far the display is between the state before the last step (0) and
   * the state now (1). A painter that keeps the state before each step
   * (`stepped`) draws between them for smooth motion at any display rate.
   */
  readonly alpha: number;
  readonly mode: ShowMode;
  readonly paused: boolean;
  readonly speed: number;
  /** The score the arena reports (docs/drills.md §The show). */
  readonly score: readonly [number, number];
  /** The learner's policy version in play (0 before the first weights). */
  readonly policyVersion: number;
  /** Who plays each agent, for a scoreboard: "AI v12", "Chaser", "You" (the second is '' in a one-agent drill). */
  readonly labels: readonly [string, string];
  /** Seconds since a new policy came into play (Infinity before the first). */
  readonly sinceSwap: number;
  /** The winner of the last episode that ended (0, 1, or null for neither) and seconds since (Infinity before the first). */
  readonly lastWinner: 0 | 1 | null;
  readonly sinceEpisodeEnd: number;
  /** The body being dragged in the sandbox (the drill's `bodies` index), or −1. */
  readonly dragging: number;
}

/**
 * Draws one env's `state` over the whole area, background included. It must
 * not keep the context or the state. In a definition the state is the show's
 * batch of one env (the drill reads its own fields off it).
 */
export type DrillDraw<State = Float64Array> = (ctx: OffscreenCanvasRenderingContext2D, state: State, size: DrillSize, theme: DrillTheme, frame: DrillFrame) => void;

/**
 * A `draw` that keeps something between frames: the state before a step (to
 * draw between steps), a background drawn once per size, a trail. The show
 * makes one per canvas (`painter()`), tells it of every step and every cut,
 * and draws through it.
 */
export interface DrillPainter<Batch extends VecEnv = VecEnv> {
  readonly draw: DrillDraw<Batch>;
  /** The batch was just stepped (one decision, or one tick in a drill the show ticks). */
  stepped?(batch: Batch): void;
  /** The state jumped (a reset, a new episode, a sandbox edit, a pause): show it as it is, no glide. */
  cut?(batch: Batch): void;
  /** Whether the picture still changes with the state unchanged (a fading banner): the show keeps drawing while paused. */
  animating?(frame: DrillFrame): boolean;
}

/**
 * Keys and touch buttons a person plays the drill with (`human_vs_ai`). Each
 * control is one bit; the arena sends the bits held, and `action` turns them
 * into the agent's action every decision.
 */
export interface DrillControls {
  /** KeyboardEvent.code → bit (codes, so a keyboard layout keeps the positions). */
  readonly keys: Readonly<Record<string, number>>;
  /** Touch buttons: a label and the bit it holds. Absent: keys only. */
  readonly touch?: readonly { readonly label: string; readonly bit: number }[];
  /** The action for the bits held (0 when nothing is); must be in 0…actionCount − 1. */
  action(bits: number): number;
  /** One line for the arena's help text, e.g. "← → push the cart". */
  readonly help: string;
}

/** A point on the show's canvas, in canvas pixels. */
export interface DrillPoint {
  readonly x: number;
  readonly y: number;
}

/** Bodies a person may drag in `sandbox` mode. */
export interface DrillBodies<Batch extends VecEnv = VecEnv> {
  /** The body under `at` (an index of the drill's choosing), or -1. */
  hit(batch: Batch, at: DrillPoint, size: DrillSize): number;
  /** Moves `body` to `at` (the drill keeps its state valid). */
  move(batch: Batch, body: number, at: DrillPoint, size: DrillSize): void;
}

/** What a drill recommends training it with: hyperparameters over the defaults, the trunk, the training options. */
export interface RecommendedTraining {
  readonly hyper: Readonly<Partial<Hyperparameters>>;
  readonly trunk: TrunkKind;
  readonly training: Readonly<TrainingOptions>;
}

/**
 * A drill. `info.agents` is 1 (the learner alone) or 2 (self-play: the
 * learner plays both sides, observations mirrored by the drill); `baselines`
 * are the scripted opponents of a two-agent drill (may be empty: self-play
 * starts at once) or, in a one-agent drill, the floor its figures are
 * measured from (`random`).
 */
export interface DrillDefinition<Batch extends VecEnv = VecEnv> extends EnvDefinition {
  /** A short name for people ("CartPole"); `info.id` names it for the code. */
  readonly title: string;
  createBatch(size: number): Batch;
  /** Draws the show's batch of one env. Absent (and no `painter`): the drill trains without a picture. */
  readonly draw?: DrillDraw<Batch>;
  /** Makes a painter for one canvas, a `draw` with memory; wins over `draw`. */
  readonly painter?: () => DrillPainter<Batch>;
  readonly controls?: DrillControls;
  readonly bodies?: DrillBodies<Batch>;
  readonly recommended?: RecommendedTraining;
}

/** Which drill a runtime runs: a built-in one by id, or a module by absolute URL. */
export type DrillSource = { readonly id: string; readonly src?: undefined } | { readonly src: string; readonly id?: undefined };
