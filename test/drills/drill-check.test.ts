// The rules a drill must keep: every built-in drill passes them; each broken drill is refused naming the rule.
import { expect } from '@open-wc/testing';
import type { DrillDefinition } from '../../src/contract/drill.js';
import { BUILT_IN_DRILLS, CARTPOLE_DRILL } from '../../src/drills/built-in.js';
import { checkDrill, DrillInvalidError } from '../../src/drills/drill-check.js';
import { loadDrill } from '../../src/drills/load-drill.js';

function refused(value: unknown, rule: RegExp): void {
  let error: unknown = null;
  try {
    checkDrill(value, 'broken');
  } catch (e) {
    error = e;
  }
  expect(error, `expected a refusal matching ${rule}`).to.be.instanceOf(DrillInvalidError);
  expect((error as DrillInvalidError).drill).to.equal('broken');
  expect((error as DrillInvalidError).message).to.match(rule);
}

/** CartPole with one part changed. */
function cartpoleWith(patch: Partial<DrillDefinition> | ((d: DrillDefinition) => Partial<DrillDefinition>)): DrillDefinition {
  const base = CARTPOLE_DRILL as unknown as DrillDefinition;
  return { ...base, ...(typeof patch === 'function' ? patch(base) : patch) };
}

describe('drill check', () => {
  for (const [id, drill] of Object.entries(BUILT_IN_DRILLS)) {
    it(`passes the built-in drill ${id}`, () => {
      expect(checkDrill(drill, id)).to.equal(drill);
    });
  }

  it('refuses a module without a definition', () => {
    refused(undefined, /must export a drill definition/);
  });

  it('refuses bad sizes', () => {
    refused(cartpoleWith((d) => ({ info: { ...d.info, agents: 3 } })), /info\.agents must be 1 or 2, got 3/);
    refused(cartpoleWith((d) => ({ info: { ...d.info, obsSize: 0 } })), /info\.obsSize must be an integer/);
    refused(cartpoleWith((d) => ({ info: { ...d.info, obsSize: 5 } })), /batch\.obs must be a Float32Array of 15/);
  });

  it('refuses non-finite observations and rewards, and a step that throws', () => {
    const wrap = (after: (batch: ReturnType<DrillDefinition['createBatch']>) => void) =>
      cartpoleWith((d) => ({
        createBatch(size: number) {
          const batch = d.createBatch(size);
          const step = batch.step.bind(batch);
          return Object.assign(batch, { step: (actions: Int32Array) => (step(actions), after(batch)) });
        },
      }));
    refused(wrap((b) => (b.obs[1] = NaN)), /an observation is not finite/);
    refused(wrap((b) => (b.reward[0] = Infinity)), /a reward is not finite/);
    refused(wrap(() => { throw new Error('boom'); }), /step threw: boom/);
  });

  it('refuses a baseline or a control that picks an action out of range', () => {
    refused(cartpoleWith({ createBaseline: () => ({ name: 'random', act: (_env, _agent, actions) => actions.fill(7) }) }), /baseline 'random' chose action 7, outside 0…1/);
    refused(cartpoleWith({ controls: { keys: { KeyA: 1 }, action: (bits) => bits * 5, help: '' } }), /controls\.action\(1\) must be an action in 0…1, got 5/);
  });

  it('names a module that fails to load', async () => {
    const error = await loadDrill({ src: new URL('/no/such/drill.js', location.href).href }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DrillInvalidError);
    expect((error as Error).message).to.match(/no\/such\/drill\.js' is invalid: its module failed to load/);
  });
});
