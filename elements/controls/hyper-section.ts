/**
 * The hyperparameter section: the learning group up front, the other
 * groups behind a "More hyperparameters" disclosure (closed by default, so
 * a phone shows a short panel), each group a fieldset of fields, the
 * run-size group ending in the "Reset and apply" bar.
 */
import { html, nothing } from 'lit';
import type { HyperName, Hyperparameters } from '../../src/contract/hyperparameters.js';
import type { HideToken } from './hide.js';
import { type HyperFieldHandlers, renderHyperField } from './hyper-field.js';
import { ADVANCED_COUNT, ADVANCED_GROUPS, appliesOnReset, HYPER_GROUPS, type HyperGroup } from './hyper-groups.js';
import { renderPendingBar } from './pending-bar.js';

export interface HyperView {
  readonly hidden: ReadonlySet<HideToken>;
  readonly hyper: Readonly<Hyperparameters>;
  /** Reset-only hyperparameters whose new value waits for a reset. */
  readonly pending: readonly HyperName[];
  readonly previews: ReadonlyMap<HyperName, number>;
  readonly errors: ReadonlyMap<HyperName, string>;
  /** Whether fields take input: not while the runtime builds workers from the values it had (starting, resetting). */
  readonly editable: boolean;
  /** Whether "Reset and apply" may run now. */
  readonly canApply: boolean;
}

export interface HyperHandlers extends HyperFieldHandlers {
  apply(): void;
}

const LEARNING = HYPER_GROUPS.find((g) => g.id === 'learning')!;

export function renderHyperSection(view: HyperView, on: HyperHandlers) {
  const { hidden, pending } = view;
  const groups = ADVANCED_GROUPS.filter((g) => !hidden.has(g.id));
  const count = groups.reduce((n, g) => n + g.names.length, 0);
  return html`
    <div part="section hyper" role="group" aria-labelledby="hyper-title">
      <div class="hyper-head">
        <span class="title" id="hyper-title">Hyperparameters</span>
        <p class="note">Changes apply at once and keep what has been learned, except those marked “Reset to apply”.</p>
      </div>
      ${hidden.has('learning') ? nothing : renderGroup(LEARNING, view, on)}
      ${hidden.has('advanced') || groups.length === 0
        ? nothing
        : html`<details part="advanced">
            <summary part="summary">
              More hyperparameters <span class="count">(${count === ADVANCED_COUNT ? count : `${count} of ${ADVANCED_COUNT}`})</span>
              ${pending.length > 0 ? html`<span part="badge" class="waiting">${pending.length} waiting for reset</span>` : nothing}
            </summary>
            <div class="advanced-body">${groups.map((g) => renderGroup(g, view, on))}</div>
          </details>`}
    </div>
  `;
}

function renderGroup(group: HyperGroup, view: HyperView, on: HyperHandlers) {
  const fields = group.names.map((name) =>
    renderHyperField(
      {
        name,
        value: view.hyper[name],
        preview: view.previews.get(name),
        error: view.errors.get(name),
        pending: view.pending.includes(name),
        disabled: !view.editable,
      },
      on,
    ),
  );
  return html`
    <fieldset part="group" data-group=${group.id}>
      <legend part="legend">${group.title}</legend>
      ${group.note ? html`<p class="group-note">${group.note}</p>` : nothing}
      <div class="fields">${fields}</div>
      ${group.names.some(appliesOnReset) ? renderPendingBar(view.pending, view.canApply, on.apply) : nothing}
    </fieldset>
  `;
}
