// Soccer's show without a worker, on injected clocks: tick accounting,
// decisions, hot-swap at decision boundaries, refused weights, who plays in
// each mode, the human's input, sandbox edits and goals, reset, visibility,
// frame statistics, reconnecting after a training reset.
import { expect } from '@open-wc/testing';
import { DT, encodeAction, Move, PITCH_HALF_LENGTH, PLAYER_MAX_SPEED, Turn } from '../../src/sim/index.js';
import { worldToCanvas, pitchTransform } from '../../src/render/pitch-transform.js';
import { SoccerShow } from '../../src/show/soccer-show.js';
import { actionForInput, InputBit } from '../../src/show/human-input.js';
import { corruptPublished, eventLog, forcingParams, showChannel } from './show-fixtures.js';

const FORWARD = encodeAction(Move.FORWARD, Turn.NONE, false);
const BACK = encodeAction(Move.BACK, Turn.NONE, false);
const STRAFE_LEFT = encodeAction(Move.STRAFE_LEFT, Turn.NONE, false);
const STOP = encodeAction(Move.STOP, Turn.NONE, false);

/** A controller on a fake clock, its frames driven by the test. */
function controller() {
  let now = 1000;
  const frames = { started: 0, stopped: 0 };
  const show = new SoccerShow({
    now: () => now,
    frames: () => ({ start: () => void frames.started++, stop: () => void frames.stopped++ }),
  });
  return {
    show,
    frames,
    /** Advances the clock by `ms` in 60 Hz frames. */
    play(ms: number, frameMs = 1000 / 60) {
      show.frame(now);
      for (let t = frameMs; t <= ms + 1e-9; t += frameMs) show.frame(now + t);
      now += ms;
    },
    advanceClock(ms: number) {
      now += ms;
    },
  };
}

/** Ticks until the next decision boundary has been passed (the decision made on it). */
function toNextDecision(show: SoccerShow): void {
  do show.step();
  while (show.inspect().state.tick % 4 !== 1);
}

