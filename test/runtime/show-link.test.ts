// The show link on its own, with a real render worker on a real crew's
// weights: commands reach the show, reports from before the latest command
// never reach the runtime, and a lost render worker is replaced by the next
// connect, which tells the arena to hand over a fresh canvas.
import { DEFAULT_TRAINING_OPTIONS } from '../../src/rl/learner.js';
import { expect } from '@open-wc/testing';
import '../helpers/use-source-workers.js';
import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../../src/contract/hyperparameters.js';
import { DEFAULT_SHOW_STATE, type ShowSettings } from '../../src/contract/show.js';
import { PROTOCOL_VERSION, type ShowReport, type WorkerInit } from '../../src/contract/worker-api.js';
import { Crew } from '../../src/runtime/crew.js';
import { envDefinition } from '../../src/runtime/envs.js';
import { runLayout } from '../../src/runtime/run-layout.js';
import { type ShowHost, ShowLink } from '../../src/runtime/show-link.js';
import { getWorkerScript } from '../../src/runtime/worker-script.js';
import { scriptStarter, WorkerSupervisor } from '../../src/runtime/worker-supervisor.js';
import { until } from '../helpers/use-source-workers.js';

const hyper: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, envs: 8, steps: 8, hidden: [16] };
const layout = runLayout(hyper, envDefinition('soccer').info, 1);
const init = (role: WorkerInit['role'], index: number): WorkerInit => ({ role, index, protocolVersion: PROTOCOL_VERSION, transport: 'shared-memory', envId: 'soccer', drill: { id: 'soccer' }, training: DEFAULT_TRAINING_OPTIONS, network: layout.network, channel: layout.channel, weights: layout.weights, rolloutWorkers: 1, hyper });

/** A show host that ignores what a test does not look at. */
function showHost(supervisor: WorkerSupervisor, hooks: Partial<ShowHost>): ShowHost {
  return {
    supervisor,
    started: async () => undefined,
    initFor: () => init('render', 0),
    settings: () => ({ mode: 'ai_vs_ai', speed: 1, paused: true, opponent: 'chaser', swapIntervalMs: 0, swapBlendMs: 0 }),
    seed: () => 31,
    onReport: () => undefined,
    onGoal: () => undefined,
    onEpisodeEnd: () => undefined,
    onPolicySwap: () => undefined,
    onError: () => undefined,
    onRestarted: () => undefined,
    onDrawingChanged: () => undefined,
    ...hooks,
  };
}

const buildCrew = (supervisor: WorkerSupervisor, link: ShowLink): Promise<Crew> => Crew.build(
  { supervisor, transport: 'shared-memory', initFor: (role, index) => init(role, index), onTelemetry: () => undefined, onError: () => undefined, onLrHalved: () => undefined, onStopped: () => undefined, onNotice: () => undefined },
  layout,
  hyper,
  (c) => link.connect(c),
);

describe('show link', function () {
  this.timeout(60_000);

  it('relays commands, keeps reports older than the last command out, and replaces a lost render worker', async () => {
    const supervisor = new WorkerSupervisor(scriptStarter(() => getWorkerScript()), () => undefined);
    const reports: ShowReport[] = [];
    let restarted = 0;
    let settings: ShowSettings = { mode: 'ai_vs_ai', speed: 1, paused: true, opponent: 'chaser', swapIntervalMs: 0, swapBlendMs: 0 };
    let seed = 31;
    const link = new ShowLink(showHost(supervisor, {
      settings: () => settings,
      seed: () => seed,
      onReport: (report) => reports.push(report),
      onRestarted: () => restarted++,
    }));
    const crew = await buildCrew(supervisor, link);
    try {
      const first = link.worker!;
      expect(first.alive).to.equal(true);
      expect(restarted, 'the first render worker is no restart').to.equal(0);
      expect((await first.api.inspect()).state.seed, 'a new render worker starts from the runtime’s seed').to.equal(31);

      settings = { ...settings, speed: 2 };
      link.configure({ speed: 2 });
      seed = 4242;
      link.reset(4242);
      link.step();
      await until(() => reports.some((r) => r.seed === 4242), 'the reset reported');
      const fromReset = reports.findIndex((r) => r.seed === 4242);
      expect(reports.slice(fromReset).every((r) => r.seed === 4242), 'no report from before the reset comes after it').to.equal(true);
      const shown = (await first.api.inspect()).state;
      expect(shown).to.deep.include({ speed: 2, seed: 4242, paused: true });
      expect(shown.seed).to.not.equal(DEFAULT_SHOW_STATE.seed);

      first.declareLost('crashed', 'a test');
      await link.connect(crew);
      const second = link.worker!;
      expect(second).to.not.equal(first);
      expect(second.alive).to.equal(true);
      expect(restarted).to.equal(1);
      expect((await second.api.inspect()).state, 'the new show has the runtime’s settings and seed').to.deep.include({ speed: 2, paused: true, seed: 4242 });
    } finally {
      crew.dispose();
      supervisor.dispose();
    }
  });

  it('says when the show draws: the page visible and a canvas on screen, none after the render worker is replaced', async () => {
    const supervisor = new WorkerSupervisor(scriptStarter(() => getWorkerScript()), () => undefined);
    const changes: boolean[] = [];
    const link = new ShowLink(showHost(supervisor, { onDrawingChanged: (drawing) => changes.push(drawing) }));
    const crew = await buildCrew(supervisor, link);
    try {
      expect(link.drawing, 'no canvas yet').to.equal(false);
      const id = await link.attachCanvas(new OffscreenCanvas(64, 40), { width: 64, height: 40, dpr: 1 });
      expect(link.drawing, 'a canvas starts on screen').to.equal(true);
      link.setCanvasVisible(id, false);
      expect(link.drawing, 'its only canvas scrolled away').to.equal(false);
      link.setCanvasVisible(id, true);
      link.setPageVisible(false);
      expect(link.drawing, 'the page hidden').to.equal(false);
      link.setPageVisible(true);
      expect(link.drawing).to.equal(true);
      link.worker!.declareLost('crashed', 'a test');
      await link.connect(crew);
      expect(link.drawing, 'the old worker’s canvas is gone with it').to.equal(false);
      const fresh = await link.attachCanvas(new OffscreenCanvas(64, 40), { width: 64, height: 40, dpr: 1 });
      link.detachCanvas(fresh);
      expect(changes).to.deep.equal([true, false, true, false, true, false, true, false]);
    } finally {
      crew.dispose();
      supervisor.dispose();
    }
  });
});
