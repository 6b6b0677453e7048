/** <drill-metrics>: live training charts and what the runtime runs on. */
import { css, html } from 'lit';
import { capabilitySummary } from './capability-summary.js';
import { RuntimeMember } from './runtime-member.js';

export class DrillMetrics extends RuntimeMember {
  static override styles = css`
    :host {
      display: block;
      font: var(--drill-font, 13px/1.4 system-ui, sans-serif);
      color: var(--drill-text-color, inherit);
    }
  `;

  override render() {
    return html`<div part="status" role="status">${capabilitySummary(this.capabilities)}</div>`;
  }
}
