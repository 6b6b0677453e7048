/**
 * The arena's words for assistive technology: the match described in a
 * sentence, and what the live region announces at a goal or a time-up.
 */
import type { DrillEpisodeEndDetail, DrillGoalDetail } from '../../src/contract/events.js';
import type { ShowState } from '../../src/contract/show.js';
import { TEAM_NAMES } from '../../src/contract/show.js';

const ai = (version: number): string => (version > 0 ? `the AI (policy version ${version})` : 'the untrained AI');

const OPPONENT: Record<ShowState['opponent'], (version: number) => string> = {
  chaser: () => 'the chaser bot',
  random: () => 'a random player',
  latest: ai,
  pool: () => 'an earlier version of the AI',
};

/** Who plays which side, the score, and whether the match is paused. */
export function describeMatch(show: ShowState): string {
  const human = show.mode === 'human_vs_ai';
  const left = human ? 'you' : ai(show.policyVersion);
  const right = human ? ai(show.policyVersion) : OPPONENT[show.opponent](show.policyVersion);
  const speed = show.paused ? 'Paused.' : show.speed === 1 ? '' : `Playing at ${show.speed}× speed.`;
  const sandbox = show.mode === 'sandbox' ? ' Sandbox: the ball and players can be dragged.' : '';
  return `${TEAM_NAMES[0]}, ${left}, ${show.score[0]}; ${TEAM_NAMES[1]}, ${right}, ${show.score[1]}. ${speed}${sandbox}`.trim();
}

export function announceGoal(goal: DrillGoalDetail): string {
  return `${TEAM_NAMES[goal.side]} scores: ${goal.score[0]}–${goal.score[1]}`;
}

/** Only a time-up is announced: a goal already was. */
export function announceEpisodeEnd(end: DrillEpisodeEndDetail): string | null {
  return end.winner === null ? `Time up: ${end.score[0]}–${end.score[1]}. New kickoff.` : null;
}

export const KEY_HELP = 'W and S move forward and back, A and D turn, Q and E strafe, Space dashes.';
