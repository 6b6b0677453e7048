// `npm run bench [-- --quick] [-- --json] [-- --only show,trainer]`: every
// speed figure, measured in headless Chromium in one run. Prints a table;
// with --json, ends with one JSON object. --only runs some sections: env,
// trainer, tfjs, channels, show. Figures are medians over repeated runs with their spread
// (min–max); per-core figures come from one worker measured alone. The
// learning figures are `npm run bench:learn`'s.
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { buildAll } from '../esbuild.mjs';
import { esbuildAssetsPlugin } from './assets.mjs';
import { CHROMIUM_FLAGS, findChrome } from './find-chrome.mjs';
import { serveStatic } from './static-server.mjs';

const quick = process.argv.includes('--quick');
const asJson = process.argv.includes('--json');
const repeats = quick ? 3 : 5;
const SECTIONS = ['env', 'trainer', 'tfjs', 'channels', 'show'];
// The soak runs for minutes: only when asked for (--only soak [--minutes N]); so does memory (a minute of training, --only memory).
const EXTRA_SECTIONS = ['soak', 'memory'];
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? (process.argv[onlyArg + 1] ?? '').split(',').filter(Boolean) : SECTIONS;
for (const name of only) if (![...SECTIONS, ...EXTRA_SECTIONS].includes(name)) throw new Error(`--only takes ${[...SECTIONS, ...EXTRA_SECTIONS].join(', ')}; got ${JSON.stringify(name)}`);
const minutesArg = process.argv.indexOf('--minutes');
const soakMinutes = minutesArg > 0 ? Number(process.argv[minutesArg + 1]) : 20;
const wanted = (section) => only.includes(section);
const root = new URL('..', import.meta.url).pathname;
const log = (...args) => console.error(...args);

async function buildBench() {
  await buildAll({ types: false });
  rmSync(`${root}.tmp/bench`, { recursive: true, force: true });
  await build({
    entryPoints: {
      'bench-page': 'bench/bench-page.ts',
      'show-page': 'bench/show-page.ts',
      'soak-page': 'bench/soak-page.ts',
      'memory-page': 'bench/memory-page.ts',
      'workers/compute': 'bench/workers/compute.ts',
      'workers/lane-producer': 'bench/workers/lane-producer.ts',
      'workers/lane-consumer': 'bench/workers/lane-consumer.ts',
      'workers/weights-publisher': 'bench/workers/weights-publisher.ts',
      'workers/weights-adopter': 'bench/workers/weights-adopter.ts',
    },
    outdir: '.tmp/bench',
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    plugins: [esbuildAssetsPlugin],
    logLevel: 'warning',
  });
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs) => {
  const s = xs.filter((x) => x !== null && Number.isFinite(x));
  return s.length ? [Math.min(...s), Math.max(...s)] : null;
};

const figures = { spreads: {} };
const rows = [];
/** Records a figure (median of `runs`) with its spread, and a table row. */
function record(key, runs, label, unit, digits = 0) {
  const value = median(runs);
  const range = spread(runs);
  setPath(figures, key, value);
  figures.spreads[key] = range;
  const fmt = (v) => (v === null ? '—' : v >= 1e5 ? v.toExponential(2) : v.toFixed(digits));
  rows.push([label, value === null ? 'null' : `${fmt(value)} ${unit}`, range ? `${fmt(range[0])}–${fmt(range[1])}` : '']);
  return value;
}
function setPath(target, path, value) {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = node[part] ??= {};
  node[parts.at(-1)] = value;
}

