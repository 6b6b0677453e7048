/**
 * The `hide` attribute: parts of the panel a page leaves out, as
 * space-separated names. One attribute with a list, like `metrics` on
 * <drill-metrics>, rather than a boolean per part: it stays one attribute
 * as parts are added, and reads as a sentence (`hide="show advanced"`).
 */
import { quote } from '../../src/contract/quote.js';
import { HYPER_GROUPS, type HyperGroupId } from './hyper-groups.js';

/** The panel's three sections. */
export type SectionId = 'training' | 'show' | 'hyper';
/** `advanced` is the disclosure of more hyperparameters; a group id hides that group. */
export type HideToken = SectionId | 'advanced' | HyperGroupId;

export const HIDE_TOKENS: readonly HideToken[] = ['training', 'show', 'hyper', 'advanced', ...HYPER_GROUPS.map((g) => g.id)];

/** Parses a `hide` list; throws a RangeError naming what is allowed. */
export function parseHide(value: string): ReadonlySet<HideToken> {
  // A property can be set to anything; say what it takes rather than fail on .split.
  if (typeof value !== 'string') throw new RangeError(`hide must be text, names of parts separated by spaces; got ${quote(value)}`);
  const tokens = value.split(/[\s,]+/).filter(Boolean);
  const unknown = tokens.filter((t) => !HIDE_TOKENS.includes(t as HideToken));
  if (unknown.length > 0) {
    throw new RangeError(`hide lists parts of the panel to leave out, from ${HIDE_TOKENS.join(' ')}; got ${unknown.map((t) => JSON.stringify(t)).join(', ')}`);
  }
  return new Set(tokens as HideToken[]);
}
