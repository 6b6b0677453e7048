// Seeded fuzzing of the elements: a random stream per case, values from the
// valid, boundary and junk ends of each input, and a runner whose failure
// names the seed, the case and every operation the case ran, so a failure can
// be read and replayed (the cases are a pure function of the seed).
import { hash32, Random } from '../../src/util/random.js';

/** One fuzz case's stream of choices. */
export class FuzzRandom extends Random {
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Uniform in [min, max]. */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
}

/** Text no attribute of the elements accepts (or that probes a parser's edges). */
const JUNK_TEXT: readonly string[] = [
  '', ' ', '\t\n ', 'NaN', 'Infinity', '-Infinity', '-1', '-0', '1e309', '-1e309', '1e-320', '0x10', '1_000', '1,5', '1.5.5', '+', '.',
  'true', 'false', 'null', 'undefined', '[object Object]', '{}', '[]', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf',
  '💥', 'ｓａｎｄｂｏｘ', '\u202eevil', 'e\u0301', '\ud800', '\u0000', '<script>alert(1)</script>', '"quoted"', "'", '\\',
  '9'.repeat(400), 'x'.repeat(100_000), ' 1 ', '1 2', ',,', '64,,64', '64;64', '64 64 64 64 64 64 64 64 64',
];

/** Numbers at and beyond the edges. */
const EDGE_NUMBERS: readonly number[] = [
  Number.NaN, Infinity, -Infinity, -0, 0, -1, 1, 0.5, 1.5, 1e-320, Number.MIN_VALUE, Number.EPSILON, 0.1 + 0.2, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32,
  Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, Number.MAX_VALUE,
];

/** A value of any type: numbers at the edges, text, and things that are not numbers or text at all. */
export function junkValue(random: FuzzRandom): unknown {
  switch (random.int(4)) {
    case 0:
      return random.pick(EDGE_NUMBERS);
    case 1:
      return junkText(random);
    default: {
      const others: (() => unknown)[] = [
        () => null,
        () => undefined,
        () => true,
        () => false,
        () => ({}),
        () => [],
        () => [random.pick(EDGE_NUMBERS)],
        () => [[64]],
        () => new Array(3),
        () => ({ valueOf: () => 2, toString: () => '2' }),
        () => Symbol('junk'),
        () => 10n,
        () => () => 1,
        () => new Date(0),
        () => Object.create(null),
        () => new Number(2),
        () => new String('sandbox'),
        () => new Uint8Array(8),
        () => new ArrayBuffer(4),
        () => new Blob(['not a model']),
        () => Promise.resolve(1),
        () => ({ then: () => undefined }),
      ];
      return random.pick(others)();
    }
  }
}

/** Text from the junk list, or random code points of random length. */
export function junkText(random: FuzzRandom): string {
  if (random.chance(0.7)) return random.pick(JUNK_TEXT);
  const length = random.int(40);
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCodePoint(random.chance(0.5) ? 32 + random.int(95) : random.int(0x11000));
  return text;
}

/** A value as an operation log shows it (any type, shortened). */
export function shown(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'symbol' || typeof value === 'bigint' || typeof value === 'function') text = `${typeof value} ${String(value)}`;
  else if (Array.isArray(value)) text = `[${Array.from(value, (v) => shown(v)).join(', ')}]${value.length > 0 && !(0 in value) ? ' (sparse)' : ''}`;
  else if (value instanceof Blob) text = `Blob(${value.size} bytes)`;
  else if (value !== null && typeof value === 'object') text = `${Object.getPrototypeOf(value)?.constructor?.name ?? 'null-prototype object'} ${safeJson(value)}`;
  else text = Object.is(value, -0) ? '-0' : String(value);
  return text.length > 80 ? `${text.slice(0, 60)}… (${text.length} chars)` : text;
}

function safeJson(value: object): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** Rejects with `what` if `promise` does not settle within `ms`; otherwise tells how it settled. */
export async function settles(promise: Promise<unknown>, ms: number, what: string): Promise<'resolved' | 'rejected'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise.then(() => 'resolved' as const, () => 'rejected' as const), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Cases between two looks for uncaught errors. */
const PAGE_ERROR_EVERY = 20;

/** What a case logs: each operation, in order, for the failure message. */
export type CaseLog = string[];

