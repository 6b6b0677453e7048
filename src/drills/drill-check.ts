/**
 * The rules a drill must keep, checked when it loads (checkDrill: its info,
 * a small batch stepped with every action, its baselines and controls) and
 * while it runs (the rollout collector's cheap checks, which throw the same
 * error). A broken drill becomes a `drill-invalid` error naming the drill
 * and the rule; it never takes a worker down as a crash would.
 */
import type { DrillDefinition } from '../contract/drill.js';
import type { VecEnv } from '../contract/env.js';
import { maskWords } from '../sim/env.js';

/** A drill broke one of its rules; `rule` says which, in words. */
export class DrillInvalidError extends Error {
  override readonly name = 'DrillInvalidError';
  constructor(readonly drill: string, readonly rule: string) {
    super(`drill '${drill}' is invalid: ${rule}`);
  }
}

/** Sizes a drill may have (generous; they bound the memory a page can be made to take). */
export const DRILL_LIMITS = { obsSize: 4096, actionCount: 1024, maxEpisodeSteps: 1e7 } as const;

/** Decisions of the load-time test run (every one checked) and its envs: a few, so loading stays instant. */
const CHECK_STEPS = 64;
const CHECK_ENVS = 3;

const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Throws a DrillInvalidError for the first rule `value` breaks; returns it typed when it keeps them all. */
export function checkDrill(value: unknown, name: string): DrillDefinition {
  const fail = (rule: string): never => {
    throw new DrillInvalidError(name, rule);
  };
  if (typeof value !== 'object' || value === null) return fail('the module must export a drill definition (an object) as its default export or as `drill`');
  const def = value as Partial<DrillDefinition>;
  const info = def.info;
  if (typeof info !== 'object' || info === null) return fail('`info` must be an object');
  if (typeof info.id !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(info.id)) fail('info.id must be a name of 1–64 letters, digits, . _ -');
  if (!isInt(info.version, 0, 2 ** 31)) fail(`info.version must be a non-negative integer, got ${String(info.version)}`);
  if (!isInt(info.obsSize, 1, DRILL_LIMITS.obsSize)) fail(`info.obsSize must be an integer in 1…${DRILL_LIMITS.obsSize}, got ${String(info.obsSize)}`);
  if (!isInt(info.actionCount, 2, DRILL_LIMITS.actionCount)) fail(`info.actionCount must be an integer in 2…${DRILL_LIMITS.actionCount}, got ${String(info.actionCount)}`);
  if (info.agents !== 1 && info.agents !== 2) fail(`info.agents must be 1 or 2, got ${String(info.agents)}`);
  if (!isInt(info.ticksPerDecision, 1, 1e6)) fail(`info.ticksPerDecision must be a positive integer, got ${String(info.ticksPerDecision)}`);
  if (typeof info.tickHz !== 'number' || !(info.tickHz > 0 && info.tickHz <= 1e4)) fail(`info.tickHz must be a rate in (0, 10000], got ${String(info.tickHz)}`);
  if (!isInt(info.maxEpisodeSteps, 1, DRILL_LIMITS.maxEpisodeSteps)) fail(`info.maxEpisodeSteps must be an integer in 1…${DRILL_LIMITS.maxEpisodeSteps}, got ${String(info.maxEpisodeSteps)}`);
  if (typeof def.title !== 'string' || def.title.length === 0) fail('`title` must be a non-empty string');
  if (typeof def.createBatch !== 'function') fail('`createBatch(size)` must be a function');
  if (!Array.isArray(def.baselines) || def.baselines.some((b) => typeof b !== 'string')) fail('`baselines` must be an array of names (may be empty)');
  if (def.baselines!.length > 0 && typeof def.createBaseline !== 'function') fail('`createBaseline(name, size, seed)` must be a function when there are baselines');
  if (def.draw !== undefined && typeof def.draw !== 'function') fail('`draw`, when given, must be a function');
  if (def.controls !== undefined) checkControls(def as DrillDefinition, fail);
  if (def.bodies !== undefined && (typeof def.bodies.hit !== 'function' || typeof def.bodies.move !== 'function')) fail('`bodies` must have hit() and move() functions');
  const drill = def as DrillDefinition;

  let batch: VecEnv;
  try {
    batch = drill.createBatch(CHECK_ENVS);
  } catch (error) {
    return fail(`createBatch threw: ${(error as Error).message}`);
  }
  checkBatchShape(batch, drill, CHECK_ENVS, fail);
  const actions = new Int32Array(CHECK_ENVS * info.agents!);
  try {
    batch.reset(1, 0);
  } catch (error) {
    fail(`reset threw: ${(error as Error).message}`);
  }
  checkStepOutput(batch, name, false);
  for (let t = 0; t < CHECK_STEPS; t++) {
    // Every action is taken somewhere in the run (env e, agent a: action (t + e + a) mod count), masked or not: a drill must take any in-range action.
    for (let k = 0; k < actions.length; k++) actions[k] = (t + k) % info.actionCount!;
    stepChecked(batch, actions, name);
    checkStepOutput(batch, name, true);
  }
  for (const baseline of drill.baselines) {
    try {
      const policy = drill.createBaseline(baseline, CHECK_ENVS, 1, 0);
      for (let a = 0; a < info.agents!; a++) policy.act(batch, a, actions);
    } catch (error) {
      fail(`baseline '${baseline}' threw: ${(error as Error).message}`);
    }
    checkActions(actions, info.actionCount!, name, `baseline '${baseline}'`);
  }
  return drill;
}

