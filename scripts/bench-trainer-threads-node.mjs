// Bundles bench/trainer-threads-node.ts (the trainer-threads Node harness) into
// .tmp/trainer-threads/trainer-threads.mjs; run it with Node 20+:
//   node .tmp/trainer-threads/trainer-threads.mjs [S …]
import { build } from 'esbuild';
import { esbuildAssetsPlugin } from './assets.mjs';

const outfile = '.tmp/trainer-threads/trainer-threads.mjs';
await build({
  entryPoints: ['bench/trainer-threads-node.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  plugins: [esbuildAssetsPlugin],
  logLevel: 'warning',
});
console.log(`built ${outfile}`);
