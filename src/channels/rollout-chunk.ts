/**
 * One rollout chunk: T decisions × N environments of the learner's
 * experience, structure-of-arrays and time-major (index `t * N + env`).
 *
 * The same byte layout is a slot of a shared-memory lane or a standalone
 * transferable ArrayBuffer, so producers and consumers use one view type for
 * both transports. docs/layouts.md has the table.
 */
import {
  align,
  assertSameDescriptor,
  type ChannelDescriptor,
  HEADER_WORDS,
  LayoutMismatchError,
  magic,
  readDescriptor,
  validateChannelDescriptor,
  writeHeader,
} from './channel-descriptor.js';
import { wallClockMs } from './wait.js';

export const CHUNK_MAGIC = magic('DRCK');
export const CHUNK_LAYOUT_VERSION = 1;

/** Int32 word indices of the chunk header (after the common 8-word header). */
export const ChunkHeader = {
  SEQ: HEADER_WORDS + 0,
  PRODUCER: HEADER_WORDS + 1,
  POLICY_VERSION: HEADER_WORDS + 2,
  EPISODE_COUNT: HEADER_WORDS + 3,
  EPISODE_OVERFLOW: HEADER_WORDS + 4,
  /** Float64 index (byte 56) of the commit timestamp, ms since the epoch. */
  COMMITTED_AT_F64: 7,
} as const;
const CHUNK_HEADER_BYTES = 64;

/** Fields of one episode record, in u32/i32/f32 words. */
export const EpisodeRecord = {
  ENV: 0,
  LENGTH: 1,
  RETURN_F32: 2,
  /** +1 learner won, −1 learner lost, 0 draw (time limit). */
  OUTCOME: 3,
  /** Who the learner played: see {@link OpponentCode}. */
  OPPONENT: 4,
  /** 0: learner played the left side, 1: the right side. */
  SIDE: 5,
  WORDS: 6,
} as const;

/** Opponent codes in episode records: ≥ 0 is a pool slot; negatives are scripted or live, or none (a one-agent drill). */
export const OpponentCode = { LATEST: -1, RANDOM: -2, CHASER: -3, NONE: -4 } as const;

export interface ChunkLayout {
  readonly descriptor: ChannelDescriptor;
  readonly maskWords: number;
  readonly byteLength: number;
  readonly offsets: Readonly<Record<ChunkField, number>>;
}

export type ChunkField =
  | 'obs'
  | 'mask'
  | 'act'
  | 'rew'
  | 'done'
  | 'truncated'
  | 'finalValue'
  | 'logp'
  | 'value'
  | 'episodeId'
  | 'episodeStep'
  | 'bootstrapValue'
  | 'episodes';

/** Computes byte offsets; every section starts on a 16-byte boundary. */
export function chunkLayout(descriptor: ChannelDescriptor): ChunkLayout {
  validateChannelDescriptor(descriptor);
  const { obsSize, actionCount, steps, envs, episodeRecords } = descriptor;
  const cells = steps * envs;
  const maskWords = Math.ceil(actionCount / 32);
  const sizes: [ChunkField, number][] = [
    ['obs', cells * obsSize * 4],
    ['mask', cells * maskWords * 4],
    ['act', cells * 4],
    ['rew', cells * 4],
    ['done', cells],
    ['truncated', cells],
    ['finalValue', cells * 4],
    ['logp', cells * 4],
    ['value', cells * 4],
    ['episodeId', cells * 4],
    ['episodeStep', cells * 4],
    ['bootstrapValue', envs * 4],
    ['episodes', episodeRecords * EpisodeRecord.WORDS * 4],
  ];
  const offsets = {} as Record<ChunkField, number>;
  let cursor = CHUNK_HEADER_BYTES;
  for (const [field, size] of sizes) {
    offsets[field] = cursor;
    cursor = align(cursor + size);
  }
  return { descriptor, maskWords, byteLength: cursor, offsets };
}

/** Typed views over one chunk's bytes. Creating one allocates only the views. */
export class ChunkView {
  readonly header: Int32Array;
  private readonly headerF64: Float64Array;
  /** `[t][env][obsSize]` */
  readonly obs: Float32Array;
  /** `[t][env][maskWords]`: bit `a % 32` of word `a >> 5` set ⇔ action `a` allowed. */
  readonly mask: Uint32Array;
  readonly act: Int32Array;
  readonly rew: Float32Array;
  /** 1 when the episode ended after this step (goal or time limit). */
  readonly done: Uint8Array;
  /** 1 when that end was the time limit (bootstrap from finalValue). */
  readonly truncated: Uint8Array;
  /** V(s_final) on truncated steps, computed before the reset; 0 elsewhere. */
  readonly finalValue: Float32Array;
  readonly logp: Float32Array;
  readonly value: Float32Array;
  readonly episodeId: Uint32Array;
  readonly episodeStep: Uint32Array;
  /** V(s_T) per env: the value of the observation after the chunk's last step. */
  readonly bootstrapValue: Float32Array;
  /** Episode records, {@link EpisodeRecord} words each; f32 fields via episodesF32. */
  readonly episodes: Int32Array;
  readonly episodesF32: Float32Array;