await buildBench();
const isolated = await serveStatic({ root, port: 0, isolate: true });
const plain = await serveStatic({ root, port: 0, isolate: false });
const browser = await chromium.launch({ executablePath: findChrome(), args: CHROMIUM_FLAGS, headless: true });
const open = async (server, path, ready) => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}${path}`);
  await page.waitForFunction(ready);
  return page;
};
const times = async (n, fn) => {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await fn(i));
  return out;
};

try {
  const bench = await open(isolated, '/bench/bench.html', () => globalThis.drillBench !== undefined);
  const env = await bench.evaluate(async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    const info = adapter?.info;
    return { cores: navigator.hardwareConcurrency, adapter: info ? { vendor: info.vendor, architecture: info.architecture, description: info.description, isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) } : null };
  });
  figures.browser = `Chromium ${browser.version()}`;
  figures.cores = env.cores;
  figures.adapter = env.adapter ? `${env.adapter.vendor} ${env.adapter.architecture}`.trim() + (env.adapter.isFallbackAdapter ? ' (fallback adapter)' : '') : null;
  const compute = (task, ...args) => bench.evaluate(([t, a]) => globalThis.drillBench.compute(t, ...a), [task, args]);
  const seconds = quick ? 1.5 : 3;

  if (wanted('env')) {
    log('env ticks, simulation only (1024 envs, one worker)…');
    record('env_ticks_per_s_per_core', (await times(repeats, () => compute('envTicks', 1024, seconds))).map((r) => r.ticksPerSecond), 'env ticks/s per core, simulation only (1024 envs)', 'ticks/s');
    log('env ticks with batched inference (the rollout worker loop)…');
    const rollouts = await times(repeats, () => compute('rolloutTicks', seconds));
    record('env_ticks_per_s_per_core_with_inference', rollouts.map((r) => r.ticksPerSecond), `env ticks/s per core, rollout loop with inference (${rollouts[0].envs} envs)`, 'ticks/s');
  }

  // The TF.js comparison runs the trainer's shapes, so it needs the trainer section's figures.
  let cpuSamples = null;
  if (wanted('trainer') || wanted('tfjs')) {
    log('CPU trainer…');
    const trainer = await times(repeats, () => compute('trainer'));
    // Forward, clipped loss, backward and Adam — the work TF.js's minibatch step does; shuffles and copies excluded.
    const stepRate = (r) => (r.batch * r.epochs) / ((r.computeMs + r.lossMs) / 1000);
    cpuSamples = record('trainer_samples_per_s.cpu', trainer.map(stepRate), 'trainer samples/s, CPU (fwd + loss + bwd + Adam)', 'samples/s');
    record('trainer_update_samples_per_s.cpu', trainer.map((r) => r.trainerSamplesPerSecond), 'trainer samples/s, CPU, whole update', 'samples/s');
    record('trainer_update_ms.cpu', trainer.map((r) => r.updateMs), `one update (${trainer[0].batch} samples × ${trainer[0].epochs} epochs, minibatch ${trainer[0].minibatch})`, 'ms', 1);
    // The WebGPU learner on the same update (SwiftShader where there is no GPU), and what `auto` picks here.
    log('WebGPU trainer…');
    const gpuRuns = await times(quick ? 1 : 2, () => compute('webgpuTrainer', quick ? 1 : 2));
    if (gpuRuns[0].available) record('trainer_samples_per_s.webgpu', gpuRuns.map((r) => r.samplesPerSecond), `trainer samples/s, WebGPU (${gpuRuns[0].adapter})`, 'samples/s');
    else figures.trainer_samples_per_s.webgpu = null;
    figures.compute_auto = { path: gpuRuns[0].autoPath, reason: gpuRuns[0].autoReason };
    rows.push(['compute="auto" chooses', gpuRuns[0].autoPath, gpuRuns[0].autoReason.slice(0, 60)]);
    figures.kernel_path = trainer[0].kernelPath;
    record('trainer_gflops', trainer.map((r) => r.gflops), `trainer matmul GFLOP/s (fwd + both bwd products), ${trainer[0].kernelPath} kernels`, 'GFLOP/s', 1);
    record('trainer_step_gflops_best', trainer.map((r) => r.bestStepGflops), 'trainer matmul GFLOP/s, fastest minibatch step (fwd + bwd + Adam)', 'GFLOP/s', 1);
    record('best_kernel_gflops', trainer.map((r) => r.bestKernelGflops), 'best kernel: our gemm alone, same shapes, same worker', 'GFLOP/s', 1);
    record('hardware_peak_gflops', trainer.map((r) => r.hardwarePeak.gflops), 'hardware peak: register-only SIMD chains, same worker', 'GFLOP/s', 1);
    for (const [instruction, label] of [['relaxed_madd', 'f32x4.relaxed_madd'], ['mul_add', 'f32x4.mul + f32x4.add']]) {
      const runs = trainer.map((r) => r.hardwarePeak.byInstruction[instruction]);
      if (runs[0] === null) {
        setPath(figures, `hardware_peak_gflops_by_instruction.${instruction}`, null);
        rows.push([`  of which ${label}`, 'null', 'no relaxed SIMD in this browser']);
        continue;
      }
      const chains = runs.map((r) => r.chains);
      record(`hardware_peak_gflops_by_instruction.${instruction}`, runs.map((r) => r.gflops), `  of which ${label} (best at ${median(chains)} chains of 1–16)`, 'GFLOP/s', 1);
      setPath(figures, `hardware_peak_chains.${instruction}`, median(chains));
    }
    figures.trainer_efficiency = figures.trainer_gflops / figures.hardware_peak_gflops;
    figures.trainer_step_efficiency = figures.trainer_step_gflops_best / figures.hardware_peak_gflops;
    rows.push(['trainer efficiency (trainer / hardware peak)', `${(100 * figures.trainer_efficiency).toFixed(0)} %`, '']);
    rows.push(['trainer efficiency, fastest step (best step / hardware peak)', `${(100 * figures.trainer_step_efficiency).toFixed(0)} %`, '']);
    // A kernel faster than the register-only loops means the peak (or the FLOP count) is wrong.
    for (const [i, r] of trainer.entries()) {
      for (const [what, gflops] of [['trainer matmul', r.gflops], ['fastest trainer step', r.bestStepGflops], ['best kernel', r.bestKernelGflops]]) {
        if (gflops > r.hardwarePeak.gflops) {
          const warning = `WARNING: run ${i + 1}: ${what} at ${gflops.toFixed(1)} GFLOP/s beats the measured hardware peak of ${r.hardwarePeak.gflops.toFixed(1)} GFLOP/s — the peak or the FLOP count is wrong`;
          log(`\n!!! ${warning} !!!\n`);
          (figures.warnings ??= []).push(warning);
        }
      }
    }
    record('inference_rows_per_s', trainer.map((r) => r.inferenceRowsPerSecond), `inference rows/s (batch ${trainer[0].inferenceRows})`, 'rows/s');
    if (wanted('tfjs')) {
      figures.tfjs_samples_per_s = {};
      figures.tfjs_notes = {};
      for (const backend of ['cpu', 'wasm', 'webgl', 'webgpu']) {
        log(`TensorFlow.js PPO update, ${backend} backend…`);
        // The software GPU backends (SwiftShader here) are slow: a few minibatches each.
        const software = backend === 'webgl' || backend === 'webgpu';
        const options = { backend, minibatch: trainer[0].minibatch, minibatches: software ? 3 : quick ? 20 : 50, warmup: software ? 2 : 20, obsSize: trainer[0].network.obsSize };
        const runs = await times(software ? 2 : repeats, () => compute('tfjs', options));
        if (!runs[0].available) {
          figures.tfjs_samples_per_s[backend] = null;
          figures.tfjs_notes[backend] = runs[0].reason;
          rows.push([`TF.js samples/s, ${backend}`, 'null', runs[0].reason.slice(0, 60)]);
          continue;
        }
        figures.tfjs_notes[backend] = runs[0].note;
        record(`tfjs_samples_per_s.${backend}`, runs.map((r) => r.samplesPerSecond), `TF.js samples/s, ${backend} (same update)`, 'samples/s');
      }
      const tfjsBest = Math.max(...Object.values(figures.tfjs_samples_per_s).filter((v) => v !== null));
      figures.ratio_vs_tfjs_best = Number.isFinite(tfjsBest) ? cpuSamples / tfjsBest : null;
      rows.push(['ratio ours / TF.js best backend', figures.ratio_vs_tfjs_best === null ? 'null' : `${figures.ratio_vs_tfjs_best.toFixed(1)}×`, '']);
    }
  }

  if (wanted('channels')) {
    figures.lane_mb_per_s = {};
    figures.channel_adopt_ms_p50 = {};
    figures.channel_adopt_ms_p95 = {};
    const plainBench = await open(plain, '/bench/bench.html', () => globalThis.drillBench !== undefined);
    for (const [key, transport, page] of [['sab', 'shared-memory', bench], ['transfer', 'transfer', plainBench]]) {
      log(`lane throughput and adoption latency over ${transport}…`);
      const lanes = await times(repeats, () => page.evaluate(([t, s]) => globalThis.drillBench.laneThroughput(t, s), [transport, quick ? 1 : 2]));
      record(`lane_mb_per_s.${key}`, lanes.map((r) => r.mbPerSecond), `rollout lane throughput (${key})`, 'MB/s');
      const adopt = await times(repeats, () => page.evaluate(([t, n]) => globalThis.drillBench.adoptLatency(t, n), [transport, quick ? 100 : 200]));
      record(`channel_adopt_ms_p50.${key}`, adopt.map((r) => r.p50), `weights publish→adopt p50, polling reader (${key})`, 'ms', 3);
      record(`channel_adopt_ms_p95.${key}`, adopt.map((r) => r.p95), `weights publish→adopt p95, polling reader (${key})`, 'ms', 3);
    }
    await plainBench.close();
  }
  await bench.close();

  if (wanted('show')) {
    log('the show: frames idle at 1× and 4×, then while training…');
    const show = await open(isolated, '/bench/show.html', () => globalThis.drillShowBench !== undefined);
    await show.bringToFront();
    const showSeconds = quick ? 4 : 8;
    for (const speed of [1, 4]) {
      const runs = await times(quick ? 2 : 3, () => show.evaluate(([s, secs]) => globalThis.drillShowBench.frames(s, false, secs), [speed, showSeconds]));
      record(`show_frame_ms_p50_idle_${speed}x`, runs.map((r) => r.intervalP50), `show frame interval p50, idle, ${speed}×`, 'ms', 1);
      record(`show_frame_ms_p99_idle_${speed}x`, runs.map((r) => r.intervalP99), `show frame interval p99, idle, ${speed}×`, 'ms', 1);
      record(`show_frame_work_ms_p50_idle_${speed}x`, runs.map((r) => r.workP50), `show frame work p50, idle, ${speed}×`, 'ms', 2);
      record(`show_frame_work_ms_p99_idle_${speed}x`, runs.map((r) => r.workP99), `show frame work p99, idle, ${speed}×`, 'ms', 2);
      record(`page_frame_ms_p50_idle_${speed}x`, runs.map((r) => r.pageP50), `page frame interval p50 (main thread), idle, ${speed}×`, 'ms', 1);
      record(`page_frame_ms_p99_idle_${speed}x`, runs.map((r) => r.pageP99), `page frame interval p99 (main thread), idle, ${speed}×`, 'ms', 1);
      // The floor the training figures stand on: a busy machine misses frames with the widget idle too.
      record(`page_missed_frames_idle_${speed}x`, runs.map((r) => r.pageMissed), `page frames missed (> 1.5 × 16.7 ms), idle, ${speed}×`, '', 4);
      record(`show_missed_frames_idle_${speed}x`, runs.map((r) => r.showMissed), `show frames missed, idle, ${speed}×`, '', 4);
    }
    // While training: one long run (≥ 3600 frames in the full bench) with the levers the thread budget set,
    // then every lever of the CPU gate side by side in the same run (docs/architecture.md, the thread budget).
    const periodMs = figures.page_frame_ms_p50_idle_1x ?? 1000 / 60;
    const trainingSeconds = quick ? 8 : 65;
    const trainingRun = (mode, secs, offScreen = false) => show.evaluate(([m, s, p, o]) => globalThis.drillShowBench.trainingRun(m, s, p, o), [mode, secs, periodMs, offScreen]);
    log(`the show while training at 1×, ${trainingSeconds} s…`);
    const training = await trainingRun(null, trainingSeconds);
    const kept = training.gate;
    record('show_frame_ms_p50', [training.intervalP50], 'show frame interval p50, 1×, while training', 'ms', 1);
    record('show_frame_ms_p99', [training.intervalP99], `show frame interval p99, 1×, while training, ${training.frames} frames (target ≤ 20)`, 'ms', 1);
    record('show_frame_work_ms_p50', [training.workP50], 'show frame work p50, 1×, while training', 'ms', 2);
    record('show_frame_work_ms_p99', [training.workP99], 'show frame work p99, 1×, while training', 'ms', 2);
    record('page_frame_ms_p50', [training.pageP50], 'page frame interval p50 (main thread), 1×, while training', 'ms', 1);
    record('page_frame_ms_p99', [training.pageP99], `page frame interval p99 (main thread), 1×, while training, ${training.pageFrames} frames`, 'ms', 1);
    record('page_missed_frames', [training.pageMissed], `page frames missed (> 1.5 × ${periodMs.toFixed(1)} ms), while training (target ≤ 0.01)`, '', 4);
    record('show_missed_frames', [training.showMissed], 'show frames missed, while training (target ≤ 0.01)', '', 4);
    record('end_to_end_decisions_per_s', [training.decisionsPerS], 'decisions consumed by updates per s, whole system with the show', 'decisions/s');
    figures.trainer_threads = training.trainerThreads;
    figures.rollout_workers = training.rolloutWorkers;
    figures.cpu_gate = kept;
    rows.push(['thread budget', `${training.rolloutWorkers} rollout + ${training.trainerThreads} trainer thread${training.trainerThreads === 1 ? '' : 's'}`, kept ? `turns ${kept.turns}, rest ${kept.rest}` : 'no gate (transfer)']);
    // Rounds interleave the levers, so a machine whose load drifts (other work, thermal) affects each alike;
    // the full bench pools ≥ 3600 frames per lever.
    const rounds = quick ? 1 : 3;
    const roundSeconds = quick ? 6 : 22;
    const variants = [
      ['both_busy', { turns: false, rest: 0 }],
      ['turns', { turns: true, rest: 0 }],
      ['rest_25', { turns: false, rest: 0.25 }],
      ['turns_rest_25', { turns: true, rest: 0.25 }],
      ['rest_50', { turns: false, rest: 0.5 }],
      // The arena scrolled out of view: the show stops drawing and, on 2 cores, the runtime lets the workers go busy side by side.
      ['off_screen_both_busy', { turns: false, rest: 0 }, true],
    ];
    const pooled = Object.fromEntries(variants.map(([name]) => [name, { show: [], page: [], decisions: 0, seconds: 0 }]));
    for (let round = 0; round < rounds; round++) {
      for (const [name, mode, offScreen] of variants) {
        log(`the show while training, CPU gate ${name}, round ${round + 1}/${rounds}, ${roundSeconds} s…`);
        const run = await trainingRun(mode, roundSeconds, offScreen);
        const into = pooled[name];
        into.show.push(...run.showIntervals);
        into.page.push(...run.pageIntervals);
        into.decisions += run.decisions;
        into.seconds += run.seconds;
      }
    }
    const missed = (xs) => (xs.length ? xs.filter((x) => x > 1.5 * periodMs).length / xs.length : null);
    const p99 = (xs) => {
      const s = [...xs].sort((x, y) => x - y);
      return s.length ? s[Math.min(s.length - 1, Math.floor(0.99 * s.length))] : null;
    };
    figures.cpu_gate_variants = {};
    const pct = (x) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
    for (const [name, mode] of variants) {
      const v = pooled[name];
      const entry = { mode, page_missed_frames: missed(v.page), show_missed_frames: missed(v.show), show_frame_ms_p99: p99(v.show), page_frame_ms_p99: p99(v.page), decisions_per_s: v.decisions / v.seconds, frames: v.show.length, page_frames: v.page.length };
      figures.cpu_gate_variants[name] = entry;
      rows.push([`  CPU gate ${name}: page missed / show missed; show p99 / decisions/s (${entry.frames} frames)`, `${pct(entry.page_missed_frames)} / ${pct(entry.show_missed_frames)}`, `${entry.show_frame_ms_p99 === null ? '—' : `${entry.show_frame_ms_p99.toFixed(1)} ms`} / ${entry.decisions_per_s.toFixed(0)}`]);
    }
    if (kept) await show.evaluate((m) => { document.querySelector('drill-arena').drillRuntime.cpuGate = m; }, kept);
    const adoption = await times(quick ? 1 : 2, () => show.evaluate(([secs]) => globalThis.drillShowBench.adoption(secs), [quick ? 10 : 20]));
    record('publish_adopt_ms_p50', adoption.map((r) => r.p50), `show publish→adopt p50 while training (polls every ${adoption[0].pollMs} ms)`, 'ms', 1);
    record('publish_adopt_ms_p95', adoption.map((r) => r.p95), 'show publish→adopt p95 while training', 'ms', 1);
    figures.publish_adopt_poll_ms = adoption[0].pollMs;
    await show.evaluate(() => globalThis.drillShowBench.stop());
    await show.close();
  }
  if (wanted('soak')) {
    const soakPage = await open(isolated, '/bench/soak.html', () => globalThis.drillSoak !== undefined);
    await soakPage.bringToFront();
    const minuteMs = 60_000;
    for (const [name, killEvery] of [['soak', null], ['soak_with_kills', 2 * minuteMs]]) {
      log(`${name}: training ${soakMinutes} min${killEvery ? ', a worker of a random role killed every 2 min' : ''}…`);
      const result = await soakPage.evaluate(([m, k]) => globalThis.drillSoak.soak(m, k), [soakMinutes, killEvery]);
      figures[name] = result;
      const first = result.samples[0];
      const last = result.samples.at(-1);
      const mb = (b) => (b === null || b === undefined ? null : b / 2 ** 20);
      record(`${name}.memory_mb_start`, [mb(first.memory.total)], `${name}: memory at start (page + workers)`, 'MB', 1);
      record(`${name}.memory_mb_end`, [mb(last.memory.total)], `${name}: memory after ${soakMinutes} min`, 'MB', 1);
      record(`${name}.show_frame_p99_ms`, result.samples.slice(1).map((s) => s.showFrameP99), `${name}: show frame p99 (per-minute median)`, 'ms', 1);
      record(`${name}.slowest_call_ms`, [Math.max(...result.samples.map((s) => s.slowestCallMs))], `${name}: slowest control call`, 'ms', 0);
      const unaccounted = result.samples.map((s) => s.made - s.trained - s.dropped - s.waiting);
      figures[`${name}_unaccounted_chunks`] = unaccounted;
      log(`${name}: chunks made − trained − dropped − waiting per minute: ${unaccounted.join(' ')}; restarts ${JSON.stringify(last.restarts)}; kills ${result.kills.length}; version never back: ${result.versionNeverBack}; training went on: ${result.trainingWentOn}; unrecovered: ${result.unrecovered.length}`);
    }
    await soakPage.close();
  }
  if (wanted('memory')) {
    // The widget's memory above a blank isolated page, idle and after training, at this machine's core count and at a
    // phone's 8 (6 rollout workers). Each configuration gets its own browser, launched so that
    // measureUserAgentSpecificMemory answers at once instead of at the next GC (~20 s).
    const mb = (bytes) => bytes / 2 ** 20;
    /** Rss, Pss and private (unshared) MB of the browser's processes, summed by type (Linux /proc; null elsewhere). */
    const processMemory = async (cdp) => {
      const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
      const byType = {};
      for (const { type, id } of processInfo) {
        let text;
        try {
          text = readFileSync(`/proc/${id}/smaps_rollup`, 'utf8');
        } catch (error) {
          if (error.code === 'ENOENT' && existsSync('/proc/self/smaps_rollup')) continue; // it exited meanwhile
          return null;
        }
        const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
        const sum = (byType[type] ??= { rss: 0, pss: 0, private: 0 });
        sum.rss += kb('Rss') / 1024;
        sum.pss += kb('Pss') / 1024;
        sum.private += (kb('Private_Clean') + kb('Private_Dirty')) / 1024;
      }
      return byType;
    };
    /** Each worker's and the page's V8 heap (used and committed MB), by the worker's name, over CDP. */
    const heaps = async (cdp) => {
      const { targetInfos } = await cdp.send('Target.getTargets');
      const out = {};
      let id = 0;
      for (const target of targetInfos.filter((t) => t.type === 'worker' || t.type === 'page')) {
        const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
        // A worker that ends meanwhile never answers: null after 5 s.
        const call = (method) => new Promise((resolve) => {
          const callId = ++id;
          const listener = (event) => {
            const message = event.sessionId === sessionId ? JSON.parse(event.message) : null;
            if (message?.id !== callId) return;
            cdp.off('Target.receivedMessageFromTarget', listener);
            resolve(message.result);
          };
          setTimeout(() => {
            cdp.off('Target.receivedMessageFromTarget', listener);
            resolve(null);
          }, 5000);
          cdp.on('Target.receivedMessageFromTarget', listener);
          void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: callId, method, params: method === 'Runtime.evaluate' ? { expression: 'self.name', returnByValue: true } : {} }) });
        });
        const name = target.type === 'page' ? 'page' : (await call('Runtime.evaluate'))?.result?.value || target.url;
        const heap = await call('Runtime.getHeapUsage');
        if (heap) out[name] = { used: mb(heap.usedSize), committed: mb(heap.totalSize), array_buffers: mb(heap.backingStorageSize ?? 0) };
        await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
      }
      return out;
    };
    const measureConfig = async (cores) => {
      const memBrowser = await chromium.launch({ executablePath: findChrome(), args: [...CHROMIUM_FLAGS, '--enable-blink-features=ForceEagerMeasureMemory'], headless: true });
      try {
        const cdp = await memBrowser.newBrowserCDPSession();
        const page = await memBrowser.newPage({ viewport: { width: 1000, height: 800 } });
        page.on('pageerror', (error) => log(`page error: ${error.message}`));
        if (cores) await page.addInitScript((c) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => c }), cores);
        await page.goto(`http://127.0.0.1:${isolated.address().port}/bench/memory.html`);
        await page.waitForFunction(() => globalThis.drillMemory !== undefined);
        await page.bringToFront();
        const sample = async () => {
          const runs = await times(3, () => page.evaluate(() => globalThis.drillMemory.measure()));
          const least = runs.reduce((a, b) => (b.total < a.total ? b : a));
          const ua = { total: mb(least.total), page: mb(least.page), workers: least.workers.map(mb).sort((a, b) => b - a), types: Object.fromEntries(Object.entries(least.types).map(([k, v]) => [k, mb(v)])) };
          return { ua, heaps: await heaps(cdp), processes: await processMemory(cdp) };
        };
        const label = cores ? `hardwareConcurrency ${cores}` : 'this machine';
        log(`memory (${label}): a blank isolated page…`);
        const blank = await sample();
        await page.evaluate(() => globalThis.drillMemory.mount());
        await new Promise((r) => setTimeout(r, 5000));
        log(`memory (${label}): the demo's elements up, idle…`);
        const idle = await sample();
        const trainSeconds = quick ? 30 : 60;
        log(`memory (${label}): training ${trainSeconds} s…`);
        await page.evaluate(() => globalThis.drillMemory.train());
        await new Promise((r) => setTimeout(r, trainSeconds * 1000));
        const training = await sample();
        training.telemetry = await page.evaluate(() => globalThis.drillMemory.telemetry());
        await page.evaluate(() => globalThis.drillMemory.stop());
        const rolloutWorkers = Object.keys(training.heaps).filter((name) => name.startsWith('drill:rollout:')).length;
        const crew = await page.evaluate(() => globalThis.drillMemory.crew());
        return { cores: cores ?? figures.cores, rolloutWorkers, trainerThreads: crew.trainerThreads, crew, trainSeconds, blank, idle, training };
      } finally {
        await memBrowser.close();
      }
    };
    const added = (run, state, pick) => {
      const [now, base] = [pick(run[state]), pick(run.blank)];
      return now === null || base === null ? null : now - base;
    };
    const report = (key, run, label) => {
      for (const state of ['idle', 'training']) {
        record(`${key}.${state}`, [added(run, state, (s) => s.ua.total)], `${label}: memory above a blank page, ${state} (measureUserAgentSpecificMemory)`, 'MB', 1);
        record(`${key.replace('memory_', 'renderer_')}.${state}`, [added(run, state, (s) => s.processes?.renderer.rss ?? null)], `${label}: renderer processes' Rss above a blank page, ${state}`, 'MB', 1);
        record(`${key.replace('memory_', 'renderer_private_')}.${state}`, [added(run, state, (s) => s.processes?.renderer.private ?? null)], `${label}: renderer processes' private memory above a blank page, ${state}`, 'MB', 1);
        record(`${key.replace('memory_', 'gpu_process_')}.${state}`, [added(run, state, (s) => s.processes?.GPU?.rss ?? null)], `${label}: GPU process Rss above a blank browser, ${state}`, 'MB', 1);
      }
      for (const [name, heap] of Object.entries(run.training.heaps)) rows.push([`${label}: V8 heap of ${name}, training`, `${heap.committed.toFixed(1)} MB`, `used ${heap.used.toFixed(1)}, array buffers ${heap.array_buffers.toFixed(1)}`]);
    };
    const here = await measureConfig(null);
    const phone = await measureConfig(8);
    figures.memory = { here, phone };
    const crewLabel = (run) => `${run.rolloutWorkers} rollout + ${run.trainerThreads} trainer thread${run.trainerThreads === 1 ? '' : 's'}`;
    report('memory_added_mb', here, crewLabel(here));
    report('memory_added_mb_phone', phone, `${crewLabel(phone)} (8 cores)`);
    const rates = phone.crew.sizing?.rates;
    rows.push(['crew at 8 cores sized by', phone.crew.sizing?.source ?? '—', rates ? `rollout ${Math.round(rates.rolloutSamplesPerSecond)} / trainer ${Math.round(rates.trainerSamplesPerSecond)} samples/s` : '']);
    const extra = phone.rolloutWorkers - here.rolloutWorkers;
    // Per rollout worker only where the two runs differ in rollout workers alone.
    if (extra > 0 && phone.trainerThreads === here.trainerThreads) {
      const perWorker = (pick) => (added(phone, 'training', pick) - added(here, 'training', pick)) / extra;
      record('memory_per_rollout_worker_mb.ua', [perWorker((s) => s.ua.total)], 'each further rollout worker, training (measureUserAgentSpecificMemory)', 'MB', 1);
      record('memory_per_rollout_worker_mb.renderer_rss', [perWorker((s) => s.processes?.renderer.rss ?? NaN)], "each further rollout worker, training (renderer processes' Rss)", 'MB', 1);
      record('memory_per_rollout_worker_mb.renderer_private', [perWorker((s) => s.processes?.renderer.private ?? NaN)], "each further rollout worker, training (renderer processes' private memory)", 'MB', 1);
    }
  }
  figures.repeats = repeats;
} finally {
  await browser.close();
  isolated.close();
  plain.close();
}

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\ndrill bench — ${figures.browser}, ${figures.cores} cores, adapter: ${figures.adapter ?? 'none'}; medians of repeated runs (spread min–max)\n`);
for (const [name, value, range] of rows) console.log(`${name.padEnd(width)}  ${value.padStart(20)}  ${range}`);
for (const warning of figures.warnings ?? []) console.log(`\n!!! ${warning} !!!`);
if (asJson) console.log(JSON.stringify(figures));
