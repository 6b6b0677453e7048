/**
 * Finds the runtime an element belongs to. One runtime per name per page,
 * created when its first member joins and disposed a macrotask after its
 * last member leaves, so moving an element in the DOM (disconnect, then
 * connect in the same task) keeps training alive (decision 8 in docs/architecture.md).
 */
import { DrillRuntime, type RuntimeOptions } from './runtime.js';

export const DEFAULT_RUNTIME = 'default';

interface Entry {
  runtime: DrillRuntime;
  members: Set<object>;
  disposeTimer: ReturnType<typeof setTimeout> | null;
}

const entries = new Map<string, Entry>();
const options = new Map<string, RuntimeOptions>();

/** Options for the runtime `name`, used when it is next created (before its first element connects). */
export function configureRuntime(name: string, runtimeOptions: RuntimeOptions): void {
  options.set(name || DEFAULT_RUNTIME, runtimeOptions);
}

/** The live runtime called `name`, if any. */
export function getRuntime(name = DEFAULT_RUNTIME): DrillRuntime | undefined {
  return entries.get(name)?.runtime;
}

export function joinRuntime(name: string, member: object): DrillRuntime {
  const key = name || DEFAULT_RUNTIME;
  let entry = entries.get(key);
  if (!entry) {
    entry = { runtime: new DrillRuntime(key, options.get(key)), members: new Set(), disposeTimer: null };
    entries.set(key, entry);
  }
  if (entry.disposeTimer !== null) {
    clearTimeout(entry.disposeTimer);
    entry.disposeTimer = null;
  }
  entry.members.add(member);
  return entry.runtime;
}

export function leaveRuntime(runtime: DrillRuntime, member: object): void {
  const entry = entries.get(runtime.name);
  if (!entry || entry.runtime !== runtime) return;
  entry.members.delete(member);
  if (entry.members.size > 0 || entry.disposeTimer !== null) return;
  entry.disposeTimer = setTimeout(() => {
    entry.disposeTimer = null;
    if (entry.members.size > 0) return;
    entries.delete(runtime.name);
    runtime.dispose();
  }, 0);
}

/** Members of a runtime in join order (elements use it to pick who reports an error). */
export function runtimeMembers(runtime: DrillRuntime): object[] {
  const entry = entries.get(runtime.name);
  return entry && entry.runtime === runtime ? [...entry.members] : [];
}
