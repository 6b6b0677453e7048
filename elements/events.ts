import type { DrillEventDetails } from '../src/contract/events.js';

/** Dispatches a `drill-*` event that bubbles and crosses shadow roots. */
export function fire<K extends keyof DrillEventDetails>(target: EventTarget, type: K, detail: DrillEventDetails[K]): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: false }));
}

declare global {
  interface HTMLElementEventMap {
    'drill-ready': CustomEvent<DrillEventDetails['drill-ready']>;
    'drill-error': CustomEvent<DrillEventDetails['drill-error']>;
    'drill-goal': CustomEvent<DrillEventDetails['drill-goal']>;
    'drill-episode-end': CustomEvent<DrillEventDetails['drill-episode-end']>;
    'drill-policy-swap': CustomEvent<DrillEventDetails['drill-policy-swap']>;
    'drill-train-start': CustomEvent<DrillEventDetails['drill-train-start']>;
    'drill-train-stop': CustomEvent<DrillEventDetails['drill-train-stop']>;
    'drill-hyper-change': CustomEvent<DrillEventDetails['drill-hyper-change']>;
    'drill-metrics': CustomEvent<DrillEventDetails['drill-metrics']>;
  }
}
