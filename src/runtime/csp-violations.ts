/**
 * Explains what a page's Content-Security-Policy blocked. A worker that the
 * policy refuses fails with an error event that says nothing (or a
 * SecurityError at construction); the page's `securitypolicyviolation`
 * events say which directive refused what, so the runtime can tell the
 * page author what to change instead of guessing at the script's URL.
 */

interface Violation {
  readonly directive: string;
  readonly blocked: string;
}

const seen: Violation[] = [];
let listening = false;

/** Starts recording the page's CSP violations (idempotent; a no-op outside a page). */
export function watchCspViolations(): void {
  if (listening || typeof document === 'undefined') return;
  listening = true;
  document.addEventListener('securitypolicyviolation', (event) => {
    seen.push({ directive: event.effectiveDirective || event.violatedDirective, blocked: event.blockedURI });
    if (seen.length > 20) seen.shift();
  });
}

/** What to tell the page author about a worker that failed to start, if the policy blocked it. */
export function explainBlockedWorker(scriptUrl: URL): string | undefined {
  const violation = [...seen].reverse().find((v) => v.directive === 'worker-src' || v.directive === 'script-src' || v.directive === 'child-src' || v.directive === 'default-src');
  if (!violation) return undefined;
  const viaBlob = violation.blocked === 'blob' || violation.blocked.startsWith('blob:');
  return viaBlob
    ? `this page's Content-Security-Policy (${violation.directive}) does not allow blob: workers, which drill needs to start workers from ${scriptUrl.origin}. Serve drill.js from the page's own origin (${globalThis.location?.origin}), or add blob: to ${violation.directive}`
    : `this page's Content-Security-Policy (${violation.directive}) blocked ${violation.blocked || 'the worker script'}. Allow ${scriptUrl.origin} in ${violation.directive}, or serve drill.js from the page's own origin`;
}

/** A SecurityError from `new Worker(…)` in words, naming the directive to change. */
export function explainWorkerSecurityError(error: unknown, scriptUrl: URL, viaBlob: boolean): Error {
  const message = (error as Error)?.message ?? String(error);
  return new Error(viaBlob
    ? `the page refused to start a blob: worker (${message}): its Content-Security-Policy's worker-src must allow blob: for drill.js from another origin (${scriptUrl.origin}). Serve drill.js from the page's own origin instead, or add blob: to worker-src.`
    : `the page refused to start a worker from ${scriptUrl.href} (${message}): allow it in the Content-Security-Policy's worker-src.`);
}
