// Seeded fuzz of <drill-trainer-controls>: random sequences of hyperparameter
// attributes and properties (valid, boundary and junk values of every type),
// removals, `hide`, `autosave`, and the methods called with junk (train, stop,
// resetTraining, exportModel, importModel of junk and of real model files),
// on one live runtime started once (small runs), checked against what the
// README promises: values validated and taken by the runtime, refusals
// reported, every promise settled in time.
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { macrotasks, nextEvent } from '../helpers/use-source-workers.js';
import {
  type CaseLog,
  checkSettings,
  collectErrors,
  type FuzzRandom,
  fuzz,
  INVALID,
  junkValue,
  KEEP,
  numberFrom,
  type Outcome,
  randomSettingOp,
  set,
  type SettingSpec,
  SettingsModel,
  settled,
  settles,
  shown,
} from '../helpers/fuzz.js';
import { configureRuntime } from '../../src/runtime/registry.js';
import { HYPER_NAMES, HYPERPARAMETERS, type HyperName } from '../../src/contract/hyperparameters.js';
import { runLayout } from '../../src/runtime/run-layout.js';
import { RUN_SIZE_LIMIT, runSize } from '../../src/runtime/run-size.js';
import type { DrillRuntime } from '../../src/runtime/runtime.js';
import type { DrillTrainerControls } from '../../elements/drill-trainer-controls.js';
import { CPU_COMPUTE } from '../helpers/cpu-compute.js';

const SEED = 0xc0a7;
const RUNTIME = 'controls-fuzz';
/** Longest any method may take to settle (a reset builds new workers). */
const METHOD_MS = 30_000;
/** The hidden layers of the runtime at the start, and so of the real model files the fuzz loads. */
const MODEL_HIDDEN = 16;
const HIDE_TOKENS = ['training', 'show', 'hyper', 'advanced', 'learning', 'optimisation', 'returns', 'staleness', 'run'];

const propertyOf = (name: HyperName): string => (name === 'hidden' ? 'hiddenLayers' : name);
const attributeOf = (name: HyperName): string => propertyOf(name).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A hyperparameter as the README describes it: numbers (or their text) in range; null keeps the value. */
function hyperSetting(name: HyperName): SettingSpec {
  const { min, max, integer } = HYPERPARAMETERS[name];
  const check = (value: unknown): number | null => {
    const n = typeof value === 'string' || typeof value === 'number' ? numberFrom(value) : Number.NaN;
    return Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n)) ? n : null;
  };
  const outcome = (value: unknown): Outcome => {
    if (value === null || value === undefined) return KEEP;
    if (name !== 'hidden') {
      const n = check(value);
      return n === null ? INVALID : set(n);
    }
    const list = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : Array.isArray(value) ? [...value] : null;
    if (!list || list.length < 1 || list.length > 8) return INVALID;
    const widths = list.map(check);
    return widths.every((w) => w !== null) ? set(widths) : INVALID;
  };
  const validNumber = (random: FuzzRandom): number => {
    if (random.chance(0.3)) return random.pick([min, max]);
    // Log-scale values (lr) spread over their decades.
    const n = HYPERPARAMETERS[name].log && min > 0 ? min * (max / min) ** random.next() : random.between(min, max);
    return integer ? Math.round(n) : n;
  };
  const validValue = (random: FuzzRandom): unknown =>
    name === 'hidden' ? Array.from({ length: 1 + random.int(random.chance(0.2) ? 8 : 3) }, () => validNumber(random)) : validNumber(random);
  return {
    prop: propertyOf(name),
    attr: attributeOf(name),
    reflect: false,
    fromProperty: outcome,
    fromAttribute: outcome,
    validValue,
    validText: (random) => {
      const value = validValue(random);
      return Array.isArray(value) ? value.join(random.pick([',', ' ', ', '])) : random.pick([String(value), ` ${value} `]);
    },
  };
}

const hideSetting: SettingSpec = {
  prop: 'hide',
  attr: 'hide',
  reflect: true,
  fromProperty: (value) => (value === null || value === undefined ? set('') : typeof value === 'string' && value.split(/[\s,]+/).filter(Boolean).every((t) => HIDE_TOKENS.includes(t)) ? set(value) : INVALID),
  fromAttribute: (text) => hideSetting.fromProperty(text, new Map()),
  validValue: (random) => Array.from({ length: random.int(4) }, () => random.pick(HIDE_TOKENS)).join(random.pick([' ', ',', '  '])),
  validText: (random) => hideSetting.validValue(random) as string,
};

