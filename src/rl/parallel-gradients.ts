/**
 * Data-parallel gradients for the CPU learner over one SharedArrayBuffer
 * (layout `DRGR`, docs/layouts.md). A minibatch is split into S fixed
 * shards; thread t computes forward, loss and backward of shard t on its
 * own copy of the network, parameters read from the shared parameter
 * section, and leaves its gradient and loss sums in its slice. The trainer
 * (thread 0, which computes shard 0 itself) adds the slices in the fixed
 * order 0, 1, … S−1 before Adam, so for a given S the arithmetic never
 * depends on which thread finished first: deterministic runs stay bit-exact.
 *
 * Every job is self-contained (a slice carries its samples, its running
 * sums and a "fresh" flag), so any thread can compute any slice with the same
 * result: a helper that misses its deadline is retired and the trainer
 * computes that slice itself from then on — the update is unchanged, only
 * slower. The synchronisation is one generation counter (trainer
 * `Atomics.store` + `notify`) and one done word per helper (helper
 * `Atomics.store` + `notify`, trainer `Atomics.wait` with a timeout).
 */
import { fourCC, LayoutMismatchError, magic } from '../channels/channel-descriptor.js';
import { maskWordsFor } from '../nn/categorical.js';
import { type NetworkDescriptor, paramCount } from '../nn/network-descriptor.js';
import { PolicyNetwork } from '../nn/policy-network.js';
import { type PpoCoefficients, PpoLoss, type PpoSamples, PpoTotals } from './ppo-loss.js';

/** `DRGR`, little-endian. */
export const GRADIENT_MAGIC = magic('DRGR');
export const GRADIENT_LAYOUT_VERSION = 1;

/** Header words (i32 indices). */
const H = { MAGIC: 0, VERSION: 1, THREADS: 2, PARAMS: 3, OBS: 4, ACTIONS: 5, ROWS: 6, GENERATION: 8, CLOSED: 9, DONE: 16, RETIRED: 32 } as const;
/** The most threads a team may have (the done and retired words fit the header). */
export const MAX_TRAINER_THREADS = 16;
const HEADER_BYTES = 4 * (H.RETIRED + MAX_TRAINER_THREADS);
/** Job words at the start of each slice. */
const J = { ROWS: 0, FRESH: 1, GRAD_SCALE: 2, CLIP: 3, VALUE_COEF: 4, ENTROPY_COEF: 5, VALUE_CLIP: 6 } as const;
const JOB_BYTES = 32;
const TOTALS_BYTES = 48;

const align = (bytes: number): number => Math.ceil(bytes / 16) * 16;

export interface GradientTeamShape {
  readonly network: NetworkDescriptor;
  /** S: the trainer thread plus its helpers. */
  readonly threads: number;
  /** The most rows a thread evaluates per job (its network's maxRows). */
  readonly rowsPerPass: number;
}

/** Offsets of one thread's slice. */
interface SliceOffsets {
  readonly job: number;
  readonly totals: number;
  readonly grads: number;
  readonly obs: number;
  readonly mask: number;
  readonly act: number;
  readonly oldLogp: number;
  readonly advantages: number;
  readonly returns: number;
  readonly oldValue: number;
  readonly end: number;
}

function sliceOffsets(shape: GradientTeamShape, start: number): SliceOffsets {
  const p = paramCount(shape.network);
  const r = shape.rowsPerPass;
  const job = start;
  const totals = job + JOB_BYTES;
  const grads = totals + TOTALS_BYTES;
  const obs = align(grads + 4 * p);
  const mask = align(obs + 4 * r * shape.network.obsSize);
  const act = align(mask + 4 * r * maskWordsFor(shape.network.actionCount));
  const oldLogp = align(act + 4 * r);
  const advantages = align(oldLogp + 4 * r);
  const returns = align(advantages + 4 * r);
  const oldValue = align(returns + 4 * r);
  return { job, totals, grads, obs, mask, act, oldLogp, advantages, returns, oldValue, end: align(oldValue + 4 * r) };
}

