/**
 * Soccer's painter (its drill's `painter`, src/contract/drill.ts), one per
 * canvas: the pitch, cached in a layer of the canvas's size and redrawn only
 * on resize; the bodies, drawn `frame.alpha` of the way between the state
 * before the last tick and the state now, so motion is smooth at any display
 * rate and speed; and the HUD from the frame (score, names with the policy
 * version, time left, badges, goal banner, new-policy toast).
 */
import type { DrillFrame, DrillPainter, DrillSize } from '../contract/drill.js';
import { createRenderState, readBodies } from '../sim/match.js';
import type { SoccerBatch } from '../sim/soccer-batch.js';
import { paintBall, paintPlayer } from './bodies.js';
import { hudAnimating, paintHud } from './hud.js';
import { PALETTE } from './palette.js';
import { paintPitch } from './pitch-layer.js';
import { type PitchTransform, pitchTransform } from './pitch-transform.js';
import { preferCpuRaster } from './raster-mode.js';
import { copyRenderState, createScene, interpolateRenderState, type Scene, SOCCER_BODIES } from './scene.js';

type Ctx = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

export class SoccerPainter implements DrillPainter<SoccerBatch> {
  private readonly prev = createRenderState();
  private readonly curr = createRenderState();
  private readonly scene = createScene();
  private readonly cpuRaster = preferCpuRaster();
  private episode = -1;
  private layer: OffscreenCanvas | null = null;

  stepped(batch: SoccerBatch): void {
    copyRenderState(this.curr, this.prev);
    readBodies(batch, this.curr);
    // A kickoff is a cut, not a glide back to the centre.
    if (batch.episodeId[0] !== this.episode) this.cut(batch);
  }

  cut(batch: SoccerBatch): void {
    readBodies(batch, this.curr);
    copyRenderState(this.curr, this.prev);
    this.episode = batch.episodeId[0]!;
  }

  animating(frame: DrillFrame): boolean {
    return hudAnimating(this.fillScene(frame));
  }

  readonly draw = (ctx: OffscreenCanvasRenderingContext2D, _batch: SoccerBatch, size: DrillSize, _theme: unknown, frame: DrillFrame): void => {
    const r = frame.dpr;
    const width = size.width / r;
    const height = size.height / r;
    const view = pitchTransform(width, height);
    const scene = this.fillScene(frame);
    interpolateRenderState(this.prev, this.curr, frame.alpha, scene.bodies);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.staticLayer(size, view, r), 0, 0);

    toWorld(ctx, view, r);
    const { bodies } = scene;
    paintBall(ctx, bodies.ball, scene.dragging === 'ball');
    paintPlayer(ctx, bodies.players[0], PALETTE.teams[0], scene.dragging === 'left');
    paintPlayer(ctx, bodies.players[1], PALETTE.teams[1], scene.dragging === 'right');

    ctx.setTransform(r, 0, 0, r, 0, 0);
    paintHud(ctx, scene, width, height, view);
  };

  /** The HUD's part of the scene, from the frame. */
  private fillScene(frame: DrillFrame): Scene {
    const scene = this.scene;
    scene.mode = frame.mode;
    scene.paused = frame.paused;
    scene.speed = frame.speed;
    [scene.labels[0], scene.labels[1]] = frame.labels;
    scene.dragging = SOCCER_BODIES[frame.dragging] ?? null;
    // Soccer's episodes end in a goal (a winner) or at the time limit (none: no banner).
    scene.goalSide = frame.lastWinner ?? 0;
    scene.goalAge = frame.lastWinner === null ? Infinity : frame.sinceEpisodeEnd;
    scene.swapVersion = frame.policyVersion;
    scene.swapAge = frame.sinceSwap;
    scene.bodies.score[0] = frame.score[0];
    scene.bodies.score[1] = frame.score[1];
    return scene;
  }

  private staticLayer(size: DrillSize, view: PitchTransform, r: number): OffscreenCanvas {
    if (this.layer && this.layer.width === size.width && this.layer.height === size.height) return this.layer;
    const layer = new OffscreenCanvas(size.width, size.height);
    const ctx = layer.getContext('2d', { willReadFrequently: this.cpuRaster })!;
    const gradient = ctx.createRadialGradient(layer.width / 2, layer.height / 2, 0, layer.width / 2, layer.height / 2, Math.hypot(layer.width, layer.height) / 2);
    gradient.addColorStop(0, PALETTE.surround);
    gradient.addColorStop(1, PALETTE.surroundEdge);
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, layer.width, layer.height);
    toWorld(ctx, view, r);
    paintPitch(ctx);
    this.layer = layer;
    return layer;
  }
}

/** Maps world metres (y up) onto the backing store. */
function toWorld(ctx: Ctx, t: PitchTransform, r: number): void {
  ctx.setTransform(r * t.scale, 0, 0, -r * t.scale, r * t.originX, r * t.originY);
}
