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
 * Draws one env's `state` over the whole area, background included. It must
 * not keep the context or the state. In a definition the state is the show's
 * batch of one env (the drill reads its own fields off it).
 */
export type DrillDraw<State = Float64Array> = (ctx: OffscreenCanvasRenderingContext2D, state: State, size: DrillSize, theme: DrillTheme) => void;

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
  /** Draws the show's batch of one env. Absent: the drill trains without a picture. */
  readonly draw?: DrillDraw<Batch>;
  readonly controls?: DrillControls;
  readonly bodies?: DrillBodies<Batch>;
  readonly recommended?: RecommendedTraining;
}

/** Which drill a runtime runs: a built-in one by id, or a module by absolute URL. */
export type DrillSource = { readonly id: string; readonly src?: undefined } | { readonly src: string; readonly id?: undefined };
