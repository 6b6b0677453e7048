/**
 * Where the show's canvas is rasterised. Chrome draws a 2D canvas on the GPU
 * when it can; where the "GPU" is a software emulation (SwiftShader,
 * llvmpipe: VMs, CI, blocklisted drivers) every frame then costs the shared
 * GPU process so much that the page's own frames starve — measured here: the
 * page's requestAnimationFrame fell from 61/s to 2.5/s while the show ran,
 * and came back to 58/s with the canvas rasterised on the CPU instead. So the
 * show asks for a CPU canvas (`willReadFrequently`) exactly there.
 */

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Whether a WebGL renderer string names a software rasteriser. */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERERS.test(renderer);
}

let cached: boolean | null = null;

/** Whether canvases here should be rasterised on the CPU (probed once per worker). */
export function preferCpuRaster(): boolean {
  cached ??= probe();
  return cached;
}

function probe(): boolean {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl');
    // No WebGL at all: Chrome rasterises canvases on the CPU anyway.
    if (!gl) return true;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return isSoftwareRenderer(renderer);
  } catch {
    return false;
  }
}
