/**
 * The worker supervisor: starts the runtime's workers and watches them. A
 * worker is lost when it fires an error event (an uncaught error), or when
 * it stops answering its heartbeat — which is how a worker that closed
 * itself, was killed by the browser, or hangs in an endless loop looks
 * from the page. Every call to a worker has a deadline, and a lost worker's
 * pending calls reject at once with a clear error, so nothing waits forever.
 *
 * A healthy worker may be busy for a while (a large minibatch, a long
 * chunk): each heartbeat answer says how long it expects to be busy next
 * (Heartbeat.busyMs, from what it measured), and the supervisor adds that
 * to its base allowance, so a slow step is never taken for a hang.
 *
 * What happens after a loss — a replacement, a report — is the owner's
 * decision (`onLost`); the supervisor keeps each role's crash budget.
 */
import { type Remote, wrap } from 'comlink';
import type { WorkerApi, WorkerKind } from '../contract/worker-api.js';
import { type SpawnedWorker, spawnWorker } from './worker-spawn.js';

/** Why a worker was given up. */
export interface WorkerLoss {
  readonly role: WorkerKind;
  readonly index: number;
  /** `crashed`: an error event; `silent`: it stopped answering (closed, killed or hung). */
  readonly cause: 'crashed' | 'silent';
  /** What the page saw, in words. */
  readonly reason: string;
  /** Time from the last sign of life to the loss being noticed, ms (0 for an error event). */
  readonly detectionMs: number;
}

/** What a worker is allowed before its first heartbeat answer says how busy it is, ms. */
export const COLD_START_ALLOWANCE_MS = 3000;

/** A call that could not be answered: the worker was lost, or it missed its deadline. */
export class WorkerCallError extends Error {
  constructor(message: string, readonly loss: WorkerLoss | null) {
    super(message);
    this.name = 'WorkerCallError';
  }
}

/** Kinds of worker replaced after a loss, within a crash budget (the calibration probe never is: its loss is its call's failure). */
export type ReplacedKind = Exclude<WorkerKind, 'calibration'>;

/** Timers and a clock, injectable for tests. */
export interface SupervisorClock {
  now(): number;
  every(ms: number, run: () => void): () => void;
  after(ms: number, run: () => void): () => void;
}

const REAL_CLOCK: SupervisorClock = {
  now: () => performance.now(),
  every: (ms, run) => {
    const id = setInterval(run, ms);
    return () => clearInterval(id);
  },
  after: (ms, run) => {
    const id = setTimeout(run, ms);
    return () => clearTimeout(id);
  },
};

export interface SupervisorOptions {
  /** How often each worker is asked for a heartbeat, ms. */
  readonly heartbeatMs?: number;
  /** How long an unanswered heartbeat may wait, beyond the worker's own busy estimate, before the worker counts as lost, ms. */
  readonly silenceMs?: number;
  /** Deadline of a call that names none, ms (the worker's busy estimate is added). */
  readonly callMs?: number;
  /** More than `deaths` losses of one role within `windowMs` exhaust its budget: no more replacements. */
  readonly crashBudget?: { readonly deaths: number; readonly windowMs: number };
  readonly clock?: SupervisorClock;
}

export const SUPERVISOR_DEFAULTS = Object.freeze({
  heartbeatMs: 250,
  silenceMs: 1500,
  callMs: 15_000,
  crashBudget: Object.freeze({ deaths: 3, windowMs: 60_000 }),
});

/** Starts a worker for a role (the real one spawns `drill.js`; tests may start fixtures). */
export type WorkerStarter = (role: WorkerKind, index: number) => SpawnedWorker;

/** One worker under supervision: its comlink API, called through deadlines. */
export class SupervisedWorker<Api extends WorkerApi> {
  readonly api: Remote<Api>;
  /** Settles when the worker ends: with its loss, or null when it was terminated on purpose. */
  readonly ended: Promise<WorkerLoss | null>;
  #loss: WorkerLoss | null = null;
  #end!: (loss: WorkerLoss | null) => void;
  #watching = false;
  /** When the unanswered heartbeat was sent (null: none outstanding). */
  #pingSentAt: number | null = null;
  #lastAnswer: number;
  /** Until its first heartbeat answer a worker may be starting its first work (e.g. right after init): allow a cold start. */
  #busyMs = COLD_START_ALLOWANCE_MS;

