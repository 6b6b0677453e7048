/**
 * The baseline `npm run bench` compares our trainer with: the same PPO update
 * written with TensorFlow.js the way its users write one (issue 6).
 *
 * Same work as src/rl/ppo-learner.ts per minibatch:
 * - network: shared tanh trunk obs → 64 → 64, fused head of 30 logits + 1
 *   value, parameters in our flat order (network-descriptor.ts), so the same
 *   weights load into both;
 * - loss (ppo-loss.ts): masked categorical log-prob and entropy (masked
 *   logits get −1e9: exp underflows to exactly 0, and unlike −∞ it keeps
 *   p·log p at 0 instead of NaN), clipped surrogate, c_v·½(V − R)² unclipped,
 *   − c_e·entropy, all means over the minibatch;
 * - global gradient-norm clip as torch's clip_grad_norm_ (scale
 *   min(1, max/(‖g‖ + 1e-6))), then Adam (β 0.9/0.999, ε 1e-5, lr 3e-4).
 *
 * As a user writes it: `tf.variable`s with `tf.fused.matMul` (what a
 * tf.layers dense layer runs; a tf.sequential model measured the same speed
 * and loss), and per minibatch, inside one `tf.tidy`, tensors made from
 * typed arrays and `optimizer.computeGradients` + `applyGradients` — which
 * is `optimizer.minimize` with the clip between its two halves (minimize
 * itself has no place for a clip). The minibatch is gathered from a shuffled
 * batch into typed arrays and uploaded every step, as our trainer copies each
 * minibatch into its workspace: both pay their upload, neither keeps the
 * batch resident.
 *
 * Left out, as a user would: our non-finite-gradient guard (it needs a
 * readback per step) and the per-minibatch KL and clip-fraction statistics
 * (ours accumulate them in the loss loop at negligible cost).
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { ADAM_DEFAULTS } from '../../src/nn/adam.js';
import { isAllowed, MaskedCategorical, maskWordsFor } from '../../src/nn/categorical.js';
import { initializeParams } from '../../src/nn/init.js';
import { type NetworkDescriptor, paramCount, paramLayout } from '../../src/nn/network-descriptor.js';
import { PolicyNetwork } from '../../src/nn/policy-network.js';
import type { PpoBatch } from '../../src/rl/learner.js';
import { DEFAULT_HYPERPARAMETERS } from '../../src/contract/hyperparameters.js';
import { ACTION_COUNT, ALL_ACTIONS_MASK, NO_DASH_MASK } from '../../src/sim/actions.js';
import { OBS_SIZE } from '../../src/sim/observation.js';
import { Random } from '../../src/util/random.js';

export type TfjsBackend = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

export const TFJS_BACKENDS: readonly TfjsBackend[] = ['cpu', 'wasm', 'webgl', 'webgpu'];

/** The bench page is served from the repository root. */
export const DEFAULT_WASM_PATHS = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';

/** Added to masked logits. */
const MASKED_LOGIT = -1e9;
/** torch.nn.utils.clip_grad_norm_'s guard, as in our Adam. */
const CLIP_NORM_EPSILON = 1e-6;

export interface PpoCoefs {
  readonly lr: number;
  readonly clipEpsilon: number;
  readonly valueCoef: number;
  readonly entropyCoef: number;
  readonly maxGradNorm: number;
}

/** Our trainer's defaults (src/runtime/protocol.ts). */
export const DEFAULT_COEFS: PpoCoefs = Object.freeze({
  lr: DEFAULT_HYPERPARAMETERS.lr,
  clipEpsilon: DEFAULT_HYPERPARAMETERS.clipEpsilon,
  valueCoef: DEFAULT_HYPERPARAMETERS.valueCoef,
  entropyCoef: DEFAULT_HYPERPARAMETERS.entropyCoef,
  maxGradNorm: DEFAULT_HYPERPARAMETERS.maxGradNorm,
});

