/**
 * One property and one attribute per hyperparameter, named after the
 * protocol's table: camelCase properties, kebab-case attributes
 * (`entropyCoef` ↔ `entropy-coef`).
 */
import type { PropertyDeclarations } from 'lit';
import { HYPER_NAMES, type HyperName, type Hyperparameters } from '../../src/contract/hyperparameters.js';

/**
 * `hidden` is the global HTML attribute that hides an element (and
 * HTMLElement.hidden a boolean), so the hidden-layer widths go by
 * `hiddenLayers` / `hidden-layers` instead.
 */
const RENAMED = { hidden: 'hiddenLayers' } as const;
type Renamed = typeof RENAMED;

export type HyperPropertyName<K extends HyperName = HyperName> = K extends keyof Renamed ? Renamed[K] : K;

/** The element's hyperparameter properties, typed from the protocol. */
export type HyperProperties = { [K in HyperName as HyperPropertyName<K>]: Hyperparameters[K] };

export function hyperProperty<K extends HyperName>(name: K): HyperPropertyName<K> {
  return ((RENAMED as Partial<Record<HyperName, string>>)[name] ?? name) as HyperPropertyName<K>;
}

export function hyperAttribute(name: HyperName): string {
  return hyperProperty(name).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * Lit declarations for every hyperparameter property. The attribute text
 * passes through unparsed: the protocol's validator reads it (numbers,
 * "64,64") and quotes it in its message when it is wrong.
 */
export function hyperPropertyDeclarations(): PropertyDeclarations {
  return Object.fromEntries(
    HYPER_NAMES.map((name) => [hyperProperty(name), { attribute: hyperAttribute(name), converter: { fromAttribute: (value: string | null) => value } }]),
  );
}
