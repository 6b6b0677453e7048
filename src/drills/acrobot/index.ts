/**
 * The Acrobot drill (Gymnasium's Acrobot-v1): its env definition, its
 * dynamics and constants, its picture, and the training it recommends
 * (CLASSIC_CONTROL_TRAINING, src/drills/classic-training.ts).
 */
import { singleAgentDrill } from '../single-agent-drill.js';
import { ACROBOT_DYNAMICS } from './acrobot-dynamics.js';

export * from './acrobot-dynamics.js';
export { drawAcrobot } from './acrobot-draw.js';

export const acrobotEnv = singleAgentDrill(ACROBOT_DYNAMICS);
