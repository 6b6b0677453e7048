// Waiting for a runtime's trainer telemetry to satisfy a condition (the current sample counts).
import type { TrainerTelemetry } from '../../src/contract/telemetry.js';
import type { DrillRuntime } from '../../src/runtime/runtime.js';

/** The first telemetry sample (the current one included) for which `done` holds. */
export function telemetryWhere(runtime: DrillRuntime, done: (sample: TrainerTelemetry) => boolean): Promise<TrainerTelemetry> {
  return new Promise((resolve) => {
    const check = (sample: TrainerTelemetry | null): boolean => {
      if (!sample || !done(sample)) return false;
      runtime.removeEventListener('telemetry', listener);
      resolve(sample);
      return true;
    };
    const listener = (event: Event): void => void check((event as CustomEvent<TrainerTelemetry>).detail);
    runtime.addEventListener('telemetry', listener);
    check(runtime.telemetry);
  });
}
