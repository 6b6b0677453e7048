/**
 * The network descriptor: the one place that defines the policy network's
 * shape, its flat parameter order and its shape hash (decision 2 in docs/architecture.md).
 *
 * Every component that touches weights (trainer, rollout inference, the show,
 * the weights channel, saved model files) derives sizes and offsets from a
 * descriptor through these functions, so a layout never hard-codes a size.
 */

import type { Activation, NetworkDescriptor } from '../contract/descriptors.js';

export type { Activation, NetworkDescriptor };

/**
 * Bumped whenever the parameter order or the meaning of a tensor changes.
 * It is part of the shape hash, so old weights are refused, never misread.
 */
export const NETWORK_FORMAT_VERSION = 1;

const ACTIVATION_CODE: Record<Activation, number> = { tanh: 1, relu: 2 };

/** One tensor of the flat parameter vector: a row-major `rows × cols` block. */
export interface ParamTensor {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  /** Offset in floats from the start of the flat vector. */
  readonly offset: number;
  readonly size: number;
}

/**
 * The flat parameter order. Dense layers compute `y = x·W + b` with `W`
 * stored row-major as `[in][out]` (each input's outgoing weights are
 * contiguous, which is what the SIMD kernels vectorise over).
 *
 *   trunk.0.weight [obs][h0], trunk.0.bias [h0],
 *   trunk.i.weight [h(i-1)][hi], trunk.i.bias [hi], …
 *   heads.weight [hLast][actions + 1], heads.bias [actions + 1]
 *
 * The two heads are fused into one tensor: columns `0 … actions-1` are the
 * policy logits and column `actions` is the value, so one matmul serves both.
 */
export function paramLayout(desc: NetworkDescriptor): ParamTensor[] {
  validateNetworkDescriptor(desc);
  const tensors: ParamTensor[] = [];
  let offset = 0;
  const push = (name: string, rows: number, cols: number): void => {
    tensors.push({ name, rows, cols, offset, size: rows * cols });
    offset += rows * cols;
  };
  let inputs = desc.obsSize;
  desc.hidden.forEach((width, i) => {
    push(`trunk.${i}.weight`, inputs, width);
    push(`trunk.${i}.bias`, 1, width);
    inputs = width;
  });
  push('heads.weight', inputs, desc.actionCount + 1);
  push('heads.bias', 1, desc.actionCount + 1);
  return tensors;
}

export function paramCount(desc: NetworkDescriptor): number {
  const layout = paramLayout(desc);
  const last = layout[layout.length - 1]!;
  return last.offset + last.size;
}

/** 32-bit FNV-1a over little-endian u32 words. */
export function fnv1a32(words: readonly number[]): number {
  let hash = 0x811c9dc5;
  for (const word of words) {
    for (let shift = 0; shift < 32; shift += 8) {
      hash ^= (word >>> shift) & 0xff;
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return hash >>> 0;
}

/**
 * Identifies an architecture: FNV-1a over (format version, obs size, hidden
 * layer count, each width, activation code, action count). Two networks with
 * the same hash have the same flat layout.
 */
export function shapeHash(desc: NetworkDescriptor): number {
  validateNetworkDescriptor(desc);
  return fnv1a32([
    NETWORK_FORMAT_VERSION,
    desc.obsSize,
    desc.hidden.length,
    ...desc.hidden,
    ACTIVATION_CODE[desc.activation],
    desc.actionCount,
  ]);
}

export function validateNetworkDescriptor(desc: NetworkDescriptor): void {
  const positiveInt = (v: number): boolean => Number.isInteger(v) && v > 0 && v <= 1 << 16;
  if (!positiveInt(desc.obsSize)) throw new RangeError(`network: obsSize must be a positive integer, got ${desc.obsSize}`);
  if (!positiveInt(desc.actionCount)) throw new RangeError(`network: actionCount must be a positive integer, got ${desc.actionCount}`);
  if (desc.hidden.length < 1 || desc.hidden.length > 8 || !desc.hidden.every(positiveInt)) {
    throw new RangeError(`network: hidden must be 1–8 positive layer widths, got [${desc.hidden.join(', ')}]`);
  }
  if (!(desc.activation in ACTIVATION_CODE)) throw new RangeError(`network: unknown activation '${desc.activation}'`);
}
