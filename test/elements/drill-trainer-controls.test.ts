// <drill-trainer-controls> on real runtimes (real workers, kept small):
// attributes and properties, controls reaching the runtime, the runtime's
// state reflected, events, hiding parts, keyboard, accessibility.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../helpers/use-source-workers.js';
import { macrotasks, nextEvent, until } from '../helpers/use-source-workers.js';
import { configureRuntime } from '../../src/runtime/registry.js';
import type { DrillErrorDetail, DrillHyperChangeDetail, DrillTrainDetail } from '../../src/contract/events.js';
import { DEFAULT_HYPERPARAMETERS } from '../../src/contract/hyperparameters.js';
import type { DrillRuntime, RuntimeOptions } from '../../src/runtime/runtime.js';
import type { DrillTrainerControls } from '../../elements/drill-trainer-controls.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

/** Small runs: one rollout worker, 16 envs, T = 8, one hidden layer of 16, on the CPU. */
const LIGHT: RuntimeOptions = { ...CPU_COMPUTE, rolloutWorkers: 1, hyper: { envs: 16, steps: 8, hidden: [16] } };

let runtimes = 0;
/** A runtime name no other test in this file uses, configured light. */
function freshRuntime(): string {
  const name = `controls-test-${++runtimes}`;
  configureRuntime(name, LIGHT);
  return name;
}

const mounted: HTMLElement[] = [];

/** Mounts the controls on `runtime` (a fresh one by default) and waits for drill-ready. */
async function mount(attributes: Record<string, string> = {}, runtime = freshRuntime()): Promise<DrillTrainerControls> {
  const el = document.createElement('drill-trainer-controls');
  el.setAttribute('runtime', runtime);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  const ready = nextEvent(el, 'drill-ready');
  document.body.append(el);
  mounted.push(el);
  await ready;
  await el.updateComplete;
  return el;
}

/** The next drill-error this element raises itself (not one a worker reports through it). */
function nextElementError(el: HTMLElement): Promise<DrillErrorDetail> {
  return new Promise((resolve) => {
    const listener = (event: Event) => {
      const detail = (event as CustomEvent<DrillErrorDetail>).detail;
      if (detail.source !== 'element') return;
      el.removeEventListener('drill-error', listener);
      resolve(detail);
    };
    el.addEventListener('drill-error', listener);
  });
}

const $ = <T extends Element = HTMLElement>(el: DrillTrainerControls, selector: string): T => {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};
const runtimeOf = (el: DrillTrainerControls): DrillRuntime => el.drillRuntime!;
const text = (node: Element): string => node.textContent!.replace(/\s+/g, ' ').trim();
const trainButton = (el: DrillTrainerControls) => $<HTMLButtonElement>(el, '[part~="train-button"]');
const applyButton = (el: DrillTrainerControls) => $<HTMLButtonElement>(el, '[part~="apply-button"]');
const unavailable = (button: HTMLButtonElement): boolean => button.getAttribute('aria-disabled') === 'true';
const statusText = (el: DrillTrainerControls): string => text($(el, '[part="status"]'));

