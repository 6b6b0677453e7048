import type { Capabilities } from '../src/runtime/protocol.js';

/** A one-line, human-readable summary of what the runtime is running on. */
export function capabilitySummary(caps: Capabilities | null): string {
  if (!caps) return 'starting…';
  const transport = caps.transport === 'shared-memory' ? 'shared memory' : 'transfer (page not cross-origin isolated)';
  const gpu = caps.webgpu
    ? `WebGPU: ${caps.webgpu.description || caps.webgpu.architecture || caps.webgpu.vendor || 'adapter'}${caps.webgpu.isFallbackAdapter ? ' (software)' : ''}`
    : 'no WebGPU';
  return `${transport} · ${caps.workerCount} workers · ${gpu}`;
}