/** What fuzz() runs. */
export interface FuzzOptions {
  /** The root seed: case i draws from hash32(seed, i). */
  readonly seed: number;
  readonly cases: number;
  /** Runs one case; throws (an assertion) when an invariant breaks. */
  run(random: FuzzRandom, log: CaseLog, index: number): Promise<void>;
}

/**
 * Runs the cases in order and stops at the first failure with the seed, the
 * case number and what the case did. Elements log a console error for
 * every invalid value; those are silenced while the fuzz runs.
 */
export async function fuzz({ seed, cases, run }: FuzzOptions): Promise<void> {
  const pageErrors: string[] = [];
  const onError = (event: ErrorEvent) => pageErrors.push(String(event.error?.stack ?? event.message));
  const onRejection = (event: PromiseRejectionEvent) => pageErrors.push(`unhandled rejection: ${String((event.reason as Error)?.stack ?? event.reason)}`);
  const consoleError = console.error;
  console.error = () => undefined;
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  try {
    for (let index = 0; index < cases; index++) {
      const log: CaseLog = [];
      try {
        await run(new FuzzRandom(hash32(seed, index)), log, index);
        // A rejection nobody handled is reported in a later task: look every few cases (a task per case would slow the fuzz down).
        if (index % PAGE_ERROR_EVERY === PAGE_ERROR_EVERY - 1 || index === cases - 1) await new Promise((resolve) => setTimeout(resolve, 0));
        if (pageErrors.length > 0) throw new Error(`the page had an uncaught error during the last ${PAGE_ERROR_EVERY} cases:\n${pageErrors.join('\n')}`);
      } catch (error) {
        const steps = log.map((line, i) => `  ${i + 1}. ${line}`).join('\n');
        const failure = new Error(`fuzz seed 0x${seed.toString(16)} case ${index} failed: ${(error as Error).message}\nThe case ran:\n${steps}\n(Replay: the same seed runs the same cases; case ${index} draws from hash32(seed, ${index}).)`);
        failure.stack = `${failure.message}\n${(error as Error).stack ?? ''}`;
        throw failure;
      }
    }
  } finally {
    console.error = consoleError;
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  }
}

/** What setting an input should do, by the README: take a (normalised) value, leave things as they are, or be refused. */
export type Outcome =
  | { readonly kind: 'set'; readonly value: unknown }
  | { readonly kind: 'later'; readonly value: () => unknown }
  | { readonly kind: 'keep' }
  | { readonly kind: 'invalid' };

/** The element takes `value` (normalised as the README says). */
export const set = (value: unknown): Outcome => ({ kind: 'set', value });
/** A value the element works out when it updates (e.g. what its runtime holds then). */
export const setLater = (value: () => unknown): Outcome => ({ kind: 'later', value });
/** Nothing changes, and nothing is reported (e.g. a hyperparameter attribute removed). */
export const KEEP: Outcome = { kind: 'keep' };
/** Refused: a drill-error naming the attribute, and the value in force stays. */
export const INVALID: Outcome = { kind: 'invalid' };

/** One attribute/property pair of an element, as the README specifies it. */
export interface SettingSpec {
  readonly prop: string;
  readonly attr: string;
  /** Whether the property is reflected to the attribute. */
  readonly reflect: boolean;
  /** What setting the property to `value` should do, given the values now in force. */
  fromProperty(value: unknown, current: ReadonlyMap<string, unknown>): Outcome;
  /** What setting the attribute to `text` (null: removing it) should do. */
  fromAttribute(text: string | null, current: ReadonlyMap<string, unknown>): Outcome;
  /** A valid property value, boundaries included. */
  validValue(random: FuzzRandom): unknown;
  /** A valid attribute text. */
  validText(random: FuzzRandom): string;
}

/** Deep enough for the elements' values (numbers, text, arrays of numbers). */
function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/**
 * The values an element should hold, updated operation by operation with
 * Lit's batching: properties set before an update are validated together
 * when it runs, each by its final value, and a refused one keeps the value
 * from before the batch and is reported once.
 */
export class SettingsModel {
  readonly current = new Map<string, unknown>();
  readonly #pending = new Map<string, Outcome>();
  /** Settings refused in the last flush, by property name. */
  refused: string[] = [];