  constructor(
    readonly layout: ChunkLayout,
    readonly buffer: ArrayBufferLike,
    readonly byteOffset = 0,
  ) {
    const { descriptor: d, offsets: o, maskWords } = layout;
    const cells = d.steps * d.envs;
    if (buffer.byteLength < byteOffset + layout.byteLength) {
      throw new LayoutMismatchError(`rollout chunk: buffer of ${buffer.byteLength} bytes is too small for a ${layout.byteLength}-byte chunk at ${byteOffset}`);
    }
    const at = (field: ChunkField): number => byteOffset + o[field];
    this.header = new Int32Array(buffer, byteOffset, CHUNK_HEADER_BYTES / 4);
    this.headerF64 = new Float64Array(buffer, byteOffset, CHUNK_HEADER_BYTES / 8);
    this.obs = new Float32Array(buffer, at('obs'), cells * d.obsSize);
    this.mask = new Uint32Array(buffer, at('mask'), cells * maskWords);
    this.act = new Int32Array(buffer, at('act'), cells);
    this.rew = new Float32Array(buffer, at('rew'), cells);
    this.done = new Uint8Array(buffer, at('done'), cells);
    this.truncated = new Uint8Array(buffer, at('truncated'), cells);
    this.finalValue = new Float32Array(buffer, at('finalValue'), cells);
    this.logp = new Float32Array(buffer, at('logp'), cells);
    this.value = new Float32Array(buffer, at('value'), cells);
    this.episodeId = new Uint32Array(buffer, at('episodeId'), cells);
    this.episodeStep = new Uint32Array(buffer, at('episodeStep'), cells);
    this.bootstrapValue = new Float32Array(buffer, at('bootstrapValue'), d.envs);
    this.episodes = new Int32Array(buffer, at('episodes'), d.episodeRecords * EpisodeRecord.WORDS);
    this.episodesF32 = new Float32Array(buffer, at('episodes'), d.episodeRecords * EpisodeRecord.WORDS);
  }

  get seq(): number { return this.header[ChunkHeader.SEQ]! >>> 0; }
  get producerId(): number { return this.header[ChunkHeader.PRODUCER]!; }
  get policyVersion(): number { return this.header[ChunkHeader.POLICY_VERSION]! >>> 0; }
  set policyVersion(v: number) { this.header[ChunkHeader.POLICY_VERSION] = v; }
  get episodeCount(): number { return this.header[ChunkHeader.EPISODE_COUNT]!; }
  get episodeOverflow(): number { return this.header[ChunkHeader.EPISODE_OVERFLOW]!; }
  /** Commit time, `performance.timeOrigin + performance.now()` in ms. */
  get committedAt(): number { return this.headerF64[ChunkHeader.COMMITTED_AT_F64]!; }

  /** Starts a fresh chunk: header stamped, episode list emptied. Payload arrays are left for the producer to overwrite. */
  begin(producerId: number, seq: number): void {
    writeHeader(this.header, CHUNK_MAGIC, CHUNK_LAYOUT_VERSION, this.layout.descriptor);
    this.header[ChunkHeader.SEQ] = seq;
    this.header[ChunkHeader.PRODUCER] = producerId;
    this.header[ChunkHeader.EPISODE_COUNT] = 0;
    this.header[ChunkHeader.EPISODE_OVERFLOW] = 0;
  }

  /** Adds an episode record, or counts it as overflow when the chunk is full. */
  addEpisode(env: number, length: number, ret: number, outcome: number, opponent: number, side: number): void {
    const count = this.episodeCount;
    if (count >= this.layout.descriptor.episodeRecords) {
      this.header[ChunkHeader.EPISODE_OVERFLOW]!++;
      return;
    }
    const base = count * EpisodeRecord.WORDS;
    this.episodes[base + EpisodeRecord.ENV] = env;
    this.episodes[base + EpisodeRecord.LENGTH] = length;
    this.episodesF32[base + EpisodeRecord.RETURN_F32] = ret;
    this.episodes[base + EpisodeRecord.OUTCOME] = outcome;
    this.episodes[base + EpisodeRecord.OPPONENT] = opponent;
    this.episodes[base + EpisodeRecord.SIDE] = side;
    this.header[ChunkHeader.EPISODE_COUNT] = count + 1;
  }

  stampCommit(): void {
    this.headerF64[ChunkHeader.COMMITTED_AT_F64] = wallClockMs();
  }

  /** Refuses a chunk whose header does not describe this layout. */
  check(what: string): void {
    if (this.header[0]! >>> 0 !== CHUNK_MAGIC || this.header[1] !== CHUNK_LAYOUT_VERSION) {
      throw new LayoutMismatchError(`${what}: chunk header has magic 0x${(this.header[0]! >>> 0).toString(16)} version ${this.header[1]}, expected a drill chunk of layout version ${CHUNK_LAYOUT_VERSION}. Reload the page so every worker runs the same build.`);
    }
    assertSameDescriptor(readDescriptor(this.header), this.layout.descriptor, what);
  }
}
