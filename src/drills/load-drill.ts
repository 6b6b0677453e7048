/**
 * Resolves which drill runs, in the page and in every worker alike: a
 * built-in one by id, or a page's own module by absolute URL (imported, then
 * checked). Each source is loaded once per thread.
 */
import type { DrillDefinition, DrillSource } from '../contract/drill.js';
import { BUILT_IN_DRILLS } from './built-in.js';
import { checkDrill, DrillInvalidError } from './drill-check.js';

const loaded = new Map<string, Promise<DrillDefinition>>();

/** The name a drill's errors use before its definition is known: its id, or its module's URL. */
export function drillName(source: DrillSource): string {
  return source.id ?? source.src!;
}

/** A built-in drill by id (synchronous: no module to import). */
export function builtInDrill(id: string): DrillDefinition {
  const drill = BUILT_IN_DRILLS[id];
  if (!drill) throw new DrillInvalidError(id, `there is no built-in drill of this id (built in: ${Object.keys(BUILT_IN_DRILLS).join(', ')}); a page's own drill is given by drill-src`);
  return drill;
}

/** The drill `source` names, checked (DrillInvalidError if it breaks a rule or its module does not load). */
export function loadDrill(source: DrillSource): Promise<DrillDefinition> {
  const key = source.id !== undefined ? `id:${source.id}` : `src:${source.src}`;
  let drill = loaded.get(key);
  if (!drill) {
    drill = source.id !== undefined ? Promise.resolve().then(() => builtInDrill(source.id)) : importDrill(source.src);
    loaded.set(key, drill);
    // A failed load may succeed later (a network error, a fixed file): only successes are kept.
    drill.catch(() => loaded.delete(key));
  }
  return drill;
}

async function importDrill(src: string): Promise<DrillDefinition> {
  let module: { default?: unknown; drill?: unknown };
  try {
    module = (await import(/* @vite-ignore */ src)) as typeof module;
  } catch (error) {
    throw new DrillInvalidError(src, `its module failed to load (${(error as Error).message}); check the URL, and that another origin sends CORS headers`);
  }
  return checkDrill(module.default ?? module.drill, src);
}
