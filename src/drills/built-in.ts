/**
 * The drills that ship in the bundle, by id: soccer (and cue, the small
 * two-agent drill the tests train), and the classics CartPole-v1 and
 * Acrobot-v1, each with its picture, its controls and its recommended
 * training (classic-training.ts).
 */
import type { DrillDefinition } from '../contract/drill.js';
import { cueEnv } from '../sim/cue-env.js';
import { acrobotEnv, drawAcrobot } from './acrobot/index.js';
import { cartpoleEnv, drawCartPole } from './cartpole/index.js';
import { CLASSIC_CONTROL_TRAINING } from './classic-training.js';
import type { SingleAgentBatch } from './single-agent-batch.js';
import { SOCCER_DRILL } from './soccer/index.js';

const LEFT = 1;
const RIGHT = 2;
const ARROWS = { ArrowLeft: LEFT, KeyA: LEFT, ArrowRight: RIGHT, KeyD: RIGHT } as const;
const TOUCH_ARROWS = [{ label: '◀', bit: LEFT }, { label: '▶', bit: RIGHT }] as const;

export const CUE_DRILL: DrillDefinition = { ...cueEnv, title: 'Cue' };

export const CARTPOLE_DRILL: DrillDefinition<SingleAgentBatch> = {
  ...cartpoleEnv,
  title: 'CartPole',
  draw: (ctx, batch, size, theme, frame) => drawCartPole(ctx, batch.state, size, theme, frame),
  // No push is not an action: with nothing held the cart is pushed left, as Gymnasium's keyboard player does.
  controls: { keys: ARROWS, touch: TOUCH_ARROWS, action: (bits) => (bits & RIGHT ? 1 : 0), help: '← → push the cart' },
  recommended: CLASSIC_CONTROL_TRAINING,
};

export const ACROBOT_DRILL: DrillDefinition<SingleAgentBatch> = {
  ...acrobotEnv,
  title: 'Acrobot',
  draw: (ctx, batch, size, theme, frame) => drawAcrobot(ctx, batch.state, size, theme, frame),
  // Actions: 0 torque −1, 1 none, 2 torque +1.
  controls: { keys: ARROWS, touch: TOUCH_ARROWS, action: (bits) => (bits & LEFT ? 0 : bits & RIGHT ? 2 : 1), help: '← → swing the lower link' },
  recommended: CLASSIC_CONTROL_TRAINING,
};

/** Every built-in drill by id. */
export const BUILT_IN_DRILLS: Readonly<Record<string, DrillDefinition>> = {
  soccer: SOCCER_DRILL as unknown as DrillDefinition,
  cue: CUE_DRILL,
  cartpole: CARTPOLE_DRILL as unknown as DrillDefinition,
  acrobot: ACROBOT_DRILL as unknown as DrillDefinition,
};