function layOut(shape: GradientTeamShape): { params: number; slices: SliceOffsets[]; bytes: number } {
  const params = HEADER_BYTES;
  let cursor = align(params + 4 * paramCount(shape.network));
  const slices: SliceOffsets[] = [];
  for (let t = 0; t < shape.threads; t++) {
    const slice = sliceOffsets(shape, cursor);
    slices.push(slice);
    cursor = slice.end;
  }
  return { params, slices, bytes: cursor };
}

function checkShape(shape: GradientTeamShape): void {
  if (!Number.isInteger(shape.threads) || shape.threads < 1 || shape.threads > MAX_TRAINER_THREADS) throw new RangeError(`gradient team: threads must be an integer in [1, ${MAX_TRAINER_THREADS}], got ${shape.threads}`);
  if (!Number.isInteger(shape.rowsPerPass) || shape.rowsPerPass < 1) throw new RangeError(`gradient team: rowsPerPass must be a positive integer, got ${shape.rowsPerPass}`);
}

/** One thread's slice as typed views. */
export interface GradientSlice {
  readonly job: Int32Array;
  readonly jobFloats: Float32Array;
  readonly totals: Float64Array;
  readonly grads: Float32Array;
  readonly obs: Float32Array;
  readonly mask: Uint32Array;
  readonly act: Int32Array;
  readonly oldLogp: Float32Array;
  readonly advantages: Float32Array;
  readonly returns: Float32Array;
  readonly oldValue: Float32Array;
}

/** The shared buffer of a team, opened and checked. */
export class GradientTeamBuffer {
  readonly control: Int32Array;
  readonly params: Float32Array;
  readonly slices: readonly GradientSlice[];

  /** Creates the buffer and writes its header (the runtime, before sharing it). */
  static create(shape: GradientTeamShape): SharedArrayBuffer {
    checkShape(shape);
    const buffer = new SharedArrayBuffer(layOut(shape).bytes);
    const header = new Int32Array(buffer, 0, H.DONE);
    header[H.MAGIC] = GRADIENT_MAGIC;
    header[H.VERSION] = GRADIENT_LAYOUT_VERSION;
    header[H.THREADS] = shape.threads;
    header[H.PARAMS] = paramCount(shape.network);
    header[H.OBS] = shape.network.obsSize;
    header[H.ACTIONS] = shape.network.actionCount;
    header[H.ROWS] = shape.rowsPerPass;
    return buffer;
  }

  /** Bytes of a team's buffer. */
  static byteLength(shape: GradientTeamShape): number {
    checkShape(shape);
    return layOut(shape).bytes;
  }

  /** Opens a buffer made by {@link create}; refuses one of another layout with a LayoutMismatchError. */
  constructor(readonly buffer: SharedArrayBuffer, readonly shape: GradientTeamShape) {
    checkShape(shape);
    const { params, slices, bytes } = layOut(shape);
    if (buffer.byteLength < bytes) throw new LayoutMismatchError(`gradient team: buffer of ${buffer.byteLength} bytes, the layout needs ${bytes}`);
    const header = new Int32Array(buffer, 0, H.DONE);
    if (header[H.MAGIC] !== GRADIENT_MAGIC) throw new LayoutMismatchError(`gradient team: magic '${fourCC(header[H.MAGIC]!)}', expected 'DRGR'`);
    const expected: [string, number, number][] = [
      ['layout version', H.VERSION, GRADIENT_LAYOUT_VERSION], ['threads', H.THREADS, shape.threads], ['paramCount', H.PARAMS, paramCount(shape.network)],
      ['obsSize', H.OBS, shape.network.obsSize], ['actionCount', H.ACTIONS, shape.network.actionCount], ['rowsPerPass', H.ROWS, shape.rowsPerPass],
    ];
    for (const [name, index, value] of expected) {
      if (header[index] !== value) throw new LayoutMismatchError(`gradient team: ${name} ${header[index]} in the buffer, expected ${value}`);
    }
    this.control = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    const p = paramCount(shape.network);
    const r = shape.rowsPerPass;
    this.params = new Float32Array(buffer, params, p);
    this.slices = slices.map((s) => ({
      job: new Int32Array(buffer, s.job, JOB_BYTES / 4),
      jobFloats: new Float32Array(buffer, s.job, JOB_BYTES / 4),
      totals: new Float64Array(buffer, s.totals, TOTALS_BYTES / 8),
      grads: new Float32Array(buffer, s.grads, p),
      obs: new Float32Array(buffer, s.obs, r * shape.network.obsSize),
      mask: new Uint32Array(buffer, s.mask, r * maskWordsFor(shape.network.actionCount)),
      act: new Int32Array(buffer, s.act, r),
      oldLogp: new Float32Array(buffer, s.oldLogp, r),
      advantages: new Float32Array(buffer, s.advantages, r),
      returns: new Float32Array(buffer, s.returns, r),
      oldValue: new Float32Array(buffer, s.oldValue, r),
    }));
  }

