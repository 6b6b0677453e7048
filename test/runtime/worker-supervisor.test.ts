// The worker supervisor on its own, with an injected clock and workers that
// are comlink endpoints on this page: a silent worker is lost after its
// allowance (and not before, however busy it said it would be), an error
// event loses it at once, its pending calls reject, a call past its deadline
// rejects without losing the worker, and the crash budget counts per role.
import { expect } from '@open-wc/testing';
import { expose } from 'comlink';
import type { Heartbeat, WorkerApi, WorkerFault, WorkerKind, WorkerStatus } from '../../src/contract/worker-api.js';
import type { SpawnedWorker } from '../../src/runtime/worker-spawn.js';
import { type SupervisorClock, type WorkerLoss, WorkerCallError, WorkerSupervisor } from '../../src/runtime/worker-supervisor.js';

class FakeClock implements SupervisorClock {
  time = 0;
  private timers: { at: number; run: () => void }[] = [];
  now(): number {
    return this.time;
  }
  every(): () => void {
    // Tests call supervisor.check() themselves.
    return () => undefined;
  }
  after(ms: number, run: () => void): () => void {
    const timer = { at: this.time + ms, run };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const timer of due) timer.run();
  }
}

interface TestApi extends WorkerApi {
  echo(x: number): number;
  never(): Promise<never>;
}

/** A "worker" on this page: comlink over a MessageChannel, with controls for its heartbeat. */
function fakeWorker(role: WorkerKind, index: number) {
  const channel = new MessageChannel();
  const control = { answer: true, busyMs: 0, terminated: false };
  const api: TestApi = {
    status: (): WorkerStatus => ({ role, index, channelsOpen: 0, policyVersion: 0, chunks: 0 }),
    // Over comlink a method may answer with a promise; this one never settles while the worker is "silent".
    heartbeat: (): Heartbeat => (control.answer ? { busyMs: control.busyMs } : (new Promise<Heartbeat>(() => undefined) as unknown as Heartbeat)),
    fault: (_kind: WorkerFault) => undefined,
    echo: (x) => x,
    never: () => new Promise<never>(() => undefined),
  };
  expose(api, channel.port2);
  channel.port1.start();
  const spawned: SpawnedWorker = {
    worker: channel.port1 as unknown as Worker,
    role,
    index,
    get terminated() {
      return control.terminated;
    },
    terminate() {
      control.terminated = true;
      channel.port1.close();
    },
  };
  return { spawned, control };
}

const turns = async (n = 5): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

function setup(options: { deaths?: number } = {}) {
  const clock = new FakeClock();
  const made: ReturnType<typeof fakeWorker>[] = [];
  const losses: WorkerLoss[] = [];
  const supervisor = new WorkerSupervisor(
    (role, index) => {
      const worker = fakeWorker(role, index);
      made.push(worker);
      return worker.spawned;
    },
    (_worker, loss) => losses.push(loss),
    { heartbeatMs: 100, silenceMs: 1000, callMs: 5000, crashBudget: { deaths: options.deaths ?? 2, windowMs: 10_000 }, clock },
  );
  /** One heartbeat period: check, then let the answers arrive. */
  const beat = async (ms = 100): Promise<void> => {
    clock.advance(ms);
    supervisor.check();
    await turns();
  };
  return { clock, supervisor, made, losses, beat };
}

