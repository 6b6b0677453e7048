import { expect } from '@open-wc/testing';
import { isSoftwareRenderer, preferCpuRaster } from '../../src/render/raster-mode.js';
import { CUE_DRILL } from '../../src/drills/built-in.js';
import { ShowCanvases } from '../../src/show/show-canvases.js';

describe('raster mode', () => {
  it('recognises software rasterisers by their WebGL renderer string', () => {
    for (const name of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)',
    ]) expect(isSoftwareRenderer(name), name).to.equal(true);
    for (const name of [
      'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)',
      'ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)',
      'Mali-G78',
    ]) expect(isSoftwareRenderer(name), name).to.equal(false);
  });

  it('matches the WebGL renderer of this browser, and answers the same each time', () => {
    const gl = document.createElement('canvas').getContext('webgl');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    const renderer = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : null;
    expect(preferCpuRaster()).to.equal(renderer === null ? true : isSoftwareRenderer(renderer));
    expect(preferCpuRaster()).to.equal(preferCpuRaster());
  });

  it("gives the show's canvases a CPU canvas exactly where this browser rasterises on the CPU", () => {
    const canvas = new OffscreenCanvas(64, 40);
    const canvases = new ShowCanvases(CUE_DRILL, CUE_DRILL.createBatch(1), () => 0, () => ({ start() {}, stop() {} }), () => {}, () => {}, () => {});
    canvases.attach(1, canvas, { width: 64, height: 40, dpr: 1 });
    const attributes = (canvas.getContext('2d') as OffscreenCanvasRenderingContext2D & { getContextAttributes(): CanvasRenderingContext2DSettings }).getContextAttributes();
    expect(attributes.willReadFrequently).to.equal(preferCpuRaster());
  });
});
