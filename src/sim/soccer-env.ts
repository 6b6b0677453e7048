/**
 * The soccer drill as the trainer sees it: its {@link EnvInfo}, batches, and
 * the two scripted baselines by name.
 */
import type { EnvDefinition, EnvOptions, ScriptedPolicy } from './env.js';
import { ChaserPolicy, RandomPolicy } from './scripted-opponents.js';
import { SOCCER_INFO, SoccerBatch } from './soccer-batch.js';

export const soccerEnv: EnvDefinition = {
  info: SOCCER_INFO,
  createBatch: (size: number, options?: EnvOptions) => new SoccerBatch(size, options),
  baselines: ['random', 'chaser'],
  createBaseline(name: string, size: number, seed: number, firstEnvIndex = 0): ScriptedPolicy {
    if (name === 'random') return new RandomPolicy(size, seed, firstEnvIndex);
    if (name === 'chaser') return new ChaserPolicy(size);
    throw new RangeError(`soccer has no baseline named ${JSON.stringify(name)} (it has: ${soccerEnv.baselines.join(', ')})`);
  },
};