export const benchNetwork = (hidden: number | readonly number[] = [64, 64], obsSize = OBS_SIZE): NetworkDescriptor => ({
  obsSize,
  hidden: typeof hidden === 'number' ? [hidden, hidden] : [...hidden],
  activation: 'tanh',
  actionCount: ACTION_COUNT,
});

/**
 * A batch like a rollout's, from seeded randomness: normal observations,
 * the dash on cooldown in about half the rows (NO_DASH_MASK), actions, their
 * log-probabilities and values sampled from our network at `params` (so the
 * first update starts at ratio 1), advantages already normalised (mean 0,
 * std 1, as our learner would make them, so both sides train on the same
 * numbers) and returns = value + noise.
 */
export async function syntheticBatch(desc: NetworkDescriptor, params: Float32Array, size: number, seed: number): Promise<PpoBatch> {
  if (desc.actionCount !== ACTION_COUNT) throw new RangeError(`tfjs-ppo: the soccer masks need ${ACTION_COUNT} actions, got ${desc.actionCount}`);
  const random = new Random(seed);
  const obs = Float32Array.from({ length: size * desc.obsSize }, () => random.normal());
  // One mask word per row (30 actions).
  const mask = Uint32Array.from({ length: size }, () => (random.next() < 0.5 ? NO_DASH_MASK : ALL_ACTIONS_MASK));

  const network = await PolicyNetwork.create(desc, { maxRows: size });
  network.params.set(params);
  network.input.set(obs);
  network.forward(size);
  const sampled = { act: new Int32Array(size), logp: new Float32Array(size), value: new Float32Array(size) };
  new MaskedCategorical(desc.actionCount).sample(size, network, mask, random, sampled);

  const raw = Array.from({ length: size }, () => random.normal());
  const mean = raw.reduce((s, x) => s + x, 0) / size;
  const std = Math.sqrt(raw.reduce((s, x) => s + (x - mean) ** 2, 0) / size);
  return {
    size,
    obs,
    mask,
    act: sampled.act,
    logp: sampled.logp,
    value: sampled.value,
    advantages: Float32Array.from(raw, (x) => (x - mean) / std),
    returns: Float32Array.from(sampled.value, (v) => v + random.normal()),
  };
}

/** One minibatch as the typed arrays its tensors are made from. */
export class Minibatch {
  readonly obs: Float32Array;
  /** `[rows][actions]`: 0 where allowed, MASKED_LOGIT where masked. */
  readonly maskBias: Float32Array;
  readonly act: Int32Array;
  readonly oldLogp: Float32Array;
  readonly advantages: Float32Array;
  readonly returns: Float32Array;

  constructor(readonly desc: NetworkDescriptor, readonly rows: number) {
    this.obs = new Float32Array(rows * desc.obsSize);
    this.maskBias = new Float32Array(rows * desc.actionCount);
    this.act = new Int32Array(rows);
    this.oldLogp = new Float32Array(rows);
    this.advantages = new Float32Array(rows);
    this.returns = new Float32Array(rows);
  }

  /** Copies samples `order[from … from + rows)` of `batch`, turning mask bits into logit biases. */
  gather(batch: PpoBatch, order: Int32Array, from: number): void {
    const { obsSize, actionCount } = this.desc;
    const maskWords = maskWordsFor(actionCount);
    for (let r = 0; r < this.rows; r++) {
      const s = order[from + r]!;
      this.obs.set(batch.obs.subarray(s * obsSize, (s + 1) * obsSize), r * obsSize);
      for (let a = 0; a < actionCount; a++) this.maskBias[r * actionCount + a] = isAllowed(batch.mask, s * maskWords, a) ? 0 : MASKED_LOGIT;
      this.act[r] = batch.act[s]!;
      this.oldLogp[r] = batch.logp[s]!;
      this.advantages[r] = batch.advantages[s]!;
      this.returns[r] = batch.returns[s]!;
    }
  }
}

