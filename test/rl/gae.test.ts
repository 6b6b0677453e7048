// GAE against hand-computed values: a plain run into the chunk boundary,
// a goal (terminal) inside the chunk, time-limit truncations inside the
// chunk and on its last step, and a terminal on the last step.
import { expect } from '@open-wc/testing';
import type { ChannelDescriptor } from '../../src/channels/channel-descriptor.js';
import { chunkLayout, ChunkView } from '../../src/channels/rollout-chunk.js';
import { chunkGaeInput, computeGae, type GaeInput } from '../../src/rl/gae.js';
import { PpoBatchBuffer } from '../../src/rl/ppo-batch.js';

const GAMMA = 0.9;
const LAMBDA = 0.8;

/** Per env (columns), per step (rows): T = 3, N = 4. */
const ENVS = [
  // Runs through the chunk: the last step bootstraps from V(s_T) = 2.
  { rew: [1, 0, 2], value: [0.5, 1, 1.5], done: [0, 0, 0], truncated: [0, 0, 0], finalValue: [0, 0, 0], bootstrap: 2,
    advantages: [2.84432, 2.006, 2.3] },
  // A goal after step 1: step 1 has no future; step 0 does not see past it.
  { rew: [0, 1, 0.5], value: [1, 2, 0.5], done: [0, 1, 0], truncated: [0, 0, 0], finalValue: [0, 0, 0], bootstrap: 3,
    advantages: [0.08, -1, 2.7] },
  // Time limit after step 0 (V(s_final) = 4) and after step 2 (V(s_final) = 10, not V(s_T) = −7).
  { rew: [1, 1, 1], value: [2, 3, 1], done: [1, 0, 1], truncated: [1, 0, 1], finalValue: [4, 0, 10], bootstrap: -7,
    advantages: [2.6, 5.38, 9] },
  // A goal on the last step: V(s_T) = 5 is ignored.
  { rew: [0, 0, 1], value: [0.1, 0.2, 0.3], done: [0, 0, 1], truncated: [0, 0, 0], finalValue: [0, 0, 0], bootstrap: 5,
    advantages: [0.49328, 0.574, 0.7] },
];
// The hand computation, e.g. env 0: δ2 = 2 + 0.9·2 − 1.5 = 2.3; δ1 = 0 + 0.9·1.5 − 1 = 0.35, A1 = 0.35 + 0.72·2.3 = 2.006;
// δ0 = 1 + 0.9·1 − 0.5 = 1.4, A0 = 1.4 + 0.72·2.006 = 2.84432. Env 2: A2 = 1 + 0.9·10 − 1 = 9; A1 = 1 + 0.9·1 − 3 + 0.72·9 = 5.38; A0 = 1 + 0.9·4 − 2 = 2.6.

const T = 3;
const N = ENVS.length;

function timeMajor<K extends 'rew' | 'value' | 'done' | 'truncated' | 'finalValue'>(key: K): number[] {
  const out: number[] = [];
  for (let t = 0; t < T; t++) for (const env of ENVS) out.push(env[key][t]!);
  return out;
}

function input(): GaeInput {
  return {
    steps: T,
    envs: N,
    rew: Float32Array.from(timeMajor('rew')),
    value: Float32Array.from(timeMajor('value')),
    done: Uint8Array.from(timeMajor('done')),
    truncated: Uint8Array.from(timeMajor('truncated')),
    finalValue: Float32Array.from(timeMajor('finalValue')),
    bootstrapValue: Float32Array.from(ENVS, (e) => e.bootstrap),
  };
}

function expectHandValues(advantages: Float32Array, returns: Float32Array, offset: number): void {
  ENVS.forEach((env, e) => {
    for (let t = 0; t < T; t++) {
      const i = offset + t * N + e;
      expect(advantages[i], `env ${e} step ${t}`).to.be.closeTo(env.advantages[t]!, 1e-5);
      expect(returns[i], `return env ${e} step ${t}`).to.be.closeTo(env.advantages[t]! + env.value[t]!, 1e-5);
    }
  });
}

