/**
 * A rollout worker's loop: adopt the newest weights between chunks, draw the
 * chunk's opponents, fill a chunk, hand it to the lane — until stopped.
 *
 * It yields to the event loop after every chunk (and waits with timeouts),
 * so stop and γ changes arrive within one chunk's time (decision 12 in docs/architecture.md).
 * In the deterministic mode it makes each chunk with a new policy version
 * only: chunk k is made by version k, in lockstep with the trainer.
 */
import type { ChannelDescriptor } from '../contract/descriptors.js';
import type { LaneProducer } from '../channels/rollout-lane.js';
import { LATEST_SLOT, type WeightsReader, type WeightsSource } from '../channels/weights-channel.js';
import type { CpuGate } from '../channels/cpu-gate.js';
import { sleep } from '../channels/wait.js';
import { deriveSeed, Random, Stream } from '../util/random.js';
import { drawOpponents } from './opponent-mix.js';
import type { RolloutCollector } from './rollout-collector.js';

export interface RolloutLoopOptions {
  readonly deterministic: boolean;
  readonly seed: number;
  readonly producerId: number;
  /** Each chunk passes through it (leaving cores to the page, src/channels/cpu-gate.ts); none: not gated. */
  readonly gate?: CpuGate;
}

const turn = new MessageChannel();
const waiting: (() => void)[] = [];
turn.port1.onmessage = () => waiting.shift()?.();
/** A macrotask turn without setTimeout's clamp: lets queued messages (control, transfer weights) through. */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    turn.port2.postMessage(null);
  });
}

/**
 * Before a chunk has been timed: a floor for a cold start (compilation,
 * a busy machine) plus about 10 µs per decision and thousand parameters —
 * far slower than measured, so a healthy first chunk is never taken for a hang.
 */
export function firstChunkBusyMs(descriptor: Pick<ChannelDescriptor, 'envs' | 'steps' | 'paramCount'>): number {
  return COLD_START_MS + descriptor.envs * descriptor.steps * (1 + descriptor.paramCount / 1000) * 0.01;
}

/** What a worker may spend on its first piece of work beyond the work itself (compilation, a busy machine), ms. */
export const COLD_START_MS = 3000;

export class RolloutLoop {
  private running: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private readonly latest: WeightsReader;
  private readonly pool: WeightsReader[];
  private readonly opponentRandom: Random;
  private lastVersion = 0;
  /** How long the last chunk took to fill, ms (null before the first): the loop's longest stretch without yielding. */
  private lastChunkMs: number | null = null;
  chunks = 0;

  constructor(
    private readonly collector: RolloutCollector,
    private readonly producer: LaneProducer,
    weights: WeightsSource,
    private readonly options: RolloutLoopOptions,
    private readonly onError: (error: Error) => void,
  ) {
    this.latest = weights.reader(LATEST_SLOT);
    this.pool = Array.from({ length: weights.spec.slots - 1 }, (_, i) => weights.reader(1 + i));
    this.opponentRandom = new Random(deriveSeed(options.seed, Stream.OPPONENT_SAMPLING, options.producerId));
  }

  get active(): boolean {
    return this.running !== null;
  }

  /** The policy version the worker holds. */
  get policyVersion(): number {
    return this.latest.policyVersion;
  }

  /**
   * The longest this loop expects to go without yielding, ms: three times
   * the last chunk's fill time, or before the first chunk a pessimistic
   * estimate (see {@link firstChunkBusyMs}).
   */
  get busyMs(): number {
    return this.lastChunkMs !== null ? 3 * this.lastChunkMs : firstChunkBusyMs(this.producer.layout.descriptor);
  }

  setGamma(gamma: number): void {
    this.collector.setGamma(gamma);
  }

  start(): void {
    if (this.running) return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.running = this.run(signal).catch((error: Error) => {
      if (!signal.aborted) this.onError(error);
    }).finally(() => {
      this.running = null;
    });
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.running;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      this.latest.poll();
      const version = this.latest.policyVersion;
      if (version === 0 || (this.options.deterministic && version === this.lastVersion)) {
        await sleep(1);
        continue;
      }
      const chunk = await this.producer.acquire(signal);
      if (!chunk) return;
      // Weights may have moved while the lane was full: use the newest (not in lockstep, where the version is the contract).
      if (!this.options.deterministic) this.latest.poll();
      this.collector.learner.params.set(this.latest.params);
      const filled = this.pool.filter((reader) => {
        reader.poll();
        return reader.policyVersion > 0;
      }).map((reader) => reader.slot);
      drawOpponents(this.opponentRandom, this.collector.groups, filled, this.collector.baselines);
      await this.options.gate?.enter();
      const started = performance.now();
      try {
        this.collector.collect(chunk, this.latest.policyVersion, (slot) => this.pool[slot - 1]!.params);
      } finally {
        this.lastChunkMs = performance.now() - started;
        await this.options.gate?.leave();
      }
      this.producer.commit(chunk);
      this.lastVersion = this.latest.policyVersion;
      this.chunks++;
      await yieldTurn();
    }
  }
}