/** Boolean, like HTML's boolean attributes; only true and false are fuzzed as properties (Lit keeps any other value as set). */
const autosaveSetting: SettingSpec = {
  prop: 'autosave',
  attr: 'autosave',
  reflect: true,
  fromProperty: (value) => set(value),
  fromAttribute: (text) => set(text !== null),
  validValue: (random) => random.chance(0.5),
  validText: (random) => random.pick(['', 'autosave', 'false']),
};

const HYPER_SETTINGS = HYPER_NAMES.map(hyperSetting);
const SPECS = [...HYPER_SETTINGS, hideSetting, autosaveSetting];
const autosaveIsBoolean = (spec: SettingSpec, outcome: Outcome) => spec.prop !== 'autosave' || (outcome.kind === 'set' && typeof outcome.value === 'boolean');

/** The model's hyperparameters as the runtime has them now (its value is what the properties read). */
function adoptRuntime(model: SettingsModel, runtime: DrillRuntime): void {
  for (const name of HYPER_NAMES) model.current.set(propertyOf(name), runtime.state.hyper[name]);
}

function expectRuntimeHolds(el: DrillTrainerControls, runtime: DrillRuntime): void {
  for (const name of HYPER_NAMES) {
    const mine = (el as unknown as Record<string, unknown>)[propertyOf(name)];
    const theirs = runtime.state.hyper[name];
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) throw new Error(`the runtime's ${name} is ${shown(theirs)}; el.${propertyOf(name)} reads ${shown(mine)}`);
  }
}

function expectRenders(el: DrillTrainerControls): void {
  const root = el.shadowRoot!;
  if (!root.querySelector('.panel')) throw new Error('the panel is missing');
  const hidden = new Set(el.hide.split(/[\s,]+/).filter(Boolean));
  for (const section of ['training', 'show', 'hyper']) {
    const present = root.querySelector(`[part~="section"][part~="${section}"]`) !== null;
    if (present === hidden.has(section)) throw new Error(`section ${section} is ${present ? 'shown' : 'missing'} with hide=${shown(el.hide)}`);
  }
}

/** Bytes the run as set (run sizes waiting for a reset included; `hidden` from a model to load) would take. */
function runBytes(runtime: DrillRuntime, hidden = runtime.state.hyper.hidden): number {
  const { network, rolloutWorkers } = runtime.layout!;
  return runSize(runLayout({ ...runtime.state.hyper, hidden }, network, rolloutWorkers), runtime.capabilities!.transport).total;
}

/**
 * Before anything that builds workers from the run sizes: a run past the
 * runtime's limit is left as it is (the runtime must refuse it, and lose
 * nothing); one within it is made small, so that the fuzz stays fast.
 * Returns whether the run is past the limit.
 */
async function keepRunSmall(el: DrillTrainerControls, model: SettingsModel, runtime: DrillRuntime, errors: ReturnType<typeof collectErrors>, log: CaseLog, loaded?: number[]): Promise<boolean> {
  const bytes = runBytes(runtime, loaded);
  if (bytes > RUN_SIZE_LIMIT) {
    log.push(`(the run as set takes ${(bytes / 2 ** 20).toFixed(0)} MiB, past the limit)`);
    return true;
  }
  const { envs, steps, hidden } = runtime.state.hyper;
  if (envs * steps <= 512 && hidden.length <= 2 && hidden.every((w) => w <= 32)) return false;
  log.push('el.envs = 16; el.steps = 8; el.hiddenLayers = [16] (a small run before workers are built)');
  for (const [prop, value] of [['envs', 16], ['steps', 8], ['hiddenLayers', [16]]] as const) {
    model.setProperty(prop, value);
    (el as unknown as Record<string, unknown>)[prop] = value;
  }
  await checkSettings(el, model, errors, log);
  return false;
}