  constructor(readonly spawned: SpawnedWorker, private readonly supervisor: WorkerSupervisor) {
    this.api = wrap<Api>(spawned.worker);
    this.ended = new Promise((resolve) => {
      this.#end = resolve;
    });
    this.#lastAnswer = supervisor.clock.now();
  }

  get role(): WorkerKind {
    return this.spawned.role;
  }

  get index(): number {
    return this.spawned.index;
  }

  /** What the page calls this worker in messages. */
  get name(): string {
    return `${this.role} worker ${this.index}`;
  }

  get alive(): boolean {
    return this.#loss === null && !this.spawned.terminated;
  }

  get loss(): WorkerLoss | null {
    return this.#loss;
  }

  /** The worker's own estimate of how long it may be busy, ms (from its last heartbeat). */
  get busyMs(): number {
    return this.#busyMs;
  }

  /**
   * Calls the worker. Resolves with its answer; rejects with a
   * WorkerCallError when the worker is lost first or `deadlineMs` (default:
   * the supervisor's, plus the worker's busy estimate) passes.
   */
  call<T>(what: string, invoke: (api: Remote<Api>) => Promise<T> | T, deadlineMs?: number): Promise<T> {
    if (!this.alive) return Promise.reject(this.lostError(what));
    const limit = deadlineMs ?? this.supervisor.callMs + this.#busyMs;
    return new Promise<T>((resolve, reject) => {
      const cancel = this.supervisor.clock.after(limit, () => reject(new WorkerCallError(`${what}: the ${this.name} did not answer within ${(limit / 1000).toFixed(1)} s.`, null)));
      void this.ended.then(() => {
        cancel();
        reject(this.lostError(what));
      });
      Promise.resolve()
        .then(() => invoke(this.api))
        .then(
          (value) => {
            cancel();
            resolve(value);
          },
          (error: unknown) => {
            cancel();
            reject(error);
          },
        );
    });
  }

  /** Ends the worker on purpose (not a loss): what waits on it rejects. */
  terminate(): void {
    this.supervisor.forget(this);
    this.spawned.terminate();
    this.#end(null);
  }

  /** Whether heartbeats have started (the worker finished starting). */
  get watched(): boolean {
    return this.#watching;
  }

