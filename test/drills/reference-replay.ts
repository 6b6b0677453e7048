// Shared by the classic-drill tests: replays trajectories recorded from
// Gymnasium (scripts/gym-fixtures.py → test/drills/fixtures/*.json) through
// one of our envs, and the batch-versus-single-env determinism check.
import { expect } from '@open-wc/testing';
import type { SingleAgentDrill } from '../../src/drills/single-agent-drill.js';
import { deriveSeed, Random, Stream } from '../../src/util/random.js';

export interface ReferenceStep {
  obs: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
  state: number[];
}

export interface ReferenceEpisode {
  seed: number;
  policy: string;
  initial_state: number[];
  initial_obs: number[];
  actions: number[];
  steps: ReferenceStep[];
}

export interface ReferenceFixture {
  env: string;
  gymnasium: string;
  max_episode_steps: number;
  episodes: ReferenceEpisode[];
}

export async function loadFixture(name: string): Promise<ReferenceFixture> {
  const response = await fetch(new URL(`./fixtures/${name}.json`, import.meta.url));
  if (!response.ok) throw new Error(`fixture ${name}: HTTP ${response.status}`);
  return (await response.json()) as ReferenceFixture;
}

/** Largest |ours − reference| over a vector. */
function maxError(ours: ArrayLike<number>, reference: readonly number[]): number {
  expect(ours.length, 'vector length').to.equal(reference.length);
  let worst = 0;
  for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - reference[i]!));
  return worst;
}

/**
 * Plays each episode's actions from its initial state in env 0 of a fresh
 * batch, checking every step's observation against the reference within
 * `obsTolerance`, and reward, terminated and truncated exactly. Returns the
 * largest observation error seen.
 */
export function replayEpisodes(drill: SingleAgentDrill, fixture: ReferenceFixture, obsTolerance: number): number {
  const batch = drill.createBatch(1);
  batch.reset(1);
  const action = new Int32Array(1);
  let worst = 0;
  for (const episode of fixture.episodes) {
    batch.setState(0, episode.initial_state);
    expect(Array.from(batch.obs), `seed ${episode.seed}: initial observation`).to.deep.equal(episode.initial_obs);
    episode.steps.forEach((step, t) => {
      const where = `seed ${episode.seed} (${episode.policy}), step ${t + 1}`;
      action[0] = episode.actions[t]!;
      batch.step(action);
      const last = t === episode.steps.length - 1;
      expect(batch.done[0], `${where}: done`).to.equal(last ? 1 : 0);
      expect(batch.reward[0], `${where}: reward`).to.equal(step.reward);
      expect(Boolean(batch.done[0] && !batch.truncated[0]), `${where}: terminated`).to.equal(step.terminated);
      expect(Boolean(batch.truncated[0]), `${where}: truncated`).to.equal(step.truncated);
      const error = maxError(last ? batch.finalObs : batch.obs, step.obs);
      expect(error, `${where}: observation error`).to.be.at.most(obsTolerance);
      worst = Math.max(worst, error);
    });
    expect(batch.episodeLength[0]).to.equal(episode.steps.length);
    expect(batch.episodeReturn[0]).to.equal(episode.steps.reduce((sum, s) => sum + s.reward, 0));
  }
  return worst;
}

/**
 * Steps once from every reference state (so errors cannot compound) and
 * compares the state reached with the reference's, relative to its size.
 * Returns the largest relative error.
 */
export function checkSingleSteps(drill: SingleAgentDrill, fixture: ReferenceFixture, relativeTolerance: number): number {
  const batch = drill.createBatch(1);
  batch.reset(1);
  const action = new Int32Array(1);
  let worst = 0;
  for (const episode of fixture.episodes) {
    let from = episode.initial_state;
    episode.steps.forEach((step, t) => {
      batch.setState(0, from);
      action[0] = episode.actions[t]!;
      batch.step(action);
      // The step that ends an episode auto-resets the state; its observation survives in finalObs.
      if (!batch.done[0]) {
        for (let i = 0; i < step.state.length; i++) {
          const error = Math.abs(batch.state[i]! - step.state[i]!) / Math.max(1, Math.abs(step.state[i]!));
          expect(error, `seed ${episode.seed}, step ${t + 1}: state[${i}] ${batch.state[i]} vs ${step.state[i]}`).to.be.at.most(relativeTolerance);
          worst = Math.max(worst, error);
        }
      }
      expect(Boolean(batch.done[0] && !batch.truncated[0]), `seed ${episode.seed}, step ${t + 1}: terminated`).to.equal(step.terminated);
      from = step.state;
    });
  }
  return worst;
}

/** A batch of N and N single envs reset with their indices run bit-identical episodes under the same actions. */
export function checkBatchMatchesSingles(drill: SingleAgentDrill, envs: number, steps: number): { episodes: number } {
  const seed = 5;
  const batch = drill.createBatch(envs);
  batch.reset(seed);
  const singles = Array.from({ length: envs }, (_, i) => {
    const single = drill.createBatch(1);
    single.reset(seed, i);
    return single;
  });
  const random = new Random(deriveSeed(seed, Stream.ACTION_SAMPLING, 0));
  const actions = new Int32Array(envs);
  const one = new Int32Array(1);
  const { obsSize, actionCount } = drill.info;
  let episodes = 0;
  for (let t = 0; t < steps; t++) {
    for (let e = 0; e < envs; e++) actions[e] = random.int(actionCount);
    batch.step(actions);
    for (let e = 0; e < envs; e++) {
      one[0] = actions[e]!;
      const single = singles[e]!;
      single.step(one);
      const fields = [
        [batch.obs.subarray(e * obsSize, (e + 1) * obsSize), single.obs],
        [batch.state.subarray(e * 4, (e + 1) * 4), single.state],
        [batch.reward.subarray(e, e + 1), single.reward],
        [batch.done.subarray(e, e + 1), single.done],
        [batch.truncated.subarray(e, e + 1), single.truncated],
        [batch.episodeId.subarray(e, e + 1), single.episodeId],
        [batch.episodeStep.subarray(e, e + 1), single.episodeStep],
      ] as const;
      for (const [ours, theirs] of fields) {
        if (Array.from(ours).join() !== Array.from(theirs).join()) throw new Error(`env ${e} diverges from its single env at step ${t + 1}`);
      }
      if (batch.done[e]) {
        episodes++;
        expect(Array.from(batch.finalObs.subarray(e * obsSize, (e + 1) * obsSize))).to.deep.equal(Array.from(single.finalObs));
        expect(batch.episodeReturn[e]).to.equal(single.episodeReturn[0]);
        expect(batch.episodeLength[e]).to.equal(single.episodeLength[0]);
        expect(batch.winner[e]).to.equal(single.winner[0]);
      }
    }
  }
  return { episodes };
}
