/**
 * The simulation module's public face: the generic env interface, the
 * soccer drill that implements it, the show match, and the speed figure.
 * docs/env.md documents all of it.
 */
export * from './env.js';
export * from './constants.js';
export { ACTION_COUNT, ALL_ACTIONS_MASK, checkAction, decodeAction, type DecodedAction, encodeAction, mirrorAction, Move, type MoveCode, NO_DASH_MASK, Turn, type TurnCode } from './actions.js';
export { Obs, OBS_SIZE } from './observation.js';
export { SOCCER_INFO, SoccerBatch } from './soccer-batch.js';
export { soccerEnv } from './soccer-env.js';
export { ChaserPolicy, RandomPolicy } from './scripted-opponents.js';
export { createRenderState, MatchEvent, type MatchEventCode, type BallState, type PlayerState, type RenderState, SoccerMatch } from './match.js';
export { playMatchup, type MatchupOptions, type MatchupResult } from './matchup.js';
export { measureEnvTicks, type ThroughputOptions } from './throughput.js';
