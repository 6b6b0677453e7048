// The evaluator on one-agent drills: a hand-made balancing policy keeps
// CartPole up for the whole time limit, a policy that always pushes right
// does not; two-agent and one-agent evaluations refuse each other's drills.
import { expect } from '@open-wc/testing';
import { cartpoleEnv } from '../../src/drills/cartpole/index.js';
import { type NetworkDescriptor, paramCount, paramLayout } from '../../src/nn/network-descriptor.js';
import { Evaluator } from '../../src/rl/evaluator.js';
import { soccerEnv } from '../../src/sim/index.js';

const NET: NetworkDescriptor = { obsSize: 4, hidden: [4], activation: 'tanh', actionCount: 2 };

/** Parameters whose greedy action is "push right" where θ + 0.5·θ̇ > 0 (scaled by `gain`), plus `bias` toward pushing right. */
function controller(gain: number, bias: number): Float32Array {
  const params = new Float32Array(paramCount(NET));
  const tensor = (name: string) => paramLayout(NET).find((t) => t.name === name)!;
  const trunk = tensor('trunk.0.weight');
  // Hidden unit 0 = tanh(10·θ + 5·θ̇): inputs 2 and 3, column 0.
  params[trunk.offset + 2 * 4] = 10 * gain;
  params[trunk.offset + 3 * 4] = 5 * gain;
  const heads = tensor('heads.weight');
  params[heads.offset + 0] = -5;
  params[heads.offset + 1] = 5;
  params[tensor('heads.bias').offset + 1] = bias;
  return params;
}

describe('evaluator, one-agent drills', () => {
  it('reports mean return, length and success rate of the greedy policy alone', async () => {
    const evaluator = await Evaluator.create({ env: cartpoleEnv, network: NET, episodes: 20, seed: 3 });
    const balanced = evaluator.runSolo(controller(1, 0));
    expect(balanced).to.deep.equal({ episodes: 20, meanReturn: 500, meanLength: 500, successRate: 1 });
    const pushing = evaluator.runSolo(controller(0, 1));
    expect(pushing.successRate).to.equal(0);
    expect(pushing.meanReturn).to.equal(pushing.meanLength);
    expect(pushing.meanLength).to.be.within(8, 30);
    // The same seed is the same set of episodes.
    expect(evaluator.runSolo(controller(0, 1))).to.deep.equal(pushing);
  });

  it('refuses to mix one- and two-agent evaluations', async () => {
    const solo = await Evaluator.create({ env: cartpoleEnv, network: NET, episodes: 3, seed: 1 });
    expect(() => solo.run(controller(1, 0), 'random')).to.throw(RangeError, /runSolo/);
    const soccerNet: NetworkDescriptor = { obsSize: soccerEnv.info.obsSize, hidden: [8], activation: 'tanh', actionCount: soccerEnv.info.actionCount };
    const match = await Evaluator.create({ env: soccerEnv, network: soccerNet, episodes: 2, seed: 1 });
    expect(() => match.runSolo(new Float32Array(paramCount(soccerNet)))).to.throw(RangeError, /against a baseline/);
  });
});