/** Loss terms of one minibatch, means over its samples (a type, not an interface, so tf.tidy takes it as a tensor container). */
export type PpoLossTerms<T> = {
  readonly loss: T;
  readonly policyLoss: T;
  /** ½(V − R)², before the value coefficient. */
  readonly valueLoss: T;
  readonly entropy: T;
};

/** A minibatch's tensors (made inside the step's tidy). */
interface MinibatchTensors {
  readonly obs: tf.Tensor2D;
  readonly maskBias: tf.Tensor2D;
  readonly act: tf.Tensor1D;
  readonly oldLogp: tf.Tensor1D;
  readonly advantages: tf.Tensor1D;
  readonly returns: tf.Tensor1D;
}

/** The network as TF.js variables plus its Adam, on the current backend. */
export class TfjsPpo {
  readonly desc: NetworkDescriptor;
  /** Trunk layers, then the fused head; weights `[in][out]` as in our layout. */
  private readonly layers: { readonly weight: tf.Variable<tf.Rank.R2>; readonly bias: tf.Variable<tf.Rank.R1> }[] = [];
  /** The same, flat, in our parameter order. */
  private readonly variables: tf.Variable[];
  private readonly optimizer: tf.AdamOptimizer;

  /** `params` in our flat order (network-descriptor.ts). */
  constructor(desc: NetworkDescriptor, params: Float32Array, readonly coefs: PpoCoefs = DEFAULT_COEFS) {
    if (params.length !== paramCount(desc)) throw new RangeError(`tfjs-ppo: expected ${paramCount(desc)} parameters, got ${params.length}`);
    this.desc = desc;
    const layout = paramLayout(desc);
    // The variables keep their own references; tidy frees the initial tensors.
    tf.tidy(() => {
      for (let i = 0; i < layout.length; i += 2) {
        const [w, b] = [layout[i]!, layout[i + 1]!];
        this.layers.push({
          weight: tf.variable(tf.tensor2d(params.slice(w.offset, w.offset + w.size), [w.rows, w.cols])),
          bias: tf.variable(tf.tensor1d(params.slice(b.offset, b.offset + b.size))),
        });
      }
    });
    this.variables = this.layers.flatMap((layer) => [layer.weight, layer.bias]);
    this.optimizer = tf.train.adam(coefs.lr, ADAM_DEFAULTS.beta1, ADAM_DEFAULTS.beta2, ADAM_DEFAULTS.epsilon);
  }

  /** The loss of a minibatch at the current parameters, without a step. */
  async loss(mb: Minibatch): Promise<PpoLossTerms<number>> {
    const terms = tf.tidy(() => this.lossTerms(this.tensors(mb)));
    const values = await Promise.all([terms.loss, terms.policyLoss, terms.valueLoss, terms.entropy].map((t) => t.data()));
    tf.dispose(terms);
    const [loss, policyLoss, valueLoss, entropy] = values.map((v) => v[0]!) as [number, number, number, number];
    return { loss, policyLoss, valueLoss, entropy };
  }

  /**
   * One optimiser step on a minibatch: forward, loss, backward, clip, Adam.
   * Returns the loss and the gradient norm before clipping as scalars the
   * caller reads or disposes (reading them syncs with the backend).
   */
  step(mb: Minibatch): { loss: tf.Scalar; gradNorm: tf.Scalar } {
    return tf.tidy(() => {
      const inputs = this.tensors(mb);
      const { value: loss, grads } = this.optimizer.computeGradients(() => this.lossTerms(inputs).loss, this.variables);
      const gradNorm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
      const scale = tf.minimum(1, tf.div(this.coefs.maxGradNorm, tf.add(gradNorm, CLIP_NORM_EPSILON)));
      this.optimizer.applyGradients(Object.entries(grads).map(([name, g]) => ({ name, tensor: tf.mul(g, scale) })));
      return { loss, gradNorm };
    });
  }

  /** The parameters in our flat order. */
  async params(): Promise<Float32Array> {
    const out = new Float32Array(paramCount(this.desc));
    const layout = paramLayout(this.desc);
    const values = await Promise.all(this.variables.map((v) => v.data()));
    layout.forEach((t, i) => out.set(values[i] as Float32Array, t.offset));
    return out;
  }

