// Serves TensorFlow.js to browser tests. TF.js's ES modules import CommonJS
// packages (long, seedrandom, the wasm backend's Emscripten glue), which a
// browser cannot load unbundled; this @web/dev-server plugin answers the
// TF.js imports the benchmark uses with one ES-module bundle built by
// esbuild on first request — one bundle, so the backends register with the
// same TF.js engine the ops run on.
import { build } from 'esbuild';

const BUNDLE_PATH = '/__drill/tfjs.js';
const SPECIFIERS = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu'];

export function tfjsDevServerPlugin(rootDir) {
  let bundle;
  return {
    name: 'drill-tfjs',
    resolveImport({ source }) {
      return SPECIFIERS.includes(source) ? BUNDLE_PATH : undefined;
    },
    async serve(context) {
      if (context.path !== BUNDLE_PATH) return undefined;
      bundle ??= build({
        stdin: { contents: SPECIFIERS.map((s) => `export * from '${s}';`).join('\n'), resolveDir: rootDir, loader: 'js' },
        bundle: true,
        format: 'esm',
        target: 'es2022',
        write: false,
        logLevel: 'error',
      }).then((result) => result.outputFiles[0].text);
      return { body: await bundle, type: 'js' };
    },
  };
}
