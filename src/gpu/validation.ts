/**
 * Validation of the GPU path against the CPU path on the same inputs: the
 * first minibatch of an update kernel by kernel (each layer's forward, the
 * loss gradient, each tensor's gradient, the Adam step), and the whole
 * update's parameter change. Each difference is the largest absolute one
 * and that divided by the CPU tensor's largest magnitude, checked against
 * a stated tolerance.
 */
import { Adam, type AdamOptions } from '../nn/adam.js';
import { maskWordsFor } from '../nn/categorical.js';
import { type NetworkDescriptor, paramCount, paramLayout } from '../nn/network-descriptor.js';
import { PolicyNetwork } from '../nn/policy-network.js';
import { Workspace } from '../nn/workspace.js';
import type { LearnerHyper, PpoBatch } from '../rl/learner.js';
import { minibatchBounds, minibatchCount, normalizeAdvantages, shuffle, shuffleRandom } from '../rl/minibatches.js';
import { PpoLoss, PpoTotals } from '../rl/ppo-loss.js';
import { Random } from '../util/random.js';
import { denseLayers } from './dense-layers.js';
import { columns, type FirstStepProbe, type GpuState } from './webgpu-learner.js';

/** Largest difference relative to the CPU tensor's largest magnitude, per kind of kernel. */
export const VALIDATION_TOLERANCES = {
  /** f32 on both sides; tanh differs by a few ulp. */
  forward: 1e-4,
  /** The GPU's loss runs in f32, the CPU's in f64. */
  loss: 1e-3,
  gradient: 1e-3,
  /** Adam divides by √v + ε: tiny gradients' steps amplify their rounding. */
  adam: 1e-2,
  /** Every step of the update compounds the above. */
  update: 5e-2,
} as const;

export interface KernelCheck {
  /** e.g. `forward trunk.0.weight`, `loss`, `gradient heads.bias`, `adam`, `update`. */
  readonly kernel: string;
  readonly maxAbs: number;
  readonly maxRel: number;
  readonly tolerance: number;
  readonly ok: boolean;
}

export interface ValidationReport {
  /** The update (counted from the last reset) that was checked. */
  readonly update: number;
  readonly checks: readonly KernelCheck[];
  /** Some check failed: the CPU result was kept. */
  readonly diverged: boolean;
}

/** The check of one tensor: `gpu` against `cpu`. */
export function compare(kernel: string, gpu: ArrayLike<number>, cpu: ArrayLike<number>, tolerance: number): KernelCheck {
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < cpu.length; i++) {
    const d = Math.abs(gpu[i]! - cpu[i]!);
    // NaN anywhere is a failure, never a pass.
    maxAbs = d > maxAbs || Number.isNaN(d) ? (Number.isNaN(d) ? Infinity : d) : maxAbs;
    scale = Math.max(scale, Math.abs(cpu[i]!));
  }
  const maxRel = scale > 0 ? maxAbs / scale : maxAbs;
  return { kernel, maxAbs, maxRel, tolerance, ok: maxRel <= tolerance };
}

/**
 * What the CPU computes for update number `update`'s first minibatch from
 * `state`: the reference for a {@link FirstStepProbe}.
 */
export async function firstStepReference(desc: NetworkDescriptor, state: GpuState, batch: PpoBatch, hyper: LearnerHyper, seed: number, update: number, adamOptions?: AdamOptions): Promise<FirstStepProbe> {
  const size = batch.size;
  const parts = minibatchCount(size, hyper.minibatch);
  const { end: rows } = minibatchBounds(size, parts, 0);
  const count = paramCount(desc);
  const options = { maxRows: rows, training: true };
  const workspace = await Workspace.create({ ...PolicyNetwork.regions(desc, options), ...Adam.regions(count) });
  const network = new PolicyNetwork(desc, workspace, options);
  const adam = new Adam(workspace, network.paramsPtr, network.gradsPtr, count, adamOptions);
  network.params.set(state.params);
  adam.load(state);

  const normalized = new Float32Array(size);
  normalizeAdvantages(batch, size, normalized);
  const order = Int32Array.from({ length: size }, (_, i) => i);
  shuffle(order, size, shuffleRandom(new Random(0), seed, update));
  const maskWords = maskWordsFor(desc.actionCount);
  const samples = {
    output: network.output, outputStride: network.outputStride, valueColumn: network.valueColumn,
    mask: new Uint32Array(rows * maskWords), act: new Int32Array(rows), oldLogp: new Float32Array(rows), advantages: new Float32Array(rows), returns: new Float32Array(rows), oldValue: new Float32Array(rows),
  };
  for (let r = 0; r < rows; r++) {
    const s = order[r]!;
    network.input.set(batch.obs.subarray(s * desc.obsSize, (s + 1) * desc.obsSize), r * desc.obsSize);
    samples.mask.set(batch.mask.subarray(s * maskWords, (s + 1) * maskWords), r * maskWords);
    samples.act[r] = batch.act[s]!;
    samples.oldLogp[r] = batch.logp[s]!;
    samples.advantages[r] = normalized[s]!;
    samples.returns[r] = batch.returns[s]!;
    samples.oldValue[r] = batch.value[s]!;
  }
  network.zeroGrads();
  network.forward(rows);
  // PolicyNetwork keeps the first trunk's activations in hidden.l, a second (critic) trunk's in critic.hidden.l.
  const outputs = denseLayers(desc).map((layer) => layer.column >= 0
    ? columns(network.output, 0, network.outputStride, layer.column, layer.outputs, rows)
    : columns(workspace.region(`${layer.chain === 0 ? 'hidden' : 'critic.hidden'}.${layer.depth}`).view, 0, Math.ceil(layer.outputs / 4) * 4, 0, layer.outputs, rows));
  // The GPU path computes the default loss: the value loss unclipped.
  new PpoLoss(desc.actionCount).accumulate(samples, rows, { ...hyper, valueClip: 0 }, 1 / rows, network.dOutput, new PpoTotals());
  const dOutput = new Float32Array(rows * (desc.actionCount + 1));
  for (let r = 0; r < rows; r++) dOutput.set(network.dOutput.subarray(r * network.outputStride, r * network.outputStride + desc.actionCount + 1), r * (desc.actionCount + 1));
  network.backward(rows);
  const grads = network.grads.slice(0, count);
  adam.step(hyper.lr, hyper.maxGradNorm);
  return { rows, outputs, dOutput, grads, params: network.params.slice(0, count) };
}

/** Kernel-by-kernel checks of the first minibatch; `before`: the parameters it started from. */
export function compareFirstStep(desc: NetworkDescriptor, gpu: FirstStepProbe, cpu: FirstStepProbe, before: Float32Array): KernelCheck[] {
  const t = VALIDATION_TOLERANCES;
  const layout = paramLayout(desc);
  const layers = denseLayers(desc);
  const checks = cpu.outputs.map((out, l) => compare(`forward ${layers[l]!.name}`, gpu.outputs[l]!, out, t.forward));
  checks.push(compare('loss', gpu.dOutput, cpu.dOutput, t.loss));
  for (const tensor of layout) {
    checks.push(compare(`gradient ${tensor.name}`, gpu.grads.subarray(tensor.offset, tensor.offset + tensor.size), cpu.grads.subarray(tensor.offset, tensor.offset + tensor.size), t.gradient));
  }
  checks.push(compare('adam', difference(gpu.params, before), difference(cpu.params, before), t.adam));
  return checks;
}

/** a − b, elementwise. */
export function difference(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((v, i) => v - b[i]!);
}
