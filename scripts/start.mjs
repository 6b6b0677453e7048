// `npm start`: builds the package and serves the demo twice —
//   http://localhost:8080/  cross-origin isolated (shared-memory transport)
//   http://localhost:8081/  plain headers, as most blogs are (transfer transport)
// PORT sets the first port; the second is PORT + 1. `--watch` rebuilds on change.
import { context } from 'esbuild';
import { buildAll } from '../esbuild.mjs';
import { serveStatic } from './static-server.mjs';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const root = new URL('..', import.meta.url).pathname;
const home = '/demo/';

await buildAll({ types: false });
await serveStatic({ root, port, host, isolate: true, home });
await serveStatic({ root, port: port + 1, host, isolate: false, home });

const shown = host === '127.0.0.1' ? 'localhost' : host;
console.log(`
drill demo
  cross-origin isolated (shared memory): http://${shown}:${port}/
  plain page (transfer fallback):        http://${shown}:${port + 1}/
  two independent runtimes:              http://${shown}:${port}/demo/two-runtimes.html
Ctrl+C to stop.`);

if (process.argv.includes('--watch')) {
  const { esbuildAssetsPlugin } = await import('./assets.mjs');
  const ctx = await context({
    entryPoints: { drill: 'src/drill.ts' },
    outdir: 'dist',
    bundle: true,
    format: 'esm',
    target: 'es2022',
    sourcemap: 'linked',
    plugins: [esbuildAssetsPlugin],
  });
  await ctx.watch();
  console.log('watching src/, elements/, workers/ for changes');
}
