/**
 * The render worker's diagnostics, beside its control API
 * (src/contract/worker-api.ts): what it reports about its show for tests
 * and tools (inspect), and how a script places a body in the sandbox
 * (place). Kept out of the contract because they speak of soccer's bodies.
 */
import type { ShowState } from '../contract/show.js';
import type { RenderWorkerApi } from '../contract/worker-api.js';
import type { BodyId } from '../render/scene.js';
import type { RenderState } from '../sim/match.js';
import type { ShowSettings } from '../contract/show.js';
import type { CanvasReport } from './show-canvases.js';

export type { BodyId };

export interface ShowInspection {
  readonly state: ShowState;
  /** The world after the latest tick. */
  readonly bodies: RenderState;
  /** Actions the players hold now: [left, right]. */
  readonly heldActions: readonly [number, number];
  /** The human's held controls (src/show/human-input.ts bits). */
  readonly inputBits: number;
  /** Scoreboard names: [left, right]. */
  readonly labels: readonly [string, string];
  /** Policy version the right player plays with (0 for a scripted opponent). */
  readonly opponentVersion: number;
  /** Ticks run since the worker started. */
  readonly ticks: number;
  /** Frames drawn on any canvas since the worker started. */
  readonly framesDrawn: number;
  /** A change (tick, edit, setting, resize) waits for the next frame to be drawn. */
  readonly drawPending: boolean;
  /** Whether the frame loop runs (page visible and a canvas on screen). */
  readonly running: boolean;
  /** The body being dragged in the sandbox. */
  readonly dragging: BodyId | null;
  readonly canvases: readonly CanvasReport[];
}

/** What a test or tool can ask a drill's show (the soccer show answers ShowInspection). */
export interface DrillShowInspection {
  readonly drill: string;
  readonly settings: ShowSettings;
  readonly seed: number;
  readonly policyVersion: number;
  /** [successes, other endings] for one agent; [agent 0 wins, agent 1 wins] for two. */
  readonly score: readonly [number, number];
  readonly decisions: number;
  readonly episodeStep: number;
  readonly framesDrawn: number;
  readonly running: boolean;
  /** Whether the person plays (human_vs_ai with controls). */
  readonly humanPlays: boolean;
  readonly inputBits: number;
  /** Canvases by id with their CSS size. */
  readonly canvases: readonly { readonly id: number; readonly width: number; readonly height: number; readonly visible: boolean }[];
}

/** Where a sandbox edit puts a body: world metres, m/s, and a heading in world radians for players (kept if omitted). */
export interface BodyPose {
  readonly x: number;
  readonly y: number;
  readonly vx?: number;
  readonly vy?: number;
  readonly angle?: number;
}

/** Diagnostics the render worker answers besides {@link RenderWorkerApi}. */
export interface ShowDiagnosticsApi {
  /** Sandbox edit: puts a body at a pose (world metres, m/s, radians). Throws outside the sandbox. */
  place(body: BodyId, pose: BodyPose): void;
  /** The soccer show's state, world and drawing. */
  inspect(): ShowInspection;
  /** The same of another drill's show (src/show/drill-show.ts). */
  inspectDrill(): DrillShowInspection;
}

/** Everything the render worker answers. */
export type RenderWorkerFullApi = RenderWorkerApi & ShowDiagnosticsApi;
