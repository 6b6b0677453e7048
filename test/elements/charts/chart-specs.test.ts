import { expect } from '@open-wc/testing';
import { CHART_IDS, parseMetrics } from '../../../elements/charts/chart-specs.js';

describe('parseMetrics', () => {
  it('takes chart ids and groups, and nothing that only an Object has', () => {
    expect(parseMetrics('kl losses kl').map((spec) => spec.id)).to.deep.equal(['kl', 'policy-loss', 'value-loss', 'entropy']);
    expect(parseMetrics(CHART_IDS.join(','))).to.have.length(CHART_IDS.length);
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(() => parseMetrics(name), name).to.throw(RangeError, new RegExp(`^metrics: unknown chart "${name}"`));
    }
  });

  it('says what it takes when given something that is not text', () => {
    expect(() => parseMetrics(['kl'] as unknown as string)).to.throw(RangeError, /^metrics must be text, .*; got \["kl"\]$/);
    expect(() => parseMetrics(7 as unknown as string)).to.throw(RangeError, /got 7$/);
  });
});
