// Non-TypeScript sources the bundle inlines: WebAssembly text (.wat) compiled
// to bytes with wabt, WGSL shaders (.wgsl) as strings, and the quantised
// agents drill ships (.q8, src/runtime/quantised-model.ts) as bytes. Used by the build
// (esbuild.mjs) and by the test server (web-test-runner.config.mjs), so tests
// run the same kernels the bundle ships.
import { readFile } from 'node:fs/promises';
import wabtFactory from 'wabt';

let wabtPromise;

/** Compiles WebAssembly text to a binary module (SIMD enabled). */
export async function compileWat(path) {
  wabtPromise ??= wabtFactory();
  const wabt = await wabtPromise;
  const text = await readFile(path, 'utf8');
  const module = wabt.parseWat(path, text, { simd: true, mutable_globals: true, bulk_memory: true, sat_float_to_int: true, relaxed_simd: true });
  try {
    module.validate();
    return Uint8Array.from(module.toBinary({ log: false }).buffer);
  } finally {
    module.destroy();
  }
}

/** esbuild plugin: `import bytes from './x.wat'` (or `.q8`) gives a Uint8Array; `import src from './x.wgsl'` a string. */
export const esbuildAssetsPlugin = {
  name: 'drill-assets',
  setup(build) {
    build.onLoad({ filter: /\.wat$/ }, async (args) => ({ contents: await compileWat(args.path), loader: 'binary' }));
    build.onLoad({ filter: /\.wgsl$/ }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'text' }));
    build.onLoad({ filter: /\.q8$/ }, async (args) => ({ contents: await readFile(args.path), loader: 'binary' }));
  },
};

/** The same for @web/dev-server: serves .wat, .q8 and .wgsl as JS modules. */
export function devServerAssetsPlugin(rootDir) {
  return {
    name: 'drill-assets',
    async serve(context) {
      const path = context.path;
      if (path.endsWith('.wat') || path.endsWith('.q8')) {
        const file = `${rootDir}${path}`;
        const bytes = path.endsWith('.wat') ? await compileWat(file) : await readFile(file);
        const base64 = Buffer.from(bytes).toString('base64');
        return { body: `export default Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));`, type: 'js' };
      }
      if (path.endsWith('.wgsl')) {
        return { body: `export default ${JSON.stringify(await readFile(`${rootDir}${path}`, 'utf8'))};`, type: 'js' };
      }
      return undefined;
    },
  };
}
