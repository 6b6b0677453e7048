// Every structure starts with magic, layout version and a size descriptor;
// a mismatch of any of them, or of the shape hash, is refused loudly.
import { expect } from '@open-wc/testing';
import {
  createLane,
  createWeightsChannel,
  LayoutMismatchError,
  openLaneConsumer,
  openLaneProducer,
  openWeightsPublisher,
  openWeightsSource,
  type WeightsSpec,
} from '../../src/channels/index.js';
import { SMALL } from './lane.suite.js';

const WEIGHTS: WeightsSpec = { descriptor: { ...SMALL, paramCount: 16 }, shapeHash: 0xabcdef01, slots: 2 };

function sharedLaneWords(): { buffer: SharedArrayBuffer; words: Int32Array } {
  const { consumer } = createLane({ descriptor: SMALL, capacity: 2 }, 'shared-memory');
  if (consumer.transport !== 'shared-memory') throw new Error('expected shared memory');
  return { buffer: consumer.buffer, words: new Int32Array(consumer.buffer) };
}

describe('layout headers', () => {
  it('accepts a lane whose header matches', () => {
    const { buffer } = sharedLaneWords();
    expect(() => openLaneConsumer({ transport: 'shared-memory', buffer }, SMALL)).not.to.throw();
  });

  it('refuses a lane with a wrong magic', () => {
    const { buffer, words } = sharedLaneWords();
    words[0] = 0x12345678;
    expect(() => openLaneConsumer({ transport: 'shared-memory', buffer }, SMALL)).to.throw(LayoutMismatchError, /bad magic/);
  });

  it('refuses a lane with a wrong layout version', () => {
    const { buffer, words } = sharedLaneWords();
    words[1] = 99;
    expect(() => openLaneProducer({ transport: 'shared-memory', buffer }, SMALL, 0)).to.throw(LayoutMismatchError, /layout version 99/);
  });

  for (const field of ['obsSize', 'actionCount', 'steps', 'envs', 'episodeRecords', 'paramCount'] as const) {
    it(`refuses a lane whose descriptor differs in ${field}`, () => {
      const { buffer } = sharedLaneWords();
      expect(() => openLaneConsumer({ transport: 'shared-memory', buffer }, { ...SMALL, [field]: SMALL[field] + 1 })).to.throw(LayoutMismatchError, new RegExp(field));
    });
  }

  it('refuses a transfer lane opened for another descriptor', () => {
    const { consumer } = createLane({ descriptor: SMALL, capacity: 2 }, 'transfer');
    expect(() => openLaneConsumer(consumer, { ...SMALL, envs: 9 })).to.throw(LayoutMismatchError, /envs is 3, expected 9/);
  });

  it('a transfer producer refuses a consumer that expects another descriptor, and says so on both ends', async () => {
    const lane = createLane({ descriptor: SMALL, capacity: 2 }, 'transfer');
    if (lane.producer.transport !== 'transfer' || lane.consumer.transport !== 'transfer') throw new Error('expected transfer');
    const consumerPort = lane.consumer.port;
    const producer = openLaneProducer(lane.producer, SMALL, 0);
    // A consumer built for other sizes sends a hello that does not match.
    consumerPort.postMessage({ type: 'hello', version: 1, descriptor: { ...SMALL, obsSize: 6 }, capacity: 2 });
    const reply = new Promise<{ type: string; reason: string }>((resolve) => (consumerPort.onmessage = (e) => resolve(e.data)));
    await new Promise((r) => setTimeout(r, 20));
    expect(() => producer.tryAcquire()).to.throw(LayoutMismatchError, /obsSize is 6, expected 5/);
    expect((await reply).type).to.equal('refused');
  });

  it('refuses weights with a foreign shape hash, over shared memory and over transfer', async () => {
    const shared = createWeightsChannel(WEIGHTS, 'shared-memory', 1);
    expect(() => openWeightsSource(shared.readers[0]!, { ...WEIGHTS, shapeHash: 0x1 })).to.throw(LayoutMismatchError, /shape hash/);
    expect(() => openWeightsPublisher(shared.publisher, { ...WEIGHTS, shapeHash: 0x1 })).to.throw(LayoutMismatchError, /shape hash/);
    const transfer = createWeightsChannel(WEIGHTS, 'transfer', 1);
    expect(() => openWeightsSource(transfer.readers[0]!, { ...WEIGHTS, shapeHash: 0x1 })).to.throw(LayoutMismatchError, /shape/);
  });

  it('refuses a weights channel with a wrong magic or version', () => {
    for (const [word, value, message] of [[0, 7, /bad magic/], [1, 5, /layout version 5/]] as const) {
      const { readers } = createWeightsChannel(WEIGHTS, 'shared-memory', 1);
      const handle = readers[0]!;
      if (handle.transport !== 'shared-memory') throw new Error('expected shared memory');
      new Int32Array(handle.buffer)[word] = value;
      expect(() => openWeightsSource(handle, WEIGHTS)).to.throw(LayoutMismatchError, message);
    }
  });
});
