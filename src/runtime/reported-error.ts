/**
 * Errors the runtime has already reported (a drill-error and a console
 * message), so that an element whose call failed because of one does not
 * report it a second time under another code.
 */
const REPORTED = Symbol('drill.reported');

/** Marks `error` as reported and returns it (for `throw markReported(error)`). */
export function markReported<E>(error: E): E {
  if (typeof error === 'object' && error !== null) (error as Record<symbol, unknown>)[REPORTED] = true;
  return error;
}

/** Whether the runtime has already reported `error`. */
export function wasReported(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[REPORTED] === true;
}