/** The model files importModel is given: junk of every kind, damaged files, and real ones. */
function modelFile(random: FuzzRandom, real: ArrayBuffer): { file: unknown; valid: boolean } {
  switch (random.int(5)) {
    case 0:
      return { file: junkValue(random), valid: false };
    case 1: {
      const bytes = new Uint8Array(1 + random.int(256));
      for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(256);
      return { file: random.chance(0.5) ? bytes.buffer : new Blob([bytes]), valid: false };
    }
    case 2:
      return { file: real.slice(0, random.int(real.byteLength)), valid: false };
    case 3:
      return { file: new Blob([real.slice(0, 8), new Uint8Array(64)]), valid: false };
    default:
      return { file: random.chance(0.5) ? real.slice(0) : new Blob([real]), valid: true };
  }
}

describe('<drill-trainer-controls> fuzz', () => {
  let el: DrillTrainerControls;
  let runtime: DrillRuntime;
  let realModel: ArrayBuffer;

  before(async () => {
    configureRuntime(RUNTIME, { ...CPU_COMPUTE, rolloutWorkers: 1, hyper: { envs: 16, steps: 8, hidden: [MODEL_HIDDEN], minibatch: 32 } });
    el = document.createElement('drill-trainer-controls') as DrillTrainerControls;
    el.setAttribute('runtime', RUNTIME);
    const ready = nextEvent(el, 'drill-ready');
    document.body.append(el);
    await ready;
    await settled(el);
    runtime = el.drillRuntime!;
    await runtime.clearSavedModel();
    realModel = await (await el.exportModel()).arrayBuffer();
  });

  after(async () => {
    el.autosave = false;
    await settled(el);
    await runtime.clearSavedModel();
    el.remove();
    await macrotasks();
  });

  it('1000 cases: hyperparameters validated and taken by the runtime, methods settle, the panel stays usable', async () => {
    const errors = collectErrors(el);
    // Whatever the element is given, no worker may crash or report a failure.
    const failures: string[] = [];
    /** A run past the size limit is being refused: the runtime says so (invalid-argument), as it should. */
    let refusingRunSize = false;
    runtime.addEventListener('error', (event) => {
      const { code, source, message } = (event as CustomEvent).detail;
      if (refusingRunSize && source === 'runtime' && code === 'invalid-argument') return;
      if (source !== 'element' && source !== 'storage') failures.push(`${source} ${code}: ${message}`);
    });
    const model = new SettingsModel(SPECS, { hide: el.hide, autosave: el.autosave });
    adoptRuntime(model, runtime);
    let methods = 0;
    let oversizedRuns = 0;

    /** Calls a method with random arguments; it must settle in time, and a refused model file must say so. */
    const callMethod = async (random: FuzzRandom, log: CaseLog): Promise<void> => {
      methods++;
      // Settings first, so that their refusals are counted by their own check.
      await checkSettings(el, model, errors, log);
      // Training, resets and real models build or run workers: rarer, to keep the fuzz fast.
      const heavy = random.chance(0.1);
      const method = heavy ? random.pick(['train', 'resetTraining', 'importModel(real)'] as const) : random.pick(['stop', 'exportModel', 'importModel'] as const);
      const junk = junkValue(random);
      const choice = method === 'importModel(real)' ? { file: new Blob([realModel]), valid: true } : modelFile(random, realModel);
      const loadsModel = method.startsWith('importModel') && choice.valid;
      const oversized = (method === 'resetTraining' || loadsModel) && (await keepRunSmall(el, model, runtime, errors, log, loadsModel ? [MODEL_HIDDEN] : undefined));
      const version = runtime.state.show.policyVersion;
      let promise: Promise<unknown>;
      let valid = true;
      const storageErrors: string[] = [];
      const onError = (event: Event) => {
        const detail = (event as CustomEvent).detail;
        if (detail.source === 'storage') storageErrors.push(`${detail.code}: ${detail.message}`);
      };
      el.addEventListener('drill-error', onError);
      const callable = el as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      try {
        if (method === 'importModel' || method === 'importModel(real)') {
          valid = choice.valid;
          log.push(`el.importModel(${shown(choice.file)})${valid ? ' (a real model)' : ''}`);
          promise = el.importModel(choice.file as Blob);
        } else {
          log.push(`el.${method}(${shown(junk)})`);
          promise = callable[method]!.call(el, junk);
        }
      } catch (error) {
        throw new Error(`${log.at(-1)} threw at once (${String(error)}); methods return promises`);
      }
      let reason: unknown = null;
      promise.catch((error: unknown) => (reason = error));
      refusingRunSize = oversized;
      const how = await settles(promise, METHOD_MS, log.at(-1)!);
      refusingRunSize = false;
      el.removeEventListener('drill-error', onError);
      // Drain what those reported (checked here), so that the settings check sees only its own.
      // (A refused run size is the runtime's report, once: source runtime, code invalid-argument.)
      const reported = errors.splice(0).filter((e) => (e.source === 'element' && e.code !== 'invalid-attribute') || (e.source === 'runtime' && e.code === 'invalid-argument'));
      log.push(`  ${how}${how === 'rejected' ? `: ${String(reason)}` : ''}`);
      if (oversized) {
        oversizedRuns++;
        // Refused before anything is built, saying what to lower; the trainer and its weights stay.
        const said = method === 'resetTraining' ? reported.map((e) => e.message).join(' ') : String(reason);
        if ((method === 'resetTraining') !== (how === 'resolved') || !/envs|steps|hidden/.test(said)) throw new Error(`a run past the size limit was not refused clearly: ${how}, ${said}`);
        const saved = await settles(el.exportModel(), METHOD_MS, 'exportModel() after the refusal');
        if (saved !== 'resolved' || runtime.state.show.policyVersion < version) throw new Error('the weights did not stay after a refused run size');
        await settled(el);
        adoptRuntime(model, runtime);
        return;
      }
      if (reported.length > 0) throw new Error(`${log.at(-2)} reported ${reported.map((e) => `${e.code}: ${e.message}`).join('; ')}`);
      if (method === 'importModel' && !valid) {
        if (how !== 'rejected') throw new Error(`${log.at(-1 - 1)} resolved; a file that is not a model must be refused`);
        // Refused while another command runs (the element is busy) or as a bad file, which says so.
        if (storageErrors.length > 0 && !storageErrors.every((text) => text.startsWith('model-file-invalid'))) throw new Error(`refused with ${storageErrors.join(', ')}`);
      }
      if (valid && method.startsWith('importModel')) {
        // Nothing else runs (each call is awaited), so a real model is taken, and the hidden layers follow it.
        if (how !== 'resolved') throw new Error(`a real model was refused: ${String(reason)}`);
        if (runtime.state.hyper.hidden.join(',') !== String(MODEL_HIDDEN)) throw new Error(`after loading a model with hidden layers ${MODEL_HIDDEN}, the runtime has ${runtime.state.hyper.hidden.join(',')}`);
      }
      if (how === 'rejected' && method === 'exportModel') throw new Error(`exportModel rejected (${String(reason)}) with the trainer running`);
      await settled(el);
      adoptRuntime(model, runtime);
    };

    await fuzz({
      seed: SEED,
      cases: 1000,
      run: async (random, log) => {
        for (let i = 1 + random.int(8); i > 0; i--) {
          if (random.chance(0.04)) await callMethod(random, log);
          else randomSettingOp(random, el, model, log, autosaveIsBoolean);
          if (random.chance(0.5)) await checkSettings(el, model, errors, log);
        }
        // Still usable: a valid value takes effect, and the runtime has it.
        const spec = random.pick(HYPER_SETTINGS);
        const value = spec.validValue(random);
        log.push(`el.${spec.prop} = ${shown(value)}`);
        model.setProperty(spec.prop, value);
        (el as unknown as Record<string, unknown>)[spec.prop] = value;
        await checkSettings(el, model, errors, log);
        expectRuntimeHolds(el, runtime);
        expectRenders(el);
        if (failures.length > 0) throw new Error(`the runtime reported ${failures.join('; ')}`);
        if (runtime.state.training) {
          log.push('el.stop() (the case ends)');
          await settles(el.stop(), METHOD_MS, 'stop()');
          await settled(el);
        }
      },
    });
    expect(methods).to.be.greaterThan(50);
    expect(oversizedRuns, 'runs past the size limit were tried').to.be.greaterThan(0);
  });
});
