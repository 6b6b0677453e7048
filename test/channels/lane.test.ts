import { expect } from '@open-wc/testing';
import { laneSuite } from './lane.suite.js';

describe('cross-origin-isolated page', () => {
  it('has shared memory', () => {
    expect(crossOriginIsolated).to.equal(true);
    expect(typeof SharedArrayBuffer).to.equal('function');
  });
});
laneSuite('shared-memory');
laneSuite('transfer');
