import { expect } from '@open-wc/testing';
import { ShowClock } from '../../src/show/show-clock.js';

/** Drives a clock with an injected time source: `seconds` of frames every `frameMs`. */
function run(clock: ShowClock, seconds: number, frameMs: number, startMs = 1000): number {
  let ticks = clock.frame(startMs);
  const frames = Math.round((seconds * 1000) / frameMs);
  for (let i = 1; i <= frames; i++) ticks += clock.frame(startMs + i * frameMs);
  return ticks;
}

describe('show clock (fixed 120 Hz timestep, injected clock)', () => {
  for (const speed of [0.25, 1, 2, 4]) {
    it(`runs 120·t·s ticks: 10 s at ${speed}× and 60 fps`, () => {
      const clock = new ShowClock();
      clock.speed = speed;
      expect(run(clock, 10, 1000 / 60)).to.be.closeTo(120 * 10 * speed, 1);
    });
  }

  it('is exact at uneven frame intervals too', () => {
    const clock = new ShowClock();
    let ticks = clock.frame(0);
    let t = 0;
    for (let i = 0; i < 600; i++) {
      t += 7 + (i % 5) * 3; // 7…19 ms
      ticks += clock.frame(t);
    }
    expect(ticks).to.be.closeTo((120 * t) / 1000, 1);
  });

  it('caps ticks per frame: 4× at 10 fps degrades to slow motion instead of spiralling', () => {
    const clock = new ShowClock();
    clock.speed = 4;
    clock.frame(0);
    const perFrame = clock.frame(100);
    expect(perFrame).to.equal(20);
    expect(run(clock, 5, 100, 100)).to.equal(20 * 50);
  });

  it('clamps a long frame (a hidden tab coming back) to 0.25 s', () => {
    const clock = new ShowClock();
    clock.frame(0);
    expect(clock.frame(5000)).to.equal(20); // 0.25 s × 120 = 30, then the per-frame cap
    const slow = new ShowClock({ tickHz: 120, maxFrameDelta: 0.25, maxTicksPerFrame: 100 });
    slow.frame(0);
    expect(slow.frame(5000)).to.equal(30);
  });

  it('runs nothing while paused, and resumes without a jump after resync()', () => {
    const clock = new ShowClock();
    clock.frame(0);
    clock.paused = true;
    expect(run(clock, 2, 16, 0)).to.equal(0);
    expect(clock.alpha).to.equal(0);
    clock.paused = false;
    clock.resync();
    expect(clock.frame(9000)).to.equal(0);
    expect(clock.frame(9000 + 1000 / 60)).to.equal(2);
  });

  it('reports the interpolation fraction between ticks', () => {
    const clock = new ShowClock();
    clock.frame(0);
    clock.frame(12.5); // 1.5 ticks
    expect(clock.alpha).to.be.closeTo(0.5, 1e-9);
  });
});
