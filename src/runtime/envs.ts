/**
 * The runtime's view of the drill registry (src/drills/built-in.ts, and a
 * page's own modules through src/drills/load-drill.ts). A worker receives
 * the drill's source in its init message and loads the same definition
 * (definitions hold functions, so they cannot travel in messages).
 */
import type { DrillDefinition } from '../contract/drill.js';
import { builtInDrill } from '../drills/load-drill.js';

export { BUILT_IN_DRILLS } from '../drills/built-in.js';

export const DEFAULT_ENV_ID = 'soccer';

/** A built-in drill by id (RangeError-like DrillInvalidError naming the ids there are). */
export function envDefinition(id: string): DrillDefinition {
  return builtInDrill(id);
}

/** Whether the show can draw `drill`: soccer through its own controller, any other through its `draw`. */
export function hasShow(drill: DrillDefinition): boolean {
  return drill.info.id === 'soccer' || drill.draw !== undefined;
}
