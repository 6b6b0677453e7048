/**
 * The CartPole drill (Gymnasium's CartPole-v1): its env definition, its
 * dynamics and constants, its picture, and the training it recommends
 * (CLASSIC_CONTROL_TRAINING, src/drills/classic-training.ts).
 */
import { singleAgentDrill } from '../single-agent-drill.js';
import { CARTPOLE_DYNAMICS } from './cartpole-dynamics.js';

export * from './cartpole-dynamics.js';
export { drawCartPole } from './cartpole-draw.js';

export const cartpoleEnv = singleAgentDrill(CARTPOLE_DYNAMICS);
