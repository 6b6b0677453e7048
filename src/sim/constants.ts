/**
 * Every constant of the soccer drill, in SI units (metres, seconds,
 * kilograms, radians). The world frame has its origin at the centre spot,
 * x along the pitch (the left player defends x = −PITCH_HALF_LENGTH and
 * attacks +x), y across it, and angles counter-clockwise from +x.
 *
 * These values, the time limit and the scripted baselines are frozen:
 * changing any of them changes what a trained policy faces, so it must bump
 * {@link ENV_VERSION} (docs/env.md).
 */

export const ENV_ID = 'soccer';
/** Bumped on any change to the constants, observation, actions, rewards or baselines. */
export const ENV_VERSION = 2;

// ── Time ─────────────────────────────────────────────────────────────────

export const TICK_HZ = 120;
export const DT = 1 / TICK_HZ;
/** Action repeat: one decision (training step) holds its action this many ticks. */
export const TICKS_PER_DECISION = 4;
/** Episode time limit in decisions (30 s of game time); reaching it is a truncation. */
export const MAX_EPISODE_STEPS = 900;
export const TIME_LIMIT_TICKS = MAX_EPISODE_STEPS * TICKS_PER_DECISION;

// ── Pitch ────────────────────────────────────────────────────────────────

/** The pitch is 16 m × 10 m; its side lines and the end lines beside the goals are walls. */
export const PITCH_HALF_LENGTH = 8;
export const PITCH_HALF_WIDTH = 5;
/** A 3.5 m goal mouth: an opening in each end line whose corners are the posts. */
export const GOAL_HALF_WIDTH = 1.75;
/**
 * The goal box behind each mouth. A goal is scored as soon as the whole ball
 * is over the line, so the depth only has to exceed a ball diameter plus one
 * tick of travel for the back wall never to be reached first.
 */
export const GOAL_DEPTH = 1;

// ── Ball ─────────────────────────────────────────────────────────────────

export const BALL_RADIUS = 0.25;
export const BALL_MASS = 0.5;
/** Rolling resistance: the ball's speed decays by this fraction per second (exponentially). */
export const BALL_DAMPING_PER_S = 0.6;
/**
 * Hard speed clamp. One tick of travel (14/120 ≈ 0.12 m) stays under the
 * radius, so a resolved ball can never pass a wall or a post between ticks.
 */
export const BALL_MAX_SPEED = 14;
export const BALL_WALL_RESTITUTION = 0.75;
/** Fraction of the tangential velocity a wall or post contact takes away. */
export const BALL_WALL_FRICTION = 0.05;
export const BALL_PLAYER_RESTITUTION = 0.5;

// ── Players ──────────────────────────────────────────────────────────────

/** A player is a box 0.6 m deep (along its heading) and 1.1 m wide. */
export const PLAYER_HALF_DEPTH = 0.3;
export const PLAYER_HALF_WIDTH = 0.55;
/** Radius of the circle around a player's box: a cheap early-out for contacts. */
export const PLAYER_BOUNDING_RADIUS = Math.hypot(PLAYER_HALF_DEPTH, PLAYER_HALF_WIDTH);
export const PLAYER_MASS = 5;
export const PLAYER_FORWARD_SPEED = 4;
export const PLAYER_BACK_SPEED = 2.5;
export const PLAYER_STRAFE_SPEED = 3;
/** Limit on the change of velocity toward the target velocity. */
export const PLAYER_ACCELERATION = 14;
export const PLAYER_TURN_RATE = 4;
export const PLAYER_ANGULAR_ACCELERATION = 40;
/** A dash adds this speed along the heading, up to {@link PLAYER_MAX_SPEED}. */
export const DASH_SPEED = 3.5;
/** 1.5 s; a multiple of TICKS_PER_DECISION, so a dash is free again exactly at a decision. */
export const DASH_COOLDOWN_TICKS = 180;
/** Hard speed clamp (a dash on top of a full-speed run). */
export const PLAYER_MAX_SPEED = 7.5;
export const PLAYER_PLAYER_RESTITUTION = 0.2;

// ── Derived per-tick factors ─────────────────────────────────────────────

export const BALL_DAMPING_PER_TICK = Math.exp(-BALL_DAMPING_PER_S * DT);
export const PLAYER_DV_PER_TICK = PLAYER_ACCELERATION * DT;
export const PLAYER_DW_PER_TICK = PLAYER_ANGULAR_ACCELERATION * DT;

// ── Kickoff randomisation (each player in its own attacking frame) ───────

export const KICKOFF_BALL_HALF_X = 1;
export const KICKOFF_BALL_HALF_Y = 2.5;
export const KICKOFF_BALL_MAX_SPEED = 1.5;
/** A player starts in its own half, this far behind the centre line at least and at most. */
export const KICKOFF_PLAYER_MIN_DEPTH = 3;
export const KICKOFF_PLAYER_MAX_DEPTH = 7;
export const KICKOFF_PLAYER_HALF_Y = 4;
/** A player starts facing the opponent's goal within ± this angle. */
export const KICKOFF_PLAYER_MAX_ANGLE = Math.PI / 2;

// ── Reward shaping ───────────────────────────────────────────────────────

/**
 * Φ = scale · (d(ball, own goal) − d(ball, opponent goal)
 *              − PROXIMITY_WEIGHT · d(player, ball)) / PITCH_LENGTH.
 * The first part rewards moving the ball toward the opponent's goal; the
 * second, drawing near the ball (an untrained player rarely touches it).
 *
 * Version 2 raised the weight from 0.5 and the scale from 0.2: with those,
 * PPO found ball control within minutes only for some seeds, and for others
 * settled on blocking (docs/training.md has the measurements).
 */
export const SHAPING_PROXIMITY_WEIGHT = 2;
export const DEFAULT_SHAPING_SCALE = 2;
export const DEFAULT_GAMMA = 0.99;

// ── Observation scaling (fixed, decision 3 in docs/architecture.md) ──────────────────────────

/** Distances are divided by this (half the pitch length), so positions on the pitch lie in about [−2, 2]. */
export const OBS_DISTANCE_SCALE = PITCH_HALF_LENGTH;
/** Speeds are divided by this; a player's fastest dash is about 0.94 of it, the ball's clamp 1.75. */
export const OBS_SPEED_SCALE = 8;
