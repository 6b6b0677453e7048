/**
 * The network descriptor: the one place that defines the policy network's
 * shape, its flat parameter order and its shape hash (decision 2 in docs/architecture.md).
 *
 * Every component that touches weights (trainer, rollout inference, the show,
 * the weights channel, saved model files) derives sizes and offsets from a
 * descriptor through these functions, so a layout never hard-codes a size.
 */

import type { Activation, NetworkDescriptor, TrunkKind } from '../contract/descriptors.js';

export type { Activation, NetworkDescriptor, TrunkKind };

/**
 * Bumped whenever the parameter order or the meaning of a tensor changes.
 * It is part of the shape hash, so old weights are refused, never misread.
 */
export const NETWORK_FORMAT_VERSION = 1;

const ACTIVATION_CODE: Record<Activation, number> = { tanh: 1, relu: 2 };
/** Hash word of a non-default trunk; `shared` adds no word, so its hashes are those of before the option. */
const SEPARATE_TRUNK_CODE = 2;

/** The descriptor's trunk kind, `shared` where it names none. */
export function trunkKind(desc: NetworkDescriptor): TrunkKind {
  return desc.trunk ?? 'shared';
}

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
 *
 * With separate trunks, the actor's layers, then the critic's:
 *
 *   actor.i.weight [h(i-1)][hi], actor.i.bias [hi], …
 *   actor.head.weight [hLast][actions], actor.head.bias [actions]
 *   critic.i.weight [h(i-1)][hi], critic.i.bias [hi], …
 *   critic.head.weight [hLast][1], critic.head.bias [1]
 *
 * (the network's output rows keep one layout either way: the actor head
 * writes columns `0 … actions-1`, the critic head column `actions`).
 */
export function paramLayout(desc: NetworkDescriptor): ParamTensor[] {
  validateNetworkDescriptor(desc);
  const tensors: ParamTensor[] = [];
  let offset = 0;
  const push = (name: string, rows: number, cols: number): void => {
    tensors.push({ name, rows, cols, offset, size: rows * cols });
    offset += rows * cols;
  };
  const tower = (prefix: string, head: string, outputs: number): void => {
    let inputs = desc.obsSize;
    desc.hidden.forEach((width, i) => {
      push(`${prefix}.${i}.weight`, inputs, width);
      push(`${prefix}.${i}.bias`, 1, width);
      inputs = width;
    });
    push(`${head}.weight`, inputs, outputs);
    push(`${head}.bias`, 1, outputs);
  };
  if (trunkKind(desc) === 'shared') {
    tower('trunk', 'heads', desc.actionCount + 1);
  } else {
    tower('actor', 'actor.head', desc.actionCount);
    tower('critic', 'critic.head', 1);
  }
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
 * layer count, each width, activation code, action count), then a trunk
 * word for separate trunks only. Two networks with the same hash have the
 * same flat layout. Only what shapes the parameters enters it: training
 * options (value clipping, advantage normalisation, lr schedule) do not.
 */
export function shapeHash(desc: NetworkDescriptor): number {
  validateNetworkDescriptor(desc);
  const words = [
    NETWORK_FORMAT_VERSION,
    desc.obsSize,
    desc.hidden.length,
    ...desc.hidden,
    ACTIVATION_CODE[desc.activation],
    desc.actionCount,
  ];
  if (trunkKind(desc) === 'separate') words.push(SEPARATE_TRUNK_CODE);
  return fnv1a32(words);
}

export function validateNetworkDescriptor(desc: NetworkDescriptor): void {
  const positiveInt = (v: number): boolean => Number.isInteger(v) && v > 0 && v <= 1 << 16;
  if (!positiveInt(desc.obsSize)) throw new RangeError(`network: obsSize must be a positive integer, got ${desc.obsSize}`);
  if (!positiveInt(desc.actionCount)) throw new RangeError(`network: actionCount must be a positive integer, got ${desc.actionCount}`);
  if (desc.hidden.length < 1 || desc.hidden.length > 8 || !desc.hidden.every(positiveInt)) {
    throw new RangeError(`network: hidden must be 1–8 positive layer widths, got [${desc.hidden.join(', ')}]`);
  }
  if (!(desc.activation in ACTIVATION_CODE)) throw new RangeError(`network: unknown activation '${desc.activation}'`);
  if (desc.trunk !== undefined && desc.trunk !== 'shared' && desc.trunk !== 'separate') throw new RangeError(`network: trunk must be 'shared' or 'separate', got ${JSON.stringify(desc.trunk)}`);
}
