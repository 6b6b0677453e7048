/**
 * The look of <drill-trainer-controls>: a card of three sections that
 * reflows with the element's own width (container queries, so a narrow
 * sidebar gets the phone layout on a wide screen), 36 px controls that grow
 * to 44 px touch targets on coarse pointers, and a visible focus ring on
 * everything focusable.
 */
import { css } from 'lit';

export const controlsStyles = css`
  :host {
    display: block;
    --_control: var(--drill-control-size, 36px);
    --_gap: 12px;
  }
  @media (any-pointer: coarse) {
    :host {
      --_control: var(--drill-control-size, 44px);
    }
  }
  .panel {
    container-type: inline-size;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  [part~='section'] {
    padding: 12px 14px;
  }
  [part~='section'] + [part~='section'] {
    border-block-start: 1px solid var(--_border);
  }
  .title {
    display: block;
    margin: 0 0 8px;
    font-size: 11px;
    font-weight: 700;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: var(--_muted);
  }
  p {
    margin: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px var(--_gap);
  }
  .spacer {
    flex: 1 1 0;
  }

  /* ── Buttons ── */
  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-block-size: var(--_control);
    min-inline-size: var(--_control);
    padding: 0 12px;
    font: inherit;
    font-weight: 600;
    color: var(--_text);
    background: var(--_surface-2);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 3px);
    cursor: pointer;
    white-space: nowrap;
    touch-action: manipulation;
  }
  button:hover:not(:disabled, [aria-disabled='true']) {
    border-color: color-mix(in srgb, var(--_accent) 55%, var(--_border));
  }
  button:active:not(:disabled, [aria-disabled='true']) {
    translate: 0 1px;
  }
  button:disabled,
  button[aria-disabled='true'] {
    cursor: default;
    opacity: 0.5;
  }
  button.primary {
    color: var(--_accent-text);
    background: var(--_accent);
    border-color: var(--_accent);
  }
  button.primary:hover:not(:disabled, [aria-disabled='true']) {
    background: color-mix(in srgb, var(--_accent) 88%, var(--_text));
  }
  button.stop {
    color: var(--_danger);
    background: color-mix(in srgb, var(--_danger) 8%, var(--_surface));
    border-color: color-mix(in srgb, var(--_danger) 45%, var(--_border));
  }
  .icon {
    flex: none;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  input:focus-visible,
  select:focus-visible {
    outline-offset: 1px;
  }

  /* ── Training ── */
  [part='status'] {
    display: flex;
    align-items: center;
    gap: 8px;
    font-weight: 600;
  }
  .dot {
    inline-size: 9px;
    block-size: 9px;
    border-radius: 50%;
    background: var(--_muted);
    flex: none;
  }
  .training .dot {
    background: var(--_good);
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--_good) 24%, transparent);
  }
  .failed .dot {
    background: var(--_danger);
  }
  /* A lost worker being replaced: the accent, pulsing, until the replacement runs. */
  .recovering .dot {
    background: var(--_accent);
    animation: drill-recovering 1s ease-in-out infinite alternate;
  }
  @keyframes drill-recovering {
    to {
      opacity: 0.3;
    }
  }
  .version {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  [part='failure'],
  [part='notice'] {
    margin-block-start: 8px;
    color: var(--_danger);
    font-size: 13px;
  }

  /* ── Match ── */
  .show-grid {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    gap: 12px 20px;
    align-items: center;
  }
  .speed {
    display: grid;
    grid-template-columns: auto minmax(96px, 1fr) 3.2em;
    align-items: center;
    gap: 4px 10px;
  }
  .speed .presets {
    grid-column: 1 / -1;
  }
  output {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    text-align: end;
  }
  .presets {
    display: flex;
  }
  .presets button {
    flex: 1 1 0;
    padding: 0 8px;
    font-weight: 500;
    font-variant-numeric: tabular-nums;
    border-radius: 0;
    margin-inline-start: -1px;
  }
  .presets button:first-child {
    border-start-start-radius: calc(var(--_radius) - 3px);
    border-end-start-radius: calc(var(--_radius) - 3px);
    margin-inline-start: 0;
  }
  .presets button:last-child {
    border-start-end-radius: calc(var(--_radius) - 3px);
    border-end-end-radius: calc(var(--_radius) - 3px);
  }
  .presets button[aria-pressed='true'] {
    position: relative;
    color: var(--_accent-text);
    background: var(--_accent);
    border-color: var(--_accent);
  }
  .presets button:focus-visible {
    position: relative;
    z-index: 1;
  }
  .choices {
    grid-column: 1 / -1;
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
    gap: 10px 20px;
  }

  /* ── Fields ── */
  [part~='field'] {
    display: grid;
    gap: 4px;
    align-content: start;
    min-inline-size: 0;
  }
  .field-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 2px 8px;
  }
  [part~='label'] {
    font-weight: 600;
  }
  .field-controls {
    display: flex;
    align-items: center;
    gap: 8px;
    min-inline-size: 0;
  }
  [part~='unit'] {
    font-size: 12px;
    color: var(--_muted);
  }
  [part~='help'] {
    font-size: 12px;
    line-height: 1.35;
    color: var(--_muted);
  }
  [part~='error'] {
    font-size: 12px;
    line-height: 1.35;
    color: var(--_danger);
    font-weight: 600;
  }
  [part~='badge'] {
    margin-inline-start: auto;
    padding: 1px 7px;
    font-size: 11px;
    font-weight: 600;
    line-height: 1.5;
    border-radius: 999px;
    color: var(--_muted);
    border: 1px solid var(--_border);
  }
  [part~='badge'].waiting {
    color: var(--_accent);
    border-color: color-mix(in srgb, var(--_accent) 60%, transparent);
    background: color-mix(in srgb, var(--_accent) 10%, transparent);
  }
  input[type='text'],
  input[type='number'],
  select {
    box-sizing: border-box;
    min-block-size: var(--_control);
    padding: 0 8px;
    font: inherit;
    font-variant-numeric: tabular-nums;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 4px);
  }
  select {
    inline-size: 100%;
    padding-inline-end: 4px;
  }
  select:disabled,
  input:disabled {
    opacity: 0.55;
  }
  .real input[type='text'] {
    flex: none;
    inline-size: 6.5em;
  }
  .integer input {
    flex: 0 1 7em;
    inline-size: 7em;
    min-inline-size: 4em;
    text-align: center;
  }
  .list input {
    flex: 0 1 10em;
    inline-size: 10em;
    min-inline-size: 5em;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
    box-shadow: 0 0 0 1px var(--_danger);
  }
  [part~='stepper'] {
    padding: 0;
    font-size: 18px;
    font-weight: 500;
  }
  input[type='range'] {
    flex: 1 1 auto;
    min-inline-size: 80px;
    block-size: var(--_control);
    margin: 0;
    accent-color: var(--_accent);
    background: transparent;
  }

  /* ── Hyperparameters ── */
  .hyper-head {
    display: grid;
    gap: 2px;
    margin-block-end: 12px;
  }
  .hyper-head .title {
    margin: 0;
  }
  .note {
    font-size: 12px;
    color: var(--_muted);
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-inline-size: 0;
  }
  legend {
    /* Floated, a legend lays out as a block: full width, with its rule. */
    float: left;
    inline-size: 100%;
    padding: 0 0 5px;
    margin-block-end: 10px;
    font-weight: 700;
    border-block-end: 1px solid var(--_border);
  }
  legend + * {
    clear: both;
  }
  [data-group='learning'] legend {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
    padding: 0;
    margin: 0;
  }
  .group-note {
    margin-block: -4px 10px;
    font-size: 12px;
    color: var(--_muted);
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 250px), 1fr));
    gap: 0 24px;
  }
  /* Head, controls and notes line up across a row of fields, whatever wraps in one of them. */
  .fields [part~='field'] {
    grid-row: span 3;
    grid-template-rows: subgrid;
    row-gap: 4px;
    margin-block-end: 14px;
  }
  .field-notes {
    display: grid;
    gap: 2px;
    align-content: start;
  }
  [part~='advanced'] {
    margin-block-start: 14px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    background: color-mix(in srgb, var(--_surface-2) 55%, var(--_surface));
  }
  [part~='summary'] {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 4px 10px;
    min-block-size: var(--_control);
    padding: 4px 12px;
    font-weight: 600;
    cursor: pointer;
    border-radius: inherit;
    list-style: none;
  }
  [part~='summary']::-webkit-details-marker {
    display: none;
  }
  [part~='summary']::before {
    content: '';
    inline-size: 7px;
    block-size: 7px;
    border-inline-end: 2px solid currentColor;
    border-block-end: 2px solid currentColor;
    rotate: -45deg;
    transition: rotate 0.15s;
  }
  [open] > [part~='summary']::before {
    rotate: 45deg;
  }
  .count {
    color: var(--_muted);
    font-weight: 500;
  }
  .advanced-body {
    display: grid;
    gap: 18px;
    padding: 6px 12px 14px;
  }
  [part~='pending'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 14px;
    margin-block-start: 14px;
    padding: 10px 12px;
    border-radius: calc(var(--_radius) - 3px);
    background: var(--_surface-2);
  }
  [part~='pending'] p {
    flex: 1 1 16em;
    font-size: 13px;
    color: var(--_muted);
  }
  [part~='pending'].waiting {
    background: color-mix(in srgb, var(--_accent) 10%, var(--_surface));
    outline: 1px solid color-mix(in srgb, var(--_accent) 40%, transparent);
  }
  [part~='pending'].waiting p {
    color: var(--_text);
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }

  /* ── Narrow: stack ── */
  @container (max-width: 540px) {
    .show-grid {
      grid-template-columns: minmax(0, 1fr);
    }
    .training-actions {
      inline-size: 100%;
    }
    /* Grow to fill the row, but from their own width, so a row that cannot hold them wraps instead of squeezing. */
    .training-actions button {
      flex: 1 1 auto;
    }
  }
`;
