// A complete drill in one plain ES module: "Corridor". The agent stands in a
// corridor of 7 cells and steps left or right; the right end is the goal
// (+1, a success), the left end a pit (−1); 20 decisions without either end
// the episode by the time limit. docs/drills.md walks through it.
//
// Load it with <drill-arena drill-src="./drills/corridor.js">. Every array is
// made once, in createBatch, and written in place: the trainer keeps views.

const CELLS = 7;
const LEFT = 0;
const RIGHT = 1;

/** What the trainer needs to know: sizes and time. */
const info = {
  id: 'corridor',
  version: 1,
  obsSize: CELLS, // one-hot: where the agent stands
  actionCount: 2, // 0 left, 1 right
  agents: 1,
  ticksPerDecision: 1,
  tickHz: 4, // the show plays 4 decisions a second
  maxEpisodeSteps: 20,
};

/** A small seeded generator (mulberry32): env i's start cells follow from (seed, i) alone. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class CorridorBatch {
  constructor(size) {
    this.info = info;
    this.size = size;
    this.obs = new Float32Array(size * CELLS);
    this.mask = new Uint32Array(size).fill(0b11); // both actions always allowed
    this.reward = new Float32Array(size);
    this.done = new Uint8Array(size);
    this.truncated = new Uint8Array(size);
    this.finalObs = new Float32Array(size * CELLS);
    this.finalMask = new Uint32Array(size).fill(0b11);
    this.episodeId = new Uint32Array(size);
    this.episodeStep = new Uint32Array(size);
    this.winner = new Int8Array(size).fill(-1);
    this.episodeReturn = new Float32Array(size);
    this.episodeLength = new Uint32Array(size);
    /** Where each agent stands (the drill's own state; draw reads it). */
    this.position = new Int32Array(size);
    this.returns = new Float32Array(size);
    this.random = [];
  }

  reset(seed, firstEnvIndex = 0) {
    for (let e = 0; e < this.size; e++) {
      this.random[e] = generator((seed * 0x9e3779b1) ^ (firstEnvIndex + e));
      this.episodeId[e] = 0;
      this.start(e);
    }
  }

  step(actions) {
    for (let e = 0; e < this.size; e++) {
      const at = this.position[e] + (actions[e] === RIGHT ? 1 : -1);
      this.position[e] = at;
      this.episodeStep[e]++;
      const goal = at === CELLS - 1;
      const pit = at === 0;
      const timeUp = !goal && !pit && this.episodeStep[e] >= info.maxEpisodeSteps;
      this.reward[e] = goal ? 1 : pit ? -1 : 0;
      this.returns[e] += this.reward[e];
      this.done[e] = goal || pit || timeUp ? 1 : 0;
      this.truncated[e] = timeUp ? 1 : 0;
      this.observe(e, this.obs);
      if (!this.done[e]) continue;
      this.finalObs.set(this.obs.subarray(e * CELLS, (e + 1) * CELLS), e * CELLS);
      this.winner[e] = goal ? 0 : -1; // 0: the agent succeeded
      this.episodeReturn[e] = this.returns[e];
      this.episodeLength[e] = this.episodeStep[e];
      this.episodeId[e]++;
      this.start(e);
    }
  }

  setGamma() {} // no reward shaping, so no discount to follow

  start(e) {
    // Anywhere strictly between the pit and the goal.
    this.position[e] = 1 + Math.floor(this.random[e]() * (CELLS - 2));
    this.episodeStep[e] = 0;
    this.returns[e] = 0;
    this.observe(e, this.obs);
  }

  observe(e, into) {
    into.fill(0, e * CELLS, (e + 1) * CELLS);
    into[e * CELLS + this.position[e]] = 1;
  }
}

/** The floor the figures are measured from: a fair coin per decision. */
function randomBaseline(size, seed, firstEnvIndex = 0) {
  const random = Array.from({ length: size }, (_, e) => generator((seed * 0x85ebca6b) ^ (firstEnvIndex + e)));
  return {
    name: 'random',
    act(env, agent, actions) {
      for (let e = 0; e < env.size; e++) actions[e] = random[e]() < 0.5 ? LEFT : RIGHT;
    },
  };
}

/** The show's picture of its one env: the cells, the pit, the goal and the agent. */
function draw(ctx, batch, size, theme) {
  const { width, height } = size;
  const cell = Math.min(width / CELLS, height / 2);
  const top = (height - cell) / 2;
  const left = (width - cell * CELLS) / 2;
  ctx.fillStyle = theme.surface;
  ctx.fillRect(0, 0, width, height);
  for (let c = 0; c < CELLS; c++) {
    ctx.fillStyle = c === 0 ? theme.danger : c === CELLS - 1 ? theme.good : theme.muted;
    ctx.fillRect(left + c * cell + 2, top + 2, cell - 4, cell - 4);
  }
  ctx.fillStyle = theme.accent;
  ctx.beginPath();
  ctx.arc(left + (batch.position[0] + 0.5) * cell, top + cell / 2, cell * 0.3, 0, 2 * Math.PI);
  ctx.fill();
}

export default {
  title: 'Corridor',
  info,
  createBatch: (size) => new CorridorBatch(size),
  baselines: ['random'],
  createBaseline(name, size, seed, firstEnvIndex) {
    if (name !== 'random') throw new RangeError(`corridor has no baseline '${name}'`);
    return randomBaseline(size, seed, firstEnvIndex);
  },
  draw,
  controls: {
    keys: { ArrowLeft: 1, KeyA: 1, ArrowRight: 2, KeyD: 2 },
    touch: [{ label: '◀', bit: 1 }, { label: '▶', bit: 2 }],
    // Nothing held: step left (there is no "stay"), as a careless player would.
    action: (bits) => (bits & 2 ? RIGHT : LEFT),
    help: '← → step',
  },
  recommended: {
    hyper: { envs: 16, steps: 32, epochs: 4, minibatch: 128, lr: 1e-3, hidden: [32], entropyCoef: 0.01, targetKl: 0 },
    trunk: 'separate',
    training: { valueClip: false, advantageNormalization: 'batch', lrAnnealSteps: 0 },
  },
};
