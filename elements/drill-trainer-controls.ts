/** <drill-trainer-controls>: train/stop, show controls and hyperparameters. */
import { css, html } from 'lit';
import { RuntimeMember } from './runtime-member.js';

export class DrillTrainerControls extends RuntimeMember {
  static override styles = css`
    :host {
      display: block;
      font: var(--drill-font, 13px/1.4 system-ui, sans-serif);
      color: var(--drill-text-color, inherit);
    }
  `;

  override render() {
    const state = this.drillRuntime?.state;
    return html`<div part="status" role="status">${state ? (state.training ? 'training' : 'not training') : 'starting…'}</div>`;
  }
}
