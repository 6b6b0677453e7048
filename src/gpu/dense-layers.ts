/**
 * The network as the GPU learner walks it: chains of dense layers read off
 * the descriptor's paramLayout (every `<name>.weight` with its
 * `<name>.bias`, in layout order), so sizes and offsets are never assumed.
 * Each chain is `hidden.length` hidden layers from the observations and an
 * output layer; the output layers together write the output row — one
 * chain (a shared trunk, logits and value fused) or several (separate actor
 * and critic trunks), their columns in layout order.
 */
import { type NetworkDescriptor, paramLayout } from '../nn/network-descriptor.js';

export interface DenseLayer {
  /** The weight tensor's name in paramLayout (e.g. `trunk.0.weight`). */
  readonly name: string;
  readonly inputs: number;
  readonly outputs: number;
  /** Offsets in floats in the flat parameter vector. */
  readonly weightOffset: number;
  readonly biasOffset: number;
  /** The descriptor's activation follows (every layer but the output ones). */
  readonly activated: boolean;
  /** The layer whose output this one reads; -1: the observations. */
  readonly input: number;
  /** Position in its chain (0: reads the observations). */
  readonly depth: number;
  /** Which chain (trunk) it belongs to, 0 first. */
  readonly chain: number;
  /** Output layers: the first column of the output row they write; -1 for hidden layers. */
  readonly column: number;
}

export function denseLayers(desc: NetworkDescriptor): DenseLayer[] {
  const layout = paramLayout(desc);
  const pairs = layout.filter((t) => t.name.endsWith('.weight')).map((weight) => {
    const biasName = `${weight.name.slice(0, -'.weight'.length)}.bias`;
    const bias = layout.find((t) => t.name === biasName);
    if (!bias || bias.size !== weight.cols) throw new RangeError(`gpu: ${weight.name} has no ${biasName} of ${weight.cols} floats in the parameter layout`);
    return { weight, bias };
  });
  const perChain = desc.hidden.length + 1;
  const layers: DenseLayer[] = [];
  let column = 0;
  let fits = pairs.length > 0 && pairs.length % perChain === 0;
  pairs.forEach(({ weight, bias }, i) => {
    const depth = i % perChain;
    const head = depth === perChain - 1;
    const expectedInputs = depth === 0 ? desc.obsSize : desc.hidden[depth - 1]!;
    if (weight.rows !== expectedInputs || (!head && weight.cols !== desc.hidden[depth])) fits = false;
    layers.push({
      name: weight.name, inputs: weight.rows, outputs: weight.cols, weightOffset: weight.offset, biasOffset: bias.offset,
      activated: !head, input: depth === 0 ? -1 : i - 1, depth, chain: Math.floor(i / perChain), column: head ? column : -1,
    });
    if (head) column += weight.cols;
  });
  if (!fits || column !== desc.actionCount + 1) {
    throw new RangeError(`gpu: the parameter layout is not chains of dense layers from ${desc.obsSize} observations to ${desc.actionCount} logits and a value`);
  }
  return layers;
}