  /** Starts heartbeats (after init: a worker busy starting is not hung). */
  watch(): void {
    if (this.#watching || !this.alive) return;
    this.#watching = true;
    this.#lastAnswer = this.supervisor.clock.now();
  }

  /** Called each heartbeat period, after the messages already queued have been handled. */
  checkHeartbeat(now: number): void {
    if (!this.#watching || !this.alive) return;
    if (this.#pingSentAt !== null) {
      const allowance = this.supervisor.silenceMs + this.#busyMs;
      if (now - this.#pingSentAt > allowance) {
        const silent = now - this.#lastAnswer;
        this.declareLost('silent', `it stopped answering for ${(silent / 1000).toFixed(1)} s (it closed, was stopped by the browser, or hangs)`, silent);
      }
      return;
    }
    this.#pingSentAt = now;
    this.api.heartbeat().then(
      (beat) => {
        this.#pingSentAt = null;
        this.#lastAnswer = this.supervisor.clock.now();
        this.#busyMs = Number.isFinite(beat.busyMs) && beat.busyMs > 0 ? beat.busyMs : 0;
      },
      () => undefined,
    );
  }

  /** Gives the worker up: terminates it and rejects what waits on it. */
  declareLost(cause: WorkerLoss['cause'], reason: string, detectionMs = 0): void {
    if (this.#loss) return;
    this.#loss = { role: this.role, index: this.index, cause, reason, detectionMs };
    this.spawned.terminate();
    this.supervisor.forget(this);
    this.#end(this.#loss);
    this.supervisor.onLost(this, this.#loss);
  }

  private lostError(what: string): WorkerCallError {
    const loss = this.#loss;
    return new WorkerCallError(`${what}: the ${this.name} ${loss ? `was lost (${loss.reason}).` : 'was stopped.'}`, loss);
  }
}

export class WorkerSupervisor {
  readonly clock: SupervisorClock;
  readonly heartbeatMs: number;
  readonly silenceMs: number;
  readonly callMs: number;
  readonly crashBudget: { readonly deaths: number; readonly windowMs: number };
  /** Losses per role so far (telemetry's restart counts come from the replacements made for them). */
  readonly losses: Record<ReplacedKind, number> = { render: 0, trainer: 0, rollout: 0, gradient: 0 };
  readonly #workers = new Set<SupervisedWorker<WorkerApi>>();
  readonly #recentLosses: Record<ReplacedKind, number[]> = { render: [], trainer: [], rollout: [], gradient: [] };
  readonly #stopTicking: () => void;
  /** Checks run after the messages already queued (heartbeat answers), so a late timer never misjudges a worker. */
  readonly #turn = new MessageChannel();

  /** Says why a worker failed to load when its error event does not (e.g. the page's CSP); undefined when unknown. */
  explainLoadFailure?: () => string | undefined;

  constructor(
    private readonly start: WorkerStarter,
    readonly onLost: (worker: SupervisedWorker<WorkerApi>, loss: WorkerLoss) => void,
    options: SupervisorOptions = {},
  ) {
    this.clock = options.clock ?? REAL_CLOCK;
    this.heartbeatMs = options.heartbeatMs ?? SUPERVISOR_DEFAULTS.heartbeatMs;
    this.silenceMs = options.silenceMs ?? SUPERVISOR_DEFAULTS.silenceMs;
    this.callMs = options.callMs ?? SUPERVISOR_DEFAULTS.callMs;
    this.crashBudget = options.crashBudget ?? SUPERVISOR_DEFAULTS.crashBudget;
    this.#turn.port1.onmessage = () => this.check();
    this.#stopTicking = this.clock.every(this.heartbeatMs, () => this.#turn.port2.postMessage(null));
  }

  /** Starts a worker of `role`; it is watched once `watch()` is called on it (after its init). */
  spawn<Api extends WorkerApi>(role: WorkerKind, index: number): SupervisedWorker<Api> {
    const worker = new SupervisedWorker<Api>(this.start(role, index), this);
    this.#workers.add(worker as unknown as SupervisedWorker<WorkerApi>);
    worker.spawned.worker.addEventListener('error', (event) => {
      event.preventDefault();
      worker.declareLost('crashed', worker.watched
        ? `an uncaught error: ${event.message || 'no message'}`
        : `it failed to load: ${event.message || this.explainLoadFailure?.() || 'no message; is the worker script reachable and served as JavaScript?'}`);
    });
    return worker;
  }

  /** Workers alive now. */
  get count(): number {
    return this.#workers.size;
  }

  /** Runs one heartbeat check now (tests with an injected clock). */
  check(): void {
    const now = this.clock.now();
    for (const worker of [...this.#workers]) worker.checkHeartbeat(now);
  }

  /**
   * Counts a loss of `role` against its budget; false when the budget is
   * spent (more than `deaths` losses within `windowMs`): replace no more.
   */
  withinBudget(role: ReplacedKind): boolean {
    const now = this.clock.now();
    const recent = this.#recentLosses[role].filter((at) => now - at <= this.crashBudget.windowMs);
    recent.push(now);
    this.#recentLosses[role] = recent;
    this.losses[role]++;
    return recent.length <= this.crashBudget.deaths;
  }

  forget(worker: SupervisedWorker<WorkerApi> | SupervisedWorker<never>): void {
    this.#workers.delete(worker as unknown as SupervisedWorker<WorkerApi>);
  }

  /** Terminates every worker and stops the heartbeats. */
  dispose(): void {
    this.#stopTicking();
    this.#turn.port1.close();
    for (const worker of [...this.#workers]) worker.terminate();
  }
}

/** The real starter: workers from the configured `drill.js`. */
export function scriptStarter(script: () => URL): WorkerStarter {
  return (role, index) => spawnWorker(script(), role, index);
}
