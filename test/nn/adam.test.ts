// Adam against hand-computed steps; clipping, live lr, non-finite gradients.
import { expect } from '@open-wc/testing';
import { Adam, ADAM_DEFAULTS } from '../../src/nn/adam.js';
import { Workspace } from '../../src/nn/workspace.js';

async function setup(count: number, epsilon?: number): Promise<{ adam: Adam; params: Float32Array; grads: Float32Array }> {
  const ws = await Workspace.create({ params: count, grads: count, ...Adam.regions(count) });
  const params = ws.region('params');
  const grads = ws.region('grads');
  return { adam: new Adam(ws, params.ptr, grads.ptr, count, epsilon === undefined ? {} : { epsilon }), params: params.view, grads: grads.view };
}

/** The textbook update in float64: m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ), p −= lr·m̂/(√v̂ + ε). */
function referenceAdam(p0: number, gradients: readonly number[], lrs: readonly number[], eps: number): number {
  const { beta1, beta2 } = ADAM_DEFAULTS;
  let p = p0, m = 0, v = 0;
  gradients.forEach((g, i) => {
    const t = i + 1;
    m = beta1 * m + (1 - beta1) * g;
    v = beta2 * v + (1 - beta2) * g * g;
    p -= (lrs[i]! * (m / (1 - beta1 ** t))) / (Math.sqrt(v / (1 - beta2 ** t)) + eps);
  });
  return p;
}

describe('Adam', () => {
  it('matches hand-computed numbers: p = 1, g = 0.5 then −1, lr 0.1, ε 1e-5', async () => {
    const { adam, params, grads } = await setup(1);
    params[0] = 1;
    grads[0] = 0.5;
    adam.step(0.1);
    expect(params[0]).to.be.closeTo(0.90000199996, 1e-7);
    grads[0] = -1;
    adam.step(0.1);
    expect(params[0]).to.be.closeTo(0.93661188965, 1e-6);
    expect(adam.steps).to.equal(2);
  });

  it('steps every parameter (SIMD groups and the scalar tail) like the float64 formula, with lr changed between steps', async () => {
    for (const count of [5, 9, 64]) {
      const { adam, params, grads } = await setup(count, 1e-8);
      const history = Array.from({ length: count }, (_, i) => [Math.sin(i + 1), Math.cos(3 * i) * 2, 0.01 * (i - 3)]);
      const lrs = [1e-2, 3e-3, 5e-2];
      params.forEach((_, i) => { params[i] = i / 10; });
      for (let s = 0; s < 3; s++) {
        history.forEach((gs, i) => { grads[i] = gs[s]!; });
        adam.step(lrs[s]!);
      }
      params.forEach((p, i) => expect(p, `param ${i} of ${count}`).to.be.closeTo(referenceAdam(i / 10, history[i]!.map(Math.fround), lrs, 1e-8), 2e-6));
    }
  });

  it('clips the global gradient norm: a norm-10 gradient with maxGradNorm 1 steps like g/10, and the pre-clip norm is returned', async () => {
    const clippedRun = await setup(4, 1e-8);
    const scaledRun = await setup(4, 1e-8);
    const g = [6, 0, -8, 0];
    for (let s = 0; s < 2; s++) {
      clippedRun.grads.set(g.map((x) => x * (s + 1)));
      scaledRun.grads.set(g.map((x) => (x * (s + 1)) / (10 * (s + 1) + 1e-6)));
      expect(clippedRun.adam.step(0.1, 1)).to.be.closeTo(10 * (s + 1), 1e-9);
      scaledRun.adam.step(0.1);
    }
    clippedRun.params.forEach((p, i) => expect(p).to.be.closeTo(scaledRun.params[i]!, 1e-7));
    // Second moment differs between a raw and a clipped run, so the clip is not a no-op on Adam.
    const unclipped = await setup(4, 1e-8);
    unclipped.grads.set(g);
    unclipped.adam.step(0.1);
    unclipped.grads.set(g.map((x) => 2 * x));
    unclipped.adam.step(0.1, Infinity);
    expect(unclipped.params[0]).not.to.be.closeTo(clippedRun.params[0]!, 1e-6);
  });

  it('does not apply a non-finite gradient, and reset forgets the moments', async () => {
    const { adam, params, grads } = await setup(3);
    params.set([1, 2, 3]);
    grads.set([1, NaN, 1]);
    expect(Number.isNaN(adam.step(0.1))).to.equal(true);
    expect(Array.from(params)).to.deep.equal([1, 2, 3]);
    expect(adam.steps).to.equal(0);
    grads.set([1, 1, 1]);
    adam.step(0.1);
    adam.reset();
    expect(adam.steps).to.equal(0);
    params.set([0, 0, 0]);
    grads.set([-2, 2, 0]);
    adam.step(0.5);
    // A fresh first step moves by lr·g/(|g| + ε).
    expect(params[0]).to.be.closeTo(0.5, 1e-5);
    expect(params[1]).to.be.closeTo(-0.5, 1e-5);
    expect(params[2]).to.equal(0);
  });
});
