/**
 * Who the learner plays in training (DESIGN.md §8.5). Each chunk, every
 * group of envs draws one opponent, so inference stays batched: the latest
 * policy (self-play), a past snapshot from the pool, or a scripted baseline.
 *
 * The mix (probabilities per group and chunk) leans on the chaser early on
 * as a bootstrap curriculum — it is the baseline a learner must beat — while
 * most play is against itself and its past selves, so it does not overfit
 * one scripted style.
 */
import { OpponentCode } from '../channels/rollout-chunk.js';
import type { Random } from '../util/random.js';

export type OpponentKind = 'latest' | 'pool' | 'chaser' | 'random';

export const OPPONENT_MIX: Readonly<Record<OpponentKind, number>> = Object.freeze({
  latest: 0.4,
  pool: 0.2,
  chaser: 0.3,
  random: 0.1,
});

/** One group's opponent for one chunk; `slot` is the pool slot when kind is 'pool'. */
export interface OpponentAssignment {
  kind: OpponentKind;
  slot: number;
}

/** Envs per opponent group: about eight groups per worker, at least one env each. */
export function opponentGroupSize(envs: number): number {
  return Math.max(1, Math.ceil(envs / 8));
}

/**
 * Draws each group's opponent. `filledPoolSlots` lists the pool slots that
 * hold a snapshot; with none, a pool draw plays the latest policy instead.
 */
export function drawOpponents(random: Random, groups: OpponentAssignment[], filledPoolSlots: readonly number[]): void {
  for (const group of groups) {
    const u = random.next();
    let kind: OpponentKind = 'random';
    let acc = 0;
    for (const candidate of ['latest', 'pool', 'chaser', 'random'] as const) {
      acc += OPPONENT_MIX[candidate];
      if (u < acc) {
        kind = candidate;
        break;
      }
    }
    group.slot = -1;
    if (kind === 'pool') {
      if (filledPoolSlots.length === 0) kind = 'latest';
      else group.slot = filledPoolSlots[random.int(filledPoolSlots.length)]!;
    }
    group.kind = kind;
  }
}

/** The opponent code stored in episode records (src/channels/rollout-chunk.ts). */
export function opponentCode(assignment: OpponentAssignment): number {
  switch (assignment.kind) {
    case 'pool':
      return assignment.slot;
    case 'chaser':
      return OpponentCode.CHASER;
    case 'random':
      return OpponentCode.RANDOM;
    default:
      return OpponentCode.LATEST;
  }
}
