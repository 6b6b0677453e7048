/**
 * The Acrobot drill (Gymnasium's Acrobot-v1): its env definition, its
 * dynamics and constants, and its picture.
 */
import { singleAgentDrill } from '../single-agent-drill.js';
import { ACROBOT_DYNAMICS } from './acrobot-dynamics.js';

export * from './acrobot-dynamics.js';
export { drawAcrobot } from './acrobot-draw.js';

export const acrobotEnv = singleAgentDrill(ACROBOT_DYNAMICS);
