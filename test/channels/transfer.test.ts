// The transfer transport's own guarantees (decision 14 in docs/architecture.md): credit-based
// waiting and never touching a buffer that was transferred away.
import { expect } from '@open-wc/testing';
import { createLane, createWeightsChannel, openLaneConsumer, openLaneProducer, openWeightsPublisher, openWeightsSource, type WeightsSpec } from '../../src/channels/index.js';
import { SMALL } from './lane.suite.js';

const tick = (ms = 10): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('transfer lane flow control', () => {
  it('a producer without credit waits until the consumer releases a chunk', async () => {
    const lane = createLane({ descriptor: SMALL, capacity: 2 }, 'transfer');
    const producer = openLaneProducer(lane.producer, SMALL, 1);
    const consumer = openLaneConsumer(lane.consumer, SMALL);
    expect(producer.tryAcquire(), 'no credit before the consumer says hello').to.equal(null);
    await tick();
    for (let k = 0; k < 2; k++) {
      const chunk = producer.tryAcquire();
      expect(chunk).not.to.equal(null);
      chunk!.obs[0] = k;
      producer.commit(chunk!);
    }
    expect(producer.tryAcquire(), 'credit spent').to.equal(null);
    let acquired = false;
    const waiting = producer.acquire().then((chunk) => {
      acquired = true;
      return chunk;
    });
    await tick(60);
    expect(acquired, 'still waiting while the consumer holds both chunks').to.equal(false);
    expect(producer.stats.fullWaits).to.equal(1);

    const first = consumer.poll()!;
    expect(first.seq).to.equal(0);
    expect(first.obs[0]).to.equal(0);
    consumer.release();
    const next = await waiting;
    expect(acquired).to.equal(true);
    expect(next!.seq).to.equal(2);
  });

  it('never touches a transferred buffer: the producer gets live memory back, the committed view is detached', async () => {
    const lane = createLane({ descriptor: SMALL, capacity: 1 }, 'transfer');
    const producer = openLaneProducer(lane.producer, SMALL, 1);
    const consumer = openLaneConsumer(lane.consumer, SMALL);
    await tick();
    const sent = producer.tryAcquire()!;
    sent.rew.fill(5);
    producer.commit(sent);
    expect(sent.buffer.byteLength, 'the sent buffer now belongs to the consumer').to.equal(0);
    await tick();
    const received = consumer.poll()!;
    expect(Array.from(received.rew)).to.deep.equal(new Array(received.rew.length).fill(5));
    consumer.release();
    expect(received.buffer.byteLength, 'the released buffer went back to the producer').to.equal(0);
    const again = await producer.acquire();
    expect(again!.buffer.byteLength).to.be.greaterThan(0);
    expect(again!.buffer).not.to.equal(sent.buffer);
  });
});

describe('weights rejection', () => {
  const spec: WeightsSpec = { descriptor: { ...SMALL, paramCount: 8 }, shapeHash: 0x55, slots: 1 };

  it('refuses to publish non-finite weights', () => {
    const channel = createWeightsChannel(spec, 'shared-memory', 1);
    const publisher = openWeightsPublisher(channel.publisher, spec);
    expect(() => publisher.publish(0, new Float32Array(8).fill(NaN), 1)).to.throw(RangeError, /non-finite/);
    expect(() => publisher.publish(0, new Float32Array(7), 1)).to.throw(/7 parameters/);
  });

  it('a reader keeps its last good weights when a corrupt vector appears in shared memory', () => {
    const channel = createWeightsChannel(spec, 'shared-memory', 1);
    const publisher = openWeightsPublisher(channel.publisher, spec);
    const rejections: string[] = [];
    const reader = openWeightsSource(channel.readers[0]!, spec, { onReject: (r) => rejections.push(r) }).reader(0);
    publisher.publish(0, new Float32Array(8).fill(1), 1);
    expect(reader.poll()).to.equal(true);
    // Simulate memory corrupted behind the publisher's back: version 2 carries a NaN.
    publisher.publish(0, new Float32Array(8).fill(2), 2);
    const words = new Int32Array((channel.readers[0] as { buffer: SharedArrayBuffer }).buffer);
    const floats = new Float32Array(words.buffer);
    const idx = Array.from(floats).findIndex((v, i) => v === 2 && floats[i + 1] === 2);
    floats[idx + 3] = NaN;
    expect(reader.poll()).to.equal(false);
    expect(reader.policyVersion).to.equal(1);
    expect(Array.from(reader.params)).to.deep.equal(new Array(8).fill(1));
    expect(reader.rejected).to.equal(1);
    expect(rejections[0]).to.match(/non-finite.*keeping version 1/);
  });
});
