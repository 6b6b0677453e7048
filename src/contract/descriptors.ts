/**
 * The shapes of the data that crosses thread boundaries: the policy
 * network's descriptor, the rollout lanes' and the weights channel's sizes,
 * and the handles the runtime hands each worker. Plain data, no behaviour:
 * src/nn and src/channels give them meaning (docs/layouts.md has the bytes).
 */

/** How hot data moves: shared memory when the page is cross-origin isolated, else transfer. */
export type Transport = 'shared-memory' | 'transfer';

export type Activation = 'tanh' | 'relu';

/**
 * `shared`: one trunk feeds both heads (the policy logits and the value).
 * `separate`: the actor and the critic each have their own trunk of the
 * same widths, so the value loss cannot pull on the policy's features.
 */
export type TrunkKind = 'shared' | 'separate';

/** The policy network's shape; src/nn/network-descriptor.ts derives its parameter layout and shape hash. */
export interface NetworkDescriptor {
  /** Length of one observation vector. */
  readonly obsSize: number;
  /** Widths of the hidden layers, input side first (each trunk's, when separate). */
  readonly hidden: readonly number[];
  readonly activation: Activation;
  /** Number of discrete actions (policy logits). */
  readonly actionCount: number;
  /** Absent means `shared`: descriptors and model files from before the option read as they always did. */
  readonly trunk?: TrunkKind;
}

/** The sizes every rollout lane and chunk of one run share (src/channels/channel-descriptor.ts). */
export interface ChannelDescriptor {
  /** Floats per observation. */
  readonly obsSize: number;
  /** Discrete actions; the mask has ⌈actionCount / 32⌉ words per step. */
  readonly actionCount: number;
  /** T: decisions per env per chunk. */
  readonly steps: number;
  /** N: envs in one chunk (one rollout worker's batch). */
  readonly envs: number;
  /** Episode-end records a chunk can hold. */
  readonly episodeRecords: number;
  /** Floats in one weights vector. */
  readonly paramCount: number;
}

/** One lane: its chunk layout and how many chunks it holds (a power of two). */
export interface LaneSpec {
  readonly descriptor: ChannelDescriptor;
  readonly capacity: number;
}

/** Either end of a lane, as posted to a worker. */
export type LaneHandle =
  | { readonly transport: 'shared-memory'; readonly buffer: SharedArrayBuffer }
  | { readonly transport: 'transfer'; readonly port: MessagePort; readonly spec: LaneSpec };

/** The weights channel: one latest slot and pool slots, each a versioned double buffer. */
export interface WeightsSpec {
  readonly descriptor: ChannelDescriptor;
  /** FNV-1a of the network descriptor: a reader refuses weights of another shape. */
  readonly shapeHash: number;
  /** Slot 0 is the latest policy; 1… are self-play pool snapshots. */
  readonly slots: number;
}

export type WeightsPublisherHandle =
  | { readonly transport: 'shared-memory'; readonly buffer: SharedArrayBuffer }
  | { readonly transport: 'transfer'; readonly spec: WeightsSpec; readonly ports: readonly MessagePort[] };

export type WeightsReaderHandle =
  | { readonly transport: 'shared-memory'; readonly buffer: SharedArrayBuffer }
  | { readonly transport: 'transfer'; readonly spec: WeightsSpec; readonly port: MessagePort };
