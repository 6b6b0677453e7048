import { expect } from '@open-wc/testing';
import { CanvasRenderer } from '../../src/render/canvas-renderer.js';
import { isSoftwareRenderer, preferCpuRaster } from '../../src/render/raster-mode.js';

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

  it('gives the renderer a CPU canvas when asked, and a default one otherwise', () => {
    const attributes = (cpu: boolean) => {
      const canvas = new OffscreenCanvas(64, 40);
      new CanvasRenderer(canvas, cpu);
      return (canvas.getContext('2d') as OffscreenCanvasRenderingContext2D & { getContextAttributes(): CanvasRenderingContext2DSettings }).getContextAttributes();
    };
    expect(attributes(true).willReadFrequently).to.equal(true);
    expect(attributes(false).willReadFrequently).to.equal(false);
  });
});