describe('worker supervisor', () => {
  it('keeps a worker that answers, and loses a silent one after its allowance, rejecting what waits on it', async () => {
    const { supervisor, made, losses, beat } = setup();
    const worker = supervisor.spawn<TestApi>('rollout', 0);
    worker.watch();
    made[0]!.control.busyMs = 0;
    for (let i = 0; i < 30; i++) await beat();
    expect(worker.alive, 'answering for 3 s').to.equal(true);
    expect(await worker.call('echo', (api) => api.echo(7))).to.equal(7);

    const waiting = worker.call('a call that waits', (api) => api.never()).then(() => null, (error: unknown) => error);
    made[0]!.control.answer = false;
    for (let i = 0; i < 10; i++) await beat();
    expect(worker.alive, 'silent for 1.0 s: the allowance is not over yet').to.equal(true);
    for (let i = 0; i < 3; i++) await beat();
    expect(worker.alive).to.equal(false);
    expect(losses.map((l) => l.cause)).to.deep.equal(['silent']);
    expect(losses[0]!.detectionMs).to.be.within(1000, 1400);
    const error = await waiting;
    expect(error).to.be.instanceOf(WorkerCallError);
    expect((error as WorkerCallError).message).to.match(/rollout worker 0 was lost/);
    expect(made[0]!.control.terminated).to.equal(true);
    expect(supervisor.count).to.equal(0);
  });

  it('gives a busy worker as long as it said it would be busy', async () => {
    const { supervisor, made, beat } = setup();
    const worker = supervisor.spawn<TestApi>('trainer', 0);
    worker.watch();
    made[0]!.control.busyMs = 5000;
    await beat();
    await beat();
    expect(worker.busyMs).to.equal(5000);
    made[0]!.control.answer = false;
    for (let i = 0; i < 50; i++) await beat();
    expect(worker.alive, '5 s into a step it said takes 5 s').to.equal(true);
    for (let i = 0; i < 15; i++) await beat();
    expect(worker.alive, 'past 5 s + 1 s').to.equal(false);
  });

  it('is not watched before it has started (a worker busy starting is not hung)', async () => {
    const { supervisor, made, beat } = setup();
    const worker = supervisor.spawn<TestApi>('render', 0);
    made[0]!.control.answer = false;
    for (let i = 0; i < 100; i++) await beat();
    expect(worker.alive).to.equal(true);
  });

  it('loses a worker at once on an error event, and says so in the call that waited', async () => {
    const { supervisor, made, losses } = setup();
    const worker = supervisor.spawn<TestApi>('rollout', 1);
    worker.watch();
    const waiting = worker.call('a call that waits', (api) => api.never()).catch((error: Error) => error.message);
    (made[0]!.spawned.worker as unknown as EventTarget).dispatchEvent(new ErrorEvent('error', { message: 'boom' }));
    expect(losses).to.have.length(1);
    expect(losses[0]).to.deep.include({ role: 'rollout', index: 1, cause: 'crashed', detectionMs: 0 });
    expect(losses[0]!.reason).to.match(/boom/);
    expect(await waiting).to.match(/boom/);
    expect(await worker.call('after', (api) => api.echo(1)).catch((e: Error) => e.message)).to.match(/was lost/);
  });

  it('rejects a call past its deadline without losing the worker', async () => {
    const { supervisor, clock } = setup();
    const worker = supervisor.spawn<TestApi>('trainer', 0);
    worker.watch();
    const waiting = worker.call('a slow call', (api) => api.never(), 2000).catch((error: Error) => error.message);
    clock.advance(1999);
    await turns();
    clock.advance(2);
    expect(await waiting).to.match(/did not answer within 2\.0 s/);
    expect(worker.alive).to.equal(true);
  });

  it('keeps a crash budget per role over a window', () => {
    const { supervisor, clock } = setup({ deaths: 2 });
    expect(supervisor.withinBudget('trainer')).to.equal(true);
    expect(supervisor.withinBudget('trainer')).to.equal(true);
    expect(supervisor.withinBudget('rollout'), 'another role has its own budget').to.equal(true);
    expect(supervisor.withinBudget('trainer'), 'a third loss within 10 s').to.equal(false);
    clock.advance(10_001);
    expect(supervisor.withinBudget('trainer'), 'the window moved on').to.equal(true);
    expect(supervisor.losses).to.deep.equal({ render: 0, trainer: 4, rollout: 1, gradient: 0 });
  });

  it('terminates every worker on dispose; calls waiting reject', async () => {
    const { supervisor, made } = setup();
    const worker = supervisor.spawn<TestApi>('rollout', 0);
    const waiting = worker.call('a call that waits', (api) => api.never()).catch((error: Error) => error.message);
    supervisor.dispose();
    expect(made[0]!.control.terminated).to.equal(true);
    expect(await waiting).to.match(/was stopped/);
  });
});
