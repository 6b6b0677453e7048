// `npm run bench:gpu-node`: bundles bench/gpu-node.ts for Node (Dawn's `webgpu`
// package stays external) into .tmp/gpu-bench/gpu-bench.mjs. Run it where the
// GPU is, with Node and the `webgpu` package beside the project:
//   node .tmp/gpu-bench/gpu-bench.mjs [--quick]
import { build } from 'esbuild';
import { esbuildAssetsPlugin } from './assets.mjs';

const outfile = '.tmp/gpu-bench/gpu-bench.mjs';
await build({
  entryPoints: ['bench/gpu-node.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['webgpu'],
  outfile,
  plugins: [esbuildAssetsPlugin],
  logLevel: 'warning',
});
console.log(`built ${outfile}`);
