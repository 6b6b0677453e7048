/**
 * Seeded randomness. Every random stream of a run derives from one root seed
 * (decision 20 in docs/architecture.md): `deriveSeed(root, stream, index)` names a stream by its
 * purpose ({@link Stream}) and an index within it (env number, episode number,
 * worker number…), so two streams never share a sequence and a run is
 * reproducible from its root seed alone.
 */

/** The purposes random streams serve; the value is the stream's offset. */
export const Stream = {
  /** Per-env episode resets (index: global env number). */
  ENV_RESET: 1,
  /** Evaluator episodes (index: episode number). */
  EVALUATION: 2,
  /** Minibatch shuffles in the trainer (index: update number). */
  MINIBATCH_SHUFFLE: 3,
  /** Action sampling in a rollout worker (index: worker number). */
  ACTION_SAMPLING: 4,
  /** Opponent choice in a rollout worker (index: worker number). */
  OPPONENT_SAMPLING: 5,
  /** Network initialisation (index: 0). */
  NETWORK_INIT: 6,
  /** Scripted opponents' own choices (index: global env number). */
  SCRIPTED_OPPONENT: 7,
  /** The show match (index: show reset count). */
  SHOW: 8,
} as const;

/** Mixes 32-bit words into one well-distributed 32-bit seed (murmur3 finaliser per word). */
export function hash32(...words: number[]): number {
  let h = 0x9e3779b9;
  for (const word of words) {
    let k = Math.imul(word | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function deriveSeed(root: number, stream: number, index = 0): number {
  return hash32(root, stream, index);
}

/**
 * A small, fast generator (sfc32) with 128 bits of state. Its whole state is
 * four integers, so SoA code can also keep it in typed arrays via
 * {@link Random.save} / {@link Random.restore}.
 */
export class Random {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number) {
    this.seed(seed);
  }

  seed(seed: number): void {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed | 0;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Uniform integer in [0, 2³²). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  save(out: Int32Array, offset = 0): void {
    out[offset] = this.a;
    out[offset + 1] = this.b;
    out[offset + 2] = this.c;
    out[offset + 3] = this.d;
  }

  restore(from: Int32Array, offset = 0): void {
    this.a = from[offset]!;
    this.b = from[offset + 1]!;
    this.c = from[offset + 2]!;
    this.d = from[offset + 3]!;
  }
}
