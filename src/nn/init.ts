/**
 * Orthogonal-style initialisation (Saxe et al.; the PPO implementations'
 * usual choice): each weight matrix is a random semi-orthogonal matrix times
 * a gain, biases are zero. Gains: √2 for trunk layers (the actor's and the
 * critic's, when separate), 0.01 for the policy head (near-uniform first
 * policy, so early exploration is not decided by chance), 1 for the value
 * head.
 */
import { deriveSeed, Random, Stream } from '../util/random.js';
import { type NetworkDescriptor, paramLayout } from './network-descriptor.js';

export const TRUNK_GAIN = Math.SQRT2;
export const POLICY_HEAD_GAIN = 0.01;
export const VALUE_HEAD_GAIN = 1;

/**
 * Writes a fresh initialisation into `params` (flat, paramLayout order),
 * drawn from the run seed's network stream: the same seed gives the same
 * parameters bit for bit.
 */
export function initializeParams(desc: NetworkDescriptor, params: Float32Array, seed: number): void {
  const layout = paramLayout(desc);
  const random = new Random(deriveSeed(seed, Stream.NETWORK_INIT, 0));
  params.fill(0);
  for (const tensor of layout) {
    if (tensor.name.endsWith('.bias')) continue;
    const { rows, cols, offset } = tensor;
    if (tensor.name === 'actor.head.weight') {
      orthogonal(rows, cols, POLICY_HEAD_GAIN, random, (i, j, v) => { params[offset + i * cols + j] = v; });
    } else if (tensor.name === 'critic.head.weight') {
      orthogonal(rows, cols, VALUE_HEAD_GAIN, random, (i, j, v) => { params[offset + i * cols + j] = v; });
    } else if (tensor.name === 'heads.weight') {
      // The fused head is two matrices: the policy columns and the value column.
      const actions = desc.actionCount;
      orthogonal(rows, actions, POLICY_HEAD_GAIN, random, (i, j, v) => { params[offset + i * cols + j] = v; });
      orthogonal(rows, 1, VALUE_HEAD_GAIN, random, (i, _j, v) => { params[offset + i * cols + actions] = v; });
    } else {
      orthogonal(rows, cols, TRUNK_GAIN, random, (i, j, v) => { params[offset + i * cols + j] = v; });
    }
  }
}

/**
 * A rows × cols matrix with orthonormal columns (rows ≥ cols) or rows
 * (rows < cols), times `gain`: Gram–Schmidt in float64 over Gaussian vectors.
 */
function orthogonal(rows: number, cols: number, gain: number, random: Random, write: (i: number, j: number, value: number) => void): void {
  const length = Math.max(rows, cols);
  const count = Math.min(rows, cols);
  const basis: Float64Array[] = [];
  while (basis.length < count) {
    const v = new Float64Array(length);
    for (let i = 0; i < length; i++) v[i] = random.normal();
    // Modified Gram–Schmidt, twice, for orthogonality to float64 precision.
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        let dot = 0;
        for (let i = 0; i < length; i++) dot += v[i] * q[i];
        for (let i = 0; i < length; i++) v[i] -= dot * q[i];
      }
    }
    let norm = 0;
    for (let i = 0; i < length; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    // A draw (numerically) inside the span so far is drawn again.
    if (norm < 1e-6) continue;
    for (let i = 0; i < length; i++) v[i] /= norm;
    basis.push(v);
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) write(i, j, gain * (rows >= cols ? basis[j][i] : basis[i][j]));
  }
}
