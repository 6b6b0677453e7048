/**
 * Plays one scripted baseline against another on seeded episodes, half
 * with each side, and counts the first baseline's results. This is how
 * docs/env.md's calibration figure (chaser against random) is computed.
 *
 * Side s uses a batch reset with `seed` and firstEnvIndex 0, so both sides
 * see the same set of kickoffs; each env plays exactly one episode.
 */
import { type EnvDefinition, Winner } from './env.js';

export interface MatchupOptions {
  /** Total episodes, split evenly between the two sides (rounded up to even). */
  readonly episodes: number;
  readonly seed: number;
}

export interface MatchupResult {
  readonly episodes: number;
  readonly wins: number;
  /** Wins as [left player, right player]; each side plays half the episodes. */
  readonly winsBySide: readonly [number, number];
  readonly losses: number;
  readonly draws: number;
  /** Wins / episodes: draws count as not won. */
  readonly winRate: number;
  /** Fraction of episodes that ended in a goal rather than at the time limit. */
  readonly goalRate: number;
  /** Mean episode length in decisions. */
  readonly meanLength: number;
}

export function playMatchup(env: EnvDefinition, player: string, opponent: string, options: MatchupOptions): MatchupResult {
  const perSide = Math.ceil(options.episodes / 2);
  const winsBySide: [number, number] = [0, 0];
  let losses = 0;
  let draws = 0;
  let length = 0;
  for (const side of [Winner.LEFT, Winner.RIGHT]) {
    const batch = env.createBatch(perSide);
    batch.reset(options.seed, 0);
    const policies = [env.createBaseline(player, perSide, options.seed), env.createBaseline(opponent, perSide, options.seed)];
    const actions = new Int32Array(perSide * batch.info.agents);
    const finished = new Uint8Array(perSide);
    let remaining = perSide;
    while (remaining > 0) {
      policies[0]!.act(batch, side, actions);
      policies[1]!.act(batch, 1 - side, actions);
      batch.step(actions);
      for (let e = 0; e < perSide; e++) {
        if (!batch.done[e] || finished[e]) continue;
        finished[e] = 1;
        remaining--;
        length += batch.episodeLength[e]!;
        const winner = batch.winner[e]!;
        if (winner === Winner.DRAW) draws++;
        else if (winner === side) winsBySide[side]++;
        else losses++;
      }
    }
  }
  const episodes = 2 * perSide;
  const wins = winsBySide[0] + winsBySide[1];
  return { episodes, wins, winsBySide, losses, draws, winRate: wins / episodes, goalRate: (wins + losses) / episodes, meanLength: length / episodes };
}
