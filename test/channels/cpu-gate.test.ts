// The CPU gate: with turns on, two workers' work never overlaps and alternates;
// a lost holder is overtaken; rest sleeps a share of the work; a foreign buffer is refused.
import { expect } from '@open-wc/testing';
import { CpuGate, createCpuGateBuffer, cpuGateMode, setCpuGateMode, STALE_HOLD_MS } from '../../src/channels/cpu-gate.js';
import { LayoutMismatchError } from '../../src/channels/channel-descriptor.js';
import { sleep } from '../../src/channels/wait.js';

async function busy(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) await sleep(1);
}

describe('cpu gate', function () {
  this.timeout(20_000);

  it('with turns on, pieces of work do not overlap and the token alternates', async () => {
    const buffer = createCpuGateBuffer({ turns: true, rest: 0 });
    const log: string[] = [];
    let inside = 0;
    let overlapped = false;
    const worker = async (name: string, id: number) => {
      const gate = new CpuGate(buffer, id);
      for (let i = 0; i < 5; i++) {
        await gate.enter();
        if (++inside > 1) overlapped = true;
        log.push(name);
        await busy(5);
        inside--;
        await gate.leave();
      }
    };
    await Promise.all([worker('a', 1), worker('b', 2)]);
    expect(overlapped).to.equal(false);
    const switches = log.slice(1).filter((name, i) => name !== log[i]).length;
    expect(switches).to.be.at.least(7);
  });

  it('with turns off, work goes through at once', async () => {
    const buffer = createCpuGateBuffer();
    const a = new CpuGate(buffer, 1);
    const b = new CpuGate(buffer, 2);
    await a.enter();
    const started = performance.now();
    await b.enter();
    expect(performance.now() - started).to.be.below(20);
  });

  it('a holder that never leaves (a lost worker) is overtaken', async () => {
    const buffer = createCpuGateBuffer({ turns: true, rest: 0 });
    await new CpuGate(buffer, 1).enter();
    const started = performance.now();
    await new CpuGate(buffer, 2).enter();
    expect(performance.now() - started).to.be.within(STALE_HOLD_MS - 50, STALE_HOLD_MS + 500);
  });

  it('turning turns off frees a waiting worker at once', async () => {
    const buffer = createCpuGateBuffer({ turns: true, rest: 0 });
    await new CpuGate(buffer, 1).enter();
    const started = performance.now();
    const waiting = new CpuGate(buffer, 2).enter();
    await sleep(30);
    setCpuGateMode(buffer, { turns: false, rest: 0 });
    await waiting;
    expect(performance.now() - started).to.be.below(300);
  });

  it('rest sleeps its share of the work time after each piece', async () => {
    const buffer = createCpuGateBuffer({ turns: false, rest: 0.5 });
    expect(cpuGateMode(buffer)).to.deep.equal({ turns: false, rest: 0.5 });
    const gate = new CpuGate(buffer, 1);
    await gate.enter();
    await busy(20);
    const left = performance.now();
    await gate.leave();
    expect(performance.now() - left).to.be.within(15, 60);
    expect(() => setCpuGateMode(buffer, { turns: false, rest: 1 })).to.throw(RangeError);
  });

  it('refuses a buffer that is not a gate', () => {
    expect(() => new CpuGate(new SharedArrayBuffer(32), 1)).to.throw(LayoutMismatchError);
    expect(() => new CpuGate(createCpuGateBuffer(), 0)).to.throw(RangeError);
  });
});
