/**
 * CartPole-v1 as Gymnasium 1.x specifies it (classic_control/cartpole.py,
 * after Barto, Sutton & Anderson 1983): a pole hinged on a cart that is
 * pushed left or right with a fixed force. Every constant, the explicit
 * Euler integrator, the thresholds, the reward (+1 per step, the failing
 * step included), the initial-state distribution (each of the four state
 * variables uniform in ±0.05) and the 500-step time limit are the
 * reference's; the arithmetic is written in its order, so a step matches it
 * to the last bits of float64 (test/drills/cartpole.test.ts compares
 * against trajectories recorded from Gymnasium itself).
 *
 * State and observation: [x (m), ẋ (m/s), θ (rad, 0 upright, + leaning
 * toward +x), θ̇ (rad/s)]. Actions: 0 pushes toward −x, 1 toward +x.
 */
import type { EnvInfo } from '../../sim/env.js';
import type { Random } from '../../util/random.js';
import { type SingleAgentDynamics, uniform } from '../single-agent-batch.js';

export const GRAVITY = 9.8;
export const MASS_CART = 1.0;
export const MASS_POLE = 0.1;
export const TOTAL_MASS = MASS_POLE + MASS_CART;
/** Half the pole's length, m (the reference's `length`). */
export const POLE_HALF_LENGTH = 0.5;
export const POLE_MASS_LENGTH = MASS_POLE * POLE_HALF_LENGTH;
export const FORCE_MAG = 10.0;
/** Seconds per step. */
export const TAU = 0.02;
/** |θ| beyond this ends the episode: 12°. */
export const THETA_THRESHOLD = (12 * 2 * Math.PI) / 360;
/** |x| beyond this ends the episode, m. */
export const X_THRESHOLD = 2.4;
/** Each state variable starts uniform in ±this. */
export const INITIAL_STATE_BOUND = 0.05;
export const MAX_EPISODE_STEPS = 500;

/** Indices into a CartPole state (and observation). */
export const CartPoleState = { X: 0, X_DOT: 1, THETA: 2, THETA_DOT: 3, SIZE: 4 } as const;

export const CARTPOLE_INFO: EnvInfo = Object.freeze({
  id: 'cartpole',
  version: 1,
  obsSize: CartPoleState.SIZE,
  actionCount: 2,
  agents: 1,
  ticksPerDecision: 1,
  tickHz: 1 / TAU,
  maxEpisodeSteps: MAX_EPISODE_STEPS,
});

export const CARTPOLE_DYNAMICS: SingleAgentDynamics = {
  info: CARTPOLE_INFO,
  stateSize: CartPoleState.SIZE,

  initialState(random: Random, state: Float64Array, offset: number): void {
    for (let i = 0; i < CartPoleState.SIZE; i++) state[offset + i] = uniform(random, -INITIAL_STATE_BOUND, INITIAL_STATE_BOUND);
  },

  advance(state: Float64Array, offset: number, action: number): void {
    const x = state[offset]!;
    const xDot = state[offset + 1]!;
    const theta = state[offset + 2]!;
    const thetaDot = state[offset + 3]!;
    const force = action === 1 ? FORCE_MAG : -FORCE_MAG;
    const cosTheta = Math.cos(theta);
    const sinTheta = Math.sin(theta);
    const temp = (force + POLE_MASS_LENGTH * (thetaDot * thetaDot) * sinTheta) / TOTAL_MASS;
    const thetaAcc = (GRAVITY * sinTheta - cosTheta * temp) / (POLE_HALF_LENGTH * (4.0 / 3.0 - (MASS_POLE * (cosTheta * cosTheta)) / TOTAL_MASS));
    const xAcc = temp - (POLE_MASS_LENGTH * thetaAcc * cosTheta) / TOTAL_MASS;
    state[offset] = x + TAU * xDot;
    state[offset + 1] = xDot + TAU * xAcc;
    state[offset + 2] = theta + TAU * thetaDot;
    state[offset + 3] = thetaDot + TAU * thetaAcc;
  },

  terminal(state: Float64Array, offset: number): boolean {
    const x = state[offset]!;
    const theta = state[offset + 2]!;
    return x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
  },

  reward(): number {
    return 1;
  },

  observe(state: Float64Array, offset: number, obs: Float32Array, obsOffset: number): void {
    for (let i = 0; i < CartPoleState.SIZE; i++) obs[obsOffset + i] = state[offset + i]!;
  },

  /** Balanced until the time limit. */
  succeeded(terminated: boolean): boolean {
    return !terminated;
  },
};