/** Types into a field's box and commits it, as a user leaving the box does. */
async function enter(el: DrillTrainerControls, id: string, value: string): Promise<void> {
  const input = $<HTMLInputElement>(el, `#${id}`);
  input.value = value;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

async function choose(el: DrillTrainerControls, id: string, value: string): Promise<void> {
  const select = $<HTMLSelectElement>(el, `#${id}`);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

async function click(el: DrillTrainerControls, selector: string): Promise<void> {
  $<HTMLButtonElement>(el, selector).click();
  await el.updateComplete;
}

async function stopTraining(el: DrillTrainerControls): Promise<void> {
  await runtimeOf(el).stopTraining();
  await el.updateComplete;
}

describe('<drill-trainer-controls>', () => {
  afterEach(async () => {
    for (const el of mounted.splice(0)) el.remove();
    await macrotasks();
  });

  describe('attributes and properties', () => {
    it('hands the hyperparameter attributes to a runtime it starts, which builds its first run with them', async () => {
      const el = await mount({ lr: '0.001', 'entropy-coef': '0.02', 'hidden-layers': '24, 12', envs: '32', 'max-policy-lag': '2' });
      const runtime = runtimeOf(el);
      expect(runtime.state.hyper).to.include({ lr: 0.001, entropyCoef: 0.02, envs: 32, maxPolicyLag: 2 });
      expect(runtime.state.hyper.hidden).to.deep.equal([24, 12]);
      expect(runtime.state.pendingReset).to.deep.equal([]);
      expect(runtime.layout!.network.hidden, 'the workers were built with them').to.deep.equal([24, 12]);
      expect(el.lr).to.equal(0.001);
      expect(el.entropyCoef).to.equal(0.02);
      expect(el.hiddenLayers).to.deep.equal([24, 12]);
      expect(el.maxPolicyLag).to.equal(2);
      // Hyperparameters it was not given follow the runtime (configured light here).
      expect(el.steps).to.equal(8);
      expect(el.gamma).to.equal(0.99);
      expect(el.hasAttribute('hidden'), 'never the global hidden attribute').to.equal(false);
    });

    it('applies them to a runtime that is already running, and a run size by a reset while nothing has been learned', async () => {
      const name = freshRuntime();
      const metrics = document.createElement('drill-metrics');
      metrics.setAttribute('runtime', name);
      const ready = nextEvent(metrics, 'drill-ready');
      document.body.append(metrics);
      mounted.push(metrics);
      await ready;

      const changes: DrillHyperChangeDetail[] = [];
      const el = document.createElement('drill-trainer-controls');
      el.addEventListener('drill-hyper-change', (e) => changes.push(e.detail));
      el.setAttribute('runtime', name);
      el.setAttribute('lr', '0.002');
      el.setAttribute('hidden-layers', '20');
      document.body.append(el);
      mounted.push(el);
      const runtime = runtimeOf(el);
      await until(() => runtime.layout?.network.hidden[0] === 20 && runtime.state.pendingReset.length === 0, 'the reset with hidden layers of 20');
      await el.updateComplete;
      expect(runtime.state.hyper.lr).to.equal(0.002);
      expect(el.hiddenLayers).to.deep.equal([20]);
      expect(changes.map((c) => `${c.name}:${c.apply}`)).to.have.members(['lr:live', 'hidden:reset']);
    });

    it('leaves a run-size attribute waiting for "Reset and apply" when the runtime has learned something', async () => {
      const name = freshRuntime();
      const metrics = document.createElement('drill-metrics');
      metrics.setAttribute('runtime', name);
      const ready = nextEvent(metrics, 'drill-ready');
      document.body.append(metrics);
      mounted.push(metrics);
      await ready;
      const runtime = (metrics as unknown as { drillRuntime: DrillRuntime }).drillRuntime;
      await runtime.train({ deterministic: true, stopAfterUpdates: 1 });
      await until(() => runtime.hasLearned && !runtime.state.training, 'one update learned');

      const el = await mount({ 'hidden-layers': '20' }, name);
      await until(() => runtime.state.pendingReset.includes('hidden'), 'hidden waiting for a reset');
      // The join's reset-if-nothing-learned runs as a command; when it has looked, the button is there to press.
      await until(async () => {
        await el.updateComplete;
        return !unavailable(applyButton(el));
      }, 'Reset and apply available');
      expect(runtime.layout!.network.hidden, 'what was learned was not reset away').to.deep.equal([16]);
      expect(text($(el, '[data-hyper="hidden"] [part~="badge"]'))).to.equal('Waiting for reset');
    });

    it('points a hidden="64,64" written for the layer widths to hidden-layers', async () => {
      const el = document.createElement('drill-trainer-controls');
      el.setAttribute('runtime', freshRuntime());
      el.setAttribute('hidden', '32,32');
      const error = nextElementError(el);
      document.body.append(el);
      mounted.push(el);
      expect((await error).message).to.equal('hidden="32,32" hides the element: hidden is HTML\'s global attribute. Layer widths go in hidden-layers="32,32".');
    });

    it('rejects an invalid attribute with a drill-error and keeps the last valid value', async () => {
      const el = await mount({ lr: '0.001' });
      const runtime = runtimeOf(el);
      for (const [attribute, bad, pattern] of [
        ['lr', 'fast', /^lr: lr must be a number in \[0.000001, 0.01\] \(per update step\), got "fast"\. Keeping 0\.001\.$/],
        ['lr', '0.5', /got "0\.5"/],
        ['epochs', '2.5', /epochs must be an integer in \[1, 16\]/],
        ['hidden-layers', '64,x', /hidden-layers: hidden must be an integer/],
      ] as const) {
        const error = nextElementError(el);
        el.setAttribute(attribute, bad);
        const detail = await error;
        expect(detail).to.include({ code: 'invalid-attribute', source: 'element', recovered: true });
        expect(detail.message).to.match(pattern);
        await el.updateComplete;
      }
      expect(el.lr).to.equal(0.001);
      expect(el.epochs).to.equal(DEFAULT_HYPERPARAMETERS.epochs);
      expect(el.hiddenLayers).to.deep.equal([16]);
      expect(runtime.state.hyper.lr).to.equal(0.001);
      expect(runtime.state.hyper.hidden).to.deep.equal([16]);
    });

    it('ignores an invalid attribute present from the start, with a drill-error', async () => {
      const el = document.createElement('drill-trainer-controls');
      el.setAttribute('runtime', freshRuntime());
      el.setAttribute('gamma', '1.5');
      el.setAttribute('lr', '0.001');
      const error = nextElementError(el);
      const ready = nextEvent(el, 'drill-ready');
      document.body.append(el);
      mounted.push(el);
      expect((await error).message).to.match(/^gamma: gamma must be a number in \[0\.8, 0\.9999\]/);
      await ready;
      await el.updateComplete;
      expect(el.gamma).to.equal(0.99);
      expect(runtimeOf(el).state.hyper).to.include({ gamma: 0.99, lr: 0.001 });
    });

    it('applies a property at once (live ones keep the weights) and follows changes made elsewhere', async () => {
      const el = await mount();
      const runtime = runtimeOf(el);
      const change = nextEvent<DrillHyperChangeDetail>(el, 'drill-hyper-change');
      el.entropyCoef = 0.05;
      const { detail, bubbles, composed } = await change;
      expect(detail).to.deep.equal({ name: 'entropyCoef', value: 0.05, apply: 'live' });
      expect(bubbles && composed).to.equal(true);
      expect(runtime.state.hyper.entropyCoef).to.equal(0.05);

      runtime.setHyper('clipEpsilon', 0.1);
      await el.updateComplete;
      expect(el.clipEpsilon).to.equal(0.1);
      expect($<HTMLInputElement>(el, '#hyper-clipEpsilon').value).to.equal('0.1');

      const error = nextElementError(el);
      el.minibatch = 10;
      expect((await error).message).to.match(/minibatch must be an integer in \[32, 65536\]/);
      await el.updateComplete;
      expect(el.minibatch).to.equal(512);
    });

    it('takes its own choices to another runtime, and follows that runtime for the rest', async () => {
      const el = await mount({ lr: '0.002' });
      expect(el.envs, 'from the first runtime').to.equal(16);
      const other = `controls-test-${++runtimes}`;
      configureRuntime(other, { ...LIGHT, hyper: { ...LIGHT.hyper, envs: 24 } });
      const ready = nextEvent(el, 'drill-ready');
      el.runtime = other;
      await ready;
      await el.updateComplete;
      const runtime = runtimeOf(el);
      expect(runtime.name).to.equal(other);
      expect(runtime.state.hyper.lr).to.equal(0.002);
      expect(runtime.state.hyper.envs, 'a value it only followed stays behind').to.equal(24);
      expect(el.envs).to.equal(24);
    });

    it('reflects `hide`, shows only the parts not hidden, and rejects an unknown part', async () => {
      const plain = await mount();
      expect(plain.hasAttribute('hide'), 'no empty attribute on every element').to.equal(false);
      const el = await mount({ hide: 'show hyper' });
      expect(el.hide).to.equal('show hyper');
      expect(el.shadowRoot!.querySelector('[part~="training"]')).to.not.equal(null);
      expect(el.shadowRoot!.querySelector('[part~="show"]')).to.equal(null);
      expect(el.shadowRoot!.querySelector('[part~="hyper"]')).to.equal(null);

      el.hide = 'advanced';
      await el.updateComplete;
      expect(el.getAttribute('hide')).to.equal('advanced');
      expect(el.shadowRoot!.querySelector('[part~="show"]')).to.not.equal(null);
      expect(el.shadowRoot!.querySelector('[part~="advanced"]')).to.equal(null);
      expect(el.shadowRoot!.querySelector('#hyper-lr')).to.not.equal(null);

      el.hide = 'run returns';
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[data-group="run"]')).to.equal(null);
      expect(el.shadowRoot!.querySelector('[data-group="returns"]')).to.equal(null);
      expect(text($(el, '[part~="summary"] .count'))).to.equal('(7 of 13)');

      const error = nextElementError(el);
      el.setAttribute('hide', 'charts');
      expect((await error).message).to.match(/got "charts"\. Keeping "run returns"\.$/);
      await el.updateComplete;
      expect(el.hide).to.equal('run returns');
      expect(el.getAttribute('hide')).to.equal('run returns');
    });
  });

  describe('controls reach the runtime', () => {
    it('starts and stops training with one button, firing drill-train-start and drill-train-stop with the hyperparameters', async () => {
      const el = await mount();
      const runtime = runtimeOf(el);
      expect(text(trainButton(el))).to.equal('Train');
      expect(text($(el, '[part="status"]'))).to.equal('Not training');

      const started = nextEvent<DrillTrainDetail>(document, 'drill-train-start');
      await click(el, '[part~="train-button"]');
      const start = await started;
      expect(start.target).to.equal(el);
      expect(start.bubbles && start.composed).to.equal(true);
      expect(start.detail.hyper).to.deep.equal(runtime.state.hyper);
      expect(runtime.state.training).to.equal(true);
      await until(() => statusText(el) === 'Training', 'the status to say Training');
      expect(text(trainButton(el))).to.equal('Stop training');
      expect(unavailable(trainButton(el))).to.equal(false);

      const stopped = nextEvent<DrillTrainDetail>(el, 'drill-train-stop');
      await click(el, '[part~="train-button"]');
      expect((await stopped).detail.hyper.envs).to.equal(16);
      expect(runtime.state.training).to.equal(false);
      await until(() => statusText(el) === 'Not training', 'the status to say Not training');
      expect(text(trainButton(el))).to.equal('Train');
    });

    it('is scriptable: train(), stop() and resetTraining() do what the buttons do, and training tells the state', async () => {
      const el = await mount();
      const runtime = runtimeOf(el);
      expect(el.training).to.equal(false);
      const started = nextEvent<DrillTrainDetail>(el, 'drill-train-start');
      await el.train();
      await started;
      expect(el.training).to.equal(true);
      expect(runtime.state.training).to.equal(true);
      await until(() => statusText(el) === 'Training', 'the status to say Training');

      const stopped = nextEvent<DrillTrainDetail>(el, 'drill-train-stop');
      await el.stop();
      await stopped;
      expect(el.training).to.equal(false);
      await until(() => text(trainButton(el)) === 'Train', 'the button to say Train');

      el.envs = 32;
      await el.updateComplete;
      expect(runtime.state.pendingReset).to.include('envs');
      await el.resetTraining();
      expect(runtime.state.pendingReset).to.deep.equal([]);
      expect(runtime.state.hyper.envs).to.equal(32);
    });

    it('saves the model with Save model and loads it back with Load model…; a bad file fires drill-error on the controls', async () => {
      const el = await mount();
      const runtime = runtimeOf(el);
      await until(() => el.capabilities !== null && runtime.state.show.policyVersion > 0, 'the first weights');
      await el.updateComplete;
      expect(unavailable($<HTMLButtonElement>(el, '[part~="save-model-button"]'))).to.equal(false);

      // The download itself is the browser's; what the element hands it is the link it clicks.
      let downloaded: { name: string; href: string } | null = null;
      const originalClick = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        downloaded = { name: this.download, href: this.href };
      };
      try {
        await click(el, '[part~="save-model-button"]');
        await until(() => downloaded !== null, 'the download');
      } finally {
        HTMLAnchorElement.prototype.click = originalClick;
      }
      expect(downloaded!.href).to.match(/^blob:/);
      expect(downloaded!.name).to.match(/^drill-.+-v\d+\.drillmodel$/);

      const saved = await el.exportModel();
      const params = (await runtime.snapshot()).params;
      const input = $<HTMLInputElement>(el, 'input[type="file"]');
      expect(input.accept).to.equal('.drillmodel');
      const load = (file: File) => {
        const transfer = new DataTransfer();
        transfer.items.add(file);
        input.files = transfer.files;
        input.dispatchEvent(new Event('change'));
      };
      // No arena here, so the show does not run: the trainer's published version tells the load.
      const versionBefore = (await runtime.snapshot()).policyVersion;
      load(new File([saved], 'mine.drillmodel'));
      await until(async () => (await runtime.snapshot()).policyVersion > versionBefore && statusText(el) === 'Not training', 'the model loaded');
      expect(Array.from((await runtime.snapshot()).params)).to.deep.equal(Array.from(params));

      const error = nextEvent<DrillErrorDetail>(el, 'drill-error');
      load(new File(['not a model at all, just some text'], 'notes.drillmodel'));
      const detail = (await error).detail;
      expect(detail.code).to.equal('model-file-invalid');
      expect(detail.recovered).to.equal(true);
      await el.updateComplete;
      expect(text($(el, '[part="notice"]')), 'the panel says why').to.match(/^Model not loaded: not a usable drill model file/);
      expect($(el, '[part="notice"]').getAttribute('role')).to.equal('alert');
      await until(() => statusText(el) === 'Not training', 'the refused load to finish');
      await el.importModel(saved);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="notice"]'), 'a good load clears the notice').to.equal(null);
      const refused = await el.importModel(new ArrayBuffer(4)).then(() => null, (e: Error) => e);
      expect(refused?.message).to.match(/too short/);
    });

    it('the autosave attribute turns the runtime autosave on and off', async () => {
      const el = await mount({ autosave: '' });
      const runtime = runtimeOf(el);
      expect(el.autosave).to.equal(true);
      expect(runtime.autosave).to.equal(true);
      el.removeAttribute('autosave');
      await el.updateComplete;
      expect(runtime.autosave).to.equal(false);
      await runtime.clearSavedModel();
    });

    it('applies a learning rate typed or slid at once, live, while training', async () => {
      const el = await mount();
      const runtime = runtimeOf(el);
      await runtime.train();
      const change = nextEvent<DrillHyperChangeDetail>(el, 'drill-hyper-change');
      await enter(el, 'hyper-lr', '1e-3');
      expect((await change).detail).to.deep.equal({ name: 'lr', value: 0.001, apply: 'live' });
      expect(runtime.state.hyper.lr).to.equal(0.001);
      expect(runtime.state.pendingReset).to.deep.equal([]);
      expect(runtime.state.training, 'training goes on').to.equal(true);

      const slider = $<HTMLInputElement>(el, '[data-hyper="lr"] [part="slider"]');
      slider.value = String(Number(slider.value) - 1);
      slider.dispatchEvent(new Event('input'));
      await el.updateComplete;
      expect($<HTMLInputElement>(el, '#hyper-lr').value, 'the box previews the slider').to.equal('8e-4');
      expect(runtime.state.hyper.lr, 'nothing applied while dragging').to.equal(0.001);
      slider.dispatchEvent(new Event('change'));
      await el.updateComplete;
      expect(runtime.state.hyper.lr).to.equal(0.0008);
      expect(slider.getAttribute('aria-valuetext')).to.equal('8e-4');
      await stopTraining(el);
    });

    it('shows the validator message under a field whose input is rejected, fires drill-error and keeps the value', async () => {
      const el = await mount();
      const runtime = runtimeOf(el);
      const error = nextElementError(el);
      await enter(el, 'hyper-lr', '0.5');
      const detail = await error;
      expect(detail.code).to.equal('invalid-argument');
      const message = $(el, '#hyper-lr-error');
      expect(text(message)).to.equal(detail.message);
      expect(detail.message).to.match(/^lr must be a number in \[0\.000001, 0\.01\].*got "0\.5"\. Still using 3e-4\.$/);
      const input = $<HTMLInputElement>(el, '#hyper-lr');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(input.getAttribute('aria-describedby')).to.contain('hyper-lr-error');
      expect(runtime.state.hyper.lr).to.equal(3e-4);
      expect(el.lr).to.equal(3e-4);

      await enter(el, 'hyper-lr', '0.005');
      expect(el.shadowRoot!.querySelector('#hyper-lr-error')).to.equal(null);
      expect(input.getAttribute('aria-invalid')).to.equal('false');
      expect(runtime.state.hyper.lr).to.equal(0.005);
    });

    it('steps integers: epochs by one, minibatch by doubling', async () => {
      const el = await mount();
      const runtime = runtimeOf(el);
      await click(el, '[data-hyper="epochs"] [aria-label="Increase Epochs"]');
      await click(el, '[data-hyper="minibatch"] [aria-label="Decrease Minibatch"]');
      expect(runtime.state.hyper.epochs).to.equal(DEFAULT_HYPERPARAMETERS.epochs + 1);
      expect(runtime.state.hyper.minibatch).to.equal(256);
      expect($<HTMLInputElement>(el, '#hyper-minibatch').value).to.equal('256');
    });

    it('holds a changed run size until "Reset and apply", which rebuilds the run with it', async () => {
      const el = await mount();
      const runtime = runtimeOf(el);
      expect(unavailable(applyButton(el))).to.equal(true);
      const change = nextEvent<DrillHyperChangeDetail>(el, 'drill-hyper-change');
      await enter(el, 'hyper-hidden', '32,32');
      expect((await change).detail).to.deep.equal({ name: 'hidden', value: [32, 32], apply: 'reset' });
      expect(runtime.state.pendingReset).to.deep.equal(['hidden']);
      expect(runtime.layout!.network.hidden).to.deep.equal([16]);
      expect(unavailable(applyButton(el))).to.equal(false);
      expect(text($(el, '[part~="pending"] p'))).to.equal('Hidden layers waits for a reset: learning starts over with new weights.');
      expect(text($(el, '[part~="summary"] [part~="badge"]'))).to.equal('1 waiting for reset');

      await click(el, '[part~="apply-button"]');
      expect(statusText(el)).to.equal('Resetting…');
      expect($<HTMLInputElement>(el, '#hyper-lr').disabled, 'fields wait for the new run').to.equal(true);
      await until(() => statusText(el) === 'Not training', 'the reset');
      expect(runtime.state.pendingReset).to.deep.equal([]);
      expect(runtime.layout!.network.hidden).to.deep.equal([32, 32]);
      expect(el.hiddenLayers).to.deep.equal([32, 32]);
      expect(unavailable(applyButton(el))).to.equal(true);
      expect($<HTMLInputElement>(el, '#hyper-lr').disabled).to.equal(false);
    });

    it('drives the match: play/pause, step, speed slider and presets, reset, mode and opponent', async () => {
      const el = await mount();
      const runtime = runtimeOf(el);
      const play = () => $<HTMLButtonElement>(el, '[part~="play-button"]');
      expect(text(play())).to.equal('Pause');
      await click(el, '[part~="play-button"]');
      expect(runtime.state.show.paused).to.equal(true);
      expect(text(play())).to.equal('Play');
      await click(el, '[part~="play-button"]');
      expect(runtime.state.show.paused).to.equal(false);

      await click(el, '[part~="step-button"]');
      expect(runtime.state.show.paused, 'a step pauses').to.equal(true);
      expect(text(play())).to.equal('Play');

      const speed = $<HTMLInputElement>(el, '#speed');
      speed.value = '1';
      speed.dispatchEvent(new Event('input'));
      await el.updateComplete;
      expect(runtime.state.show.speed).to.equal(2);
      expect(speed.getAttribute('aria-valuetext')).to.equal('2×');
      expect(el.shadowRoot!.querySelector('[part~="preset"][aria-pressed="true"]')!.textContent!.trim()).to.equal('2×');
      speed.value = '-0.5';
      speed.dispatchEvent(new Event('input'));
      expect(runtime.state.show.speed).to.equal(0.71);
      const presets = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="preset"]')];
      presets.find((b) => b.textContent!.trim() === '0.25×')!.click();
      await el.updateComplete;
      expect(runtime.state.show.speed).to.equal(0.25);
      expect(speed.value).to.equal('-2');

      const seed = runtime.state.show.seed;
      await click(el, '[part~="reset-match-button"]');
      expect(runtime.state.show.seed).to.equal(seed + 1);

      await choose(el, 'mode', 'sandbox');
      expect(runtime.state.show.mode).to.equal('sandbox');
      await choose(el, 'opponent', 'pool');
      expect(runtime.state.show.opponent).to.equal('pool');
      await choose(el, 'mode', 'human_vs_ai');
      expect($<HTMLSelectElement>(el, '#opponent').disabled, 'you play the latest policy').to.equal(true);
      expect(text($(el, '#mode-help'))).to.match(/^You play blue/);
    });
  });

  describe('the runtime state reflected', () => {
    it('follows show settings and training changed by other callers', async () => {
      const el = await mount();
      const runtime = runtimeOf(el);
      runtime.setShow({ paused: true, speed: 4, mode: 'sandbox', opponent: 'random' });
      await el.updateComplete;
      expect(text($(el, '[part~="play-button"]'))).to.equal('Play');
      expect($<HTMLInputElement>(el, '#speed').value).to.equal('2');
      expect(text($(el, 'output'))).to.equal('4×');
      expect($<HTMLSelectElement>(el, '#mode').value).to.equal('sandbox');
      expect($<HTMLSelectElement>(el, '#opponent').value).to.equal('random');

      const started = nextEvent<DrillTrainDetail>(el, 'drill-train-start');
      await runtime.train();
      await started;
      await el.updateComplete;
      expect(text(trainButton(el))).to.equal('Stop training');
      await stopTraining(el);
      await until(() => text(trainButton(el)) === 'Train', 'the button to say Train');
    });

    it('says training stopped, and why, after an error the runtime could not recover from', async () => {
      const el = await mount();
      const runtime = runtimeOf(el);
      runtime.reportError('internal', 'trainer', 'training stopped: test failure.', false);
      await el.updateComplete;
      expect(text($(el, '[part="status"]'))).to.equal('Stopped');
      expect(text($(el, '[part="failure"]'))).to.equal('training stopped: test failure.');
    });
  });

  describe('keyboard and accessibility', () => {
    it('starts and stops training from the keyboard, in a logical tab order', async () => {
      const el = await mount();
      const runtime = runtimeOf(el);
      trainButton(el).focus();
      const started = nextEvent(el, 'drill-train-start');
      await sendKeys({ press: 'Enter' });
      await started;
      expect(runtime.state.training).to.equal(true);
      await until(() => !unavailable(trainButton(el)), 'the start to finish');
      expect(el.shadowRoot!.activeElement, 'focus stays on the button while it works').to.equal(trainButton(el));
      const stopped = nextEvent(el, 'drill-train-stop');
      await sendKeys({ press: 'Space' });
      await stopped;
      expect(runtime.state.training).to.equal(false);
      await until(() => !unavailable(trainButton(el)), 'the stop to finish');
      await el.updateComplete;
      trainButton(el).focus();
      const order: string[] = [];
      for (let i = 0; i < 6; i++) {
        await sendKeys({ press: 'Tab' });
        const active = el.shadowRoot!.activeElement as HTMLElement;
        order.push(active.id || active.getAttribute('part')!.split(' ').at(-1)!);
      }
      expect(order).to.deep.equal(['reset-training-button', 'save-model-button', 'load-model-button', 'shipped-agent-button', 'play-button', 'step-button']);
    });

    it('labels every control and describes every hyperparameter with its help text', async () => {
      const el = await mount();
      $<HTMLDetailsElement>(el, 'details').open = true;
      await el.updateComplete;
      // The file input is driven by the Load model… button and hidden from assistive technology.
      for (const control of el.shadowRoot!.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input:not([type="file"]), select')) {
        const labelled = control.labels!.length > 0 || control.hasAttribute('aria-labelledby') || control.hasAttribute('aria-label');
        expect(labelled, control.outerHTML).to.equal(true);
      }
      const lr = $<HTMLInputElement>(el, '#hyper-lr');
      expect(lr.labels![0]!.textContent).to.equal('Learning rate');
      const described = lr.getAttribute('aria-describedby')!.split(' ').map((id) => text($(el, `#${id}`)));
      expect(described).to.deep.equal(['per update step', 'Adam step size.']);
      expect(el.shadowRoot!.querySelectorAll('[part~="field"][data-hyper]')).to.have.length(15);
      expect(text($(el, '[data-hyper="envs"] [part~="badge"]'))).to.equal('Reset to apply');
      expect(el.shadowRoot!.querySelector('[data-hyper="lr"] [part~="badge"]'), 'live ones are not marked').to.equal(null);
    });

    it('keeps the advanced hyperparameters in a disclosure closed by default', async () => {
      const el = await mount();
      const details = $<HTMLDetailsElement>(el, 'details');
      expect(details.open).to.equal(false);
      expect(details.contains($(el, '#hyper-gamma'))).to.equal(true);
      expect(details.contains($(el, '#hyper-lr'))).to.equal(false);
    });

    it('passes an accessibility audit, in light and in dark, with the disclosure open and an error shown', async () => {
      const el = await mount();
      await expect(el).to.be.accessible();
      $<HTMLDetailsElement>(el, 'details').open = true;
      await enter(el, 'hyper-hidden', '64,oops');
      await enter(el, 'hyper-envs', '32');
      await expect(el).to.be.accessible();
      el.style.colorScheme = 'dark';
      await expect(el).to.be.accessible();
    });
  });
});
