/** What this browser offers the runtime; reported in drill-ready and as a property. */
import type { WebGpuAdapterSummary } from '../contract/capabilities.js';

export interface WebGpuProbe {
  readonly adapter: WebGpuAdapterSummary | null;
  readonly reason: string | null;
}

/** Looks for a WebGPU adapter without keeping it (the trainer asks for its own). */
export async function probeWebGpu(gpu: GPU | undefined = (globalThis.navigator as Navigator | undefined)?.gpu, timeoutMs = 3000): Promise<WebGpuProbe> {
  if (!gpu) return { adapter: null, reason: 'this browser has no navigator.gpu' };
  try {
    const adapter = await Promise.race([
      gpu.requestAdapter(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs)),
    ]);
    if (!adapter) return { adapter: null, reason: 'navigator.gpu.requestAdapter() returned no adapter' };
    const info = adapter.info;
    // Chrome moved isFallbackAdapter from the adapter to its info; read either.
    const isFallbackAdapter = Boolean((info as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter);
    return {
      adapter: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, isFallbackAdapter },
      reason: null,
    };
  } catch (error) {
    return { adapter: null, reason: `requestAdapter failed: ${(error as Error).message}` };
  }
}

export function offscreenCanvasSupported(): boolean {
  return typeof OffscreenCanvas === 'function' && typeof HTMLCanvasElement !== 'undefined' && 'transferControlToOffscreen' in HTMLCanvasElement.prototype;
}
