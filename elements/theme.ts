/**
 * Theme tokens shared by the three elements. Pages theme them with CSS custom
 * properties (`--drill-*`); light and dark follow the element's
 * `color-scheme` (the page's by default), via `light-dark()`.
 */
import { css } from 'lit';

export const themeStyles = css`
  :host {
    color-scheme: light dark;
    --_surface: var(--drill-surface, light-dark(#ffffff, #161b26));
    --_surface-2: var(--drill-surface-2, light-dark(#f3f5f9, #1f2533));
    --_text: var(--drill-text, light-dark(#1d2433, #e7ebf3));
    --_muted: var(--drill-muted, light-dark(#5b6477, #9aa4b8));
    --_border: var(--drill-border, light-dark(#d9dee8, #2f3749));
    --_accent: var(--drill-accent, light-dark(#2458c6, #7aa7ff));
    --_accent-text: var(--drill-accent-text, light-dark(#ffffff, #0b1020));
    --_danger: var(--drill-danger, light-dark(#b3261e, #ff8a80));
    --_good: var(--drill-good, light-dark(#1b7f3b, #6fdc8c));
    --_font: var(--drill-font, 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif);
    --_mono: var(--drill-mono, 12px/1.4 ui-monospace, 'SF Mono', Menlo, Consolas, monospace);
    --_radius: var(--drill-radius, 10px);
    font: var(--_font);
    color: var(--_text);
  }
  :host([hidden]) {
    display: none !important;
  }
`;
