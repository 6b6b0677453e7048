/**
 * The env-speed figure (`env_ticks_per_s_per_core`): one batch of N envs
 * on the calling thread, both agents acting uniformly at random over the
 * allowed actions, each action held for a decision of 4 ticks, with
 * observations, masks, rewards, shaping and auto-resets all computed. The
 * random policies' time is included: it is what a rollout worker pays too.
 */
import { RandomPolicy } from './scripted-opponents.js';
import { SoccerBatch } from './soccer-batch.js';

export interface ThroughputOptions {
  /** Envs in the batch (the benchmark uses 1024). */
  readonly envs: number;
  /** Measured time, after a short warm-up that lets the JIT settle. */
  readonly seconds: number;
  readonly seed?: number;
  /** Milliseconds since some origin; performance.now by default. */
  readonly now?: () => number;
}

/** Simulated ticks per second of wall-clock time, summed over the batch. */
export function measureEnvTicks(options: ThroughputOptions): number {
  const { envs, seconds, seed = 1, now = () => performance.now() } = options;
  const batch = new SoccerBatch(envs);
  batch.reset(seed);
  const left = new RandomPolicy(envs, seed, 0);
  const right = new RandomPolicy(envs, seed, envs);
  const actions = new Int32Array(envs * batch.info.agents);
  const decide = (): void => {
    left.act(batch, 0, actions);
    right.act(batch, 1, actions);
    batch.step(actions);
  };
  const warmUpUntil = now() + Math.min(500, seconds * 250);
  while (now() < warmUpUntil) decide();
  const ticksBefore = batch.ticksSimulated;
  const start = now();
  let elapsed = 0;
  do {
    for (let i = 0; i < 8; i++) decide();
    elapsed = now() - start;
  } while (elapsed < seconds * 1000);
  return ((batch.ticksSimulated - ticksBefore) * 1000) / elapsed;
}
