// web-test-runner: every browser test, in Debian's headless Chromium.
//
// - Pages are cross-origin isolated (COOP/COEP) except files named *.noiso.*,
//   which exercise the transfer transport a plain blog page gets.
// - Files named *.csp.* (test pages and worker scripts) are served with a
//   strict Content-Security-Policy without 'wasm-unsafe-eval', as a locked-down
//   page would be: WebAssembly compilation is refused there. 'unsafe-inline'
//   is for the test runner's own inline scripts; a worker takes the policy of
//   its script's response (blob: workers inherit the page's).
// - A second local server on another port serves dist/ with CORS, standing in
//   for a CDN (GET /__drill/cdn-origin tells tests its address); a third serves
//   demo/ the same way, for a page's own drill module from another origin
//   (GET /__drill/demo-origin).
// - Tests in test/visible/ need a visible page (rendering, screenshots): they
//   run in their own group, one at a time (decision 17 in docs/architecture.md).
// - A summary reporter writes the counts for scripts/test.mjs, which prints
//   the suite's one final "N passed, N failed, N skipped" line.
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { devServerAssetsPlugin } from './scripts/assets.mjs';
import { CHROMIUM_FLAGS, findChrome } from './scripts/find-chrome.mjs';
import { serveStatic } from './scripts/static-server.mjs';
import { tfjsDevServerPlugin } from './scripts/tfjs-dev-server-plugin.mjs';

const rootDir = fileURLToPath(new URL('.', import.meta.url)).replace(/\/$/, '');
const cdn = await serveStatic({ root: `${rootDir}/dist`, port: 0, cors: true });
const cdnOrigin = `http://127.0.0.1:${cdn.address().port}`;
const demoCdn = await serveStatic({ root: `${rootDir}/demo`, port: 0, cors: true });
const demoOrigin = `http://127.0.0.1:${demoCdn.address().port}`;

function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0, failed = 0, skipped = 0;
      const walk = (suite) => {
        for (const test of suite.tests) test.skipped ? skipped++ : test.passed ? passed++ : failed++;
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        // A file that failed to load or threw outside a test counts once.
        if (!session.passed && (session.errors?.length || !session.testResults)) failed++;
      }
      // DRILL_TEST_TIMES=file: every test's duration, slowest first, to find what makes the suite long.
      if (process.env.DRILL_TEST_TIMES) {
        const times = [];
        const collect = (file, suite, prefix) => {
          for (const test of suite.tests) times.push({ file, test: `${prefix}${test.name}`, ms: test.duration ?? 0 });
          for (const child of suite.suites) collect(file, child, `${prefix}${child.name} › `);
        };
        for (const session of sessions) if (session.testResults) collect(session.testFile.replace(`${rootDir}/`, ''), session.testResults, '');
        writeFileSync(process.env.DRILL_TEST_TIMES, JSON.stringify(times.sort((a, b) => b.ms - a.ms), null, 1));
      }
      if (process.env.DRILL_TEST_SUMMARY) writeFileSync(process.env.DRILL_TEST_SUMMARY, JSON.stringify({ passed, failed, skipped }));
      else console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
      cdn.close();
      demoCdn.close();
    },
  };
}

const visibleTests = 'test/visible/**/*.test.{ts,html}';
// TEST_FILES="test/sim/**/*.test.ts" runs just those files, one at a time.
const selected = process.env.TEST_FILES?.split(',').filter(Boolean);

export default {
  rootDir,
  nodeResolve: true,
  groups: selected
    ? [{ name: 'selected', files: selected, concurrency: 1 }]
    : [
        { name: 'parallel', files: ['test/**/*.test.ts', 'test/**/*.test.html', `!${visibleTests}`] },
        ...(existsSync(`${rootDir}/test/visible`) ? [{ name: 'visible', files: [visibleTests], concurrency: 1 }] : []),
      ],
  reporters: [defaultReporter(), summaryReporter()],
  plugins: [devServerAssetsPlugin(rootDir), tfjsDevServerPlugin(rootDir), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: `${rootDir}/tsconfig.json` })],
  middleware: [
    async function drillConfig(ctx, next) {
      if (ctx.path === '/__drill/cdn-origin') {
        ctx.body = { origin: cdnOrigin };
        return;
      }
      if (ctx.path === '/__drill/demo-origin') {
        ctx.body = { origin: demoOrigin };
        return;
      }
      await next();
    },
    async function contentSecurityPolicy(ctx, next) {
      // Strict pages with real policy headers: *.csp.* refuses WebAssembly compilation (no 'wasm-unsafe-eval'),
      // csp-no-wasm does the same for the whole widget, csp-no-blob-workers forbids blob: workers
      // (which drill.js from another origin needs).
      if (ctx.path.includes('.csp.')) ctx.set('Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; worker-src 'self' blob:");
      if (ctx.path.endsWith('/csp-no-wasm.test.html')) {
        ctx.set('Content-Security-Policy', `script-src 'self' 'unsafe-inline' ${cdnOrigin}; worker-src 'self' blob:`);
      }
      if (ctx.path.endsWith('/csp-no-blob-workers.test.html')) {
        ctx.set('Content-Security-Policy', `script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval' ${cdnOrigin}; worker-src 'self'`);
      }
      await next();
    },
    async function crossOriginIsolation(ctx, next) {
      if (!ctx.path.includes('.noiso.')) {
        ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
        ctx.set('Cross-Origin-Embedder-Policy', 'require-corp');
      }
      await next();
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: findChrome(), headless: true, args: CHROMIUM_FLAGS },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 60000 } },
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: 600000,
};