const DESCRIPTOR: ChannelDescriptor = { obsSize: 2, actionCount: 30, steps: T, envs: N, episodeRecords: 2, paramCount: 8 };

function chunkOf(rewardShift: number): ChunkView {
  const chunk = new ChunkView(chunkLayout(DESCRIPTOR), new ArrayBuffer(chunkLayout(DESCRIPTOR).byteLength));
  const src = input();
  chunk.rew.set(src.rew.map((r) => r + rewardShift));
  chunk.value.set(src.value);
  chunk.done.set(src.done);
  chunk.truncated.set(src.truncated);
  chunk.finalValue.set(src.finalValue);
  chunk.bootstrapValue.set(src.bootstrapValue);
  chunk.obs.forEach((_, i) => { chunk.obs[i] = i + rewardShift; });
  chunk.mask.forEach((_, i) => { chunk.mask[i] = 0x3fffffff - i; });
  chunk.act.forEach((_, i) => { chunk.act[i] = i % 30; });
  chunk.logp.forEach((_, i) => { chunk.logp[i] = -i; });
  return chunk;
}

describe('GAE', () => {
  it('matches hand-computed advantages and returns (boundary, terminal, truncations)', () => {
    const advantages = new Float32Array(T * N);
    const returns = new Float32Array(T * N);
    computeGae(input(), GAMMA, LAMBDA, advantages, returns);
    expectHandValues(advantages, returns, 0);
  });

  it('writes at an offset and reads a chunk view directly', () => {
    const advantages = new Float32Array(5 + T * N).fill(-99);
    const returns = new Float32Array(5 + T * N).fill(-99);
    computeGae(chunkGaeInput(chunkOf(0)), GAMMA, LAMBDA, advantages, returns, 5);
    expectHandValues(advantages, returns, 5);
    expect(Array.from(advantages.subarray(0, 5))).to.deep.equal([-99, -99, -99, -99, -99]);
  });

  it('λ = 1, γ = 1 without dones gives reward-to-go plus the bootstrap, minus the value', () => {
    const src = { ...input(), done: new Uint8Array(T * N), truncated: new Uint8Array(T * N) };
    const advantages = new Float32Array(T * N);
    const returns = new Float32Array(T * N);
    computeGae(src, 1, 1, advantages, returns);
    ENVS.forEach((env, e) => {
      for (let t = 0; t < T; t++) {
        const toGo = env.rew.slice(t).reduce((s, r) => s + r, 0) + env.bootstrap;
        expect(returns[t * N + e]).to.be.closeTo(toGo, 1e-5);
      }
    });
  });

  it('refuses short arrays', () => {
    expect(() => computeGae(input(), GAMMA, LAMBDA, new Float32Array(3), new Float32Array(12))).to.throw(RangeError);
  });

  it('a batch buffer gathers chunks with their advantages', () => {
    const batch = new PpoBatchBuffer(2, 30, 2 * T * N);
    batch.appendChunk(chunkOf(0), GAMMA, LAMBDA);
    batch.appendChunk(chunkOf(1), GAMMA, LAMBDA);
    expect(batch.size).to.equal(2 * T * N);
    expectHandValues(batch.advantages, batch.returns, 0);
    // The second chunk's rewards are all 1 higher.
    expect(batch.advantages[T * N + 0]).not.to.be.closeTo(batch.advantages[0]!, 1e-3);
    expect(batch.obs[T * N * 2]).to.equal(1);
    expect(batch.mask[T * N + 1]).to.equal(0x3fffffff - 1);
    expect(batch.act[T * N + 7]).to.equal(7);
    expect(batch.logp[T * N + 3]).to.equal(-3);
    expect(() => batch.appendChunk(chunkOf(0), GAMMA, LAMBDA)).to.throw(RangeError, /does not fit/);
    batch.clear();
    expect(batch.size).to.equal(0);
  });
});
