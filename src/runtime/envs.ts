/**
 * The drills a runtime can run, by id. A worker receives the id in its init
 * message and looks the definition up here (definitions hold functions, so
 * they cannot travel in messages). Another drill plugs in by adding itself.
 */
import type { EnvDefinition } from '../sim/env.js';
import { cueEnv } from '../sim/cue-env.js';
import { soccerEnv } from '../sim/soccer-env.js';

export const ENVS: Readonly<Record<string, EnvDefinition>> = { soccer: soccerEnv, cue: cueEnv };

export const DEFAULT_ENV_ID = 'soccer';

export function envDefinition(id: string): EnvDefinition {
  const env = ENVS[id];
  if (!env) throw new RangeError(`unknown drill '${id}'; known: ${Object.keys(ENVS).join(', ')}`);
  return env;
}

/** Drills the show can draw (src/show and src/render are soccer's); others train without a match on screen. */
export function hasShow(id: string): boolean {
  return id === 'soccer';
}
