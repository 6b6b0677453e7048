/**
 * The show's end of the weights channel: the latest policy (slot 0) and the
 * self-play pool (slots 1…K). Polling adopts the newest vector of each slot
 * into the reader's private copy; the show copies it into a network only at
 * a decision boundary. Vectors with NaN/Inf or a foreign shape are refused
 * by the channel, and the last good ones stay.
 */
import { LATEST_SLOT, openWeightsSource, type WeightsReader, type WeightsReaderHandle, type WeightsSource, type WeightsSpec } from '../channels/index.js';

export class WeightsFeed {
  readonly latest: WeightsReader;
  readonly pool: readonly WeightsReader[];
  private readonly source: WeightsSource;

  constructor(handle: WeightsReaderHandle, spec: WeightsSpec, onReject: (reason: string) => void) {
    this.source = openWeightsSource(handle, spec, { onReject });
    this.latest = this.source.reader(LATEST_SLOT);
    this.pool = Array.from({ length: spec.slots - 1 }, (_, i) => this.source.reader(LATEST_SLOT + 1 + i));
  }

  /** Adopts the newest published vector of every slot. */
  poll(): void {
    this.latest.poll();
    for (const reader of this.pool) reader.poll();
  }

  /** Pool slots that hold a snapshot (a slot with version 0 is empty). */
  filledPool(): WeightsReader[] {
    return this.pool.filter((reader) => reader.policyVersion > 0);
  }

  close(): void {
    this.source.close();
  }
}
