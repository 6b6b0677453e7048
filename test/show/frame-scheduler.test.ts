import { expect } from '@open-wc/testing';
import { FrameScheduler, type RafScope } from '../../src/show/frame-scheduler.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A requestAnimationFrame that answers after `delayMs` (never when null; a function of the request's index), counting requests. */
function fakeRaf(delayMs: number | null | ((request: number) => number)): RafScope & { requests: number } {
  const pending = new Map<number, ReturnType<typeof setTimeout>>();
  let next = 1;
  const scope = {
    requests: 0,
    requestAnimationFrame(callback: (now: number) => void): number {
      scope.requests++;
      const handle = next++;
      const delay = typeof delayMs === 'function' ? delayMs(scope.requests) : delayMs;
      if (delay !== null) pending.set(handle, setTimeout(() => callback(performance.now()), delay));
      return handle;
    },
    cancelAnimationFrame(handle: number): void {
      clearTimeout(pending.get(handle));
      pending.delete(handle);
    },
  };
  return scope;
}

/** Frames delivered in `ms` by a scheduler over `scope`. */
async function framesIn(ms: number, scope: RafScope): Promise<number> {
  let frames = 0;
  const scheduler = new FrameScheduler(() => frames++, scope);
  scheduler.start();
  await sleep(ms);
  scheduler.stop();
  return frames;
}

describe('frame scheduler', () => {
  it('runs at about 60 Hz from a timer where the worker has no requestAnimationFrame', async () => {
    const frames = await framesIn(600, {});
    expect(frames).to.be.within(24, 40);
  });

  it('keeps frames coming when animation frames never arrive (a background tab)', async () => {
    const frames = await framesIn(600, fakeRaf(null));
    expect(frames).to.be.within(24, 40);
  });

  it('draws on animation frames while they come on time', async () => {
    const raf = fakeRaf(8);
    const frames = await framesIn(300, raf);
    expect(frames).to.be.greaterThan(15);
    expect(raf.requests).to.be.closeTo(frames, 1);
  });

  it('follows a slower display (a 30 fps battery-saver cap) instead of filling in frames', async () => {
    const raf = fakeRaf(33);
    const frames = await framesIn(600, raf);
    expect(frames).to.be.within(12, 20);
    expect(raf.requests).to.be.closeTo(frames, 1);
  });

  it('switches to a steady timer when animation frames keep coming late (a starved compositor)', async () => {
    // On time at first (the display's period is learnt), then starved.
    const raf = fakeRaf((request) => (request <= 6 ? 16 : 45));
    const frames = await framesIn(600, raf);
    expect(frames, 'frames at the timer rate, not every 45 ms').to.be.greaterThan(24);
    expect(raf.requests, 'stops asking for animation frames after a late streak').to.be.at.most(12);
  });

  it('delivers nothing after stop()', async () => {
    let frames = 0;
    const scheduler = new FrameScheduler(() => frames++, fakeRaf(5));
    scheduler.start();
    await sleep(50);
    scheduler.stop();
    const atStop = frames;
    await sleep(100);
    expect(frames).to.equal(atStop);
  });
});
