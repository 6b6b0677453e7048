// Weights-channel tests, shared by the isolated and the plain page.
import { expect } from '@open-wc/testing';
import { createWeightsChannel, type Transport, type WeightsSpec, weightsTransferables } from '../../src/channels/index.js';
import { startFixture } from '../helpers/fixture-worker.js';

interface ReaderReply { ok: boolean; error?: string; adopted: number; mixed: number; backwards: number; last: number; firstBad: string }

export function weightsSuite(transport: Transport): void {
  describe(`weights channel over ${transport}`, () => {
    it('a reader adopting as fast as it can while thousands of versions are published never sees a mixed vector', async function () {
      this.timeout(120_000);
      const count = 3000;
      const spec: WeightsSpec = { descriptor: { obsSize: 8, actionCount: 30, steps: 1, envs: 1, episodeRecords: 0, paramCount: 32768 }, shapeHash: 0x1234abcd, slots: 3 };
      const channel = createWeightsChannel(spec, transport, 2);
      const writer = startFixture(new URL('./fixtures/weights-writer.ts', import.meta.url));
      const readers = [startFixture(new URL('./fixtures/weights-reader.ts', import.meta.url)), startFixture(new URL('./fixtures/weights-reader.ts', import.meta.url))];
      readers.forEach((reader, i) => reader.send({ handle: channel.readers[i], spec, until: count, slot: 2 }, weightsTransferables(channel.readers[i]!)));
      writer.send({ handle: channel.publisher, spec, count, slot: 2 }, weightsTransferables(channel.publisher));
      const written = await writer.reply<{ ok: boolean; error?: string }>();
      const read = await Promise.all(readers.map((r) => r.reply<ReaderReply>()));
      [writer, ...readers].forEach((f) => f.worker.terminate());
      expect(written.error ?? null).to.equal(null);
      for (const r of read) {
        expect(r.error ?? null).to.equal(null);
        expect(r.firstBad).to.equal('');
        expect(r.mixed).to.equal(0);
        expect(r.backwards, 'versions adopted out of order').to.equal(0);
        expect(r.last, 'the reader ends on the last version').to.equal(count);
        expect(r.adopted).to.be.greaterThan(10);
      }
    });
  });
}