  /** Waits until every queued step has run (GPU backends queue work): reads every parameter. */
  async sync(): Promise<void> {
    await Promise.all(this.variables.map((v) => v.data()));
  }

  dispose(): void {
    tf.dispose(this.variables);
    this.optimizer.dispose();
  }

  private tensors(mb: Minibatch): MinibatchTensors {
    const { obsSize, actionCount } = this.desc;
    return {
      obs: tf.tensor2d(mb.obs, [mb.rows, obsSize]),
      maskBias: tf.tensor2d(mb.maskBias, [mb.rows, actionCount]),
      act: tf.tensor1d(mb.act, 'int32'),
      oldLogp: tf.tensor1d(mb.oldLogp),
      advantages: tf.tensor1d(mb.advantages),
      returns: tf.tensor1d(mb.returns),
    };
  }

  private lossTerms(x: MinibatchTensors): PpoLossTerms<tf.Scalar> {
    const { actionCount } = this.desc;
    const { clipEpsilon, valueCoef, entropyCoef } = this.coefs;
    const trunk = this.layers.slice(0, -1);
    const head = this.layers[this.layers.length - 1]!;
    let h = x.obs;
    for (const layer of trunk) h = tf.tanh(tf.fused.matMul({ a: h, b: layer.weight, bias: layer.bias })) as tf.Tensor2D;
    const heads = tf.fused.matMul({ a: h, b: head.weight, bias: head.bias });
    const [logits, value] = tf.split(heads, [actionCount, 1], 1) as [tf.Tensor2D, tf.Tensor2D];

    const logp = tf.logSoftmax(tf.add(logits, x.maskBias));
    const entropy = tf.mean(tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1))) as tf.Scalar;
    const logpAct = tf.sum(tf.mul(logp, tf.oneHot(x.act, actionCount)), 1);
    const ratio = tf.exp(tf.sub(logpAct, x.oldLogp));
    const surrogate = tf.minimum(tf.mul(ratio, x.advantages), tf.mul(tf.clipByValue(ratio, 1 - clipEpsilon, 1 + clipEpsilon), x.advantages));
    const policyLoss = tf.neg(tf.mean(surrogate)) as tf.Scalar;
    const valueLoss = tf.mean(tf.mul(0.5, tf.square(tf.sub(tf.squeeze(value, [1]), x.returns)))) as tf.Scalar;
    const loss = tf.sub(tf.add(policyLoss, tf.mul(valueCoef, valueLoss)), tf.mul(entropyCoef, entropy)) as tf.Scalar;
    return { loss, policyLoss, valueLoss, entropy };
  }
}

/**
 * Makes `backend` TF.js's current backend. Returns null, or why it could not
 * start: TF.js reports a failed initialisation only through console.warn and
 * a `false`, so the warnings are kept as the reason.
 */
export async function useBackend(backend: TfjsBackend, wasmPaths = DEFAULT_WASM_PATHS): Promise<string | null> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
    warn.apply(console, args);
  };
  try {
    if (backend === 'wasm') {
      setWasmPaths(wasmPaths);
      // XNNPACK's pool defaults to every core; one thread makes it a per-core figure like ours.
      // (A cross-origin-isolated page gets the threaded-SIMD build, others the SIMD one; with
      // one thread both measured the same here once warm.)
      setThreadsCount(1);
    }
    if (!(await tf.setBackend(backend))) return warnings.join('; ') || `TF.js could not start the ${backend} backend`;
    await tf.ready();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    console.warn = warn;
  }
}