describe('soccer show', () => {
  it('runs 120·t·s ticks at speed s, nothing while paused, and single steps', async () => {
    for (const speed of [0.25, 1, 4]) {
      const { show, play } = controller();
      show.configure({ speed });
      play(2000);
      expect(show.inspect().ticks, `${speed}×`).to.be.closeTo(240 * speed, 1);
    }
    const { show, play } = controller();
    show.configure({ paused: true });
    play(1000);
    expect(show.inspect().ticks).to.equal(0);
    show.step();
    show.step();
    expect(show.inspect().ticks).to.equal(2);
    expect(show.inspect().state.tick).to.equal(2);
  });

  it('caps the ticks of one slow frame (4× at 10 fps runs in slow motion)', () => {
    const { show, play } = controller();
    show.configure({ speed: 4 });
    play(1000, 100);
    expect(show.inspect().ticks).to.equal(20 * 10);
  });

  it('adopts the first weights at the first decision and reports the swap with its latency', async () => {
    const { show } = controller();
    const { init, reader, publisher, layout } = showChannel();
    const events = eventLog();
    publisher.publish(0, forcingParams(layout, FORWARD), 1);
    await show.init(init, reader, events);
    show.configure({ paused: true });
    show.step();
    const seen = show.inspect();
    expect(seen.state.policyVersion).to.equal(1);
    expect(seen.heldActions[0]).to.equal(FORWARD);
    expect(seen.labels).to.deep.equal(['AI v1', 'Chaser']);
    expect(events.swaps).to.have.length(1);
    expect(events.swaps[0]!.policyVersion).to.equal(1);
    expect(events.swaps[0]!.previousVersion).to.equal(0);
    expect(events.swaps[0]!.latencyMs).to.be.within(0, 60_000);
    expect(events.states.at(-1)!.policyVersion).to.equal(1);
    expect(show.status()).to.deep.include({ role: 'render', channelsOpen: 1, policyVersion: 1 });
  });

  it('hot-swaps at the next decision boundary, only when the swap interval is due, with no jump in the match', async () => {
    const { show, advanceClock } = controller();
    const { init, reader, publisher, layout } = showChannel();
    const events = eventLog();
    publisher.publish(0, forcingParams(layout, FORWARD), 1);
    await show.init(init, reader, events);
    show.configure({ paused: true, swapIntervalMs: 1000 });
    for (let i = 0; i < 6; i++) show.step(); // mid-decision: tick 6
    expect(show.inspect().state.tick % 4).to.equal(2);

    publisher.publish(0, forcingParams(layout, BACK), 2);
    toNextDecision(show);
    expect(show.inspect().state.policyVersion, 'not looked for before the interval is up').to.equal(1);

    advanceClock(1000);
    show.step(); // tick 10: mid-decision, the weights wait
    expect(show.inspect().state.policyVersion).to.equal(1);
    expect(show.inspect().heldActions[0]).to.equal(FORWARD);
    const before = show.inspect();
    show.step(); // tick 11: still mid-decision
    show.step(); // tick 12 is the boundary: the decision for ticks 13–16 is made with v2
    const after = show.inspect();
    expect(after.state.policyVersion).to.equal(1, 'adopted at the boundary, not before it');
    show.step();
    const adopted = show.inspect();
    expect(adopted.state.policyVersion).to.equal(2);
    expect(adopted.heldActions[0]).to.equal(BACK);
    expect(events.swaps.at(-1)).to.deep.include({ policyVersion: 2, previousVersion: 1 });

    // No jump: the tick count carries on and bodies move at most their top speed per tick.
    expect(adopted.state.tick).to.equal(before.state.tick + 3);
    expect(adopted.state.score).to.deep.equal(before.state.score);
    for (const p of [0, 1] as const) {
      const moved = Math.hypot(adopted.bodies.players[p].x - after.bodies.players[p].x, adopted.bodies.players[p].y - after.bodies.players[p].y);
      expect(moved).to.be.at.most(PLAYER_MAX_SPEED * DT + 1e-9);
    }
  });

  it('refuses NaN weights, reports it as recovered, and keeps playing the last good ones', async () => {
    const { show } = controller();
    const { init, reader, publisher, layout } = showChannel();
    const events = eventLog();
    publisher.publish(0, forcingParams(layout, FORWARD, 11.5), 1);
    await show.init(init, reader, events);
    show.configure({ paused: true, swapIntervalMs: 0 });
    toNextDecision(show);
    publisher.publish(0, forcingParams(layout, BACK, 22.5), 2);
    corruptPublished(reader, 22.5);
    toNextDecision(show);
    toNextDecision(show);
    const seen = show.inspect();
    expect(seen.state.policyVersion).to.equal(1);
    expect(seen.heldActions[0]).to.equal(FORWARD);
    expect(events.errors).to.have.length(1);
    expect(events.errors[0]).to.deep.include({ code: 'weights-rejected', source: 'render', recovered: true });
    expect(events.errors[0]!.message).to.match(/non-finite/);

    publisher.publish(0, forcingParams(layout, STRAFE_LEFT, 33.5), 3);
    toNextDecision(show);
    expect(show.inspect().state.policyVersion).to.equal(3);
    expect(show.inspect().heldActions[0]).to.equal(STRAFE_LEFT);
  });

  it('plays the opponent the settings name: chaser, random, latest, a pool snapshot (latest while the pool is empty)', async () => {
    const { show } = controller();
    const { init, reader, publisher, layout } = showChannel();
    publisher.publish(0, forcingParams(layout, FORWARD), 4);
    await show.init(init, reader, eventLog());
    show.configure({ paused: true, swapIntervalMs: 0, opponent: 'latest' });
    toNextDecision(show);
    expect(show.inspect().labels).to.deep.equal(['AI v4', 'AI v4']);
    expect(show.inspect().heldActions).to.deep.equal([FORWARD, FORWARD]);

    show.configure({ opponent: 'pool' });
    toNextDecision(show);
    expect(show.inspect().labels[1], 'empty pool: the latest policy plays').to.equal('AI v4');

    publisher.publish(3, forcingParams(layout, BACK), 2);
    toNextDecision(show); // polls the pool
    show.configure({ opponent: 'latest' });
    show.configure({ opponent: 'pool' }); // draws from the pool now
    toNextDecision(show);
    const pool = show.inspect();
    expect(pool.labels).to.deep.equal(['AI v4', 'Pool v2']);
    expect(pool.opponentVersion).to.equal(2);
    expect(pool.heldActions).to.deep.equal([FORWARD, BACK]);

    show.configure({ opponent: 'random' });
    expect(show.inspect().labels[1]).to.equal('Random');
  });

  it('human_vs_ai: the keys drive the left player every tick, the latest policy plays right', async () => {
    const { show } = controller();
    const { init, reader, publisher, layout } = showChannel();
    publisher.publish(0, forcingParams(layout, STOP), 1);
    await show.init(init, reader, eventLog());
    show.configure({ mode: 'human_vs_ai', paused: true, swapIntervalMs: 0 });
    show.step();
    const start = show.inspect().bodies.players[0];
    show.setInput(InputBit.FORWARD);
    show.step(); // mid-decision: the key is read at once
    expect(show.inspect().heldActions).to.deep.equal([actionForInput(InputBit.FORWARD), STOP]);
    for (let i = 0; i < 30; i++) show.step();
    const end = show.inspect().bodies.players[0];
    const along = (end.x - start.x) * Math.cos(start.angle) + (end.y - start.y) * Math.sin(start.angle);
    expect(along, 'moved forward along its heading').to.be.greaterThan(0.3);
    const speedAlong = end.vx * Math.cos(end.angle) + end.vy * Math.sin(end.angle);
    expect(speedAlong).to.be.greaterThan(2);
    expect(show.inspect().labels).to.deep.equal(['You', 'AI v1']);
    expect(() => show.setInput(1024)).to.throw(RangeError);
  });

  it('sandbox: placing the ball in a goal mouth scores, with goal and episode-end events', async () => {
    const { show } = controller();
    const { init, reader } = showChannel();
    const events = eventLog();
    await show.init(init, reader, events);
    expect(() => show.place('ball', { x: 0, y: 0 })).to.throw(RangeError, /sandbox/);
    show.configure({ mode: 'sandbox', paused: true });
    show.place('ball', { x: PITCH_HALF_LENGTH - 0.1, y: 0, vx: 8, vy: 0 });
    for (let i = 0; i < 10 && events.goals.length === 0; i++) show.step();
    expect(events.goals).to.have.length(1);
    expect(events.goals[0]).to.deep.include({ side: 0 });
    expect(events.goals[0]!.score).to.deep.equal([1, 0]);
    expect(events.episodes[0]).to.deep.include({ winner: 0 });
    expect(show.inspect().state.score).to.deep.equal([1, 0]);
    expect(Math.abs(show.inspect().bodies.ball.x), 'the next kickoff').to.be.lessThan(2);
    expect(events.states.at(-1)!.score).to.deep.equal([1, 0]);
  });

  it('sandbox: the pointer grabs, carries and throws the ball through the shared transform', async () => {
    const { show, advanceClock } = controller();
    const canvas = document.createElement('canvas');
    show.attachCanvas(1, canvas, { width: 800, height: 500, dpr: 2 });
    expect([canvas.width, canvas.height]).to.deep.equal([1600, 1000]);
    show.configure({ mode: 'sandbox', paused: true });
    show.place('ball', { x: 2, y: 1 });
    const t = pitchTransform(800, 500);
    const grab = worldToCanvas(t, 2.1, 1);
    show.pointer(1, 'down', grab.x, grab.y);
    expect(show.inspect().dragging).to.equal('ball');
    for (let i = 1; i <= 5; i++) {
      advanceClock(10);
      const at = worldToCanvas(t, 2.1 - 0.05 * i, 1 + 0.1 * i);
      show.pointer(1, 'move', at.x, at.y);
    }
    const carried = show.inspect().bodies.ball;
    expect(carried.x).to.be.closeTo(1.75, 1e-6);
    expect(carried.y).to.be.closeTo(1.5, 1e-6);
    show.pointer(1, 'up', worldToCanvas(t, 1.85, 1.5).x, worldToCanvas(t, 1.85, 1.5).y);
    const thrown = show.inspect();
    expect(thrown.dragging).to.equal(null);
    expect(thrown.bodies.ball.vy, 'thrown with the pointer velocity (10 m/s up)').to.be.closeTo(10, 0.5);
    expect(thrown.bodies.ball.vx).to.be.closeTo(-5, 0.5);

    show.configure({ mode: 'ai_vs_ai' });
    show.pointer(1, 'down', grab.x, grab.y);
    expect(show.inspect().dragging, 'no dragging outside the sandbox').to.equal(null);
  });

  it('reset(seed) starts a 0–0 match with the same kickoff for the same seed', () => {
    const { show, play } = controller();
    show.reset(42);
    const first = show.inspect();
    play(500);
    show.reset(42);
    const again = show.inspect();
    expect(again.state).to.deep.include({ seed: 42, tick: 0 });
    expect(again.state.score).to.deep.equal([0, 0]);
    expect(again.bodies).to.deep.equal(first.bodies);
    show.reset();
    expect(show.inspect().state.seed).to.equal(43);
  });

  it('runs its frame loop only while the page is visible and one of its canvases is on screen', () => {
    const { show, frames } = controller();
    expect(show.inspect().running).to.equal(false);
    show.attachCanvas(1, document.createElement('canvas'), { width: 320, height: 200, dpr: 1 });
    show.attachCanvas(2, document.createElement('canvas'), { width: 320, height: 200, dpr: 1 });
    expect(show.inspect().running).to.equal(true);
    show.setCanvasVisible(1, false);
    expect(show.inspect().running).to.equal(true);
    show.setCanvasVisible(2, false);
    expect(show.inspect().running).to.equal(false);
    show.setCanvasVisible(2, true);
    show.setVisible(false);
    expect(show.inspect().running).to.equal(false);
    show.setVisible(true);
    show.detachCanvas(2);
    expect(show.inspect().running).to.equal(false);
    expect(frames).to.deep.equal({ started: 3, stopped: 3 });
  });

  it('draws only visible canvases, and nothing new while paused and unchanged', () => {
    const { show, play } = controller();
    show.attachCanvas(1, document.createElement('canvas'), { width: 320, height: 200, dpr: 1 });
    play(100);
    const drawn = show.inspect().framesDrawn;
    expect(drawn).to.be.greaterThan(4);
    show.configure({ paused: true });
    play(100);
    const paused = show.inspect().framesDrawn;
    expect(paused - drawn, 'one frame shows the pause').to.equal(1);
    play(100);
    expect(show.inspect().framesDrawn).to.equal(paused);
    show.setCanvasVisible(1, false);
    show.configure({ paused: false });
    play(100);
    expect(show.inspect().framesDrawn).to.equal(paused);
  });

  it('records frame intervals and work for benchmarks, and resets them on request', () => {
    const { show, play } = controller();
    play(1000);
    const stats = show.frameStats(true);
    expect(stats.intervals.length).to.be.within(59, 61);
    expect(stats.work).to.have.length(stats.intervals.length);
    for (const interval of stats.intervals) expect(interval).to.be.closeTo(1000 / 60, 1e-6);
    expect(show.frameStats().intervals).to.have.length(0);
  });

  it('reports at once after a command, with its revision, and the running tick at a few hertz', async () => {
    const { show, play } = controller();
    const { init, reader } = showChannel();
    const events = eventLog();
    await show.init(init, reader, events);
    show.configure({ speed: 2, opponent: 'random' }, 5);
    expect(events.states.at(-1)).to.deep.include({ revision: 5, tick: 0 });
    expect(show.inspect().state).to.deep.include({ speed: 2, opponent: 'random', mode: 'ai_vs_ai', paused: false });
    show.reset(11, 6);
    expect(events.states.at(-1)).to.deep.include({ revision: 6, seed: 11 });
    const before = events.states.length;
    play(2000);
    expect(events.states.length - before).to.be.within(3, 6);
    expect(events.states.at(-1)!.revision, 'reports between commands carry the last one').to.equal(6);
  });

  it('reconnects to a new channel with another network shape and keeps the match going', async () => {
    const { show } = controller();
    const first = showChannel();
    await show.init(first.init, first.reader, eventLog());
    first.publisher.publish(0, forcingParams(first.layout, FORWARD), 9);
    show.configure({ paused: true, swapIntervalMs: 0 });
    for (let i = 0; i < 10; i++) show.step();
    expect(show.inspect().state.policyVersion).to.equal(9);

    const second = showChannel({ hidden: [32] });
    const events = eventLog();
    second.publisher.publish(0, forcingParams(second.layout, BACK), 1);
    await show.init(second.init, second.reader, events);
    toNextDecision(show);
    const seen = show.inspect();
    expect(seen.state.tick, 'the match carried on').to.be.greaterThan(10);
    expect(seen.state.policyVersion).to.equal(1);
    expect(seen.heldActions[0]).to.equal(BACK);
    expect(events.swaps[0]).to.deep.include({ policyVersion: 1, previousVersion: 9 });
  });
});
