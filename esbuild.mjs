// Builds the package:
//   dist/drill.js      one self-contained file: the <script type="module"> build,
//                      which is also the worker script (it detects its role)
//   dist/esm/index.js  ESM for npm consumers (lit and comlink left as imports)
//   dist/types/        .d.ts files (tsc)
//   custom-elements.json  the custom-elements manifest, from the elements' JSDoc
// `node esbuild.mjs --no-types` skips the .d.ts and manifest steps (quick rebuilds).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { esbuildAssetsPlugin } from './scripts/assets.mjs';

const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  sourcemap: 'linked',
  plugins: [esbuildAssetsPlugin],
  logLevel: 'warning',
  legalComments: 'none',
};

export async function buildAll({ types = true } = {}) {
  rmSync('dist', { recursive: true, force: true });
  await Promise.all([
    build({ ...common, entryPoints: { drill: 'src/drill.ts' }, outdir: 'dist', minify: true }),
    build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist/esm', external: ['lit', 'lit/*', '@lit/*', 'comlink'] }),
  ]);
  if (!types) return;
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], { stdio: 'inherit' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  await buildAll({ types: !process.argv.includes('--no-types') });
  console.log(`built dist/ in ${Math.round(performance.now() - started)} ms`);
}
