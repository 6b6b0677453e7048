/**
 * The size descriptor and header shared by every shared-memory structure
 * (rollout lanes, rollout chunks, the weights channel).
 *
 * Every structure begins with the same eight 32-bit words:
 *
 *   word 0  magic           four ASCII bytes naming the structure
 *   word 1  layout version  bumped on any change to that structure's layout
 *   word 2  obsSize         floats per observation
 *   word 3  actionCount     discrete actions (mask bits)
 *   word 4  steps           T, decisions per chunk
 *   word 5  envs            N, environments per chunk
 *   word 6  episodeRecords  E, episode records a chunk can hold
 *   word 7  paramCount      floats in one weights vector
 *
 * A reader compares all eight against what it expects and refuses the
 * structure with a {@link LayoutMismatchError} if any differs: unknown bytes
 * are never read as if they had the expected layout.
 */

import type { ChannelDescriptor } from '../contract/descriptors.js';

export type { ChannelDescriptor };

export const HEADER_WORDS = 8;

const DESCRIPTOR_FIELDS = ['obsSize', 'actionCount', 'steps', 'envs', 'episodeRecords', 'paramCount'] as const;

/** Four ASCII characters packed little-endian into a u32, e.g. `magic('DRLN')`. */
export function magic(fourCC: string): number {
  if (fourCC.length !== 4) throw new Error(`magic must be 4 characters: '${fourCC}'`);
  let value = 0;
  for (let i = 0; i < 4; i++) value |= fourCC.charCodeAt(i) << (8 * i);
  return value >>> 0;
}

export function fourCC(value: number): string {
  let text = '';
  for (let i = 0; i < 4; i++) {
    const code = (value >>> (8 * i)) & 0xff;
    text += code >= 32 && code < 127 ? String.fromCharCode(code) : '?';
  }
  return text;
}

export class LayoutMismatchError extends Error {
  readonly code = 'layout-mismatch';
  constructor(message: string) {
    super(message);
    this.name = 'LayoutMismatchError';
  }
}

export function validateChannelDescriptor(desc: ChannelDescriptor): void {
  for (const field of DESCRIPTOR_FIELDS) {
    const v = desc[field];
    const min = field === 'episodeRecords' ? 0 : 1;
    if (!Number.isInteger(v) || v < min || v > 0x7fffffff) {
      throw new RangeError(`channel descriptor: ${field} must be an integer ≥ ${min}, got ${v}`);
    }
  }
}

export function writeHeader(words: Int32Array, magicValue: number, version: number, desc: ChannelDescriptor): void {
  validateChannelDescriptor(desc);
  words[0] = magicValue;
  words[1] = version;
  DESCRIPTOR_FIELDS.forEach((field, i) => (words[2 + i] = desc[field]));
}

export function readDescriptor(words: Int32Array): ChannelDescriptor {
  return {
    obsSize: words[2]!,
    actionCount: words[3]!,
    steps: words[4]!,
    envs: words[5]!,
    episodeRecords: words[6]!,
    paramCount: words[7]!,
  };
}

/**
 * Throws a {@link LayoutMismatchError} naming the first field that differs.
 * `what` names the structure in the message (e.g. "rollout lane 2").
 */
export function checkHeader(
  words: Int32Array,
  what: string,
  magicValue: number,
  version: number,
  expected: ChannelDescriptor,
): void {
  const rebuild = 'The page and its workers come from different builds of drill, or the structure was created for another configuration: reload the page, or reset the runtime after changing sizes.';
  if (words.length < HEADER_WORDS || words[0]! >>> 0 !== magicValue) {
    throw new LayoutMismatchError(
      `${what}: bad magic '${fourCC(words[0] ?? 0)}', expected '${fourCC(magicValue)}' — this is not a drill ${what}. ${rebuild}`,
    );
  }
  if (words[1] !== version) {
    throw new LayoutMismatchError(`${what}: layout version ${words[1]}, expected ${version}. ${rebuild}`);
  }
  assertSameDescriptor(readDescriptor(words), expected, what);
}

export function assertSameDescriptor(found: ChannelDescriptor, expected: ChannelDescriptor, what: string): void {
  for (const field of DESCRIPTOR_FIELDS) {
    if (found[field] !== expected[field]) {
      throw new LayoutMismatchError(
        `${what}: ${field} is ${found[field]}, expected ${expected[field]}. The structure was created for another configuration: reset the runtime after changing sizes.`,
      );
    }
  }
}

export function align(bytes: number, to = 16): number {
  return Math.ceil(bytes / to) * to;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}
