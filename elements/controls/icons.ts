/**
 * Small icons beside button text. Decorative (aria-hidden): every button
 * has its words, so the icon never is the accessible name.
 */
import { svg, type SVGTemplateResult } from 'lit';

const icon = (body: SVGTemplateResult) =>
  svg`<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">${body}</svg>`;

export const ICONS = {
  play: icon(svg`<path d="M4.5 2.8v10.4a.6.6 0 0 0 .9.5l8.2-5.2a.6.6 0 0 0 0-1L5.4 2.3a.6.6 0 0 0-.9.5z" fill="currentColor"/>`),
  pause: icon(svg`<rect x="3.5" y="2.5" width="3.2" height="11" rx=".8" fill="currentColor"/><rect x="9.3" y="2.5" width="3.2" height="11" rx=".8" fill="currentColor"/>`),
  stop: icon(svg`<rect x="3" y="3" width="10" height="10" rx="1.5" fill="currentColor"/>`),
  step: icon(svg`<path d="M3 3.2v9.6a.6.6 0 0 0 .9.5L10.5 8.5a.6.6 0 0 0 0-1L3.9 2.7a.6.6 0 0 0-.9.5z" fill="currentColor"/><rect x="11.2" y="2.5" width="2.4" height="11" rx=".7" fill="currentColor"/>`),
  restart: icon(svg`<path d="M3.2 8a4.8 4.8 0 1 0 1.6-3.6" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/><path d="M2.6 2.2v3.4h3.4" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round"/>`),
  download: icon(svg`<path d="M8 2.5v7.2M4.9 6.8 8 9.9l3.1-3.1" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round"/><path d="M3 11.5v1.3c0 .4.3.7.7.7h8.6c.4 0 .7-.3.7-.7v-1.3" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/>`),
  upload: icon(svg`<path d="M8 10V2.8M4.9 5.6 8 2.5l3.1 3.1" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round"/><path d="M3 11.5v1.3c0 .4.3.7.7.7h8.6c.4 0 .7-.3.7-.7v-1.3" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/>`),
  apply: icon(svg`<path d="M3 8.4l3.2 3.1L13 4.6" fill="none" stroke="currentColor" stroke-width="1.9" stroke-linecap="round" stroke-linejoin="round"/>`),
} as const;
