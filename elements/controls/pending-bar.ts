/**
 * The run-size bar: which reset-only hyperparameters wait for a reset, and
 * "Reset and apply". The button is always there so it can be found, and
 * aria-disabled (focusable, so it keeps focus after its own reset) while
 * nothing waits.
 */
import { html } from 'lit';
import type { HyperName } from '../../src/contract/hyperparameters.js';
import { HYPER_TEXT } from './hyper-text.js';
import { ICONS } from './icons.js';

export function pendingText(pending: readonly HyperName[]): string {
  if (pending.length === 0) return 'Nothing waits for a reset.';
  return `${listOf(pending.map((name) => HYPER_TEXT[name].label))} ${pending.length === 1 ? 'waits' : 'wait'} for a reset: learning starts over with new weights.`;
}

export function renderPendingBar(pending: readonly HyperName[], canApply: boolean, apply: () => void) {
  const waiting = pending.length > 0;
  return html`
    <div part="pending" class=${waiting ? 'waiting' : ''}>
      <p id="pending-text" role="status">${pendingText(pending)}</p>
      <button
        part="button apply-button"
        type="button"
        class=${waiting ? 'primary' : ''}
        aria-describedby="pending-text"
        aria-disabled=${canApply ? 'false' : 'true'}
        @click=${() => (canApply ? apply() : undefined)}
      >${ICONS.apply}Reset and apply</button>
    </div>
  `;
}

/** "A", "A and B", "A, B and C". */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
