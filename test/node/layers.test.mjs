// The layer rules of docs/architecture.md, read from the imports themselves:
// the engine knows nothing of the runtime or the page, the contract imports
// nothing but itself, the elements reach the runtime only through its public
// face, and no import cycle exists anywhere. Also: no file of the repository
// points a reader at a document the repository does not contain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(new URL('../..', import.meta.url).pathname);
const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && existsSync(join(root, f)));
const sources = tracked.filter((f) => /^(src|elements|workers)\/.*\.ts$/.test(f));

const ENGINE = ['src/sim', 'src/nn', 'src/rl', 'src/render', 'src/show', 'src/channels', 'src/drills', 'src/gpu', 'src/util'];
const under = (file, dir) => file === dir || file.startsWith(`${dir}/`);

/** Project files a source imports (static, re-exports and dynamic), as repository paths. */
function importsOf(file) {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)]
    .map((m) => m[1] ?? m[2] ?? m[3]);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => {
      const target = relative(root, resolve(dirname(join(root, file)), s));
      const ts = target.replace(/\.js$/, '.ts');
      return existsSync(join(root, ts)) ? ts : target;
    });
}

const graph = new Map(sources.map((f) => [f, importsOf(f)]));

function violations(rule) {
  const found = [];
  for (const [from, targets] of graph) for (const to of targets) if (rule(from, to)) found.push(`${from} → ${to}`);
  return found;
}

test('the engine imports neither the runtime nor the elements', () => {
  const bad = violations((from, to) => ENGINE.some((d) => under(from, d)) && (under(to, 'src/runtime') || under(to, 'elements')));
  assert.deepEqual(bad, []);
});

test('src/nn never imports src/rl', () => {
  assert.deepEqual(violations((from, to) => under(from, 'src/nn') && under(to, 'src/rl')), []);
});

test('the contract imports nothing but itself', () => {
  assert.deepEqual(violations((from, to) => under(from, 'src/contract') && !under(to, 'src/contract')), []);
});

test('elements import only the runtime’s public face, the contract and each other', () => {
  const allowed = (to) => under(to, 'elements') || under(to, 'src/contract') || to === 'src/runtime/index.ts';
  assert.deepEqual(violations((from, to) => under(from, 'elements') && !allowed(to)), []);
});

test('no import cycle anywhere', () => {
  const state = new Map();
  const cycles = [];
  const visit = (node, path) => {
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) visit(next, [...path, next]);
    }
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node, [node]);
  assert.deepEqual(cycles, []);
});

test('the rules see the real graph (a rule that checks nothing would pass)', () => {
  assert.ok(graph.size > 100, `only ${graph.size} source files found`);
  assert.ok(graph.get('src/runtime/runtime.ts')?.some((to) => under(to, 'src/contract')), 'runtime.ts imports the contract');
});

test('no file refers to a document outside the repository', () => {
  // Built from parts so this file does not match itself.
  const outside = [['DESIGN', '.md'].join(''), ['..', 'shared/'].join('/')];
  const text = tracked.filter((f) => /\.(ts|mjs|js|md|json|html|wat|wgsl|css|py|sh)$/.test(f) && !f.startsWith('.ci/') && statSync(join(root, f)).size < 2_000_000);
  const bad = [];
  for (const file of text) {
    const content = readFileSync(join(root, file), 'utf8');
    for (const needle of outside) if (content.includes(needle)) bad.push(`${file}: ${needle}`);
  }
  assert.deepEqual(bad, []);
});