function checkControls(def: DrillDefinition, fail: (rule: string) => never): void {
  const controls = def.controls!;
  if (typeof controls.keys !== 'object' || controls.keys === null || typeof controls.action !== 'function') fail('`controls` must have `keys` (code → bit) and an action(bits) function');
  const bits = Object.values(controls.keys).reduce((all, bit) => all | bit, 0);
  for (const held of [0, bits]) {
    const action = controls.action(held);
    if (!isInt(action, 0, def.info.actionCount - 1)) fail(`controls.action(${held}) must be an action in 0…${def.info.actionCount - 1}, got ${String(action)}`);
  }
}

const SHAPES: readonly [keyof VecEnv, 'obs' | 'mask' | 'agents' | 'env', Function][] = [
  ['obs', 'obs', Float32Array],
  ['mask', 'mask', Uint32Array],
  ['reward', 'agents', Float32Array],
  ['done', 'env', Uint8Array],
  ['truncated', 'env', Uint8Array],
  ['finalObs', 'obs', Float32Array],
  ['finalMask', 'mask', Uint32Array],
  ['episodeId', 'env', Uint32Array],
  ['episodeStep', 'env', Uint32Array],
  ['winner', 'env', Int8Array],
  ['episodeReturn', 'agents', Float32Array],
  ['episodeLength', 'env', Uint32Array],
];

function checkBatchShape(batch: VecEnv, drill: DrillDefinition, size: number, fail: (rule: string) => never): void {
  if (typeof batch !== 'object' || batch === null) fail('createBatch must return a batch object');
  if (batch.size !== size) fail(`createBatch(${size}) returned a batch of size ${String(batch.size)}`);
  if (typeof batch.reset !== 'function' || typeof batch.step !== 'function' || typeof batch.setGamma !== 'function') fail('a batch must have reset(seed), step(actions) and setGamma(gamma)');
  const { agents, obsSize } = drill.info;
  const per = { obs: agents * obsSize, mask: agents * maskWords(drill.info), agents, env: 1 };
  for (const [field, unit, type] of SHAPES) {
    const array = batch[field] as unknown;
    const length = size * per[unit];
    if (!(array instanceof type) || (array as ArrayLike<number>).length !== length) fail(`batch.${field} must be a ${type.name} of ${length} (${size} envs × ${per[unit]}), got ${array instanceof Object ? `${array.constructor.name}(${(array as ArrayLike<number>).length})` : String(array)}`);
  }
}

/** Steps `batch`, turning a throw into the drill's rule. */
export function stepChecked(batch: VecEnv, actions: Int32Array, drill: string): void {
  try {
    batch.step(actions);
  } catch (error) {
    throw new DrillInvalidError(drill, `step threw: ${(error as Error).message ?? String(error)}`);
  }
}

/**
 * The cheap checks after every step: finite observations and rewards, and
 * (with `final`) finite final observations where an episode ended. Sums,
 * not comparisons per element: a NaN or an infinity anywhere makes the sum
 * non-finite, and only then is the culprit looked for.
 */
export function checkStepOutput(batch: VecEnv, drill: string, final: boolean): void {
  if (!Number.isFinite(sum(batch.reward, 0, batch.reward.length))) throw new DrillInvalidError(drill, `a reward is not finite (${firstNonFinite(batch.reward)})`);
  if (!Number.isFinite(sum(batch.obs, 0, batch.obs.length))) throw new DrillInvalidError(drill, `an observation is not finite (${firstNonFinite(batch.obs)})`);
  if (!final) return;
  const per = batch.finalObs.length / batch.size;
  for (let e = 0; e < batch.size; e++) {
    if (batch.done[e] && !Number.isFinite(sum(batch.finalObs, e * per, (e + 1) * per))) throw new DrillInvalidError(drill, `a final observation is not finite (env ${e})`);
  }
}

/** Throws when an action in `actions` is outside 0…count − 1 (scripted baselines, human controls). */
export function checkActions(actions: Int32Array, count: number, drill: string, who: string): void {
  for (let k = 0; k < actions.length; k++) {
    const a = actions[k]!;
    if (a < 0 || a >= count) throw new DrillInvalidError(drill, `${who} chose action ${a}, outside 0…${count - 1}`);
  }
}

function sum(array: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += array[i]!;
  return s;
}

function firstNonFinite(array: Float32Array): string {
  const i = array.findIndex((v) => !Number.isFinite(v));
  return `index ${i}: ${array[i]}`;
}
