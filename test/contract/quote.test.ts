import { expect } from '@open-wc/testing';
import { quote } from '../../src/contract/quote.js';

describe('quote', () => {
  it('writes any value as a message quotes it, and never throws', () => {
    expect(quote('speed')).to.equal('"speed"');
    expect(quote(2.5)).to.equal('2.5');
    expect(quote([64, 64])).to.equal('[64,64]');
    expect(quote(null)).to.equal('null');
    expect(quote(undefined)).to.equal('undefined');
    expect(quote(10n)).to.equal('10n');
    expect(quote(Symbol('x'))).to.equal('Symbol(x)');
    expect(quote(Object.create(null))).to.equal('{}');
    expect(quote({ toJSON: () => { throw new Error('no'); } })).to.equal('[object Object]');
    const hostile = Object.create(null, { toJSON: { value: () => { throw new Error('no'); } } });
    expect(quote(hostile)).to.equal('[object Object]');
    expect(quote('x'.repeat(1000))).to.equal(`"${'x'.repeat(119)}… (1002 characters)`);
  });
});