/** What ran: the wasm build and its threads, or the GPU backends' device. */
async function backendNote(backend: TfjsBackend): Promise<string> {
  switch (backend) {
    case 'wasm': {
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      return `${simd && threads ? 'threaded-simd' : simd ? 'simd' : 'plain'} build, ${getThreadsCount()} thread`;
    }
    case 'webgl': {
      const gl = (tf.backend() as unknown as { gpgpu?: { gl: WebGLRenderingContext } }).gpgpu?.gl;
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      return `WebGL ${tf.env().getNumber('WEBGL_VERSION')}${gl && info ? `, ${gl.getParameter(info.UNMASKED_RENDERER_WEBGL)}` : ''}`;
    }
    case 'webgpu': {
      const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } }).adapterInfo;
      return `adapter ${[info?.vendor, info?.architecture].filter(Boolean).join(' ') || 'unknown'}`;
    }
    case 'cpu':
      return 'plain JS';
  }
}

export interface TfjsThroughputOptions {
  readonly backend: TfjsBackend;
  /** Samples per optimiser step (default 512, our default). */
  readonly minibatch?: number;
  /** Trunk widths; a number means two layers of it (default [64, 64]). */
  readonly hidden?: number | readonly number[];
  /** Default OBS_SIZE (30), the soccer env's. */
  readonly obsSize?: number;
  /** Timed minibatches (default 50; the software GPU backends want a few). */
  readonly minibatches?: number;
  /**
   * Untimed minibatches first (default 20): JIT of TF.js's own JavaScript,
   * kernel compilation, buffer pools. On cpu and wasm the first ~15 steps
   * run up to 3× slower than later ones.
   */
  readonly warmup?: number;
  readonly wasmPaths?: string;
  readonly seed?: number;
}

export type TfjsThroughputResult =
  | {
      readonly backend: TfjsBackend;
      readonly available: true;
      readonly samplesPerSecond: number;
      readonly msPerMinibatch: number;
      readonly minibatches: number;
      readonly minibatch: number;
      readonly hidden: readonly number[];
      /** What ran (wasm build and threads, GPU adapter). */
      readonly note: string;
    }
  | { readonly backend: TfjsBackend; readonly available: false; readonly reason: string };

/**
 * Samples per second through TF.js PPO minibatch steps on `backend`: warm-up
 * steps, then `minibatches` timed steps over shuffled minibatches of a
 * synthetic batch (16 minibatches, reshuffled each pass, as one epoch of our
 * default update), ending on a parameter read so queued GPU work counts.
 */
export async function tfjsPpoThroughput(options: TfjsThroughputOptions): Promise<TfjsThroughputResult> {
  const { backend } = options;
  const minibatch = options.minibatch ?? 512;
  const minibatches = options.minibatches ?? 50;
  const warmup = options.warmup ?? 20;
  const desc = benchNetwork(options.hidden, options.obsSize);
  const reason = await useBackend(backend, options.wasmPaths);
  if (reason !== null) return { backend, available: false, reason };

  const params = new Float32Array(paramCount(desc));
  initializeParams(desc, params, options.seed ?? 1);
  const batch = await syntheticBatch(desc, params, minibatch * 16, options.seed ?? 1);
  const random = new Random((options.seed ?? 1) + 1);
  const order = Int32Array.from({ length: batch.size }, (_, i) => i);
  const mb = new Minibatch(desc, minibatch);
  let next = batch.size;
  const nextMinibatch = (): Minibatch => {
    if (next + minibatch > batch.size) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      next = 0;
    }
    mb.gather(batch, order, next);
    next += minibatch;
    return mb;
  };

  const ppo = new TfjsPpo(desc, params);
  try {
    const run = (steps: number): void => {
      for (let i = 0; i < steps; i++) tf.dispose(ppo.step(nextMinibatch()));
    };
    run(warmup);
    await ppo.sync();
    const started = performance.now();
    run(minibatches);
    await ppo.sync();
    const seconds = (performance.now() - started) / 1000;
    return {
      backend,
      available: true,
      samplesPerSecond: (minibatch * minibatches) / seconds,
      msPerMinibatch: (seconds * 1000) / minibatches,
      minibatches,
      minibatch,
      hidden: desc.hidden,
      note: await backendNote(backend),
    };
  } finally {
    ppo.dispose();
  }
}
