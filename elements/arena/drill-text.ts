/**
 * The arena's words for a drill other than soccer (arena-text.ts has
 * soccer's): its accessible name, the show described in a sentence, and what
 * the live region announces when an episode ends. A one-agent drill's score
 * is [successes, other endings] (src/show/drill-show.ts).
 */
import type { DrillDefinition } from '../../src/contract/drill.js';
import type { DrillEpisodeEndDetail } from '../../src/contract/events.js';
import type { ShowState } from '../../src/contract/show.js';

const ai = (version: number): string => (version > 0 ? `the AI (policy version ${version})` : 'the untrained AI');

/** Whether the person plays: human_vs_ai on a drill with controls. */
export function personPlays(drill: DrillDefinition, mode: ShowState['mode']): boolean {
  return mode === 'human_vs_ai' && drill.controls !== undefined;
}

export function drillLabel(drill: DrillDefinition, mode: ShowState['mode']): string {
  return personPlays(drill, mode) ? `${drill.title}: you play. ${drill.controls!.help}` : `${drill.title}, played by the AI`;
}

export function describeDrill(drill: DrillDefinition, show: ShowState): string {
  const who = personPlays(drill, show.mode) ? 'You play' : `Played by ${ai(show.policyVersion)}`;
  const score = drill.info.agents === 1
    ? `${show.score[0]} successes, ${show.score[1]} other endings`
    : `${show.score[0]}–${show.score[1]}`;
  const speed = show.paused ? 'Paused.' : show.speed === 1 ? '' : `Playing at ${show.speed}× speed.`;
  const sandbox = show.mode === 'sandbox' && drill.bodies ? ' Sandbox: its bodies can be dragged.' : '';
  return `${drill.title}. ${who}; ${score}. ${speed}${sandbox}`.trim();
}

export function announceDrillEnd(drill: DrillDefinition, end: DrillEpisodeEndDetail): string {
  if (drill.info.agents === 2) return `${end.winner === null ? 'A draw' : end.winner === 0 ? 'Left wins' : 'Right wins'} after ${end.length} steps: ${end.score[0]}–${end.score[1]}.`;
  return `${end.winner === 0 ? 'Success' : 'Episode over'} after ${end.length} steps.`;
}
