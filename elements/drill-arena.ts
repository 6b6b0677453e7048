/**
 * <drill-arena>: the live match. Joins its runtime and shows what it runs on;
 * the match itself is drawn by the render worker.
 */
import { css, html } from 'lit';
import { capabilitySummary } from './capability-summary.js';
import { RuntimeMember } from './runtime-member.js';

export class DrillArena extends RuntimeMember {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      aspect-ratio: 16 / 10;
      min-height: 120px;
      background: var(--drill-pitch-color, #2f7d46);
      color: var(--drill-text-color, #fff);
      font: var(--drill-font, 13px/1.4 system-ui, sans-serif);
      border-radius: var(--drill-radius, 8px);
      overflow: hidden;
    }
    [part='status'] {
      position: absolute;
      inset: auto 8px 8px 8px;
      opacity: 0.85;
    }
  `;

  override render() {
    return html`<div part="status" role="status">${capabilitySummary(this.capabilities)}</div>`;
  }
}
