// The show of a drill other than soccer, without a worker: it steps the
// drill's one env at the drill's rate with the latest weights or the
// person's controls, draws through the drill's draw, and stops (reporting
// drill-invalid once) when the drill breaks a rule.
import { expect } from '@open-wc/testing';
import { createWeightsChannel, openWeightsPublisher } from '../../src/channels/index.js';
import type { DrillDefinition } from '../../src/contract/drill.js';
import { DEFAULT_HYPERPARAMETERS } from '../../src/contract/hyperparameters.js';
import { PROTOCOL_VERSION, type WorkerInit } from '../../src/contract/worker-api.js';
import { checkDrill } from '../../src/drills/drill-check.js';
import { DRILL_THEME } from '../../src/render/palette.js';
import { DEFAULT_TRAINING_OPTIONS } from '../../src/rl/learner.js';
import { runLayout } from '../../src/runtime/run-layout.js';
import { DrillShow } from '../../src/show/drill-show.js';
import { eventLog, forcingParams } from './show-fixtures.js';

async function drillModule(path: string): Promise<DrillDefinition> {
  return checkDrill(((await import(/* @vite-ignore */ path)) as { default: unknown }).default, path);
}

async function openShow(drill: DrillDefinition, forcedAction: number) {
  const hyper = { ...DEFAULT_HYPERPARAMETERS, hidden: [8] };
  const layout = runLayout(hyper, { ...drill.info }, 1);
  const channel = createWeightsChannel(layout.weights, 'shared-memory', 1);
  const init: WorkerInit = {
    role: 'render', index: 0, protocolVersion: PROTOCOL_VERSION, transport: 'shared-memory', envId: drill.info.id, drill: { id: drill.info.id },
    training: DEFAULT_TRAINING_OPTIONS, network: layout.network, channel: layout.channel, weights: layout.weights, rolloutWorkers: 1, hyper,
  };
  openWeightsPublisher(channel.publisher, layout.weights).publish(0, forcingParams(layout, forcedAction), 1);
  let now = 0;
  const show = new DrillShow(drill, { now: () => now, frames: () => ({ start() {}, stop() {} }) });
  const events = eventLog();
  await show.init(init, channel.readers[0]!, events);
  const canvas = new OffscreenCanvas(140, 40);
  show.attachCanvas(1, canvas, { width: 140, height: 40, dpr: 1 });
  /** Runs `decisions` decisions at the drill's rate, one frame each. */
  const run = (decisions: number) => {
    const msPerDecision = 1000 / (drill.info.tickHz / drill.info.ticksPerDecision);
    for (let i = 0; i <= decisions; i++) show.frame((now += msPerDecision));
  };
  return { show, events, canvas, run };
}

const hex = (data: Uint8ClampedArray, i: number) => `#${[0, 1, 2].map((c) => data[i * 4 + c]!.toString(16).padStart(2, '0')).join('')}`;

describe('drill show', () => {
  it("plays the latest weights at the drill's rate and draws through the drill's draw", async () => {
    const corridor = await drillModule('/demo/drills/corridor.js');
    // The policy always steps left: every episode ends in the pit.
    const { show, events, canvas, run } = await openShow(corridor, 0);
    run(40);
    const seen = show.inspect();
    expect(seen.decisions).to.equal(40);
    expect(seen.policyVersion).to.equal(1);
    expect(events.episodes.length).to.be.greaterThan(5);
    expect(events.episodes.every((e) => e.winner === null)).to.equal(true);
    expect(seen.score[0]).to.equal(0);
    expect(seen.score[1]).to.equal(events.episodes.length);
    expect(seen.framesDrawn).to.be.greaterThan(0);
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, 140, 40).data;
    const colours = new Set(Array.from({ length: 140 * 40 }, (_, i) => hex(pixels, i)));
    for (const colour of [DRILL_THEME.surface, DRILL_THEME.danger, DRILL_THEME.good, DRILL_THEME.accent]) expect(colours.has(colour), colour).to.equal(true);
    expect(events.swaps.map((s) => s.policyVersion)).to.deep.equal([1]);
  });

  it("lets the person play through the drill's controls in human_vs_ai", async () => {
    const corridor = await drillModule('/demo/drills/corridor.js');
    const { show, events, run } = await openShow(corridor, 0);
    show.configure({ mode: 'human_vs_ai' });
    show.setInput(2); // → held: step right
    run(30);
    expect(show.inspect().humanPlays).to.equal(true);
    expect(events.episodes.length).to.be.greaterThan(3);
    expect(events.episodes.every((e) => e.winner === 0)).to.equal(true);
  });

  it('stops at a drill that breaks a rule, reporting drill-invalid once', async () => {
    const broken = await drillModule('/test/runtime/fixtures/nan-later-drill.js');
    const { show, events, run } = await openShow(broken, 1);
    run(420);
    const decisions = show.inspect().decisions;
    expect(decisions).to.be.below(420);
    run(20);
    expect(show.inspect().decisions).to.equal(decisions);
    expect(events.errors.map((e) => e.code)).to.deep.equal(['drill-invalid']);
    expect(events.errors[0]!.message).to.match(/drill 'nan-later' is invalid: a reward is not finite/);
  });
});
