/** The words both panels use while the runtime replaces a lost worker. */
import type { WorkerRole } from '../src/contract/runtime-state.js';

const ROLE_NAMES: Record<WorkerRole, string> = { trainer: 'the trainer', rollout: 'a rollout worker', render: 'the match display' };

/** "Recovering: restarting the trainer…", or null when nothing is being replaced. */
export function recoveringText(roles: readonly WorkerRole[]): string | null {
  if (roles.length === 0) return null;
  const names = roles.map((role) => ROLE_NAMES[role]);
  return `Recovering: restarting ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`}…`;
}
