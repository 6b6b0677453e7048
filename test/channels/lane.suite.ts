// Rollout-lane tests, shared by the isolated page (both transports) and the
// plain page (transfer only): lane.test.ts and lane.noiso.test.html.
import { expect } from '@open-wc/testing';
import { type ChannelDescriptor, createLane, laneTransferables, type Transport } from '../../src/channels/index.js';
import { startFixture } from '../helpers/fixture-worker.js';

export const SMALL: ChannelDescriptor = { obsSize: 5, actionCount: 30, steps: 4, envs: 3, episodeRecords: 2, paramCount: 64 };

interface ProducerReply { ok: boolean; error?: string; stats: { committed: number; fullWaits: number } }
interface ConsumerReply { ok: boolean; error?: string; received: number; errors: string[]; extra: boolean; maxOccupancy: number; stats: { received: number } }

export function laneSuite(transport: Transport): void {
  describe(`rollout lane over ${transport}`, () => {
    it('carries 10,000 patterned chunks between two workers through a 4-slot lane: every value checked, in order, none lost or duplicated', async function () {
      this.timeout(120_000);
      const chunks = 10_000;
      const lane = createLane({ descriptor: SMALL, capacity: 4 }, transport);
      const producer = startFixture(new URL('./fixtures/lane-producer.ts', import.meta.url));
      const consumer = startFixture(new URL('./fixtures/lane-consumer.ts', import.meta.url));
      consumer.send({ handle: lane.consumer, descriptor: SMALL, chunks, pauseEvery: 500 }, laneTransferables(lane.consumer));
      producer.send({ handle: lane.producer, descriptor: SMALL, chunks }, laneTransferables(lane.producer));
      const [made, got] = await Promise.all([producer.reply<ProducerReply>(), consumer.reply<ConsumerReply>()]);
      producer.worker.terminate();
      consumer.worker.terminate();
      expect(made.error ?? null).to.equal(null);
      expect(got.error ?? null).to.equal(null);
      expect(got.errors).to.deep.equal([]);
      expect(made.stats.committed).to.equal(chunks);
      expect(got.received).to.equal(chunks);
      expect(got.extra, 'a chunk arrived after the last one').to.equal(false);
      // The lane wrapped 2,500 times and really filled up: the producer had to wait.
      expect(got.maxOccupancy).to.equal(4);
      expect(made.stats.fullWaits).to.be.greaterThan(0);
    });
  });
}