  get generation(): number {
    return Atomics.load(this.control, H.GENERATION);
  }

  get closed(): boolean {
    return Atomics.load(this.control, H.CLOSED) !== 0;
  }

  /** Ends every helper loop (they return after their current job). */
  close(): void {
    Atomics.store(this.control, H.CLOSED, 1);
    Atomics.notify(this.control, H.GENERATION);
  }

  /** Index of thread t's done word in `control`. */
  static doneIndex(thread: number): number {
    return H.DONE + thread;
  }

  static readonly GENERATION_INDEX = H.GENERATION;

  /** The trainer no longer waits for thread t: it stops at its next generation. */
  retire(thread: number): void {
    Atomics.store(this.control, H.RETIRED + thread, 1);
  }

  retired(thread: number): boolean {
    return Atomics.load(this.control, H.RETIRED + thread) !== 0;
  }
}

/** Where a job's gradient and sums go: the slice itself, or the trainer's own copy for a retired helper's slice. */
export interface GradientSums {
  readonly grads: Float32Array;
  readonly totals: Float64Array;
}

/** What a job asks of a slice. */
export interface GradientJob {
  readonly rows: number;
  /** First job of a minibatch: start from zero gradients and sums. */
  readonly fresh: boolean;
  readonly gradScale: number;
  readonly coefs: PpoCoefficients;
}

export function writeJob(slice: GradientSlice, job: GradientJob): void {
  slice.job[J.ROWS] = job.rows;
  slice.job[J.FRESH] = job.fresh ? 1 : 0;
  slice.jobFloats[J.GRAD_SCALE] = job.gradScale;
  slice.jobFloats[J.CLIP] = job.coefs.clipEpsilon;
  slice.jobFloats[J.VALUE_COEF] = job.coefs.valueCoef;
  slice.jobFloats[J.ENTROPY_COEF] = job.coefs.entropyCoef;
  slice.jobFloats[J.VALUE_CLIP] = job.coefs.valueClip;
}

/**
 * Computes jobs of any slice on a network of its own (a helper thread has
 * one; the trainer has one for shard 0 and for slices of retired helpers).
 */
export class GradientShard {
  private readonly loss: PpoLoss;
  private readonly totals = new PpoTotals();
  private readonly pass: PpoSamples;
  private readonly obsFloats: number;
  private readonly maskWords: number;

  static async create(network: NetworkDescriptor, rowsPerPass: number): Promise<GradientShard> {
    return new GradientShard(await PolicyNetwork.create(network, { maxRows: rowsPerPass, training: true }));
  }

  private constructor(private readonly network: PolicyNetwork) {
    this.loss = new PpoLoss(network.descriptor.actionCount);
    this.obsFloats = network.descriptor.obsSize;
    this.maskWords = maskWordsFor(network.descriptor.actionCount);
    this.pass = { output: network.output, outputStride: network.outputStride, valueColumn: network.valueColumn, mask: new Uint32Array(0), act: new Int32Array(0), oldLogp: new Float32Array(0), advantages: new Float32Array(0), returns: new Float32Array(0), oldValue: new Float32Array(0) };
  }

