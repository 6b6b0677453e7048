// The thread budget by core count (a faked hardwareConcurrency) and a page's max-threads cap.
import { expect } from '@open-wc/testing';
import { gateModeFor, threadBudget, validateMaxThreads } from '../../src/runtime/thread-budget.js';

describe('thread budget', () => {
  it('on 1 and 2 cores the trainer and one rollout worker take turns on one busy thread', () => {
    for (const cores of [1, 2]) expect(threadBudget(cores)).to.deep.equal({ rolloutWorkers: 1, trainerThreads: 1, sharedWorker: true });
    expect(gateModeFor(threadBudget(2))).to.deep.equal({ turns: true, rest: 0 });
  });

  it('with more cores: spare threads go to the trainer first (at most three), the rest to rollout workers, four busy threads unless the page allows more', () => {
    expect(threadBudget(3)).to.deep.equal({ rolloutWorkers: 1, trainerThreads: 1, sharedWorker: false });
    expect(threadBudget(4)).to.deep.equal({ rolloutWorkers: 1, trainerThreads: 2, sharedWorker: false });
    expect(threadBudget(8)).to.deep.equal({ rolloutWorkers: 1, trainerThreads: 3, sharedWorker: false });
    expect(threadBudget(64)).to.deep.equal(threadBudget(8));
    expect(threadBudget(16, 8)).to.deep.equal({ rolloutWorkers: 5, trainerThreads: 3, sharedWorker: false });
    expect(threadBudget(64, 64).rolloutWorkers).to.equal(8);
    expect(gateModeFor(threadBudget(4))).to.deep.equal({ turns: false, rest: 0 });
  });

  it('without shared memory the trainer has one thread and the rest are rollout workers', () => {
    expect(threadBudget(8, null, false)).to.deep.equal({ rolloutWorkers: 3, trainerThreads: 1, sharedWorker: false });
    expect(threadBudget(2, null, false)).to.deep.equal(threadBudget(2));
  });

  it('max-threads 1 makes them take turns on any machine', () => {
    expect(threadBudget(16, 1)).to.deep.equal({ rolloutWorkers: 1, trainerThreads: 1, sharedWorker: true });
  });

  it('a page cap lowers the budget, never raises it', () => {
    expect(threadBudget(16, 3)).to.deep.equal({ rolloutWorkers: 1, trainerThreads: 2, sharedWorker: false });
    expect(threadBudget(2, 8)).to.deep.equal(threadBudget(2));
  });

  it('a nonsense core count is taken as 2', () => {
    expect(threadBudget(0)).to.deep.equal(threadBudget(2));
    expect(threadBudget(Number.NaN)).to.deep.equal(threadBudget(2));
  });

  it('max-threads takes a whole number from 1 to 64, or nothing', () => {
    expect(validateMaxThreads('2')).to.equal(2);
    expect(validateMaxThreads(1)).to.equal(1);
    expect(validateMaxThreads(null)).to.equal(null);
    expect(validateMaxThreads('')).to.equal(null);
    for (const bad of ['0', 'two', '1.5', 65, -1]) expect(() => validateMaxThreads(bad)).to.throw(RangeError, /max-threads must be a whole number/);
  });
});