  constructor(readonly specs: readonly SettingSpec[], initial: Record<string, unknown>) {
    for (const spec of specs) this.current.set(spec.prop, initial[spec.prop]);
  }

  spec(prop: string): SettingSpec {
    return this.specs.find((s) => s.prop === prop)!;
  }

  setProperty(prop: string, value: unknown): Outcome {
    return this.#note(prop, this.spec(prop).fromProperty(value, this.current));
  }

  setAttribute(prop: string, text: string | null): Outcome {
    return this.#note(prop, this.spec(prop).fromAttribute(text, this.current));
  }

  /** A value the element itself sets (a method), valid by construction. */
  assign(prop: string, value: unknown): void {
    this.#pending.set(prop, set(value));
  }

  #note(prop: string, outcome: Outcome): Outcome {
    this.#pending.set(prop, outcome);
    return outcome;
  }

  /** The element updated: pending values are taken or refused. */
  flush(): void {
    this.refused = [];
    for (const [prop, outcome] of this.#pending) {
      if (outcome.kind === 'set') this.current.set(prop, outcome.value);
      else if (outcome.kind === 'later') this.current.set(prop, outcome.value());
      else if (outcome.kind === 'invalid') this.refused.push(prop);
    }
    this.#pending.clear();
  }
}

/** A number read the way the elements read numbers: non-blank text through Number(). */
export function numberFrom(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/** An attribute/property for a number in [min, max]; `onNull` is what removing the attribute (or null) does. */
export function numberSetting(
  prop: string,
  attr: string,
  range: { readonly min: number; readonly max: number; readonly integer?: boolean; readonly acceptsText?: boolean },
  onNull: (current: ReadonlyMap<string, unknown>) => Outcome,
  validValues: readonly number[] = [],
): SettingSpec {
  const check = (n: number): Outcome => (Number.isFinite(n) && n >= range.min && n <= range.max && (!range.integer || Number.isInteger(n)) ? set(n) : INVALID);
  const boundaries = [range.min, range.max, ...validValues];
  const valid = (random: FuzzRandom): number => {
    if (random.chance(0.4)) return random.pick(boundaries);
    const n = random.between(range.min, range.max);
    return range.integer ? Math.round(n) : n;
  };
  return {
    prop,
    attr,
    reflect: true,
    fromProperty: (value, current) =>
      value === null || value === undefined ? onNull(current) : typeof value === 'number' || (range.acceptsText !== false && typeof value === 'string') ? check(numberFrom(value)) : INVALID,
    fromAttribute: (text, current) => (text === null ? onNull(current) : check(numberFrom(text))),
    validValue: valid,
    validText: (random) => {
      const n = valid(random);
      return random.pick([String(n), ` ${n} `, n.toExponential(), String(n)]);
    },
  };
}

/** An attribute/property that takes one of `choices`. */
export function choiceSetting(prop: string, attr: string, choices: readonly string[], fallback: string): SettingSpec {
  const check = (value: unknown): Outcome => (typeof value === 'string' && choices.includes(value) ? set(value) : INVALID);
  return {
    prop,
    attr,
    reflect: true,
    fromProperty: (value) => (value === null || value === undefined ? set(fallback) : check(value)),
    fromAttribute: (text) => (text === null ? set(fallback) : check(text)),
    validValue: (random) => random.pick(choices),
    validText: (random) => random.pick(choices),
  };
}

/** Elements as the fuzz drives them: properties by name. */
type Settable = HTMLElement & Record<string, unknown> & { readonly updateComplete: Promise<boolean> };

/**
 * Sets a property, sets an attribute or removes one, chosen at random among
 * `specs` (valid values, boundaries and junk alike), and tells the model.
 * `allowed` can rule out inputs a phase must not make (e.g. ones that would
 * start workers); a setter that throws fails the case.
 */
export function randomSettingOp(
  random: FuzzRandom,
  el: HTMLElement,
  model: SettingsModel,
  log: CaseLog,
  allowed: (spec: SettingSpec, outcome: Outcome) => boolean = () => true,
): void {
  const target = el as Settable;
  for (let tries = 0; tries < 50; tries++) {
    const spec = random.pick(model.specs);
    const choice = random.next();
    if (choice < 0.4) {
      const value = random.chance(0.5) ? spec.validValue(random) : junkValue(random);
      if (!allowed(spec, spec.fromProperty(value, model.current))) continue;
      log.push(`el.${spec.prop} = ${shown(value)}`);
      model.setProperty(spec.prop, value);
      expectNoThrow(() => (target[spec.prop] = value), log);
    } else if (choice < 0.85) {
      const text = random.chance(0.5) ? spec.validText(random) : junkText(random);
      if (!allowed(spec, spec.fromAttribute(text, model.current))) continue;
      log.push(`el.setAttribute(${JSON.stringify(spec.attr)}, ${shown(text)})`);
      model.setAttribute(spec.prop, text);
      expectNoThrow(() => el.setAttribute(spec.attr, text), log);
    } else {
      if (!allowed(spec, spec.fromAttribute(null, model.current))) continue;
      log.push(`el.removeAttribute(${JSON.stringify(spec.attr)})`);
      // Removing an attribute that is not there changes nothing.
      if (el.hasAttribute(spec.attr)) model.setAttribute(spec.prop, null);
      expectNoThrow(() => el.removeAttribute(spec.attr), log);
    }
    return;
  }
}

function expectNoThrow(action: () => void, log: CaseLog): void {
  try {
    action();
  } catch (error) {
    throw new Error(`${log.at(-1)} threw ${String(error)}`);
  }
}

/** Waits until the element has no update pending (an update may request another). */
export async function settled(el: HTMLElement): Promise<void> {
  const target = el as Settable;
  for (let i = 0; i < 10; i++) {
    let done: boolean;
    try {
      done = await target.updateComplete;
    } catch (error) {
      throw new Error(`the element's update threw: ${(error as Error).stack ?? String(error)}`);
    }
    if (done) return;
  }
  throw new Error('the element kept requesting updates');
}

/** The drill-error events an element fires, as they come. */
export function collectErrors(el: HTMLElement): { code: string; source: string; message: string }[] {
  const seen: { code: string; source: string; message: string }[] = [];
  el.addEventListener('drill-error', (event) => seen.push((event as CustomEvent).detail));
  return seen;
}

/**
 * Lets the element update, then checks it against the model: every property
 * reads the value in force, a reflected attribute says the same, and each
 * refused value (and nothing else) fired one drill-error naming it.
 * `adopt` lets the model take on what changed by itself (a match that ended
 * picks the next seed); `after` checks a phase's own invariant.
 */
export async function checkSettings(
  el: HTMLElement,
  model: SettingsModel,
  errors: { code: string; source: string; message: string }[],
  log: CaseLog,
  hooks: { readonly adopt?: () => void; readonly after?: () => void } = {},
): Promise<void> {
  log.push('await update');
  await settled(el);
  model.flush();
  hooks.adopt?.();
  const target = el as Settable;
  for (const spec of model.specs) {
    const expected = model.current.get(spec.prop);
    const actual = target[spec.prop];
    if (!same(actual, expected)) throw new Error(`el.${spec.prop} is ${shown(actual)}; expected ${shown(expected)}`);
    if (!spec.reflect) continue;
    const text = el.getAttribute(spec.attr);
    const read = spec.fromAttribute(text, model.current);
    const readValue = read.kind === 'later' ? read.value() : read.kind === 'set' ? read.value : INVALID;
    if (readValue === INVALID || !same(readValue, expected)) throw new Error(`attribute ${spec.attr}=${shown(text)} does not reflect el.${spec.prop} = ${shown(expected)}`);
  }
  const reported = errors.splice(0).filter((e) => e.source === 'element');
  const wrong = reported.filter((e) => e.code !== 'invalid-attribute');
  if (wrong.length > 0) throw new Error(`unexpected drill-error ${wrong.map((e) => `${e.code}: ${e.message}`).join('; ')}`);
  if (reported.length !== model.refused.length) {
    throw new Error(`${reported.length} invalid-attribute errors (${reported.map((e) => shown(e.message)).join('; ')}); expected ${model.refused.length} (for ${model.refused.join(', ') || 'nothing'})`);
  }
  for (const prop of model.refused) {
    const spec = model.spec(prop);
    if (!reported.some((e) => e.message.includes(spec.attr) || e.message.includes(spec.prop))) {
      throw new Error(`no drill-error names ${spec.attr} (got ${reported.map((e) => shown(e.message)).join('; ')})`);
    }
  }
  hooks.after?.();
}
