/** Registers the three elements (idempotent, so two copies of the script do not throw). */
import { DrillArena } from './drill-arena.js';
import { DrillMetrics } from './drill-metrics.js';
import { DrillTrainerControls } from './drill-trainer-controls.js';

export const ELEMENTS = {
  'drill-arena': DrillArena,
  'drill-trainer-controls': DrillTrainerControls,
  'drill-metrics': DrillMetrics,
} as const;

export function defineElements(registry: CustomElementRegistry = customElements): void {
  for (const [tag, element] of Object.entries(ELEMENTS)) {
    if (!registry.get(tag)) registry.define(tag, element);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'drill-arena': DrillArena;
    'drill-trainer-controls': DrillTrainerControls;
    'drill-metrics': DrillMetrics;
  }
}
