// A batch of random PPO experience for learner tests.
import type { NetworkDescriptor } from '../../src/nn/network-descriptor.js';
import type { PpoBatch } from '../../src/rl/learner.js';
import { Random } from '../../src/util/random.js';

/** Random experience: some actions masked (action 0 always allowed), plausible log-probs. Needs actionCount ≤ 32. */
export function syntheticBatch(size: number, seed: number, desc: NetworkDescriptor): PpoBatch {
  const random = new Random(seed);
  const mask = new Uint32Array(size);
  const act = new Int32Array(size);
  const all = desc.actionCount >= 32 ? 0xffffffff : 2 ** desc.actionCount - 1;
  for (let i = 0; i < size; i++) {
    mask[i] = ((random.nextUint32() & all) | 1) >>> 0;
    do act[i] = random.int(desc.actionCount); while (!((mask[i]! >>> act[i]!) & 1));
  }
  return {
    size,
    obs: Float32Array.from({ length: size * desc.obsSize }, () => random.normal()),
    mask,
    act,
    logp: Float32Array.from({ length: size }, () => Math.log(1 / 20) + 0.1 * random.normal()),
    value: Float32Array.from({ length: size }, () => random.normal()),
    advantages: Float32Array.from({ length: size }, () => random.normal()),
    returns: Float32Array.from({ length: size }, () => random.normal()),
  };
}