  /** Runs the job in `slice` at the team's parameters; its gradient and sums go to `out` (default: the slice). */
  run(team: GradientTeamBuffer, slice: GradientSlice, out: GradientSums = slice): void {
    const { network, totals } = this;
    const rows = slice.job[J.ROWS]!;
    const fresh = slice.job[J.FRESH] === 1;
    if (rows > network.maxRows) throw new RangeError(`gradient shard: a job of ${rows} rows, at most ${network.maxRows}`);
    if (fresh) {
      network.params.set(team.params);
      network.grads.fill(0);
      totals.clear();
    } else {
      network.grads.set(out.grads);
      [totals.samples, totals.policyLoss, totals.valueLoss, totals.entropy, totals.approxKl, totals.clipped] = out.totals;
    }
    if (rows > 0) {
      network.input.set(slice.obs.subarray(0, rows * this.obsFloats));
      const pass: PpoSamples = { ...this.pass, mask: slice.mask.subarray(0, rows * this.maskWords), act: slice.act, oldLogp: slice.oldLogp, advantages: slice.advantages, returns: slice.returns, oldValue: slice.oldValue };
      network.forward(rows);
      const f = slice.jobFloats;
      this.loss.accumulate(pass, rows, { clipEpsilon: f[J.CLIP]!, valueCoef: f[J.VALUE_COEF]!, entropyCoef: f[J.ENTROPY_COEF]!, valueClip: f[J.VALUE_CLIP]! }, f[J.GRAD_SCALE]!, network.dOutput, totals);
      network.backward(rows);
    }
    out.grads.set(network.grads);
    out.totals.set([totals.samples, totals.policyLoss, totals.valueLoss, totals.entropy, totals.approxKl, totals.clipped]);
  }
}

/** Fills rows `from … from+rows` of the minibatch (in its shuffled order) into a slice. */
export type GatherSlice = (from: number, rows: number, slice: GradientSlice) => void;

/** How the trainer waits for a helper; the default blocks in `Atomics.wait` (worker threads only). */
export type HelperWait = (control: Int32Array, index: number, generation: number, timeoutMs: number) => boolean;

export const atomicsWait: HelperWait = (control, index, generation, timeoutMs) => {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const seen = Atomics.load(control, index);
    if (seen === generation) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(control, index, seen, left);
  }
};

export interface ParallelGradientsOptions {
  readonly buffer: SharedArrayBuffer;
  readonly shape: GradientTeamShape;
  /** How long a helper may take beyond the trainer's own shard before it is retired, ms. */
  readonly helperTimeoutMs?: number;
  readonly wait?: HelperWait;
  /** Runs in-thread right after a job is posted (tests: the helpers' work without workers). */
  readonly afterPost?: (team: GradientTeamBuffer) => void;
  /** A helper was retired: say so (the trainer's error path). */
  readonly onHelperLost?: (thread: number, message: string) => void;
}

/**
 * Default: a helper later than this plus twice the trainer's own shard is
 * taken as lost. It must stay below the supervisor's silence allowance
 * (1.5 s plus three measured steps), or the trainer, blocked waiting, would
 * itself be taken for hung.
 */
export const HELPER_TIMEOUT_MS = 1000;

/** The trainer's side: splits a minibatch over the team and reduces the gradients in a fixed order. */
export class ParallelGradients {
  readonly team: GradientTeamBuffer;
  /** A retired helper's sums, kept by the trainer so a late write of that helper into its slice cannot matter; null while it works. */
  private readonly takenOver: (GradientSums | null)[];
  private readonly timeoutMs: number;
  private readonly wait: HelperWait;
  private readonly totals = new PpoTotals();

  static async create(options: ParallelGradientsOptions): Promise<ParallelGradients> {
    return new ParallelGradients(options, await GradientShard.create(options.shape.network, options.shape.rowsPerPass));
  }

  private constructor(private readonly options: ParallelGradientsOptions, private readonly shard: GradientShard) {
    this.team = new GradientTeamBuffer(options.buffer, options.shape);
    this.takenOver = Array.from({ length: options.shape.threads }, () => null);
    this.timeoutMs = options.helperTimeoutMs ?? HELPER_TIMEOUT_MS;
    this.wait = options.wait ?? atomicsWait;
  }

  /** S, the shard count (fixed for the team's life, whoever computes the shards). */
  get shards(): number {
    return this.options.shape.threads;
  }

  /** Threads computing now: the trainer and the helpers not retired. */
  get threads(): number {
    return this.takenOver.filter((r) => r === null).length;
  }

