/**
 * One hyperparameter as a form field, drawn from its protocol spec: a
 * visible label, its unit and description as help text, and an input that
 * suits it — a slider with a number box for real values (log-scale for
 * learning rates and coefficients), a number box with − and + for integers,
 * a text box for the hidden-layer list ("64,64").
 */
import { html, nothing } from 'lit';
import { type HyperName, HYPERPARAMETERS, type Hyperparameters } from '../../src/contract/hyperparameters.js';
import { appliesOnReset } from './hyper-groups.js';
import { formatHyper } from './hyper-value.js';
import { sliderScale } from './slider-scale.js';
import { stepValue } from './stepper.js';
import { HYPER_TEXT } from './hyper-text.js';

export interface HyperFieldState {
  readonly name: HyperName;
  /** The value the runtime holds. */
  readonly value: Hyperparameters[HyperName];
  /** A value the slider is being dragged through, not committed yet. */
  readonly preview: number | undefined;
  /** The validator's message for the last text that was rejected. */
  readonly error: string | undefined;
  /** A reset-only value that differs from the running one. */
  readonly pending: boolean;
  readonly disabled: boolean;
}

export interface HyperFieldHandlers {
  /** A value to apply: text as typed, or a number from the slider or the stepper. */
  commit(name: HyperName, value: string | number): void;
  /** The slider moved (undefined: released). */
  preview(name: HyperName, value: number | undefined): void;
}

/** The id of a field's input; the label and tests find it by this. */
export const fieldId = (name: HyperName): string => `hyper-${name}`;

export function renderHyperField(state: HyperFieldState, on: HyperFieldHandlers) {
  const { name, value, error, pending, disabled } = state;
  const spec = HYPERPARAMETERS[name];
  const text = HYPER_TEXT[name];
  const id = fieldId(name);
  const describedBy = `${id}-unit ${id}-help${error ? ` ${id}-error` : ''}`;
  const shown = state.preview ?? value;
  const reset = appliesOnReset(name);
  const input = (type: 'text' | 'number', inputmode: string) => html`<input
    part="input"
    id=${id}
    type=${type}
    inputmode=${inputmode}
    autocomplete="off"
    spellcheck="false"
    min=${type === 'number' ? spec.min : nothing}
    max=${type === 'number' ? spec.max : nothing}
    step=${type === 'number' ? 1 : nothing}
    .value=${formatHyper(name, shown)}
    ?disabled=${disabled}
    aria-invalid=${error ? 'true' : 'false'}
    aria-describedby=${describedBy}
    @change=${(e: Event) => on.commit(name, (e.target as HTMLInputElement).value)}
  />`;

  let controls;
  if (Array.isArray(shown)) {
    controls = input('text', 'text');
  } else if (spec.integer) {
    const step = (direction: 1 | -1) => on.commit(name, stepValue(spec, shown, direction));
    // The steppers stay out of the tab order: the number box itself steps with the arrow keys.
    controls = html`
      <button part="button stepper" type="button" tabindex="-1" aria-label="Decrease ${text.label}" ?disabled=${disabled || shown <= spec.min} @click=${() => step(-1)}>−</button>
      ${input('number', 'numeric')}
      <button part="button stepper" type="button" tabindex="-1" aria-label="Increase ${text.label}" ?disabled=${disabled || shown >= spec.max} @click=${() => step(1)}>+</button>
    `;
  } else {
    const scale = sliderScale(spec);
    const slide = (e: Event) => scale.fromPosition(Number((e.target as HTMLInputElement).value));
    controls = html`
      <input
        part="slider"
        type="range"
        min=${scale.min}
        max=${scale.max}
        step=${scale.step}
        .value=${String(scale.toPosition(shown))}
        ?disabled=${disabled}
        aria-labelledby="${id}-label"
        aria-describedby=${describedBy}
        aria-valuetext=${formatHyper(name, shown)}
        @input=${(e: Event) => on.preview(name, slide(e))}
        @change=${(e: Event) => {
          on.preview(name, undefined);
          on.commit(name, slide(e));
        }}
      />
      ${input('text', 'decimal')}
    `;
  }

  return html`
    <div part="field" class="field ${Array.isArray(shown) ? 'list' : spec.integer ? 'integer' : 'real'}${pending ? ' pending' : ''}" data-hyper=${name}>
      <div class="field-head">
        <label part="label" id="${id}-label" for=${id}>${text.label}</label>
        <span part="unit" id="${id}-unit">${spec.unit}</span>
        ${reset ? html`<span part="badge" class=${pending ? 'waiting' : ''}>${pending ? 'Waiting for reset' : 'Reset to apply'}</span>` : nothing}
      </div>
      <div class="field-controls">${controls}</div>
      <div class="field-notes">
        <p part="help" id="${id}-help">${text.help}</p>
        ${error ? html`<p part="error" id="${id}-error" role="alert">${error}</p>` : nothing}
      </div>
    </div>
  `;
}
