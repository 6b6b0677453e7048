/**
 * The weights a run starts from before any training: the `model` setting
 * (`default`, `none` or a URL) and the agents drill ships. Precedence, at
 * the runtime's start: a model autosave kept, then an explicit `model`, then
 * the drill's shipped agent.
 */
import soccerDefault from '../../assets/soccer-default.q8';
import type { Model } from './model-file.js';
import { dequantiseModel } from './quantised-model.js';

/** What the `model` setting may say: the shipped agent, nothing (weights from the seed), or a model file's URL. */
export type ModelSetting = 'default' | 'none' | (string & {});

/** The agents drill ships, by drill id (trained by `npm run train:agent`; empty before its first run). */
const SHIPPED: Readonly<Record<string, Uint8Array>> = { soccer: soccerDefault };

/** The agent shipped for drill `envId`, or null if it has none. */
export function shippedModel(envId: string): Model | null {
  const bytes = SHIPPED[envId];
  return bytes && bytes.byteLength > 0 ? dequantiseModel(bytes) : null;
}

/** A `model` value, checked where it enters: `default`, `none`, or a URL (relative to the page). */
export function validateModelSetting(value: unknown): ModelSetting {
  if (typeof value !== 'string' || value.trim() === '') throw new RangeError(`model must be "default", "none" or the URL of a .drillmodel file, got ${JSON.stringify(value)}`);
  const clean = value.trim();
  if (clean === 'default' || clean === 'none') return clean;
  try {
    new URL(clean, globalThis.location?.href);
  } catch {
    throw new RangeError(`model="${clean}" is not a URL; use "default", "none" or the URL of a .drillmodel file`);
  }
  return clean;
}

/**
 * A model file's bytes from `url`; a failure says which it was (an HTTP
 * status, or a fetch the browser refused: offline, or another origin that
 * does not allow this page by CORS).
 */
export async function fetchModelFile(url: string): Promise<ArrayBuffer> {
  const href = new URL(url, globalThis.location?.href).href;
  let response: Response;
  try {
    response = await fetch(href, { mode: 'cors', credentials: 'same-origin' });
  } catch (error) {
    throw new Error(`${href} could not be fetched (${(error as Error).message}): the network failed, or the server is on another origin and does not allow this page (CORS: Access-Control-Allow-Origin)`);
  }
  if (!response.ok) throw new Error(`${href} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  return response.arrayBuffer();
}
