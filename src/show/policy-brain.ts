/**
 * One policy network the show plays with: the weights of one version, a
 * masked categorical over its logits, and the version's provenance. Weights
 * are copied in only when the show says so (at a decision boundary), never
 * in the middle of a decision.
 */
import { MaskedCategorical } from '../nn/categorical.js';
import type { NetworkDescriptor } from '../nn/network-descriptor.js';
import { PolicyNetwork } from '../nn/policy-network.js';
import type { Random } from '../util/random.js';

export class PolicyBrain {
  /** Policy version of the loaded weights (0: none yet; the network's own initialisation plays). */
  version = 0;
  /** When the loaded version was published, ms since the epoch. */
  publishedAt = 0;
  private readonly categorical: MaskedCategorical;
  private readonly maskRow = new Uint32Array(1);
  private readonly sampled = { act: new Int32Array(1), logp: new Float32Array(1), value: new Float32Array(1) };

  private constructor(readonly network: PolicyNetwork) {
    this.categorical = new MaskedCategorical(network.descriptor.actionCount);
  }

  static async create(descriptor: NetworkDescriptor): Promise<PolicyBrain> {
    return new PolicyBrain(await PolicyNetwork.create(descriptor, { maxRows: 1 }));
  }

  get descriptor(): NetworkDescriptor {
    return this.network.descriptor;
  }

  load(params: Float32Array, version: number, publishedAt: number): void {
    this.network.params.set(params);
    this.version = version;
    this.publishedAt = publishedAt;
  }

  /** The action probabilities for one observation under its action mask (0 where masked), into `out`. */
  probabilities(observation: Float32Array, mask: number, out: Float64Array): Float64Array {
    this.network.input.set(observation);
    this.network.forward(1);
    this.maskRow[0] = mask;
    this.categorical.evaluate(this.network.output, 0, this.maskRow, 0);
    out.set(this.categorical.probs);
    return out;
  }

  /** Samples an action for one observation under its action mask. */
  act(observation: Float32Array, mask: number, random: Random): number {
    this.network.input.set(observation);
    this.network.forward(1);
    this.maskRow[0] = mask;
    this.categorical.sample(1, this.network, this.maskRow, random, this.sampled);
    return this.sampled.act[0]!;
  }
}
