// The weights a run starts from: the soccer agent drill ships (it beats the
// chaser on seeded episodes, and a runtime plays it before any training
// without counting it as learned), and the `model` setting: a valid URL, a
// 404, another drill's file and a cross-origin URL without CORS — each
// failure one `model-file-invalid` report, the weights in use kept.
import { expect } from '@open-wc/testing';
import type { DrillErrorDetail } from '../../src/contract/events.js';
import { paramCount } from '../../src/nn/network-descriptor.js';
import { Evaluator } from '../../src/rl/evaluator.js';
import { envDefinition } from '../../src/runtime/envs.js';
import { decodeModel, encodeModel } from '../../src/runtime/model-file.js';
import { dequantiseModel, quantiseModel } from '../../src/runtime/quantised-model.js';
import { configureRuntime, joinRuntime, leaveRuntime } from '../../src/runtime/registry.js';
import type { DrillRuntime, RuntimeOptions } from '../../src/runtime/runtime.js';
import { shippedModel, validateModelSetting } from '../../src/runtime/start-model.js';
import { macrotasks } from '../helpers/use-source-workers.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

const MODEL_URL = '/assets/soccer-default.drillmodel';

let names = 0;
async function open(options: RuntimeOptions): Promise<{ runtime: DrillRuntime; errors: DrillErrorDetail[]; close(): Promise<void> }> {
  const name = `start-model-${names++}`;
  configureRuntime(name, { ...CPU_COMPUTE, rolloutWorkers: 1, ...options });
  const member = {};
  const runtime = joinRuntime(name, member);
  const errors: DrillErrorDetail[] = [];
  runtime.addEventListener('error', (e) => errors.push((e as CustomEvent<DrillErrorDetail>).detail));
  await runtime.start();
  return {
    runtime,
    errors,
    async close() {
      leaveRuntime(runtime, member);
      await macrotasks();
    },
  };
}

/** Waits until every command queued so far has run (a snapshot is one). */
const settled = (runtime: DrillRuntime) => runtime.snapshot();

describe('the shipped soccer agent', () => {
  it('beats the chaser and random on seeded greedy episodes', async function () {
    this.timeout(120_000);
    const model = shippedModel('soccer')!;
    const evaluator = await Evaluator.create({ env: envDefinition('soccer'), network: model.header.network, episodes: 200, seed: 31 });
    const chaser = evaluator.run(model.params, 'chaser');
    const random = evaluator.run(model.params, 'random');
    // A fixed bar from the evaluator (no clock): an untrained network wins next to none of these.
    expect(chaser.winRate, `vs chaser ${JSON.stringify(chaser)}`).to.be.at.least(0.6);
    expect(chaser.wins).to.be.greaterThan(chaser.losses * 2);
    expect(random.winRate, `vs random ${JSON.stringify(random)}`).to.be.at.least(0.75);
  });

  it('is the model file in assets, quantised without loss beyond its rounding', async () => {
    const file = decodeModel(new Uint8Array(await (await fetch(MODEL_URL)).arrayBuffer()));
    const shipped = shippedModel('soccer')!;
    expect(Array.from(file.params)).to.deep.equal(Array.from(shipped.params));
    expect(file.header.env.id).to.equal('soccer');
    const again = dequantiseModel(quantiseModel(shipped));
    expect(Array.from(again.params)).to.deep.equal(Array.from(shipped.params));
  });

  it('plays by default before any training, and does not count as learned', async function () {
    this.timeout(60_000);
    const { runtime, errors, close } = await open({});
    const shipped = shippedModel('soccer')!;
    const { params, policyVersion } = await runtime.snapshot();
    expect(Array.from(params)).to.deep.equal(Array.from(shipped.params));
    expect(policyVersion).to.equal(shipped.header.policyVersion);
    expect(runtime.hasLearned).to.equal(false);
    expect(runtime.playingStartModel).to.equal(true);
    // From scratch: new weights from the seed.
    await runtime.resetTraining();
    expect(Array.from((await runtime.snapshot()).params)).not.to.deep.equal(Array.from(shipped.params));
    expect(runtime.playingStartModel).to.equal(false);
    // And back.
    await runtime.resetToShippedAgent();
    expect(Array.from((await runtime.snapshot()).params)).to.deep.equal(Array.from(shipped.params));
    expect(runtime.hasLearned).to.equal(false);
    expect(errors).to.deep.equal([]);
    await close();
  });
});

describe('the model setting', () => {
  it('refuses a value that is no setting or URL', () => {
    expect(validateModelSetting(' none ')).to.equal('none');
    expect(validateModelSetting('https://example.com/a.drillmodel')).to.equal('https://example.com/a.drillmodel');
    expect(() => validateModelSetting('')).to.throw(RangeError, /default.*none.*URL/);
    expect(() => validateModelSetting('http://[::1')).to.throw(RangeError, /not a URL/);
  });

  it('none starts from the seed', async function () {
    this.timeout(60_000);
    const { runtime, close } = await open({ model: 'none' });
    expect(Array.from((await runtime.snapshot()).params)).not.to.deep.equal(Array.from(shippedModel('soccer')!.params));
    expect(runtime.playingStartModel).to.equal(false);
    await close();
  });

  it('a URL loads that model file', async function () {
    this.timeout(60_000);
    // A model other than the shipped one: the shipped weights halved.
    const shipped = shippedModel('soccer')!;
    const halved = { header: shipped.header, params: shipped.params.map((p) => p / 2) };
    const url = URL.createObjectURL(new Blob([encodeModel(halved)]));
    const { runtime, errors, close } = await open({ model: url });
    expect(Array.from((await runtime.snapshot()).params)).to.deep.equal(Array.from(halved.params));
    expect(errors).to.deep.equal([]);
    await close();
  });

  const refusals: [string, () => string, RegExp][] = [
    ['a 404', () => '/assets/no-such-model.drillmodel', /HTTP 404/],
    ['a file of another drill', () => {
      const other = envDefinition('cue').info;
      const network = { obsSize: other.obsSize, hidden: [64, 64], activation: 'tanh' as const, actionCount: other.actionCount };
      const file = encodeModel({ header: { env: { id: other.id, version: other.version }, network, policyVersion: 3, savedAt: new Date().toISOString() }, params: new Float32Array(paramCount(network)) });
      return URL.createObjectURL(new Blob([file]));
    }, /trained on cue/],
    ['a cross-origin URL without CORS', () => {
      const other = new URL(MODEL_URL, location.href);
      other.hostname = other.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
      return other.href;
    }, /CORS/],
  ];
  for (const [what, url, why] of refusals) {
    it(`${what} is reported and the weights in use stay`, async function () {
      this.timeout(60_000);
      const { runtime, errors, close } = await open({});
      const before = await runtime.snapshot();
      runtime.model = url();
      await settled(runtime);
      expect(errors).to.have.length(1);
      expect(errors[0]!.code).to.equal('model-file-invalid');
      expect(errors[0]!.message).to.match(why);
      expect(errors[0]!.message).to.match(/The weights in use stay/);
      const after = await runtime.snapshot();
      expect(after.policyVersion).to.equal(before.policyVersion);
      expect(Array.from(after.params)).to.deep.equal(Array.from(before.params));
      await close();
    });
  }
});
