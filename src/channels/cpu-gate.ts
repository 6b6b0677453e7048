/**
 * The CPU gate: one small shared word block through which the busy workers
 * (the trainer and the rollout workers) leave cores to the page and the show.
 * Two levers, set live by the runtime (the bench compares them in one run):
 *
 * - turns: the workers hold one token while computing (a minibatch step, a
 *   rollout chunk), so only one of them is busy at a time — on a 2-core
 *   machine one core stays for the main thread, the render worker and the
 *   compositor. Each worker stays its own supervised worker; a holder that
 *   dies is overtaken after {@link STALE_HOLD_MS}.
 * - rest: after each piece of work a worker sleeps a share of its time
 *   (a duty cycle), so the scheduler finds idle slots.
 *
 * Shared memory only: on the transfer transport there is no gate (the
 * workers run as before). Layout: docs/layouts.md, `DRCG`.
 */
import { LayoutMismatchError, magic } from './channel-descriptor.js';
import { sleep, waitWhileEqual } from './wait.js';

export const CPU_GATE_MAGIC = magic('DRCG');
export const CPU_GATE_LAYOUT_VERSION = 1;
const MAGIC = 0;
const VERSION = 1;
const TURNS = 2;
const REST_PERMILLE = 3;
const HOLDER = 4;
const LAST = 5;
const WAITING = 6;
const WORDS = 8;

/** A holder that keeps the token longer than this is taken to be lost (a crashed worker) and overtaken. */
export const STALE_HOLD_MS = 1000;
/** The longest one rest lasts, so control messages keep flowing (decision 12). */
const MAX_REST_MS = 50;

export interface CpuGateMode {
  /** Only one busy worker computes at a time. */
  readonly turns: boolean;
  /** Share of its time (0 ≤ rest < 1) a busy worker sleeps after each piece of work. */
  readonly rest: number;
}

export const NO_GATE: CpuGateMode = { turns: false, rest: 0 };

export function createCpuGateBuffer(mode: CpuGateMode = NO_GATE): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(WORDS * 4);
  const words = new Int32Array(buffer);
  words[MAGIC] = CPU_GATE_MAGIC;
  words[VERSION] = CPU_GATE_LAYOUT_VERSION;
  setCpuGateMode(buffer, mode);
  return buffer;
}

/** The runtime's side: changes the levers; workers follow at their next piece of work. */
export function setCpuGateMode(buffer: SharedArrayBuffer, mode: CpuGateMode): void {
  if (!(mode.rest >= 0 && mode.rest < 1)) throw new RangeError(`cpu gate: rest is a share in [0, 1), got ${mode.rest}`);
  const words = new Int32Array(buffer);
  Atomics.store(words, REST_PERMILLE, Math.round(mode.rest * 1000));
  Atomics.store(words, TURNS, mode.turns ? 1 : 0);
  // A worker waiting for the token sees turns go off at once.
  if (!mode.turns) Atomics.notify(words, HOLDER);
}

export function cpuGateMode(buffer: SharedArrayBuffer): CpuGateMode {
  const words = new Int32Array(buffer);
  return { turns: Atomics.load(words, TURNS) === 1, rest: Atomics.load(words, REST_PERMILLE) / 1000 };
}

/** One worker's end of the gate; `id` ≥ 1, unique among the workers sharing it. */
export class CpuGate {
  private readonly words: Int32Array;
  private holding = false;
  private entered = 0;

  constructor(buffer: SharedArrayBuffer, private readonly id: number) {
    if (!(id >= 1)) throw new RangeError(`cpu gate: ids start at 1, got ${id}`);
    this.words = new Int32Array(buffer);
    if (buffer.byteLength < WORDS * 4 || this.words[MAGIC] !== CPU_GATE_MAGIC || this.words[VERSION] !== CPU_GATE_LAYOUT_VERSION) {
      throw new LayoutMismatchError(`cpu gate: the buffer is not a DRCG layout ${CPU_GATE_LAYOUT_VERSION} structure (the page and the worker come from different builds)`);
    }
  }

  /** Before a piece of work: waits for the token while turns are on. */
  async enter(): Promise<void> {
    const w = this.words;
    const started = performance.now();
    let counted = false;
    try {
      while (Atomics.load(w, TURNS) === 1) {
        // The last holder lets a waiting worker go first, so the token alternates.
        const courteous = !counted && Atomics.load(w, LAST) === this.id && Atomics.load(w, WAITING) > 0;
        if (!courteous && Atomics.compareExchange(w, HOLDER, 0, this.id) === 0) break;
        const holder = Atomics.load(w, HOLDER);
        if (holder !== this.id && performance.now() - started > STALE_HOLD_MS) {
          Atomics.store(w, HOLDER, this.id);
          break;
        }
        if (!counted) {
          Atomics.add(w, WAITING, 1);
          counted = true;
        }
        await waitWhileEqual(w, HOLDER, holder, 20);
      }
    } finally {
      if (counted) Atomics.sub(w, WAITING, 1);
    }
    this.holding = Atomics.load(w, HOLDER) === this.id;
    if (this.holding) Atomics.store(w, LAST, this.id);
    this.entered = performance.now();
  }

  /** After a piece of work: hands the token on, then rests the share of the work's time that `rest` asks for. */
  async leave(): Promise<void> {
    const w = this.words;
    const workMs = performance.now() - this.entered;
    if (this.holding) {
      this.holding = false;
      Atomics.compareExchange(w, HOLDER, this.id, 0);
      Atomics.notify(w, HOLDER);
    }
    const rest = Atomics.load(w, REST_PERMILLE) / 1000;
    if (rest > 0) await sleep(Math.min(MAX_REST_MS, (workMs * rest) / (1 - rest)));
  }
}
