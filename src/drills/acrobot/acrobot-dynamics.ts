/**
 * Acrobot-v1 as Gymnasium 1.x specifies it (classic_control/acrobot.py,
 * after Sutton & Barto's book, §11.3): two links hanging from a pivot, a
 * torque of −1, 0 or +1 N·m on the joint between them; the goal is to swing
 * the tip above a line one link length over the pivot. Every constant, the
 * "book" dynamics, one classical RK4 step of 0.2 s, the angle wrapping and
 * velocity bounds, the reward (−1 per step, 0 on the step that reaches the
 * goal), the initial state (each variable uniform in ±0.1, rounded to
 * float32 as the reference does) and the 500-step limit are the
 * reference's; the arithmetic is written in its order (test/drills/
 * acrobot.test.ts compares against trajectories recorded from Gymnasium).
 *
 * State: [θ1, θ2 (rad; θ1 = 0 hangs down, θ2 relative to link 1), θ̇1, θ̇2].
 * Observation: [cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2].
 * Actions: 0, 1, 2 apply torque −1, 0, +1.
 */
import type { EnvInfo } from '../../sim/env.js';
import type { Random } from '../../util/random.js';
import { type SingleAgentDynamics, uniform } from '../single-agent-batch.js';

/** Seconds per step (one RK4 step). */
export const DT = 0.2;
export const LINK_LENGTH_1 = 1.0;
export const LINK_LENGTH_2 = 1.0;
export const LINK_MASS_1 = 1.0;
export const LINK_MASS_2 = 1.0;
/** Distance of each link's centre of mass from its joint, m. */
export const LINK_COM_POS_1 = 0.5;
export const LINK_COM_POS_2 = 0.5;
/** Moment of inertia of either link. */
export const LINK_MOI = 1.0;
export const GRAVITY = 9.8;
export const MAX_VEL_1 = 4 * Math.PI;
export const MAX_VEL_2 = 9 * Math.PI;
/** Torque of each action, N·m. */
export const AVAIL_TORQUE = [-1.0, 0.0, +1] as const;
/** Each state variable starts uniform in ±this. */
export const INITIAL_STATE_BOUND = 0.1;
/** The tip must rise above this height over the pivot, m. */
export const GOAL_HEIGHT = 1.0;
export const MAX_EPISODE_STEPS = 500;

/** Indices into an Acrobot state. */
export const AcrobotState = { THETA1: 0, THETA2: 1, DTHETA1: 2, DTHETA2: 3, SIZE: 4 } as const;
export const ACROBOT_OBS_SIZE = 6;

export const ACROBOT_INFO: EnvInfo = Object.freeze({
  id: 'acrobot',
  version: 1,
  obsSize: ACROBOT_OBS_SIZE,
  actionCount: AVAIL_TORQUE.length,
  agents: 1,
  ticksPerDecision: 1,
  tickHz: 1 / DT,
  maxEpisodeSteps: MAX_EPISODE_STEPS,
});

/** RK4 stages: the state, its derivative at four points, and the torque it is driven by. */
const y = new Float64Array(4);
const k1 = new Float64Array(4);
const k2 = new Float64Array(4);
const k3 = new Float64Array(4);
const k4 = new Float64Array(4);

/** The reference's `_dsdt` ("book" variant): ds/dt of state `s` under torque `a`, into `out`. */
function derivatives(s: Float64Array, a: number, out: Float64Array): void {
  const m1 = LINK_MASS_1;
  const m2 = LINK_MASS_2;
  const l1 = LINK_LENGTH_1;
  const lc1 = LINK_COM_POS_1;
  const lc2 = LINK_COM_POS_2;
  const I1 = LINK_MOI;
  const I2 = LINK_MOI;
  const g = GRAVITY;
  const theta1 = s[0]!;
  const theta2 = s[1]!;
  const dtheta1 = s[2]!;
  const dtheta2 = s[3]!;
  const d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * Math.cos(theta2)) + I1 + I2;
  const d2 = m2 * (lc2 * lc2 + l1 * lc2 * Math.cos(theta2)) + I2;
  const phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2.0);
  const phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * Math.sin(theta2)
    - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2)
    + (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2)
    + phi2;
  const ddtheta2 = (a + (d2 / d1) * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * Math.sin(theta2) - phi2) / (m2 * (lc2 * lc2) + I2 - (d2 * d2) / d1);
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  out[0] = dtheta1;
  out[1] = dtheta2;
  out[2] = ddtheta1;
  out[3] = ddtheta2;
}

/** The reference's `wrap`: into [m, M] by whole turns. */
function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  while (x > M) x = x - diff;
  while (x < m) x = x + diff;
  return x;
}

const bound = (x: number, m: number, M: number): number => Math.min(Math.max(x, m), M);

export const ACROBOT_DYNAMICS: SingleAgentDynamics = {
  info: ACROBOT_INFO,
  stateSize: AcrobotState.SIZE,

  initialState(random: Random, state: Float64Array, offset: number): void {
    for (let i = 0; i < AcrobotState.SIZE; i++) state[offset + i] = Math.fround(uniform(random, -INITIAL_STATE_BOUND, INITIAL_STATE_BOUND));
  },

  advance(state: Float64Array, offset: number, action: number): void {
    const torque = AVAIL_TORQUE[action]!;
    const dt = DT;
    const dt2 = dt / 2.0;
    const s0 = state.subarray(offset, offset + AcrobotState.SIZE);
    derivatives(s0, torque, k1);
    for (let i = 0; i < 4; i++) y[i] = s0[i]! + dt2 * k1[i]!;
    derivatives(y, torque, k2);
    for (let i = 0; i < 4; i++) y[i] = s0[i]! + dt2 * k2[i]!;
    derivatives(y, torque, k3);
    for (let i = 0; i < 4; i++) y[i] = s0[i]! + dt * k3[i]!;
    derivatives(y, torque, k4);
    for (let i = 0; i < 4; i++) y[i] = s0[i]! + (dt / 6.0) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
    state[offset] = wrap(y[0]!, -Math.PI, Math.PI);
    state[offset + 1] = wrap(y[1]!, -Math.PI, Math.PI);
    state[offset + 2] = bound(y[2]!, -MAX_VEL_1, MAX_VEL_1);
    state[offset + 3] = bound(y[3]!, -MAX_VEL_2, MAX_VEL_2);
  },

  terminal(state: Float64Array, offset: number): boolean {
    const theta1 = state[offset]!;
    const theta2 = state[offset + 1]!;
    return -Math.cos(theta1) - Math.cos(theta2 + theta1) > GOAL_HEIGHT;
  },

  reward(terminated: boolean): number {
    return terminated ? 0 : -1;
  },

  observe(state: Float64Array, offset: number, obs: Float32Array, obsOffset: number): void {
    const theta1 = state[offset]!;
    const theta2 = state[offset + 1]!;
    obs[obsOffset] = Math.cos(theta1);
    obs[obsOffset + 1] = Math.sin(theta1);
    obs[obsOffset + 2] = Math.cos(theta2);
    obs[obsOffset + 3] = Math.sin(theta2);
    obs[obsOffset + 4] = state[offset + 2]!;
    obs[obsOffset + 5] = state[offset + 3]!;
  },

  /** Swung the tip above the line. */
  succeeded(terminated: boolean): boolean {
    return terminated;
  },
};
