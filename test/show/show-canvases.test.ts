// The canvases every drill's show draws on: a painter per canvas, cut to the
// state when it is attached and told of every step; the loop runs only while
// the page is visible and a canvas is on screen; each frame is timed.
import { expect } from '@open-wc/testing';
import type { DrillDefinition, DrillFrame, DrillPainter } from '../../src/contract/drill.js';
import type { VecEnv } from '../../src/contract/env.js';
import { CUE_DRILL } from '../../src/drills/built-in.js';
import { DRILL_THEME } from '../../src/render/palette.js';
import { createDrillFrame } from '../../src/show/drill-frame.js';
import { ShowCanvases } from '../../src/show/show-canvases.js';

function recordingDrill() {
  const painters: { calls: string[]; dprs: number[] }[] = [];
  const drill: DrillDefinition = {
    ...CUE_DRILL,
    painter: (): DrillPainter => {
      const log = { calls: [] as string[], dprs: [] as number[] };
      painters.push(log);
      return {
        draw: (_ctx, _batch, _size, _theme, frame: DrillFrame) => {
          log.calls.push('draw');
          log.dprs.push(frame.dpr);
        },
        stepped: () => log.calls.push('stepped'),
        cut: () => log.calls.push('cut'),
        animating: (frame) => frame.sinceSwap < 1,
      };
    },
  };
  return { drill, painters };
}

describe('show canvases', () => {
  it('gives each canvas its own painter, cut at attach, told of steps and cuts, drawn at its own pixel ratio', () => {
    const { drill, painters } = recordingDrill();
    const canvases = new ShowCanvases<VecEnv>(drill, drill.createBatch(1), () => 0, () => ({ start() {}, stop() {} }), () => {}, () => {}, () => {});
    canvases.attach(1, new OffscreenCanvas(1, 1), { width: 100, height: 50, dpr: 1 });
    canvases.attach(2, new OffscreenCanvas(1, 1), { width: 100, height: 50, dpr: 2 });
    canvases.stepped();
    canvases.cut();
    canvases.paint(createDrillFrame(), DRILL_THEME, (error) => { throw error; });
    expect(painters.map((p) => p.calls)).to.deep.equal([['cut', 'stepped', 'cut', 'draw'], ['cut', 'stepped', 'cut', 'draw']]);
    expect(painters.map((p) => p.dprs[0])).to.deep.equal([1, 2]);
    expect(canvases.framesDrawn).to.equal(1);
    expect(canvases.dirty).to.equal(false);
    const frame = createDrillFrame();
    expect(canvases.animating(frame)).to.equal(false);
    frame.sinceSwap = 0.5;
    expect(canvases.animating(frame), "a painter's banner keeps the show drawing").to.equal(true);
  });

  it('runs the loop only while the page is visible and a canvas is on screen, and times each frame', () => {
    const { drill } = recordingDrill();
    let loop = 'stopped';
    const running: boolean[] = [];
    let clock = 0;
    const frames: number[] = [];
    const canvases = new ShowCanvases<VecEnv>(drill, drill.createBatch(1), () => clock, () => ({ start: () => (loop = 'started'), stop: () => (loop = 'stopped') }),
      (_now, sinceLast) => { frames.push(sinceLast ?? -1); clock += 2; }, (run) => running.push(run), () => {});
    canvases.attach(1, new OffscreenCanvas(1, 1), { width: 10, height: 10, dpr: 1 });
    expect(loop).to.equal('started');
    canvases.setCanvasVisible(1, false);
    expect(loop).to.equal('stopped');
    canvases.setCanvasVisible(1, true);
    canvases.setPageVisible(false);
    expect(loop).to.equal('stopped');
    canvases.setPageVisible(true);
    expect(running).to.deep.equal([true, false, true, false, true]);
    canvases.frame(100);
    canvases.frame(116);
    canvases.restartTiming();
    canvases.frame(150);
    expect(frames).to.deep.equal([-1, 16, -1]);
    const stats = canvases.frameStats();
    expect(stats.intervals).to.deep.equal([16]);
    expect(stats.work, "the first frame after a (re)start is not measured").to.deep.equal([2]);
  });
});
