/**
 * The network as the GPU learner walks it: a chain of dense layers read off
 * the descriptor's paramLayout (every `<name>.weight` with its
 * `<name>.bias`, in layout order), so sizes and offsets are never assumed.
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
  /** The descriptor's activation follows (every layer but the output). */
  readonly activated: boolean;
}

export function denseLayers(desc: NetworkDescriptor): DenseLayer[] {
  const layout = paramLayout(desc);
  const layers: DenseLayer[] = [];
  for (const weight of layout) {
    if (!weight.name.endsWith('.weight')) continue;
    const biasName = `${weight.name.slice(0, -'.weight'.length)}.bias`;
    const bias = layout.find((t) => t.name === biasName);
    if (!bias || bias.size !== weight.cols) throw new RangeError(`gpu: ${weight.name} has no ${biasName} of ${weight.cols} floats in the parameter layout`);
    layers.push({ name: weight.name, inputs: weight.rows, outputs: weight.cols, weightOffset: weight.offset, biasOffset: bias.offset, activated: true });
  }
  const chained = layers.length > 0 && layers[0]!.inputs === desc.obsSize && layers.every((layer, i) => i === 0 || layer.inputs === layers[i - 1]!.outputs);
  if (!chained || layers.at(-1)!.outputs !== desc.actionCount + 1) {
    throw new RangeError(`gpu: the GPU path computes one chain of dense layers from ${desc.obsSize} observations to ${desc.actionCount} logits and a value (a shared trunk); this network's layout is another (separate actor and critic trunks run on the CPU)`);
  }
  return layers.map((layer, i) => (i === layers.length - 1 ? { ...layer, activated: false } : layer));
}
