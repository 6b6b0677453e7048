/**
 * A one-agent drill's {@link EnvDefinition} from its dynamics: batches of
 * {@link SingleAgentBatch} and the uniformly random baseline (the only
 * baseline a one-agent drill needs: the floor its figures are measured from).
 */
import type { EnvDefinition, ScriptedPolicy } from '../sim/env.js';
import { SingleAgentBatch, type SingleAgentDynamics } from './single-agent-batch.js';
import { UniformRandomPolicy } from './uniform-random-policy.js';

/** The definition of a one-agent drill; its batches are {@link SingleAgentBatch}es. */
export interface SingleAgentDrill extends EnvDefinition {
  readonly dynamics: SingleAgentDynamics;
  createBatch(size: number): SingleAgentBatch;
}

export function singleAgentDrill(dynamics: SingleAgentDynamics): SingleAgentDrill {
  const id = dynamics.info.id;
  return {
    info: dynamics.info,
    dynamics,
    createBatch: (size: number) => new SingleAgentBatch(dynamics, size),
    baselines: ['random'],
    createBaseline(name: string, size: number, seed: number, firstEnvIndex = 0): ScriptedPolicy {
      if (name === 'random') return new UniformRandomPolicy(size, seed, firstEnvIndex);
      throw new RangeError(`${id} has no baseline named ${JSON.stringify(name)} (it has: random)`);
    },
  };
}
