import { expect } from '@open-wc/testing';
import { HYPERPARAMETERS } from '../../src/contract/hyperparameters.js';
import { HALVE_LR_AFTER, NonFiniteGuard, nonFiniteMessage, STOP_AFTER, type NonFiniteVerdict } from '../../src/rl/non-finite-guard.js';

/** Feeds `n` bad updates at a learning rate that follows every halving. */
function badRun(guard: NonFiniteGuard, n: number, lr: number): { verdicts: NonFiniteVerdict[]; lr: number } {
  const verdicts: NonFiniteVerdict[] = [];
  for (let i = 0; i < n; i++) {
    const verdict = guard.bad(lr);
    if (verdict.action === 'halve-lr') lr = verdict.to;
    verdicts.push(verdict);
  }
  return { verdicts, lr };
}

describe('non-finite guard', () => {
  it('has K < M, with room for at least one halving before the stop', () => {
    expect(HALVE_LR_AFTER).to.be.greaterThan(1);
    expect(STOP_AFTER).to.be.greaterThan(HALVE_LR_AFTER);
  });

  it('fewer than K bad updates in a row only discard', () => {
    const { verdicts, lr } = badRun(new NonFiniteGuard(), HALVE_LR_AFTER - 1, 3e-4);
    expect(verdicts.map((v) => v.action)).to.deep.equal(new Array(HALVE_LR_AFTER - 1).fill('discard'));
    expect(lr).to.equal(3e-4);
  });

  it('halves the learning rate once per K in a row, then stops at M', () => {
    const guard = new NonFiniteGuard(3, 8);
    const { verdicts, lr } = badRun(guard, 8, 4e-4);
    expect(verdicts.map((v) => v.action)).to.deep.equal(['discard', 'discard', 'halve-lr', 'discard', 'discard', 'halve-lr', 'discard', 'stop']);
    expect(verdicts[2]).to.deep.include({ from: 4e-4, to: 2e-4 });
    expect(verdicts[5]).to.deep.include({ from: 2e-4, to: 1e-4 });
    expect(lr).to.equal(1e-4);
    expect(guard.streak).to.equal(8);
  });

  it('a good update ends the streak, and so does a fresh start', () => {
    const guard = new NonFiniteGuard(3, 8);
    badRun(guard, 2, 1e-3);
    guard.good();
    expect(badRun(guard, 2, 1e-3).verdicts.map((v) => v.action)).to.deep.equal(['discard', 'discard']);
    guard.clear();
    expect(guard.streak).to.equal(0);
    expect(badRun(guard, 3, 1e-3).verdicts.at(-1)!.action).to.equal('halve-lr');
  });

  it('never halves below the range minimum (a halving that would is a plain discard)', () => {
    const min = HYPERPARAMETERS.lr.min;
    const guard = new NonFiniteGuard(1, 10);
    expect(guard.bad(1.5 * min)).to.deep.include({ action: 'halve-lr', to: min });
    expect(guard.bad(min).action).to.equal('discard');
  });

  it('refuses thresholds that are not positive integers', () => {
    expect(() => new NonFiniteGuard(0, 8)).to.throw(RangeError);
    expect(() => new NonFiniteGuard(3, 2.5)).to.throw(RangeError);
  });

  it('says what happened: the discard, the lr change from X to Y, the stop with the weights kept', () => {
    expect(nonFiniteMessage({ action: 'discard', streak: 1 }, 'a non-finite loss', 7)).to.match(/non-finite loss.*discarded.*version 7 restored.*lower the learning rate/);
    expect(nonFiniteMessage({ action: 'halve-lr', streak: 3, from: 0.0003, to: 0.00015 }, 'a non-finite loss', 7)).to.match(/learning rate went from 0\.0003 to 0\.00015/);
    expect(nonFiniteMessage({ action: 'stop', streak: 8 }, 'a non-finite weight (parameter 4)', 7, 8)).to.match(/parameter 4.*Training stopped after 8 non-finite updates in a row.*keeps version 7/);
  });
});
