// <drill-trainer-controls>' building blocks, pure: attribute names from the
// protocol's table, value text, slider scales, steppers, groups, `hide`.
import { expect } from '@open-wc/testing';
import { DEFAULT_HYPERPARAMETERS, HYPER_NAMES, HYPERPARAMETERS, validateHyper } from '../../src/contract/hyperparameters.js';
import { SPEED_MAX, SPEED_MIN } from '../../src/contract/show.js';
import { hyperAttribute, hyperProperty, hyperPropertyDeclarations } from '../../elements/controls/hyper-attributes.js';
import { formatHyper, sameHyper } from '../../elements/controls/hyper-value.js';
import { logLadder, sliderScale } from '../../elements/controls/slider-scale.js';
import { stepValue } from '../../elements/controls/stepper.js';
import { ADVANCED_COUNT, appliesOnReset, HYPER_GROUPS } from '../../elements/controls/hyper-groups.js';
import { HIDE_TOKENS, parseHide } from '../../elements/controls/hide.js';
import { pendingText } from '../../elements/controls/pending-bar.js';
import { trainingStatus, type TrainingView } from '../../elements/controls/training-section.js';
import { formatSpeed, SPEED_PRESETS, SPEED_SLIDER, sliderToSpeed, speedToSlider } from '../../elements/controls/show-options.js';
import { recoveringText } from '../../elements/recovering-text.js';