  /**
   * The gradient of minibatch rows [start, end) of the shuffled order into
   * `grads` (overwritten), its loss sums added to `out`. `params` are the
   * parameters to differentiate at.
   */
  compute(params: Float32Array, start: number, end: number, gather: GatherSlice, gradScale: number, coefs: PpoCoefficients, grads: Float32Array, out: PpoTotals): void {
    const { team, shards, takenOver } = this;
    const rowsPerPass = this.options.shape.rowsPerPass;
    team.params.set(params);
    const bounds = Array.from({ length: shards + 1 }, (_, t) => start + Math.floor((t * (end - start)) / shards));
    const rounds = Math.max(1, Math.ceil(Math.max(...bounds.slice(1).map((b, t) => b - bounds[t]!)) / rowsPerPass));
    for (let round = 0; round < rounds; round++) {
      for (let t = 0; t < shards; t++) {
        const from = Math.min(bounds[t]! + round * rowsPerPass, bounds[t + 1]!);
        const rows = Math.min(rowsPerPass, bounds[t + 1]! - from);
        const slice = team.slices[t]!;
        if (rows > 0) gather(from, rows, slice);
        writeJob(slice, { rows, fresh: round === 0, gradScale, coefs });
      }
      const generation = (Atomics.add(team.control, GradientTeamBuffer.GENERATION_INDEX, 1) + 1) | 0;
      Atomics.notify(team.control, GradientTeamBuffer.GENERATION_INDEX);
      this.options.afterPost?.(team);
      const t0 = performance.now();
      this.shard.run(team, team.slices[0]!);
      const ownMs = performance.now() - t0;
      for (let t = 1; t < shards; t++) {
        const slice = team.slices[t]!;
        if (!takenOver[t] && !this.wait(team.control, GradientTeamBuffer.doneIndex(t), generation, this.timeoutMs + 2 * ownMs)) {
          team.retire(t);
          // The sums of this minibatch's earlier rounds (the helper finished those) go on in the trainer's copy.
          takenOver[t] = { grads: slice.grads.slice(), totals: slice.totals.slice() };
          this.options.onHelperLost?.(t, `trainer thread ${t} did not finish its shard within ${((this.timeoutMs + 2 * ownMs) / 1000).toFixed(1)} s; the trainer computes its shard itself from now on (${this.threads} of ${shards} threads; the updates are unchanged, only slower)`);
        }
        const own = takenOver[t];
        if (own) this.shard.run(team, slice, own);
      }
    }
    // The fixed order: slice 0, then 1, … — never the order the helpers finished in.
    const sums = (t: number): GradientSums => takenOver[t] ?? team.slices[t]!;
    grads.set(sums(0).grads);
    for (let t = 1; t < shards; t++) {
      const g = sums(t).grads;
      for (let i = 0; i < grads.length; i++) grads[i] = grads[i]! + g[i]!;
    }
    const totals = this.totals;
    for (let t = 0; t < shards; t++) {
      const s = sums(t).totals;
      totals.samples = s[0]!;
      totals.policyLoss = s[1]!;
      totals.valueLoss = s[2]!;
      totals.entropy = s[3]!;
      totals.approxKl = s[4]!;
      totals.clipped = s[5]!;
      out.add(totals);
    }
  }
}

/**
 * A helper thread's loop: waits (asynchronously, so the thread still
 * answers its heartbeat) for each new generation, computes its slice, and
 * says so in its done word. Ends when the team is closed.
 */
export async function runGradientHelper(team: GradientTeamBuffer, thread: number, shard: GradientShard): Promise<void> {
  if (!Number.isInteger(thread) || thread < 1 || thread >= team.shape.threads) throw new RangeError(`gradient helper: thread must be in [1, ${team.shape.threads - 1}], got ${thread}`);
  const control = team.control;
  // The last generation it finished: one posted while it was starting is still done.
  let seen = Atomics.load(control, GradientTeamBuffer.doneIndex(thread));
  while (!team.closed && !team.retired(thread)) {
    const generation = Atomics.load(control, GradientTeamBuffer.GENERATION_INDEX);
    if (generation === seen) {
      const waited = Atomics.waitAsync(control, GradientTeamBuffer.GENERATION_INDEX, seen, 1000);
      if (waited.async) await waited.value;
      continue;
    }
    seen = generation;
    if (team.retired(thread)) break;
    shard.run(team, team.slices[thread]!);
    Atomics.store(control, GradientTeamBuffer.doneIndex(thread), generation);
    Atomics.notify(control, GradientTeamBuffer.doneIndex(thread));
  }
}
