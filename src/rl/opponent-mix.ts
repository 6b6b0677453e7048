/**
 * Who the learner plays in training (decision 5 in docs/architecture.md). Each chunk, every
 * group of envs draws one opponent, so inference stays batched: the latest
 * policy (self-play), a past snapshot from the pool, or a scripted baseline.
 *
 * Two mixes (probabilities per group and chunk), switched by the pool:
 * - While the pool is empty the learner bootstraps against the scripted
 *   baselines only. Self-play from the first update was measured to stall:
 *   two untrained players rarely touch the ball, so neither learns to score
 *   (docs/training.md).
 * - The trainer fills the pool only once the learner wins most games against
 *   the chaser (trainer-loop.ts); from then on most play is against itself
 *   and its past selves, and the baselines stay in the mix so what it
 *   learned against them is not forgotten.
 */
import { OpponentCode } from '../channels/rollout-chunk.js';
import type { Random } from '../util/random.js';

export type OpponentKind = 'latest' | 'pool' | 'chaser' | 'random';

export type OpponentMix = Readonly<Record<OpponentKind, number>>;

export const BOOTSTRAP_MIX: OpponentMix = Object.freeze({ latest: 0, pool: 0, chaser: 0.3, random: 0.7 });
export const SELF_PLAY_MIX: OpponentMix = Object.freeze({ latest: 0.2, pool: 0.2, chaser: 0.4, random: 0.2 });

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
 * hold a snapshot: none means the bootstrap mix, any the self-play mix.
 */
export function drawOpponents(random: Random, groups: OpponentAssignment[], filledPoolSlots: readonly number[]): void {
  const mix = filledPoolSlots.length === 0 ? BOOTSTRAP_MIX : SELF_PLAY_MIX;
  for (const group of groups) {
    const u = random.next();
    let kind: OpponentKind = 'random';
    let acc = 0;
    for (const candidate of ['latest', 'pool', 'chaser', 'random'] as const) {
      acc += mix[candidate];
      if (u < acc) {
        kind = candidate;
        break;
      }
    }
    group.kind = kind;
    group.slot = kind === 'pool' ? filledPoolSlots[random.int(filledPoolSlots.length)]! : -1;
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
