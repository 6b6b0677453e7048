// Bundles bench/soccer-learning-node.ts (the soccer-learning Node harness) into
// .tmp/soccer-learning/soccer-learning.mjs; run it with Node 20+:
//   node .tmp/soccer-learning/soccer-learning.mjs [options] SETTINGS.json
import { build } from 'esbuild';
import { esbuildAssetsPlugin } from './assets.mjs';

const outfile = '.tmp/soccer-learning/soccer-learning.mjs';
await build({
  entryPoints: ['bench/soccer-learning-node.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  plugins: [esbuildAssetsPlugin],
  logLevel: 'warning',
});
console.log(`built ${outfile}`);
