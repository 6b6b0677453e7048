/**
 * The env interface's helpers; the interface itself is in the contract
 * (src/contract/env.ts, docs/env.md), where a drill author finds it.
 */

export type { EnvDefinition, EnvInfo, EnvOptions, ScriptedPolicy, VecEnv } from '../contract/env.js';
import type { EnvInfo } from '../contract/env.js';

/** Mask words per agent: bit a of word ⌊a/32⌋ set ⇔ action a allowed. */
export function maskWords(info: EnvInfo): number {
  return Math.ceil(info.actionCount / 32);
}

/** Outcome codes of {@link VecEnv.winner}. */
export const Winner = { LEFT: 0, RIGHT: 1, DRAW: -1 } as const;