describe('<drill-trainer-controls> parts', () => {
  it('names one kebab-case attribute and one camelCase property per hyperparameter, never the global `hidden`', () => {
    expect(HYPER_NAMES.map(hyperAttribute)).to.deep.equal([
      'lr', 'entropy-coef', 'clip-epsilon', 'gamma', 'lambda', 'epochs', 'minibatch', 'value-coef',
      'max-grad-norm', 'target-kl', 'max-policy-lag', 'envs', 'hidden-layers', 'steps', 'seed',
    ]);
    expect(hyperProperty('entropyCoef')).to.equal('entropyCoef');
    expect(hyperProperty('hidden')).to.equal('hiddenLayers');
    const declarations = hyperPropertyDeclarations();
    expect(Object.keys(declarations)).to.have.length(HYPER_NAMES.length);
    expect(declarations['maxGradNorm']).to.include({ attribute: 'max-grad-norm' });
    for (const name of Object.keys(declarations)) expect(name in HTMLElement.prototype, name).to.equal(false);
  });

  it('writes values as people write them, and every written default reads back as itself', () => {
    expect(formatHyper('lr', 3e-4)).to.equal('3e-4');
    expect(formatHyper('lr', 2.5e-3)).to.equal('0.0025');
    expect(formatHyper('gamma', 0.99)).to.equal('0.99');
    expect(formatHyper('clipEpsilon', 0.1 + 0.2)).to.equal('0.3');
    expect(formatHyper('entropyCoef', 0)).to.equal('0');
    expect(formatHyper('hidden', [64, 32])).to.equal('64,32');
    for (const name of HYPER_NAMES) {
      const value = DEFAULT_HYPERPARAMETERS[name];
      expect(sameHyper(validateHyper(name, formatHyper(name, value)), value), name).to.equal(true);
    }
    expect(sameHyper([64, 64], [64, 64])).to.equal(true);
    expect(sameHyper([64, 64], [64])).to.equal(false);
  });

  it('reads blank text as no number, and checks every width of a sparse list', () => {
    // Number('') is 0: an empty attribute would have turned the entropy bonus or the policy lag off.
    expect(() => validateHyper('maxPolicyLag', ' ')).to.throw(RangeError, /^maxPolicyLag must be an integer in \[0, 64\] .*, got " "$/);
    expect(() => validateHyper('entropyCoef', '')).to.throw(RangeError, /entropyCoef/);
    expect(() => validateHyper('hidden', '64,,64 ')).not.to.throw();
    expect(validateHyper('maxPolicyLag', ' 8 ')).to.equal(8);
    expect(() => validateHyper('hidden', new Array(2)), 'holes are not widths').to.throw(RangeError, /^hidden must be an integer in \[4, 1024\] .*, got undefined$/);
    expect(() => validateHyper('hidden', [64, , 64])).to.throw(RangeError);
  });

  it('puts log-scale hyperparameters on a ladder of round values, with 0 first where the range starts at 0', () => {
    expect(logLadder(0.01, 1, 0.01)).to.deep.equal([0.01, 0.012, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1]);
    const lr = sliderScale(HYPERPARAMETERS.lr);
    expect(lr.fromPosition(lr.min)).to.equal(HYPERPARAMETERS.lr.min);
    expect(lr.fromPosition(lr.max)).to.equal(HYPERPARAMETERS.lr.max);
    expect(lr.fromPosition(lr.toPosition(3e-4))).to.equal(3e-4);
    expect(lr.fromPosition(lr.toPosition(3.3e-4)), 'an off-ladder value shows at the nearest rung').to.equal(3e-4);
    const entropy = sliderScale(HYPERPARAMETERS.entropyCoef);
    expect(entropy.fromPosition(0)).to.equal(0);
    expect(entropy.toPosition(0)).to.equal(0);
    expect(entropy.fromPosition(1)).to.equal(HYPERPARAMETERS.entropyCoef.step);
    expect(entropy.fromPosition(entropy.toPosition(0.01))).to.equal(0.01);
    // Linear ones use the spec as it is.
    expect(sliderScale(HYPERPARAMETERS.gamma)).to.include({ min: 0.8, max: 0.9999, step: 1e-4 });
    expect(sliderScale(HYPERPARAMETERS.gamma).toPosition(0.97)).to.equal(0.97);
  });

  it('halves and doubles sizes with long ranges, steps short ones and the seed by one, within range', () => {
    expect(stepValue(HYPERPARAMETERS.minibatch, 512, 1)).to.equal(1024);
    expect(stepValue(HYPERPARAMETERS.minibatch, 512, -1)).to.equal(256);
    expect(stepValue(HYPERPARAMETERS.minibatch, 32, -1)).to.equal(32);
    expect(stepValue(HYPERPARAMETERS.envs, 16384, 1)).to.equal(16384);
    expect(stepValue(HYPERPARAMETERS.epochs, 4, 1)).to.equal(5);
    expect(stepValue(HYPERPARAMETERS.maxPolicyLag, 0, -1)).to.equal(0);
    expect(stepValue(HYPERPARAMETERS.seed, 1, 1)).to.equal(2);
  });

  it('places every hyperparameter in exactly one group, and only run-size ones apply on reset', () => {
    const placed = HYPER_GROUPS.flatMap((g) => g.names);
    expect([...placed].sort()).to.deep.equal([...HYPER_NAMES].sort());
    expect(HYPER_GROUPS.find((g) => g.id === 'learning')!.names).to.deep.equal(['lr', 'entropyCoef']);
    expect(HYPER_GROUPS.find((g) => g.id === 'run')!.names).to.deep.equal(HYPER_NAMES.filter(appliesOnReset));
    expect(ADVANCED_COUNT).to.equal(HYPER_NAMES.length - 2);
  });

  it('reads `hide` as a list and names what is allowed when a name is unknown', () => {
    expect([...parseHide(' show,hyper  advanced ')]).to.deep.equal(['show', 'hyper', 'advanced']);
    expect(parseHide('').size).to.equal(0);
    expect(HIDE_TOKENS).to.include.members(['training', 'show', 'hyper', 'advanced', 'learning', 'optimisation', 'returns', 'staleness', 'run']);
    expect(() => parseHide('show charts')).to.throw(RangeError, /from training show hyper advanced .*; got "charts"/);
    expect(() => parseHide(['show'] as unknown as string)).to.throw(RangeError, /^hide must be text, .*; got \["show"\]$/);
  });

  it('puts speed on a doubling scale with 1× in the middle and a preset at each doubling', () => {
    expect(SPEED_PRESETS).to.deep.equal([0.25, 0.5, 1, 2, 4]);
    expect(SPEED_SLIDER.min).to.equal(Math.log2(SPEED_MIN));
    expect(SPEED_SLIDER.max).to.equal(Math.log2(SPEED_MAX));
    expect((SPEED_SLIDER.min + SPEED_SLIDER.max) / 2).to.equal(speedToSlider(1));
    for (const preset of SPEED_PRESETS) expect(sliderToSpeed(speedToSlider(preset))).to.equal(preset);
    expect(sliderToSpeed(0.25)).to.equal(1.2);
    expect(formatSpeed(0.25)).to.equal('0.25×');
    expect(formatSpeed(1.189207)).to.equal('1.2×');
  });

  it('words what waits for a reset and what training is doing', () => {
    expect(pendingText([])).to.equal('Nothing waits for a reset.');
    expect(pendingText(['hidden'])).to.equal('Hidden layers waits for a reset: learning starts over with new weights.');
    expect(pendingText(['envs', 'hidden', 'seed'])).to.equal('Environments, Hidden layers and Seed wait for a reset: learning starts over with new weights.');
    const view: TrainingView = { joined: true, ready: true, training: false, command: null, failure: null, notice: null, policyVersion: 3, recovering: null, startModel: false, shipped: true, asleep: false };
    expect(trainingStatus({ ...view, ready: false })).to.equal('Starting…');
    expect(trainingStatus(view)).to.equal('Not training');
    expect(trainingStatus({ ...view, startModel: true })).to.equal('Playing a trained agent');
    expect(trainingStatus({ ...view, ready: false, asleep: true })).to.equal('Starts when the match is in view');
    expect(trainingStatus({ ...view, training: true })).to.equal('Training');
    expect(trainingStatus({ ...view, training: true, recovering: recoveringText(['trainer']) })).to.equal('Recovering: restarting the trainer…');
    expect(recoveringText(['rollout', 'render'])).to.equal('Recovering: restarting a rollout worker and the match display…');
    expect(recoveringText([])).to.equal(null);
    expect(trainingStatus({ ...view, command: 'train' })).to.equal('Starting training…');
    expect(trainingStatus({ ...view, training: true, command: 'stop' })).to.equal('Stopping…');
    expect(trainingStatus({ ...view, command: 'reset' })).to.equal('Resetting…');
    expect(trainingStatus({ ...view, command: 'import' })).to.equal('Loading model…');
    expect(trainingStatus({ ...view, training: true, failure: 'the trainer stopped' })).to.equal('Stopped');
  });
});
