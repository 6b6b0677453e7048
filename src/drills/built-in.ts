/**
 * The drills that ship in the bundle, by id: soccer (and cue, the small
 * two-agent drill the tests train), and the classics CartPole-v1 and
 * Acrobot-v1, each with its picture, its controls and its recommended
 * training (classic-training.ts).
 */
import type { DrillControls, DrillDefinition } from '../contract/drill.js';
import { KEY_BITS } from '../contract/human-input.js';
import { actionForInput } from '../show/human-input.js';
import { cueEnv } from '../sim/cue-env.js';
import { soccerEnv } from '../sim/soccer-env.js';
import { acrobotEnv, drawAcrobot } from './acrobot/index.js';
import { cartpoleEnv, drawCartPole } from './cartpole/index.js';
import { CLASSIC_CONTROL_TRAINING } from './classic-training.js';
import type { SingleAgentBatch } from './single-agent-batch.js';

const LEFT = 1;
const RIGHT = 2;
const ARROWS = { ArrowLeft: LEFT, KeyA: LEFT, ArrowRight: RIGHT, KeyD: RIGHT } as const;
const TOUCH_ARROWS = [{ label: '◀', bit: LEFT }, { label: '▶', bit: RIGHT }] as const;

/** Soccer's show is its own controller (src/show/show-controller.ts); its controls are the match's keys. */
const soccerControls: DrillControls = { keys: KEY_BITS, action: actionForInput, help: 'W/S forward and back, A/D turn, Q/E strafe, Space dash' };

export const SOCCER_DRILL: DrillDefinition = { ...soccerEnv, title: 'Soccer', controls: soccerControls };

export const CUE_DRILL: DrillDefinition = { ...cueEnv, title: 'Cue' };

export const CARTPOLE_DRILL: DrillDefinition<SingleAgentBatch> = {
  ...cartpoleEnv,
  title: 'CartPole',
  draw: (ctx, batch, size, theme) => drawCartPole(ctx, batch.state, size, theme),
  // No push is not an action: with nothing held the cart is pushed left, as Gymnasium's keyboard player does.
  controls: { keys: ARROWS, touch: TOUCH_ARROWS, action: (bits) => (bits & RIGHT ? 1 : 0), help: '← → push the cart' },
  recommended: CLASSIC_CONTROL_TRAINING,
};

export const ACROBOT_DRILL: DrillDefinition<SingleAgentBatch> = {
  ...acrobotEnv,
  title: 'Acrobot',
  draw: (ctx, batch, size, theme) => drawAcrobot(ctx, batch.state, size, theme),
  // Actions: 0 torque −1, 1 none, 2 torque +1.
  controls: { keys: ARROWS, touch: TOUCH_ARROWS, action: (bits) => (bits & LEFT ? 0 : bits & RIGHT ? 2 : 1), help: '← → swing the lower link' },
  recommended: CLASSIC_CONTROL_TRAINING,
};

/** Every built-in drill by id. */
export const BUILT_IN_DRILLS: Readonly<Record<string, DrillDefinition>> = {
  soccer: SOCCER_DRILL,
  cue: CUE_DRILL,
  cartpole: CARTPOLE_DRILL as unknown as DrillDefinition,
  acrobot: ACROBOT_DRILL as unknown as DrillDefinition,
};
